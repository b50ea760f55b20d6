"""Tests of sweep.py, run against a small fake program (no C++ build needed).

    /usr/bin/python3 -m unittest discover -s analysis -p "test_*.py"

The fake program ``toy`` takes --a, --b, --outDir and optional --callLog,
--sleep (s) and --parallelLog flags, appends ``a,b,sum`` rows to
``<outDir>/toy.csv``, fails with exit status 3 when a=13 and exits 0
without writing anything when a=14.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sweep  # noqa: E402

TOY = textwrap.dedent("""\
    #!{python}
    import os, sys, time
    args = dict(arg[2:].split("=", 1) for arg in sys.argv[1:])
    if "callLog" in args:
        with open(args["callLog"], "a") as log:
            log.write(os.path.basename(args["outDir"]) + "\\n")
    start = time.time()
    time.sleep(float(args.get("sleep", 0)))
    if "parallelLog" in args:
        with open(args["parallelLog"], "a") as log:
            log.write(f"{{start}} {{time.time()}}\\n")
    print("toy running with", sorted(args))
    if args["a"] == "13":
        print("injected failure", file=sys.stderr)
        sys.exit(3)
    if args["a"] == "14":
        sys.exit(0)
    path = os.path.join(args["outDir"], "toy.csv")
    new = not os.path.exists(path)
    with open(path, "a") as out:
        if new:
            out.write("a,b,sum\\n")
        out.write(f"{{args['a']}},{{args['b']}},{{float(args['a']) + float(args['b'])}}\\n")
""")

FAKE_PARALLEL = textwrap.dedent("""\
    #!{python}
    # Stand-in for GNU parallel: records its arguments, runs stdin lines.
    import subprocess, sys
    with open({argv_log!r}, "w") as log:
        log.write("\\n".join(sys.argv[1:]))
    status = 0
    for line in sys.stdin:
        if line.strip():
            status |= subprocess.call(["bash", "-c", line])
    sys.exit(status)
""")


def write_executable(path: Path, text: str) -> Path:
    """Write a script and make it executable."""
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


class SweepTestCase(unittest.TestCase):
    """Temp folder with the toy program; helpers to run sweeps."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="sweep-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.toy = write_executable(self.tmp / "toy", TOY.format(python=sys.executable))
        self.out = self.tmp / "out"
        self.calls = self.tmp / "calls.log"

    def points(self, a=(1, 2), b=(0, 5), **fixed):
        fixed = {"callLog": self.calls, **fixed}
        return sweep.expand_grid({"a": list(a), "b": list(b)}, fixed)

    def run_sweep(self, points, **kwargs):
        stream = io.StringIO()
        result = sweep.run_sweep(self.toy, points, self.out, "toy.csv",
                                 stream=stream, **kwargs)
        return result, stream.getvalue()

    def call_count(self) -> int:
        return len(self.calls.read_text().splitlines()) if self.calls.exists() else 0


class GridTests(unittest.TestCase):
    def test_cartesian_product_first_parameter_slowest(self):
        points = sweep.expand_grid({"interval": [5, 10], "natTimeout": [10, 30, 60]},
                                   {"hosts": 20})
        self.assertEqual(
            [p.id for p in points],
            ["interval=5_natTimeout=10", "interval=5_natTimeout=30",
             "interval=5_natTimeout=60", "interval=10_natTimeout=10",
             "interval=10_natTimeout=30", "interval=10_natTimeout=60"])
        self.assertEqual(points[4].params,
                         {"interval": "10", "natTimeout": "30", "hosts": "20"})

    def test_point_id_ignores_flag_order_and_fixed_values(self):
        one = sweep.expand_grid({"natTimeout": [30], "interval": [10]}, {"seed": 1})[0]
        two = sweep.expand_grid({"interval": [10], "natTimeout": [30]}, {"seed": 2})[0]
        self.assertEqual(sweep.point_id(one), "interval=10_natTimeout=30")
        self.assertEqual(sweep.point_id(one), sweep.point_id(two))

    def test_point_id_sanitises_and_names_empty_grid(self):
        point = sweep.expand_grid({"file": ["a/b c"], "x": [0.5]})[0]
        self.assertEqual(point.id, "file=a-b-c_x=0.5")
        self.assertEqual(sweep.expand_grid({}, {"a": 1})[0].id, "base")
        self.assertEqual(len(sweep.expand_grid({})), 1)

    def test_invalid_grids_are_refused(self):
        with self.assertRaisesRegex(ValueError, "repeats"):
            sweep.expand_grid({"a": [1, 1]})
        with self.assertRaisesRegex(ValueError, "no values"):
            sweep.expand_grid({"a": []})
        with self.assertRaisesRegex(ValueError, "both swept and fixed"):
            sweep.expand_grid({"a": [1]}, {"a": 2})
        with self.assertRaisesRegex(ValueError, "share the id"):
            sweep.expand_grid({"f": ["a/b", "a:b"]})
        with self.assertRaisesRegex(ValueError, "invalid parameter name"):
            sweep.expand_grid({"a b": [1]})

    def test_command_for(self):
        point = sweep.expand_grid({"interval": [10]}, {"hosts": 20})[0]
        self.assertEqual(
            sweep.command_for("/bin/prog", point, "/o/runs/interval=10"),
            ["/bin/prog", "--interval=10", "--hosts=20", "--outDir=/o/runs/interval=10"])
        self.assertEqual(
            sweep.command_for("prog", {"x": 1}, "d", outdir_flag="output"),
            ["prog", "--x=1", "--output=d"])
        with self.assertRaisesRegex(ValueError, "set by the sweep"):
            sweep.command_for("prog", {"outDir": "x"}, "d")

    def test_cli_param_parsing(self):
        args = sweep.build_parser().parse_args(
            ["run", "--binary", "b", "--out", "o", "--param", "interval=5,10",
             "--param", "natTimeout=30", "--fixed", "hosts=20"])
        points = sweep._grid_from_args(args)
        self.assertEqual([p.id for p in points],
                         ["interval=5_natTimeout=30", "interval=10_natTimeout=30"])
        self.assertEqual(points[0].params["hosts"], "20")


class CsvTests(unittest.TestCase):
    def check(self, text: str) -> bool:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "t.csv"
            path.write_text(text)
            return sweep.csv_is_complete(path)

    def test_completeness(self):
        self.assertTrue(self.check("a,b\n1,2\n3,4\n"))
        self.assertFalse(self.check(""))
        self.assertFalse(self.check("a,b\n"))           # header only
        self.assertFalse(self.check("a,b\n1,2\n3"))      # cut mid-row
        self.assertFalse(self.check("a,b\n1,2\n3,4"))    # no final newline
        self.assertFalse(sweep.csv_is_complete("/nonexistent/t.csv"))


class RunTests(SweepTestCase):
    def test_runs_every_point_and_logs(self):
        points = self.points()
        result, progress = self.run_sweep(points, jobs=2)
        self.assertTrue(result.ok, result.failures)
        self.assertEqual(sorted(result.completed), sorted(p.id for p in points))
        self.assertEqual(self.call_count(), 4)
        run_dir = self.out / "runs" / "a=2_b=5"
        self.assertEqual((run_dir / "toy.csv").read_text(), "a,b,sum\n2,5,7.0\n")
        self.assertEqual(sweep.read_point_file(run_dir), points[3])
        log = (run_dir / "log.txt").read_text()
        self.assertIn("--a=2 --b=5", log)
        self.assertIn("toy running with", log)
        self.assertIn("# exit status 0", log)
        self.assertIn("[4/4] done, 0 running, ETA 0 s", progress)

    def test_resume_skips_complete_points(self):
        points = self.points()
        self.run_sweep(points)
        self.assertEqual(self.call_count(), 4)
        result, progress = self.run_sweep(points)
        self.assertEqual(self.call_count(), 4)
        self.assertEqual(len(result.skipped), 4)
        self.assertEqual(result.completed, [])
        self.assertIn("4 of 4 points already complete", progress)

    def test_resume_reruns_partial_point_without_duplicate_rows(self):
        points = self.points(a=(1, 2), b=(5,))
        self.run_sweep(points)
        broken = self.out / "runs" / "a=2_b=5" / "toy.csv"
        broken.write_text("a,b,sum\n2,5,7.0\n2,")   # killed while writing
        result, _ = self.run_sweep(points)
        self.assertEqual(result.skipped, ["a=1_b=5"])
        self.assertEqual(result.completed, ["a=2_b=5"])
        self.assertEqual(broken.read_text(), "a,b,sum\n2,5,7.0\n")

    def test_changed_fixed_parameter_reruns(self):
        self.run_sweep(self.points(c=1))
        result, _ = self.run_sweep(self.points(c=2))
        self.assertEqual(len(result.completed), 4)
        self.assertEqual(self.call_count(), 8)

    def test_failing_run_is_reported_and_others_run(self):
        points = self.points(a=(1, 13, 14, 2), b=(0,))
        result, progress = self.run_sweep(points, jobs=2)
        self.assertFalse(result.ok)
        self.assertEqual(sorted(result.completed), ["a=1_b=0", "a=2_b=0"])
        failures = {f.point_id: f for f in result.failures}
        self.assertEqual(set(failures), {"a=13_b=0", "a=14_b=0"})
        self.assertEqual(failures["a=13_b=0"].reason, "exit status 3")
        self.assertIn("no complete toy.csv", failures["a=14_b=0"].reason)
        log = failures["a=13_b=0"].log
        self.assertEqual(log, self.out / "runs" / "a=13_b=0" / "log.txt")
        self.assertIn("injected failure", log.read_text())
        self.assertIn(f"FAILED a=13_b=0: exit status 3; log: {log}", progress)
        # A rerun retries only the failed points.
        result, _ = self.run_sweep(points)
        self.assertEqual(len(result.skipped), 2)
        self.assertEqual(len(result.failures), 2)

    def test_cli_exits_nonzero_and_names_log(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = sweep.main(["--binary", str(self.toy), "--out", str(self.out),
                                 "--param", "a=1,13", "--fixed", "b=0", "--jobs", "2"])
        self.assertEqual(status, 1)
        self.assertIn(str(self.out / "runs" / "a=13" / "log.txt"), stderr.getvalue())
        # The good point was still run and gathered.
        self.assertEqual((self.out / "toy.csv").read_text(), "a,b,sum\n1,0,1.0\n")

    def test_cli_refuses_missing_binary(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = sweep.main(["run", "--binary", str(self.tmp / "nope"),
                                 "--out", str(self.out), "--param", "a=1"])
        self.assertEqual(status, 2)
        self.assertIn("not an executable", stderr.getvalue())

    def test_runs_in_parallel(self):
        overlap_log = self.tmp / "times.log"
        points = self.points(a=(1, 2), b=(0,), sleep=0.6, parallelLog=overlap_log)
        result, _ = self.run_sweep(points, jobs=2)
        self.assertTrue(result.ok)
        (s1, e1), (s2, e2) = [map(float, line.split())
                              for line in overlap_log.read_text().splitlines()]
        self.assertLess(max(s1, s2), min(e1, e2), "the two runs did not overlap")

    def test_timeout_kills_run(self):
        points = self.points(a=(1,), b=(0,), sleep=30)
        result, _ = self.run_sweep(points, timeout=0.5)
        self.assertEqual(len(result.failures), 1)
        self.assertIn("timed out", result.failures[0].reason)

    def test_run_point_uses_given_directory(self):
        target = self.tmp / "single"
        self.assertIsNone(sweep.run_point(self.toy, {"a": 4, "b": 1}, target, "toy.csv"))
        self.assertEqual((target / "toy.csv").read_text(), "a,b,sum\n4,1,5.0\n")
        failure = sweep.run_point(self.toy, {"a": 13, "b": 1}, self.tmp / "bad", "toy.csv")
        self.assertEqual(failure.reason, "exit status 3")


class GatherTests(SweepTestCase):
    def test_merges_rows_sorted_numerically_with_one_header(self):
        points = self.points(a=(10, 2, 1), b=(0, 5))
        self.run_sweep(points, jobs=3)
        result = sweep.gather(self.out, "toy.csv", points)
        self.assertEqual(result.missing, [])
        self.assertEqual((self.out / "toy.csv").read_text(),
                         "a,b,sum\n"
                         "1,0,1.0\n1,5,6.0\n"
                         "2,0,2.0\n2,5,7.0\n"
                         "10,0,10.0\n10,5,15.0\n")

    def test_discovers_points_and_lists_missing(self):
        points = self.points(a=(3, 13), b=(1,))
        self.run_sweep(points)
        result = sweep.gather(self.out, "toy.csv", dest=self.tmp / "all.csv")
        self.assertEqual(result.missing, ["a=13_b=1"])
        self.assertEqual((self.tmp / "all.csv").read_text(), "a,b,sum\n3,1,4.0\n")

    def test_gather_with_only_swept_values_matches_any_fixed(self):
        self.run_sweep(self.points(a=(1,), b=(2,)))
        only_grid = sweep.expand_grid({"a": [1], "b": [2]})
        self.assertEqual(sweep.gather(self.out, "toy.csv", only_grid).rows,
                         [["1", "2", "3.0"]])
        wrong_fixed = sweep.expand_grid({"a": [1], "b": [2]}, {"callLog": "other"})
        self.assertEqual(sweep.gather(self.out, "toy.csv", wrong_fixed).missing,
                         ["a=1_b=2"])

    def test_different_headers_are_refused(self):
        points = self.points(a=(1, 2), b=(0,))
        self.run_sweep(points)
        (self.out / "runs" / "a=2_b=0" / "toy.csv").write_text("a,c,sum\n2,0,2\n")
        with self.assertRaisesRegex(ValueError, "different header"):
            sweep.gather(self.out, "toy.csv", points)

    def test_gather_command(self):
        self.run_sweep(self.points(a=(2, 1), b=(0,)))
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = sweep.main(["gather", "--out", str(self.out), "--csv-name", "toy.csv"])
        self.assertEqual(status, 0)
        self.assertIn("gathered 2 rows from 2 of 2 points", stderr.getvalue())
        self.assertEqual((self.out / "toy.csv").read_text(),
                         "a,b,sum\n1,0,1.0\n2,0,2.0\n")


class EmitTests(SweepTestCase):
    def test_slurm_script_contents(self):
        points = self.points(a=(1, 2), b=(0, 5))
        script = sweep.emit_slurm(self.toy, points, self.out, "toy.csv", jobs=2,
                                  sbatch_options=["--time=00:05:00"])
        self.assertEqual(script, self.out.absolute() / "sweep.slurm")
        text = script.read_text()
        self.assertTrue(text.startswith("#!/bin/bash\n"))
        self.assertIn("#SBATCH --array=0-3%2\n", text)
        self.assertIn("#SBATCH --time=00:05:00\n", text)
        self.assertIn('eval "${COMMANDS[$SLURM_ARRAY_TASK_ID]}"', text)
        run_dir = self.out.absolute() / "runs" / "a=2_b=5"
        self.assertIn(f"{self.toy} --a=2 --b=5 --callLog={self.calls} "
                      f"--outDir={run_dir} > {run_dir}/log.txt 2>&1", text)
        self.assertEqual(text.count("--outDir="), 4)
        self.assertEqual(self.call_count(), 0, "emitting must not run anything")
        self.assertTrue((run_dir / "point.json").exists())

    def test_slurm_tasks_run_the_points(self):
        points = self.points(a=(1, 2), b=(0, 5))
        script = sweep.emit_slurm(self.toy, points, self.out, "toy.csv")
        for task in range(4):
            env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(task))
            subprocess.run(["bash", str(script)], env=env, check=True)
        self.assertIn("toy running", (self.out / "runs" / "a=1_b=5" / "log.txt").read_text())
        result = sweep.gather(self.out, "toy.csv", points)
        self.assertEqual(result.missing, [])
        self.assertEqual(len(result.rows), 4)
        # Emitting again leaves the complete points out.
        self.assertIsNone(sweep.emit_slurm(self.toy, points, self.out, "toy.csv"))

    def test_slurm_leaves_out_complete_points(self):
        self.run_sweep(self.points(a=(1,), b=(0, 5)))
        script = sweep.emit_slurm(self.toy, self.points(a=(1, 2), b=(0, 5)),
                                  self.out, "toy.csv")
        text = script.read_text()
        self.assertIn("#SBATCH --array=0-1\n", text)
        self.assertIn("2 already complete", text)
        self.assertNotIn("--a=1 ", text)

    def test_parallel_script_runs_with_sshloginfile(self):
        points = self.points(a=(1, 2), b=(0,))
        script = sweep.emit_parallel(self.toy, points, self.out, "toy.csv", jobs=3)
        text = script.read_text()
        self.assertIn("--sshloginfile", text)
        self.assertIn(f"parallel --joblog {self.out.absolute()}/parallel.joblog "
                      f"--jobs 3 \"$@\" <<'SWEEP_COMMANDS'\n", text)
        self.assertEqual(text.count("--outDir="), 2)
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir()
        argv_log = self.tmp / "parallel-argv.txt"
        write_executable(bin_dir / "parallel", FAKE_PARALLEL.format(
            python=sys.executable, argv_log=str(argv_log)))
        env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
        subprocess.run(["bash", str(script), "--sshloginfile", "nodes.txt"],
                       env=env, check=True)
        argv = argv_log.read_text().split("\n")
        self.assertEqual(argv[-2:], ["--sshloginfile", "nodes.txt"])
        self.assertIn("--joblog", argv)
        self.assertEqual(sweep.gather(self.out, "toy.csv", points).rows,
                         [["1", "0", "1.0"], ["2", "0", "2.0"]])

    def test_cli_emit_writes_both_and_runs_nothing(self):
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            status = sweep.main(["run", "--binary", str(self.toy), "--out", str(self.out),
                                 "--param", "a=1,2", "--fixed", "b=0",
                                 "--fixed", f"callLog={self.calls}",
                                 "--emit", "slurm", "--emit", "parallel"])
        self.assertEqual(status, 0)
        self.assertTrue((self.out / "sweep.slurm").is_file())
        self.assertTrue((self.out / "sweep.parallel.sh").is_file())
        self.assertIn("--csv-name toy.csv", (self.out / "sweep.slurm").read_text())
        self.assertEqual(self.call_count(), 0)


if __name__ == "__main__":
    unittest.main()
