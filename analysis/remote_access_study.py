#!/usr/bin/python3
"""Remote-access study: many IPsec peers behind NAT boxes and one hub.

The example program ``examples/ipsec-nat-remote-access`` puts ``--peers``
IPsec peers behind ``--nats`` PAT boxes; each peer keeps an IKEv1/NAT-T
tunnel to a hub, and the hub sends one UDP datagram to each connected peer
every ``--hubInterval`` seconds.  Every run writes into its ``--outDir``:

* ``summary.csv``    one row per run (SUMMARY_COLUMNS, then ``drop_*``
  counters),
* ``timeseries.csv`` one row per sampling interval (TIMESERIES_COLUMNS),
* ``peers.csv``      one row per peer (PEERS_COLUMNS).

sweep.py's ``gather`` concatenates each file over a sweep's runs; the rows
already carry their parameters.  Plots (PNG + PDF, one function each)::

    ra-delivery-heatmap    hub-to-peer delivery, keepalive x NAT timeout
    ra-keepalive-bandwidth keepalive bytes/s (total and per peer) vs interval
    ra-cpu-vs-peers        hub CPU (mean, p95) vs peers, per CPU profile
    ra-recovery            time to recover after a NAT reboot vs keepalive,
                           per DPD interval
    ra-setup-cdf           CDF of tunnel setup time, per WAN loss
    ra-timeseries          one run: hub CPU, tunnels up, delivery over time

Sub-commands::

    remote_access_study.py plot keepalive-timeout --table summary.csv --out DIR
    remote_access_study.py plot cpu-vs-peers --table summary.csv --out DIR
    remote_access_study.py plot recovery --table summary.csv --out DIR
    remote_access_study.py plot setup-cdf --table peers.csv [--summary S] --out DIR
    remote_access_study.py plot timeseries --table timeseries.csv [--summary S] --out DIR
        (each takes --where COLUMN=VALUE to select one scenario)
    remote_access_study.py sweep {keepalive-timeout,cpu-vs-peers,recovery,setup-cdf}
        --binary PATH --out DIR [--jobs N]
        one study's sweep into DIR/<study>/, gathered tables there, plots in DIR
    remote_access_study.py demo --binary PATH --out DIR [--jobs N]
        the keepalive-timeout and cpu-vs-peers sweeps (reduced grids), their
        plots and the time series of one run, all in DIR

The sweep machinery is sweep.py's; this file only knows the remote-access
study.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import (Callable, Dict, IO, List, Mapping, Optional, Sequence,
                    Tuple)

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter, PercentFormatter  # noqa: E402

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import sweep  # noqa: E402
from study_common import (FORMATS, filter_rows, load_table,  # noqa: E402,F401
                          mean as _mean, number, normal as _normal, num_label as _num,
                          parse_where as _parse_where, save_figure as _save,
                          draw_ratio_heatmap)

SUMMARY_CSV = "summary.csv"
TIMESERIES_CSV = "timeseries.csv"
PEERS_CSV = "peers.csv"

#: Columns of summary.csv in the program's order; ``drop_*`` counters follow.
SUMMARY_COLUMNS = (
    "peers,nats,keepalive_s,nat_timeout,dpd_s,cpu_profile,hub_cores,duration_s,"
    "seed,run,hub_interval_s,peer_traffic,loss,wan_delay_ms,reboot_at_s,"
    "keepalive_counts_received,tunnels_established,tunnels_up_end,"
    "setup_median_s,setup_p95_s,setup_max_s,hub_to_peer_sent,"
    "hub_to_peer_delivered,hub_to_peer_delivery,peer_to_hub_sent,"
    "peer_to_hub_delivered,peer_to_hub_delivery,keepalives_sent,"
    "keepalive_bytes_per_s,dpd_bytes_per_s,ike_bytes_per_s,hub_cpu_mean,"
    "hub_cpu_p95,hub_cpu_max,recovered_peers,recovery_median_s,recovery_p95_s"
).split(",")

#: Columns of timeseries.csv.
TIMESERIES_COLUMNS = ("time_s", "hub_cpu_utilisation", "tunnels_up",
                      "hub_to_peer_sent", "hub_to_peer_delivered",
                      "hub_to_peer_delivery")

#: Columns of peers.csv.
PEERS_COLUMNS = ("loss", "keepalive_s", "nat_timeout", "dpd_s", "peer", "nat",
                 "peer_nat_timeout_s", "setup_s", "recovery_s",
                 "hub_to_peer_sent", "hub_to_peer_delivered")

#: summary.csv columns that describe a scenario (seed and run are averaged
#: over).  A plot needs one value of each column that is not one of its axes
#: or series; scenario() checks that, and titles state them.
SCENARIO_COLUMNS = ("peers", "nats", "keepalive_s", "nat_timeout", "dpd_s",
                    "cpu_profile", "hub_cores", "duration_s", "hub_interval_s",
                    "peer_traffic", "loss", "wan_delay_ms", "reboot_at_s")

#: Scenario columns of peers.csv.
PEERS_SCENARIO_COLUMNS = ("keepalive_s", "nat_timeout", "dpd_s", "loss")

#: IP-level size of one NAT-T keepalive (20 B IPv4 + 8 B UDP + the 0xFF
#: byte, RFC 3948 section 2.3), for the reference line of the bandwidth plot.
KEEPALIVE_IP_BYTES = 29

HEATMAP_NAME = "ra-delivery-heatmap"
BANDWIDTH_NAME = "ra-keepalive-bandwidth"
CPU_NAME = "ra-cpu-vs-peers"
RECOVERY_NAME = "ra-recovery"
SETUP_CDF_NAME = "ra-setup-cdf"
TIMESERIES_NAME = "ra-timeseries"

# --- the studies' sweeps (flags of the C++ program; times in s) -----------

#: keepalive interval x NAT mapping timeout.
KEEPALIVE_TIMEOUT_GRID = {"keepalive": [10, 20, 40, 80], "natTimeout": [30, 60, 120]}
KEEPALIVE_TIMEOUT_FIXED = {"peers": 200, "nats": 20, "duration": 600,
                           "hubInterval": 30, "peerTraffic": "idle",
                           "cpuProfile": "software-x86", "seed": 1}

#: peers x keepalive interval x hub CPU profile; --nats follows --peers.
CPU_GRID = {"peers": [250, 500, 1000, 2000], "keepalive": [10, 20, 60],
            "cpuProfile": ["software-x86", "hardware-crypto-engine"]}
CPU_FIXED = {"duration": 300, "natTimeout": 60, "hubInterval": 30,
             "peerTraffic": "idle", "seed": 1}
#: Peers per NAT box in the CPU sweep: --nats = --peers / PEERS_PER_NAT.
PEERS_PER_NAT = 10

#: keepalive interval x DPD interval, every NAT reboots at 300 s.
RECOVERY_GRID = {"keepalive": [10, 20, 60], "dpd": [0, 10, 30]}
RECOVERY_FIXED = {"peers": 200, "nats": 20, "natTimeout": 60, "rebootAt": 300,
                  "duration": 900, "hubInterval": 30, "peerTraffic": "idle",
                  "cpuProfile": "software-x86", "seed": 1}

#: WAN loss probability.
SETUP_GRID = {"loss": [0, 0.01, 0.05, 0.1]}
SETUP_FIXED = {"peers": 500, "nats": 50, "keepalive": 20, "natTimeout": 60,
               "duration": 300, "hubInterval": 30, "peerTraffic": "idle",
               "cpuProfile": "software-x86", "seed": 1}

#: The keepalive-timeout point whose time series the demo plots: keepalives
#: slower than the NAT timeout, so mappings expire and delivery drops.
TIMESERIES_POINT = {"keepalive": 40, "natTimeout": 30}


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def scenario(rows: Sequence[Mapping[str, str]], vary: Sequence[str] = (),
             columns: Sequence[str] = SCENARIO_COLUMNS) -> Dict[str, str]:
    """The single value of each of ``columns`` that the rows have, except
    those in ``vary`` (a plot's axes and series).

    Raises ValueError naming the column if the rows mix several values of
    one, so that the caller selects one (``--where``) instead of averaging
    different scenarios together."""
    if not rows:
        raise ValueError("no rows to plot")
    config = {}
    for column in columns:
        if column in vary or column not in rows[0]:
            continue
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


def mean_by(rows: Sequence[Mapping[str, str]], keys: Sequence[str],
            column: str) -> Dict[Tuple[object, ...], Tuple[float, int]]:
    """Mean of ``column`` per distinct value of ``keys``: maps the key tuple
    (numbers as floats, other text as is) to ``(mean, count)``.  Empty or
    non-numeric cells are left out; a key whose cells are all empty maps to
    ``(nan, 0)``."""
    cells: Dict[Tuple[object, ...], List[float]] = {}
    for row in rows:
        key = tuple(_normal(row[k]) for k in keys)
        values = cells.setdefault(key, [])
        value = number(row[column])
        if not math.isnan(value):
            values.append(value)
    return {key: (_mean(values), len(values)) for key, values in cells.items()}


def _sorted_keys(values) -> List[object]:
    return sorted(set(values), key=lambda v: sweep.value_sort_key(str(v)))


# --------------------------------------------------------------------------
# Aggregations, one per plot
# --------------------------------------------------------------------------


@dataclass
class DeliveryGrid:
    """Mean hub-to-peer delivery on the keepalive x NAT-timeout grid.

    ``values[k][t]`` is the mean over seeds/runs for ``keepalives[k]`` (s,
    ascending, 0 = off) and ``timeouts[t]`` (s as a float, or a distribution
    spec as text; numbers first, ascending); NaN where no run sent anything.
    ``counts[k][t]`` is how many runs were averaged."""

    keepalives: List[float]
    timeouts: List[object]
    values: List[List[float]]
    counts: List[List[int]]


def delivery_grid(rows: Sequence[Mapping[str, str]]) -> DeliveryGrid:
    """Average hub_to_peer_delivery per (keepalive_s, nat_timeout) cell;
    empty delivery cells (nothing sent) are left out of the means."""
    means = mean_by(rows, ("keepalive_s", "nat_timeout"), "hub_to_peer_delivery")
    keepalives = _sorted_keys(k for k, _ in means)
    timeouts = _sorted_keys(t for _, t in means)
    values = [[means.get((k, t), (math.nan, 0))[0] for t in timeouts]
              for k in keepalives]
    counts = [[means.get((k, t), (math.nan, 0))[1] for t in timeouts]
              for k in keepalives]
    return DeliveryGrid(keepalives, timeouts, values, counts)


@dataclass
class BandwidthPoint:
    """Mean keepalive bandwidth at one keepalive interval and NAT timeout."""

    keepalive_s: float
    nat_timeout: object
    bytes_per_s: float
    per_peer_bytes_per_s: float


def keepalive_bandwidth(rows: Sequence[Mapping[str, str]]) -> List[BandwidthPoint]:
    """keepalive_bytes_per_s (all peers and the hub) and the same divided by
    the run's peers, averaged over runs per (keepalive_s, nat_timeout),
    sorted by timeout then keepalive."""
    totals: Dict[Tuple[object, object], List[float]] = defaultdict(list)
    per_peer: Dict[Tuple[object, object], List[float]] = defaultdict(list)
    for row in rows:
        value, peers = number(row["keepalive_bytes_per_s"]), number(row["peers"])
        if math.isnan(value):
            continue
        key = (_normal(row["keepalive_s"]), _normal(row["nat_timeout"]))
        totals[key].append(value)
        if peers > 0:
            per_peer[key].append(value / peers)
    order = sorted(totals, key=lambda k: (sweep.value_sort_key(str(k[1])),
                                          sweep.value_sort_key(str(k[0]))))
    return [BandwidthPoint(k[0], k[1], _mean(totals[k]), _mean(per_peer[k]))
            for k in order]


@dataclass
class CpuPoint:
    """Mean hub CPU utilisation (fractions) at one number of peers."""

    peers: float
    nats: float
    mean: float
    p95: float
    runs: int


def cpu_series(rows: Sequence[Mapping[str, str]]
               ) -> Dict[object, Dict[float, List[CpuPoint]]]:
    """``{cpu_profile: {keepalive_s: [CpuPoint by ascending peers]}}`` with
    hub_cpu_mean and hub_cpu_p95 averaged over runs."""
    keys = ("cpu_profile", "keepalive_s", "peers")
    # The steady-state mean (after the start window's handshakes) when the
    # program wrote it: that is where the keepalive interval shows.
    steady = bool(rows) and "hub_cpu_steady" in rows[0]
    means = mean_by(rows, keys, "hub_cpu_steady" if steady else "hub_cpu_mean")
    p95s = mean_by(rows, keys, "hub_cpu_p95")
    nats = mean_by(rows, keys, "nats")
    series: Dict[object, Dict[float, List[CpuPoint]]] = {}
    for key in sorted(means, key=lambda k: tuple(sweep.value_sort_key(str(v))
                                                 for v in k)):
        profile, keepalive, peers = key
        series.setdefault(profile, {}).setdefault(keepalive, []).append(
            CpuPoint(peers, nats[key][0], means[key][0], p95s[key][0],
                     means[key][1]))
    return series


@dataclass
class RecoveryPoint:
    """Means over runs at one keepalive interval and DPD interval."""

    keepalive_s: float
    dpd_s: float
    median_s: float           # NaN if no run had a peer recover
    p95_s: float
    recovered_peers: float
    peers: float
    delivery: float           # hub-to-peer delivery over the whole run
    runs: int


def recovery_series(rows: Sequence[Mapping[str, str]]
                    ) -> Dict[float, List[RecoveryPoint]]:
    """``{dpd_s: [RecoveryPoint by ascending keepalive_s]}``; recovery
    times are averaged over the runs that have them."""
    keys = ("dpd_s", "keepalive_s")
    tables = {c: mean_by(rows, keys, c) for c in
              ("recovery_median_s", "recovery_p95_s", "recovered_peers",
               "peers", "hub_to_peer_delivery")}
    series: Dict[float, List[RecoveryPoint]] = {}
    for key in sorted(tables["peers"], key=lambda k: tuple(
            sweep.value_sort_key(str(v)) for v in k)):
        dpd, keepalive = key
        series.setdefault(dpd, []).append(RecoveryPoint(
            keepalive, dpd, tables["recovery_median_s"][key][0],
            tables["recovery_p95_s"][key][0], tables["recovered_peers"][key][0],
            tables["peers"][key][0], tables["hub_to_peer_delivery"][key][0],
            tables["peers"][key][1]))
    return series


@dataclass
class SetupCdf:
    """Empirical CDF of tunnel setup times at one WAN loss probability.

    ``times`` are the setup times (s) of the peers whose tunnel came up,
    ascending; ``fractions[i]`` = (i + 1) / total, so the curve ends at
    up / total (< 1 when some tunnels never came up)."""

    loss: float
    times: List[float]
    fractions: List[float]
    total: int

    @property
    def up(self) -> int:
        """Peers whose tunnel came up."""
        return len(self.times)

    @property
    def up_fraction(self) -> float:
        return self.up / self.total if self.total else math.nan


def ecdf(values: Sequence[float], total: Optional[int] = None
         ) -> Tuple[List[float], List[float]]:
    """Sorted ``values`` and their cumulative fractions of ``total``
    (default ``len(values)``): the i-th smallest value gets (i + 1) / total.
    NaN values are dropped but still count in the default total."""
    total = len(values) if total is None else total
    xs = sorted(v for v in values if not math.isnan(v))
    if total < len(xs):
        raise ValueError(f"total {total} < {len(xs)} values")
    return xs, [(i + 1) / total for i in range(len(xs))]


def setup_cdfs(peer_rows: Sequence[Mapping[str, str]]) -> List[SetupCdf]:
    """One SetupCdf per loss value (ascending) over every peer row of that
    loss (all runs pooled); an empty setup_s means the tunnel never came
    up."""
    by_loss: Dict[float, List[float]] = defaultdict(list)
    for row in peer_rows:
        by_loss[number(row["loss"])].append(number(row["setup_s"]))
    cdfs = []
    for loss in sorted(by_loss):
        xs, ys = ecdf(by_loss[loss])
        cdfs.append(SetupCdf(loss, xs, ys, len(by_loss[loss])))
    return cdfs


@dataclass
class TimeSeries:
    """One run's timeseries.csv as columns (delivery NaN where nothing was
    sent in the interval)."""

    time_s: List[float]
    cpu: List[float]
    tunnels_up: List[float]
    sent: List[float]
    delivery: List[float]

    @property
    def interval_s(self) -> float:
        """The sampling interval (the most common gap between rows)."""
        gaps = [round(b - a, 9) for a, b in zip(self.time_s, self.time_s[1:])]
        return max(set(gaps), key=gaps.count) if gaps else math.nan


def load_timeseries(path: Path | str) -> TimeSeries:
    rows = load_table(path, TIMESERIES_COLUMNS)
    if not rows:
        raise ValueError(f"{path} has no rows")
    column = lambda name: [number(r[name]) for r in rows]  # noqa: E731
    return TimeSeries(column("time_s"), column("hub_cpu_utilisation"),
                      column("tunnels_up"), column("hub_to_peer_sent"),
                      column("hub_to_peer_delivery"))


# --------------------------------------------------------------------------
# Plot helpers
# --------------------------------------------------------------------------


def _percent(fraction: float) -> str:
    return f"{100 * fraction:g}%"


def _interval_label(value: object, off: str = "off") -> str:
    return off if number(value) == 0 else f"{_num(value)} s"


def _tick(value: object) -> str:
    """Tick label of an interval in seconds: the number, or 'off' for 0."""
    return "off" if number(value) == 0 else _num(value)


def _profile_label(profile: object) -> str:
    """A CPU profile name; a profile file is shown by its file name."""
    text = str(profile)
    return Path(text).name if "/" in text else text


def describe(config: Mapping[str, str]) -> List[str]:
    """Phrases stating a scenario (see scenario()), in a fixed order."""
    parts = []
    if "peers" in config:
        text = f"{_num(config['peers'])} peers"
        if "nats" in config:
            text += f" behind {_num(config['nats'])} NATs"
        parts.append(text)
    elif "nats" in config:
        parts.append(f"{_num(config['nats'])} NATs")
    if "keepalive_s" in config:
        parts.append("NAT-T keepalive " + _interval_label(config["keepalive_s"]))
    if "nat_timeout" in config:
        timeout = config["nat_timeout"]
        parts.append("NAT timeout " + (f"{_num(timeout)} s"
                                       if not math.isnan(number(timeout)) else timeout))
    if "dpd_s" in config:
        parts.append("DPD " + _interval_label(config["dpd_s"]))
    if "cpu_profile" in config:
        text = f"hub CPU {_profile_label(config['cpu_profile'])}"
        if "hub_cores" in config:
            text += f" ({_num(config['hub_cores'])} cores)"
        parts.append(text)
    elif "hub_cores" in config:
        parts.append(f"hub {_num(config['hub_cores'])} cores")
    if "hub_interval_s" in config:
        parts.append(f"hub sends every {_num(config['hub_interval_s'])} s")
    if "peer_traffic" in config:
        parts.append(f"peer traffic {config['peer_traffic']}")
    if "loss" in config:
        loss = number(config["loss"])
        parts.append("no WAN loss" if loss == 0 else f"WAN loss {_percent(loss)}")
    if "wan_delay_ms" in config:
        parts.append(f"WAN delay {_num(config['wan_delay_ms'])} ms")
    if "reboot_at_s" in config and number(config["reboot_at_s"]) != 0:
        parts.append(f"NATs reboot at {_num(config['reboot_at_s'])} s")
    if "duration_s" in config:
        parts.append(f"{_num(config['duration_s'])} s simulated")
    return parts


def _title(headline: str, config: Mapping[str, str], extra: Sequence[str] = (),
           width: int = 95) -> str:
    """``headline`` over the scenario's phrases, lines broken between
    phrases (never inside one) at about ``width`` characters."""
    lines: List[str] = []
    for phrase in [*extra, *describe(config)]:
        if lines and len(lines[-1]) + 2 + len(phrase) <= width:
            lines[-1] += ", " + phrase
        else:
            if lines:
                lines[-1] += ","
            lines.append(phrase)
    return "\n".join([headline, *lines])


def _runs_note(counts: Sequence[int]) -> List[str]:
    counts = [c for c in counts if c > 0]
    if not counts or max(counts) <= 1:
        return []
    if min(counts) == max(counts):
        return [f"mean of {counts[0]} runs each"]
    return [f"mean of {min(counts)}–{max(counts)} runs each"]


def _log_label(value: float, _position=None) -> str:
    """Tick label on a log axis: plain numbers at 1, 2 and 5 times a power
    of ten, no label elsewhere (instead of 6×10^2-style labels)."""
    if value <= 0:
        return ""
    mantissa = value / 10 ** math.floor(math.log10(value) + 1e-9)
    return f"{value:g}" if min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-6 else ""


def _plain_log_ticks(axis) -> None:
    axis.set_major_formatter(FuncFormatter(_log_label))
    axis.set_minor_formatter(FuncFormatter(_log_label))
    # minor ticks are shorter: move their labels out to the major ones' line
    major, minor = axis.get_major_ticks(), axis.get_minor_ticks()
    if major and minor:
        axis.set_tick_params(which="minor", pad=major[0].get_pad()
                             + major[0].get_tick_padding()
                             - minor[0].get_tick_padding())


_STYLES = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"), ("v", "-"),
           ("P", "--")]


# --------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------


def plot_delivery_heatmap(rows: Sequence[Mapping[str, str]], out_dir: Path | str,
                          name: str = HEATMAP_NAME) -> List[Path]:
    """Heat map of mean hub-to-peer delivery: NAT timeout (x) against
    keepalive interval (y), values in the cells, colours 0..1."""
    config = scenario(rows, vary=("keepalive_s", "nat_timeout"))
    grid = delivery_grid(rows)
    figure = Figure(figsize=(7, 5))
    axes = figure.add_subplot()
    image = draw_ratio_heatmap(axes, grid.values, [_num(t) for t in grid.timeouts],
                               [_tick(k) for k in grid.keepalives])
    axes.set_xlabel("NAT UDP mapping timeout (s)")
    axes.set_ylabel("NAT-T keepalive interval (s)")
    figure.colorbar(image, ax=axes, label="hub → peer delivery ratio")
    if any(math.isnan(v) for row in grid.values for v in row):
        axes.annotate("grey “–”: no run sent anything", xy=(1, 0),
                      xycoords="axes fraction", xytext=(0, -30),
                      textcoords="offset points", ha="right", va="top", fontsize=8)
    axes.set_title(_title("Hub → peer datagram delivery through the NATs", config,
                          _runs_note([c for r in grid.counts for c in r]), 80),
                   fontsize=9)
    return _save(figure, out_dir, name)


def plot_keepalive_bandwidth(rows: Sequence[Mapping[str, str]],
                             out_dir: Path | str,
                             name: str = BANDWIDTH_NAME) -> List[Path]:
    """Keepalive bandwidth (all peers and hub; right axis per peer) against
    the keepalive interval, one line per NAT timeout, log-log, with the
    line expected from one 29-byte keepalive per peer and interval."""
    config = scenario(rows, vary=("keepalive_s", "nat_timeout"))
    points = keepalive_bandwidth(rows)
    peers = number(config.get("peers", "nan"))
    figure = Figure(figsize=(7, 4.5))
    axes = figure.add_subplot()
    by_timeout: Dict[object, List[BandwidthPoint]] = {}
    for point in points:
        by_timeout.setdefault(point.nat_timeout, []).append(point)
    sizes = itertools.count(9, -2)
    intervals = sorted({p.keepalive_s for p in points if number(p.keepalive_s) > 0})
    for (timeout, series), (marker, line), size in zip(by_timeout.items(),
                                                       itertools.cycle(_STYLES), sizes):
        series = [p for p in series if number(p.keepalive_s) > 0]
        if series:   # markers shrink so that coinciding points stay visible
            axes.plot([p.keepalive_s for p in series], [p.bytes_per_s for p in series],
                      marker=marker, linestyle=line, markersize=max(size, 3),
                      label=f"NAT timeout {_num(timeout)}"
                            + (" s" if not math.isnan(number(timeout)) else ""))
    if intervals and not math.isnan(peers):
        axes.plot(intervals, [peers * KEEPALIVE_IP_BYTES / i for i in intervals],
                  color="grey", linestyle=":", linewidth=1.5,
                  label=f"{_num(peers)} peers × {KEEPALIVE_IP_BYTES} B / interval")
    off = [p for p in points if number(p.keepalive_s) == 0]
    extra = [f"keepalives off: {_mean([p.bytes_per_s for p in off]):.3g} B/s"] if off else []
    if intervals:
        axes.set_xscale("log", base=2)
        axes.set_xticks(intervals, [_num(i) for i in intervals])
        axes.minorticks_off()
        axes.set_yscale("log")
        _plain_log_ticks(axes.yaxis)
    axes.set_xlabel("NAT-T keepalive interval (s)")
    axes.set_ylabel("keepalive traffic, all peers (IP bytes/s)")
    if peers > 0:
        right = axes.secondary_yaxis("right", functions=(lambda y: y / peers,
                                                         lambda y: y * peers))
        right.set_ylabel("per peer (IP bytes/s)")
        if intervals:
            _plain_log_ticks(right.yaxis)
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8)
    axes.set_title(_title("NAT-T keepalive bandwidth", config, extra, 80), fontsize=9)
    return _save(figure, out_dir, name)


def plot_cpu_vs_peers(rows: Sequence[Mapping[str, str]], out_dir: Path | str,
                      name: str = CPU_NAME) -> List[Path]:
    """Hub CPU utilisation (mean solid, p95 dashed, in %) against the number
    of peers, one line per keepalive interval, one panel per CPU profile."""
    config = scenario(rows, vary=("peers", "nats", "keepalive_s", "cpu_profile"))
    series = cpu_series(rows)
    steady = bool(rows) and "hub_cpu_steady" in rows[0]
    figure = Figure(figsize=(6.5 * len(series) + 0.5, 5.2), layout="constrained")
    panels = figure.subplots(1, len(series), sharey=True, squeeze=False)[0]
    ratios = {round(p.peers / p.nats, 6) for s in series.values()
              for line in s.values() for p in line if p.nats > 0}
    extra = [f"{_num(ratios.pop())} peers per NAT"] if len(ratios) == 1 else []
    counts = []
    top = 0.0
    for axes, (profile, lines) in zip(panels, series.items()):
        colours = iter(matplotlib.colormaps["tab10"].colors)
        for (keepalive, points), (marker, _line) in zip(lines.items(),
                                                        itertools.cycle(_STYLES)):
            colour = next(colours)
            xs = [p.peers for p in points]
            counts += [p.runs for p in points]
            axes.plot(xs, [p.mean for p in points], color=colour, marker=marker,
                      linestyle="-", label=f"keepalive {_interval_label(keepalive)}")
            axes.plot(xs, [p.p95 for p in points], color=colour, marker=marker,
                      linestyle="--", fillstyle="none")
            top = max([top, *[p.p95 for p in points if not math.isnan(p.p95)],
                       *[p.mean for p in points if not math.isnan(p.mean)]])
        peers = sorted({p.peers for line in lines.values() for p in line})
        axes.set_xticks(peers, [_num(p) for p in peers])
        axes.set_xlim(0, max(peers) * 1.05)
        axes.set_xlabel("peers (IPsec tunnels to the hub)")
        axes.set_title(f"CPU profile {_profile_label(profile)}", fontsize=9)
        axes.grid(True, alpha=0.3)
        axes.plot([], [], color="black", linestyle="-",
                  label="steady-state mean" if steady else "mean over time")
        axes.plot([], [], color="black", linestyle="--", label="95th percentile")
        axes.legend(fontsize=8, loc="upper left")
    panels[0].set_ylabel("hub CPU utilisation (%)")
    panels[0].yaxis.set_major_formatter(PercentFormatter(1.0))
    if steady:
        # Steady state (keepalives, DPD, data) and the start window's
        # handshake peaks differ by orders of magnitude: a log scale shows both.
        panels[0].set_yscale("log")
        panels[0].yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v * 100:g}%"))
        low = min([p.mean for s in series.values() for line in s.values() for p in line
                   if p.mean > 0] or [1e-5])
        panels[0].set_ylim(low / 2, min(1.05, top * 2))
    else:
        panels[0].set_ylim(0, max(0.05, min(1.05, top * 1.15)))
    figure.suptitle(_title("Hub CPU load vs number of peers (solid: "
                           + ("steady-state mean after the start window"
                              if steady else "mean") + ", "
                           "dashed: 95th percentile over time)", config,
                           extra + _runs_note(counts), 90), fontsize=9)
    return _save(figure, out_dir, name)


def plot_recovery(rows: Sequence[Mapping[str, str]], out_dir: Path | str,
                  name: str = RECOVERY_NAME) -> List[Path]:
    """Median recovery time after the NAT reboot (bar up to the p95)
    against keepalive interval, one line per DPD interval; the caption
    gives recovered peers and hub-to-peer delivery per point."""
    config = scenario(rows, vary=("keepalive_s", "dpd_s"))
    if number(config.get("reboot_at_s", "0")) == 0:
        raise ValueError("the NATs do not reboot in these runs (reboot_at_s = 0); "
                         "there is no recovery to plot")
    series = recovery_series(rows)
    keepalives = _sorted_keys(p.keepalive_s for s in series.values() for p in s)
    position = {k: i for i, k in enumerate(keepalives)}
    figure = Figure(figsize=(7.5, 5.2))
    axes = figure.add_subplot()
    width = 0.5 / max(1, len(series))
    caption = []
    top = 0.0
    for n, ((dpd, points), (marker, line)) in enumerate(zip(series.items(),
                                                            itertools.cycle(_STYLES))):
        shift = (n - (len(series) - 1) / 2) * width
        xs = [position[p.keepalive_s] + shift for p in points]
        medians = [p.median_s for p in points]
        upper = [max(0.0, p.p95_s - p.median_s) if not math.isnan(p.p95_s) else 0.0
                 for p in points]
        label = "DPD " + _interval_label(dpd)
        bars = axes.errorbar(xs, medians, yerr=[[0.0] * len(points), upper],
                             marker=marker, linestyle=line, capsize=4, label=label)
        top = max([top, *[p.p95_s for p in points if not math.isnan(p.p95_s)],
                   *[m for m in medians if not math.isnan(m)]])
        for x, p in zip(xs, points):
            if math.isnan(p.median_s):
                axes.annotate("none\nrecovered", xy=(x, 0), xycoords="data",
                              ha="center", va="bottom", fontsize=7,
                              color=bars.lines[0].get_color())
        caption.append(f"{label}: recovered " + ", ".join(
            f"{_num(round(p.recovered_peers, 1))}" for p in points)
            + f" of {_num(points[0].peers)} peers; delivery " + ", ".join(
                "–" if math.isnan(p.delivery) else f"{p.delivery:.2f}" for p in points))
    axes.set_xticks(range(len(keepalives)), [_tick(k) for k in keepalives])
    axes.set_xlim(-0.5, len(keepalives) - 0.5)
    axes.set_ylim(0, max(1.0, top * 1.1))
    axes.set_xlabel("NAT-T keepalive interval (s)")
    axes.set_ylabel("NAT reboot → first hub datagram delivered (s)")
    axes.grid(True, axis="y", alpha=0.3)
    # Above the plot area's bottom, where "none recovered" notes go.
    axes.legend(title="marker: median, bar: up to p95", fontsize=8,
                title_fontsize=8, loc="upper left")
    figure.text(0.02, -0.02, "\n".join(
        ["Per point, in keepalive order (" + ", ".join(
            _tick(k) for k in keepalives) + " s):", *caption]),
        ha="left", va="top", fontsize=7.5, family="monospace")
    axes.set_title(_title("Recovery after all NATs reboot (and lose their mappings)",
                          config, _runs_note([p.runs for s in series.values()
                                              for p in s]), 85), fontsize=9)
    return _save(figure, out_dir, name)


def _up_label(cdf: SetupCdf) -> str:
    pct = 100 * cdf.up_fraction
    text = f"{pct:.0f}%"
    if cdf.up < cdf.total and text == "100%":
        text = f"{pct:.1f}%"
    loss = "no loss" if cdf.loss == 0 else f"loss {_percent(cdf.loss)}"
    return f"{loss} ({text} up, {cdf.up}/{cdf.total})"


def plot_setup_cdf(peer_rows: Sequence[Mapping[str, str]], out_dir: Path | str,
                   config: Optional[Mapping[str, str]] = None,
                   name: str = SETUP_CDF_NAME) -> List[Path]:
    """Empirical CDF of tunnel setup time, one curve per WAN loss value;
    a curve stays below 1 by the share of peers whose tunnel never came up.
    ``config`` (a summary.csv scenario) adds peers, NATs etc. to the title."""
    peer_config = scenario(peer_rows, vary=("loss",), columns=PEERS_SCENARIO_COLUMNS)
    merged = {**(config or {}), **peer_config}
    merged.pop("loss", None)
    cdfs = setup_cdfs(peer_rows)
    times = [t for c in cdfs for t in c.times]
    figure = Figure(figsize=(7, 4.5))
    axes = figure.add_subplot()
    if times:
        low, high = min(times), max(times)
        log = low > 0 and high / low >= 20
        end = high * (1.5 if log else 1.05)
        for cdf, (_marker, line) in zip(cdfs, itertools.cycle(_STYLES)):
            xs, ys = [cdf.times[0]] if cdf.times else [end], [0.0]
            xs += cdf.times + [end]
            ys += cdf.fractions + [cdf.fractions[-1] if cdf.fractions else 0.0]
            axes.step(xs, ys, where="post", linestyle=line, label=_up_label(cdf))
        if log:
            axes.set_xscale("log")
            _plain_log_ticks(axes.xaxis)
        axes.set_xlim(low / 1.2 if log else 0, end)
    else:
        for cdf in cdfs:
            axes.plot([], [], label=_up_label(cdf))
    axes.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
    axes.set_ylim(0, 1.04)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel("tunnel setup time (s)")
    axes.set_ylabel("peers with the tunnel up (cumulative %)")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8, loc="lower right")
    pooled = {c.total for c in cdfs}
    extra = []
    peers = number(merged.get("peers", "nan"))
    if len(pooled) == 1 and peers > 0 and pooled == {peers}:
        pass                                   # one run per curve: peers says it
    elif len(pooled) == 1 and peers > 0 and min(pooled) % peers == 0:
        extra.append(f"{min(pooled)} peers per curve ({min(pooled) // int(peers)} "
                     "runs pooled)")
    elif len(pooled) == 1:
        extra.append(f"{min(pooled)} peers per curve")
    elif pooled:
        extra.append("peers per curve: " + ", ".join(str(c.total) for c in cdfs))
    axes.set_title(_title("Tunnel setup time under WAN loss", merged, extra, 85),
                   fontsize=9)
    return _save(figure, out_dir, name)


def plot_timeseries(series: TimeSeries, out_dir: Path | str,
                    config: Optional[Mapping[str, str]] = None,
                    name: str = TIMESERIES_NAME) -> List[Path]:
    """One run over time: hub CPU utilisation (%), tunnels up and hub-to-peer
    delivery per sampling interval, stacked with a shared time axis; a
    dashed line marks the NAT reboot when ``config`` (the run's summary)
    has one."""
    config = dict(config or {})
    figure = Figure(figsize=(8, 7))
    cpu_axes, tunnel_axes, delivery_axes = figure.subplots(3, 1, sharex=True)
    cpu_axes.plot(series.time_s, series.cpu, color="tab:red")
    cpu_axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    cpu_axes.set_ylim(0, max(0.05, min(1.05, max(
        [c for c in series.cpu if not math.isnan(c)], default=0) * 1.15)))
    cpu_axes.set_ylabel("hub CPU (%)")
    tunnel_axes.step(series.time_s, series.tunnels_up, where="post", color="tab:blue")
    tunnel_axes.set_ylim(0, max([t for t in series.tunnels_up if not math.isnan(t)],
                                default=1) * 1.1 or 1)
    tunnel_axes.set_ylabel("tunnels up")
    delivery_axes.plot(series.time_s, series.delivery, color="tab:green",
                       marker=".", linestyle="-")
    delivery_axes.set_ylim(-0.05, 1.05)
    interval = series.interval_s
    delivery_axes.set_ylabel("hub → peer\ndelivery ratio")
    delivery_axes.set_xlabel("simulated time (s)" + (
        f"; one point per {_num(interval)} s interval, gaps: nothing sent"
        if not math.isnan(interval) else ""))
    reboot = number(config.get("reboot_at_s", "0"))
    for axes in (cpu_axes, tunnel_axes, delivery_axes):
        axes.grid(True, alpha=0.3)
        if reboot > 0:
            axes.axvline(reboot, color="grey", linestyle="--", linewidth=1)
    if reboot > 0:
        cpu_axes.annotate("NAT reboot", xy=(reboot, 1), xycoords=("data", "axes fraction"),
                          xytext=(3, -3), textcoords="offset points", va="top",
                          fontsize=8, color="grey")
    config.pop("reboot_at_s", None)
    extra = []
    if "seed" in config or "run" in config:
        extra.append(f"seed {config.pop('seed', '?')} run {config.pop('run', '?')}")
    cpu_axes.set_title(_title("One run over time", config, extra, 90), fontsize=9)
    return _save(figure, out_dir, name)


# --------------------------------------------------------------------------
# Tables to plots
# --------------------------------------------------------------------------

_HEATMAP_NEEDS = ("keepalive_s", "nat_timeout", "peers", "hub_to_peer_delivery",
                  "keepalive_bytes_per_s")
_CPU_NEEDS = ("peers", "nats", "keepalive_s", "cpu_profile", "hub_cpu_mean",
              "hub_cpu_p95")
_RECOVERY_NEEDS = ("keepalive_s", "dpd_s", "peers", "reboot_at_s",
                   "recovered_peers", "recovery_median_s", "recovery_p95_s",
                   "hub_to_peer_delivery")
_SETUP_NEEDS = ("loss", "setup_s")


def plots_keepalive_timeout(table: Path | str, out_dir: Path | str,
                            where: Optional[Mapping[str, str]] = None) -> List[Path]:
    """The delivery heat map and the keepalive bandwidth plot of a gathered
    summary.csv (rows selected by ``where``)."""
    rows = filter_rows(load_table(table, _HEATMAP_NEEDS), where or {})
    return plot_delivery_heatmap(rows, out_dir) + plot_keepalive_bandwidth(rows, out_dir)


def plots_cpu_vs_peers(table: Path | str, out_dir: Path | str,
                       where: Optional[Mapping[str, str]] = None) -> List[Path]:
    rows = filter_rows(load_table(table, _CPU_NEEDS), where or {})
    return plot_cpu_vs_peers(rows, out_dir)


def plots_recovery(table: Path | str, out_dir: Path | str,
                   where: Optional[Mapping[str, str]] = None) -> List[Path]:
    rows = filter_rows(load_table(table, _RECOVERY_NEEDS), where or {})
    return plot_recovery(rows, out_dir)


def plots_setup_cdf(peers_table: Path | str, out_dir: Path | str,
                    summary_table: Optional[Path | str] = None,
                    where: Optional[Mapping[str, str]] = None) -> List[Path]:
    """The setup-time CDF of a gathered peers.csv; ``summary_table`` (the
    same sweep's summary.csv) adds the scenario to the title."""
    where = where or {}
    rows = filter_rows(load_table(peers_table, _SETUP_NEEDS), where)
    config = None
    if summary_table is not None:
        summary = load_table(summary_table)
        summary_where = {k: v for k, v in where.items() if not summary or k in summary[0]}
        config = scenario(filter_rows(summary, summary_where), vary=("loss",))
    return plot_setup_cdf(rows, out_dir, config)


def plots_timeseries(table: Path | str, out_dir: Path | str,
                     summary_table: Optional[Path | str] = None,
                     name: str = TIMESERIES_NAME) -> List[Path]:
    """The time-series figure of one run's timeseries.csv; the run's
    summary.csv (default: next to it, if there) gives the title."""
    table = Path(table)
    if summary_table is None and (table.parent / SUMMARY_CSV).is_file():
        summary_table = table.parent / SUMMARY_CSV
    config: Dict[str, str] = {}
    if summary_table is not None:
        summary = load_table(summary_table)
        if summary:
            config = {c: summary[0][c] for c in (*SCENARIO_COLUMNS, "seed", "run")
                      if c in summary[0]}
    return plot_timeseries(load_timeseries(table), out_dir, config, name)


# --------------------------------------------------------------------------
# Sweeps
# --------------------------------------------------------------------------


def expand_derived(grid: Mapping[str, Sequence[object]],
                   fixed: Optional[Mapping[str, object]] = None,
                   derived: Optional[Mapping[str, Callable[[Mapping[str, str]], object]]] = None
                   ) -> List[sweep.Point]:
    """sweep.expand_grid plus parameters computed from each point's others:
    ``derived`` maps a flag name to a function of the point's flags (as
    strings) giving its value.  Derived flags join the swept ones (after
    them, so the gathered table's order is unchanged) and thus the point
    ids, e.g. ``nats=25_peers=250``."""
    points = sweep.expand_grid(grid, fixed)
    if not derived:
        return points
    clash = set(derived) & (set(grid) | set(fixed or {}))
    if clash:
        raise ValueError(f"derived parameters also given: {sorted(clash)}")
    result = []
    for point in points:
        params = point.params
        extra = tuple((name, str(compute(params))) for name, compute in derived.items())
        result.append(sweep.Point(grid=point.grid + extra, fixed=point.fixed))
    return result


def nats_for(peers_per_nat: int = PEERS_PER_NAT) -> Callable[[Mapping[str, str]], int]:
    """A derived-parameter function: --nats = --peers / peers_per_nat (at
    least 1, rounded up)."""
    return lambda params: max(1, math.ceil(int(float(params["peers"])) / peers_per_nat))


@dataclass
class StudyOutputs:
    """Where a study's sweep put things."""

    name: str
    sweep_dir: Path
    tables: Dict[str, Path] = field(default_factory=dict)
    plots: List[Path] = field(default_factory=list)


def run_study(name: str, binary: Path | str, points: Sequence[sweep.Point],
              out_dir: Path | str, csv_names: Sequence[str] = (SUMMARY_CSV,),
              jobs: Optional[int] = None, stream: Optional[IO] = None,
              timeout: Optional[float] = None) -> StudyOutputs:
    """Run ``points`` into ``<out_dir>/<name>/runs/`` (resumable; a run is
    complete when its summary.csv is) and gather each of ``csv_names`` into
    ``<out_dir>/<name>/``.  Raises RuntimeError listing the logs if a run
    fails or a run lacks one of the files."""
    stream = stream if stream is not None else sys.stderr
    sweep_dir = Path(out_dir) / name
    stream.write(f"[{name}] {len(points)} points into {sweep_dir}/runs/\n")
    result = sweep.run_sweep(binary, points, sweep_dir, csv_names[0], jobs=jobs,
                             timeout=timeout, stream=stream)
    if result.failures:
        raise RuntimeError(f"[{name}] runs failed:\n"
                           + "\n".join(f"  {f}" for f in result.failures))
    outputs = StudyOutputs(name, sweep_dir)
    for csv_name in csv_names:
        gathered = sweep.gather(sweep_dir, csv_name, points)
        if gathered.missing:
            raise RuntimeError(f"[{name}] no complete {csv_name} in "
                               + ", ".join(str(sweep_dir / sweep.RUNS_DIR / m)
                                           for m in gathered.missing))
        stream.write(f"[{name}] gathered {len(gathered.rows)} rows into "
                     f"{gathered.path}\n")
        outputs.tables[csv_name] = gathered.path
    return outputs


def keepalive_timeout_study(binary, out_dir, jobs=None, stream=None,
                            grid=KEEPALIVE_TIMEOUT_GRID,
                            fixed=KEEPALIVE_TIMEOUT_FIXED) -> StudyOutputs:
    """keepalive x NAT-timeout sweep into ``<out_dir>/keepalive-timeout/``;
    delivery heat map and keepalive bandwidth plots into ``out_dir``."""
    outputs = run_study("keepalive-timeout", binary, sweep.expand_grid(grid, fixed),
                        out_dir, (SUMMARY_CSV,), jobs, stream)
    outputs.plots = plots_keepalive_timeout(outputs.tables[SUMMARY_CSV], out_dir)
    return outputs


def cpu_vs_peers_study(binary, out_dir, jobs=None, stream=None, grid=CPU_GRID,
                       fixed=CPU_FIXED, peers_per_nat=PEERS_PER_NAT) -> StudyOutputs:
    """peers x keepalive x CPU profile sweep (--nats = --peers /
    ``peers_per_nat``) into ``<out_dir>/cpu-vs-peers/``; plot into
    ``out_dir``."""
    points = expand_derived(grid, fixed, {"nats": nats_for(peers_per_nat)})
    outputs = run_study("cpu-vs-peers", binary, points, out_dir, (SUMMARY_CSV,),
                        jobs, stream)
    outputs.plots = plots_cpu_vs_peers(outputs.tables[SUMMARY_CSV], out_dir)
    return outputs


def recovery_study(binary, out_dir, jobs=None, stream=None, grid=RECOVERY_GRID,
                   fixed=RECOVERY_FIXED) -> StudyOutputs:
    """keepalive x DPD sweep with a NAT reboot into ``<out_dir>/recovery/``;
    recovery plot into ``out_dir``."""
    outputs = run_study("recovery", binary, sweep.expand_grid(grid, fixed), out_dir,
                        (SUMMARY_CSV, PEERS_CSV), jobs, stream)
    outputs.plots = plots_recovery(outputs.tables[SUMMARY_CSV], out_dir)
    return outputs


def setup_cdf_study(binary, out_dir, jobs=None, stream=None, grid=SETUP_GRID,
                    fixed=SETUP_FIXED) -> StudyOutputs:
    """WAN-loss sweep into ``<out_dir>/setup-cdf/``; setup-time CDF into
    ``out_dir``."""
    outputs = run_study("setup-cdf", binary, sweep.expand_grid(grid, fixed), out_dir,
                        (SUMMARY_CSV, PEERS_CSV), jobs, stream)
    outputs.plots = plots_setup_cdf(outputs.tables[PEERS_CSV], out_dir,
                                    outputs.tables[SUMMARY_CSV])
    return outputs


STUDIES = {
    "keepalive-timeout": keepalive_timeout_study,
    "cpu-vs-peers": cpu_vs_peers_study,
    "recovery": recovery_study,
    "setup-cdf": setup_cdf_study,
}


@dataclass
class DemoOutputs:
    """Where the demo put things."""

    studies: List[StudyOutputs]
    timeseries_run: Path
    plots: List[Path]


def demo(binary: Path | str, out_dir: Path | str, jobs: Optional[int] = None,
         stream: Optional[IO] = None,
         keepalive_grid: Mapping[str, Sequence[object]] = KEEPALIVE_TIMEOUT_GRID,
         keepalive_fixed: Mapping[str, object] = KEEPALIVE_TIMEOUT_FIXED,
         cpu_grid: Mapping[str, Sequence[object]] = CPU_GRID,
         cpu_fixed: Mapping[str, object] = CPU_FIXED,
         peers_per_nat: int = PEERS_PER_NAT,
         timeseries_point: Mapping[str, object] = TIMESERIES_POINT) -> DemoOutputs:
    """The keepalive-timeout and cpu-vs-peers studies (grids as given, the
    reduced ones by default) and the time series of the keepalive-timeout
    run at ``timeseries_point``; every plot goes into ``out_dir``.

    Raises ValueError if ``timeseries_point`` is not a point of the
    keepalive grid, RuntimeError (listing the logs) if a run fails."""
    out_dir = Path(out_dir)
    wanted = {k: str(v) for k, v in timeseries_point.items()}
    chosen = [p for p in sweep.expand_grid(keepalive_grid, keepalive_fixed)
              if dict(p.grid) == wanted]
    if not chosen:
        raise ValueError(f"time-series point {wanted} is not in the "
                         f"keepalive-timeout grid {dict(keepalive_grid)}")
    studies = [keepalive_timeout_study(binary, out_dir, jobs, stream,
                                       keepalive_grid, keepalive_fixed),
               cpu_vs_peers_study(binary, out_dir, jobs, stream, cpu_grid,
                                  cpu_fixed, peers_per_nat)]
    run_dir = sweep.run_dir_for(studies[0].sweep_dir, chosen[0])
    timeseries = plots_timeseries(run_dir / TIMESERIES_CSV, out_dir)
    plots = [p for s in studies for p in s.plots] + timeseries
    return DemoOutputs(studies, run_dir, plots)


def _print_study(outputs: StudyOutputs) -> None:
    print(f"{outputs.name}:")
    for csv_name, path in outputs.tables.items():
        print(f"  table:    {path}")
    for path in outputs.plots:
        print(f"  plot:     {path}")
    print(f"  run logs: {outputs.sweep_dir / sweep.RUNS_DIR}/<point>/log.txt")


def _print_demo(outputs: DemoOutputs) -> None:
    print("Remote-access study:")
    for study in outputs.studies:
        _print_study(study)
    print(f"time series of {outputs.timeseries_run}:")
    for path in outputs.plots[-len(FORMATS):]:
        print(f"  plot:     {path}")


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--binary", required=True,
                        help="the built ipsec-nat-remote-access example program")
    parser.add_argument("--out", required=True,
                        help="results folder: sweeps go to OUT/<study>/ (runs, "
                             "gathered tables), plots to OUT/")
    parser.add_argument("--jobs", type=int, default=None,
                        help="runs at once (default: number of CPUs)")


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser (``plot``, ``sweep`` and ``demo``)."""
    parser = argparse.ArgumentParser(
        description="Remote-access study: IPsec peers behind NATs and a hub; "
                    "delivery, keepalive cost, hub CPU, recovery, setup time.")
    commands = parser.add_subparsers(dest="command", required=True)

    plot = commands.add_parser("plot", help="plot gathered tables")
    kinds = plot.add_subparsers(dest="kind", required=True)
    specs = {
        "keepalive-timeout": (f"{HEATMAP_NAME} and {BANDWIDTH_NAME}", SUMMARY_CSV),
        "cpu-vs-peers": (CPU_NAME, SUMMARY_CSV),
        "recovery": (RECOVERY_NAME, SUMMARY_CSV),
        "setup-cdf": (SETUP_CDF_NAME, PEERS_CSV),
        "timeseries": (TIMESERIES_NAME, TIMESERIES_CSV),
    }
    for kind, (names, table) in specs.items():
        sub = kinds.add_parser(kind, help=f"{names} (.png/.pdf) from a {table}")
        sub.add_argument("--table", required=True,
                         help=f"the {table} to plot" + (
                             " (one run's)" if kind == "timeseries" else
                             " gathered by a sweep (one row per run)"
                             if table == SUMMARY_CSV else
                             " gathered by a sweep (one row per peer)"))
        sub.add_argument("--out", required=True, help="folder for the plots")
        if kind in ("setup-cdf", "timeseries"):
            sub.add_argument("--summary", default=None,
                             help="the matching summary.csv, for the title"
                                  + (" (default: next to --table)"
                                     if kind == "timeseries" else ""))
        if kind != "timeseries":
            sub.add_argument("--where", action="append", type=_parse_where,
                             default=[], metavar="COLUMN=VALUE",
                             help="keep only rows with this value, e.g. peers=200 "
                                  "or loss=0.05; needed when the table mixes "
                                  "scenarios; repeatable")

    run = commands.add_parser("sweep", help="run one study's sweep and plot it")
    run.add_argument("study", choices=sorted(STUDIES))
    _add_run_arguments(run)

    dem = commands.add_parser(
        "demo", help="keepalive-timeout (12 runs) and cpu-vs-peers (12 runs) "
                     "sweeps, their plots and one run's time series")
    _add_run_arguments(dem)
    return parser


def _plot(args: argparse.Namespace) -> List[Path]:
    where = dict(getattr(args, "where", []))
    if args.kind == "keepalive-timeout":
        return plots_keepalive_timeout(args.table, args.out, where)
    if args.kind == "cpu-vs-peers":
        return plots_cpu_vs_peers(args.table, args.out, where)
    if args.kind == "recovery":
        return plots_recovery(args.table, args.out, where)
    if args.kind == "setup-cdf":
        return plots_setup_cdf(args.table, args.out, args.summary, where)
    return plots_timeseries(args.table, args.out, args.summary)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "plot":
            for path in _plot(args):
                print(path)
            return 0
        if not Path(args.binary).is_file():
            sys.stderr.write(f"error: no program at {args.binary} "
                             "(build it first: make build)\n")
            return 2
        if args.command == "sweep":
            _print_study(STUDIES[args.study](args.binary, args.out, args.jobs))
        else:
            _print_demo(demo(args.binary, args.out, args.jobs))
        return 0
    except (ValueError, OSError, RuntimeError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
