/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Remote access at scale: N IPsec clients behind M NAT/PAT boxes, one hub
 * gateway with a server behind it (RemoteAccessHelper). Each client runs
 * IKEv1 Main Mode + Quick Mode with NAT-T to the hub at a random time of
 * the start window and keeps its NAT mapping alive with keepalives (or
 * not); the server sends each connected client a datagram every
 * --hubInterval, which is what a lapsed mapping loses. The hub's IKE and
 * ESP work runs on a CPU model (--cpuProfile, --hubCores).
 *
 *   ./ipsec-nat-remote-access --peers=1000 --nats=100 --keepalive=20 \
 *       --natTimeout=60 --duration=600 --outDir=out
 *
 * Writes <outDir>/summary.csv (one row: parameters and results),
 * timeseries.csv (per --sampleInterval: hub CPU, tunnels up, delivery),
 * peers.csv (per client: setup time, recovery time, delivery) and
 * run-info.txt (wall time and peak memory: not part of the deterministic
 * output); with --pcap the hub's WAN link and NAT 0's two sides, with
 * --keys esp_sa and ikev1_decryption_table for Wireshark, with --show the
 * hub's `show crypto isakmp sa` / `show crypto ipsec sa` at the end.
 */
#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/ike-helper.h"
#include "ns3/ipsec-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/remote-access-helper.h"
#include "ns3/rng-flags.h"
#include "ns3/show-progress.h"

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iostream>

using namespace ns3;

namespace
{
std::ofstream
Open(const std::string& path)
{
    std::ofstream f(path);
    NS_ABORT_MSG_IF(!f, "cannot write " << path);
    return f;
}
} // namespace

int
main(int argc, char* argv[])
{
    RemoteAccessConfig c;
    double keepalive = 20;
    double dpd = 0;
    double duration = 600;
    double startWindow = 60;
    double hubInterval = 30;
    double peerInterval = 10;
    double wanDelayMs = 20;
    double rebootAt = 0;
    double ipsecLifetime = 3600;
    double sampleInterval = 10;
    RngFlags rng;
    std::string peerTraffic = "idle";
    bool pcap = false;
    bool keys = false;
    bool show = false;
    bool progress = true;
    std::string outDir = "ipsec-nat-remote-access";

    CommandLine cmd(__FILE__);
    cmd.AddValue("peers", "Remote-access clients", c.peers);
    cmd.AddValue("nats", "NAT/PAT boxes (clients spread evenly)", c.nats);
    cmd.AddValue("natsPerRouter", "NATs per aggregation router (fan-out)", c.natsPerRouter);
    cmd.AddValue("keepalive", "NAT-T keepalive interval of the clients, s (0 or 5..3600)",
                 keepalive);
    cmd.AddValue("keepaliveCountsReceived",
                 "IOS idle rule: received traffic also postpones keepalives",
                 c.keepaliveCountsReceived);
    cmd.AddValue("natTimeout",
                 "NAT UDP mapping timeout: seconds, uniform:LOW:HIGH, list:A;B;C or file:PATH",
                 c.natTimeout);
    cmd.AddValue("mapping", "NAT mapping behaviour: eim, adm, apdm", c.natMapping);
    cmd.AddValue("filtering", "NAT filtering behaviour: eif, adf, apdf", c.natFiltering);
    cmd.AddValue("inboundRefresh", "Inbound packets refresh NAT mappings", c.natInboundRefresh);
    cmd.AddValue("dpd", "DPD interval on hub and clients, s (0: off, or 10..3600)", dpd);
    cmd.AddValue("cpuProfile",
                 "Hub CPU cost profile: zero, software-x86, hardware-crypto-engine or a file",
                 c.cpuProfile);
    cmd.AddValue("hubCores", "Hub CPU cores", c.hubCores);
    cmd.AddValue("hubQueue", "Hub CPU queue limit (jobs)", c.hubQueueLimit);
    cmd.AddValue("duration", "Simulated time, s", duration);
    rng.AddTo(cmd);
    cmd.AddValue("startWindow", "Clients start IKE uniformly within this window, s", startWindow);
    cmd.AddValue("hubInterval", "Server-to-client datagram interval, s (0: none)", hubInterval);
    cmd.AddValue("peerTraffic", "Client-to-server traffic: idle, periodic, onoff", peerTraffic);
    cmd.AddValue("peerInterval", "Client traffic period (periodic) or scale (onoff), s",
                 peerInterval);
    cmd.AddValue("loss", "Packet loss probability on each NAT's WAN link", c.loss);
    cmd.AddValue("wanDelay", "One-way delay of each NAT's WAN link, ms", wanDelayMs);
    cmd.AddValue("rebootAt", "All NATs reboot (lose their mappings) at this time, s (0: never)",
                 rebootAt);
    cmd.AddValue("rebootMovesPorts", "After the reboot, new mappings get other public ports",
                 c.rebootMovesPorts);
    cmd.AddValue("dhGroup", "Phase 1 DH group: 1, 2, 5, 14, 19, 20, 31", c.dhGroup);
    cmd.AddValue("ipsecLifetime", "Phase 2 lifetime, s", ipsecLifetime);
    cmd.AddValue("sampleInterval", "timeseries.csv interval, s", sampleInterval);
    cmd.AddValue("pcap", "Write pcaps of the hub's WAN link and NAT 0's links", pcap);
    cmd.AddValue("keys", "Write esp_sa and ikev1_decryption_table for Wireshark", keys);
    cmd.AddValue("show", "Write the hub's show crypto output at the end", show);
    cmd.AddValue("progress", "Print progress while running", progress);
    cmd.AddValue("plain",
                 "Benchmark floor: no IPsec/IKE, routers instead of NATs, 1-octet UDP every "
                 "keepalive interval",
                 c.plain);
    cmd.AddValue("outDir", "Output folder", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(peerTraffic != "idle" && peerTraffic != "periodic" && peerTraffic != "onoff",
                    "--peerTraffic='" << peerTraffic
                                      << "' is unknown: allowed idle, periodic, onoff");
    NS_ABORT_MSG_IF(!(duration > 0), "--duration must be positive");
    c.peerTraffic = peerTraffic == "idle"       ? PeerTrafficPattern::IDLE
                    : peerTraffic == "periodic" ? PeerTrafficPattern::PERIODIC
                                                : PeerTrafficPattern::ON_OFF;
    c.keepalive = Seconds(keepalive);
    c.dpd = Seconds(dpd);
    c.startWindow = Seconds(startWindow);
    c.hubInterval = Seconds(hubInterval);
    c.peerInterval = Seconds(peerInterval);
    c.wanDelay = MilliSeconds(wanDelayMs);
    c.rebootAt = Seconds(rebootAt);
    c.ipsecLifetime = Seconds(ipsecLifetime);
    c.sampleInterval = Seconds(sampleInterval);
    c.exportKeys = keys;
    c.outDir = outDir;
    std::string problem = c.Validate();
    NS_ABORT_MSG_IF(!problem.empty(), "--" << problem);

    rng.Apply();
    SystemPath::MakeDirectories(outDir);

    auto wall0 = std::chrono::steady_clock::now();
    RemoteAccessHelper scenario(c);
    scenario.Build();
    scenario.SetEnd(Seconds(duration));
    if (pcap)
    {
        PointToPointHelper p2p;
        p2p.EnablePcap(outDir + "/hub-wan.pcap", scenario.GetHubWanDevice(), false, true);
        auto [wan, lan] = scenario.GetNatDevices(0);
        p2p.EnablePcap(outDir + "/nat0-wan.pcap", wan, false, true);
        p2p.EnablePcap(outDir + "/nat0-lan.pcap", lan, false, true);
    }
    if (show)
    {
        IkeHelper::ScheduleShowCrypto(scenario.GetHub(), Seconds(duration) - NanoSeconds(1),
                                      outDir + "/show-crypto.txt");
    }
    auto wall1 = std::chrono::steady_clock::now();
    double setupWall = std::chrono::duration<double>(wall1 - wall0).count();
    std::cerr << "built " << c.peers << " clients, " << c.nats << " NATs in " << setupWall
              << " s wall\n";

    Simulator::Stop(Seconds(duration));
    {
        std::unique_ptr<ShowProgress> bar;
        if (progress)
        {
            bar = std::make_unique<ShowProgress>(Seconds(10), std::cerr);
        }
        Simulator::Run();
    }
    auto wall2 = std::chrono::steady_clock::now();
    double runWall = std::chrono::duration<double>(wall2 - wall1).count();

    {
        auto f = Open(outDir + "/summary.csv");
        scenario.WriteSummaryHeader(f);
        scenario.WriteSummaryRow(f);
    }
    {
        auto f = Open(outDir + "/timeseries.csv");
        scenario.WriteTimeseries(f);
    }
    {
        auto f = Open(outDir + "/peers.csv");
        scenario.WritePeers(f);
    }
    struct rusage usage
    {
    };
    getrusage(RUSAGE_SELF, &usage);
    {
        auto f = Open(outDir + "/run-info.txt");
        f << "setup_wall_s " << setupWall << "\nrun_wall_s " << runWall << "\npeak_rss_mb "
          << double(usage.ru_maxrss) / 1024.0 << "\nevents " << Simulator::GetEventCount() << "\n";
    }
    scenario.PrintReport(std::cout);
    std::cout << "wall: setup " << setupWall << " s, run " << runWall << " s; peak RSS "
              << usage.ru_maxrss / 1024 << " MB; results in " << outDir << "/\n";
    Simulator::Destroy();
    return 0;
}
