/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scenario tests of NatBox inside ns-3 topologies: real ns-3 sockets and
 * applications on both sides, assertions on what arrives, from where, and
 * which drop reasons the box reports.
 */
#include "nat/nat-scenario.h"

#include "ns3/applications-module.h"
#include "ns3/internet-apps-module.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

std::vector<uint8_t>
EspPacket(uint32_t spi, uint32_t seq)
{
    // RFC 4303 section 2: SPI, sequence number, then (opaque) payload.
    std::vector<uint8_t> b{uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi),
                           uint8_t(seq >> 24), uint8_t(seq >> 16), uint8_t(seq >> 8), uint8_t(seq)};
    b.resize(48, 0xAB);
    return b;
}

uint16_t
PortOf(const Receipt& r)
{
    return r.fromPort;
}

void
Defaults(NatHelper&)
{
}

} // namespace

// A UDP exchange through PAT, with ns-3 checksums on: the remote sees the
// public address (inside port kept, port preservation), and the reply is
// accepted by the inside host's UDP socket, which checks the checksum the
// box adjusted (RFC 1624).
class PatUdpRoundTrip : public ::testing::TestWithParam<bool>
{
};

TEST_P(PatUdpRoundTrip, ReplyReachesInsideSocketWithValidChecksum)
{
    HomeNetwork net(1, 1, Defaults, /*p2p=*/GetParam());
    Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000, 100);
    net.bed.SendUdpTo(Seconds(2), server, HomeNetwork::PublicAddress(), 5000, 200);
    net.bed.Run(Seconds(3));

    ASSERT_EQ(net.bed.Received(server).size(), 1U);
    EXPECT_EQ(net.bed.Received(server)[0].from, HomeNetwork::PublicAddress());
    EXPECT_EQ(PortOf(net.bed.Received(server)[0]), 5000);
    ASSERT_EQ(net.bed.Received(host).size(), 1U);
    EXPECT_EQ(net.bed.Received(host)[0].from, HomeNetwork::RemoteAddress(0));
    EXPECT_EQ(net.bed.Received(host)[0].bytes.size(), 200U);
    EXPECT_EQ(net.nat->GetCounters().translatedOutbound, 1U);
    EXPECT_EQ(net.nat->GetCounters().translatedInbound, 1U);
    EXPECT_TRUE(net.bed.Drops().empty());
}

INSTANTIATE_TEST_SUITE_P(Links, PatUdpRoundTrip, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info)
                         { return info.param ? "PointToPoint" : "Csma"; });

// RFC 4787 REQ-5 timer, exact in simulated time: a reply reaching the box
// 1 ms before the mapping's deadline passes, one 1 ms after is dropped as
// no-mapping, and MappingExpired fires at the deadline itself.
TEST(NatBoxScenario, UdpMappingExpiresExactlyAtTimeout)
{
    HomeNetwork net(
        1, 1, [](NatHelper& h) { h.SetAttribute("UdpTimeout", TimeValue(Seconds(20))); },
        /*p2p=*/true);
    std::vector<Time> expiredAt;
    std::vector<Time> translatedAt;
    net.nat->TraceConnectWithoutContext(
        "Translate", Callback<void, Ptr<const Packet>, const Ipv4Header&, const Ipv4Header&>(
                         [&](Ptr<const Packet>, const Ipv4Header&, const Ipv4Header&)
                         { translatedAt.push_back(Simulator::Now()); }));
    net.nat->TraceConnectWithoutContext(
        "MappingExpired", Callback<void, const NatMapping&>(
                              [&](const NatMapping&) { expiredAt.push_back(Simulator::Now()); }));
    Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
    net.bed.Run(Seconds(2));
    auto mappings = net.nat->GetMappings();
    ASSERT_EQ(mappings.size(), 1U);
    Time deadline = mappings[0].Deadline();
    EXPECT_EQ(deadline, mappings[0].lastRefresh + Seconds(20));

    // The outside link has 1 ms delay at 1 Gbps: a 60-octet frame arrives
    // 1 ms + 0.48 us after it is sent.
    net.bed.SendUdpTo(deadline - MilliSeconds(2), server, HomeNetwork::PublicAddress(), 5000);
    net.bed.SendUdpTo(deadline, server, HomeNetwork::PublicAddress(), 5000);
    net.bed.Run(Seconds(30));

    ASSERT_EQ(net.bed.Received(host).size(), 1U);
    ASSERT_EQ(translatedAt.size(), 2U); // the request out, the first reply in
    EXPECT_GT(translatedAt[1], deadline - MilliSeconds(1) - MicroSeconds(1));
    EXPECT_LT(translatedAt[1], deadline - MilliSeconds(1) + MicroSeconds(1));
    ASSERT_EQ(net.bed.DropCount(NatDropReason::NO_MAPPING), 1U);
    Time dropAt = net.bed.Drops()[0].first;
    EXPECT_GT(dropAt, deadline + MilliSeconds(1) - MicroSeconds(1));
    EXPECT_LT(dropAt, deadline + MilliSeconds(1) + MicroSeconds(1));
    ASSERT_EQ(expiredAt.size(), 1U);
    EXPECT_EQ(expiredAt[0], deadline);
    EXPECT_TRUE(net.nat->GetMappings().empty());
}

// RFC 4787 REQ-6: outbound packets refresh; inbound ones only when the box
// is configured to.
TEST(NatBoxScenario, InboundRefreshIsAnAttribute)
{
    for (bool inboundRefresh : {false, true})
    {
        HomeNetwork net(1, 1,
                        [&](NatHelper& h)
                        {
                            h.SetAttribute("UdpTimeout", TimeValue(Seconds(10)));
                            h.SetAttribute("InboundRefresh", BooleanValue(inboundRefresh));
                        });
        Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
        Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
        net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
        // Inbound every 6 s: keeps the mapping alive only with inbound refresh.
        for (int t = 6; t <= 24; t += 6)
        {
            net.bed.SendUdpTo(Seconds(t), server, HomeNetwork::PublicAddress(), 5000);
        }
        net.bed.Run(Seconds(30));
        SCOPED_TRACE(inboundRefresh ? "inbound refresh" : "no inbound refresh");
        EXPECT_EQ(net.bed.Received(host).size(), inboundRefresh ? 4U : 1U);
        EXPECT_EQ(net.bed.DropCount(NatDropReason::NO_MAPPING), inboundRefresh ? 0U : 3U);
    }
}

// RFC 4787 section 4.1: one inside endpoint talks to two remotes.
TEST(NatBoxScenario, MappingBehaviourDecidesPublicPort)
{
    struct Case
    {
        const char* mapping;
        bool samePort;
    };

    for (const Case& c : {Case{"eim", true}, Case{"adm", false}, Case{"apdm", false}})
    {
        HomeNetwork net(1, 2, [&](NatHelper& h) { h.SetMappingBehaviour(c.mapping); });
        Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
        Ptr<Socket> r0 = net.bed.Udp(net.remote[0], 7000);
        Ptr<Socket> r1 = net.bed.Udp(net.remote[1], 7000);
        net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
        net.bed.SendUdp(Seconds(2), host, "203.0.113.11", 7000);
        net.bed.Run(Seconds(3));
        SCOPED_TRACE(c.mapping);
        ASSERT_EQ(net.bed.Received(r0).size(), 1U);
        ASSERT_EQ(net.bed.Received(r1).size(), 1U);
        EXPECT_EQ(PortOf(net.bed.Received(r0)[0]) == PortOf(net.bed.Received(r1)[0]), c.samePort);
        EXPECT_EQ(net.nat->GetMappings().size(), c.samePort ? 1U : 2U);
    }
}

// RFC 4787 section 5: unsolicited inbound to an existing mapping.
TEST(NatBoxScenario, FilteringBehaviourDecidesWhoGetsIn)
{
    struct Case
    {
        const char* filtering;
        bool otherPortOfContacted; // remote 0 from another port
        bool otherAddress;         // remote 1
    };

    for (const Case& c :
         {Case{"eif", true, true}, Case{"adf", true, false}, Case{"apdf", false, false}})
    {
        HomeNetwork net(1, 2, [&](NatHelper& h) { h.SetFilteringBehaviour(c.filtering); });
        Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
        Ptr<Socket> r0 = net.bed.Udp(net.remote[0], 7000);
        Ptr<Socket> r0other = net.bed.Udp(net.remote[0], 7001);
        Ptr<Socket> r1 = net.bed.Udp(net.remote[1], 7000);
        net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
        net.bed.SendUdpTo(Seconds(2), r0, HomeNetwork::PublicAddress(), 5000);
        net.bed.SendUdpTo(Seconds(3), r0other, HomeNetwork::PublicAddress(), 5000);
        net.bed.SendUdpTo(Seconds(4), r1, HomeNetwork::PublicAddress(), 5000);
        net.bed.Run(Seconds(5));
        SCOPED_TRACE(c.filtering);
        std::size_t expected = 1 + (c.otherPortOfContacted ? 1 : 0) + (c.otherAddress ? 1 : 0);
        EXPECT_EQ(net.bed.Received(host).size(), expected);
        EXPECT_EQ(net.bed.DropCount(NatDropReason::FILTERED), 3 - expected);
    }
}

// RFC 4787 REQ-9: an inside host reaches another through its public
// endpoint and sees the sender's public endpoint as the source.
TEST(NatBoxScenario, HairpinningTranslatesBothWays)
{
    for (bool hairpin : {true, false})
    {
        HomeNetwork net(2, 1,
                        [&](NatHelper& h)
                        {
                            h.SetFilteringBehaviour("eif");
                            h.SetAttribute("Hairpinning", BooleanValue(hairpin));
                        });
        Ptr<Socket> a = net.bed.Udp(net.inside[0], 5000);
        Ptr<Socket> b = net.bed.Udp(net.inside[1], 6000);
        Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
        net.bed.SendUdp(Seconds(1), a, "203.0.113.10", 7000); // a's mapping: public:5000
        net.bed.SendUdpTo(Seconds(2), b, HomeNetwork::PublicAddress(), 5000);
        net.bed.Run(Seconds(3));
        SCOPED_TRACE(hairpin ? "hairpinning on" : "hairpinning off");
        if (hairpin)
        {
            ASSERT_EQ(net.bed.Received(a).size(), 1U);
            EXPECT_EQ(net.bed.Received(a)[0].from, HomeNetwork::PublicAddress());
            EXPECT_EQ(PortOf(net.bed.Received(a)[0]), 6000);
            EXPECT_EQ(net.nat->GetCounters().hairpinned, 1U);
        }
        else
        {
            EXPECT_TRUE(net.bed.Received(a).empty());
            EXPECT_EQ(net.bed.DropCount(NatDropReason::HAIRPIN_DISABLED), 1U);
        }
    }
}

// Carrier-grade NAT in front of a home NAT: two translations in series.
TEST(NatBoxScenario, DoubleNatInSeries)
{
    Testbed bed;
    Ptr<Node> host = bed.AddNode();
    Ptr<Node> home = bed.AddNode();
    Ptr<Node> cgn = bed.AddNode();
    Ptr<Node> server = bed.AddNode();
    NetDeviceContainer lan = bed.Link({home, host}, false);
    NetDeviceContainer access = bed.Link({cgn, home}, true);
    NetDeviceContainer wan = bed.Link({cgn, server}, true);
    bed.Address(lan.Get(0), "192.168.1.1");
    bed.Address(lan.Get(1), "192.168.1.10");
    bed.Address(access.Get(0), "100.64.0.1");
    bed.Address(access.Get(1), "100.64.0.2");
    bed.Address(wan.Get(0), "203.0.113.1");
    bed.Address(wan.Get(1), "203.0.113.10");
    bed.DefaultRoute(host, "192.168.1.1");
    bed.DefaultRoute(home, "100.64.0.1");
    NatHelper helper;
    helper.SetPortRange(40000, 40999);
    helper.SetAttribute("PortPreservation", BooleanValue(false));
    Ptr<NatBox> homeNat = helper.Install(home, lan.Get(0), access.Get(1));
    Ptr<NatBox> cgnNat = helper.Install(cgn, access.Get(0), wan.Get(0));
    bed.WatchDrops(homeNat);
    bed.WatchDrops(cgnNat);

    Ptr<Socket> h = bed.Udp(host, 5000);
    Ptr<Socket> s = bed.Udp(server, 7000);
    bed.SendUdp(Seconds(1), h, "203.0.113.10", 7000);
    bed.Run(Seconds(2));
    ASSERT_EQ(bed.Received(s).size(), 1U);
    EXPECT_EQ(bed.Received(s)[0].from, Ipv4Address("203.0.113.1"));
    uint16_t port = bed.Received(s)[0].fromPort;
    EXPECT_GE(port, 40000);
    EXPECT_LE(port, 40999);
    ASSERT_EQ(homeNat->GetMappings().size(), 1U);
    EXPECT_EQ(homeNat->GetMappings()[0].publicAddress, Ipv4Address("100.64.0.2"));
    EXPECT_EQ(cgnNat->GetMappings()[0].insideAddress, Ipv4Address("100.64.0.2"));

    bed.SendUdpTo(Seconds(3), s, Ipv4Address("203.0.113.1"), port);
    bed.Run(Seconds(4));
    ASSERT_EQ(bed.Received(h).size(), 1U);
    EXPECT_EQ(bed.Received(h)[0].from, Ipv4Address("203.0.113.10"));
    EXPECT_TRUE(bed.Drops().empty());
}

// Raw ESP has no ports: PAT drops it (the failure NAT-T exists to fix)
// unless "IPsec passthrough" tracks it by remote address.
TEST(NatBoxScenario, RawEspThroughPat)
{
    {
        HomeNetwork net(1, 1, Defaults);
        Ptr<Socket> host = net.bed.Raw(net.inside[0], 50);
        Ptr<Socket> peer = net.bed.Raw(net.remote[0], 50);
        net.bed.SendRaw(Seconds(1), host, "203.0.113.10", EspPacket(0x1000, 1));
        net.bed.Run(Seconds(2));
        EXPECT_TRUE(net.bed.Received(peer).empty());
        EXPECT_EQ(net.bed.DropCount(NatDropReason::UNSUPPORTED_PROTOCOL), 1U);
    }
    {
        HomeNetwork net(2, 1,
                        [](NatHelper& h) { h.SetAttribute("EspPassthrough", BooleanValue(true)); });
        Ptr<Socket> host = net.bed.Raw(net.inside[0], 50);
        Ptr<Socket> other = net.bed.Raw(net.inside[1], 50);
        Ptr<Socket> peer = net.bed.Raw(net.remote[0], 50);
        net.bed.SendRaw(Seconds(1), host, "203.0.113.10", EspPacket(0x1000, 1));
        net.bed.SendRaw(Seconds(2), peer, "203.0.113.1", EspPacket(0x2000, 1));
        net.bed.SendRaw(Seconds(3), other, "203.0.113.10", EspPacket(0x3000, 1));
        net.bed.Run(Seconds(4));
        ASSERT_EQ(net.bed.Received(peer).size(), 1U);
        EXPECT_EQ(net.bed.Received(peer)[0].from, HomeNetwork::PublicAddress());
        EXPECT_EQ(net.bed.Received(peer)[0].bytes, EspPacket(0x1000, 1));
        ASSERT_EQ(net.bed.Received(host).size(), 1U);
        EXPECT_EQ(net.bed.Received(host)[0].bytes, EspPacket(0x2000, 1));
        EXPECT_TRUE(net.bed.Received(other).empty());
        EXPECT_EQ(net.bed.DropCount(NatDropReason::ESP_CONFLICT), 1U);
        auto m = net.nat->GetMappings();
        ASSERT_EQ(m.size(), 1U);
        EXPECT_EQ(m[0].espSpis, (std::vector<uint32_t>{0x1000, 0x2000}));
    }
}

// A power cycle forgets the mappings; inbound traffic is then lost until the
// inside host sends again. With movePorts the new mapping has a new port.
TEST(NatBoxScenario, RebootFlushesMappings)
{
    for (bool movePorts : {false, true})
    {
        HomeNetwork net(1, 1, Defaults);
        uint32_t flushed = 0;
        net.nat->TraceConnectWithoutContext(
            "Reboot", Callback<void, uint32_t>([&](uint32_t n) { flushed = n; }));
        Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
        Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
        net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
        NatHelper::ScheduleReboot(net.natNode, Seconds(2), movePorts);
        net.bed.SendUdpTo(Seconds(3), server, HomeNetwork::PublicAddress(), 5000);
        net.bed.SendUdp(Seconds(4), host, "203.0.113.10", 7000);
        net.bed.Run(Seconds(5));
        SCOPED_TRACE(movePorts ? "move ports" : "keep ports");
        EXPECT_EQ(flushed, 1U);
        EXPECT_EQ(net.bed.DropCount(NatDropReason::NO_MAPPING), 1U);
        EXPECT_TRUE(net.bed.Received(host).empty());
        ASSERT_EQ(net.bed.Received(server).size(), 2U);
        EXPECT_EQ(PortOf(net.bed.Received(server)[0]), 5000);
        EXPECT_EQ(PortOf(net.bed.Received(server)[1]) != 5000, movePorts);
        EXPECT_EQ(net.nat->GetCounters().reboots, 1U);
    }
}

// ICMP echo through PAT: the identifier is translated like a port
// (RFC 5508), so two hosts pinging with the same identifier both get
// their replies.
TEST(NatBoxScenario, IcmpEchoIdentifierTranslation)
{
    HomeNetwork net(2, 1, Defaults);
    std::array<std::vector<Time>, 2> rtts;
    ApplicationContainer apps;
    for (uint32_t i = 0; i < 2; ++i)
    {
        V4PingHelper ping(HomeNetwork::RemoteAddress(0));
        ping.SetAttribute("Interval", TimeValue(Seconds(1)));
        ApplicationContainer a = ping.Install(net.inside[i]);
        a.Get(0)->TraceConnectWithoutContext(
            "Rtt", Callback<void, Time>([&rtts, i](Time rtt) { rtts[i].push_back(rtt); }));
        a.Start(Seconds(1));
        a.Stop(Seconds(3.5));
    }
    net.bed.Run(Seconds(4));
    EXPECT_EQ(rtts[0].size(), 3U);
    EXPECT_EQ(rtts[1].size(), 3U);
    auto m = net.nat->GetMappings();
    ASSERT_EQ(m.size(), 2U);
    EXPECT_EQ(m[0].protocol, 1);
    EXPECT_NE(m[0].publicPort, m[1].publicPort);
    EXPECT_TRUE(net.bed.Drops().empty());
}

// With checksums on, the box's incremental update yields exactly the
// checksum a full recomputation over the translated packet gives; a UDP
// checksum of 0 (RFC 768: none) stays 0.
TEST(NatBoxScenario, UdpChecksumsAfterTranslation)
{
    HomeNetwork net(1, 1,
                    [](NatHelper& h) { h.SetAttribute("PortPreservation", BooleanValue(false)); });
    Ptr<Socket> hostRaw = net.bed.Raw(net.inside[0], 17);
    Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> serverRaw = net.bed.Raw(net.remote[0], 17);
    // Sent by the UDP socket: ns-3 computes a real checksum.
    net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000, 21);
    // Sent raw with checksum 0: source port 4000, destination 7000, length 12.
    net.bed.SendRaw(Seconds(2), hostRaw, "203.0.113.10",
                    {0x0F, 0xA0, 0x1B, 0x58, 0x00, 0x0C, 0x00, 0x00, 1, 2, 3, 4});
    net.bed.Run(Seconds(3));
    const auto& got = net.bed.Received(serverRaw);
    ASSERT_EQ(got.size(), 2U);
    for (const auto& r : got)
    {
        ASSERT_GE(r.bytes.size(), 8U);
        EXPECT_EQ(r.from, HomeNetwork::PublicAddress());
        uint16_t sport = uint16_t(r.bytes[0] << 8 | r.bytes[1]);
        EXPECT_GE(sport, 1024); // translated from the dynamic range
    }
    // Verify the first against a full RFC 768 computation with the pseudo-header.
    const auto& b = got[0].bytes;
    uint32_t pseudo = (HomeNetwork::PublicAddress().Get() >> 16)
                      + (HomeNetwork::PublicAddress().Get() & 0xFFFF)
                      + (HomeNetwork::RemoteAddress(0).Get() >> 16)
                      + (HomeNetwork::RemoteAddress(0).Get() & 0xFFFF) + 17 + b.size();
    EXPECT_NE(b[6] | b[7], 0);
    EXPECT_EQ(InternetChecksum(b.data(), b.size(), pseudo), 0);
    EXPECT_EQ(got[1].bytes[6], 0);
    EXPECT_EQ(got[1].bytes[7], 0);
}

// A TCP bulk transfer through PAT with checksums on: every byte arrives; the
// mapping is tracked as established while data flows and goes back to the
// transitory timer once both sides sent FIN (RFC 5382 section 5).
TEST(NatBoxScenario, TcpBulkTransferThroughPat)
{
    HomeNetwork net(1, 1, Defaults);
    std::vector<NatTcpState> states;
    net.nat->TraceConnectWithoutContext("MappingRefreshed",
                                        Callback<void, const NatMapping&>(
                                            [&](const NatMapping& m)
                                            {
                                                if (states.empty() || states.back() != m.tcpState)
                                                {
                                                    states.push_back(m.tcpState);
                                                }
                                            }));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer s = sink.Install(net.remote[0]);
    s.Start(Seconds(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory",
                        InetSocketAddress(HomeNetwork::RemoteAddress(0), 9));
    bulk.SetAttribute("MaxBytes", UintegerValue(200000));
    ApplicationContainer b = bulk.Install(net.inside[0]);
    b.Start(Seconds(1));
    net.bed.Run(Seconds(5));
    EXPECT_EQ(DynamicCast<PacketSink>(s.Get(0))->GetTotalRx(), 200000U);
    auto m = net.nat->GetMappings();
    ASSERT_EQ(m.size(), 1U);
    EXPECT_EQ(m[0].protocol, 6);
    EXPECT_EQ(states, (std::vector<NatTcpState>{NatTcpState::TRANSITORY, NatTcpState::ESTABLISHED,
                                                NatTcpState::CLOSING}));
    EXPECT_EQ(m[0].tcpState, NatTcpState::CLOSING);
    EXPECT_EQ(m[0].timeout, Seconds(240));
    EXPECT_TRUE(net.bed.Drops().empty());
}

// Static one-to-one NAT: the inside host is reachable unsolicited at its
// global address, and raw ESP passes (only addresses are translated).
TEST(NatBoxScenario, StaticOneToOne)
{
    HomeNetwork net(1, 1,
                    [](NatHelper& h)
                    {
                        h.SetMode("static");
                        h.AddStaticMapping(Ipv4Address("192.168.1.10"), Ipv4Address("203.0.113.5"));
                    });
    Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> hostEsp = net.bed.Raw(net.inside[0], 50);
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    Ptr<Socket> peerEsp = net.bed.Raw(net.remote[0], 50);
    net.bed.SendUdp(Seconds(1), server, "203.0.113.5", 5000);
    net.bed.SendRaw(Seconds(2), hostEsp, "203.0.113.10", EspPacket(7, 1));
    net.bed.SendRaw(Seconds(3), peerEsp, "203.0.113.5", EspPacket(8, 1));
    net.bed.Run(Seconds(4));
    ASSERT_EQ(net.bed.Received(host).size(), 1U);
    EXPECT_EQ(net.bed.Received(host)[0].from, HomeNetwork::RemoteAddress(0));
    ASSERT_EQ(net.bed.Received(peerEsp).size(), 1U);
    EXPECT_EQ(net.bed.Received(peerEsp)[0].from, Ipv4Address("203.0.113.5"));
    ASSERT_EQ(net.bed.Received(hostEsp).size(), 1U);
    EXPECT_TRUE(net.bed.Drops().empty());
}

// Dynamic pool NAT with two addresses and three hosts: the third finds the
// pool exhausted.
TEST(NatBoxScenario, PoolExhaustion)
{
    HomeNetwork net(3, 1,
                    [](NatHelper& h)
                    {
                        h.SetMode("pool");
                        h.AddPoolAddress(Ipv4Address("203.0.113.5"));
                        h.AddPoolAddress(Ipv4Address("203.0.113.6"));
                    });
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    for (uint32_t i = 0; i < 3; ++i)
    {
        Ptr<Socket> s = net.bed.Udp(net.inside[i], 5000);
        net.bed.SendUdp(Seconds(1 + i), s, "203.0.113.10", 7000);
    }
    net.bed.Run(Seconds(5));
    ASSERT_EQ(net.bed.Received(server).size(), 2U);
    EXPECT_EQ(net.bed.Received(server)[0].from, Ipv4Address("203.0.113.5"));
    EXPECT_EQ(net.bed.Received(server)[1].from, Ipv4Address("203.0.113.6"));
    EXPECT_EQ(net.bed.DropCount(NatDropReason::POOL_EXHAUSTED), 1U);
    EXPECT_EQ(net.nat->GetDropCount(NatDropReason::POOL_EXHAUSTED), 1U);
}

// PAT with a one-port range and no port preservation: the second host
// finds no free port.
TEST(NatBoxScenario, PortExhaustion)
{
    HomeNetwork net(2, 1,
                    [](NatHelper& h)
                    {
                        h.SetPortRange(2000, 2000);
                        h.SetAttribute("PortPreservation", BooleanValue(false));
                    });
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    Ptr<Socket> a = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> b = net.bed.Udp(net.inside[1], 5000);
    net.bed.SendUdp(Seconds(1), a, "203.0.113.10", 7000);
    net.bed.SendUdp(Seconds(2), b, "203.0.113.10", 7000);
    net.bed.Run(Seconds(3));
    ASSERT_EQ(net.bed.Received(server).size(), 1U);
    EXPECT_EQ(PortOf(net.bed.Received(server)[0]), 2000);
    EXPECT_EQ(net.bed.DropCount(NatDropReason::PORTS_EXHAUSTED), 1U);
}

// Bad packets: a TTL that would expire is not translated; a UDP datagram
// shorter than its header is dropped as truncated. The box goes on.
TEST(NatBoxScenario, BadPacketsAreDroppedWithReason)
{
    HomeNetwork net(1, 1, Defaults);
    Ptr<Socket> ttl = net.bed.Udp(net.inside[0], 5000);
    ttl->SetIpTtl(1);
    Ptr<Socket> raw = net.bed.Raw(net.inside[0], 17);
    Ptr<Socket> good = net.bed.Udp(net.inside[0], 5001);
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    net.bed.SendUdp(Seconds(1), ttl, "203.0.113.10", 7000);
    net.bed.SendRaw(Seconds(2), raw, "203.0.113.10", {0x0F, 0xA0, 0x1B});
    net.bed.SendUdp(Seconds(3), good, "203.0.113.10", 7000);
    net.bed.Run(Seconds(4));
    EXPECT_EQ(net.bed.DropCount(NatDropReason::TTL), 1U);
    EXPECT_EQ(net.bed.DropCount(NatDropReason::TRUNCATED), 1U);
    ASSERT_EQ(net.bed.Received(server).size(), 1U);
    EXPECT_EQ(PortOf(net.bed.Received(server)[0]), 5001);
}

// The mapping traces fire with the mapping; the table lists it.
TEST(NatBoxScenario, MappingTracesAndListing)
{
    HomeNetwork net(1, 1,
                    [](NatHelper& h) { h.SetAttribute("UdpTimeout", TimeValue(Seconds(5))); });
    int created = 0;
    int refreshed = 0;
    int expired = 0;
    net.nat->TraceConnectWithoutContext("MappingCreated", Callback<void, const NatMapping&>(
                                                              [&](const NatMapping& m)
                                                              {
                                                                  ++created;
                                                                  EXPECT_EQ(m.insidePort, 5000);
                                                              }));
    net.nat->TraceConnectWithoutContext(
        "MappingRefreshed",
        Callback<void, const NatMapping&>([&](const NatMapping&) { ++refreshed; }));
    net.nat->TraceConnectWithoutContext(
        "MappingExpired", Callback<void, const NatMapping&>([&](const NatMapping&) { ++expired; }));
    Ptr<Socket> host = net.bed.Udp(net.inside[0], 5000);
    Ptr<Socket> server = net.bed.Udp(net.remote[0], 7000);
    net.bed.SendUdp(Seconds(1), host, "203.0.113.10", 7000);
    net.bed.SendUdp(Seconds(2), host, "203.0.113.10", 7000);
    net.bed.Run(Seconds(3));
    std::ostringstream table;
    net.nat->PrintMappings(table);
    EXPECT_NE(table.str().find("203.0.113.1:5000"), std::string::npos) << table.str();
    EXPECT_NE(table.str().find("192.168.1.10:5000"), std::string::npos) << table.str();
    net.bed.Run(Seconds(10));
    EXPECT_EQ(created, 1);
    EXPECT_EQ(refreshed, 2);
    EXPECT_EQ(expired, 1);
}

// Bad configuration stops with a message naming the problem and what is
// allowed.
TEST(NatBoxConfigDeathTest, BadConfigurationStopsWithMessage)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            HomeNetwork net(1, 1,
                            [](NatHelper& h)
                            {
                                h.SetAttribute("PortRangeMin", UintegerValue(3000));
                                h.SetAttribute("PortRangeMax", UintegerValue(2000));
                            });
        },
        "port range 3000-2000 is inverted.*1\\.\\.65535");
    EXPECT_DEATH(
        {
            HomeNetwork net(1, 1,
                            [](NatHelper& h) { h.SetPublicAddress(Ipv4Address("198.51.100.7")); });
        },
        "public address 198.51.100.7 is not an address of the outside interface");
    EXPECT_DEATH(
        {
            NatHelper h;
            h.SetMappingBehaviour("cone");
        },
        "mapping behaviour 'cone' is unknown: allowed eim, adm, apdm");
    EXPECT_DEATH(
        {
            NatHelper h;
            h.SetMode("napt");
        },
        "mode 'napt' is unknown: allowed static, pool, pat");
}

} // namespace test
} // namespace ns3
