/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The remote-access scenario (RemoteAccessHelper): configuration checks
 * with their messages, and small scenarios whose protocol outcomes are
 * known: every client's tunnel comes up through its PAT with its own SPD
 * entry at the hub; delivery is whole while the keepalive interval is
 * below the NAT timeout and falls, with no-mapping drops at the NATs,
 * when there are no keepalives; after a NAT reboot only DPD brings idle
 * clients back; the hub's CPU is charged exactly per handshake; runs are
 * deterministic.
 */
#include "ns3/ipsec-helper.h"
#include "ns3/remote-access-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ns3
{
namespace
{

/// A finished run: its CSV outputs and results.
struct RunOutput
{
    std::string summary;
    std::string peers;
    std::string timeseries;
    std::vector<RemoteAccessHelper::PeerResult> results;
    uint32_t hubSpdEntries{0};
    uint32_t hubPhase2{0};
    Time hubBusy;
    uint64_t natNoMapping{0};
    uint32_t tunnelsUp{0};
};

RunOutput
RunScenario(const RemoteAccessConfig& config, Time duration, uint32_t run = 1)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    RunOutput out;
    {
        RemoteAccessHelper scenario(config);
        scenario.Build();
        scenario.SetEnd(duration);
        Simulator::Stop(duration);
        Simulator::Run();
        std::ostringstream s;
        scenario.WriteSummaryHeader(s);
        scenario.WriteSummaryRow(s);
        out.summary = s.str();
        std::ostringstream p;
        scenario.WritePeers(p);
        out.peers = p.str();
        std::ostringstream t;
        scenario.WriteTimeseries(t);
        out.timeseries = t.str();
        out.results = scenario.PeerResults();
        out.hubSpdEntries = static_cast<uint32_t>(
            IpsecHelper::GetStack(scenario.GetHub())->GetSpd().Policies().size());
        out.hubPhase2 = scenario.GetHubAgent()->GetPhase2Count();
        out.hubBusy = scenario.GetHubCpu()->GetBusyTime();
        for (uint32_t j = 0; j < config.nats; ++j)
        {
            out.natNoMapping += scenario.GetNatBox(j)->GetDropCount(NatDropReason::NO_MAPPING);
        }
        out.tunnelsUp = scenario.GetTunnelsUp();
    }
    Simulator::Destroy();
    return out;
}

RemoteAccessConfig
Small()
{
    RemoteAccessConfig c;
    c.peers = 12;
    c.nats = 3;
    c.keepalive = Seconds(20);
    c.natTimeout = "60";
    c.startWindow = Seconds(10);
    c.hubInterval = Seconds(30);
    return c;
}

/// \return the value of column \p name in a one-row CSV.
std::string
Field(const std::string& csv, const std::string& name)
{
    std::istringstream in(csv);
    std::string header;
    std::string row;
    std::getline(in, header);
    std::getline(in, row);
    std::vector<std::string> names;
    std::vector<std::string> values;
    std::stringstream h(header);
    std::stringstream r(row);
    std::string item;
    while (std::getline(h, item, ','))
    {
        names.push_back(item);
    }
    while (std::getline(r, item, ','))
    {
        values.push_back(item);
    }
    if (!row.empty() && row.back() == ',')
    {
        values.emplace_back();
    }
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        if (names[i] == name)
        {
            return i < values.size() ? values[i] : "";
        }
    }
    ADD_FAILURE() << "no column " << name;
    return "";
}

} // namespace

TEST(NatTimeoutSpec, Forms)
{
    std::string error;
    auto one = NatTimeoutSpec::Parse("60", error);
    ASSERT_TRUE(one) << error;
    EXPECT_EQ(one->items, std::vector<double>{60});
    EXPECT_DOUBLE_EQ(one->Mean(), 60);
    ASSERT_TRUE(NatTimeoutSpec::Parse("45s", error));
    auto u = NatTimeoutSpec::Parse("uniform:30:120", error);
    ASSERT_TRUE(u) << error;
    EXPECT_TRUE(u->uniform);
    EXPECT_DOUBLE_EQ(u->Mean(), 75);
    auto l = NatTimeoutSpec::Parse("list:30;60;120", error);
    ASSERT_TRUE(l) << error;
    EXPECT_EQ(l->items, (std::vector<double>{30, 60, 120}));
    EXPECT_DOUBLE_EQ(l->Mean(), 70);

    std::string path = ::testing::TempDir() + "/nat-timeouts.txt";
    {
        std::ofstream f(path);
        f << "# measured home routers\n30\n\n  180 # a comment\n";
    }
    auto f = NatTimeoutSpec::Parse("file:" + path, error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->items, (std::vector<double>{30, 180}));

    // Draws stay within the distribution.
    Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
    random->SetStream(7);
    for (int i = 0; i < 100; ++i)
    {
        double t = u->Draw(random).GetSeconds();
        EXPECT_GE(t, 30);
        EXPECT_LE(t, 120);
        double v = l->Draw(random).GetSeconds();
        EXPECT_TRUE(v == 30 || v == 60 || v == 120) << v;
    }
    std::remove(path.c_str());
}

TEST(NatTimeoutSpec, ErrorsNameTheProblemAndTheForms)
{
    struct Case
    {
        const char* text;
        const char* says;
    };
    for (const Case& c :
         {Case{"abc", "'abc' is not a positive number"}, Case{"0", "'0' is not a positive number"},
          Case{"-5", "is not a positive number"}, Case{"uniform:5", "uniform needs two values"},
          Case{"uniform:90:30", "the low end is above the high end"},
          Case{"list:30;x", "'x' is not a positive number"},
          Case{"file:/nonexistent/timeouts", "cannot read /nonexistent/timeouts"}})
    {
        std::string error;
        EXPECT_FALSE(NatTimeoutSpec::Parse(c.text, error)) << c.text;
        EXPECT_NE(error.find(c.says), std::string::npos) << error;
        EXPECT_NE(error.find("allowed: a number of seconds"), std::string::npos) << error;
    }
}

TEST(RemoteAccessConfig, ValidateNamesTheValueAndTheAllowedRange)
{
    struct Case
    {
        std::function<void(RemoteAccessConfig&)> change;
        const char* says;
    };
    std::vector<Case> cases{
        {[](RemoteAccessConfig& c) { c.keepalive = Seconds(3); }, "keepalive=3 s is out of range: "
                                                                  "allowed 0 (off) or 5..3600 s"},
        {[](RemoteAccessConfig& c) { c.nats = 200; }, "nats=200 is out of range: allowed 1..peers"},
        {[](RemoteAccessConfig& c) { c.natMapping = "full-cone"; },
         "natMapping='full-cone' is unknown: allowed eim, adm, apdm"},
        {[](RemoteAccessConfig& c) { c.dhGroup = 7; },
         "dhGroup=7 is unknown: allowed 1, 2, 5, 14, 19, 20, 31"},
        {[](RemoteAccessConfig& c) { c.loss = 1.5; }, "loss=1.5 is out of range"},
        {[](RemoteAccessConfig& c) { c.dpd = Seconds(2); }, "dpd=2 s is out of range"},
        {[](RemoteAccessConfig& c) { c.natTimeout = "soon"; }, "NAT timeout 'soon'"},
    };
    EXPECT_EQ(Small().Validate(), "");
    for (const auto& c : cases)
    {
        RemoteAccessConfig config = Small();
        c.change(config);
        EXPECT_NE(config.Validate().find(c.says), std::string::npos) << config.Validate();
    }
    std::string error;
    EXPECT_FALSE(CpuCostProfile::LoadNamed("fast-cpu", error));
    EXPECT_NE(error.find("allowed zero, software-x86, hardware-crypto-engine"), std::string::npos)
        << error;
    EXPECT_TRUE(CpuCostProfile::LoadNamed("software-x86", error)) << error;
    EXPECT_TRUE(CpuCostProfile::LoadNamed("hardware-crypto-engine", error)) << error;
}

TEST(RemoteAccessScenario, EveryClientUpWithItsOwnSpdEntryAndFullDelivery)
{
    RunOutput o = RunScenario(Small(), Seconds(300));
    ASSERT_EQ(o.results.size(), 12u);
    EXPECT_EQ(o.tunnelsUp, 12u);
    EXPECT_EQ(o.hubPhase2, 12u);
    // One dynamic instance per client: its /32 to the hub's network.
    EXPECT_EQ(o.hubSpdEntries, 12u);
    for (const auto& r : o.results)
    {
        ASSERT_TRUE(r.setupS.has_value());
        // Main Mode + Quick Mode over a 2 x 20 ms WAN: under a second.
        EXPECT_GT(*r.setupS, 0.1);
        EXPECT_LT(*r.setupS, 1.0);
        EXPECT_GE(r.hubToPeerSent, 8u);
        EXPECT_EQ(r.hubToPeerDelivered, r.hubToPeerSent);
        EXPECT_TRUE(r.upAtEnd);
    }
    EXPECT_EQ(o.natNoMapping, 0u);
    EXPECT_EQ(Field(o.summary, "tunnels_established"), "12");
    EXPECT_EQ(Field(o.summary, "hub_to_peer_delivery"), "1");
    // Keepalives every ~20 s from 12 clients for ~290 s: about 170 of 29 octets.
    double keepalives = std::stod(Field(o.summary, "keepalives_sent"));
    EXPECT_GT(keepalives, 150);
    EXPECT_LT(keepalives, 190);
    EXPECT_NEAR(std::stod(Field(o.summary, "keepalive_bytes_per_s")), keepalives * 29 / 300, 1e-6);
}

TEST(RemoteAccessScenario, WithoutKeepalivesTheMappingLapsesAndServerTrafficIsLost)
{
    RemoteAccessConfig c = Small();
    c.keepalive = Seconds(0);
    c.natTimeout = "30";
    c.hubInterval = Seconds(45);
    RunOutput o = RunScenario(c, Seconds(400));
    uint64_t sent = 0;
    uint64_t delivered = 0;
    for (const auto& r : o.results)
    {
        sent += r.hubToPeerSent;
        delivered += r.hubToPeerDelivered;
    }
    ASSERT_GT(sent, 80u);
    // The mapping dies 30 s after Quick Mode; the first datagram comes 1 to
    // 46 s after it, so at most one per client gets through.
    EXPECT_LE(delivered, 12u);
    EXPECT_EQ(o.natNoMapping, sent - delivered);
    EXPECT_EQ(Field(o.summary, "drop_nat_no_mapping"), std::to_string(sent - delivered));
    // The clients still believe their tunnels are up (no DPD).
    EXPECT_EQ(o.tunnelsUp, 12u);
}

TEST(RemoteAccessScenario, AfterNatRebootOnlyDpdBringsIdleClientsBack)
{
    RemoteAccessConfig c = Small();
    c.keepalive = Seconds(10);
    c.hubInterval = Seconds(20);
    c.rebootAt = Seconds(100);
    // The NATs come back with other public ports (rebootMovesPorts).
    // Without DPD the hub keeps sending to the old public ports: the
    // keepalives make new mappings, but keepalives are not authenticated,
    // so the hub does not follow them (RFC 3948 section 2.3).
    RunOutput off = RunScenario(c, Seconds(300));
    for (const auto& r : off.results)
    {
        EXPECT_FALSE(r.recoveryS.has_value());
    }
    EXPECT_GT(off.natNoMapping, 50u);
    EXPECT_EQ(Field(off.summary, "recovered_peers"), "0");

    // With DPD every 15 s the clients' R-U-THERE, authenticated, comes
    // through the new mapping and the hub moves the client's SAs to it.
    c.dpd = Seconds(15);
    RunOutput on = RunScenario(c, Seconds(300));
    for (const auto& r : on.results)
    {
        ASSERT_TRUE(r.recoveryS.has_value());
        // The client's DPD is due within 15 s, then the next datagram comes
        // within 20 s; where the hub's own DPD declared the client dead
        // first (its probes go to the old port), the client's DPD fails
        // too and it starts a new Main Mode: longer, but under a minute.
        EXPECT_LT(*r.recoveryS, 60.0);
    }
    EXPECT_EQ(Field(on.summary, "recovered_peers"), "12");
    EXPECT_GT(std::stod(Field(on.summary, "dpd_bytes_per_s")), 0);
}

TEST(RemoteAccessScenario, HubCpuIsChargedPerHandshake)
{
    RemoteAccessConfig c = Small();
    c.cpuProfile = "software-x86";
    c.keepalive = Seconds(0);
    c.hubInterval = Seconds(0);
    c.peers = 1;
    c.nats = 1;
    RunOutput one = RunScenario(c, Seconds(60));
    c.peers = 8;
    c.nats = 2;
    RunOutput eight = RunScenario(c, Seconds(60));
    // Group 14 on both DH operations alone is 0.8 ms in this profile.
    EXPECT_GT(one.hubBusy, MicroSeconds(800));
    EXPECT_LT(one.hubBusy, MilliSeconds(2));
    EXPECT_EQ(eight.hubBusy, one.hubBusy * 8);
    EXPECT_NEAR(std::stod(Field(eight.summary, "hub_cpu_mean")),
                eight.hubBusy.GetSeconds() / (60.0 * 4), 1e-9);
    EXPECT_GT(std::stod(Field(eight.summary, "hub_cpu_max")), 0);
    // The zero profile charges nothing.
    c.cpuProfile = "zero";
    EXPECT_EQ(RunScenario(c, Seconds(60)).hubBusy, Time(0));
}

TEST(RemoteAccessScenario, HubCpuIsChargedPerKeepalive)
{
    // A profile where only keepalives cost: the hub's busy time is exactly
    // one millisecond per keepalive it received.
    std::string path = ::testing::TempDir() + "/keepalive-only.profile";
    {
        std::ofstream f(path);
        f << "nat-keepalive 1ms\n";
    }
    RemoteAccessConfig c = Small();
    c.cpuProfile = path;
    c.hubInterval = Seconds(0);
    uint64_t keepalives = 0;
    Time busy;
    {
        RngSeedManager::SetRun(1);
        RemoteAccessHelper scenario(c);
        scenario.Build();
        scenario.SetEnd(Seconds(200));
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        keepalives = IpsecHelper::GetStack(scenario.GetHub())->GetCounters().keepalivesIn;
        busy = scenario.GetHubCpu()->GetBusyTime();
    }
    Simulator::Destroy();
    std::remove(path.c_str());
    EXPECT_GT(keepalives, 80u); // 12 clients, every ~20 s, for ~190 s
    EXPECT_EQ(busy, MilliSeconds(1) * int64_t(keepalives));
}

TEST(RemoteAccessScenario, SameSeedSameBytes)
{
    RemoteAccessConfig c = Small();
    c.loss = 0.05;
    c.peerTraffic = PeerTrafficPattern::ON_OFF;
    RunOutput a = RunScenario(c, Seconds(200), 1);
    RunOutput b = RunScenario(c, Seconds(200), 1);
    EXPECT_EQ(a.summary, b.summary);
    EXPECT_EQ(a.peers, b.peers);
    EXPECT_EQ(a.timeseries, b.timeseries);
    RunOutput other = RunScenario(c, Seconds(200), 2);
    EXPECT_NE(a.peers, other.peers);
}

} // namespace ns3
