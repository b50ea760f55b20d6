#!/usr/bin/python3
"""Generic parameter-sweep runner for command-line simulation programs.

The program under study is any executable that takes ``--name=value`` flags
(ns-3 CommandLine style), writes its results as CSV into the directory given
by one flag (``--outDir`` by default) and exits 0 on success.  Nothing here
knows what the program simulates; the NAT study (nat_study.py) and later
studies reuse it unchanged.

Layout of a sweep output directory ``OUT``::

    OUT/runs/<point-id>/point.json   parameters of the grid point
    OUT/runs/<point-id>/log.txt      the run's stdout and stderr
    OUT/runs/<point-id>/<csv-name>   what the program wrote
    OUT/<csv-name>                   every run's rows, one header (gather)
    OUT/sweep.slurm                  with --emit slurm
    OUT/sweep.parallel.sh            with --emit parallel

A point id is the swept parameters in name order, e.g.
``interval=10_natTimeout=30``.  A point whose run directory already holds a
complete CSV written with the same parameters is skipped (resume); any other
run directory is wiped and the point is run again, so a program that appends
to its CSV never duplicates rows.

Command line (``run`` may be left out)::

    sweep.py run --binary PROG --out OUT --param interval=5,10 \\
        --param natTimeout=10,30 --fixed hosts=20 [--jobs 8]
    sweep.py run ... --emit slurm --emit parallel   # write scripts instead
    sweep.py gather --out OUT --csv-name prog.csv   # after a cluster run

Importable API: expand_grid, point_id, command_for, run_sweep, run_point,
gather, emit_slurm, emit_parallel.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

RUNS_DIR = "runs"
POINT_FILE = "point.json"
LOG_FILE = "log.txt"
DEFAULT_OUTDIR_FLAG = "outDir"
SLURM_FILE = "sweep.slurm"
PARALLEL_FILE = "sweep.parallel.sh"

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]*$")
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._+-]")


# --------------------------------------------------------------------------
# Grid points
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One grid point: the swept parameters plus the fixed ones.

    Both are tuples of ``(name, value)`` string pairs; ``grid`` keeps the
    order in which the parameters were given (it is the sort order of the
    gathered table), ``fixed`` the order of the ``--fixed`` flags.
    """

    grid: Tuple[Tuple[str, str], ...]
    fixed: Tuple[Tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        """The point's directory name (see point_id)."""
        return point_id(self)

    @property
    def params(self) -> Dict[str, str]:
        """Every flag of the point, swept ones first."""
        return dict(self.grid + self.fixed)

    def to_json(self) -> dict:
        """A JSON-serialisable description, as stored in point.json."""
        return {
            "id": self.id,
            "grid": [list(p) for p in self.grid],
            "fixed": [list(p) for p in self.fixed],
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "Point":
        """Inverse of to_json."""
        return cls(
            grid=tuple((str(n), str(v)) for n, v in data["grid"]),
            fixed=tuple((str(n), str(v)) for n, v in data.get("fixed", [])),
        )


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise ValueError(f"invalid parameter name {name!r}")
    return name


def _check_value(name: str, value: object) -> str:
    text = str(value)
    if text == "" or any(c in text for c in "\n\r\0"):
        raise ValueError(f"invalid value {text!r} for parameter {name!r}")
    return text


def expand_grid(
    grid: Mapping[str, Sequence[object]],
    fixed: Optional[Mapping[str, object]] = None,
) -> List[Point]:
    """Return the cartesian product of ``grid`` as a list of Points.

    ``grid`` maps a parameter name to its values (any objects; they are
    turned into strings with ``str``), ``fixed`` maps names to one value
    each.  The first grid parameter varies slowest.  An empty grid gives a
    single point.  Raises ValueError for an invalid or repeated name, an
    empty or repeated value list, or two points that would share an id.
    """
    fixed = dict(fixed or {})
    for name in list(grid) + list(fixed):
        _check_name(name)
    both = set(grid) & set(fixed)
    if both:
        raise ValueError(f"parameters both swept and fixed: {sorted(both)}")
    axes = []
    for name, values in grid.items():
        texts = [_check_value(name, v) for v in values]
        if not texts:
            raise ValueError(f"parameter {name!r} has no values")
        if len(set(texts)) != len(texts):
            raise ValueError(f"parameter {name!r} repeats a value: {texts}")
        axes.append([(name, t) for t in texts])
    fixed_pairs = tuple((n, _check_value(n, v)) for n, v in fixed.items())
    points = [Point(grid=tuple(combo), fixed=fixed_pairs)
              for combo in itertools.product(*axes)]
    _check_unique_ids(points)
    return points


def _check_unique_ids(points: Iterable[Point]) -> None:
    seen: Dict[str, Point] = {}
    for point in points:
        other = seen.setdefault(point.id, point)
        if other is not point:
            raise ValueError(
                f"points {dict(other.grid)} and {dict(point.grid)} share "
                f"the id {point.id!r}; use values that differ in [A-Za-z0-9._+-]")


def point_id(point: Point) -> str:
    """Stable, readable directory name of a point.

    The swept parameters sorted by name, as ``name=value`` joined with
    ``_``, e.g. ``interval=10_natTimeout=30``; characters outside
    ``[A-Za-z0-9._+-]`` become ``-``.  The order of the ``--param`` flags
    and the fixed parameters do not change it.  A point with no swept
    parameter is called ``base``.
    """
    if not point.grid:
        return "base"
    parts = []
    for name, value in sorted(point.grid):
        parts.append(_UNSAFE_ID_CHARS.sub("-", name) + "="
                     + _UNSAFE_ID_CHARS.sub("-", value))
    return "_".join(parts)


def run_dir_for(out_dir: os.PathLike | str, point: Point) -> Path:
    """Directory in which ``point`` runs: ``<out>/runs/<point-id>``."""
    return Path(out_dir) / RUNS_DIR / point.id


def command_for(
    binary: os.PathLike | str,
    point: Point | Mapping[str, object],
    run_dir: os.PathLike | str,
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
) -> List[str]:
    """Argument vector that runs ``binary`` for one point.

    ``[binary, --name=value ..., --<outdir_flag>=<run_dir>]``; ``point`` is a
    Point or a plain mapping of flag names to values.
    """
    params = point.params if isinstance(point, Point) else dict(point)
    if outdir_flag in params:
        raise ValueError(f"--{outdir_flag} is set by the sweep; do not pass it")
    args = [str(binary)]
    args += [f"--{_check_name(n)}={_check_value(n, v)}" for n, v in params.items()]
    args.append(f"--{outdir_flag}={run_dir}")
    return args


# --------------------------------------------------------------------------
# CSV files
# --------------------------------------------------------------------------


def read_csv(path: os.PathLike | str) -> Tuple[List[str], List[List[str]]]:
    """Return ``(header, rows)`` of a CSV file (empty header if empty)."""
    with open(path, newline="") as handle:
        records = list(csv.reader(handle))
    if not records:
        return [], []
    return records[0], records[1:]


def csv_is_complete(path: os.PathLike | str) -> bool:
    """True if ``path`` is a finished CSV: a header, at least one row, every
    row as wide as the header and a final newline (a run killed while
    writing leaves a file that fails one of these)."""
    try:
        data = Path(path).read_bytes()
        header, rows = read_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    if not header or not rows or not data.endswith(b"\n"):
        return False
    return all(len(row) == len(header) for row in rows)


def result_csvs(run_dir: os.PathLike | str, csv_name: str) -> List[Path]:
    """Every file called ``csv_name`` under ``run_dir``, in path order."""
    return sorted(Path(run_dir).rglob(csv_name))


def read_point_file(run_dir: os.PathLike | str) -> Optional[Point]:
    """The Point recorded in ``run_dir/point.json``, or None."""
    try:
        with open(Path(run_dir) / POINT_FILE) as handle:
            return Point.from_json(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def has_complete_csvs(run_dir: os.PathLike | str, csv_name: str) -> bool:
    """True if ``run_dir`` holds at least one ``csv_name`` and all are
    complete (see csv_is_complete)."""
    files = result_csvs(run_dir, csv_name)
    return bool(files) and all(csv_is_complete(f) for f in files)


def is_complete(run_dir: os.PathLike | str, point: Point, csv_name: str) -> bool:
    """True if ``run_dir`` holds complete results of exactly ``point``
    (same swept and fixed parameters; the binary's path may differ)."""
    recorded = read_point_file(run_dir)
    if recorded is None or recorded.params != point.params:
        return False
    return has_complete_csvs(run_dir, csv_name)


def prepare_run_dir(run_dir: os.PathLike | str, point: Point) -> Path:
    """Empty ``run_dir`` (stale partial results) and write point.json."""
    run_dir = Path(run_dir)
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    with open(run_dir / POINT_FILE, "w") as handle:
        json.dump(point.to_json(), handle, indent=1)
        handle.write("\n")
    return run_dir


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


@dataclass
class RunFailure:
    """A point that did not produce a complete CSV."""

    point_id: str
    reason: str
    log: Path

    def __str__(self) -> str:
        return f"{self.point_id}: {self.reason}; log: {self.log}"


@dataclass
class SweepResult:
    """Outcome of run_sweep: point ids by fate, and the failures."""

    points: List[Point]
    skipped: List[str] = field(default_factory=list)
    completed: List[str] = field(default_factory=list)
    failures: List[RunFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if every point has complete results."""
        return not self.failures


@dataclass
class _Job:
    """A started run (internal to run_sweep)."""

    point: Point
    run_dir: Path
    process: subprocess.Popen
    log: IO
    started: float


def _start(binary, point: Point, run_dir: Path, outdir_flag: str) -> _Job:
    """Start one run with its output going to run_dir/log.txt."""
    prepare_run_dir(run_dir, point)
    command = command_for(binary, point, run_dir, outdir_flag)
    log = open(run_dir / LOG_FILE, "w")
    log.write("# " + shlex.join(command) + "\n")
    log.flush()
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    except OSError as error:
        log.write(f"# could not start: {error}\n")
        log.close()
        raise
    return _Job(point, run_dir, process, log, time.monotonic())


def _finish(job: _Job, csv_name: str, timed_out: bool) -> Optional[RunFailure]:
    """Close a finished run's log; return a RunFailure if it failed."""
    status = job.process.returncode
    elapsed = time.monotonic() - job.started
    job.log.write(f"# exit status {status} after {elapsed:.1f} s\n")
    job.log.close()
    log_path = job.run_dir / LOG_FILE
    if timed_out:
        return RunFailure(job.point.id, f"timed out after {elapsed:.0f} s", log_path)
    if status != 0:
        return RunFailure(job.point.id, f"exit status {status}", log_path)
    if not is_complete(job.run_dir, job.point, csv_name):
        return RunFailure(job.point.id,
                          f"exit status 0 but no complete {csv_name}", log_path)
    return None


def _format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 100:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class _Progress:
    """The single progress line ``[12/40] done, 2 running, ETA 35 s``.

    On a terminal the line is redrawn in place; otherwise one line is
    written each time a run ends, so logs stay readable.
    """

    def __init__(self, stream: IO, total: int, already_done: int):
        self.stream = stream
        self.total = total
        self.done = already_done
        self.to_run = total - already_done
        self.finished_runs = 0
        self.start = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.shown = ""

    def line(self, running: int) -> str:
        remaining = self.to_run - self.finished_runs
        if remaining == 0:
            eta = "ETA 0 s"
        elif self.finished_runs == 0:
            eta = "ETA ?"
        else:
            rate = self.finished_runs / (time.monotonic() - self.start)
            eta = "ETA " + _format_duration(remaining / rate)
        return f"[{self.done}/{self.total}] done, {running} running, {eta}"

    def update(self, running: int, finished: bool = False) -> None:
        text = self.line(running)
        if self.tty:
            if text != self.shown:
                self.stream.write("\r\033[K" + text)
                self.stream.flush()
        elif finished:
            self.stream.write(text + "\n")
            self.stream.flush()
        self.shown = text

    def note(self, message: str) -> None:
        """A message on its own line, keeping the progress line below."""
        if self.tty:
            self.stream.write("\r\033[K" + message + "\n" + self.shown)
        else:
            self.stream.write(message + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_sweep(
    binary: os.PathLike | str,
    points: Sequence[Point],
    out_dir: os.PathLike | str,
    csv_name: str,
    jobs: Optional[int] = None,
    timeout: Optional[float] = None,
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
    stream: Optional[IO] = None,
) -> SweepResult:
    """Run every point not already complete, ``jobs`` at a time.

    Each run goes into ``<out_dir>/runs/<point-id>``; ``timeout`` (seconds,
    None for none) kills a run that takes longer.  Progress and failures are
    written to ``stream`` (default stderr).  A failed run does not stop the
    others; the returned SweepResult lists it.
    """
    stream = stream if stream is not None else sys.stderr
    jobs = max(1, jobs or os.cpu_count() or 1)
    result = SweepResult(points=list(points))
    pending = []
    for point in points:
        if is_complete(run_dir_for(out_dir, point), point, csv_name):
            result.skipped.append(point.id)
        else:
            pending.append(point)
    if result.skipped:
        stream.write(f"{len(result.skipped)} of {len(points)} points already "
                     f"complete in {Path(out_dir) / RUNS_DIR}; skipping them\n")
    progress = _Progress(stream, len(points), len(result.skipped))
    running: List[_Job] = []
    try:
        while pending or running:
            _fill(binary, pending, running, jobs, out_dir, outdir_flag, result, progress)
            finished = _reap(running, timeout, csv_name, result, progress)
            if finished:
                _fill(binary, pending, running, jobs, out_dir, outdir_flag,
                      result, progress)
            else:
                time.sleep(0.02)
            progress.update(len(running), finished=finished)
    except BaseException:
        for job in running:
            job.process.kill()
            job.process.wait()
            job.log.close()
        raise
    finally:
        progress.close()
    return result


def _fill(binary, pending: List[Point], running: List[_Job], jobs: int,
          out_dir, outdir_flag: str, result: SweepResult,
          progress: _Progress) -> None:
    """Start pending points until ``jobs`` runs are going."""
    while pending and len(running) < jobs:
        point = pending.pop(0)
        run_dir = run_dir_for(out_dir, point)
        try:
            running.append(_start(binary, point, run_dir, outdir_flag))
        except OSError as error:
            _record(result, progress, point, RunFailure(
                point.id, f"could not start: {error}", run_dir / LOG_FILE))


def _reap(running: List[_Job], timeout: Optional[float], csv_name: str,
          result: SweepResult, progress: _Progress) -> bool:
    """Record the runs that ended; True if any did."""
    finished = False
    for job in list(running):
        timed_out = _poll(job, timeout)
        if job.process.returncode is None:
            continue
        running.remove(job)
        _record(result, progress, job.point, _finish(job, csv_name, timed_out))
        finished = True
    return finished


def _poll(job: _Job, timeout: Optional[float]) -> bool:
    """Poll a run; kill it if past ``timeout``.  True if it was killed."""
    if job.process.poll() is not None:
        return False
    if timeout is not None and time.monotonic() - job.started > timeout:
        job.process.kill()
        job.process.wait()
        return True
    return False


def _record(result: SweepResult, progress: _Progress, point: Point,
            failure: Optional[RunFailure]) -> None:
    progress.done += 1
    progress.finished_runs += 1
    if failure is None:
        result.completed.append(point.id)
    else:
        result.failures.append(failure)
        progress.note(f"FAILED {failure}")


def run_point(
    binary: os.PathLike | str,
    params: Mapping[str, object],
    run_dir: os.PathLike | str,
    csv_name: str,
    timeout: Optional[float] = None,
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
) -> Optional[RunFailure]:
    """Run ``binary`` once with ``params`` into ``run_dir`` (not a grid
    point: the directory is used as given).  Skipped if ``run_dir`` already
    holds complete results of the same parameters.  Returns None on
    success, else a RunFailure."""
    point = expand_grid({}, params)[0]
    run_dir = Path(run_dir)
    if is_complete(run_dir, point, csv_name):
        return None
    try:
        job = _start(binary, point, run_dir, outdir_flag)
    except OSError as error:
        return RunFailure(point.id, f"could not start: {error}", run_dir / LOG_FILE)
    try:
        job.process.wait(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        job.process.kill()
        job.process.wait()
        timed_out = True
    return _finish(job, csv_name, timed_out)


# --------------------------------------------------------------------------
# Gathering
# --------------------------------------------------------------------------


@dataclass
class GatherResult:
    """Outcome of gather: the table written and the points missing from it."""

    path: Path
    header: List[str]
    rows: List[List[str]]
    points: int
    missing: List[str]


def value_sort_key(value: str) -> Tuple:
    """Sort key for parameter values: numbers numerically, before text."""
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def _grid_key(point: Point) -> Tuple:
    return tuple(value_sort_key(value) for _name, value in point.grid)


def _discover_points(out_dir: Path) -> List[Point]:
    points = []
    for point_file in sorted((out_dir / RUNS_DIR).glob(f"*/{POINT_FILE}")):
        point = read_point_file(point_file.parent)
        if point is not None:
            points.append(point)
    return points


def _gatherable(run_dir: Path, point: Point, csv_name: str) -> bool:
    """Complete results of ``point``'s swept values; its fixed values must
    match too unless ``point`` has none (a gather given only --param)."""
    recorded = read_point_file(run_dir)
    if recorded is None or dict(recorded.grid) != dict(point.grid):
        return False
    if point.fixed and dict(recorded.fixed) != dict(point.fixed):
        return False
    return has_complete_csvs(run_dir, csv_name)


def gather(
    out_dir: os.PathLike | str,
    csv_name: str,
    points: Optional[Sequence[Point]] = None,
    dest: Optional[os.PathLike | str] = None,
) -> GatherResult:
    """Merge the runs' CSVs into one table with a single header.

    Reads every complete ``csv_name`` under ``<out_dir>/runs/<point-id>`` for
    ``points`` (default: every run directory with a point.json), orders the
    rows by the swept parameters (numbers numerically, first parameter
    slowest; a run's own rows keep their order) and writes them to ``dest``
    (default ``<out_dir>/<csv_name>``), atomically.  A run counts if its
    point.json has the point's swept values and, when ``points`` carry fixed
    values, those too.  Points without complete results are left out and
    listed in the result's ``missing``.  Raises
    ValueError if two files have different headers.
    """
    out_dir = Path(out_dir)
    dest = Path(dest) if dest is not None else out_dir / csv_name
    points = list(points) if points is not None else _discover_points(out_dir)
    header: Optional[List[str]] = None
    header_file: Optional[Path] = None
    rows: List[List[str]] = []
    missing: List[str] = []
    for point in sorted(points, key=_grid_key):
        run_dir = run_dir_for(out_dir, point)
        if not _gatherable(run_dir, point, csv_name):
            missing.append(point.id)
            continue
        for path in result_csvs(run_dir, csv_name):
            file_header, file_rows = read_csv(path)
            if header is None:
                header, header_file = file_header, path
            elif file_header != header:
                raise ValueError(f"{path} has a different header than "
                                 f"{header_file}")
            rows.extend(file_rows)
    _write_csv(dest, header or [], rows)
    return GatherResult(dest, header or [], rows, len(points), missing)


def _write_csv(path: Path, header: List[str], rows: List[List[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    os.replace(tmp, path)


# --------------------------------------------------------------------------
# Cluster scripts
# --------------------------------------------------------------------------


def shell_command_for(
    binary: os.PathLike | str,
    point: Point,
    run_dir: Path,
    csv_name: str,
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
) -> str:
    """One POSIX shell line that runs a point like run_sweep does: drop a
    stale CSV, run, and send stdout and stderr to the point's log.txt."""
    quoted_dir = shlex.quote(str(run_dir))
    return (f"mkdir -p {quoted_dir} && "
            f"rm -f {shlex.quote(str(run_dir / csv_name))} && "
            f"{shlex.join(command_for(binary, point, run_dir, outdir_flag))} "
            f"> {shlex.quote(str(run_dir / LOG_FILE))} 2>&1")


def _pending_commands(binary, points, out_dir: Path, csv_name: str,
                      outdir_flag: str) -> Tuple[List[str], int]:
    """Shell lines for the points not yet complete (their run directories
    are prepared now), and how many points were complete."""
    binary = Path(binary).absolute()
    lines, complete = [], 0
    for point in points:
        run_dir = run_dir_for(out_dir, point)
        if is_complete(run_dir, point, csv_name):
            complete += 1
            continue
        prepare_run_dir(run_dir, point)
        lines.append(shell_command_for(binary, point, run_dir, csv_name, outdir_flag))
    return lines, complete


def _gather_hint(out_dir: Path, csv_name: str) -> str:
    script = Path(__file__).absolute()
    return (f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} gather "
            f"--out {shlex.quote(str(out_dir))} --csv-name {shlex.quote(csv_name)}")


def emit_slurm(
    binary: os.PathLike | str,
    points: Sequence[Point],
    out_dir: os.PathLike | str,
    csv_name: str,
    jobs: Optional[int] = None,
    sbatch_options: Sequence[str] = (),
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
) -> Optional[Path]:
    """Write ``<out_dir>/sweep.slurm``, a Slurm job array with one task per
    point that is not yet complete (so emitting again resumes).

    ``jobs`` limits how many tasks run at once (``--array=...%jobs``);
    ``sbatch_options`` are extra ``#SBATCH`` options such as
    ``--time=00:10:00``.  Returns the script's path, or None if every point
    is complete.
    """
    out_dir = Path(out_dir).absolute()
    lines, complete = _pending_commands(binary, points, out_dir, csv_name, outdir_flag)
    if not lines:
        return None
    (out_dir / "slurm").mkdir(parents=True, exist_ok=True)
    array = f"0-{len(lines) - 1}" + (f"%{jobs}" if jobs else "")
    text = [
        "#!/bin/bash",
        "# Slurm job array written by sweep.py: one array task per grid point.",
        f"# {len(lines)} points to run ({complete} already complete, left out).",
        f"# Submit:   sbatch {shlex.quote(str(out_dir / SLURM_FILE))}",
        f"# Then:     {_gather_hint(out_dir, csv_name)}",
        f"#SBATCH --job-name={shlex.quote('sweep-' + Path(binary).name)}",
        f"#SBATCH --array={array}",
        f"#SBATCH --output={out_dir}/slurm/%A_%a.out",
        "#SBATCH --ntasks=1",
        "#SBATCH --cpus-per-task=1",
    ]
    text += [f"#SBATCH {option}" for option in sbatch_options]
    text += ["", "set -euo pipefail", "COMMANDS=("]
    text += [f"  {shlex.quote(line)}" for line in lines]
    text += [
        ")",
        ': "${SLURM_ARRAY_TASK_ID:?run this script with sbatch (a job array)}"',
        'eval "${COMMANDS[$SLURM_ARRAY_TASK_ID]}"',
        "",
    ]
    return _write_script(out_dir / SLURM_FILE, text)


def emit_parallel(
    binary: os.PathLike | str,
    points: Sequence[Point],
    out_dir: os.PathLike | str,
    csv_name: str,
    jobs: Optional[int] = None,
    outdir_flag: str = DEFAULT_OUTDIR_FLAG,
) -> Optional[Path]:
    """Write ``<out_dir>/sweep.parallel.sh``, a GNU parallel command line
    with one input line per point not yet complete.

    Arguments given to the script go to parallel, e.g. ``--sshloginfile
    nodes.txt`` to run over ssh (the hosts must see the binary and
    ``out_dir`` at the same absolute paths).  ``jobs`` sets ``--jobs``.
    Returns the script's path, or None if every point is complete.
    """
    out_dir = Path(out_dir).absolute()
    lines, complete = _pending_commands(binary, points, out_dir, csv_name, outdir_flag)
    if not lines:
        return None
    options = ["--joblog", str(out_dir / "parallel.joblog")]
    if jobs:
        options += ["--jobs", str(jobs)]
    script = out_dir / PARALLEL_FILE
    text = [
        "#!/bin/bash",
        "# GNU parallel sweep written by sweep.py: one input line per grid point.",
        f"# {len(lines)} points to run ({complete} already complete, left out).",
        f"# Here:        bash {shlex.quote(str(script))}",
        f"# Over ssh:    bash {shlex.quote(str(script))} --sshloginfile nodes.txt",
        "#              (every host must see the binary and the output folder",
        "#              at the same absolute paths, e.g. a shared filesystem)",
        "# Arguments are passed to parallel.",
        f"# Then:        {_gather_hint(out_dir, csv_name)}",
        "set -euo pipefail",
        f'parallel {shlex.join(options)} "$@" <<\'SWEEP_COMMANDS\'',
    ]
    text += lines
    text += ["SWEEP_COMMANDS", ""]
    return _write_script(script, text)


def _write_script(path: Path, lines: List[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    path.chmod(0o755)
    return path


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _parse_assignment(text: str) -> Tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    return name.strip().lstrip("-"), value


def _parse_param(text: str) -> Tuple[str, List[str]]:
    name, values = _parse_assignment(text)
    return name, [v.strip() for v in values.split(",")]


def _add_grid_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param", action="append", type=_parse_param, default=[],
        metavar="NAME=V1,V2,...",
        help="swept flag and its values, in the binary's own units (e.g. "
             "interval=5,10,20 for seconds); repeat for a cartesian product")
    parser.add_argument(
        "--fixed", action="append", type=_parse_assignment, default=[],
        metavar="NAME=VALUE", help="flag passed unchanged to every run; repeatable")


def _grid_from_args(args: argparse.Namespace) -> List[Point]:
    grid: Dict[str, List[str]] = {}
    for name, values in args.param:
        if name in grid:
            raise ValueError(f"--param {name} given twice")
        grid[name] = values
    fixed: Dict[str, str] = {}
    for name, value in args.fixed:
        if name in fixed:
            raise ValueError(f"--fixed {name} given twice")
        fixed[name] = value
    return expand_grid(grid, fixed)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the command line (``run`` and ``gather``)."""
    parser = argparse.ArgumentParser(
        description="Run a program over a grid of --name=value flags, resumably "
                    "and in parallel, and gather its CSV output into one table.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="run (or, with --emit, script) every grid point, then gather")
    run.add_argument("--binary", required=True,
                     help="program to run; it gets --NAME=VALUE flags and "
                          "--OUTDIR-FLAG=<run dir>")
    run.add_argument("--out", required=True,
                     help="sweep folder: runs go to OUT/runs/<point-id>/, the "
                          "table to OUT/<csv-name>")
    run.add_argument("--csv-name",
                     help="name of the CSV file the program writes in its output "
                          "folder (default: <binary name>.csv)")
    _add_grid_arguments(run)
    run.add_argument("--jobs", type=int, default=None,
                     help="runs at once (default: number of CPUs; with --emit, "
                          "the most array tasks/parallel jobs at once, default "
                          "no limit set)")
    run.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help="kill a run after this many seconds of wall time "
                          "(default: none)")
    run.add_argument("--outdir-flag", default=DEFAULT_OUTDIR_FLAG,
                     help="flag that tells the program its output folder "
                          "(default: %(default)s)")
    run.add_argument("--emit", action="append", choices=["slurm", "parallel"],
                     help="write OUT/sweep.slurm (Slurm job array) or "
                          "OUT/sweep.parallel.sh (GNU parallel) instead of "
                          "running; repeatable")
    run.add_argument("--sbatch", action="append", default=[], metavar="OPTION",
                     help="extra #SBATCH option for --emit slurm, e.g. "
                          "--sbatch=--time=00:10:00; repeatable")

    gat = commands.add_parser(
        "gather", help="merge the runs' CSVs in OUT/runs/ into OUT/<csv-name>")
    gat.add_argument("--out", required=True, help="sweep folder (as given to run)")
    gat.add_argument("--csv-name", required=True,
                     help="name of the CSV file each run wrote")
    _add_grid_arguments(gat)
    gat.epilog = ("Without --param, every run folder with a point.json is "
                  "gathered; with it, only that grid's points.")
    return parser


def _report_gather(result: GatherResult, stream: IO) -> int:
    stream.write(f"gathered {len(result.rows)} rows from "
                 f"{result.points - len(result.missing)} of {result.points} "
                 f"points into {result.path}\n")
    if result.missing:
        stream.write(f"{len(result.missing)} points have no complete results: "
                     f"{', '.join(result.missing)}\n")
        return 1
    return 0


def _main_run(args: argparse.Namespace) -> int:
    points = _grid_from_args(args)
    csv_name = args.csv_name or Path(args.binary).name + ".csv"
    out_dir = Path(args.out)
    if args.emit:
        for kind in dict.fromkeys(args.emit):
            if kind == "slurm":
                path = emit_slurm(args.binary, points, out_dir, csv_name,
                                  args.jobs, args.sbatch, args.outdir_flag)
            else:
                path = emit_parallel(args.binary, points, out_dir, csv_name,
                                     args.jobs, args.outdir_flag)
            print(f"{kind}: " + (str(path) if path else
                                 "every point is complete; nothing to run"))
        return 0
    if not os.access(args.binary, os.X_OK) or os.path.isdir(args.binary):
        sys.stderr.write(f"error: {args.binary} is not an executable file\n")
        return 2
    sys.stderr.write(f"{len(points)} points, {args.jobs or os.cpu_count()} at "
                     f"a time, into {out_dir / RUNS_DIR}\n")
    result = run_sweep(args.binary, points, out_dir, csv_name, args.jobs,
                       args.timeout, args.outdir_flag)
    status = _report_gather(gather(out_dir, csv_name, points), sys.stderr)
    if result.failures:
        sys.stderr.write(f"{len(result.failures)} of {len(points)} runs failed:\n")
        for failure in result.failures:
            sys.stderr.write(f"  {failure}\n")
        return 1
    return status


def _main_gather(args: argparse.Namespace) -> int:
    points = _grid_from_args(args) if args.param or args.fixed else None
    return _report_gather(gather(args.out, args.csv_name, points), sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("run", "gather", "-h", "--help"):
        argv.insert(0, "run")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _main_run(args) if args.command == "run" else _main_gather(args)
    except ValueError as error:
        parser.error(str(error))
        return 2


if __name__ == "__main__":
    sys.exit(main())
