/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scenario tests of IKEv1 (IkeAgent) in the site-to-site topology of
 * examples/ipsec-nat-site-to-site.cc: Main Mode with pre-shared keys and
 * Quick Mode between gwA (initiator) and gwB (responder), with a PAT in
 * front of neither, either or both (see ike-scenario.h). ns-3 checksums
 * on; the assertions are on protocol outcomes: what each agent reports
 * (phase 1 and 2, NAT status, drops and why), what crosses the core link
 * and on which port, what the PATs translate or drop, and which traffic is
 * delivered.
 */
#include "ike/ike-scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

namespace ns3
{
namespace test
{
namespace
{

const Ipv4Address kHostA("10.1.0.2");
const Ipv4Address kHostB("10.2.0.2");
const Ipv4Address kGwAPrivate("192.168.1.2");
const Ipv4Address kGwBPrivate("192.168.2.2");
const Ipv4Address kPublicA("198.51.100.1");
const Ipv4Address kAttacker("198.51.100.9");

/// The tunnel-mode echo: \p n requests from hostA to hostB from \p start.
std::shared_ptr<EchoCount>
LanEcho(IkeNetwork& net, uint32_t n, Time start, Time interval = Seconds(1))
{
    return net.Echo(net.hostA, net.hostB, kHostB, n, start, interval);
}

std::size_t
Count(const WireLog& log, const std::function<bool(const WirePacket&)>& match)
{
    return log.Select(match).size();
}

std::vector<std::string>
Reasons(const std::vector<IkeEvent>& events)
{
    std::vector<std::string> r;
    for (const auto& e : events)
    {
        r.push_back(e.what);
    }
    return r;
}

std::vector<double>
Times(const std::vector<IkeEvent>& events)
{
    std::vector<double> t;
    for (const auto& e : events)
    {
        t.push_back(e.at.GetSeconds());
    }
    return t;
}

std::vector<double>
Times(const std::vector<WirePacket>& packets)
{
    std::vector<double> t;
    for (const auto& w : packets)
    {
        t.push_back(w.at.GetSeconds());
    }
    return t;
}

std::vector<double>
Times(const std::vector<Receipt>& receipts)
{
    std::vector<double> t;
    for (const auto& r : receipts)
    {
        t.push_back(r.at.GetSeconds());
    }
    return t;
}

/// \return the ISAKMP exchange type of an IKE packet.
uint8_t
ExchangeOf(const WirePacket& w)
{
    Bytes m = w.Isakmp();
    return m.size() > 18 ? m[18] : 0;
}

/// \return whether an IKE packet's message has a zero responder cookie (MM1).
bool
IsMm1(const WirePacket& w)
{
    Bytes m = w.Isakmp();
    return w.Ike500() && m.size() >= 28 && ExchangeOf(w) == IsakmpExchangeType::kMainMode
           && std::all_of(m.begin() + 8, m.begin() + 16, [](uint8_t x) { return x == 0; });
}

/// \return the NAT mapping of \p box for UDP from \p inside : \p port, if any.
std::optional<NatMapping>
UdpMapping(Ptr<NatBox> box, Ipv4Address inside, uint16_t port)
{
    for (const auto& m : box->GetMappings())
    {
        if (m.protocol == 17 && m.insideAddress == inside && m.insidePort == port)
        {
            return m;
        }
    }
    return std::nullopt;
}

std::size_t
NatDrops(const IkeNetwork& net, NatDropReason reason)
{
    return net.bed.DropCount(reason);
}

uint64_t
TotalIkeDrops(Ptr<IkeAgent> agent)
{
    uint64_t n = 0;
    for (int r = 0; r <= static_cast<int>(IkeDropReason::NO_CONNECTION); ++r)
    {
        n += agent->GetDropCount(static_cast<IkeDropReason>(r));
    }
    return n;
}

} // namespace

// ------------------------------------------------------------------------
// 1. The tunnel comes up through every NAT position (RFC 3947 sections 3
//    and 4, RFC 3948 section 2.1).

/// One NAT position and the NAT-D outcome each side must report.
struct NatCase
{
    NatPosition nat;      //!< where the PATs are
    IkeNatStatus statusA; //!< gwA's GetNatStatus
    IkeNatStatus statusB; //!< gwB's GetNatStatus
};

/** Print a case for gtest's parameter names. */
std::ostream&
operator<<(std::ostream& os, const NatCase& c)
{
    return os << ToString(c.nat);
}

class IkeScenarioNatPosition : public ::testing::TestWithParam<NatCase>
{
};

// gwA initiates Main Mode; NAT-D (RFC 3947 section 3.2) tells each side who
// is behind a NAT: with a PAT in front of gwA, gwA is local-behind-nat and
// gwB sees its peer behind one, and so on. Both sides report phase 1 and
// phase 2; the SAs are UDP-encapsulated (RFC 3947 section 5.1: mode
// UDP-Encapsulated-Tunnel) exactly when a NAT is in the path, and then IKE
// moved to UDP 4500 behind the non-ESP marker from MM5 on (RFC 3947 section
// 4): MM1-MM4 on 500, MM5, MM6 and Quick Mode on 4500. Without a NAT
// everything stays on 500 and ESP is raw. The UDP echo between the LANs is
// delivered either way.
TEST_P(IkeScenarioNatPosition, TunnelUpAndTrafficDelivered)
{
    const NatCase& c = GetParam();
    const bool nat = c.nat != NatPosition::NONE;
    IkeNetwork::Options o;
    o.nat = c.nat;
    IkeNetwork net(o);
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    ASSERT_EQ(net.recordA.phase1.size(), 1u);
    ASSERT_EQ(net.recordB.phase1.size(), 1u);
    EXPECT_EQ(net.recordA.phase1[0].peer, net.BSeen());
    EXPECT_EQ(net.recordB.phase1[0].peer, net.ASeen());
    EXPECT_EQ(net.recordA.phase1[0].what, ToString(c.statusA));
    EXPECT_EQ(net.recordB.phase1[0].what, ToString(c.statusB));
    EXPECT_EQ(net.ikeA->GetNatStatus(net.BSeen()), c.statusA);
    EXPECT_EQ(net.ikeB->GetNatStatus(net.ASeen()), c.statusB);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 1u);

    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    ASSERT_EQ(net.recordB.phase2.size(), 1u);
    EXPECT_EQ(net.recordA.phase2[0].what, nat ? "udp" : "raw");
    EXPECT_EQ(net.recordB.phase2[0].what, nat ? "udp" : "raw");
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    for (Ptr<IpsecStack> stack : {net.stackA, net.stackB})
    {
        std::vector<SecurityAssociation*> sas = stack->GetSad().Outbound();
        std::vector<SecurityAssociation*> in = stack->GetSad().Inbound();
        sas.insert(sas.end(), in.begin(), in.end());
        ASSERT_EQ(sas.size(), 2u) << VpnNetwork::ShowSas(stack);
        for (SecurityAssociation* sa : sas)
        {
            EXPECT_EQ(sa->Config().encapsulation,
                      nat ? IpsecEncapsulation::UDP : IpsecEncapsulation::NONE)
                << VpnNetwork::ShowSas(stack);
            EXPECT_EQ(sa->Config().mode, IpsecMode::TUNNEL);
        }
    }

    // IKE on the core: MM1-MM4 on 500; with a NAT, MM5, MM6, QM1-QM3 on
    // 4500 behind the non-ESP marker, the first of them (MM5) from gwA.
    auto ike500 = net.coreLog.Select([](const WirePacket& w) { return w.Ike500(); });
    auto ike4500 = net.coreLog.Select([](const WirePacket& w) { return w.Ike4500(); });
    EXPECT_EQ(ike500.size(), nat ? 4u : 9u);
    ASSERT_EQ(ike4500.size(), nat ? 5u : 0u);
    if (nat)
    {
        EXPECT_EQ(ike4500[0].source, net.ASeen());
        EXPECT_EQ(ike4500[0].destination, net.BSeen());
        EXPECT_EQ(ExchangeOf(ike4500[0]), IsakmpExchangeType::kMainMode);
        EXPECT_EQ(ExchangeOf(ike4500[2]), IsakmpExchangeType::kQuickMode);
        for (const auto& w : ike4500)
        {
            EXPECT_EQ(w.sourcePort, kNatTPort);
            EXPECT_EQ(w.destinationPort, kNatTPort);
        }
    }
    // ESP: UDP-encapsulated through a NAT, raw otherwise; never both.
    std::size_t espUdp = Count(net.coreLog, [](const WirePacket& w) { return w.EspInUdp(); });
    std::size_t espRaw = Count(net.coreLog, [](const WirePacket& w) { return w.RawEsp(); });
    EXPECT_EQ(espUdp, nat ? 10u : 0u);
    EXPECT_EQ(espRaw, nat ? 0u : 10u);
    // No inner traffic in clear on the core.
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.Udp(9); }), 0u);

    // The PAT in front of gwA translated IKE on both ports, 4500 port-kept.
    if (net.natA)
    {
        auto m500 = UdpMapping(net.natA, kGwAPrivate, kIkePort);
        auto m4500 = UdpMapping(net.natA, kGwAPrivate, kNatTPort);
        ASSERT_TRUE(m500.has_value());
        ASSERT_TRUE(m4500.has_value());
        EXPECT_EQ(m500->publicAddress, kPublicA);
        EXPECT_EQ(m4500->publicAddress, kPublicA);
        EXPECT_EQ(m4500->publicPort, kNatTPort);
        EXPECT_EQ(m500->packetsOut, 2u);       // MM1, MM3
        EXPECT_EQ(m4500->packetsOut, 3u + 5u); // MM5, QM1, QM3, 5 requests
        EXPECT_EQ(m4500->packetsIn, 2u + 5u);  // MM6, QM2, 5 replies
    }
    if (net.natB)
    {
        // The static forward of 4500 carried gwB's MM6, QM2 and replies.
        auto m4500 = UdpMapping(net.natB, kGwBPrivate, kNatTPort);
        ASSERT_TRUE(m4500.has_value());
        EXPECT_TRUE(m4500->isStatic);
        EXPECT_EQ(m4500->packetsOut, 2u + 5u);
    }

    EXPECT_EQ(echo->requests, 5u);
    EXPECT_EQ(echo->replies, 5u);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u);
    EXPECT_TRUE(net.bed.Drops().empty());
}

INSTANTIATE_TEST_SUITE_P(
    IkeScenario, IkeScenarioNatPosition,
    ::testing::Values(
        NatCase{NatPosition::NONE, IkeNatStatus::NO_NAT, IkeNatStatus::NO_NAT},
        NatCase{NatPosition::INITIATOR, IkeNatStatus::LOCAL_BEHIND, IkeNatStatus::PEER_BEHIND},
        NatCase{NatPosition::RESPONDER, IkeNatStatus::PEER_BEHIND, IkeNatStatus::LOCAL_BEHIND},
        NatCase{NatPosition::BOTH, IkeNatStatus::BOTH_BEHIND, IkeNatStatus::BOTH_BEHIND}),
    [](const ::testing::TestParamInfo<NatCase>& info) { return ToString(info.param.nat); });

// Elliptic-curve groups (RFC 5903 groups 19 and 20, Curve25519 group 31 of
// RFC 8031) take no shortened private value: the DhPrivateOctets attribute
// (default 32) shortens MODP exponents only, so Main Mode completes with
// the attribute at its default whatever the group (groups 19, 20 and 31
// used to fail at MM3 with invalid-key-exchange).
class IkeScenarioDhGroup : public ::testing::TestWithParam<uint16_t>
{
};

TEST_P(IkeScenarioDhGroup, TunnelUpWithDefaultDhPrivateOctets)
{
    uint16_t group = GetParam();
    IkeNetwork::Options o;
    o.configureConnection = [group](IkeConnection& c, bool)
    {
        for (auto& p : c.proposals)
        {
            p.group = group;
        }
    };
    IkeNetwork net(o);
    auto echo = LanEcho(net, 3, Seconds(3));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeA->GetDropCount(IkeDropReason::INVALID_KEY_EXCHANGE), 0u);
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::INVALID_KEY_EXCHANGE), 0u);
    EXPECT_EQ(echo->replies, 3u);
}

INSTANTIATE_TEST_SUITE_P(Groups, IkeScenarioDhGroup, ::testing::Values(14, 19, 20, 31),
                         [](const ::testing::TestParamInfo<uint16_t>& info)
                         { return "group" + std::to_string(info.param); });

// ------------------------------------------------------------------------
// 2. NAT-T off (IOS `no crypto ipsec nat-transparency udp-encapsulation`).

// Without NAT-T, MM1 offers no NAT-T vendor ID (RFC 3947 section 3.1), no
// NAT-D is exchanged and IKE never leaves port 500, which the PAT
// translates: phase 1 and 2 complete, with raw ESP (encapsulation mode
// Tunnel). The PAT cannot translate ESP, which has no ports: every
// protected echo request is dropped there as unsupported-protocol and
// nothing reaches the other LAN.
TEST(IkeScenarioNatTraversalOff, EspThroughPatIsDroppedAsUnsupportedProtocol)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.natTraversal = false;
    IkeNetwork net(o);
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeA->GetNatStatus(net.BSeen()), IkeNatStatus::NOT_NEGOTIATED);
    EXPECT_EQ(net.ikeB->GetNatStatus(net.ASeen()), IkeNatStatus::NOT_NEGOTIATED);
    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    EXPECT_EQ(net.recordA.phase2[0].what, "raw");
    EXPECT_EQ(net.recordB.phase2[0].what, "raw");

    auto mm1 = net.coreLog.Select(IsMm1);
    ASSERT_EQ(mm1.size(), 1u);
    Bytes m = mm1[0].Isakmp();
    auto parsed = IsakmpMessage::Parse(m.data(), m.size());
    ASSERT_TRUE(parsed);
    for (const IsakmpPayload* v : parsed.Value().FindAll(IsakmpPayloadType::kVendorId))
    {
        EXPECT_FALSE(std::equal(IsakmpVendorId::kRfc3947.begin(), IsakmpVendorId::kRfc3947.end(),
                                v->body.begin(), v->body.end()));
    }
    // MM3 and MM4 carry KE and nonce but no NAT-D (RFC 3947 section 3.2).
    auto ike = net.coreLog.Select([](const WirePacket& w) { return w.Ike500(); });
    ASSERT_EQ(ike.size(), 9u);
    for (std::size_t i : {2, 3})
    {
        Bytes b = ike[i].Isakmp();
        auto mm = IsakmpMessage::Parse(b.data(), b.size());
        ASSERT_TRUE(mm);
        EXPECT_NE(mm.Value().Find(IsakmpPayloadType::kKeyExchange), nullptr);
        EXPECT_TRUE(mm.Value().FindAll(IsakmpPayloadType::kNatDiscovery).empty());
        EXPECT_TRUE(mm.Value().FindAll(IsakmpPayloadType::kNatDiscoveryDraft).empty());
    }
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.Udp(kNatTPort); }), 0u);
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.RawEsp(); }), 0u);
    EXPECT_EQ(net.natA->GetDropCount(NatDropReason::UNSUPPORTED_PROTOCOL), 5u);
    EXPECT_EQ(NatDrops(net, NatDropReason::UNSUPPORTED_PROTOCOL), 5u);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 5u);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0u);
    EXPECT_EQ(echo->requests, 0u);
    EXPECT_EQ(echo->replies, 0u);
}

// The same configuration without a NAT works: raw ESP both ways.
TEST(IkeScenarioNatTraversalOff, WithoutNatRawEspIsDelivered)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::NONE;
    o.natTraversal = false;
    IkeNetwork net(o);
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeA->GetNatStatus(net.BSeen()), IkeNatStatus::NOT_NEGOTIATED);
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.RawEsp(); }), 10u);
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.Udp(kNatTPort); }), 0u);
    EXPECT_EQ(echo->requests, 5u);
    EXPECT_EQ(echo->replies, 5u);
}

// ------------------------------------------------------------------------
// 3. Main Mode with pre-shared keys chooses the key by address (RFC 2409
//    section 5.4), before the identity is known.

// The responder has a key only for the initiator's own (private) address:
// MM1 arrives from the PAT's public address, the lookup finds nothing, MM1
// is dropped as no-preshared-key (each retransmission again) and no
// tunnel comes up.
TEST(IkeScenarioPresharedKey, KeyForPrivateAddressIsNotFoundThroughNat)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.defaultKeys = false;
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(kGwAPrivate, Ipv4Mask::GetOnes(), kTestPsk);
    auto echo = LanEcho(net, 3, Seconds(3));
    net.RunUntil(Seconds(20));

    // MM1 at 1 s and its retransmissions at 3, 7 and 15 s (2, 4, 8 s backoff).
    auto mm1 = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    EXPECT_EQ(Times(mm1), (std::vector<double>{1, 3, 7, 15}));
    EXPECT_EQ(net.coreLog.Select(IsMm1).size(), mm1.size());
    auto noKey = net.recordB.DropsOf(IkeDropReason::NO_PRESHARED_KEY);
    EXPECT_EQ(noKey.size(), mm1.size());
    for (const auto& d : noKey)
    {
        EXPECT_EQ(d.peer, kPublicA);
    }
    EXPECT_EQ(net.recordB.drops.size(), noKey.size())
        << ::testing::PrintToString(Reasons(net.recordB.drops));
    // Nothing came back: no MM2.
    EXPECT_EQ(Count(net.coreLog, [&net](const WirePacket& w)
                    { return w.Udp(kIkePort) && w.source == net.BSeen(); }),
              0u);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 0u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 0u);
    EXPECT_EQ(net.ikeB->GetNatStatus(kPublicA), IkeNatStatus::NOT_NEGOTIATED);
    EXPECT_EQ(echo->replies, 0u);
}

// The responder has a key for the PAT's public address, but a different
// secret: MM1-MM4 go through, the keys derived from the two secrets
// differ, and MM5 does not verify: HASH_I mismatch, authentication-failed
// (RFC 2409 section 5.4). The responder does not answer it, nor its
// retransmissions (which it must not take for duplicates of a message it
// accepted).
TEST(IkeScenarioPresharedKey, WrongKeyForPublicAddressFailsHashI)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.defaultKeys = false;
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(kPublicA, Ipv4Mask::GetOnes(), "another-secret");
    auto echo = LanEcho(net, 3, Seconds(3));
    net.RunUntil(Seconds(20));

    auto fails = net.recordB.DropsOf(IkeDropReason::AUTHENTICATION_FAILED);
    ASSERT_EQ(fails.size(), 1u) << ::testing::PrintToString(Reasons(net.recordB.drops));
    EXPECT_EQ(fails[0].peer, kPublicA);
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::AUTHENTICATION_FAILED), 1u);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 0u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 0u);
    EXPECT_TRUE(net.recordA.phase1.empty());
    // MM1-MM4 on 500; MM5 on 4500 (the NAT was detected) and its
    // retransmissions at +2, +4 and +8 s; nothing from gwB on 4500.
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.Ike500(); }), 4u);
    auto mm5 = net.coreLog.Select([](const WirePacket& w) { return w.Ike4500(); });
    ASSERT_EQ(mm5.size(), 4u) << ::testing::PrintToString(Times(mm5));
    for (const auto& w : mm5)
    {
        EXPECT_EQ(w.source, kPublicA);
        EXPECT_EQ(w.Isakmp(), mm5[0].Isakmp());
    }
    EXPECT_NEAR(mm5[1].at.GetSeconds() - mm5[0].at.GetSeconds(), 2, 1e-6);
    EXPECT_NEAR(mm5[2].at.GetSeconds() - mm5[1].at.GetSeconds(), 4, 1e-6);
    EXPECT_NEAR(mm5[3].at.GetSeconds() - mm5[2].at.GetSeconds(), 8, 1e-6);
    // The retransmissions reach a failed exchange: dropped, not answered.
    EXPECT_EQ(net.recordB.DropsOf(IkeDropReason::UNEXPECTED).size(), 3u);
    EXPECT_EQ(echo->replies, 0u);
}

// The same without a NAT (everything on port 500). A regression test: the
// responder used to take the retransmitted MM5 it had rejected for a
// duplicate and answer it with MM4, which the initiator took for a
// duplicate too and answered with MM5, back and forth without end.
TEST(IkeScenarioPresharedKey, WrongKeyWithoutNatIsNotAnswered)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::NONE;
    o.defaultKeys = false;
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(net.ASeen(), Ipv4Mask::GetOnes(), "another-secret");
    net.RunUntil(Seconds(200));

    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::AUTHENTICATION_FAILED), 1u);
    // MM1-MM4, then MM5 and its five retransmissions, and nothing else.
    auto fromA = net.coreLog.Select([&net](const WirePacket& w)
                                    { return w.Ike500() && w.source == net.ASeen(); });
    auto fromB = net.coreLog.Select([&net](const WirePacket& w)
                                    { return w.Ike500() && w.source == net.BSeen(); });
    EXPECT_EQ(fromA.size(), 2u + 6u);
    EXPECT_EQ(fromB.size(), 2u) << ::testing::PrintToString(Times(fromB));
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::UNEXPECTED), 5u);
    // The initiator gives up 2+4+8+16+32+64 s after MM5.
    ASSERT_EQ(net.recordA.drops.size(), 1u);
    EXPECT_EQ(net.recordA.drops[0].what, ToString(IkeDropReason::TIMEOUT));
    EXPECT_NEAR((net.recordA.drops[0].at - fromA[2].at).GetSeconds(), 126, 0.01);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 0u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 0u);
}

// A wildcard key (`crypto isakmp key K address 0.0.0.0 0.0.0.0`) with the
// right secret matches whatever address the NAT gives the initiator.
TEST(IkeScenarioPresharedKey, WildcardKeyWorksThroughNat)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.defaultKeys = false;
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(Ipv4Address::GetAny(), Ipv4Mask::GetZero(), kTestPsk);
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetNatStatus(kPublicA), IkeNatStatus::PEER_BEHIND);
    EXPECT_TRUE(net.recordB.drops.empty());
    EXPECT_EQ(echo->replies, 5u);
}

// ------------------------------------------------------------------------
// 4. NAT keepalives (RFC 3948 section 4; IOS `crypto isakmp nat keepalive`).

namespace
{

/// hostB pushes a datagram to hostA every 25 s from 10 s (10, 35, ..., 110),
/// hostA sends once, at 100 s; nothing else from hostA.
struct HubTraffic
{
    Ptr<Socket> sinkA; //!< hostA:7000
    Ptr<Socket> sinkB; //!< hostB:7000

    explicit HubTraffic(IkeNetwork& net)
    {
        sinkA = net.bed.Udp(net.hostA, 7000);
        sinkB = net.bed.Udp(net.hostB, 7000);
        for (int t = 10; t <= 110; t += 25)
        {
            net.bed.SendUdpTo(Seconds(t), sinkB, kHostA, 7000, 64);
        }
        net.bed.SendUdpTo(Seconds(100), sinkA, kHostB, 7000, 64);
    }
};

/// \return gwA's NAT-T packets (sent and received) other than keepalives.
std::vector<WirePacket>
NatTTraffic(const IkeNetwork& net)
{
    return net.accessLog.Select([](const WirePacket& w)
                                { return w.Udp(kNatTPort) && !w.Keepalive(); });
}

} // namespace

// A 10 s keepalive keeps the PAT's 30 s mapping of gwA's 4500 alive,
// although hostA sends nothing for 100 s: every push from hostB arrives.
// Keepalives are sent by gwA (behind the NAT) only, never by gwB; each
// one only when gwA had no NAT-T traffic, either way, for 95% of the
// interval (idle); and the gap between two packets gwA sends stays below
// the NAT timeout.
TEST(IkeScenarioKeepalive, KeepaliveKeepsHubToPeerTrafficFlowing)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.keepalive = Seconds(10);
    o.natTimeout = Seconds(30);
    IkeNetwork net(o);
    HubTraffic traffic(net);
    net.RunUntil(Seconds(120));

    EXPECT_EQ(net.bed.Received(traffic.sinkA).size(), 5u)
        << ::testing::PrintToString(Times(net.bed.Received(traffic.sinkA)));
    EXPECT_EQ(net.bed.Received(traffic.sinkB).size(), 1u);
    EXPECT_EQ(NatDrops(net, NatDropReason::NO_MAPPING), 0u);
    EXPECT_TRUE(net.recordB.keepalives.empty());
    ASSERT_FALSE(net.recordA.keepalives.empty());
    auto wire = net.accessLog.Select([](const WirePacket& w) { return w.Keepalive(); });
    EXPECT_EQ(Times(wire), Times(net.recordA.keepalives));
    for (const auto& k : wire)
    {
        EXPECT_TRUE(k.sent);
        EXPECT_EQ(k.destination, net.BSeen());
        EXPECT_EQ(k.sourcePort, kNatTPort);
    }
    EXPECT_EQ(net.stackB->GetCounters().keepalivesIn, wire.size());
    // Only when idle.
    auto traffic4500 = NatTTraffic(net);
    for (const auto& k : net.recordA.keepalives)
    {
        for (const auto& w : traffic4500)
        {
            EXPECT_FALSE(w.at < k.at && k.at - w.at < Seconds(9.5))
                << "keepalive at " << k.at.As(Time::S) << " although NAT-T traffic at "
                << w.at.As(Time::S);
        }
    }
    // Counted against the time: at most one per 9.5 s of the 119 s.
    EXPECT_LE(net.recordA.keepalives.size(), std::size_t(119 / 9.5));
    // The mapping never lapsed: gwA sends at least every 2 x 10.5 s.
    auto sent
        = net.accessLog.Select([](const WirePacket& w) { return w.sent && w.Udp(kNatTPort); });
    ASSERT_FALSE(sent.empty());
    Time last = sent.front().at;
    for (const auto& w : sent)
    {
        EXPECT_LE(w.at - last, Seconds(21)) << "at " << w.at.As(Time::S);
        last = w.at;
    }
    EXPECT_LE(Seconds(120) - last, Seconds(21));
    auto m4500 = UdpMapping(net.natA, kGwAPrivate, kNatTPort);
    ASSERT_TRUE(m4500.has_value());
    EXPECT_EQ(m4500->publicPort, kNatTPort);
    EXPECT_LT(m4500->created, Seconds(2)); // the MM5 mapping, never recreated
}

// On an idle tunnel every keepalive timer expiry of the side behind the
// NAT sends one: the intervals are 10 s with the 5% jitter, i.e. within
// [9.5, 10.5] s and not all the same, and their number matches the
// simulated time. That is gwA with the PAT in front of it, gwB with the PAT
// in front of gwB; the other side sends none.
TEST(IkeScenarioKeepalive, IdleTunnelKeepalivesEveryIntervalWithJitter)
{
    for (NatPosition nat : {NatPosition::INITIATOR, NatPosition::RESPONDER})
    {
        SCOPED_TRACE("NAT at " + ToString(nat));
        IkeNetwork::Options o;
        o.nat = nat;
        o.keepalive = Seconds(10);
        o.natTimeout = Seconds(30);
        IkeNetwork net(o);
        net.RunUntil(Seconds(301));

        bool a = nat == NatPosition::INITIATOR;
        const IkeRecord& sender = a ? net.recordA : net.recordB;
        const IkeRecord& other = a ? net.recordB : net.recordA;
        Ptr<IpsecStack> receiver = a ? net.stackB : net.stackA;
        ASSERT_EQ(sender.phase1.size(), 1u);
        const auto& k = sender.keepalives;
        double span = 301 - sender.phase1[0].at.GetSeconds();
        EXPECT_GE(k.size(), std::size_t(span / 10.5) - 1);
        EXPECT_LE(k.size(), std::size_t(span / 9.5) + 1);
        double lo = 1e9;
        double hi = 0;
        for (std::size_t i = 1; i < k.size(); ++i)
        {
            double d = (k[i].at - k[i - 1].at).GetSeconds();
            EXPECT_GE(d, 9.5) << "keepalive " << i;
            EXPECT_LE(d, 10.5) << "keepalive " << i;
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        EXPECT_GT(hi - lo, 0.2) << "no jitter";
        for (const auto& e : k)
        {
            EXPECT_EQ(e.peer, a ? net.BSeen() : net.ASeen());
            EXPECT_EQ(e.what, std::to_string(kNatTPort));
        }
        EXPECT_TRUE(other.keepalives.empty());
        EXPECT_EQ(receiver->GetCounters().keepalivesIn, k.size());
        auto onCore = net.coreLog.Select([](const WirePacket& w) { return w.Keepalive(); });
        EXPECT_EQ(onCore.size(), k.size());
        for (const auto& w : onCore)
        {
            EXPECT_EQ(w.source, a ? net.ASeen() : net.BSeen());
        }
        EXPECT_EQ(NatDrops(net, NatDropReason::NO_MAPPING), 0u);
    }
}

// Keepalive off with the same traffic: the mapping of gwA's 4500 lapses 30 s
// after gwA last sent (QM3 at about 1 s); the pushes at 35, 60 and 85 s
// find no mapping at the PAT and are lost. hostA's datagram at 100 s makes
// gwA send ESP, which creates the mapping again (the port is kept), and the
// push at 110 s arrives.
TEST(IkeScenarioKeepalive, WithoutKeepalivePushesAreLostUntilThePeerSends)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.keepalive = Seconds(0);
    o.natTimeout = Seconds(30);
    IkeNetwork net(o);
    HubTraffic traffic(net);
    net.RunUntil(Seconds(120));

    auto received = Times(net.bed.Received(traffic.sinkA));
    ASSERT_EQ(received.size(), 2u) << ::testing::PrintToString(received);
    EXPECT_LT(received[0], 11);
    EXPECT_GT(received[1], 110);
    EXPECT_TRUE(net.recordA.keepalives.empty());
    std::vector<double> noMapping;
    for (const auto& [at, reason] : net.natADrops)
    {
        if (reason == NatDropReason::NO_MAPPING)
        {
            noMapping.push_back(std::floor(at.GetSeconds()));
        }
    }
    EXPECT_EQ(noMapping, (std::vector<double>{35, 60, 85}));
    EXPECT_EQ(net.natADrops.size(), 3u);
    EXPECT_EQ(net.bed.Received(traffic.sinkB).size(), 1u);
    EXPECT_EQ(net.recordB.peerMoves.size(), 0u); // same public port again
}

// NatKeepalive outside 5..3600 s (0 = off) stops with a message saying so.
TEST(IkeScenarioKeepaliveDeathTest, OutOfRangeIntervalStopsWithMessage)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            IkeNetwork::Options o;
            o.keepalive = Seconds(3);
            IkeNetwork net(o);
        },
        "NAT keepalive 3 s is out of range: allowed 5\\.\\.3600 s");
    EXPECT_DEATH(
        {
            IkeNetwork::Options o;
            o.keepalive = Seconds(3601);
            IkeNetwork net(o);
        },
        "NAT keepalive 3601 s is out of range: allowed 5\\.\\.3600 s");
}

// ------------------------------------------------------------------------
// 5. Retransmission (RFC 2408 section 5; RFC 2409: the initiator
//    retransmits its last message until it hears an answer).

// MM1 is lost on gwA's access link (ListErrorModel on the PAT's receive
// side): gwA sends it again, byte for byte, after RetransmitTimeout (3 s
// here) and the tunnel comes up from there.
TEST(IkeScenarioRetransmission, LostMm1IsRetransmittedAfterTimeout)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureIke
        = [](IkeHelper& h) { h.SetAttribute("RetransmitTimeout", TimeValue(Seconds(3))); };
    IkeNetwork net(o);
    Ptr<ListErrorModel> loss = CreateObject<ListErrorModel>();
    net.accessA.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
    bool armed = true;
    net.gwA->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "Tx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                  [&armed, loss](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
                  {
                      Ptr<Packet> c = p->Copy();
                      Ipv4Header h;
                      c->RemoveHeader(h);
                      if (armed && h.GetProtocol() == 17)
                      {
                          loss->SetList(
                              {static_cast<uint32_t>(p->GetUid())}); // the first IKE message: MM1
                          armed = false;
                      }
                  }));
    auto echo = LanEcho(net, 5, Seconds(6));
    net.RunUntil(Seconds(12));

    auto sentMm1 = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    ASSERT_EQ(sentMm1.size(), 2u);
    EXPECT_EQ(sentMm1[0].at, Seconds(1));
    EXPECT_EQ(sentMm1[1].at, Seconds(4));
    EXPECT_EQ(sentMm1[0].payload, sentMm1[1].payload);
    auto coreMm1 = net.coreLog.Select(IsMm1);
    ASSERT_EQ(coreMm1.size(), 1u); // the first never got past the PAT
    EXPECT_GT(coreMm1[0].at, Seconds(4));
    ASSERT_EQ(net.recordA.phase1.size(), 1u);
    EXPECT_GT(net.recordA.phase1[0].at, Seconds(4));
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_TRUE(net.recordA.drops.empty());
    EXPECT_TRUE(net.recordB.drops.empty());
    EXPECT_EQ(echo->replies, 5u);
}

// The responder is unreachable (everything is lost on the core): gwA sends
// MM1 and RetransmitLimit retransmissions, the timeout doubling each time
// (2, 4, 8, ... s), then gives up with timeout one more timeout later.
TEST(IkeScenarioRetransmission, UnreachableResponderTimesOutAfterRetransmitLimit)
{
    struct Case
    {
        double timeout;           //!< RetransmitTimeout (s)
        uint32_t limit;           //!< RetransmitLimit
        std::vector<double> sent; //!< when MM1 goes out
        double giveUp;            //!< when the timeout is reported
    };

    for (const Case& c : {Case{2, 5, {1, 3, 7, 15, 31, 63}, 127}, Case{1, 2, {1, 2, 4}, 8}})
    {
        SCOPED_TRACE("RetransmitTimeout " + std::to_string(c.timeout) + " s, RetransmitLimit "
                     + std::to_string(c.limit));
        IkeNetwork::Options o;
        o.nat = NatPosition::INITIATOR;
        o.configureIke = [c](IkeHelper& h)
        {
            h.SetAttribute("RetransmitTimeout", TimeValue(Seconds(c.timeout)));
            h.SetAttribute("RetransmitLimit", UintegerValue(c.limit));
        };
        IkeNetwork net(o);
        Ptr<RateErrorModel> cut = CreateObject<RateErrorModel>();
        cut->SetRate(1.0);
        cut->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        net.core.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(cut));
        net.RunUntil(Seconds(c.giveUp + 20));

        auto sent = net.accessLog.Select([](const WirePacket& w) { return w.sent && w.Ike500(); });
        EXPECT_EQ(Times(sent), c.sent);
        for (const auto& w : sent)
        {
            EXPECT_TRUE(IsMm1(w));
            EXPECT_EQ(w.payload, sent.front().payload);
        }
        ASSERT_EQ(net.recordA.drops.size(), 1u);
        EXPECT_EQ(net.recordA.drops[0].what, ToString(IkeDropReason::TIMEOUT));
        EXPECT_EQ(net.recordA.drops[0].at, Seconds(c.giveUp));
        EXPECT_EQ(net.recordA.drops[0].peer, net.BSeen());
        EXPECT_EQ(net.ikeA->GetDropCount(IkeDropReason::TIMEOUT), 1u);
        EXPECT_EQ(net.ikeA->GetPhase1Count(), 0u);
        EXPECT_TRUE(net.recordB.drops.empty());
    }
}

// ------------------------------------------------------------------------
// 6. Malformed and forged IKE (RFC 2408 section 5: drop what does not
//    parse or belongs to no SA, without answering and without touching
//    the SAs in place).

// A host on the core sends gwB random octets, a truncated ISAKMP header and
// a well-formed Main Mode message with cookies of no IKE SA, on UDP 500
// and on 4500 behind the non-ESP marker (RFC 3948 section 2.2). The first
// two are malformed, the third unknown-sa, each reported with the
// attacker's address; the tunnel carries the echo throughout, and the
// IPsec stacks drop nothing.
TEST(IkeScenarioMalformed, GarbageAndForgedMessagesDoNotDisturbTheSa)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.attacker = true;
    IkeNetwork net(o);
    auto echo = LanEcho(net, 20, Seconds(2), MilliSeconds(500));
    Ptr<Socket> s = net.bed.Udp(net.attacker, 40000);

    std::mt19937 rng(7);
    Bytes random(64);
    for (auto& x : random)
    {
        x = static_cast<uint8_t>(rng());
    }
    IsakmpMessage forged;
    for (std::size_t i = 0; i < 8; ++i)
    {
        forged.header.initiatorCookie[i] = static_cast<uint8_t>(rng() | 1);
        forged.header.responderCookie[i] = static_cast<uint8_t>(rng() | 1);
    }
    forged.header.exchangeType = IsakmpExchangeType::kMainMode;
    forged.payloads.push_back({IsakmpPayloadType::kNonce, Bytes(32, 0x5a)});
    Bytes forgedBytes = forged.Serialize();
    ASSERT_TRUE(IsakmpMessage::Parse(forgedBytes.data(), forgedBytes.size()));
    Bytes truncated(forgedBytes.begin(), forgedBytes.begin() + 20);
    auto marked = [](const Bytes& b)
    {
        Bytes m(kNonEspMarker.begin(), kNonEspMarker.end());
        m.insert(m.end(), b.begin(), b.end());
        return m;
    };
    net.SendBytes(Seconds(5.0), s, kGwBPrivate, kIkePort, random);
    net.SendBytes(Seconds(5.1), s, kGwBPrivate, kIkePort, truncated);
    net.SendBytes(Seconds(5.2), s, kGwBPrivate, kIkePort, forgedBytes);
    net.SendBytes(Seconds(5.3), s, kGwBPrivate, kNatTPort, marked(random));
    net.SendBytes(Seconds(5.4), s, kGwBPrivate, kNatTPort, marked(truncated));
    net.SendBytes(Seconds(5.5), s, kGwBPrivate, kNatTPort, marked(forgedBytes));
    uint64_t ikeInBefore = 0;
    Simulator::Schedule(Seconds(4.9), [&]() { ikeInBefore = net.stackB->GetCounters().ikeIn; });
    net.RunUntil(Seconds(13));

    std::vector<std::string> malformed{"malformed", "malformed", "unknown-sa"};
    std::vector<std::string> expected = malformed;
    expected.insert(expected.end(), malformed.begin(), malformed.end());
    EXPECT_EQ(Reasons(net.recordB.drops), expected);
    for (const auto& d : net.recordB.drops)
    {
        EXPECT_EQ(d.peer, kAttacker);
    }
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::MALFORMED), 4u);
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::UNKNOWN_SA), 2u);
    EXPECT_EQ(net.stackB->GetCounters().ikeIn - ikeInBefore, 3u);
    EXPECT_TRUE(net.recordA.drops.empty());
    EXPECT_TRUE(net.bed.Received(s).empty()); // never answered
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetNatStatus(kPublicA), IkeNatStatus::PEER_BEHIND);
    EXPECT_EQ(echo->requests, 20u);
    EXPECT_EQ(echo->replies, 20u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u);
    EXPECT_TRUE(net.recordB.peerMoves.empty());
}

// ------------------------------------------------------------------------
// 7. The PAT in front of gwA reboots and hands out new ports.

// The tunnel is up and hostB pushes to hostA every 2 s. At 20 s the PAT
// reboots with moved ports: pushes to the old public port 4500 find no
// mapping. gwA, now idle, sends a keepalive within twice the interval,
// from a new public port; a keepalive is not authenticated (RFC 3948
// section 2.3), so gwB does not follow it. hostA's datagram at 45 s is
// the next ESP from gwA, from that new port: gwB's stack authenticates
// it and moves the SA's peer (PeerMoved), and hostB's pushes arrive again.
TEST(IkeScenarioNatReboot, PeerMovesToTheNewPortWithTheNextEsp)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.keepalive = Seconds(10);
    IkeNetwork net(o);
    Ptr<Socket> sinkA = net.bed.Udp(net.hostA, 7000);
    Ptr<Socket> sinkB = net.bed.Udp(net.hostB, 7000);
    for (int t = 11; t < 60; t += 2)
    {
        net.bed.SendUdpTo(Seconds(t), sinkB, kHostA, 7000, 64);
    }
    net.bed.SendUdpTo(Seconds(45), sinkA, kHostB, 7000, 64);
    NatHelper::ScheduleReboot(net.rA, Seconds(20), true);
    net.RunUntil(Seconds(61));

    auto fromA = net.coreLog.Select([](const WirePacket& w)
                                    { return w.Udp(kNatTPort) && w.source == kPublicA; });
    auto firstAfter = std::find_if(fromA.begin(), fromA.end(),
                                   [](const WirePacket& w) { return w.at > Seconds(20); });
    ASSERT_NE(firstAfter, fromA.end());
    EXPECT_TRUE(firstAfter->Keepalive());
    EXPECT_LT(firstAfter->at, Seconds(19 + 21));
    uint16_t newPort = firstAfter->sourcePort;
    EXPECT_NE(newPort, kNatTPort);
    auto espAfter
        = std::find_if(firstAfter, fromA.end(), [](const WirePacket& w) { return w.EspInUdp(); });
    ASSERT_NE(espAfter, fromA.end());
    EXPECT_GE(espAfter->at, Seconds(45));
    EXPECT_LT(espAfter->at, Seconds(46));
    EXPECT_EQ(espAfter->sourcePort, newPort);

    ASSERT_EQ(net.recordB.peerMoves.size(), 1u);
    EXPECT_GT(net.recordB.peerMoves[0].at, espAfter->at);
    EXPECT_LT(net.recordB.peerMoves[0].at, Seconds(46));
    EXPECT_EQ(net.recordB.peerMoves[0].what,
              "198.51.100.1:4500 -> 198.51.100.1:" + std::to_string(newPort));
    EXPECT_TRUE(net.recordA.peerMoves.empty());

    // Pushes 11..19 s arrived, 21..45 s were lost at the PAT, 47..59 s arrived.
    std::vector<double> got;
    for (double t : Times(net.bed.Received(sinkA)))
    {
        got.push_back(std::floor(t));
    }
    std::vector<double> want{11, 13, 15, 17, 19, 47, 49, 51, 53, 55, 57, 59};
    EXPECT_EQ(got, want);
    EXPECT_EQ(net.natA->GetDropCount(NatDropReason::NO_MAPPING), 13u);
    EXPECT_EQ(net.bed.Received(sinkB).size(), 1u);
    auto m4500 = UdpMapping(net.natA, kGwAPrivate, kNatTPort);
    ASSERT_TRUE(m4500.has_value());
    EXPECT_EQ(m4500->publicPort, newPort);
    EXPECT_EQ(net.natA->GetCounters().reboots, 1u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u);
}

// ------------------------------------------------------------------------
// 8. Transport mode through the PAT (RFC 3947 section 5.2: NAT-OA; RFC
//    3948 section 3.1.2: the receiver fixes the transport checksum).

// gwA and gwB protect their own traffic in transport mode,
// UDP-encapsulated because of the PAT. The inner UDP checksum was computed
// by the sender over addresses the NAT changes; with the original
// addresses from NAT-OA the receiver accepts it: the echo between the
// gateways, ns-3 checksums on, is delivered both ways.
TEST(IkeScenarioTransportMode, UdpEchoBetweenGatewaysThroughPat)
{
    for (NatPosition nat : {NatPosition::INITIATOR, NatPosition::RESPONDER, NatPosition::BOTH})
    {
        SCOPED_TRACE("NAT at " + ToString(nat));
        IkeNetwork::Options o;
        o.nat = nat;
        o.mode = IpsecMode::TRANSPORT;
        IkeNetwork net(o);
        auto echo = net.Echo(net.gwA, net.gwB, net.BSeen(), 5, Seconds(3));
        net.RunUntil(Seconds(10));

        ASSERT_EQ(net.recordA.phase2.size(), 1u);
        ASSERT_EQ(net.recordB.phase2.size(), 1u);
        EXPECT_EQ(net.recordA.phase2[0].what, "udp");
        EXPECT_EQ(net.recordB.phase2[0].what, "udp");
        for (SecurityAssociation* sa : net.stackB->GetSad().Inbound())
        {
            EXPECT_EQ(sa->Config().mode, IpsecMode::TRANSPORT);
        }
        EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.EspInUdp(); }), 10u);
        EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.Udp(9); }), 0u);
        EXPECT_EQ(echo->requests, 5u);
        EXPECT_EQ(echo->replies, 5u);
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u) << VpnNetwork::ShowSas(net.stackA, true);
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u) << VpnNetwork::ShowSas(net.stackB, true);
        EXPECT_TRUE(net.recordA.drops.empty());
        EXPECT_TRUE(net.recordB.drops.empty());
    }
}

// ------------------------------------------------------------------------
// 9. Reproducibility: the same seed gives the same run.

namespace
{

/// What one run produced: counters as text, every packet on the core.
struct RunResult
{
    std::string counters;                           //!< agents, stacks, PATs
    std::vector<std::pair<int64_t, Bytes>> packets; //!< (time in ns, bytes) on the core
};

RunResult
RunOnce(uint32_t run)
{
    RunResult r;
    {
        IkeNetwork::Options o;
        o.nat = NatPosition::BOTH;
        o.keepalive = Seconds(10);
        o.natTimeout = Seconds(30);
        o.run = run;
        IkeNetwork net(o);
        auto echo = LanEcho(net, 5, Seconds(3));
        HubTraffic traffic(net);
        net.RunUntil(Seconds(120));
        std::ostringstream s;
        for (Ptr<IkeAgent> a : {net.ikeA, net.ikeB})
        {
            s << "ike " << a->GetPhase1Count() << " " << a->GetPhase2Count() << " drops "
              << TotalIkeDrops(a) << "\n";
        }
        for (Ptr<IpsecStack> st : {net.stackA, net.stackB})
        {
            const auto& c = st->GetCounters();
            s << "ipsec " << c.protectedOut << " " << c.acceptedIn << " " << c.bypassed << " "
              << c.keepalivesIn << " " << c.ikeIn << " " << c.peerMoves << " drops "
              << VpnNetwork::TotalDrops(st) << "\n";
        }
        for (Ptr<NatBox> b : {net.natA, net.natB})
        {
            const auto& c = b->GetCounters();
            s << "nat " << c.translatedOutbound << " " << c.translatedInbound << " "
              << c.mappingsCreated << " " << c.mappingsExpired << "\n";
        }
        s << "echo " << echo->requests << " " << echo->replies << " pushes "
          << net.bed.Received(traffic.sinkA).size() << " keepalives "
          << net.recordA.keepalives.size() << "+" << net.recordB.keepalives.size() << "\n";
        r.counters = s.str();
        for (const auto& w : net.coreLog.Packets())
        {
            r.packets.emplace_back(w.at.GetNanoSeconds(), w.packet);
        }
    }
    return r;
}

} // namespace

// Two runs with the same seed and run number produce the same counters and
// the same octets at the same times on the core link (cookies, nonces, DH
// values, SPIs, IVs and jitter all come from assigned ns-3 streams); a
// different run number gives different octets.
TEST(IkeScenarioDeterminism, SameSeedGivesIdenticalCountersAndBytes)
{
    RunResult first = RunOnce(1);
    RunResult second = RunOnce(1);
    EXPECT_EQ(first.counters, second.counters);
    EXPECT_NE(first.counters.find("ike 1 1 drops 0"), std::string::npos) << first.counters;
    ASSERT_GT(first.packets.size(), 20u);
    ASSERT_EQ(first.packets.size(), second.packets.size());
    for (std::size_t i = 0; i < first.packets.size(); ++i)
    {
        ASSERT_EQ(first.packets[i], second.packets[i]) << "packet " << i << " differs";
    }
    RunResult other = RunOnce(2);
    EXPECT_NE(first.packets, other.packets);
}

} // namespace test
} // namespace ns3
