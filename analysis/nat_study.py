#!/usr/bin/python3
"""NAT mapping-timeout study: how often replies get back through a PAT box.

The example program ``examples/nat-mapping-timeout`` puts N hosts behind a
PAT box; each sends a UDP request every ``--interval`` seconds to an outside
server that answers after ``--replyDelay`` seconds, and the NAT forgets a
UDP mapping after ``--natTimeout`` seconds without outbound traffic.  Each
run appends one row to ``nat-mapping-timeout.csv`` (see CSV_COLUMNS).

Sub-commands::

    nat_study.py plot --table T.csv --out DIR [--where hosts=20 ...]
        heat map of the mean reply delivery ratio over send interval x NAT
        timeout, and delivery ratio against interval / timeout, as PNG + PDF
    nat_study.py demo --binary PATH --out DIR [--jobs N]
        reduced sweep (DEMO_GRID, DEMO_FIXED) into DIR/nat-study/, table
        DIR/nat-mapping-timeout.csv, plots in DIR/, and one run with pcap
        capture into DIR/nat-example/

The sweep machinery is sweep.py's; this file only knows the NAT study.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter  # noqa: E402

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import study_common  # noqa: E402
import sweep  # noqa: E402
from study_common import (filter_rows, mean as _mean,  # noqa: E402,F401
                          normal as _normal, num_label as _num,
                          parse_where as _parse_where, save_figure as _save)

CSV_NAME = "nat-mapping-timeout.csv"

#: Columns of the example's CSV as specified for this study, in order.  The
#: code reads columns by name and needs only PLOT_COLUMNS and CONFIG_COLUMNS,
#: so a table with more (the example also writes reply_delay_dist and
#: port_preservation) or fewer counters is fine.
CSV_COLUMNS = (
    "hosts,nat_timeout_s,interval_s,reply_delay_s,duration_s,mapping,filtering,"
    "port_allocation,seed,run,requests_sent,requests_received,replies_sent,"
    "replies_delivered,delivery_ratio,drop_no_mapping,drop_filtered,"
    "drop_pool_exhausted,drop_ports_exhausted,drop_unsupported_protocol,"
    "drop_ttl,drop_hairpin_disabled,drop_fragment,drop_truncated,"
    "drop_esp_conflict,mappings_created,mappings_expired,wall_s"
).split(",")

#: Columns the plots read.
PLOT_COLUMNS = ("interval_s", "nat_timeout_s", "delivery_ratio")

#: Columns that describe one scenario apart from the two plotted axes; a
#: plot needs a single value of each (seed and run are averaged over).
CONFIG_COLUMNS = ("hosts", "reply_delay_s", "duration_s", "mapping",
                  "filtering", "port_allocation")

#: Scenario columns checked like CONFIG_COLUMNS when the table has them.
OPTIONAL_CONFIG_COLUMNS = ("reply_delay_dist", "port_preservation")

#: The demo's swept flags: send interval (s) x NAT UDP mapping timeout (s).
DEMO_GRID = {"interval": [5, 10, 20, 40, 80], "natTimeout": [10, 30, 60, 120]}

#: The demo's fixed flags (times in s).
DEMO_FIXED = {"hosts": 20, "replyDelay": 60, "replyDelayDist": "exponential",
              "duration": 1800, "mapping": "eim",
              "filtering": "apdf", "seed": 1, "pcap": 0}

#: The demo's packet-capture run: one point of the study (interval longer
#: than the timeout, so mappings expire between requests) with --pcap=1.
EXAMPLE_POINT = {"interval": 40, "natTimeout": 30}

HEATMAP_NAME = "nat-delivery-heatmap"
RATIO_NAME = "nat-delivery-vs-ratio"


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def load_table(path: Path | str) -> List[Dict[str, str]]:
    """Rows of a nat-mapping-timeout CSV as dicts of strings.

    Raises ValueError if a column the plots need is missing."""
    return study_common.load_table(path, [*PLOT_COLUMNS, *CONFIG_COLUMNS])


def scenario(rows: Sequence[Mapping[str, str]]) -> Dict[str, str]:
    """The single value of each CONFIG_COLUMNS column in ``rows`` (and of
    each OPTIONAL_CONFIG_COLUMNS column they have).

    Raises ValueError naming the column if rows mix several scenarios, so
    that the caller selects one (``--where``) instead of averaging them."""
    if not rows:
        raise ValueError("no rows to plot")
    columns = list(CONFIG_COLUMNS)
    columns += [c for c in OPTIONAL_CONFIG_COLUMNS if c in rows[0]]
    config = {}
    for column in columns:
        by_value: Dict[object, str] = {}
        for row in rows:
            by_value.setdefault(_normal(row[column]), row[column])
        distinct = sorted(by_value.values(), key=sweep.value_sort_key)
        if len(distinct) > 1:
            raise ValueError(
                f"the table mixes {column} = {', '.join(distinct)}; select one, "
                f"e.g. --where {column}={distinct[0]}")
        config[column] = distinct[0]
    return config


@dataclass
class DeliveryGrid:
    """Mean reply delivery ratio on the send-interval x NAT-timeout grid.

    ``values[t][i]`` is the mean over seeds/runs for ``timeouts[t]`` and
    ``intervals[i]`` (both in seconds, ascending); NaN where no run has a
    defined ratio.  ``counts[t][i]`` is how many rows were averaged."""

    intervals: List[float]
    timeouts: List[float]
    values: List[List[float]]
    counts: List[List[int]]


def _ratio(row: Mapping[str, str]) -> float:
    try:
        return float(row["delivery_ratio"])
    except ValueError:
        return math.nan


def delivery_grid(rows: Sequence[Mapping[str, str]]) -> DeliveryGrid:
    """Average delivery_ratio per (nat_timeout_s, interval_s) cell.

    Rows whose ratio is not a number (no reply sent) are left out."""
    cells: Dict[Tuple[float, float], List[float]] = defaultdict(list)
    intervals, timeouts = set(), set()
    for row in rows:
        timeout, interval = float(row["nat_timeout_s"]), float(row["interval_s"])
        intervals.add(interval)
        timeouts.add(timeout)
        ratio = _ratio(row)
        if not math.isnan(ratio):
            cells[timeout, interval].append(ratio)
    intervals, timeouts = sorted(intervals), sorted(timeouts)
    values = [[_mean(cells.get((t, i), [])) for i in intervals] for t in timeouts]
    counts = [[len(cells.get((t, i), [])) for i in intervals] for t in timeouts]
    return DeliveryGrid(intervals, timeouts, values, counts)


def delivery_matrix(rows: Sequence[Mapping[str, str]]) -> List[List[float]]:
    """The heat map's matrix: rows = NAT timeouts, columns = send intervals,
    both ascending (see delivery_grid)."""
    return delivery_grid(rows).values


def ratio_series(grid: DeliveryGrid) -> Dict[float, List[Tuple[float, float]]]:
    """For each NAT timeout, ``(interval / timeout, mean delivery ratio)``
    points in ascending ratio, leaving out empty cells."""
    series = {}
    for t, timeout in enumerate(grid.timeouts):
        points = [(interval / timeout, grid.values[t][i])
                  for i, interval in enumerate(grid.intervals)
                  if not math.isnan(grid.values[t][i])]
        series[timeout] = sorted(points)
    return series


# --------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------


def _fraction_label(value: float, _position=None) -> str:
    """Tick label of a power of two: 1/4, 1/2, 1, 2, 4, ..."""
    if value >= 1 or value <= 0:
        return f"{value:g}"
    return f"1/{1 / value:g}"


def _title(headline: str, config: Mapping[str, str]) -> str:
    delay = f"{_num(config['reply_delay_s'])} s"
    if "reply_delay_dist" in config:
        delay = f"{config['reply_delay_dist']} {delay}"
    return (f"{headline}\n{_num(config['hosts'])} hosts, reply delay "
            f"{delay}, {config['mapping'].upper()} "
            f"mapping, {config['filtering'].upper()} filtering, "
            f"{_num(config['duration_s'])} s simulated")


def plot_heatmap(grid: DeliveryGrid, config: Mapping[str, str],
                 out_dir: Path) -> List[Path]:
    """Heat map of the mean delivery ratio, send interval (x) against NAT
    timeout (y), values written in the cells; returns the files written."""
    figure = Figure(figsize=(7, 5))
    axes = figure.add_subplot()
    image = study_common.draw_ratio_heatmap(axes, grid.values,
                                            [_num(v) for v in grid.intervals],
                                            [_num(v) for v in grid.timeouts])
    axes.set_xlabel("request send interval (s)")
    axes.set_ylabel("NAT UDP mapping timeout (s)")
    figure.colorbar(image, ax=axes, label="reply delivery ratio")
    axes.set_title(_title("Reply delivery through the NAT", config), fontsize=10)
    return _save(figure, out_dir, HEATMAP_NAME)


def plot_vs_ratio(grid: DeliveryGrid, config: Mapping[str, str],
                  out_dir: Path) -> List[Path]:
    """Delivery ratio against send interval / NAT timeout, one line per
    timeout (log x axis); returns the files written."""
    figure = Figure(figsize=(7, 4.5))
    axes = figure.add_subplot()
    styles = itertools.cycle([("o", "-", 9), ("s", "--", 7), ("^", "-.", 6),
                              ("D", ":", 4)])
    for (timeout, points), (marker, line, size) in zip(ratio_series(grid).items(),
                                                       styles):
        if points:   # markers shrink so that coinciding points stay visible
            xs, ys = zip(*points)
            axes.plot(xs, ys, marker=marker, linestyle=line, markersize=size,
                      label=f"NAT timeout {_num(timeout)} s")
    axes.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    axes.annotate("interval = timeout", xy=(1.0, 0.7),
                  xycoords=("data", "axes fraction"), xytext=(4, 0),
                  textcoords="offset points", rotation=90, color="grey",
                  ha="left", va="center")
    axes.set_xscale("log", base=2)
    axes.xaxis.set_major_formatter(FuncFormatter(_fraction_label))
    axes.set_ylim(-0.05, 1.05)
    axes.set_xlabel("keepalive-like send interval / NAT timeout")
    axes.set_ylabel("reply delivery ratio")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8)
    axes.set_title(_title("Reply delivery vs send interval / NAT timeout", config),
                   fontsize=10)
    return _save(figure, out_dir, RATIO_NAME)


def make_plots(table: Path | str, out_dir: Path | str,
               where: Optional[Mapping[str, str]] = None) -> List[Path]:
    """Both plots of ``table`` (rows selected by ``where``) into
    ``out_dir``, as PNG and PDF; returns the files written."""
    rows = filter_rows(load_table(table), where or {})
    config = scenario(rows)
    grid = delivery_grid(rows)
    out_dir = Path(out_dir)
    return plot_heatmap(grid, config, out_dir) + plot_vs_ratio(grid, config, out_dir)


# --------------------------------------------------------------------------
# Demo
# --------------------------------------------------------------------------


@dataclass
class DemoOutputs:
    """Where the demo put things."""

    table: Path
    plots: List[Path]
    runs: Path
    example: Path


def demo(binary: Path | str, out_dir: Path | str, jobs: Optional[int] = None,
         stream=None, grid: Mapping[str, Sequence[object]] = DEMO_GRID,
         fixed: Mapping[str, object] = DEMO_FIXED) -> DemoOutputs:
    """Run the reduced study and the capture run, gather, plot.

    ``grid`` and ``fixed`` are the swept and fixed flags (the demo's by
    default); the capture run is EXAMPLE_POINT with ``fixed`` and --pcap=1.
    Progress goes to ``stream`` (default stderr).  Raises RuntimeError
    (listing the logs) if a run fails."""
    stream = stream if stream is not None else sys.stderr
    out_dir = Path(out_dir)
    points = sweep.expand_grid(grid, fixed)
    study_dir = out_dir / "nat-study"
    stream.write(f"[demo] sweep: {len(points)} points (interval x natTimeout) "
                 f"into {study_dir}/runs/\n")
    result = sweep.run_sweep(binary, points, study_dir, CSV_NAME, jobs=jobs,
                             stream=stream)
    if result.failures:
        raise RuntimeError("runs failed:\n" + "\n".join(f"  {f}" for f in result.failures))
    gathered = sweep.gather(study_dir, CSV_NAME, points, dest=out_dir / CSV_NAME)
    stream.write(f"[demo] gathered {len(gathered.rows)} rows into {gathered.path}\n")
    plots = make_plots(gathered.path, out_dir)
    stream.write(f"[demo] plotted {len(plots)} files into {out_dir}/\n")
    example_dir = out_dir / "nat-example"
    stream.write(f"[demo] capture run ({_describe(EXAMPLE_POINT)}, --pcap=1) "
                 f"into {example_dir}/\n")
    failure = sweep.run_point(binary, {**EXAMPLE_POINT, **fixed, "pcap": 1},
                              example_dir, CSV_NAME)
    if failure is not None:
        raise RuntimeError(f"capture run failed: {failure}")
    return DemoOutputs(gathered.path, plots, study_dir / sweep.RUNS_DIR, example_dir)


def _describe(params: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def _print_outputs(outputs: DemoOutputs) -> None:
    print("NAT mapping-timeout study:")
    print(f"  table:       {outputs.table}")
    for path in outputs.plots:
        print(f"  plot:        {path}")
    print(f"  run logs:    {outputs.runs}/<point>/log.txt")
    print(f"  capture run: {outputs.example}/")
    for path in sorted(outputs.example.glob("*.pcap")):
        print(f"    {path.name}")


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser (``plot`` and ``demo``)."""
    parser = argparse.ArgumentParser(
        description="NAT mapping-timeout study: reply delivery through a PAT "
                    "box against send interval and NAT UDP mapping timeout.")
    commands = parser.add_subparsers(dest="command", required=True)

    plot = commands.add_parser("plot", help="plot a gathered table")
    plot.add_argument("--table", required=True,
                      help=f"gathered {CSV_NAME} (one row per run)")
    plot.add_argument("--out", required=True,
                      help=f"folder for {HEATMAP_NAME}.png/.pdf and "
                           f"{RATIO_NAME}.png/.pdf")
    plot.add_argument("--where", action="append", type=_parse_where, default=[],
                      metavar="COLUMN=VALUE",
                      help="keep only rows with this value, e.g. hosts=20 or "
                           "reply_delay_s=1 (seconds); needed when the table "
                           "mixes scenarios; repeatable")

    run = commands.add_parser(
        "demo", help="run the reduced study (20 runs + 1 capture run) and plot")
    run.add_argument("--binary", required=True,
                     help="the built nat-mapping-timeout example program")
    run.add_argument("--out", required=True,
                     help="results folder (nat-study/, nat-example/, the table "
                          "and the plots go there)")
    run.add_argument("--jobs", type=int, default=None,
                     help="runs at once (default: number of CPUs)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "plot":
            for path in make_plots(args.table, args.out, dict(args.where)):
                print(path)
            return 0
        if not Path(args.binary).is_file():
            sys.stderr.write(f"error: no program at {args.binary} "
                             "(build it first: make build)\n")
            return 2
        _print_outputs(demo(args.binary, args.out, args.jobs))
        return 0
    except (ValueError, OSError, RuntimeError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
