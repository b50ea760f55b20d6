/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of the pure NAT core (NatMappingTable, NatPortAllocator,
// NatConfig, the enum names). No simulator: every call gets the time it runs
// at, as NatBox passes Simulator::Now().
//
// Reading guide: RFC 4787 section 4.1 (mapping), 4.2.1 (port assignment),
// 4.3 (mapping refresh, REQ-5 / REQ-6), 5 (filtering); RFC 5382 section 5
// and RFC 7857 section 2.2 (TCP timers); RFC 5508 section 3.1 (ICMP query
// identifier as the port).

#include "ns3/nat-mapping-table.h"
#include "ns3/nat-port-allocator.h"
#include "ns3/nat-types.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ns3
{
// Readable failure messages: gtest prints these enums by name. Internal
// linkage, so other test files of the same binary may define their own.
static void
PrintTo(NatDropReason reason, std::ostream* os)
{
    *os << ToString(reason);
}

static void
PrintTo(NatTcpState state, std::ostream* os)
{
    *os << ToString(state);
}

static void
PrintTo(NatMode mode, std::ostream* os)
{
    *os << ToString(mode);
}

static void
PrintTo(NatMappingBehaviour behaviour, std::ostream* os)
{
    *os << ToString(behaviour);
}

static void
PrintTo(NatFilteringBehaviour behaviour, std::ostream* os)
{
    *os << ToString(behaviour);
}
} // namespace ns3

namespace
{

using namespace ns3;

constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kEsp = 50;

constexpr uint8_t kTcpFin = 0x01;
constexpr uint8_t kTcpSyn = 0x02;
constexpr uint8_t kTcpRst = 0x04;
constexpr uint8_t kTcpAck = 0x10;

// Documentation addresses (RFC 5737) outside, RFC 1918 inside.
const Ipv4Address kPublic("203.0.113.1");
const Ipv4Address kHostA("10.0.0.1");
const Ipv4Address kHostB("10.0.0.2");
const Ipv4Address kRemote1("198.51.100.1");
const Ipv4Address kRemote2("198.51.100.2");
const Ipv4Address kRemote3("198.51.100.3");

/// A PAT box on kPublic with the defaults of NatConfig otherwise.
NatConfig
PatConfig()
{
    NatConfig c;
    c.mode = NatMode::PAT;
    c.patAddress = kPublic;
    return c;
}

/// A packet from an inside host to a remote (outbound).
NatPacketInfo
Out(uint8_t protocol, Ipv4Address source, uint16_t sourcePort, Ipv4Address remote,
    uint16_t remotePort, uint8_t tcpFlags = 0)
{
    NatPacketInfo i;
    i.protocol = protocol;
    i.source = source;
    i.sourcePort = sourcePort;
    i.destination = remote;
    i.destinationPort = remotePort;
    i.tcpFlags = tcpFlags;
    return i;
}

/// A packet from a remote to a public endpoint (inbound).
NatPacketInfo
In(uint8_t protocol, Ipv4Address remote, uint16_t remotePort, Ipv4Address publicAddress,
   uint16_t publicPort, uint8_t tcpFlags = 0)
{
    NatPacketInfo i;
    i.protocol = protocol;
    i.source = remote;
    i.sourcePort = remotePort;
    i.destination = publicAddress;
    i.destinationPort = publicPort;
    i.tcpFlags = tcpFlags;
    return i;
}

/// An ICMP echo as NatBox fills it: the identifier is both "ports".
NatPacketInfo
Icmp(Ipv4Address source, Ipv4Address destination, uint16_t identifier)
{
    NatPacketInfo i;
    i.protocol = kIcmp;
    i.source = source;
    i.sourcePort = identifier;
    i.destination = destination;
    i.destinationPort = identifier;
    return i;
}

/// An ESP packet (no ports; the SPI for display).
NatPacketInfo
Esp(Ipv4Address source, Ipv4Address destination, uint32_t spi)
{
    NatPacketInfo i;
    i.protocol = kEsp;
    i.source = source;
    i.destination = destination;
    i.spi = spi;
    return i;
}

/// Deterministic random source: a 32-bit LCG (Numerical Recipes constants).
NatPortAllocator::Random
Lcg(uint32_t seed)
{
    return [state = seed](uint32_t n) mutable
    {
        state = state * 1664525U + 1013904223U;
        return (state >> 8) % n;
    };
}

// ---------------------------------------------------------------------------
// RFC 4787 section 4.1: mapping behaviour
// ---------------------------------------------------------------------------

// REQ-1: endpoint-independent mapping reuses the public endpoint for every
// remote the inside endpoint talks to.
TEST(NatMappingTable, EndpointIndependentMappingSamePortForAnyRemote)
{
    NatConfig c = PatConfig();
    c.mapping = NatMappingBehaviour::ENDPOINT_INDEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict a = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    NatVerdict b = t.Outbound(Out(kUdp, kHostA, 5000, kRemote2, 123), Seconds(1));
    ASSERT_TRUE(a.translate);
    ASSERT_TRUE(b.translate);
    EXPECT_EQ(a.address, kPublic);
    EXPECT_EQ(b.address, kPublic);
    EXPECT_EQ(a.port, b.port);
    EXPECT_EQ(a.mappingId, b.mappingId);
    EXPECT_EQ(t.Size(), 1u);
}

// Address-dependent mapping: a new remote address gets a new public port,
// another port of an address already contacted reuses the mapping.
TEST(NatMappingTable, AddressDependentMappingPerRemoteAddress)
{
    NatConfig c = PatConfig();
    c.mapping = NatMappingBehaviour::ADDRESS_DEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict r1 = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    NatVerdict r1OtherPort = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 5353), Seconds(1));
    NatVerdict r2 = t.Outbound(Out(kUdp, kHostA, 5000, kRemote2, 53), Seconds(2));
    ASSERT_TRUE(r1.translate);
    ASSERT_TRUE(r1OtherPort.translate);
    ASSERT_TRUE(r2.translate);
    EXPECT_EQ(r1.port, r1OtherPort.port);
    EXPECT_EQ(r1.mappingId, r1OtherPort.mappingId);
    EXPECT_NE(r1.port, r2.port);
    EXPECT_NE(r1.mappingId, r2.mappingId);
    EXPECT_EQ(t.Size(), 2u);
}

// Address-and-port-dependent ("symmetric") mapping: a different remote port
// alone already gets a different public port.
TEST(NatMappingTable, AddressAndPortDependentMappingPerRemoteEndpoint)
{
    NatConfig c = PatConfig();
    c.mapping = NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict p53 = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    NatVerdict p53Again = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(1));
    NatVerdict p54 = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 54), Seconds(2));
    ASSERT_TRUE(p53.translate);
    ASSERT_TRUE(p54.translate);
    EXPECT_EQ(p53.port, p53Again.port);
    EXPECT_EQ(p53.mappingId, p53Again.mappingId);
    EXPECT_NE(p53.port, p54.port);
    EXPECT_EQ(t.Size(), 2u);
}

// ---------------------------------------------------------------------------
// RFC 4787 section 5: filtering behaviour
// ---------------------------------------------------------------------------

// Endpoint-independent filtering: once the mapping exists, anybody may send
// to the public endpoint.
TEST(NatMappingTable, EndpointIndependentFilteringAcceptsAnyRemote)
{
    NatConfig c = PatConfig();
    c.filtering = NatFilteringBehaviour::ENDPOINT_INDEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict out = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    ASSERT_TRUE(out.translate);
    NatVerdict unsolicited = t.Inbound(In(kUdp, kRemote3, 9999, kPublic, out.port), Seconds(1));
    ASSERT_TRUE(unsolicited.translate);
    EXPECT_EQ(unsolicited.address, kHostA);
    EXPECT_EQ(unsolicited.port, 5000);
    EXPECT_EQ(unsolicited.mappingId, out.mappingId);

    // Without a mapping there is nothing to filter: NO_MAPPING.
    NatVerdict none = t.Inbound(In(kUdp, kRemote1, 53, kPublic, out.port + 1), Seconds(1));
    EXPECT_FALSE(none.translate);
    EXPECT_EQ(none.reason, NatDropReason::NO_MAPPING);
}

// Address-dependent filtering: any port of an address the inside host sent
// to passes; other addresses are filtered.
TEST(NatMappingTable, AddressDependentFilteringAcceptsContactedAddressOnAnyPort)
{
    NatConfig c = PatConfig();
    c.filtering = NatFilteringBehaviour::ADDRESS_DEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict out = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    ASSERT_TRUE(out.translate);

    NatVerdict samePort = t.Inbound(In(kUdp, kRemote1, 53, kPublic, out.port), Seconds(1));
    NatVerdict otherPort = t.Inbound(In(kUdp, kRemote1, 4444, kPublic, out.port), Seconds(1));
    EXPECT_TRUE(samePort.translate);
    ASSERT_TRUE(otherPort.translate);
    EXPECT_EQ(otherPort.address, kHostA);
    EXPECT_EQ(otherPort.port, 5000);

    NatVerdict stranger = t.Inbound(In(kUdp, kRemote2, 53, kPublic, out.port), Seconds(1));
    EXPECT_FALSE(stranger.translate);
    EXPECT_EQ(stranger.reason, NatDropReason::FILTERED);
    EXPECT_EQ(stranger.mappingId, out.mappingId);
}

// Address-and-port-dependent filtering: only the exact remote endpoint.
TEST(NatMappingTable, AddressAndPortDependentFilteringAcceptsOnlyExactEndpoint)
{
    NatConfig c = PatConfig();
    c.filtering = NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT;
    NatMappingTable t(c, nullptr);

    NatVerdict out = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    ASSERT_TRUE(out.translate);

    NatVerdict exact = t.Inbound(In(kUdp, kRemote1, 53, kPublic, out.port), Seconds(1));
    ASSERT_TRUE(exact.translate);
    EXPECT_EQ(exact.address, kHostA);
    EXPECT_EQ(exact.port, 5000);

    NatVerdict otherPort = t.Inbound(In(kUdp, kRemote1, 54, kPublic, out.port), Seconds(1));
    NatVerdict otherAddress = t.Inbound(In(kUdp, kRemote2, 53, kPublic, out.port), Seconds(1));
    EXPECT_FALSE(otherPort.translate);
    EXPECT_EQ(otherPort.reason, NatDropReason::FILTERED);
    EXPECT_FALSE(otherAddress.translate);
    EXPECT_EQ(otherAddress.reason, NatDropReason::FILTERED);

    // Once the inside host sends to the second endpoint it is let in too.
    t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 54), Seconds(2));
    EXPECT_TRUE(t.Inbound(In(kUdp, kRemote1, 54, kPublic, out.port), Seconds(3)).translate);
}

// ---------------------------------------------------------------------------
// RFC 4787 section 4.3: mapping refresh and timers
// ---------------------------------------------------------------------------

/// UDP timer 30 s (REQ-5 asks for >= 2 min; home gateways measured far
/// shorter, which is what keepalive studies model). Mapping made at 0 s,
/// refreshed by an outbound packet at 10 s: the deadline is 40 s.
struct RefreshedAtTen
{
    NatMappingTable table;
    uint16_t publicPort{0};

    explicit RefreshedAtTen(const NatConfig& c)
        : table(c, nullptr)
    {
        publicPort = table.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(0)).port;
        table.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(10));
    }

    NatVerdict InboundAt(Time at)
    {
        return table.Inbound(In(kUdp, kRemote1, 4500, kPublic, publicPort), at);
    }
};

NatConfig
Udp30Config()
{
    NatConfig c = PatConfig();
    c.timeouts.udp = Seconds(30);
    return c;
}

// A mapping is live while now < lastRefresh + timeout: exactly at the
// deadline it is gone, whether or not ExpireUntil() ran.
TEST(NatMappingTable, UdpTimeoutEdgeIsExact)
{
    {
        RefreshedAtTen s(Udp30Config());
        const NatMapping* m = s.table.Find(1);
        ASSERT_NE(m, nullptr);
        EXPECT_EQ(m->Deadline(), Seconds(40));
        NatVerdict v = s.InboundAt(Seconds(40) - MilliSeconds(1));
        EXPECT_TRUE(v.translate);
        EXPECT_EQ(v.address, kHostA);
    }
    {
        RefreshedAtTen s(Udp30Config());
        int expired = 0;
        s.table.SetExpiredCallback([&](const NatMapping&) { ++expired; });
        NatVerdict v = s.InboundAt(Seconds(40));
        EXPECT_FALSE(v.translate);
        EXPECT_EQ(v.reason, NatDropReason::NO_MAPPING);
        EXPECT_EQ(expired, 1); // lazy expiry reports the mapping once
        EXPECT_EQ(s.table.Size(), 0u);
    }
    {
        RefreshedAtTen s(Udp30Config());
        NatVerdict v = s.InboundAt(Seconds(40) + MilliSeconds(1));
        EXPECT_FALSE(v.translate);
        EXPECT_EQ(v.reason, NatDropReason::NO_MAPPING);
    }
    {
        // List() already hides it at the deadline, before any packet.
        RefreshedAtTen s(Udp30Config());
        EXPECT_EQ(s.table.List(Seconds(40) - MilliSeconds(1)).size(), 1u);
        EXPECT_TRUE(s.table.List(Seconds(40)).empty());
        EXPECT_EQ(s.table.Size(), 1u); // still stored until looked up or expired
    }
}

// REQ-6: outbound packets refresh. Inbound refresh is the box's choice:
// with inboundRefresh=false an inbound packet leaves the deadline alone.
TEST(NatMappingTable, OutboundRefreshesInboundOnlyWhenConfigured)
{
    NatConfig c = Udp30Config();
    c.inboundRefresh = false;
    NatMappingTable t(c, nullptr);
    NatVerdict out = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(0));
    ASSERT_TRUE(out.translate);
    EXPECT_EQ(t.Find(out.mappingId)->Deadline(), Seconds(30));

    t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(20));
    EXPECT_EQ(t.Find(out.mappingId)->Deadline(), Seconds(50));

    ASSERT_TRUE(t.Inbound(In(kUdp, kRemote1, 4500, kPublic, out.port), Seconds(45)).translate);
    EXPECT_EQ(t.Find(out.mappingId)->Deadline(), Seconds(50)); // not extended
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 4500, kPublic, out.port), Seconds(50)).reason,
              NatDropReason::NO_MAPPING);

    c.inboundRefresh = true;
    NatMappingTable r(c, nullptr);
    out = r.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(0));
    ASSERT_TRUE(r.Inbound(In(kUdp, kRemote1, 4500, kPublic, out.port), Seconds(25)).translate);
    EXPECT_EQ(r.Find(out.mappingId)->Deadline(), Seconds(55)); // extended
    EXPECT_TRUE(r.Inbound(In(kUdp, kRemote1, 4500, kPublic, out.port), Seconds(54)).translate);
}

// ---------------------------------------------------------------------------
// RFC 5382 section 5 / RFC 7857 section 2.2: TCP timers
// ---------------------------------------------------------------------------

NatConfig
TcpConfig()
{
    NatConfig c = PatConfig();
    c.timeouts.tcpTransitory = Seconds(240);   // 4 min
    c.timeouts.tcpEstablished = Seconds(7440); // REQ-5: not under 2 h 4 min
    return c;
}

// Transitory timer until traffic has gone both ways; then the established one.
TEST(NatMappingTable, TcpTransitoryUntilBothDirectionsThenEstablished)
{
    NatMappingTable t(TcpConfig(), nullptr);
    NatVerdict syn = t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpSyn), Seconds(0));
    ASSERT_TRUE(syn.translate);
    const NatMapping* m = t.Find(syn.mappingId);
    EXPECT_EQ(m->tcpState, NatTcpState::TRANSITORY);
    EXPECT_EQ(m->timeout, Seconds(240));

    // SYN retransmissions alone do not establish.
    t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpSyn), Seconds(3));
    EXPECT_EQ(m->tcpState, NatTcpState::TRANSITORY);
    EXPECT_EQ(m->Deadline(), Seconds(243));

    NatVerdict synAck
        = t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpSyn | kTcpAck), Seconds(4));
    ASSERT_TRUE(synAck.translate);
    EXPECT_EQ(m->tcpState, NatTcpState::ESTABLISHED);
    EXPECT_EQ(m->timeout, Seconds(7440));
    // The state change picks the longer timer; the inbound packet itself did
    // not refresh (inboundRefresh is false), so it counts from 3 s.
    EXPECT_EQ(m->Deadline(), Seconds(3 + 7440));
    EXPECT_TRUE(
        t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpAck), Seconds(3000)).translate);
}

// A mapping that never saw an answer times out on the transitory timer.
TEST(NatMappingTable, TcpUnansweredSynExpiresOnTransitoryTimer)
{
    NatMappingTable t(TcpConfig(), nullptr);
    NatVerdict syn = t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpSyn), Seconds(0));
    EXPECT_EQ(t.NextDeadline(), Seconds(240));
    EXPECT_EQ(t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpSyn | kTcpAck), Seconds(240))
                  .reason,
              NatDropReason::NO_MAPPING);
}

/// SYN out, SYN-ACK in, ACK out at 0, 1, 2 s: established, deadline 2 s + 7440 s.
NatVerdict
Establish(NatMappingTable& t)
{
    NatVerdict syn = t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpSyn), Seconds(0));
    t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpSyn | kTcpAck), Seconds(1));
    t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpAck), Seconds(2));
    return syn;
}

// RST (flag 0x04) puts the mapping back on the transitory timer, even when
// it arrives inbound without refreshing; the shorter deadline is honoured by
// both lazy lookup and ExpireUntil().
TEST(NatMappingTable, TcpRstReturnsToTransitoryTimer)
{
    NatMappingTable t(TcpConfig(), nullptr);
    NatVerdict syn = Establish(t);
    const NatMapping* m = t.Find(syn.mappingId);
    ASSERT_EQ(m->tcpState, NatTcpState::ESTABLISHED);
    ASSERT_EQ(m->Deadline(), Seconds(2 + 7440));

    ASSERT_TRUE(
        t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpRst), Seconds(5)).translate);
    EXPECT_EQ(m->tcpState, NatTcpState::CLOSING);
    EXPECT_EQ(m->timeout, Seconds(240));
    EXPECT_EQ(m->Deadline(), Seconds(2 + 240));

    std::vector<uint64_t> expired;
    t.SetExpiredCallback([&](const NatMapping& x) { expired.push_back(x.id); });
    EXPECT_LE(t.NextDeadline(), Seconds(242)); // never later than the real deadline
    t.ExpireUntil(Seconds(242) - NanoSeconds(1));
    EXPECT_TRUE(expired.empty());
    t.ExpireUntil(Seconds(242));
    EXPECT_EQ(expired, std::vector<uint64_t>{syn.mappingId});
    EXPECT_EQ(t.Size(), 0u);
}

// An outbound RST works the same way.
TEST(NatMappingTable, TcpOutboundRstReturnsToTransitoryTimer)
{
    NatMappingTable t(TcpConfig(), nullptr);
    NatVerdict syn = Establish(t);
    t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpRst | kTcpAck), Seconds(10));
    const NatMapping* m = t.Find(syn.mappingId);
    EXPECT_EQ(m->tcpState, NatTcpState::CLOSING);
    EXPECT_EQ(m->Deadline(), Seconds(10 + 240));
}

// FIN from one side only keeps the established timer; FIN both ways goes
// back to the transitory one.
TEST(NatMappingTable, TcpFinBothWaysReturnsToTransitoryTimer)
{
    NatMappingTable t(TcpConfig(), nullptr);
    NatVerdict syn = Establish(t);
    const NatMapping* m = t.Find(syn.mappingId);

    t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpFin | kTcpAck), Seconds(10));
    EXPECT_EQ(m->tcpState, NatTcpState::ESTABLISHED);
    EXPECT_EQ(m->timeout, Seconds(7440));
    EXPECT_TRUE(m->finOutbound);
    EXPECT_FALSE(m->finInbound);

    t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpFin | kTcpAck), Seconds(11));
    EXPECT_EQ(m->tcpState, NatTcpState::CLOSING);
    EXPECT_EQ(m->timeout, Seconds(240));
    EXPECT_EQ(m->Deadline(), Seconds(10 + 240));

    // The last ACK refreshes on the transitory timer.
    t.Outbound(Out(kTcp, kHostA, 40000, kRemote1, 80, kTcpAck), Seconds(12));
    EXPECT_EQ(m->Deadline(), Seconds(12 + 240));
    EXPECT_EQ(t.Inbound(In(kTcp, kRemote1, 80, kPublic, syn.port, kTcpAck), Seconds(252)).reason,
              NatDropReason::NO_MAPPING);
}

// ---------------------------------------------------------------------------
// RFC 4787 section 4.2.1: port assignment
// ---------------------------------------------------------------------------

// Port preservation keeps the inside port; a second host with the same
// inside port gets one from the dynamic range (no port overloading, REQ-3).
TEST(NatMappingTable, PortPreservationThenRangeForCollision)
{
    NatConfig c = PatConfig();
    c.portPreservation = true;
    c.portMin = 20000;
    c.portMax = 20099;
    NatMappingTable t(c, nullptr);

    NatVerdict a = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    NatVerdict b = t.Outbound(Out(kUdp, kHostB, 5000, kRemote1, 53), Seconds(0));
    ASSERT_TRUE(a.translate);
    ASSERT_TRUE(b.translate);
    EXPECT_EQ(a.port, 5000); // kept, even though outside the dynamic range
    EXPECT_GE(b.port, 20000);
    EXPECT_LE(b.port, 20099);
    EXPECT_NE(a.port, b.port);

    // Both are reachable at their own public port.
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 53, kPublic, a.port), Seconds(1)).address, kHostA);
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 53, kPublic, b.port), Seconds(1)).address, kHostB);

    // Ports are per protocol: TCP 5000 of host B is free to be preserved.
    EXPECT_EQ(t.Outbound(Out(kTcp, kHostB, 5000, kRemote1, 80, kTcpSyn), Seconds(1)).port, 5000);
}

// Without preservation, ports come from the range in order.
TEST(NatMappingTable, SequentialAllocationWithoutPreservation)
{
    NatConfig c = PatConfig();
    c.portPreservation = false;
    c.allocation = NatPortAllocation::SEQUENTIAL;
    c.portMin = 30000;
    c.portMax = 30009;
    NatMappingTable t(c, nullptr);

    std::vector<uint16_t> ports;
    for (uint16_t i = 0; i < 4; ++i)
    {
        NatVerdict v = t.Outbound(Out(kUdp, kHostA, 5000 + i, kRemote1, 53), Seconds(0));
        ASSERT_TRUE(v.translate);
        ports.push_back(v.port);
    }
    EXPECT_EQ(ports, (std::vector<uint16_t>{30000, 30001, 30002, 30003}));
}

// Range 2000-2001 holds two mappings; the third flow finds no port. Once
// the first mapping is retired its port is handed out again.
TEST(NatMappingTable, PortExhaustionAndReuseAfterExpiry)
{
    NatConfig c = Udp30Config();
    c.portPreservation = false;
    c.portMin = 2000;
    c.portMax = 2001;
    NatMappingTable t(c, nullptr);

    NatVerdict first = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    NatVerdict second = t.Outbound(Out(kUdp, kHostA, 5001, kRemote1, 53), Seconds(10));
    EXPECT_EQ(first.port, 2000);
    EXPECT_EQ(second.port, 2001);

    NatVerdict third = t.Outbound(Out(kUdp, kHostA, 5002, kRemote1, 53), Seconds(20));
    EXPECT_FALSE(third.translate);
    EXPECT_EQ(third.reason, NatDropReason::PORTS_EXHAUSTED);
    EXPECT_EQ(t.Size(), 2u);

    t.ExpireUntil(Seconds(30)); // first deadline: 0 s + 30 s
    EXPECT_EQ(t.Size(), 1u);
    NatVerdict fourth = t.Outbound(Out(kUdp, kHostA, 5002, kRemote1, 53), Seconds(30));
    ASSERT_TRUE(fourth.translate);
    EXPECT_EQ(fourth.port, 2000);
    EXPECT_NE(fourth.mappingId, first.mappingId);
}

// RFC 6056 style random allocation: with the same random source the same
// ports come out, all distinct and inside the range.
TEST(NatMappingTable, RandomAllocationIsReproducibleWithSameRandomSource)
{
    NatConfig c = PatConfig();
    c.portPreservation = false;
    c.allocation = NatPortAllocation::RANDOM;
    c.portMin = 1024;
    c.portMax = 65535;

    auto run = [&c]()
    {
        NatMappingTable t(c, Lcg(12345));
        std::vector<uint16_t> ports;
        for (uint16_t i = 0; i < 200; ++i)
        {
            NatVerdict v = t.Outbound(Out(kUdp, kHostA, 5000 + i, kRemote1, 53), Seconds(0));
            EXPECT_TRUE(v.translate);
            ports.push_back(v.port);
        }
        return ports;
    };
    std::vector<uint16_t> once = run();
    std::vector<uint16_t> twice = run();
    EXPECT_EQ(once, twice);

    std::set<uint16_t> distinct(once.begin(), once.end());
    EXPECT_EQ(distinct.size(), once.size());
    for (uint16_t p : once)
    {
        EXPECT_GE(p, 1024);
    }
    // Not the sequential sequence 1024, 1025, ...
    EXPECT_NE(once[0] + 1, once[1]);

    NatMappingTable other(c, Lcg(54321));
    EXPECT_NE(other.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0)).port, once[0]);
}

// ---------------------------------------------------------------------------
// Pool and static NAT (address-only bindings)
// ---------------------------------------------------------------------------

TEST(NatMappingTable, PoolOfOneAddressIsExhaustedBySecondHost)
{
    NatConfig c;
    c.mode = NatMode::POOL;
    c.pool = {Ipv4Address("203.0.113.10")};
    ASSERT_EQ(c.Validate(), "");
    NatMappingTable t(c, nullptr);

    NatVerdict a = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(0));
    ASSERT_TRUE(a.translate);
    EXPECT_EQ(a.address, Ipv4Address("203.0.113.10"));
    EXPECT_EQ(a.port, 5000); // address-only: the port is left alone

    // The same host again, to another remote and port, keeps its binding.
    NatVerdict a2 = t.Outbound(Out(kTcp, kHostA, 6000, kRemote2, 80), Seconds(1));
    EXPECT_TRUE(a2.translate);
    EXPECT_EQ(a2.mappingId, a.mappingId);

    NatVerdict b = t.Outbound(Out(kUdp, kHostB, 5000, kRemote1, 53), Seconds(1));
    EXPECT_FALSE(b.translate);
    EXPECT_EQ(b.reason, NatDropReason::POOL_EXHAUSTED);

    NatVerdict back
        = t.Inbound(In(kUdp, kRemote1, 53, Ipv4Address("203.0.113.10"), 5000), Seconds(2));
    ASSERT_TRUE(back.translate);
    EXPECT_EQ(back.address, kHostA);
    EXPECT_EQ(back.port, 5000);
    EXPECT_TRUE(t.IsPublicAddress(Ipv4Address("203.0.113.10")));
    EXPECT_FALSE(t.IsPublicAddress(kPublic));
}

TEST(NatMappingTable, StaticNatReachableFromAnyRemoteAndNeverExpires)
{
    const Ipv4Address global("203.0.113.20");
    NatConfig c;
    c.mode = NatMode::STATIC;
    c.staticPairs = {{kHostA, global}};
    c.timeouts.address = Seconds(60);
    ASSERT_EQ(c.Validate(), "");
    NatMappingTable t(c, nullptr);
    EXPECT_EQ(t.Size(), 1u);
    EXPECT_EQ(t.NextDeadline(), Time::Max());
    EXPECT_EQ(t.PublicAddresses(), std::vector<Ipv4Address>{global});

    // Unsolicited inbound from a remote the host never talked to.
    NatVerdict in = t.Inbound(In(kUdp, kRemote3, 1234, global, 500), Seconds(1));
    ASSERT_TRUE(in.translate);
    EXPECT_EQ(in.address, kHostA);
    EXPECT_EQ(in.port, 500);

    // Far past every timer: still there.
    t.ExpireUntil(Seconds(1000000));
    EXPECT_EQ(t.Size(), 1u);
    NatVerdict late = t.Inbound(In(kTcp, kRemote2, 80, global, 40000), Seconds(1000000));
    EXPECT_TRUE(late.translate);
    EXPECT_EQ(late.address, kHostA);

    NatVerdict out = t.Outbound(Out(kUdp, kHostA, 500, kRemote1, 500), Seconds(1000001));
    ASSERT_TRUE(out.translate);
    EXPECT_EQ(out.address, global);
    EXPECT_EQ(out.port, 500);

    // A host without a static entry passes untranslated.
    NatVerdict other = t.Outbound(Out(kUdp, kHostB, 7000, kRemote1, 53), Seconds(2));
    EXPECT_TRUE(other.translate);
    EXPECT_EQ(other.address, kHostB);
    EXPECT_EQ(other.port, 7000);
    EXPECT_EQ(other.mappingId, 0u);

    // An address that is not a global of this box has no mapping.
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 53, kPublic, 53), Seconds(2)).reason,
              NatDropReason::NO_MAPPING);
}

// ---------------------------------------------------------------------------
// RFC 5508 section 3.1: ICMP query identifier as the port
// ---------------------------------------------------------------------------

TEST(NatMappingTable, IcmpIdentifierIsTreatedAsPort)
{
    NatConfig c = PatConfig();
    c.portMin = 20000;
    c.portMax = 20099;
    c.timeouts.icmp = Seconds(60);
    NatMappingTable t(c, nullptr);

    NatVerdict a = t.Outbound(Icmp(kHostA, kRemote1, 0x1234), Seconds(0));
    ASSERT_TRUE(a.translate);
    EXPECT_EQ(a.port, 0x1234); // identifier preserved
    const NatMapping* m = t.Find(a.mappingId);
    EXPECT_EQ(m->protocol, kIcmp);
    EXPECT_EQ(m->insidePort, 0x1234);
    EXPECT_EQ(m->remotePort, 0); // ICMP has no remote port
    EXPECT_EQ(m->timeout, Seconds(60));

    // Second host, same identifier: another one from the range.
    NatVerdict b = t.Outbound(Icmp(kHostB, kRemote1, 0x1234), Seconds(0));
    ASSERT_TRUE(b.translate);
    EXPECT_GE(b.port, 20000);
    EXPECT_LE(b.port, 20099);

    // Echo replies: source is the remote, both "ports" carry the public id.
    NatVerdict replyA = t.Inbound(Icmp(kRemote1, kPublic, a.port), Seconds(1));
    ASSERT_TRUE(replyA.translate);
    EXPECT_EQ(replyA.address, kHostA);
    EXPECT_EQ(replyA.port, 0x1234);
    NatVerdict replyB = t.Inbound(Icmp(kRemote1, kPublic, b.port), Seconds(1));
    ASSERT_TRUE(replyB.translate);
    EXPECT_EQ(replyB.address, kHostB);
    EXPECT_EQ(replyB.port, 0x1234);

    // APDF (the default) with remote port 0: another remote is filtered.
    EXPECT_EQ(t.Inbound(Icmp(kRemote2, kPublic, a.port), Seconds(1)).reason,
              NatDropReason::FILTERED);
    // ICMP and UDP identifiers/ports are separate spaces.
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 0x1234, kPublic, a.port), Seconds(1)).reason,
              NatDropReason::NO_MAPPING);
    // ICMP query timer.
    EXPECT_EQ(t.Inbound(Icmp(kRemote1, kPublic, a.port), Seconds(60)).reason,
              NatDropReason::NO_MAPPING);
}

// ---------------------------------------------------------------------------
// ESP (protocol 50) and IPsec passthrough
// ---------------------------------------------------------------------------

TEST(NatMappingTable, EspWithoutPassthroughIsUnsupportedBothWays)
{
    NatConfig c = PatConfig();
    c.espPassthrough = false;
    NatMappingTable t(c, nullptr);
    NatVerdict out = t.Outbound(Esp(kHostA, kRemote1, 0x1001), Seconds(0));
    EXPECT_FALSE(out.translate);
    EXPECT_EQ(out.reason, NatDropReason::UNSUPPORTED_PROTOCOL);
    NatVerdict in = t.Inbound(Esp(kRemote1, kPublic, 0x2002), Seconds(0));
    EXPECT_FALSE(in.translate);
    EXPECT_EQ(in.reason, NatDropReason::UNSUPPORTED_PROTOCOL);
    EXPECT_EQ(t.Size(), 0u);

    // Other protocols without ports (GRE 47) neither.
    EXPECT_EQ(t.Outbound(Out(47, kHostA, 0, kRemote1, 0), Seconds(0)).reason,
              NatDropReason::UNSUPPORTED_PROTOCOL);
}

TEST(NatMappingTable, EspPassthroughOneInsideHostPerRemote)
{
    NatConfig c = PatConfig();
    c.espPassthrough = true;
    NatMappingTable t(c, nullptr);

    NatVerdict a1 = t.Outbound(Esp(kHostA, kRemote1, 0xC0FFEE01), Seconds(0));
    ASSERT_TRUE(a1.translate);
    EXPECT_EQ(a1.address, kPublic);

    NatVerdict in = t.Inbound(Esp(kRemote1, kPublic, 0xBEEF0001), Seconds(1));
    ASSERT_TRUE(in.translate);
    EXPECT_EQ(in.address, kHostA);
    EXPECT_EQ(in.mappingId, a1.mappingId);

    // ESP from a remote nobody inside talked to.
    EXPECT_EQ(t.Inbound(Esp(kRemote3, kPublic, 0x1), Seconds(1)).reason, NatDropReason::NO_MAPPING);

    // A second inside host to the same remote: the NAT cannot tell the
    // inbound SAs apart.
    NatVerdict b1 = t.Outbound(Esp(kHostB, kRemote1, 0xC0FFEE02), Seconds(2));
    EXPECT_FALSE(b1.translate);
    EXPECT_EQ(b1.reason, NatDropReason::ESP_CONFLICT);
    EXPECT_EQ(b1.mappingId, a1.mappingId);

    // ... to another remote it works, with its own entry.
    NatVerdict b2 = t.Outbound(Esp(kHostB, kRemote2, 0xC0FFEE03), Seconds(2));
    ASSERT_TRUE(b2.translate);
    EXPECT_NE(b2.mappingId, a1.mappingId);
    NatVerdict inB = t.Inbound(Esp(kRemote2, kPublic, 0xBEEF0003), Seconds(3));
    ASSERT_TRUE(inB.translate);
    EXPECT_EQ(inB.address, kHostB);

    // Host A to a second remote: one entry per remote.
    NatVerdict a2 = t.Outbound(Esp(kHostA, kRemote3, 0xC0FFEE04), Seconds(3));
    ASSERT_TRUE(a2.translate);
    EXPECT_NE(a2.mappingId, a1.mappingId);
    EXPECT_EQ(t.Size(), 3u);

    // SPIs of both directions are recorded once each.
    t.Outbound(Esp(kHostA, kRemote1, 0xC0FFEE01), Seconds(4));
    const NatMapping* m = t.Find(a1.mappingId);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->protocol, kEsp);
    EXPECT_EQ(m->remoteAddress, kRemote1);
    EXPECT_EQ(m->espSpis, (std::vector<uint32_t>{0xC0FFEE01, 0xBEEF0001}));
    EXPECT_EQ(m->packetsOut, 2u);
    EXPECT_EQ(m->packetsIn, 1u);
}

// The passthrough entry expires on the ESP timer; then another host may use
// the remote.
TEST(NatMappingTable, EspPassthroughEntryExpiresAndFreesTheRemote)
{
    NatConfig c = PatConfig();
    c.espPassthrough = true;
    c.timeouts.esp = Seconds(30);
    NatMappingTable t(c, nullptr);
    ASSERT_TRUE(t.Outbound(Esp(kHostA, kRemote1, 1), Seconds(0)).translate);
    EXPECT_EQ(t.Outbound(Esp(kHostB, kRemote1, 2), Seconds(29)).reason,
              NatDropReason::ESP_CONFLICT);
    NatVerdict b = t.Outbound(Esp(kHostB, kRemote1, 2), Seconds(30));
    ASSERT_TRUE(b.translate);
    EXPECT_EQ(t.Inbound(Esp(kRemote1, kPublic, 3), Seconds(31)).address, kHostB);
}

// ---------------------------------------------------------------------------
// Static port mappings (port forwarding)
// ---------------------------------------------------------------------------

TEST(NatMappingTable, StaticPortMappingOpenToAnyRemoteAndSurvivesReboot)
{
    NatConfig c = Udp30Config();
    NatMappingTable t(c, nullptr);
    const Ipv4Address server("10.0.0.5");
    ASSERT_EQ(t.AddStaticPortMapping(kUdp, server, 500, 500), "");
    EXPECT_EQ(t.NextDeadline(), Time::Max());

    for (const Ipv4Address& remote : {kRemote1, kRemote2, kRemote3})
    {
        NatVerdict v = t.Inbound(In(kUdp, remote, 500, kPublic, 500), Seconds(1));
        ASSERT_TRUE(v.translate);
        EXPECT_EQ(v.address, server);
        EXPECT_EQ(v.port, 500);
    }
    // Outbound from the server uses the forwarded port.
    NatVerdict out = t.Outbound(Out(kUdp, server, 500, kRemote1, 500), Seconds(2));
    ASSERT_TRUE(out.translate);
    EXPECT_EQ(out.port, 500);
    EXPECT_EQ(t.Size(), 1u);

    // Another host preserving port 500 must not take it.
    NatVerdict other = t.Outbound(Out(kUdp, kHostA, 500, kRemote1, 500), Seconds(2));
    ASSERT_TRUE(other.translate);
    EXPECT_NE(other.port, 500);

    EXPECT_EQ(t.Reboot(false), 1u); // only the dynamic one
    EXPECT_EQ(t.Size(), 1u);
    EXPECT_TRUE(t.Inbound(In(kUdp, kRemote2, 4500, kPublic, 500), Seconds(3)).translate);
    EXPECT_EQ(t.Reboot(true), 0u);
    EXPECT_TRUE(t.Inbound(In(kUdp, kRemote2, 4500, kPublic, 500), Seconds(4)).translate);
    // Still reserved after the reboots.
    EXPECT_NE(t.Outbound(Out(kUdp, kHostA, 500, kRemote1, 500), Seconds(5)).port, 500);
    // Never expires.
    EXPECT_TRUE(t.Inbound(In(kUdp, kRemote1, 1, kPublic, 500), Seconds(100000)).translate);
}

TEST(NatMappingTable, StaticPortMappingErrors)
{
    NatMappingTable t(PatConfig(), nullptr);
    ASSERT_EQ(t.AddStaticPortMapping(kUdp, kHostA, 500, 500), "");

    std::string taken = t.AddStaticPortMapping(kUdp, kHostB, 500, 500);
    EXPECT_NE(taken.find("public port 500/udp is already in use"), std::string::npos) << taken;

    // The same port number over TCP is a different port.
    EXPECT_EQ(t.AddStaticPortMapping(kTcp, kHostB, 500, 500), "");

    // A port held by a dynamic mapping is taken as well.
    NatVerdict dyn = t.Outbound(Out(kTcp, kHostA, 8080, kRemote1, 80, kTcpSyn), Seconds(0));
    ASSERT_EQ(dyn.port, 8080);
    std::string dynTaken = t.AddStaticPortMapping(kTcp, kHostB, 80, 8080);
    EXPECT_NE(dynTaken.find("8080/tcp is already in use"), std::string::npos) << dynTaken;

    for (uint8_t proto : {kIcmp, kEsp, uint8_t(47)})
    {
        std::string bad = t.AddStaticPortMapping(proto, kHostB, 1, 1);
        EXPECT_NE(bad.find("protocol " + std::to_string(proto) + " is not supported"),
                  std::string::npos)
            << bad;
        EXPECT_NE(bad.find("allowed 6 (tcp) and 17 (udp)"), std::string::npos) << bad;
    }

    NatConfig pool;
    pool.mode = NatMode::POOL;
    pool.pool = {kPublic};
    NatMappingTable p(pool, nullptr);
    EXPECT_EQ(p.AddStaticPortMapping(kUdp, kHostA, 500, 500),
              "static port mappings need NAT mode pat");
}

// ---------------------------------------------------------------------------
// Reboot
// ---------------------------------------------------------------------------

TEST(NatMappingTable, RebootWithoutMovingPortsReusesTheSamePort)
{
    NatConfig c = PatConfig();
    c.portPreservation = false;
    c.portMin = 40000;
    c.portMax = 40999;
    NatMappingTable t(c, nullptr);
    int expired = 0;
    t.SetExpiredCallback([&](const NatMapping&) { ++expired; });

    NatVerdict before = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(0));
    t.Outbound(Out(kUdp, kHostB, 5000, kRemote1, 4500), Seconds(0));
    t.Outbound(Out(kTcp, kHostB, 5001, kRemote1, 80, kTcpSyn), Seconds(0));
    ASSERT_EQ(before.port, 40000);
    EXPECT_EQ(t.Reboot(false), 3u);
    EXPECT_EQ(t.Size(), 0u);
    EXPECT_EQ(t.NextDeadline(), Time::Max());
    // Flushed, not timed out: NatBox counts these in its Reboot trace, and
    // its MappingExpired trace / mappingsExpired counter mean "timed out".
    EXPECT_EQ(expired, 0);

    // The old public endpoint is gone.
    EXPECT_EQ(t.Inbound(In(kUdp, kRemote1, 4500, kPublic, before.port), Seconds(1)).reason,
              NatDropReason::NO_MAPPING);
    NatVerdict after = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 4500), Seconds(1));
    ASSERT_TRUE(after.translate);
    EXPECT_EQ(after.port, before.port); // the sequential allocator restarts
    EXPECT_NE(after.mappingId, before.mappingId);
}

TEST(NatMappingTable, RebootMovingPortsGivesADifferentPort)
{
    for (bool preservation : {true, false})
    {
        SCOPED_TRACE(preservation ? "port preservation" : "no port preservation");
        NatConfig c = PatConfig();
        c.portPreservation = preservation;
        c.portMin = 40000;
        c.portMax = 40999;
        NatMappingTable t(c, nullptr);

        NatVerdict before = t.Outbound(Out(kUdp, kHostA, 40000, kRemote1, 4500), Seconds(0));
        ASSERT_EQ(before.port, 40000);
        EXPECT_EQ(t.Reboot(true), 1u);
        NatVerdict after = t.Outbound(Out(kUdp, kHostA, 40000, kRemote1, 4500), Seconds(1));
        ASSERT_TRUE(after.translate);
        EXPECT_NE(after.port, before.port);
        EXPECT_GE(after.port, 40000);
        EXPECT_LE(after.port, 40999);
    }
}

// ---------------------------------------------------------------------------
// ExpireUntil / NextDeadline
// ---------------------------------------------------------------------------

// Exactly the mappings whose deadline is <= now, in deadline order, with the
// mapping as it was.
TEST(NatMappingTable, ExpireUntilRetiresExactlyTheDueMappings)
{
    NatMappingTable t(Udp30Config(), nullptr);
    std::vector<NatMapping> expired;
    t.SetExpiredCallback([&](const NatMapping& m) { expired.push_back(m); });

    // Mappings created at 0, 1, ..., 9 s: deadlines 30 .. 39 s.
    for (uint16_t i = 0; i < 10; ++i)
    {
        t.Outbound(Out(kUdp, kHostA, 6000 + i, kRemote1, 53), Seconds(i));
    }
    EXPECT_EQ(t.NextDeadline(), Seconds(30));
    t.ExpireUntil(Seconds(30) - NanoSeconds(1));
    EXPECT_TRUE(expired.empty());

    t.ExpireUntil(Seconds(33));
    ASSERT_EQ(expired.size(), 4u);
    for (uint16_t i = 0; i < 4; ++i)
    {
        EXPECT_EQ(expired[i].insidePort, 6000 + i);
        EXPECT_EQ(expired[i].insideAddress, kHostA);
        EXPECT_EQ(expired[i].publicAddress, kPublic);
        EXPECT_EQ(expired[i].Deadline(), Seconds(30 + i));
    }
    EXPECT_EQ(t.Size(), 6u);
    EXPECT_EQ(t.NextDeadline(), Seconds(34));

    t.ExpireUntil(Seconds(39));
    EXPECT_EQ(expired.size(), 10u);
    EXPECT_EQ(t.Size(), 0u);
    EXPECT_EQ(t.NextDeadline(), Time::Max());
}

// Refreshing one mapping 10,000 times queues no more than one timer entry:
// the old deadline wakes ExpireUntil once, which re-queues the new deadline
// without expiring the mapping.
TEST(NatMappingTable, RefreshStormKeepsTimerHeapSmall)
{
    NatMappingTable t(Udp30Config(), nullptr);
    int expired = 0;
    int refreshed = 0;
    t.SetExpiredCallback([&](const NatMapping&) { ++expired; });
    t.SetRefreshedCallback([&](const NatMapping&) { ++refreshed; });

    NatVerdict v = t.Outbound(Out(kUdp, kHostA, 4500, kRemote1, 4500), Seconds(0));
    for (int i = 1; i < 10000; ++i)
    {
        t.Outbound(Out(kUdp, kHostA, 4500, kRemote1, 4500), MilliSeconds(i));
    }
    EXPECT_EQ(refreshed, 10000);
    const Time deadline = MilliSeconds(9999) + Seconds(30);
    EXPECT_EQ(t.Find(v.mappingId)->Deadline(), deadline);

    // The heap top may be the first deadline (a stale entry only wakes the
    // caller early), never later than the real one.
    Time next = t.NextDeadline();
    EXPECT_GE(next, Seconds(30));
    EXPECT_LE(next, deadline);

    t.ExpireUntil(Seconds(30)); // the old deadline
    EXPECT_EQ(expired, 0);
    ASSERT_NE(t.Find(v.mappingId), nullptr);
    EXPECT_EQ(t.NextDeadline(), deadline); // one entry, re-queued: no backlog

    // Drive expiry as NatBox does; count the wake-ups.
    int wakeups = 0;
    while (t.NextDeadline() != Time::Max() && wakeups < 100)
    {
        t.ExpireUntil(t.NextDeadline());
        ++wakeups;
    }
    EXPECT_EQ(wakeups, 1);
    EXPECT_EQ(expired, 1);
    EXPECT_EQ(t.Size(), 0u);
}

// 100,000 mappings retired by one ExpireUntil call. One PAT address has
// 65,535 ports per protocol and RFC 4787 REQ-3 forbids port overloading, so
// 100,000 UDP mappings cannot exist at once on one public address: fill the
// whole UDP range (64,512 mappings) and make the rest TCP.
TEST(NatMappingTable, OneHundredThousandMappingsExpireInOneCall)
{
    NatConfig c = Udp30Config();
    c.timeouts.tcpTransitory = Seconds(60);
    c.portMin = 1024;
    c.portMax = 65535;
    NatMappingTable t(c, nullptr);
    uint64_t created = 0;
    t.SetCreatedCallback([&](const NatMapping&) { ++created; });

    const uint32_t kUdpCount = 65535 - 1024 + 1;
    const uint32_t kTotal = 100000;
    const Ipv4Address udpHost("10.1.0.1");
    const Ipv4Address tcpHost("10.2.0.1");
    for (uint32_t i = 0; i < kTotal; ++i)
    {
        NatVerdict v
            = (i < kUdpCount)
                  ? t.Outbound(Out(kUdp, udpHost, 1024 + i, kRemote1, 4500), MicroSeconds(i))
                  : t.Outbound(Out(kTcp, tcpHost, static_cast<uint16_t>(1024 + i - kUdpCount),
                                   kRemote1, 443, kTcpSyn),
                               MicroSeconds(i));
        ASSERT_TRUE(v.translate) << i;
    }
    EXPECT_EQ(created, kTotal);
    EXPECT_EQ(t.Size(), kTotal);
    // The UDP range is full: the next UDP flow finds no port.
    EXPECT_EQ(t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(1)).reason,
              NatDropReason::PORTS_EXHAUSTED);
    EXPECT_EQ(t.NextDeadline(), Seconds(30));

    uint64_t expired = 0;
    uint64_t udp = 0;
    Time last = Time(0);
    bool ordered = true;
    t.SetExpiredCallback(
        [&](const NatMapping& m)
        {
            ++expired;
            udp += (m.protocol == kUdp) ? 1 : 0;
            ordered = ordered && m.Deadline() >= last;
            last = m.Deadline();
        });
    t.ExpireUntil(Seconds(100));
    EXPECT_EQ(expired, kTotal);
    EXPECT_EQ(udp, kUdpCount);
    EXPECT_TRUE(ordered); // retired in deadline order
    EXPECT_EQ(t.Size(), 0u);
    EXPECT_EQ(t.NextDeadline(), Time::Max());
    EXPECT_TRUE(t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(100)).translate);
}

// ---------------------------------------------------------------------------
// Callbacks
// ---------------------------------------------------------------------------

TEST(NatMappingTable, CreatedAndRefreshedCallbacksFire)
{
    NatConfig c = Udp30Config();
    c.filtering = NatFilteringBehaviour::ENDPOINT_INDEPENDENT;
    NatMappingTable t(c, nullptr);
    std::vector<NatMapping> created;
    std::vector<NatMapping> refreshed;
    t.SetCreatedCallback([&](const NatMapping& m) { created.push_back(m); });
    t.SetRefreshedCallback([&](const NatMapping& m) { refreshed.push_back(m); });

    NatVerdict v = t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(1));
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].id, v.mappingId);
    EXPECT_EQ(created[0].insideAddress, kHostA);
    EXPECT_EQ(created[0].insidePort, 5000);
    EXPECT_EQ(created[0].publicAddress, kPublic);
    EXPECT_EQ(created[0].publicPort, v.port);
    EXPECT_EQ(created[0].remoteAddress, kRemote1);
    EXPECT_EQ(created[0].remotePort, 53);
    EXPECT_EQ(created[0].created, Seconds(1));
    EXPECT_EQ(created[0].timeout, Seconds(30));

    std::size_t afterFirst = refreshed.size();
    t.Outbound(Out(kUdp, kHostA, 5000, kRemote1, 53), Seconds(5));
    ASSERT_EQ(refreshed.size(), afterFirst + 1);
    EXPECT_EQ(refreshed.back().id, v.mappingId);
    EXPECT_EQ(refreshed.back().lastRefresh, Seconds(5));
    EXPECT_EQ(created.size(), 1u); // no new mapping

    // inboundRefresh is off: an inbound packet is not a refresh.
    t.Inbound(In(kUdp, kRemote2, 53, kPublic, v.port), Seconds(6));
    EXPECT_EQ(refreshed.size(), afterFirst + 1);
}

// ---------------------------------------------------------------------------
// NatPortAllocator: quarantine after a reboot that moves ports
// ---------------------------------------------------------------------------

TEST(NatPortAllocator, QuarantineHoldsOldPortsUntilRangeRunsOut)
{
    NatPortAllocator a(2000, 2003);
    NatPortAllocator::Random sequential;
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2000));
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2001));
    EXPECT_EQ(a.UsedInRange(), 2u);

    a.Reset(true);
    EXPECT_FALSE(a.IsFree(2000));
    EXPECT_FALSE(a.IsFree(2001));
    EXPECT_EQ(a.UsedInRange(), 2u);
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2002));
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2003));
    // Every other port is now in use: the quarantine is lifted.
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2000));
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2001));
    EXPECT_EQ(a.Allocate(sequential), std::nullopt);
    EXPECT_EQ(a.UsedInRange(), 4u);

    a.Release(2002);
    EXPECT_EQ(a.UsedInRange(), 3u);
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2002));

    a.Reset(false);
    EXPECT_EQ(a.UsedInRange(), 0u);
    EXPECT_TRUE(a.IsFree(2000));
    EXPECT_EQ(a.Allocate(sequential), std::optional<uint16_t>(2000));
}

TEST(NatPortAllocator, PortsOutsideRangeDoNotCountAgainstIt)
{
    NatPortAllocator a(2000, 2001);
    a.Take(500); // a preserved port below the range
    EXPECT_FALSE(a.IsFree(500));
    EXPECT_EQ(a.UsedInRange(), 0u);
    a.Take(2000);
    a.Take(2000); // idempotent
    EXPECT_EQ(a.UsedInRange(), 1u);
    EXPECT_EQ(a.Allocate(NatPortAllocator::Random()), std::optional<uint16_t>(2001));
    EXPECT_EQ(a.Allocate(NatPortAllocator::Random()), std::nullopt);
    a.Release(500);
    a.Release(500); // idempotent
    EXPECT_TRUE(a.IsFree(500));
    EXPECT_EQ(a.UsedInRange(), 2u);
}

// ---------------------------------------------------------------------------
// NatConfig::Validate
// ---------------------------------------------------------------------------

bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(NatConfigValidate, PortRange)
{
    NatConfig c = PatConfig();
    c.portMin = 3000;
    c.portMax = 2000;
    std::string inverted = c.Validate();
    EXPECT_TRUE(Contains(inverted, "inverted")) << inverted;
    EXPECT_TRUE(Contains(inverted, "1..65535")) << inverted;
    EXPECT_TRUE(Contains(inverted, "3000-2000")) << inverted;

    c.portMin = 1024;
    c.portMax = 70000;
    std::string high = c.Validate();
    EXPECT_TRUE(Contains(high, "out of bounds")) << high;
    EXPECT_TRUE(Contains(high, "1..65535")) << high;

    c.portMin = 0;
    c.portMax = 1000;
    EXPECT_TRUE(Contains(c.Validate(), "out of bounds")) << c.Validate();

    c.portMin = 1;
    c.portMax = 65535;
    EXPECT_EQ(c.Validate(), "");
    c.portMin = 500;
    c.portMax = 500;
    EXPECT_EQ(c.Validate(), ""); // a range of one port is fine
}

TEST(NatConfigValidate, ZeroTimeoutNamesTheAttribute)
{
    const std::vector<std::pair<std::string, Time NatTimeouts::*>> timers = {
        {"UdpTimeout", &NatTimeouts::udp},
        {"TcpEstablishedTimeout", &NatTimeouts::tcpEstablished},
        {"TcpTransitoryTimeout", &NatTimeouts::tcpTransitory},
        {"IcmpTimeout", &NatTimeouts::icmp},
        {"EspTimeout", &NatTimeouts::esp},
        {"AddressTimeout", &NatTimeouts::address},
    };
    for (const auto& [name, member] : timers)
    {
        for (Time bad : {Seconds(0), Seconds(-5)})
        {
            NatConfig c = PatConfig();
            c.timeouts.*member = bad;
            std::string msg = c.Validate();
            EXPECT_TRUE(Contains(msg, name)) << msg;
            EXPECT_TRUE(Contains(msg, "> 0 s")) << msg;
        }
    }
}

TEST(NatConfigValidate, ModeSpecificChecks)
{
    NatConfig pat;
    pat.mode = NatMode::PAT;
    EXPECT_TRUE(Contains(pat.Validate(), "pat needs a public address")) << pat.Validate();
    pat.patAddress = Ipv4Address::GetAny();
    EXPECT_TRUE(Contains(pat.Validate(), "pat needs a public address")) << pat.Validate();
    pat.patAddress = kPublic;
    EXPECT_EQ(pat.Validate(), "");

    NatConfig pool;
    pool.mode = NatMode::POOL;
    EXPECT_TRUE(Contains(pool.Validate(), "at least one public address")) << pool.Validate();
    pool.pool
        = {Ipv4Address("203.0.113.10"), Ipv4Address("203.0.113.11"), Ipv4Address("203.0.113.10")};
    EXPECT_EQ(pool.Validate(), "NAT pool lists 203.0.113.10 twice");
    pool.pool.pop_back();
    EXPECT_EQ(pool.Validate(), "");

    NatConfig st;
    st.mode = NatMode::STATIC;
    EXPECT_TRUE(Contains(st.Validate(), "at least one inside/public pair")) << st.Validate();
    st.staticPairs = {{kHostA, Ipv4Address("203.0.113.20")}, {kHostA, Ipv4Address("203.0.113.21")}};
    EXPECT_EQ(st.Validate(), "NAT static mapping lists inside address 10.0.0.1 twice");
    st.staticPairs = {{kHostA, Ipv4Address("203.0.113.20")}, {kHostB, Ipv4Address("203.0.113.20")}};
    EXPECT_EQ(st.Validate(), "NAT static mapping lists public address 203.0.113.20 twice");
    st.staticPairs = {{kHostA, Ipv4Address("203.0.113.20")}, {kHostB, Ipv4Address("203.0.113.21")}};
    EXPECT_EQ(st.Validate(), "");
}

// ---------------------------------------------------------------------------
// Names of the enums (traces, CSV columns, attributes)
// ---------------------------------------------------------------------------

TEST(NatTypesText, ModeRoundTrip)
{
    for (NatMode m : {NatMode::STATIC, NatMode::POOL, NatMode::PAT})
    {
        EXPECT_EQ(ParseNatMode(ToString(m)), m) << ToString(m);
    }
    EXPECT_EQ(ToString(NatMode::STATIC), "static");
    EXPECT_EQ(ToString(NatMode::POOL), "pool");
    EXPECT_EQ(ToString(NatMode::PAT), "pat");
    EXPECT_EQ(ParseNatMode("overload"), NatMode::PAT); // the IOS keyword
    EXPECT_EQ(ParseNatMode("nat"), std::nullopt);
    EXPECT_EQ(ParseNatMode("PAT"), std::nullopt);
    EXPECT_EQ(ParseNatMode(""), std::nullopt);
}

TEST(NatTypesText, MappingBehaviourRoundTrip)
{
    const std::vector<std::tuple<NatMappingBehaviour, std::string, std::string>> all = {
        {NatMappingBehaviour::ENDPOINT_INDEPENDENT, "eim", "endpoint-independent"},
        {NatMappingBehaviour::ADDRESS_DEPENDENT, "adm", "address-dependent"},
        {NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT, "apdm", "address-and-port-dependent"},
    };
    for (const auto& [value, shortName, longName] : all)
    {
        EXPECT_EQ(ToString(value), shortName);
        EXPECT_EQ(ParseNatMappingBehaviour(ToString(value)), value);
        EXPECT_EQ(ParseNatMappingBehaviour(longName), value);
    }
    EXPECT_EQ(ParseNatMappingBehaviour("eif"), std::nullopt);
    EXPECT_EQ(ParseNatMappingBehaviour("symmetric"), std::nullopt);
}

TEST(NatTypesText, FilteringBehaviourRoundTrip)
{
    const std::vector<std::tuple<NatFilteringBehaviour, std::string, std::string>> all = {
        {NatFilteringBehaviour::ENDPOINT_INDEPENDENT, "eif", "endpoint-independent"},
        {NatFilteringBehaviour::ADDRESS_DEPENDENT, "adf", "address-dependent"},
        {NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT, "apdf", "address-and-port-dependent"},
    };
    for (const auto& [value, shortName, longName] : all)
    {
        EXPECT_EQ(ToString(value), shortName);
        EXPECT_EQ(ParseNatFilteringBehaviour(ToString(value)), value);
        EXPECT_EQ(ParseNatFilteringBehaviour(longName), value);
    }
    EXPECT_EQ(ParseNatFilteringBehaviour("eim"), std::nullopt);
    EXPECT_EQ(ParseNatFilteringBehaviour("full-cone"), std::nullopt);
}

TEST(NatTypesText, DropReasonAndTcpStateNames)
{
    const std::vector<std::pair<NatDropReason, std::string>> reasons = {
        {NatDropReason::NO_MAPPING, "no-mapping"},
        {NatDropReason::FILTERED, "filtered"},
        {NatDropReason::POOL_EXHAUSTED, "pool-exhausted"},
        {NatDropReason::PORTS_EXHAUSTED, "ports-exhausted"},
        {NatDropReason::UNSUPPORTED_PROTOCOL, "unsupported-protocol"},
        {NatDropReason::TTL, "ttl"},
        {NatDropReason::HAIRPIN_DISABLED, "hairpin-disabled"},
        {NatDropReason::FRAGMENT, "fragment"},
        {NatDropReason::TRUNCATED, "truncated"},
        {NatDropReason::ESP_CONFLICT, "esp-conflict"},
    };
    ASSERT_EQ(reasons.size(), kNatDropReasonCount);
    for (std::size_t i = 0; i < reasons.size(); ++i)
    {
        EXPECT_EQ(static_cast<std::size_t>(reasons[i].first), i);
        EXPECT_EQ(ToString(reasons[i].first), reasons[i].second);
    }
    EXPECT_EQ(ToString(static_cast<NatDropReason>(kNatDropReasonCount)), "unknown");

    EXPECT_EQ(ToString(NatTcpState::TRANSITORY), "transitory");
    EXPECT_EQ(ToString(NatTcpState::ESTABLISHED), "established");
    EXPECT_EQ(ToString(NatTcpState::CLOSING), "closing");
}

} // namespace
