/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scenario tests of the IPsec data plane (IpsecStack) inside ns-3
 * topologies: two sites joined by manually keyed SAs between their
 * gateways, with a PAT, a static NAT or a plain router in front of gwA (see
 * ipsec-scenario.h). Ordinary ns-3 sockets and applications on the hosts,
 * ns-3 checksums on; the assertions are on what is delivered, what the
 * stacks drop and why, with which SPI, and when.
 */
#include "ipsec/ipsec-scenario.h"

#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

const Ipv4Address kHostA("10.1.0.2");
const Ipv4Address kHostB("10.2.0.2");
const Ipv4Address kGwA("192.168.1.2");
const Ipv4Address kGwB("203.0.113.2");
const Ipv4Address kPat("203.0.113.1");
const Ipv4Address kWanHost("203.0.113.9");

/// UDP header (8) + ESP header (8) + AES-CBC IV (16): the first ciphertext octet.
constexpr std::size_t kFirstCiphertextOctet = 8 + 8 + 16;

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

std::vector<std::size_t>
Sizes(const std::vector<Receipt>& receipts)
{
    std::vector<std::size_t> s;
    for (const auto& r : receipts)
    {
        s.push_back(r.bytes.size());
    }
    return s;
}

bool
Contains(const std::string& text, const std::string& what)
{
    return text.find(what) != std::string::npos;
}

/// A sequence of what a stack did, as text: "protect 3", "soft-expired out", "drop no-sa".
class Timeline
{
public:
    /** Record protect, lifetime and drop events of \p stack (Unprotect too with \p inbound). */
    void Watch(Ptr<IpsecStack> stack, bool inbound = false)
    {
        stack->TraceConnectWithoutContext(
            "Protect",
            Callback<void, Ptr<const Packet>, uint32_t>(
                [this](Ptr<const Packet> p, uint32_t)
                {
                    Bytes b = PacketBytes(p);
                    // The outer packet starts with the UDP header (encapsulated) or ESP.
                    std::size_t esp = b.size() > 8 && b[0] == 0x11 && b[1] == 0x94 ? 8 : 0;
                    events.push_back("protect " + std::to_string(SequenceOf(b.data() + esp)));
                }));
        stack->TraceConnectWithoutContext(
            "Lifetime", Callback<void, uint32_t, bool, SaLifetimeEvent>(
                            [this](uint32_t, bool outbound, SaLifetimeEvent e)
                            {
                                events.push_back(ToString(e) + (outbound ? " out" : " in"));
                                times.push_back(Simulator::Now());
                            }));
        stack->TraceConnectWithoutContext(
            "Drop", Callback<void, Ptr<const Packet>, IpsecDropReason, uint32_t>(
                        [this](Ptr<const Packet>, IpsecDropReason r, uint32_t)
                        { events.push_back("drop " + ToString(r)); }));
        if (inbound)
        {
            stack->TraceConnectWithoutContext(
                "Unprotect", Callback<void, Ptr<const Packet>, uint32_t>(
                                 [this](Ptr<const Packet>, uint32_t)
                                 { events.push_back("accept " + std::to_string(++m_accepted)); }));
        }
    }

    std::vector<std::string> events; //!< in order
    std::vector<Time> times;         //!< of the lifetime events

private:
    uint32_t m_accepted{0};
};

} // namespace

// ------------------------------------------------------------------------
// 1. RFC 3948 section 2.1: tunnel-mode ESP in UDP 4500 crosses a PAT.

// ESP AES-128-CBC / HMAC-SHA1-96 in tunnel mode, UDP-encapsulated because
// gwA sits behind a PAT: UDP echo and a TCP bulk transfer between the LANs
// are delivered; the PAT translated UDP 4500 (one mapping, port kept); every
// protected packet was accepted on the other side and nothing was dropped.
TEST(IpsecScenario, TunnelModeEspInUdpThroughPat)
{
    VpnNetwork net;
    auto [ab, ba] = net.AddTunnel(net.Tunnel());
    auto echo = net.Echo(net.hostA, net.hostB, kHostB, 5, Seconds(1));
    Ptr<PacketSink> sink = net.Bulk(net.hostA, net.hostB, kHostB, 200000, Seconds(3));
    net.RunUntil(Seconds(2.5));

    // The echo alone (1 s to 1.8 s): five requests, five replies.
    EXPECT_EQ(echo->requests, 5U);
    EXPECT_EQ(echo->replies, 5U);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 5U);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 5U);
    EXPECT_EQ(net.stackB->GetCounters().protectedOut, 5U);
    EXPECT_EQ(net.stackA->GetCounters().acceptedIn, 5U);
    EXPECT_EQ(net.nat->GetCounters().translatedOutbound, 5U);
    EXPECT_EQ(net.nat->GetCounters().translatedInbound, 5U);
    auto mappings = net.nat->GetMappings();
    ASSERT_EQ(mappings.size(), 1U);
    EXPECT_EQ(mappings[0].protocol, 17);
    EXPECT_EQ(mappings[0].insideAddress, kGwA);
    EXPECT_EQ(mappings[0].insidePort, 4500);
    EXPECT_EQ(mappings[0].publicAddress, kPat);
    EXPECT_EQ(mappings[0].publicPort, 4500);

    // Then the TCP transfer from 3 s.
    net.RunUntil(Seconds(10));
    EXPECT_EQ(sink->GetTotalRx(), 200000U);
    const auto& a = net.stackA->GetCounters();
    const auto& b = net.stackB->GetCounters();
    EXPECT_GT(a.protectedOut, 5U + 200000U / 536U);
    EXPECT_EQ(b.acceptedIn, a.protectedOut);
    EXPECT_EQ(a.acceptedIn, b.protectedOut);
    EXPECT_EQ(net.nat->GetCounters().translatedOutbound, a.protectedOut);
    EXPECT_EQ(net.nat->GetCounters().translatedInbound, b.protectedOut);
    EXPECT_EQ(net.nat->GetMappings().size(), 1U);
    EXPECT_EQ(net.stackA->GetSad().FindOutboundBySpi(ab)->LastSequence(), a.protectedOut);
    EXPECT_EQ(net.stackB->GetSad().FindOutboundBySpi(ba)->LastSequence(), b.protectedOut);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
    EXPECT_TRUE(net.bed.Drops().empty());

    // gwB sees gwA at the PAT's public endpoint.
    std::string showB = VpnNetwork::ShowSas(net.stackB);
    EXPECT_TRUE(Contains(showB, "in use settings ={Tunnel UDP-Encaps, }")) << showB;
    EXPECT_TRUE(Contains(showB, "spi: " + SpiText(ab))) << showB;
    EXPECT_TRUE(Contains(showB, "spi: " + SpiText(ba))) << showB;
    EXPECT_TRUE(Contains(showB, "current_peer 203.0.113.1 port 4500")) << showB;
    EXPECT_TRUE(Contains(showB, "transform: esp-aes esp-sha-hmac")) << showB;
    std::string showA = VpnNetwork::ShowSas(net.stackA);
    EXPECT_TRUE(Contains(showA, "current_peer 203.0.113.2 port 4500")) << showA;
    EXPECT_TRUE(Contains(showA, "current outbound spi: " + SpiText(ab))) << showA;
}

// ------------------------------------------------------------------------
// 2. RFC 3715 section 2.2: raw ESP has no ports for a PAT to translate.

// Raw ESP (IP protocol 50) meets the PAT: dropped there as unsupported,
// nothing delivered. With the box's ESP passthrough (tracking ESP by remote
// address) it passes both ways.
TEST(IpsecScenario, RawEspThroughPatNeedsPassthrough)
{
    for (bool passthrough : {false, true})
    {
        SCOPED_TRACE(passthrough ? "ESP passthrough" : "plain PAT");
        VpnNetwork::Options o;
        o.configureNat = [passthrough](NatHelper& h)
        { h.SetAttribute("EspPassthrough", BooleanValue(passthrough)); };
        VpnNetwork net(o);
        IpsecManualTunnel t = net.Tunnel();
        t.encapsulation = IpsecEncapsulation::NONE;
        auto [ab, ba] = net.AddTunnel(t);
        auto echo = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1));
        net.RunUntil(Seconds(3));

        EXPECT_EQ(net.stackA->GetCounters().protectedOut, 3U);
        if (!passthrough)
        {
            EXPECT_EQ(echo->requests, 0U);
            EXPECT_EQ(echo->replies, 0U);
            EXPECT_EQ(net.bed.DropCount(NatDropReason::UNSUPPORTED_PROTOCOL), 3U);
            EXPECT_EQ(net.nat->GetDropCount(NatDropReason::UNSUPPORTED_PROTOCOL), 3U);
            EXPECT_EQ(net.bed.Drops().size(), 3U);
            EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0U);
            EXPECT_TRUE(net.nat->GetMappings().empty());
        }
        else
        {
            EXPECT_EQ(echo->requests, 3U);
            EXPECT_EQ(echo->replies, 3U);
            EXPECT_TRUE(net.bed.Drops().empty());
            auto m = net.nat->GetMappings();
            ASSERT_EQ(m.size(), 1U);
            EXPECT_EQ(m[0].protocol, 50);
            EXPECT_EQ(m[0].insideAddress, kGwA);
            EXPECT_EQ(m[0].remoteAddress, kGwB);
            EXPECT_EQ(m[0].espSpis, (std::vector<uint32_t>{ab, ba}));
            EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 3U);
            EXPECT_EQ(net.stackA->GetCounters().acceptedIn, 3U);
        }
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
    }
}

// Raw ESP through a plain router (no NAT, gwB reaches 192.168.1.0/24): it
// works, and gwB sees gwA's own address.
TEST(IpsecScenario, RawEspThroughPlainRouter)
{
    VpnNetwork net(VpnNat::NONE);
    auto [ab, ba] = net.AddTunnel(net.Tunnel());
    auto echo = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1));
    Ptr<PacketSink> sink = net.Bulk(net.hostA, net.hostB, kHostB, 50000, Seconds(2));
    net.RunUntil(Seconds(5));

    EXPECT_EQ(echo->requests, 3U);
    EXPECT_EQ(echo->replies, 3U);
    EXPECT_EQ(sink->GetTotalRx(), 50000U);
    EXPECT_EQ(net.stackB->GetSad().FindInbound(ab)->Config().source, kGwA);
    std::string showB = VpnNetwork::ShowSas(net.stackB);
    EXPECT_TRUE(Contains(showB, "in use settings ={Tunnel, }")) << showB;
    EXPECT_TRUE(Contains(showB, "current_peer 192.168.1.2 port 500")) << showB;
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
}

// ------------------------------------------------------------------------
// 3. RFC 4303 section 3.4: what the receiver checks, in order: SA lookup
// (3.4.2), sequence number (3.4.3), ICV (3.4.4); RFC 3948 section 2.1.

// The third ESP packet gwA sends is lost on the WAN; an attacker on gwA's
// access link kept copies of everything gwA sent and plays them at gwB
// through the PAT's mapping (raw IPv4 socket, protocol 17, the captured UDP
// header and ESP). gwB drops each bad packet with its reason and SPI and
// still accepts the lost packet, late but inside the window (3.4.3); the
// tunnel carries on.
TEST(IpsecScenario, ReplayedTamperedAndMalformedEspAreDropped)
{
    VpnNetwork net;
    auto [ab, ba] = net.AddTunnel(net.Tunnel());
    std::map<uint32_t, Bytes> sent; // by sequence number: UDP header + ESP
    Ptr<ListErrorModel> lost = CreateObject<ListErrorModel>();
    net.wanLink.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(lost));
    net.stackA->TraceConnectWithoutContext(
        "Protect", Callback<void, Ptr<const Packet>, uint32_t>(
                       [&](Ptr<const Packet> p, uint32_t spi)
                       {
                           ASSERT_EQ(spi, ab);
                           Bytes b = PacketBytes(p);
                           uint32_t seq = SequenceOf(b.data() + 8);
                           sent[seq] = b;
                           if (seq == 3)
                           {
                               lost->SetList({static_cast<uint32_t>(p->GetUid())});
                           }
                       }));
    Ptr<Socket> tx = net.bed.Udp(net.hostA, 7000);
    Ptr<Socket> rx = net.bed.Udp(net.hostB, 7000);
    for (uint32_t i = 1; i <= 5; ++i)
    {
        net.bed.SendUdpTo(Seconds(1) + MilliSeconds(100 * (i - 1)), tx, kHostB, 7000, 100 + i);
    }
    net.RunUntil(Seconds(2));
    ASSERT_EQ(sent.size(), 5U);
    EXPECT_EQ(Sizes(net.bed.Received(rx)), (std::vector<std::size_t>{101, 102, 104, 105}));

    // As the attacker sends them: gwA's address, gwB's; the PAT rewrites the
    // source and adjusts the UDP checksum (RFC 1624).
    Bytes flipped = sent[3];
    flipped[kFirstCiphertextOctet + 5] ^= 0x01;
    flipped = WithUdpChecksum(flipped, kGwA, kGwB);
    Bytes unknownSpi = sent[4];
    unknownSpi[8] = 0xDE;
    unknownSpi[9] = 0xAD;
    unknownSpi[10] = 0xBE;
    unknownSpi[11] = 0xEF;
    unknownSpi = WithUdpChecksum(unknownSpi, kGwA, kGwB);
    // A UDP datagram 4500 -> 4500 of 12 octets: SPI, sequence 1000, 4 octets.
    Bytes shortEsp{0x11,
                   0x94,
                   0x11,
                   0x94,
                   0x00,
                   0x14,
                   0x00,
                   0x00,
                   uint8_t(ab >> 24),
                   uint8_t(ab >> 16),
                   uint8_t(ab >> 8),
                   uint8_t(ab),
                   0x00,
                   0x00,
                   0x03,
                   0xE8,
                   0xA5,
                   0xA5,
                   0xA5,
                   0xA5};
    shortEsp = WithUdpChecksum(shortEsp, kGwA, kGwB);
    Bytes rawEspOfUdpSa(sent[5].begin() + 8, sent[5].end());

    Ptr<Socket> attacker = net.bed.Raw(net.gwA, 17);
    Ptr<Socket> wanEsp = net.bed.Raw(net.wan, 50);
    const std::vector<Time> at{Seconds(2.0), Seconds(2.1), Seconds(2.2), Seconds(2.3),
                               Seconds(2.4), Seconds(2.5), Seconds(2.6), Seconds(2.7)};
    net.SendRawBytes(at[0], attacker, kGwB, sent[1]);    // replay of a packet gwB accepted
    net.SendRawBytes(at[1], attacker, kGwB, flipped);    // the lost one, one octet changed
    net.SendRawBytes(at[2], attacker, kGwB, sent[3]);    // the lost one, as sent
    net.SendRawBytes(at[3], attacker, kGwB, sent[3]);    // ... and again
    net.SendRawBytes(at[4], attacker, kGwB, unknownSpi); // SPI 0xdeadbeef
    net.SendRawBytes(at[5], attacker, kGwB, shortEsp);   // shorter than IV + ICV
    net.SendRawBytes(at[6], wanEsp, kGwB, {0x00, 0x00, 0x10, 0x00, 0x01}); // 5-octet raw ESP
    net.SendRawBytes(at[7], wanEsp, kGwB, rawEspOfUdpSa);                  // raw ESP for a UDP SA
    net.bed.SendUdpTo(Seconds(3), tx, kHostB, 7000, 106);
    net.RunUntil(Seconds(4));

    const std::vector<IpsecDrop> expected{{Time(), IpsecDropReason::REPLAY, ab},
                                          {Time(), IpsecDropReason::ICV_MISMATCH, ab},
                                          {Time(), IpsecDropReason::REPLAY, ab},
                                          {Time(), IpsecDropReason::UNKNOWN_SPI, 0xDEADBEEF},
                                          {Time(), IpsecDropReason::TRUNCATED, ab},
                                          {Time(), IpsecDropReason::TRUNCATED, 0},
                                          {Time(), IpsecDropReason::ENCAPSULATION_MISMATCH, ab}};
    const auto& drops = net.Drops(net.stackB);
    ASSERT_EQ(drops, expected);
    // Each when its packet reached gwB: sent at[k] (at[2] was accepted),
    // two hops later; the WAN host's first packet (at[6]) waits for ARP,
    // which ns-3 jitters by up to 10 ms (ArpL3Protocol::RequestJitter).
    const std::vector<Time> dropSent{at[0], at[1], at[3], at[4], at[5], at[6], at[7]};
    for (std::size_t k = 0; k < drops.size(); ++k)
    {
        Time within = dropSent[k] == at[6] ? MilliSeconds(15) : MilliSeconds(3);
        EXPECT_GT(drops[k].at, dropSent[k]) << drops[k];
        EXPECT_LT(drops[k].at, dropSent[k] + within) << drops[k];
    }
    EXPECT_EQ(net.stackB->GetDropCount(IpsecDropReason::REPLAY), 2U);
    EXPECT_EQ(net.stackB->GetDropCount(IpsecDropReason::ICV_MISMATCH), 1U);
    EXPECT_TRUE(net.Drops(net.stackA).empty());

    // The lost packet arrived late and was delivered; then traffic went on.
    const auto& got = net.bed.Received(rx);
    EXPECT_EQ(Sizes(got), (std::vector<std::size_t>{101, 102, 104, 105, 103, 106}));
    ASSERT_EQ(got.size(), 6U);
    EXPECT_GT(got[4].at, at[2]);
    EXPECT_LT(got[4].at, at[3]);
    const IpsecSaCounters& k = net.stackB->GetSad().FindInbound(ab)->Counters();
    EXPECT_EQ(k.packetsDecapsulated, 6U);
    EXPECT_EQ(k.replayErrors, 2U);
    EXPECT_EQ(k.authErrors, 1U);
    EXPECT_EQ(k.otherErrors, 1U);
    std::string show = VpnNetwork::ShowSas(net.stackB, true);
    EXPECT_TRUE(Contains(show, "#send errors 0, #recv errors 4")) << show;
    EXPECT_TRUE(Contains(show, "#pkts replay failed: 2, #pkts auth failed: 1, #pkts bad "
                               "padding: 0, #pkts malformed: 1"))
        << show;
}

// ------------------------------------------------------------------------
// 4. RFC 4302 section 3.3.3.1: AH's ICV covers the outer source and
// destination addresses, so a NAT breaks it (RFC 3715 section 2.1).

// AH (HMAC-SHA1-96) in tunnel mode through a plain router: verified and
// delivered both ways.
TEST(IpsecScenario, AhWithoutNat)
{
    VpnNetwork net(VpnNat::NONE);
    IpsecManualTunnel t = net.Tunnel();
    t.transform.protocol = IpsecProtocol::AH;
    t.transform.integrity = "sha1";
    auto [ab, ba] = net.AddTunnel(t);
    auto echo = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1));
    net.RunUntil(Seconds(3));

    EXPECT_EQ(echo->requests, 3U);
    EXPECT_EQ(echo->replies, 3U);
    EXPECT_EQ(net.stackB->GetSad().FindInbound(ab)->Counters().packetsVerified, 3U);
    EXPECT_EQ(net.stackA->GetSad().FindInbound(ba)->Counters().packetsVerified, 3U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
    std::string show = VpnNetwork::ShowSas(net.stackB);
    EXPECT_TRUE(Contains(show, "inbound ah sas")) << show;
    EXPECT_TRUE(Contains(show, "transform: ah-sha-hmac")) << show;
}

// The same AH through a static one-to-one NAT (gwA is 203.0.113.5 outside;
// a PAT would refuse AH as unsupported): gwB drops every AH packet as an
// ICV mismatch, as it must, and nothing is delivered.
TEST(IpsecScenario, AhThroughStaticNatFailsIcv)
{
    VpnNetwork net(VpnNat::STATIC);
    IpsecManualTunnel t = net.Tunnel();
    t.transform.protocol = IpsecProtocol::AH;
    t.transform.integrity = "sha1";
    auto [ab, ba] = net.AddTunnel(t);
    auto echo = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1));
    net.RunUntil(Seconds(3));

    EXPECT_EQ(echo->requests, 0U);
    EXPECT_EQ(echo->replies, 0U);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 3U);
    EXPECT_EQ(net.nat->GetCounters().translatedOutbound, 3U);
    EXPECT_TRUE(net.bed.Drops().empty());
    const std::vector<IpsecDrop> expected(3, IpsecDrop{Time(), IpsecDropReason::ICV_MISMATCH, ab});
    EXPECT_EQ(net.Drops(net.stackB), expected);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0U);
    EXPECT_EQ(net.stackB->GetSad().FindInbound(ab)->Counters().authErrors, 3U);
    EXPECT_EQ(net.stackB->GetCounters().protectedOut, 0U);
}

// ------------------------------------------------------------------------
// 5. RFC 4301 section 4.4.2.1: SA lifetimes, soft (rekey) and hard (stop).

// softPackets 5, hardPackets 8 on every SA of the pair; one-way traffic
// hostA -> hostB. gwA's outbound SA soft-expires at the 5th packet (which
// is still sent), carries the 8th, refuses the 9th (hard expiry: dropped
// SA_EXPIRED) and is then removed, so later packets find no SA.
TEST(IpsecLifetime, PacketLimits)
{
    VpnNetwork net;
    IpsecManualTunnel t = net.Tunnel();
    t.lifetime.softPackets = 5;
    t.lifetime.hardPackets = 8;
    auto [ab, ba] = net.AddTunnel(t);
    Timeline gwA;
    gwA.Watch(net.stackA);
    Timeline gwB;
    gwB.Watch(net.stackB, true);
    Ptr<Socket> tx = net.bed.Udp(net.hostA, 7000);
    Ptr<Socket> rx = net.bed.Udp(net.hostB, 7000);
    for (uint32_t i = 1; i <= 11; ++i)
    {
        net.bed.SendUdpTo(Seconds(1) + MilliSeconds(100 * i), tx, kHostB, 7000, 100 + i);
    }
    net.RunUntil(Seconds(3));

    EXPECT_EQ(gwA.events,
              (std::vector<std::string>{"protect 1", "protect 2", "protect 3", "protect 4",
                                        "soft-expired out", "protect 5", "protect 6", "protect 7",
                                        "protect 8", "hard-expired out", "drop sa-expired",
                                        "drop no-sa", "drop no-sa"}));
    ASSERT_EQ(gwA.times.size(), 2U);
    // The 5th datagram left hostA at 1.5 s, the 9th at 1.9 s; one LAN hop later.
    EXPECT_GT(gwA.times[0], Seconds(1.5));
    EXPECT_LT(gwA.times[0], Seconds(1.5) + MilliSeconds(2));
    EXPECT_GT(gwA.times[1], Seconds(1.9));
    EXPECT_LT(gwA.times[1], Seconds(1.9) + MilliSeconds(2));
    EXPECT_EQ(Sizes(net.bed.Received(rx)),
              (std::vector<std::size_t>{101, 102, 103, 104, 105, 106, 107, 108}));
    EXPECT_EQ(net.stackA->GetSad().FindOutboundBySpi(ab), nullptr);
    EXPECT_NE(net.stackA->GetSad().FindInbound(ba), nullptr);
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::SA_EXPIRED), 1U);
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::NO_SA), 2U);
    EXPECT_EQ(net.Drops(net.stackA)[0], (IpsecDrop{Time(), IpsecDropReason::SA_EXPIRED, ab}));

    // gwB's inbound copy counted the same 8 packets: soft at the 5th, full
    // at the 8th, not hard-expired (no 9th packet reached it).
    EXPECT_EQ(gwB.events, (std::vector<std::string>{"accept 1", "accept 2", "accept 3", "accept 4",
                                                    "soft-expired in", "accept 5", "accept 6",
                                                    "accept 7", "accept 8"}));
    const SecurityAssociation* in = net.stackB->GetSad().FindInbound(ab);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->Lifetime().GetPackets(), 8U);
    EXPECT_TRUE(in->Lifetime().IsSoftExpired());
    EXPECT_FALSE(in->Lifetime().IsHardExpired());
}

// Byte limits count what the cipher is applied to, padding included
// (RFC 4301 section 4.4.2.1). A 100-octet UDP payload is a 128-octet inner
// packet; with AES-CBC's 16-octet blocks, 2 trailer octets and 14 of
// padding the cipher encrypts 144. softBytes 432 = 3 x 144, hardBytes 720
// = 5 x 144: soft at the 3rd packet, the 5th fills the limit exactly and is
// admitted, the 6th is refused.
TEST(IpsecLifetime, ByteLimitsCountEncryptedOctets)
{
    VpnNetwork net;
    IpsecManualTunnel t = net.Tunnel();
    t.lifetime.softBytes = 432;
    t.lifetime.hardBytes = 720;
    auto [ab, ba] = net.AddTunnel(t);
    Timeline gwA;
    gwA.Watch(net.stackA);
    Ptr<Socket> tx = net.bed.Udp(net.hostA, 7000);
    Ptr<Socket> rx = net.bed.Udp(net.hostB, 7000);
    for (uint32_t i = 1; i <= 7; ++i)
    {
        net.bed.SendUdpTo(Seconds(1) + MilliSeconds(100 * i), tx, kHostB, 7000, 100);
    }
    net.RunUntil(Seconds(3));

    EXPECT_EQ(gwA.events,
              (std::vector<std::string>{"protect 1", "protect 2", "soft-expired out", "protect 3",
                                        "protect 4", "protect 5", "hard-expired out",
                                        "drop sa-expired", "drop no-sa"}));
    EXPECT_EQ(net.bed.Received(rx).size(), 5U);
    const SecurityAssociation* in = net.stackB->GetSad().FindInbound(ab);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->Lifetime().GetBytes(), 720U);
    EXPECT_EQ(net.stackA->GetSad().FindOutboundBySpi(ab), nullptr);
}

// softTime 3 s, hardTime 5 s: every SA of the pair soft-expires at exactly
// 3 s and hard-expires at exactly 5 s after installation (t = 0), traffic
// or not; a packet just before the hard limit is delivered, one after it
// finds no SA on either gateway.
TEST(IpsecLifetime, TimeLimitsFireAtExactTime)
{
    VpnNetwork net;
    IpsecManualTunnel t = net.Tunnel();
    t.lifetime.softTime = Seconds(3);
    t.lifetime.hardTime = Seconds(5);
    net.AddTunnel(t);
    Timeline gwA;
    gwA.Watch(net.stackA);
    Timeline gwB;
    gwB.Watch(net.stackB);
    Ptr<Socket> a = net.bed.Udp(net.hostA, 7000);
    Ptr<Socket> b = net.bed.Udp(net.hostB, 7000);
    net.bed.SendUdpTo(Seconds(4.9), a, kHostB, 7000, 101);
    net.bed.SendUdpTo(Seconds(5.1), a, kHostB, 7000, 102);
    net.bed.SendUdpTo(Seconds(5.2), b, kHostA, 7000, 201);
    net.RunUntil(Seconds(6));

    EXPECT_EQ(gwA.events,
              (std::vector<std::string>{"soft-expired out", "soft-expired in", "protect 1",
                                        "hard-expired out", "hard-expired in", "drop no-sa"}));
    EXPECT_EQ(gwA.times, (std::vector<Time>{Seconds(3), Seconds(3), Seconds(5), Seconds(5)}));
    EXPECT_EQ(gwB.events,
              (std::vector<std::string>{"soft-expired out", "soft-expired in", "hard-expired out",
                                        "hard-expired in", "drop no-sa"}));
    EXPECT_EQ(gwB.times, (std::vector<Time>{Seconds(3), Seconds(3), Seconds(5), Seconds(5)}));
    EXPECT_EQ(Sizes(net.bed.Received(b)), (std::vector<std::size_t>{101}));
    EXPECT_TRUE(net.bed.Received(a).empty());
    EXPECT_TRUE(net.stackA->GetSad().Inbound().empty());
    EXPECT_TRUE(net.stackA->GetSad().Outbound().empty());
    EXPECT_TRUE(net.stackB->GetSad().Inbound().empty());
    EXPECT_TRUE(net.stackB->GetSad().Outbound().empty());
}

// One timer per stack serves every SA's time limits: deadlines of several
// SAs fire in time order, a removed SA's deadline does not fire, and an SA
// added again under the same SPI fires at its own new deadlines.
TEST(IpsecLifetime, ManySasShareOneQueueInDeadlineOrder)
{
    Testbed bed;
    Ptr<Node> node = bed.AddNode();
    IpsecHelper helper;
    Ptr<IpsecStack> stack = helper.Install(node);
    std::vector<std::string> events;
    stack->TraceConnectWithoutContext(
        "Lifetime", Callback<void, uint32_t, bool, SaLifetimeEvent>(
                        std::function<void(uint32_t, bool, SaLifetimeEvent)>(
                            [&events](uint32_t spi, bool outbound, SaLifetimeEvent e)
                            {
                                std::ostringstream s;
                                s << Simulator::Now().GetSeconds() << " " << spi
                                  << (outbound ? " out " : " in ") << ToString(e);
                                events.push_back(s.str());
                            })));
    auto add = [stack](uint32_t spi, double soft, double hard)
    {
        IpsecSaConfig c;
        c.spi = spi;
        c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128"));
        c.encryptionKey = Bytes(16, 0x11);
        c.integrity = RegistryEntry(IpsecHelper::ParseIntegrity("sha1"));
        c.integrityKey = Bytes(20, 0x22);
        c.lifetime.softTime = Seconds(soft);
        c.lifetime.hardTime = Seconds(hard);
        EXPECT_EQ(stack->AddSa(c, false), "");
    };
    add(0x100, 2, 4);
    add(0x200, 1, 3);
    add(0x300, 5, 6);
    Simulator::Schedule(Seconds(2.5), [stack]() { EXPECT_TRUE(stack->RemoveSa(0x300, false)); });
    Simulator::Schedule(Seconds(2.5), [add]() { add(0x300, 4, 4.5); });
    bed.Run(Seconds(10));

    EXPECT_EQ(events, (std::vector<std::string>{
                          "1 512 in soft-expired",
                          "2 256 in soft-expired",
                          "3 512 in hard-expired",
                          "4 256 in hard-expired",
                          "6.5 768 in soft-expired",
                          "7 768 in hard-expired",
                      }));
}

// ------------------------------------------------------------------------
// 6. RFC 3948 section 3.1.2: transport mode through a NAT. The sender's
// UDP/TCP checksum covers its own address (192.168.1.2), the receiver sees
// the PAT's; the receiver fixes the checksum with the original address
// (NAT-OA, RFC 3947 section 5.2) before the transport layer checks it.

// Applications on the gateways themselves: UDP echo and a TCP transfer
// gwA -> gwB, checksums on, all delivered.
TEST(IpsecScenario, TransportModeNatTraversal)
{
    VpnNetwork net;
    auto [ab, ba] = net.AddTunnel(net.TransportTunnel());
    auto echo = net.Echo(net.gwA, net.gwB, kGwB, 5, Seconds(1));
    Ptr<PacketSink> sink = net.Bulk(net.gwA, net.gwB, kGwB, 100000, Seconds(3));
    net.RunUntil(Seconds(8));

    EXPECT_EQ(echo->requests, 5U);
    EXPECT_EQ(echo->replies, 5U);
    EXPECT_EQ(sink->GetTotalRx(), 100000U);
    EXPECT_EQ(net.stackB->GetSad().FindInbound(ab)->Config().originalSource, kGwA);
    EXPECT_EQ(net.stackB->GetSad().FindInbound(ab)->Config().source, kPat);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, net.stackA->GetCounters().protectedOut);
    EXPECT_EQ(net.stackA->GetCounters().acceptedIn, net.stackB->GetCounters().protectedOut);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
    EXPECT_TRUE(net.bed.Drops().empty());
    std::string show = VpnNetwork::ShowSas(net.stackB);
    EXPECT_TRUE(Contains(show, "in use settings ={Transport UDP-Encaps, }")) << show;
}

// The control: the same SA on gwB without the original addresses. ESP is
// accepted, but the UDP checksum still covers 192.168.1.2 -> 203.0.113.2
// while the rebuilt header says 203.0.113.1 -> 203.0.113.2, so gwB's UDP
// layer rejects every request.
TEST(IpsecScenario, TransportModeWithoutNatOaFailsChecksum)
{
    VpnNetwork net;
    std::vector<IpsecSaConfig> inbound;
    net.stackB->TraceConnectWithoutContext("SaInstalled",
                                           Callback<void, const IpsecSaConfig&, bool>(
                                               [&](const IpsecSaConfig& c, bool outbound)
                                               {
                                                   if (!outbound)
                                                   {
                                                       inbound.push_back(c);
                                                   }
                                               }));
    auto [ab, ba] = net.AddTunnel(net.TransportTunnel());
    ASSERT_EQ(inbound.size(), 1U);
    IpsecSaConfig c = inbound[0];
    ASSERT_EQ(c.spi, ab);
    c.originalSource = Ipv4Address::GetAny();
    c.originalDestination = Ipv4Address::GetAny();
    ASSERT_TRUE(net.stackB->RemoveSa(ab, false));
    ASSERT_EQ(net.stackB->AddSa(c, false), "");
    auto echo = net.Echo(net.gwA, net.gwB, kGwB, 5, Seconds(1));
    net.RunUntil(Seconds(3));

    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 5U);
    EXPECT_EQ(echo->requests, 0U);
    EXPECT_EQ(echo->replies, 0U);
}

// ------------------------------------------------------------------------
// 7. RFC 3947 section 4 / RFC 7296 section 2.23: when the NAT mapping of a
// peer changes, authenticated traffic from the new endpoint moves the SAs.

// The PAT reboots at 2 s and forgets its mappings, handing out new ports.
// hostB -> hostA at 3 s is lost (no mapping); gwA's next ESP (4 s) comes
// from a new public port; gwB's SAs follow it and hostB -> hostA at 5 s is
// delivered. Without the peer float gwB keeps sending to the old port,
// which the PAT drops.
TEST(IpsecScenario, PeerFloatsAfterNatReboot)
{
    for (bool peerFloat : {true, false})
    {
        SCOPED_TRACE(peerFloat ? "PeerFloat on" : "PeerFloat off");
        VpnNetwork::Options o;
        o.configureIpsec
            = [peerFloat](IpsecHelper& h) { h.SetAttribute("PeerFloat", BooleanValue(peerFloat)); };
        VpnNetwork net(o);
        auto [ab, ba] = net.AddTunnel(net.Tunnel());
        struct Move
        {
            Time at;
            uint32_t spi;
            Ipv4Address oldAddress;
            uint16_t oldPort;
            Ipv4Address newAddress;
            uint16_t newPort;
        };
        std::vector<Move> moves;
        net.stackB->TraceConnectWithoutContext(
            "PeerMoved",
            Callback<void, uint32_t, Ipv4Address, uint16_t, Ipv4Address, uint16_t>(
                [&](uint32_t spi, Ipv4Address oa, uint16_t op, Ipv4Address na, uint16_t np) {
                    moves.push_back(Move{Simulator::Now(), spi, oa, op, na, np});
                }));
        Ptr<Socket> a = net.bed.Udp(net.hostA, 7000);
        Ptr<Socket> b = net.bed.Udp(net.hostB, 7000);
        net.bed.SendUdpTo(Seconds(1), a, kHostB, 7000, 101);
        net.bed.SendUdpTo(Seconds(1.5), b, kHostA, 7000, 201);
        NatHelper::ScheduleReboot(net.natNode, Seconds(2), true);
        net.bed.SendUdpTo(Seconds(3), b, kHostA, 7000, 202);
        net.bed.SendUdpTo(Seconds(4), a, kHostB, 7000, 102);
        net.bed.SendUdpTo(Seconds(5), b, kHostA, 7000, 203);
        net.RunUntil(Seconds(6));

        EXPECT_EQ(Sizes(net.bed.Received(b)), (std::vector<std::size_t>{101, 102}));
        auto m = net.nat->GetMappings();
        ASSERT_EQ(m.size(), 1U);
        uint16_t newPort = m[0].publicPort;
        EXPECT_NE(newPort, 4500);
        EXPECT_EQ(m[0].insidePort, 4500);
        const IpsecSaConfig& out = net.stackB->GetSad().FindOutboundBySpi(ba)->Config();
        const IpsecSaConfig& in = net.stackB->GetSad().FindInbound(ab)->Config();
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
        EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
        if (peerFloat)
        {
            ASSERT_EQ(moves.size(), 1U);
            EXPECT_GT(moves[0].at, Seconds(4));
            EXPECT_LT(moves[0].at, Seconds(4) + MilliSeconds(5));
            EXPECT_EQ(moves[0].spi, ab);
            EXPECT_EQ(moves[0].oldAddress, kPat);
            EXPECT_EQ(moves[0].oldPort, 4500);
            EXPECT_EQ(moves[0].newAddress, kPat);
            EXPECT_EQ(moves[0].newPort, newPort);
            EXPECT_EQ(net.stackB->GetCounters().peerMoves, 1U);
            EXPECT_EQ(out.destinationPort, newPort);
            EXPECT_EQ(in.sourcePort, newPort);
            EXPECT_EQ(Sizes(net.bed.Received(a)), (std::vector<std::size_t>{201, 203}));
            EXPECT_EQ(net.bed.DropCount(NatDropReason::NO_MAPPING), 1U);
            std::string show = VpnNetwork::ShowSas(net.stackB);
            EXPECT_TRUE(Contains(show, "current_peer 203.0.113.1 port " + std::to_string(newPort)))
                << show;
        }
        else
        {
            EXPECT_TRUE(moves.empty());
            EXPECT_EQ(net.stackB->GetCounters().peerMoves, 0U);
            EXPECT_EQ(out.destinationPort, 4500);
            EXPECT_EQ(Sizes(net.bed.Received(a)), (std::vector<std::size_t>{201}));
            EXPECT_EQ(net.bed.DropCount(NatDropReason::NO_MAPPING), 2U);
        }
        EXPECT_EQ(net.bed.Drops().size(), net.bed.DropCount(NatDropReason::NO_MAPPING));
    }
}

// ------------------------------------------------------------------------
// 8. RFC 3948 sections 2.2, 2.3 and 4: what arrives on UDP 4500 besides
// ESP. A NAT-T peer on the WAN (port 4500) writes to gwB:4500.

TEST(IpsecScenario, NatTraversalPortDemultiplexing)
{
    VpnNetwork net;
    net.AddTunnel(net.Tunnel());
    std::vector<std::pair<Ipv4Address, uint16_t>> keepalives;
    net.stackB->TraceConnectWithoutContext("Keepalive", Callback<void, Ipv4Address, uint16_t>(
                                                            [&](Ipv4Address from, uint16_t port) {
                                                                keepalives.emplace_back(from, port);
                                                            }));
    struct Ike
    {
        Bytes message;
        Ipv4Address from;
        uint16_t port;
        Ipv4Address local;
    };
    std::vector<Ike> ike;
    Ptr<Socket> peer = net.bed.Udp(net.wan, 4500);
    // An IKEv1 header (RFC 2408 section 3.1): cookies, next payload SA,
    // version 1.0, Identity Protection, flags, message ID 0, length 28.
    const Bytes ikeHeader{1, 2, 3, 4,    5, 6, 7, 8, 0, 0, 0, 0, 0, 0,
                          0, 0, 1, 0x10, 2, 0, 0, 0, 0, 0, 0, 0, 0, 28};
    Bytes marked{0, 0, 0, 0}; // the non-ESP marker (section 2.2)
    marked.insert(marked.end(), ikeHeader.begin(), ikeHeader.end());

    net.SendUdpBytes(Seconds(1), peer, kGwB, 4500, {0xFF});
    net.SendUdpBytes(Seconds(2), peer, kGwB, 4500, marked);
    Simulator::Schedule(
        Seconds(2.5),
        [&]()
        {
            net.stackB->SetIkeReceiveCallback(IpsecStack::IkeReceiveCallback(
                [&](Ptr<Packet> p, Ipv4Address from, uint16_t port, Ipv4Address local) {
                    ike.push_back(Ike{PacketBytes(p), from, port, local});
                }));
        });
    net.SendUdpBytes(Seconds(3), peer, kGwB, 4500, marked);
    net.SendUdpBytes(Seconds(4), peer, kGwB, 4500, {0x01, 0x02, 0x03});
    net.RunUntil(Seconds(5));

    // The keepalive is counted and swallowed (section 4).
    ASSERT_EQ(keepalives.size(), 1U);
    EXPECT_EQ(keepalives[0].first, kWanHost);
    EXPECT_EQ(keepalives[0].second, 4500);
    EXPECT_EQ(net.stackB->GetCounters().keepalivesIn, 1U);
    // IKE with nobody to take it is dropped; then handed over, marker removed.
    EXPECT_EQ(net.stackB->GetCounters().ikeIn, 2U);
    ASSERT_EQ(ike.size(), 1U);
    EXPECT_EQ(ike[0].message, ikeHeader);
    EXPECT_EQ(ike[0].from, kWanHost);
    EXPECT_EQ(ike[0].port, 4500);
    EXPECT_EQ(ike[0].local, kGwB);
    const std::vector<IpsecDrop> expected{{Time(), IpsecDropReason::IKE_UNCLAIMED, 0},
                                          {Time(), IpsecDropReason::INVALID_ENCAPSULATION, 0}};
    const auto& drops = net.Drops(net.stackB);
    ASSERT_EQ(drops, expected);
    EXPECT_GT(drops[0].at, Seconds(2));
    EXPECT_LT(drops[0].at, Seconds(2) + MilliSeconds(5));
    EXPECT_GT(drops[1].at, Seconds(4));
    EXPECT_LT(drops[1].at, Seconds(4) + MilliSeconds(5));
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0U);
}

// ------------------------------------------------------------------------
// 9. RFC 4301 section 5.1 (outbound: first matching SPD entry decides) and
// section 5.2 (inbound: clear traffic a PROTECT entry covers is dropped).
// A plain router between the sites, raw ESP.

// DISCARD for UDP to port 7 ahead of the PROTECT entry of the LANs: those
// datagrams are dropped at gwA; port 9 goes through the tunnel.
TEST(IpsecSpd, DiscardBeforeProtect)
{
    VpnNetwork net(VpnNat::NONE);
    IpsecPolicy discard;
    discard.name = "discard udp/7";
    discard.selector = Prefixes("10.1.0.0", "10.2.0.0");
    discard.selector.protocol = 17;
    discard.selector.destinationPortMin = 7;
    discard.selector.destinationPortMax = 7;
    discard.action = IpsecPolicyAction::DISCARD;
    net.stackA->GetSpd().Add(discard);
    net.AddTunnel(net.Tunnel());
    Ptr<Socket> tx = net.bed.Udp(net.hostA, 5000);
    Ptr<Socket> rx7 = net.bed.Udp(net.hostB, 7);
    Ptr<Socket> rx9 = net.bed.Udp(net.hostB, 9);
    net.bed.SendUdpTo(Seconds(1), tx, kHostB, 7, 107);
    net.bed.SendUdpTo(Seconds(1.1), tx, kHostB, 7, 107);
    net.bed.SendUdpTo(Seconds(1.2), tx, kHostB, 9, 109);
    net.RunUntil(Seconds(2));

    EXPECT_TRUE(net.bed.Received(rx7).empty());
    EXPECT_EQ(Sizes(net.bed.Received(rx9)), (std::vector<std::size_t>{109}));
    const std::vector<IpsecDrop> expected(2, IpsecDrop{Time(), IpsecDropReason::POLICY_DISCARD, 0});
    EXPECT_EQ(net.Drops(net.stackA), expected);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 1U);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 1U);
}

// The routing wrapper keeps a list of the gateway's own addresses; an
// address added while the simulation runs must join it. 10.2.0.99 lies in
// the protected remote prefix: until gwA owns it, hostA's datagram to it is
// tunnelled to gwB (which has no route for it); once gwA owns it, the
// datagram is delivered to gwA's socket, in clear and untouched by the SPD.
TEST(IpsecSpd, AddressAddedWhileRunningIsLocal)
{
    VpnNetwork net(VpnNat::NONE);
    net.AddTunnel(net.Tunnel());
    const Ipv4Address added("10.2.0.99");
    Ptr<Socket> tx = net.bed.Udp(net.hostA, 5000);
    Ptr<Socket> rxB = net.bed.Udp(net.hostB, 9);
    Ptr<Socket> rxGw = net.bed.Udp(net.gwA, 7000);
    net.bed.SendUdpTo(Seconds(1), tx, kHostB, 9, 101);     // lists gwA's addresses
    net.bed.SendUdpTo(Seconds(1.1), tx, added, 7000, 102); // not gwA's yet: tunnelled
    Simulator::Schedule(Seconds(1.5),
                        [&net, added]()
                        {
                            Ptr<Ipv4> ipv4 = net.gwA->GetObject<Ipv4>();
                            uint32_t lan = ipv4->GetInterfaceForDevice(net.lanA.Get(1));
                            ipv4->AddAddress(lan, Ipv4InterfaceAddress(added, "255.255.255.255"));
                        });
    net.bed.SendUdpTo(Seconds(2), tx, added, 7000, 103); // gwA's now: delivered
    net.RunUntil(Seconds(3));

    EXPECT_EQ(Sizes(net.bed.Received(rxB)), (std::vector<std::size_t>{101}));
    EXPECT_EQ(Sizes(net.bed.Received(rxGw)), (std::vector<std::size_t>{103}));
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 2U); // 101 and 102
}

// BYPASS for UDP port 7 ahead of PROTECT on both gateways (mirror images):
// that echo crosses the WAN in clear, the port 9 echo in the tunnel.
TEST(IpsecSpd, BypassBeforeProtect)
{
    VpnNetwork net(VpnNat::NONE);
    IpsecPolicy bypassA;
    bypassA.name = "bypass udp/7";
    bypassA.selector = Prefixes("10.1.0.0", "10.2.0.0");
    bypassA.selector.protocol = 17;
    bypassA.selector.destinationPortMin = 7;
    bypassA.selector.destinationPortMax = 7;
    bypassA.action = IpsecPolicyAction::BYPASS;
    IpsecPolicy bypassB = bypassA;
    bypassB.selector = bypassA.selector.Mirror();
    net.stackA->GetSpd().Add(bypassA);
    net.stackB->GetSpd().Add(bypassB);
    net.AddTunnel(net.Tunnel());
    auto clear = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1), 7);
    auto tunnelled = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(2.1), 9);
    net.RunUntil(Seconds(2));

    EXPECT_EQ(clear->requests, 3U);
    EXPECT_EQ(clear->replies, 3U);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 0U);
    EXPECT_EQ(net.stackB->GetCounters().protectedOut, 0U);
    EXPECT_EQ(net.stackA->GetCounters().acceptedIn, 0U);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0U);

    net.RunUntil(Seconds(3));
    EXPECT_EQ(tunnelled->requests, 3U);
    EXPECT_EQ(tunnelled->replies, 3U);
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 3U);
    EXPECT_EQ(net.stackB->GetCounters().protectedOut, 3U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
}

// A host on the WAN sends in clear from 10.2.0.99 (LAN B's prefix, which
// gwA's PROTECT entry covers) to hostA: gwA drops it as a policy mismatch.
// The same from its own address 203.0.113.9 is not covered and delivered.
TEST(IpsecSpd, ClearTrafficThatShouldBeProtectedIsDropped)
{
    VpnNetwork net(VpnNat::NONE);
    net.AddTunnel(net.Tunnel());
    net.bed.Address(net.wanLink.Get(2), "10.2.0.99", "255.255.255.255");
    Ptr<Socket> spoofed = Socket::CreateSocket(net.wan, UdpSocketFactory::GetTypeId());
    ASSERT_EQ(spoofed->Bind(InetSocketAddress(Ipv4Address("10.2.0.99"), 5000)), 0);
    Ptr<Socket> plain = net.bed.Udp(net.wan, 5001);
    Ptr<Socket> rx = net.bed.Udp(net.hostA, 9);
    net.bed.SendUdpTo(Seconds(1), spoofed, kHostA, 9, 99);
    net.bed.SendUdpTo(Seconds(2), plain, kHostA, 9, 109);
    net.RunUntil(Seconds(3));

    const auto& got = net.bed.Received(rx);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].from, kWanHost);
    EXPECT_EQ(got[0].bytes.size(), 109U);
    const auto& drops = net.Drops(net.stackA);
    ASSERT_EQ(drops, (std::vector<IpsecDrop>{{Time(), IpsecDropReason::POLICY_MISMATCH, 0}}));
    // Two hops and the WAN host's ARP (jittered by up to 10 ms) after 1 s.
    EXPECT_GT(drops[0].at, Seconds(1));
    EXPECT_LT(drops[0].at, Seconds(1) + MilliSeconds(13));
    EXPECT_TRUE(net.Drops(net.stackB).empty());
}

// ------------------------------------------------------------------------
// 10. Every ESP transform the helper knows carries traffic end to end
// through the PAT (RFC 8221 lists which of them are still to be used).

class IpsecCiphers : public ::testing::TestWithParam<std::tuple<std::string, std::string>>
{
};

TEST_P(IpsecCiphers, UdpEchoEndToEnd)
{
    const auto& [cipher, integrity] = GetParam();
    VpnNetwork net;
    IpsecManualTunnel t = net.Tunnel();
    t.transform.cipher = cipher;
    t.transform.integrity = integrity;
    auto [ab, ba] = net.AddTunnel(t);
    auto echo = net.Echo(net.hostA, net.hostB, kHostB, 3, Seconds(1), 9, MilliSeconds(100), 1000);
    net.RunUntil(Seconds(2));

    EXPECT_EQ(echo->requests, 3U);
    EXPECT_EQ(echo->replies, 3U);
    const IpsecSaCounters& in = net.stackB->GetSad().FindInbound(ab)->Counters();
    EXPECT_EQ(in.packetsDecapsulated, 3U);
    EXPECT_EQ(in.packetsDecrypted, cipher == "null" ? 0U : 3U);
    EXPECT_EQ(in.packetsVerified, 3U); // HMAC, or GCM's own tag
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    IpsecCbc, IpsecCiphers,
    ::testing::Combine(::testing::Values("null", "des", "3des", "aes128", "aes192", "aes256"),
                       ::testing::Values("md5", "sha1", "sha256", "sha384", "sha512")),
    [](const ::testing::TestParamInfo<IpsecCiphers::ParamType>& info)
    { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

INSTANTIATE_TEST_SUITE_P(
    IpsecGcm, IpsecCiphers,
    ::testing::Combine(::testing::Values("aes128gcm", "aes256gcm"),
                       ::testing::Values("none", "sha256")), // integrity is ignored with GCM
    [](const ::testing::TestParamInfo<IpsecCiphers::ParamType>& info)
    { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

// ------------------------------------------------------------------------
// 11. Configuration errors say what is wrong and what is allowed.

// The transport-mode device exists only once transport mode is asked for
// (a node with tunnels only has one virtual device), and only once.
TEST(IpsecConfig, TransportDeviceOnlyWhenTransportModeIsUsed)
{
    Testbed bed;
    Ptr<Node> node = bed.AddNode();
    uint32_t before = node->GetNDevices();
    IpsecHelper helper;
    Ptr<IpsecStack> stack = helper.Install(node);
    EXPECT_EQ(node->GetNDevices(), before + 1);
    IpsecSaConfig c;
    c.spi = 0x1000;
    c.mode = IpsecMode::TRANSPORT;
    c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128"));
    c.encryptionKey = Bytes(16, 0x11);
    c.integrity = RegistryEntry(IpsecHelper::ParseIntegrity("sha1"));
    c.integrityKey = Bytes(20, 0x22);
    EXPECT_EQ(stack->AddSa(c, false), "");
    EXPECT_EQ(node->GetNDevices(), before + 2);
    stack->EnableTransportMode();
    c.spi = 0x1001;
    EXPECT_EQ(stack->AddSa(c, false), "");
    EXPECT_EQ(node->GetNDevices(), before + 2);
}

// IpsecStack::AddSa refuses a bad SA and returns why, without stopping.
TEST(IpsecConfig, AddSaReturnsWhatIsWrong)
{
    Testbed bed;
    Ptr<Node> node = bed.AddNode();
    IpsecHelper helper;
    Ptr<IpsecStack> stack = helper.Install(node);
    IpsecSaConfig c;
    c.spi = 0x1000;
    c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128"));
    c.encryptionKey = Bytes(15, 0x11);
    c.integrity = RegistryEntry(IpsecHelper::ParseIntegrity("sha1"));
    c.integrityKey = Bytes(20, 0x22);
    EXPECT_EQ(stack->AddSa(c, false), "encryption key for aes-cbc-128 has 15 octets: it needs 16");
    c.encryptionKey = Bytes(16, 0x11);
    c.integrityKey = Bytes(16, 0x22);
    EXPECT_EQ(stack->AddSa(c, false), "integrity key for hmac-sha1-96 has 16 octets: it needs 20");
    c.integrityKey = Bytes(20, 0x22);
    EXPECT_EQ(stack->AddSa(c, false), "");
    EXPECT_EQ(stack->AddSa(c, false),
              "inbound SPI 0x00001000(4096) is already in use on this node");
    c.spi = 0;
    EXPECT_EQ(stack->AddSa(c, true, 1),
              "SPI 0 is reserved (RFC 4303 section 2.1): use 1..0xffffffff (256 and up by "
              "convention)");
    c.spi = 0x2000;
    c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128gcm"));
    c.integrity = nullptr;
    c.encryptionKey = Bytes(16, 0x11); // RFC 4106 section 8.1: key and a 4-octet salt
    EXPECT_EQ(stack->AddSa(c, true, 1), std::string("encryption key for ") + c.encryption->name
                                            + " has 16 octets: it needs 20");
    EXPECT_EQ(stack->GetSad().Inbound().size(), 1U);
    EXPECT_TRUE(stack->GetSad().Outbound().empty());
}

// A hub keeps its SAs indexed by peer endpoint and by bundle: a peer that
// floats (RFC 3947 section 6) moves its own UDP-encapsulated SAs and no
// others, a second float is followed from the new endpoint, and a deleted
// bundle takes exactly its own SAs, also after one of them was removed or
// moved.
TEST(IpsecConfig, PeerMovesAndBundleRemovalTouchOnlyTheirSas)
{
    Testbed bed;
    Ptr<Node> node = bed.AddNode();
    IpsecHelper helper;
    Ptr<IpsecStack> stack = helper.Install(node);
    const Ipv4Address hub("198.51.100.1");
    const Ipv4Address p1("203.0.113.10");
    const Ipv4Address p2("203.0.113.20");
    auto add = [&](uint32_t spi, bool outbound, uint32_t bundle, Ipv4Address peer,
                   IpsecEncapsulation encapsulation)
    {
        IpsecSaConfig c;
        c.spi = spi;
        c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128gcm"));
        c.encryptionKey = Bytes(20, uint8_t(spi));
        c.encapsulation = encapsulation;
        c.source = outbound ? hub : peer;
        c.destination = outbound ? peer : hub;
        ASSERT_EQ(stack->AddSa(c, outbound, bundle), "");
    };
    const auto udp = IpsecEncapsulation::UDP;
    add(0x101, false, 1, p1, udp);
    add(0x102, true, 1, p1, udp);
    add(0x201, false, 2, p2, udp);
    add(0x202, true, 2, p2, udp);
    add(0x301, false, 3, p1, IpsecEncapsulation::NONE); // raw ESP: has no port to float
    auto peerOf = [&](uint32_t spi, bool outbound)
    {
        const SecurityAssociationDatabase& sad = stack->GetSad();
        SecurityAssociation* sa = outbound ? sad.FindOutboundBySpi(spi) : sad.FindInbound(spi);
        if (!sa)
        {
            return std::string("gone");
        }
        const IpsecSaConfig& c = sa->Config();
        std::ostringstream os;
        os << (outbound ? c.destination : c.source) << ":"
           << (outbound ? c.destinationPort : c.sourcePort);
        return os.str();
    };

    const Ipv4Address p1New("203.0.113.11");
    stack->MovePeer(p1, 4500, p1New, 1024, 0x101);
    EXPECT_EQ(peerOf(0x101, false), "203.0.113.11:1024");
    EXPECT_EQ(peerOf(0x102, true), "203.0.113.11:1024");
    EXPECT_EQ(peerOf(0x201, false), "203.0.113.20:4500");
    EXPECT_EQ(peerOf(0x202, true), "203.0.113.20:4500");
    EXPECT_EQ(peerOf(0x301, false), "203.0.113.10:4500");
    stack->MovePeer(p1New, 1024, p1New, 2048, 0x101);
    EXPECT_EQ(peerOf(0x101, false), "203.0.113.11:2048");
    EXPECT_EQ(peerOf(0x102, true), "203.0.113.11:2048");
    stack->MovePeer(p1, 4500, p2, 4500, 0x101); // nothing UDP-encapsulated is at p1:4500 now
    EXPECT_EQ(peerOf(0x301, false), "203.0.113.10:4500");
    EXPECT_EQ(peerOf(0x201, false), "203.0.113.20:4500");

    EXPECT_TRUE(stack->RemoveSa(0x201, false));
    EXPECT_FALSE(stack->RemoveSa(0x201, false));
    stack->MovePeer(p2, 4500, p2, 4600, 0x202); // the removed SA is no longer indexed
    EXPECT_EQ(peerOf(0x202, true), "203.0.113.20:4600");
    stack->RemoveBundle(2);
    EXPECT_EQ(peerOf(0x202, true), "gone");
    EXPECT_EQ(stack->GetSad().Inbound().size(), 2U);
    EXPECT_EQ(stack->GetSad().Outbound().size(), 1U);
    stack->RemoveBundle(1);
    EXPECT_EQ(peerOf(0x101, false), "gone");
    EXPECT_EQ(peerOf(0x102, true), "gone");
    EXPECT_EQ(peerOf(0x301, false), "203.0.113.10:4500");
    stack->RemoveBundle(1); // already empty
    stack->RemoveBundle(3);
    EXPECT_TRUE(stack->GetSad().Inbound().empty());
    EXPECT_TRUE(stack->GetSad().Outbound().empty());
}

TEST(IpsecConfig, TransformNamesResolveToRegistryEntries)
{
    const EncryptionDescriptor* gcm = IpsecHelper::CipherEntry("aes128gcm");
    ASSERT_NE(gcm, nullptr);
    EXPECT_EQ(gcm, RegistryEntry(IpsecHelper::ParseCipher("aes128gcm")));
    EXPECT_TRUE(gcm->IsAead());
    EXPECT_EQ(gcm->keyLengthBits, 128u);
    EXPECT_EQ(IpsecHelper::CipherEntry("aes128gcm"), gcm); // resolved once, same entry
    EXPECT_EQ(IpsecHelper::CipherEntry("aes"), IpsecHelper::CipherEntry("aes128"));
    EXPECT_NE(IpsecHelper::CipherEntry("aes256"), IpsecHelper::CipherEntry("aes128"));
    EXPECT_EQ(IpsecHelper::IntegrityEntry("none"), nullptr);
    EXPECT_EQ(IpsecHelper::IntegrityEntry("sha"), IpsecHelper::IntegrityEntry("sha1"));
    ASSERT_NE(IpsecHelper::IntegrityEntry("sha256"), nullptr);
    EXPECT_EQ(IpsecHelper::IntegrityEntry("sha256")->algorithm,
              IntegrityAlgorithm::HMAC_SHA2_256_128);
}

TEST(IpsecConfig, TransformDecidesAlgorithmsOnly)
{
    IpsecTransform t;
    t.cipher = "aes128gcm";
    t.integrity = "sha256";
    t.mode = IpsecMode::TRANSPORT;
    IpsecSaConfig gcm = IpsecHelper::SaConfigFor(t);
    EXPECT_EQ(gcm.protocol, IpsecProtocol::ESP);
    EXPECT_EQ(gcm.mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(gcm.encryption, IpsecHelper::CipherEntry("aes128gcm"));
    EXPECT_EQ(gcm.integrity, nullptr); // AES-GCM carries its own ICV
    EXPECT_EQ(gcm.encapsulation, IpsecEncapsulation::NONE);
    EXPECT_EQ(gcm.spi, 0u);

    t.cipher = "aes256";
    IpsecSaConfig cbc = IpsecHelper::SaConfigFor(t);
    EXPECT_EQ(cbc.encryption, IpsecHelper::CipherEntry("aes256"));
    EXPECT_EQ(cbc.integrity, IpsecHelper::IntegrityEntry("sha256"));

    t.protocol = IpsecProtocol::AH;
    IpsecSaConfig ah = IpsecHelper::SaConfigFor(t);
    EXPECT_EQ(ah.encryption, nullptr);
    EXPECT_EQ(ah.integrity, IpsecHelper::IntegrityEntry("sha256"));
}

TEST(IpsecConfigDeathTest, UnknownTransformNameStopsWithMessage)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(IpsecHelper::CipherEntry("aes512"),
                 "IPsec cipher 'aes512' is unknown: allowed null, des, 3des, aes128 \\(aes\\)");
    EXPECT_DEATH(IpsecHelper::IntegrityEntry("sha3"),
                 "IPsec integrity 'sha3' is unknown: allowed none, md5, sha1 \\(sha\\)");
}

TEST(IpsecConfigDeathTest, BadTransformStopsWithMessage)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            VpnNetwork net;
            IpsecManualTunnel t = net.Tunnel();
            t.transform.cipher = "blowfish";
            net.AddTunnel(t);
        },
        "IPsec cipher 'blowfish' is unknown: allowed null, des, 3des, aes128 \\(aes\\), "
        "aes192, aes256, aes128gcm, aes256gcm");
    EXPECT_DEATH(
        {
            VpnNetwork net;
            IpsecManualTunnel t = net.Tunnel();
            t.transform.integrity = "sha3";
            net.AddTunnel(t);
        },
        "IPsec integrity 'sha3' is unknown: allowed none, md5, sha1 \\(sha\\), sha256, sha384, "
        "sha512");
    EXPECT_DEATH(
        {
            VpnNetwork net(VpnNat::NONE);
            IpsecManualTunnel t = net.Tunnel();
            t.transform.protocol = IpsecProtocol::AH;
            t.transform.integrity = "none";
            net.AddTunnel(t);
        },
        "IPsec: AH needs an integrity algorithm, not 'none'");
    EXPECT_DEATH(
        {
            VpnNetwork net;
            IpsecManualTunnel t = net.Tunnel();
            t.transform.cipher = "null";
            t.transform.integrity = "none";
            net.AddTunnel(t);
        },
        "ESP with NULL encryption needs an integrity algorithm \\(RFC 4303 section 3.2\\)");
}

} // namespace test
} // namespace ns3
