"""Tests of nat_study.py, with a fake nat-mapping-timeout program.

    /usr/bin/python3 -m unittest discover -s analysis -p "test_*.py"

The fake writes one plausible CSV row from its flags, delivering every reply
when the send interval is shorter than the NAT timeout and none otherwise,
and a small .pcap file when --pcap=1.  It fails when --hosts=0.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import shutil
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nat_study  # noqa: E402
from test_sweep import write_executable  # noqa: E402

FAKE_NAT = textwrap.dedent("""\
    #!{python}
    import os, sys
    args = dict(arg[2:].split("=", 1) for arg in sys.argv[1:])
    hosts = int(args["hosts"])
    if hosts == 0:
        sys.exit("no hosts")
    interval, timeout = float(args["interval"]), float(args["natTimeout"])
    sent = hosts * int(float(args["duration"]) // interval)
    delivered = sent if interval < timeout else 0
    row = dict(
        hosts=hosts, nat_timeout_s=timeout, interval_s=interval,
        reply_delay_s=float(args["replyDelay"]), duration_s=float(args["duration"]),
        mapping=args["mapping"], filtering=args["filtering"],
        port_allocation=args.get("portAllocation", "sequential"),
        seed=args["seed"], run=args.get("run", 1), requests_sent=sent,
        requests_received=sent, replies_sent=sent, replies_delivered=delivered,
        delivery_ratio=delivered / sent,
        drop_no_mapping=0 if interval < timeout else sent,
        mappings_created=hosts, mappings_expired=0, wall_s=0.01)
    columns = {columns!r}
    os.makedirs(args["outDir"], exist_ok=True)
    path = os.path.join(args["outDir"], "nat-mapping-timeout.csv")
    new = not os.path.exists(path)
    with open(path, "a") as out:
        if new:
            out.write(",".join(columns) + "\\n")
        out.write(",".join(str(row.get(c, 0)) for c in columns) + "\\n")
    if args.get("pcap") == "1":
        with open(os.path.join(args["outDir"], "nat-mapping-timeout-0-1.pcap"), "wb") as cap:
            cap.write(b"\\xd4\\xc3\\xb2\\xa1" + bytes(20))
""")

INTERVALS = [5.0, 10.0, 20.0, 40.0, 80.0]
TIMEOUTS = [10.0, 30.0, 60.0, 120.0]


def row(interval, timeout, ratio, **config):
    """A table row as load_table returns it."""
    base = {"hosts": "20", "reply_delay_s": "1", "duration_s": "600",
            "mapping": "eim", "filtering": "apdf", "port_allocation": "sequential"}
    base.update({k: str(v) for k, v in config.items()})
    return {**base, "interval_s": str(interval), "nat_timeout_s": str(timeout),
            "delivery_ratio": str(ratio)}


class GridTests(unittest.TestCase):
    def test_mean_per_cell_and_missing_cells(self):
        rows = [row(10, 30, 1.0), row(10, 30, 0.5), row(10, 30, "nan"),
                row(20, 30, 0.0), row(10, 60, 0.25)]
        grid = nat_study.delivery_grid(rows)
        self.assertEqual(grid.intervals, [10.0, 20.0])
        self.assertEqual(grid.timeouts, [30.0, 60.0])
        self.assertEqual(grid.values[0], [0.75, 0.0])
        self.assertEqual(grid.values[1][0], 0.25)
        self.assertTrue(math.isnan(grid.values[1][1]))
        self.assertEqual(grid.counts, [[2, 1], [1, 0]])

    def test_ratio_series(self):
        grid = nat_study.delivery_grid([row(5, 10, 1), row(20, 10, 0), row(40, 20, 0.5)])
        self.assertEqual(nat_study.ratio_series(grid),
                         {10.0: [(0.5, 1.0), (2.0, 0.0)], 20.0: [(2.0, 0.5)]})

    def test_mixed_scenarios_need_a_selection(self):
        rows = [row(10, 30, 1, hosts=20), row(10, 30, 0, hosts=5)]
        with self.assertRaisesRegex(ValueError, "mixes hosts = 5, 20"):
            nat_study.scenario(rows)
        chosen = nat_study.filter_rows(rows, {"hosts": "20.0"})
        self.assertEqual(len(chosen), 1)
        self.assertEqual(nat_study.scenario(chosen)["hosts"], "20")
        with self.assertRaisesRegex(ValueError, "no column"):
            nat_study.filter_rows(rows, {"colour": "red"})

    def test_numbers_that_agree_are_one_scenario(self):
        config = nat_study.scenario([row(10, 30, 1, hosts="20"),
                                     row(20, 30, 1, hosts="20.0")])
        self.assertEqual(float(config["hosts"]), 20.0)

    def test_extra_scenario_columns_are_checked_when_present(self):
        rows = [row(10, 30, 1, reply_delay_dist="fixed"),
                row(20, 30, 1, reply_delay_dist="exponential")]
        with self.assertRaisesRegex(ValueError, "mixes reply_delay_dist"):
            nat_study.scenario(rows)
        config = nat_study.scenario(rows[:1])
        self.assertEqual(config["reply_delay_dist"], "fixed")
        self.assertIn("reply delay fixed 1 s", nat_study._title("T", config))

    def test_table_in_the_example_programs_format_plots(self):
        # The built example adds reply_delay_dist/port_preservation and
        # has no wall_s; columns are read by name.
        header = ("hosts,nat_timeout_s,interval_s,reply_delay_s,reply_delay_dist,"
                  "duration_s,mapping,filtering,port_allocation,port_preservation,"
                  "seed,run,replies_sent,replies_delivered,delivery_ratio")
        lines = [header] + [
            f"20,{t},{i},1,exponential,600,eim,apdf,sequential,1,1,1,10,"
            f"{10 if i < t else 5},{1 if i < t else 0.5}"
            for i in (10, 40) for t in (30, 60)]
        with tempfile.TemporaryDirectory() as tmp:
            table = Path(tmp) / "t.csv"
            table.write_text("\n".join(lines) + "\n")
            paths = nat_study.make_plots(table, tmp)
            self.assertEqual(len(paths), 4)
            self.assertEqual(nat_study.delivery_matrix(nat_study.load_table(table)),
                             [[1.0, 0.5], [1.0, 1.0]])

    def test_table_without_needed_columns_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "t.csv"
            path.write_text("interval_s,nat_timeout_s\n1,2\n")
            with self.assertRaisesRegex(ValueError, "delivery_ratio"):
                nat_study.load_table(path)


class PipelineTests(unittest.TestCase):
    """The demo end to end with the fake program: sweep, gather, plots."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="nat-study-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.fake = write_executable(cls.tmp / "fake-nat", FAKE_NAT.format(
            python=sys.executable, columns=nat_study.CSV_COLUMNS))
        cls.out = cls.tmp / "results"
        cls.progress = io.StringIO()
        cls.outputs = nat_study.demo(cls.fake, cls.out, jobs=4, stream=cls.progress)

    def test_table_has_one_row_per_point_in_grid_order(self):
        self.assertEqual(self.outputs.table, self.out / "nat-mapping-timeout.csv")
        with open(self.outputs.table, newline="") as handle:
            records = list(csv.reader(handle))
        self.assertEqual(records[0], nat_study.CSV_COLUMNS)
        rows = [dict(zip(records[0], r)) for r in records[1:]]
        self.assertEqual(len(rows), 20)
        self.assertEqual([(float(r["interval_s"]), float(r["nat_timeout_s"])) for r in rows],
                         [(i, t) for i in INTERVALS for t in TIMEOUTS])
        self.assertEqual({(r["hosts"], r["reply_delay_s"], r["duration_s"], r["mapping"],
                           r["filtering"], r["seed"]) for r in rows},
                         {(str(nat_study.DEMO_FIXED["hosts"]),
                           str(float(nat_study.DEMO_FIXED["replyDelay"])),
                           str(float(nat_study.DEMO_FIXED["duration"])),
                           nat_study.DEMO_FIXED["mapping"], nat_study.DEMO_FIXED["filtering"],
                           str(nat_study.DEMO_FIXED["seed"]))})

    def test_heatmap_matrix(self):
        rows = nat_study.load_table(self.outputs.table)
        grid = nat_study.delivery_grid(rows)
        self.assertEqual(grid.intervals, INTERVALS)
        self.assertEqual(grid.timeouts, TIMEOUTS)
        expected = [[1.0 if i < t else 0.0 for i in INTERVALS] for t in TIMEOUTS]
        self.assertEqual(nat_study.delivery_matrix(rows), expected)
        self.assertEqual(expected[0], [1.0, 0.0, 0.0, 0.0, 0.0])  # sanity of the fake

    def test_plots_exist_and_are_images(self):
        names = {p.name for p in self.outputs.plots}
        self.assertEqual(names, {"nat-delivery-heatmap.png", "nat-delivery-heatmap.pdf",
                                 "nat-delivery-vs-ratio.png", "nat-delivery-vs-ratio.pdf"})
        for path in self.outputs.plots:
            self.assertEqual(path.parent, self.out)
            data = path.read_bytes()
            self.assertGreater(len(data), 5000, path)
            magic = b"\x89PNG" if path.suffix == ".png" else b"%PDF"
            self.assertTrue(data.startswith(magic), path)

    def test_runs_and_capture_run(self):
        run_dirs = sorted(p.name for p in (self.out / "nat-study" / "runs").iterdir())
        self.assertEqual(len(run_dirs), 20)
        self.assertIn("interval=40_natTimeout=30", run_dirs)
        example = self.out / "nat-example"
        self.assertTrue((example / "nat-mapping-timeout-0-1.pcap").is_file())
        log = (example / "log.txt").read_text()
        self.assertIn("--interval=40 --natTimeout=30", log)
        self.assertIn("--pcap=1", log)
        self.assertIn("[20/20] done", self.progress.getvalue())

    def test_rerun_resumes_and_main_prints_locations(self):
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = nat_study.main(["demo", "--binary", str(self.fake),
                                     "--out", str(self.out), "--jobs", "2"])
        self.assertEqual(status, 0, stderr.getvalue())
        self.assertIn("20 of 20 points already complete", stderr.getvalue())
        text = stdout.getvalue()
        self.assertIn(f"table:       {self.out / 'nat-mapping-timeout.csv'}", text)
        self.assertIn("nat-delivery-heatmap.pdf", text)
        self.assertIn("nat-mapping-timeout-0-1.pcap", text)

    def test_plot_command(self):
        plots = self.tmp / "plots"
        with contextlib.redirect_stdout(io.StringIO()):
            status = nat_study.main(["plot", "--table", str(self.outputs.table),
                                     "--out", str(plots), "--where", "hosts=20"])
        self.assertEqual(status, 0)
        for name in ("nat-delivery-heatmap", "nat-delivery-vs-ratio"):
            for fmt in ("png", "pdf"):
                self.assertGreater((plots / f"{name}.{fmt}").stat().st_size, 0)

    def test_plot_command_with_empty_selection_fails(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = nat_study.main(["plot", "--table", str(self.outputs.table),
                                     "--out", str(self.tmp / "none"),
                                     "--where", "hosts=7"])
        self.assertEqual(status, 1)
        self.assertIn("no rows", stderr.getvalue())


class DemoFailureTests(unittest.TestCase):
    def test_failed_run_stops_demo_with_log_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            fake = write_executable(tmp / "fake-nat", FAKE_NAT.format(
                python=sys.executable, columns=nat_study.CSV_COLUMNS))
            broken = {**nat_study.DEMO_FIXED, "hosts": 0}
            with self.assertRaisesRegex(RuntimeError, r"runs failed:\n.*log\.txt"):
                nat_study.demo(fake, tmp / "out", jobs=2, stream=io.StringIO(),
                               fixed=broken)

    def test_missing_binary(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = nat_study.main(["demo", "--binary", "/nonexistent/prog",
                                     "--out", "/tmp/unused"])
        self.assertEqual(status, 2)
        self.assertIn("make build", stderr.getvalue())


if __name__ == "__main__":
    unittest.main()
