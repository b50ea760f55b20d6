"""Tests of remote_access_study.py, with a fake ipsec-nat-remote-access.

    /usr/bin/python3 -m unittest discover -s analysis -p "test_*.py"

The fake writes summary.csv, timeseries.csv and peers.csv from its flags
with a simple model (FAKE_MODEL below) so that the tests can check the
numbers that come out of the sweeps, the gathering and the aggregation.
It fails when --peers=0.
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
from unittest import mock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import remote_access_study as ras  # noqa: E402
from test_sweep import write_executable  # noqa: E402

DROP_COLUMNS = ["drop_nat_no_mapping", "drop_ipsec_replay", "drop_cpu_queue_full"]

# The fake's model:
#   delivery      = (1 if 0 < keepalive < mean NAT timeout else 0.25) * (1 - loss)
#   keepalive B/s = peers * 29 / keepalive (0 when off)
#   hub CPU mean  = min(1, peers * cost(profile) * (1 + 20 / keepalive)),
#                   p95 = min(1, 1.4 * mean); cost: software-x86 1e-4,
#                   hardware-crypto-engine 2.5e-5, zero 0
#   setup of peer i = 0.02 (1 + i % 5)(1 + 100 loss (i % 3)) s; with loss > 0
#                   every round(1/loss)-th peer (from i = 0) never comes up
#   recovery of peer i = base + 0.5 (i % 4) s, base = min(keepalive, 3 dpd)
#                   over those that are on; none when both are off
#   time series: every 10 s; the hub sends to every peer at multiples of
#                   hubInterval, so intervals without a send have no delivery
FAKE = textwrap.dedent("""\
    #!{python}
    import math, os, sys
    args = dict(a[2:].split("=", 1) for a in sys.argv[1:])
    P = int(args["peers"])
    if P == 0:
        sys.exit("no peers")
    NATS = int(args.get("nats", 1))
    K = float(args.get("keepalive", 20))
    SPEC = args.get("natTimeout", "60")
    try:
        T = float(SPEC)
    except ValueError:
        values = [float(v) for v in SPEC.split(":", 1)[1].replace(";", ":").split(":")]
        T = sum(values) / len(values)
    D = float(args.get("dpd", 0))
    PROFILE = args.get("cpuProfile", "zero")
    DUR = float(args.get("duration", 600))
    H = float(args.get("hubInterval", 30))
    L = float(args.get("loss", 0))
    R = float(args.get("rebootAt", 0))
    delivery = (1.0 if 0 < K < T else 0.25) * (1 - L)
    step = round(1 / L) if L > 0 else 0
    setup = [None if step and i % step == 0 else
             0.02 * (1 + i % 5) * (1 + 100 * L * (i % 3)) for i in range(P)]
    bases = [v for v in ([K] if K > 0 else []) + ([3 * D] if D > 0 else [])]
    recovery = [None] * P
    if R > 0 and bases:
        recovery = [min(bases) + 0.5 * (i % 4) for i in range(P)]
    cost = dict(zero=0.0, **{{"software-x86": 1e-4, "hardware-crypto-engine": 2.5e-5}})
    cpu = min(1.0, P * cost.get(PROFILE, 1e-4) * (1 + (20 / K if K > 0 else 0)))

    def pct(values, q):
        values = sorted(v for v in values if v is not None)
        if not values:
            return ""
        return values[min(len(values) - 1, math.ceil(q * len(values)) - 1)]

    def fmt(v):
        if v is None or v == "":
            return ""
        return repr(round(v, 6)) if isinstance(v, float) else str(v)

    sends = int(DUR // H)
    sent = P * sends
    delivered = round(sent * delivery)
    up = [s for s in setup if s is not None]
    row = dict(peers=P, nats=NATS, keepalive_s=args.get("keepalive", "20"),
               nat_timeout=SPEC, dpd_s=args.get("dpd", "0"), cpu_profile=PROFILE,
               hub_cores=4, duration_s=DUR, seed=args.get("seed", 1),
               run=args.get("run", 1), hub_interval_s=H,
               peer_traffic=args.get("peerTraffic", "idle"), loss=L,
               wan_delay_ms=args.get("wanDelay", 20), reboot_at_s=R,
               keepalive_counts_received=0, tunnels_established=len(up),
               tunnels_up_end=len(up), setup_median_s=pct(up, 0.5),
               setup_p95_s=pct(up, 0.95), setup_max_s=pct(up, 1.0),
               hub_to_peer_sent=sent, hub_to_peer_delivered=delivered,
               hub_to_peer_delivery=delivered / sent if sent else "",
               peer_to_hub_sent=0, peer_to_hub_delivered=0, peer_to_hub_delivery="",
               keepalives_sent=int(P * DUR / K) if K > 0 else 0,
               keepalive_bytes_per_s=P * 29 / K if K > 0 else 0.0,
               dpd_bytes_per_s=0.0, ike_bytes_per_s=1.5 * P, hub_cpu_mean=cpu,
               hub_cpu_p95=min(1.0, 1.4 * cpu), hub_cpu_max=min(1.0, 2 * cpu),
               recovered_peers=sum(r is not None for r in recovery),
               recovery_median_s=pct(recovery, 0.5), recovery_p95_s=pct(recovery, 0.95),
               wall_s=0.01, drop_nat_no_mapping=sent - delivered)
    out = args["outDir"]
    os.makedirs(out, exist_ok=True)

    def write(name, header, rows):
        with open(os.path.join(out, name), "w") as f:
            f.write(",".join(header) + "\\n")
            for r in rows:
                f.write(",".join(fmt(r.get(c, 0)) for c in header) + "\\n")

    peers = [dict(loss=L, keepalive_s=row["keepalive_s"], nat_timeout=SPEC,
                  dpd_s=row["dpd_s"], peer=i, nat=i % NATS, peer_nat_timeout_s=T,
                  setup_s=setup[i], recovery_s=recovery[i],
                  hub_to_peer_sent=sends, hub_to_peer_delivered=round(sends * delivery))
             for i in range(P)]
    write("peers.csv", {peers_columns!r}, peers)
    series = []
    for n in range(int(DUR // 10)):
        t = 10.0 * n
        bin_sends = sum(1 for m in range(1, sends + 1) if t <= m * H < t + 10)
        s = P * bin_sends
        series.append(dict(time_s=t, hub_cpu_utilisation=cpu * (1 + 0.2 * (n % 3 - 1)),
                           tunnels_up=len(up) - (P // 2 if R <= t < R + 30 and R else 0),
                           hub_to_peer_sent=s, hub_to_peer_delivered=round(s * delivery),
                           hub_to_peer_delivery=delivery if s else ""))
    write("timeseries.csv", {timeseries_columns!r}, series)
    write("summary.csv", {summary_columns!r}, [row])
""")


def fake_program(folder: Path) -> Path:
    return write_executable(folder / "fake-remote-access", FAKE.format(
        python=sys.executable, peers_columns=list(ras.PEERS_COLUMNS),
        timeseries_columns=list(ras.TIMESERIES_COLUMNS),
        summary_columns=ras.SUMMARY_COLUMNS + DROP_COLUMNS))


def summary_row(**values) -> dict:
    """A summary.csv row as load_table returns it (strings), with defaults."""
    base = dict(peers=200, nats=20, keepalive_s=20, nat_timeout=60, dpd_s=0,
                cpu_profile="software-x86", hub_cores=4, duration_s=600, seed=1,
                run=1, hub_interval_s=30, peer_traffic="idle", loss=0,
                wan_delay_ms=20, reboot_at_s=0, hub_to_peer_delivery=1.0,
                keepalive_bytes_per_s=290.0, hub_cpu_mean=0.1, hub_cpu_p95=0.2,
                recovered_peers=0, recovery_median_s="", recovery_p95_s="")
    base.update(values)
    return {c: str(base.get(c, 0)) for c in ras.SUMMARY_COLUMNS + DROP_COLUMNS}


def peer_row(loss, setup, **values) -> dict:
    base = dict(loss=loss, keepalive_s=20, nat_timeout=60, dpd_s=0, setup_s=setup)
    base.update(values)
    return {c: "" if base.get(c, 0) is None else str(base.get(c, 0))
            for c in ras.PEERS_COLUMNS}


def write_table(path: Path, rows) -> Path:
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def assert_plots(test: unittest.TestCase, paths, names):
    """``paths`` are exactly ``names`` as PNG and PDF, real non-trivial files."""
    test.assertEqual(sorted(p.name for p in paths),
                     sorted(f"{n}.{f}" for n in names for f in ("png", "pdf")))
    for path in paths:
        data = path.read_bytes()
        test.assertGreater(len(data), 5000, path)
        test.assertTrue(data.startswith(b"\x89PNG" if path.suffix == ".png" else b"%PDF"),
                        path)


class AggregationTests(unittest.TestCase):
    def test_delivery_grid_means_runs_and_skips_empty_cells(self):
        rows = [summary_row(keepalive_s=10, nat_timeout=30, hub_to_peer_delivery=1.0, run=1),
                summary_row(keepalive_s=10, nat_timeout=30, hub_to_peer_delivery=0.5, run=2),
                summary_row(keepalive_s=10, nat_timeout=30, hub_to_peer_delivery="", run=3),
                summary_row(keepalive_s=40, nat_timeout="30.0", hub_to_peer_delivery=0.25),
                summary_row(keepalive_s=10, nat_timeout="uniform:30:120",
                            hub_to_peer_delivery=0.75),
                summary_row(keepalive_s=40, nat_timeout="uniform:30:120",
                            hub_to_peer_delivery=""),
                summary_row(keepalive_s=0, nat_timeout=30, hub_to_peer_delivery=0.0)]
        grid = ras.delivery_grid(rows)
        self.assertEqual(grid.keepalives, [0.0, 10.0, 40.0])
        self.assertEqual(grid.timeouts, [30.0, "uniform:30:120"])
        self.assertEqual(grid.values[0][0], 0.0)
        self.assertEqual(grid.values[1], [0.75, 0.75])
        self.assertEqual(grid.values[2][0], 0.25)
        self.assertTrue(math.isnan(grid.values[2][1]))
        self.assertTrue(math.isnan(grid.values[0][1]))   # no run at all
        self.assertEqual(grid.counts, [[1, 0], [2, 1], [1, 0]])

    def test_mean_by(self):
        rows = [summary_row(peers=1, hub_cpu_mean=0.2), summary_row(peers="1.0", hub_cpu_mean=0.4),
                summary_row(peers=2, hub_cpu_mean="")]
        self.assertEqual(ras.mean_by(rows, ["peers"], "hub_cpu_mean")[(1.0,)][1], 2)
        self.assertAlmostEqual(ras.mean_by(rows, ["peers"], "hub_cpu_mean")[(1.0,)][0], 0.3)
        mean, count = ras.mean_by(rows, ["peers"], "hub_cpu_mean")[(2.0,)]
        self.assertTrue(math.isnan(mean))
        self.assertEqual(count, 0)

    def test_keepalive_bandwidth_total_and_per_peer(self):
        rows = [summary_row(keepalive_s=10, nat_timeout=30, peers=200,
                            keepalive_bytes_per_s=580, run=1),
                summary_row(keepalive_s=10, nat_timeout=30, peers=200,
                            keepalive_bytes_per_s=620, run=2),
                summary_row(keepalive_s=20, nat_timeout=30, peers=100,
                            keepalive_bytes_per_s=145),
                summary_row(keepalive_s=20, nat_timeout=60, peers=100,
                            keepalive_bytes_per_s="")]
        points = ras.keepalive_bandwidth(rows)
        self.assertEqual([(p.keepalive_s, p.nat_timeout) for p in points],
                         [(10.0, 30.0), (20.0, 30.0)])
        self.assertAlmostEqual(points[0].bytes_per_s, 600.0)
        self.assertAlmostEqual(points[0].per_peer_bytes_per_s, 3.0)
        self.assertAlmostEqual(points[1].per_peer_bytes_per_s, 1.45)

    def test_cpu_series_by_profile_keepalive_and_peers(self):
        rows = [summary_row(cpu_profile="software-x86", keepalive_s=10, peers=500, nats=50,
                            hub_cpu_mean=0.2, hub_cpu_p95=0.3, seed=1),
                summary_row(cpu_profile="software-x86", keepalive_s=10, peers=500, nats=50,
                            hub_cpu_mean=0.4, hub_cpu_p95=0.5, seed=2),
                summary_row(cpu_profile="software-x86", keepalive_s=10, peers=250, nats=25,
                            hub_cpu_mean=0.1, hub_cpu_p95=0.15),
                summary_row(cpu_profile="zero", keepalive_s=60, peers=250, nats=25,
                            hub_cpu_mean=0.0, hub_cpu_p95=0.0)]
        series = ras.cpu_series(rows)
        self.assertEqual(list(series), ["software-x86", "zero"])
        line = series["software-x86"][10.0]
        self.assertEqual([p.peers for p in line], [250.0, 500.0])
        self.assertAlmostEqual(line[1].mean, 0.3)
        self.assertAlmostEqual(line[1].p95, 0.4)
        self.assertEqual(line[1].runs, 2)
        self.assertEqual(line[1].nats, 50.0)
        self.assertEqual(list(series["zero"]), [60.0])

    def test_recovery_series(self):
        rows = [summary_row(dpd_s=0, keepalive_s=10, reboot_at_s=300, recovered_peers=200,
                            recovery_median_s=10, recovery_p95_s=12, run=1),
                summary_row(dpd_s=0, keepalive_s=10, reboot_at_s=300, recovered_peers=100,
                            recovery_median_s=14, recovery_p95_s=20, run=2),
                summary_row(dpd_s=0, keepalive_s=0, reboot_at_s=300, recovered_peers=0,
                            recovery_median_s="", recovery_p95_s=""),
                summary_row(dpd_s=30, keepalive_s=10, reboot_at_s=300, recovered_peers=200,
                            recovery_median_s=9, recovery_p95_s=11)]
        series = ras.recovery_series(rows)
        self.assertEqual(list(series), [0.0, 30.0])
        off = series[0.0]
        self.assertEqual([p.keepalive_s for p in off], [0.0, 10.0])
        self.assertTrue(math.isnan(off[0].median_s))
        self.assertEqual(off[0].recovered_peers, 0.0)
        self.assertEqual((off[1].median_s, off[1].p95_s, off[1].recovered_peers, off[1].runs),
                         (12.0, 16.0, 150.0, 2))

    def test_ecdf(self):
        xs, ys = ras.ecdf([3.0, 1.0, math.nan, 2.0])
        self.assertEqual(xs, [1.0, 2.0, 3.0])
        self.assertEqual(ys, [0.25, 0.5, 0.75])
        self.assertEqual(ras.ecdf([2.0, 2.0], total=4), ([2.0, 2.0], [0.25, 0.5]))
        self.assertEqual(ras.ecdf([]), ([], []))
        with self.assertRaises(ValueError):
            ras.ecdf([1.0, 2.0], total=1)

    def test_setup_cdfs_count_peers_that_never_came_up(self):
        rows = [peer_row(0.05, s) for s in (0.3, 0.1, None, 0.2)]
        rows += [peer_row(0, s) for s in (0.1, 0.1)]
        rows += [peer_row(0.1, None), peer_row("0.10", None)]
        cdfs = ras.setup_cdfs(rows)
        self.assertEqual([c.loss for c in cdfs], [0.0, 0.05, 0.1])
        self.assertEqual(cdfs[1].times, [0.1, 0.2, 0.3])
        self.assertEqual(cdfs[1].fractions, [0.25, 0.5, 0.75])
        self.assertEqual((cdfs[1].up, cdfs[1].total, cdfs[1].up_fraction), (3, 4, 0.75))
        self.assertEqual(cdfs[0].fractions, [0.5, 1.0])
        self.assertEqual((cdfs[2].up, cdfs[2].total, cdfs[2].fractions), (0, 2, []))
        self.assertEqual(ras._up_label(cdfs[1]), "loss 5% (75% up, 3/4)")
        self.assertEqual(ras._up_label(cdfs[0]), "no loss (100% up, 2/2)")
        almost = ras.SetupCdf(0.01, [1.0] * 999, [0.0] * 999, 1000)
        self.assertEqual(ras._up_label(almost), "loss 1% (99.9% up, 999/1000)")

    def test_scenario_and_selection(self):
        rows = [summary_row(peers=200), summary_row(peers=500)]
        with self.assertRaisesRegex(ValueError, "mixes peers = 200, 500.*--where peers=200"):
            ras.scenario(rows)
        self.assertNotIn("peers", ras.scenario(rows, vary=("peers",)))
        chosen = ras.filter_rows(rows, {"peers": "500.0"})
        self.assertEqual(ras.scenario(chosen)["peers"], "500")
        with self.assertRaisesRegex(ValueError, "no column"):
            ras.filter_rows(rows, {"colour": "red"})
        with self.assertRaisesRegex(ValueError, "no rows"):
            ras.scenario([])

    def test_describe(self):
        config = ras.scenario([summary_row(loss=0.05, reboot_at_s=300, dpd_s=0,
                                           cpu_profile="/x/profiles/my-cpu.txt")])
        text = ", ".join(ras.describe(config))
        for phrase in ("200 peers behind 20 NATs", "NAT-T keepalive 20 s",
                       "NAT timeout 60 s", "DPD off", "hub CPU my-cpu.txt (4 cores)",
                       "hub sends every 30 s", "WAN loss 5%", "NATs reboot at 300 s",
                       "600 s simulated"):
            self.assertIn(phrase, text)
        self.assertIn("NAT timeout list:30;60",
                      ", ".join(ras.describe({"nat_timeout": "list:30;60"})))
        self.assertNotIn("reboot", ", ".join(ras.describe({"reboot_at_s": "0"})))

    def test_title_breaks_lines_between_phrases_only(self):
        config = ras.scenario([summary_row(wan_delay_ms=20)])
        title = ras._title("Headline", config, ["mean of 2 runs each"], width=40)
        lines = title.split("\n")
        self.assertEqual(lines[0], "Headline")
        self.assertEqual(lines[1], "mean of 2 runs each,")
        self.assertIn("WAN delay 20 ms", title)
        self.assertEqual(", ".join(l.rstrip(",") for l in lines[1:]),
                         ", ".join(["mean of 2 runs each", *ras.describe(config)]))

    def test_log_tick_labels(self):
        self.assertEqual([ras._log_label(v) for v in (0.02, 0.03, 0.5, 1, 200, 600, 0)],
                         ["0.02", "", "0.5", "1", "200", "", ""])

    def test_expand_derived_nats_follow_peers(self):
        points = ras.expand_derived({"peers": [250, 2000], "keepalive": [10]},
                                    {"duration": 300}, {"nats": ras.nats_for(10)})
        self.assertEqual([p.params for p in points],
                         [{"peers": "250", "keepalive": "10", "nats": "25", "duration": "300"},
                          {"peers": "2000", "keepalive": "10", "nats": "200",
                           "duration": "300"}])
        self.assertEqual(points[0].id, "keepalive=10_nats=25_peers=250")
        self.assertEqual(ras.nats_for(10)({"peers": "5"}), 1)
        self.assertEqual(ras.nats_for(10)({"peers": "21"}), 3)
        with self.assertRaisesRegex(ValueError, "derived"):
            ras.expand_derived({"peers": [1]}, {"nats": 1}, {"nats": ras.nats_for()})

    def test_timeseries_with_empty_delivery(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "timeseries.csv"
            path.write_text("time_s,hub_cpu_utilisation,tunnels_up,hub_to_peer_sent,"
                            "hub_to_peer_delivered,hub_to_peer_delivery\n"
                            "0,0.1,5,0,0,\n10,0.2,5,5,4,0.8\n20,0.1,4,0,0,\n")
            series = ras.load_timeseries(path)
        self.assertEqual(series.time_s, [0.0, 10.0, 20.0])
        self.assertEqual(series.tunnels_up, [5.0, 5.0, 4.0])
        self.assertTrue(math.isnan(series.delivery[0]))
        self.assertEqual(series.delivery[1], 0.8)
        self.assertEqual(series.interval_s, 10.0)

    def test_table_without_needed_columns_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "summary.csv"
            path.write_text("peers,keepalive_s\n1,2\n")
            with self.assertRaisesRegex(ValueError, "nat_timeout"):
                ras.plots_keepalive_timeout(path, tmp)


class PlotTests(unittest.TestCase):
    """Every plot from small synthetic tables, edge cases included."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="ra-plots-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def test_keepalive_timeout_plots_with_text_timeout_off_and_empty_cells(self):
        rows = [summary_row(keepalive_s=k, nat_timeout=t,
                            hub_to_peer_delivery="" if (k, t) == (80, 30) else 0.5,
                            keepalive_bytes_per_s=200 * 29 / k if k else 0)
                for k in (0, 10, 80) for t in (30, "uniform:30:120")]
        table = write_table(self.tmp / "summary.csv", rows)
        paths = ras.plots_keepalive_timeout(table, self.tmp / "out")
        assert_plots(self, paths, [ras.HEATMAP_NAME, ras.BANDWIDTH_NAME])

    def test_mixed_scenarios_need_where(self):
        rows = [summary_row(keepalive_s=10, peers=p) for p in (100, 200)]
        table = write_table(self.tmp / "summary.csv", rows)
        with self.assertRaisesRegex(ValueError, "mixes peers"):
            ras.plots_keepalive_timeout(table, self.tmp / "out")
        self.assertFalse((self.tmp / "out").exists())

    def test_cpu_plot_two_profiles(self):
        rows = [summary_row(peers=p, nats=p // 10, keepalive_s=k, cpu_profile=c,
                            hub_cpu_mean=p * 1e-4 * f, hub_cpu_p95=p * 1.4e-4 * f)
                for c, f in (("software-x86", 1.0), ("hardware-crypto-engine", 0.25))
                for p in (250, 500, 1000) for k in (10, 60)]
        table = write_table(self.tmp / "summary.csv", rows)
        assert_plots(self, ras.plots_cpu_vs_peers(table, self.tmp), [ras.CPU_NAME])

    def test_recovery_plot_and_no_reboot(self):
        rows = [summary_row(keepalive_s=k, dpd_s=d, reboot_at_s=300, recovered_peers=200,
                            recovery_median_s=k if k else "",
                            recovery_p95_s=k + 5 if k else "")
                for k in (0, 10, 60) for d in (0, 30)]
        table = write_table(self.tmp / "summary.csv", rows)
        assert_plots(self, ras.plots_recovery(table, self.tmp), [ras.RECOVERY_NAME])
        no_reboot = write_table(self.tmp / "s2.csv", [summary_row(keepalive_s=10)])
        with self.assertRaisesRegex(ValueError, "do not reboot"):
            ras.plots_recovery(no_reboot, self.tmp)

    def test_setup_cdf_with_never_up_and_summary_title(self):
        rows = [peer_row(loss, None if i % 4 == 0 and loss else 0.02 * (1 + i) * (1 + 50 * loss))
                for loss in (0, 0.1) for i in range(20)]
        table = write_table(self.tmp / "peers.csv", rows)
        summary = write_table(self.tmp / "summary.csv",
                              [summary_row(loss=0), summary_row(loss=0.1)])
        paths = ras.plots_setup_cdf(table, self.tmp, summary)
        assert_plots(self, paths, [ras.SETUP_CDF_NAME])
        all_down = write_table(self.tmp / "down.csv", [peer_row(0.5, None)] * 3)
        assert_plots(self, ras.plots_setup_cdf(all_down, self.tmp / "down"),
                     [ras.SETUP_CDF_NAME])

    def test_timeseries_plot(self):
        lines = ["time_s,hub_cpu_utilisation,tunnels_up,hub_to_peer_sent,"
                 "hub_to_peer_delivered,hub_to_peer_delivery"]
        for n in range(60):
            sent = 100 if n % 3 == 0 else 0
            lines.append(f"{10 * n},{0.1 + 0.01 * (n % 4)},{50 if 30 <= n < 33 else 100},"
                         f"{sent},{sent},{'1' if sent else ''}")
        (self.tmp / "timeseries.csv").write_text("\n".join(lines) + "\n")
        write_table(self.tmp / "summary.csv", [summary_row(reboot_at_s=300)])
        paths = ras.plots_timeseries(self.tmp / "timeseries.csv", self.tmp / "out")
        assert_plots(self, paths, [ras.TIMESERIES_NAME])


class PipelineTests(unittest.TestCase):
    """The demo end to end with the fake program: sweeps, gather, plots."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="ra-study-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.fake = fake_program(cls.tmp)
        cls.out = cls.tmp / "results"
        cls.progress = io.StringIO()
        cls.outputs = ras.demo(cls.fake, cls.out, jobs=6, stream=cls.progress)

    def test_keepalive_timeout_table_and_heatmap_values(self):
        study = self.outputs.studies[0]
        self.assertEqual(study.tables["summary.csv"],
                         self.out / "keepalive-timeout" / "summary.csv")
        rows = ras.load_table(study.tables["summary.csv"])
        self.assertEqual(list(rows[0]), ras.SUMMARY_COLUMNS + DROP_COLUMNS)
        self.assertEqual(len(rows), 12)
        self.assertEqual({(r["peers"], r["nats"], r["hub_interval_s"], r["duration_s"])
                          for r in rows}, {("200", "20", "30.0", "600.0")})
        grid = ras.delivery_grid(rows)
        self.assertEqual(grid.keepalives, [10.0, 20.0, 40.0, 80.0])
        self.assertEqual(grid.timeouts, [30.0, 60.0, 120.0])
        self.assertEqual(grid.values, [[1.0 if k < t else 0.25 for t in grid.timeouts]
                                       for k in grid.keepalives])
        bandwidth = {p.keepalive_s: p.per_peer_bytes_per_s
                     for p in ras.keepalive_bandwidth(rows)}
        self.assertAlmostEqual(bandwidth[10.0], 2.9)
        self.assertAlmostEqual(bandwidth[80.0], 29 / 80)

    def test_cpu_table_has_nats_from_peers(self):
        rows = ras.load_table(self.outputs.studies[1].tables["summary.csv"])
        self.assertEqual(len(rows), 24)  # 4 peer counts x 3 keepalives x 2 profiles
        self.assertEqual(sorted({(int(r["peers"]), int(r["nats"])) for r in rows}),
                         [(250, 25), (500, 50), (1000, 100), (2000, 200)])
        self.assertEqual({r["duration_s"] for r in rows}, {"300.0"})
        line = ras.cpu_series(rows)["software-x86"][60.0]
        self.assertEqual([p.peers for p in line], [250.0, 500.0, 1000.0, 2000.0])
        self.assertAlmostEqual(line[-1].mean, 2000 * 1e-4 * (1 + 20 / 60), places=5)
        run_dirs = {p.name for p in (self.out / "cpu-vs-peers" / "runs").iterdir()}
        self.assertIn("cpuProfile=software-x86_keepalive=10_nats=25_peers=250", run_dirs)

    def test_plots_and_timeseries_run(self):
        assert_plots(self, self.outputs.plots,
                     [ras.HEATMAP_NAME, ras.BANDWIDTH_NAME, ras.CPU_NAME,
                      ras.TIMESERIES_NAME])
        for path in self.outputs.plots:
            self.assertEqual(path.parent, self.out)
        self.assertEqual(self.outputs.timeseries_run,
                         self.out / "keepalive-timeout" / "runs" / "keepalive=40_natTimeout=30")
        log = (self.outputs.timeseries_run / "log.txt").read_text()
        self.assertIn("--keepalive=40 --natTimeout=30 --peers=200 --nats=20", log)
        self.assertIn("--peerTraffic=idle", log)
        self.assertIn("[12/12] done", self.progress.getvalue())

    def test_rerun_resumes_and_main_prints_outputs(self):
        # Drawing is tested elsewhere; here only the files' names matter.
        def save(_figure, out_dir, name):
            return [Path(out_dir) / f"{name}.{fmt}" for fmt in ras.FORMATS]

        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
                mock.patch.object(ras, "_save", save):
            status = ras.main(["demo", "--binary", str(self.fake), "--out", str(self.out),
                               "--jobs", "2"])
        self.assertEqual(status, 0, stderr.getvalue())
        self.assertEqual(stderr.getvalue().count("12 of 12 points already complete"), 1)
        self.assertEqual(stderr.getvalue().count("24 of 24 points already complete"), 1)
        text = stdout.getvalue()
        self.assertIn(f"table:    {self.out / 'cpu-vs-peers' / 'summary.csv'}", text)
        for name in ("ra-delivery-heatmap", "ra-keepalive-bandwidth", "ra-cpu-vs-peers",
                     "ra-timeseries"):
            self.assertIn(f"{self.out / name}.pdf", text)

    def test_plot_commands_on_gathered_tables(self):
        plots = self.tmp / "plots"
        table = self.out / "cpu-vs-peers" / "summary.csv"
        with contextlib.redirect_stdout(io.StringIO()) as stdout:
            status = ras.main(["plot", "cpu-vs-peers", "--table", str(table),
                               "--out", str(plots), "--where", "keepalive_s=60"])
        self.assertEqual(status, 0)
        self.assertEqual(stdout.getvalue().split(),
                         [str(plots / "ra-cpu-vs-peers.png"), str(plots / "ra-cpu-vs-peers.pdf")])
        self.assertGreater((plots / "ra-cpu-vs-peers.png").stat().st_size, 5000)
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = ras.main(["plot", "cpu-vs-peers", "--table", str(table),
                               "--out", str(plots), "--where", "peers=7"])
        self.assertEqual(status, 1)
        self.assertIn("no rows", stderr.getvalue())


class SweepStudyTests(unittest.TestCase):
    """The recovery and setup-cdf studies with the fake program."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="ra-sweeps-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.fake = fake_program(cls.tmp)

    def test_recovery_study(self):
        outputs = ras.recovery_study(self.fake, self.tmp / "out", jobs=6,
                                     stream=io.StringIO())
        assert_plots(self, outputs.plots, [ras.RECOVERY_NAME])
        rows = ras.load_table(outputs.tables["summary.csv"])
        self.assertEqual(len(rows), 9)
        self.assertEqual({r["reboot_at_s"] for r in rows}, {"300.0"})
        series = ras.recovery_series(rows)
        # base = min(keepalive, 3 dpd); peers' offsets 0, .5, 1, 1.5 s
        self.assertEqual([p.median_s for p in series[0.0]], [10.5, 20.5, 60.5])
        self.assertEqual([p.median_s for p in series[10.0]], [10.5, 20.5, 30.5])
        self.assertEqual([p.p95_s for p in series[30.0]], [11.5, 21.5, 61.5])
        self.assertEqual(len(ras.load_table(outputs.tables["peers.csv"])), 9 * 200)

    def test_setup_cdf_study_through_main(self):
        out = self.tmp / "setup"
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
            status = ras.main(["sweep", "setup-cdf", "--binary", str(self.fake),
                               "--out", str(out), "--jobs", "4"])
        self.assertEqual(status, 0)
        self.assertIn(str(out / "ra-setup-cdf.png"), stdout.getvalue())
        cdfs = ras.setup_cdfs(ras.load_table(out / "setup-cdf" / "peers.csv"))
        self.assertEqual([c.loss for c in cdfs], [0.0, 0.01, 0.05, 0.1])
        self.assertEqual([c.total for c in cdfs], [500] * 4)
        self.assertEqual([c.up for c in cdfs], [500, 495, 475, 450])
        self.assertEqual(cdfs[3].fractions[-1], 0.9)
        self.assertEqual(cdfs[0].times[0], 0.02)


class FailureTests(unittest.TestCase):
    def test_failed_run_stops_demo_with_log_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            fake = fake_program(Path(tmp))
            with self.assertRaisesRegex(RuntimeError, r"runs failed:\n.*log\.txt"):
                ras.demo(fake, Path(tmp) / "out", jobs=2, stream=io.StringIO(),
                         keepalive_grid={"keepalive": [40], "natTimeout": [30]},
                         keepalive_fixed={"peers": 0})

    def test_timeseries_point_must_be_in_the_grid(self):
        with self.assertRaisesRegex(ValueError, "not in the keepalive-timeout grid"):
            ras.demo("/nonexistent", "/tmp/unused", keepalive_grid={"keepalive": [10],
                                                                     "natTimeout": [30]})

    def test_missing_binary(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = ras.main(["demo", "--binary", "/nonexistent/prog", "--out", "/tmp/unused"])
        self.assertEqual(status, 2)
        self.assertIn("make build", stderr.getvalue())


if __name__ == "__main__":
    unittest.main()
