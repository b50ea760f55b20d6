/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of IpsecSelector and SecurityPolicyDatabase.
//
// Reading guide: RFC 4301 section 4.4.1 (the SPD is ordered, like an ACL;
// PROTECT / BYPASS / DISCARD; the special values ANY and OPAQUE),
// section 4.4.1.1 (selectors: address ranges, Next Layer Protocol, ports),
// section 5 (a packet no entry matches is discarded, which an IOS crypto
// map does not do: it sends it in clear).

#include "ns3/security-policy-database.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{
// gtest prints the action by name. Internal linkage, so other test files
// of the same binary may define their own PrintTo.
static void
PrintTo(IpsecPolicyAction action, std::ostream* os)
{
    *os << ToString(action);
}

namespace
{
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kEsp = 50;

Ipv4Address
A(const char* text)
{
    return Ipv4Address(text);
}

/// A selector from prefixes, like one line of an IOS crypto ACL.
IpsecSelector
Sel(const char* src, const char* srcMask, const char* dst, const char* dstMask, uint8_t proto = 0)
{
    IpsecSelector s;
    s.source = A(src);
    s.sourceMask = Ipv4Mask(srcMask);
    s.destination = A(dst);
    s.destinationMask = Ipv4Mask(dstMask);
    s.protocol = proto;
    return s;
}

IpsecPolicy
Policy(const std::string& name, IpsecSelector selector, IpsecPolicyAction action,
       uint32_t bundle = 0)
{
    IpsecPolicy p;
    p.name = name;
    p.selector = selector;
    p.action = action;
    p.saBundle = bundle;
    return p;
}

TEST(IpsecSelectorTest, DefaultMatchesEverything)
{
    IpsecSelector any;
    EXPECT_TRUE(any.AnyPorts());
    EXPECT_EQ(any.Validate(), "");
    EXPECT_TRUE(any.Matches(A("10.0.0.1"), A("192.0.2.1"), kTcp, 1234, 80));
    EXPECT_TRUE(any.Matches(A("0.0.0.0"), A("255.255.255.255"), kUdp, 0, 65535));
    EXPECT_TRUE(any.Matches(A("10.0.0.1"), A("192.0.2.1"), kIcmp, 0, 0));
    EXPECT_TRUE(any.Matches(A("10.0.0.1"), A("192.0.2.1"), kEsp, 0, 0));
}

TEST(IpsecSelectorTest, Prefixes)
{
    // permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
    IpsecSelector s = Sel("10.1.0.0", "255.255.0.0", "10.2.0.0", "255.255.0.0");
    EXPECT_TRUE(s.Matches(A("10.1.0.0"), A("10.2.0.0"), kUdp, 1, 1));
    EXPECT_TRUE(s.Matches(A("10.1.255.255"), A("10.2.3.4"), kTcp, 1, 1));
    EXPECT_FALSE(s.Matches(A("10.3.0.1"), A("10.2.3.4"), kTcp, 1, 1));
    EXPECT_FALSE(s.Matches(A("10.1.0.1"), A("10.20.3.4"), kTcp, 1, 1));
    EXPECT_FALSE(s.Matches(A("10.2.3.4"), A("10.1.0.1"), kTcp, 1, 1)); // other direction

    // The address is compared under its mask, so host bits in it do not matter.
    IpsecSelector loose = Sel("10.1.2.3", "255.255.0.0", "10.2.9.9", "255.255.0.0");
    EXPECT_TRUE(loose.Matches(A("10.1.200.1"), A("10.2.0.7"), kUdp, 1, 1));

    // /32 hosts.
    IpsecSelector host = Sel("192.0.2.1", "255.255.255.255", "198.51.100.7", "/32");
    EXPECT_TRUE(host.Matches(A("192.0.2.1"), A("198.51.100.7"), kEsp, 0, 0));
    EXPECT_FALSE(host.Matches(A("192.0.2.2"), A("198.51.100.7"), kEsp, 0, 0));
    EXPECT_FALSE(host.Matches(A("192.0.2.1"), A("198.51.100.6"), kEsp, 0, 0));

    // 0.0.0.0/0 on one side, a /24 on the other.
    IpsecSelector toNet = Sel("0.0.0.0", "0.0.0.0", "172.16.5.0", "255.255.255.0");
    EXPECT_TRUE(toNet.Matches(A("8.8.8.8"), A("172.16.5.254"), kIcmp, 0, 0));
    EXPECT_TRUE(toNet.Matches(A("255.255.255.255"), A("172.16.5.0"), kIcmp, 0, 0));
    EXPECT_FALSE(toNet.Matches(A("8.8.8.8"), A("172.16.6.1"), kIcmp, 0, 0));
}

TEST(IpsecSelectorTest, ProtocolAnyOrSpecific)
{
    IpsecSelector any = Sel("10.1.0.0", "/16", "10.2.0.0", "/16");
    IpsecSelector udp = any;
    udp.protocol = kUdp;
    IpsecSelector esp = any;
    esp.protocol = kEsp;
    for (uint8_t proto : {kIcmp, kTcp, kUdp, kEsp, uint8_t{47}})
    {
        EXPECT_TRUE(any.Matches(A("10.1.0.1"), A("10.2.0.1"), proto, 7, 7)) << unsigned(proto);
        EXPECT_EQ(udp.Matches(A("10.1.0.1"), A("10.2.0.1"), proto, 7, 7), proto == kUdp)
            << unsigned(proto);
        EXPECT_EQ(esp.Matches(A("10.1.0.1"), A("10.2.0.1"), proto, 7, 7), proto == kEsp)
            << unsigned(proto);
    }
}

TEST(IpsecSelectorTest, PortRangesForUdpAndTcp)
{
    // permit udp host 192.0.2.1 range 1000 2000 host 198.51.100.7 eq 500
    IpsecSelector s = Sel("192.0.2.1", "/32", "198.51.100.7", "/32", kUdp);
    s.sourcePortMin = 1000;
    s.sourcePortMax = 2000;
    s.destinationPortMin = 500;
    s.destinationPortMax = 500;
    EXPECT_EQ(s.Validate(), "");
    EXPECT_FALSE(s.AnyPorts());
    Ipv4Address src = A("192.0.2.1");
    Ipv4Address dst = A("198.51.100.7");
    EXPECT_TRUE(s.Matches(src, dst, kUdp, 1000, 500)); // ranges are inclusive
    EXPECT_TRUE(s.Matches(src, dst, kUdp, 2000, 500));
    EXPECT_TRUE(s.Matches(src, dst, kUdp, 1500, 500));
    EXPECT_FALSE(s.Matches(src, dst, kUdp, 999, 500));
    EXPECT_FALSE(s.Matches(src, dst, kUdp, 2001, 500));
    EXPECT_FALSE(s.Matches(src, dst, kUdp, 1500, 499));
    EXPECT_FALSE(s.Matches(src, dst, kUdp, 1500, 501));
    EXPECT_FALSE(s.Matches(src, dst, kTcp, 1500, 500)); // protocol differs

    // The same ranges with protocol any: they apply to TCP and UDP packets.
    s.protocol = 0;
    EXPECT_EQ(s.Validate(), "");
    EXPECT_TRUE(s.Matches(src, dst, kTcp, 1500, 500));
    EXPECT_FALSE(s.Matches(src, dst, kTcp, 1500, 80));
    EXPECT_TRUE(s.Matches(src, dst, kUdp, 1500, 500));
}

TEST(IpsecSelectorTest, PortsAreOpaqueForOtherProtocols)
{
    // RFC 4301 section 4.4.1: ICMP or ESP have no ports (OPAQUE); only ANY
    // matches OPAQUE, whatever port values the caller passes.
    IpsecSelector any = Sel("0.0.0.0", "/0", "0.0.0.0", "/0");
    EXPECT_TRUE(any.Matches(A("1.2.3.4"), A("5.6.7.8"), kIcmp, 1234, 4321));
    IpsecSelector icmp = any;
    icmp.protocol = kIcmp;
    EXPECT_TRUE(icmp.Matches(A("1.2.3.4"), A("5.6.7.8"), kIcmp, 1234, 4321));

    IpsecSelector ike = any; // protocol any, destination port 500
    ike.destinationPortMin = 500;
    ike.destinationPortMax = 500;
    EXPECT_TRUE(ike.Matches(A("1.2.3.4"), A("5.6.7.8"), kUdp, 500, 500));
    EXPECT_FALSE(ike.Matches(A("1.2.3.4"), A("5.6.7.8"), kIcmp, 500, 500));
    EXPECT_FALSE(ike.Matches(A("1.2.3.4"), A("5.6.7.8"), kEsp, 500, 500));
}

TEST(IpsecSelectorTest, Validate)
{
    IpsecSelector s;
    s.protocol = kIcmp;
    s.destinationPortMin = 500;
    s.destinationPortMax = 500;
    EXPECT_EQ(s.Validate(), "port ranges need protocol tcp (6), udp (17) or any (0), not 1");

    IpsecSelector r;
    r.protocol = kTcp;
    r.sourcePortMin = 2000;
    r.sourcePortMax = 1000;
    EXPECT_EQ(r.Validate(), "source port range 2000-1000 is empty (low end above high end)");
    r.destinationPortMin = 9;
    r.destinationPortMax = 8;
    EXPECT_EQ(r.Validate(), "source port range 2000-1000 is empty (low end above high end); "
                            "destination port range 9-8 is empty (low end above high end)");

    IpsecSelector esp;
    esp.protocol = kEsp; // no ports given: fine
    EXPECT_EQ(esp.Validate(), "");
}

TEST(IpsecSelectorTest, Mirror)
{
    IpsecSelector out = Sel("10.1.0.0", "/16", "10.2.3.0", "/24", kTcp);
    out.sourcePortMin = 1024;
    out.sourcePortMax = 65535;
    out.destinationPortMin = 443;
    out.destinationPortMax = 443;

    IpsecSelector in = out.Mirror();
    EXPECT_EQ(in.source, A("10.2.3.0"));
    EXPECT_EQ(in.sourceMask, Ipv4Mask("/24"));
    EXPECT_EQ(in.destination, A("10.1.0.0"));
    EXPECT_EQ(in.destinationMask, Ipv4Mask("/16"));
    EXPECT_EQ(in.protocol, kTcp);
    EXPECT_EQ(in.sourcePortMin, 443);
    EXPECT_EQ(in.sourcePortMax, 443);
    EXPECT_EQ(in.destinationPortMin, 1024);
    EXPECT_EQ(in.destinationPortMax, 65535);

    // The reply of a flow the outbound selector matches matches the mirror.
    EXPECT_TRUE(out.Matches(A("10.1.9.9"), A("10.2.3.4"), kTcp, 40000, 443));
    EXPECT_TRUE(in.Matches(A("10.2.3.4"), A("10.1.9.9"), kTcp, 443, 40000));
    EXPECT_FALSE(in.Matches(A("10.1.9.9"), A("10.2.3.4"), kTcp, 40000, 443));

    IpsecSelector back = in.Mirror();
    EXPECT_EQ(back.source, out.source);
    EXPECT_EQ(back.sourceMask, out.sourceMask);
    EXPECT_EQ(back.destination, out.destination);
    EXPECT_EQ(back.destinationMask, out.destinationMask);
    EXPECT_EQ(back.sourcePortMin, out.sourcePortMin);
    EXPECT_EQ(back.destinationPortMax, out.destinationPortMax);
}

TEST(SecurityPolicyDatabaseTest, FirstMatchWins)
{
    // A DISCARD for one host listed before the PROTECT for its subnet wins
    // for that host; the subnet's other hosts get PROTECT (section 4.4.1:
    // the SPD is ordered, entries overlap).
    SecurityPolicyDatabase spd;
    spd.Add(
        Policy("quarantine", Sel("10.1.0.66", "/32", "0.0.0.0", "/0"), IpsecPolicyAction::DISCARD));
    spd.Add(Policy("site-to-site", Sel("10.1.0.0", "/16", "10.2.0.0", "/16"),
                   IpsecPolicyAction::PROTECT, 7));

    const IpsecPolicy* p = spd.Lookup(A("10.1.0.66"), A("10.2.0.1"), kTcp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "quarantine");
    EXPECT_EQ(p->action, IpsecPolicyAction::DISCARD);

    p = spd.Lookup(A("10.1.0.65"), A("10.2.0.1"), kTcp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->action, IpsecPolicyAction::PROTECT);
    EXPECT_EQ(p->saBundle, 7U);

    // The other order: the PROTECT line shadows the DISCARD for that traffic.
    SecurityPolicyDatabase reversed;
    reversed.Add(Policy("site-to-site", Sel("10.1.0.0", "/16", "10.2.0.0", "/16"),
                        IpsecPolicyAction::PROTECT, 7));
    reversed.Add(
        Policy("quarantine", Sel("10.1.0.66", "/32", "0.0.0.0", "/0"), IpsecPolicyAction::DISCARD));
    p = reversed.Lookup(A("10.1.0.66"), A("10.2.0.1"), kTcp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->action, IpsecPolicyAction::PROTECT);
    p = reversed.Lookup(A("10.1.0.66"), A("8.8.8.8"), kTcp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->action, IpsecPolicyAction::DISCARD);
}

TEST(SecurityPolicyDatabaseTest, CryptoAclWithBypassLines)
{
    // access-list 101 deny   udp any any eq isakmp
    // access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
    SecurityPolicyDatabase spd;
    IpsecSelector ike = Sel("0.0.0.0", "/0", "0.0.0.0", "/0", kUdp);
    ike.destinationPortMin = 500;
    ike.destinationPortMax = 500;
    spd.Add(Policy("deny isakmp", ike, IpsecPolicyAction::BYPASS));
    spd.Add(Policy("permit ip", Sel("10.1.0.0", "/16", "10.2.0.0", "/16"),
                   IpsecPolicyAction::PROTECT, 1));

    auto action = [&spd](const char* src, const char* dst, uint8_t proto, uint16_t sp, uint16_t dp)
    {
        const IpsecPolicy* p = spd.Lookup(A(src), A(dst), proto, sp, dp);
        return p ? p->action : spd.GetDefaultAction();
    };
    EXPECT_EQ(action("10.1.0.1", "10.2.0.1", kUdp, 500, 500), IpsecPolicyAction::BYPASS);
    EXPECT_EQ(action("10.1.0.1", "10.2.0.1", kUdp, 500, 501), IpsecPolicyAction::PROTECT);
    EXPECT_EQ(action("10.1.0.1", "10.2.0.1", kTcp, 500, 500), IpsecPolicyAction::PROTECT);
    EXPECT_EQ(action("10.1.0.1", "10.2.0.1", kIcmp, 500, 500), IpsecPolicyAction::PROTECT);
    EXPECT_EQ(spd.Lookup(A("10.1.0.1"), A("10.3.0.1"), kTcp, 1, 2), nullptr);
    EXPECT_EQ(action("10.1.0.1", "10.3.0.1", kTcp, 1, 2), IpsecPolicyAction::BYPASS);
}

TEST(SecurityPolicyDatabaseTest, IdsOrderAndRemove)
{
    SecurityPolicyDatabase spd;
    EXPECT_TRUE(spd.Policies().empty());
    IpsecPolicy first
        = Policy("a", Sel("10.0.0.1", "/32", "0.0.0.0", "/0"), IpsecPolicyAction::DISCARD);
    first.id = 99; // ignored: the database numbers its entries
    EXPECT_EQ(spd.Add(first), 1U);
    EXPECT_EQ(
        spd.Add(Policy("b", Sel("10.0.0.0", "/8", "0.0.0.0", "/0"), IpsecPolicyAction::PROTECT, 2)),
        2U);
    EXPECT_EQ(spd.Add(Policy("c", IpsecSelector(), IpsecPolicyAction::BYPASS)), 3U);
    ASSERT_EQ(spd.Policies().size(), 3U);
    EXPECT_EQ(spd.Policies()[0].id, 1U);
    EXPECT_EQ(spd.Policies()[0].name, "a");
    EXPECT_EQ(spd.Policies()[1].name, "b");
    EXPECT_EQ(spd.Policies()[2].name, "c");

    EXPECT_EQ(spd.Lookup(A("10.0.0.1"), A("1.1.1.1"), kUdp, 1, 1)->name, "a");
    EXPECT_TRUE(spd.Remove(1));
    EXPECT_FALSE(spd.Remove(1)); // gone already
    EXPECT_FALSE(spd.Remove(42));
    ASSERT_EQ(spd.Policies().size(), 2U);
    EXPECT_EQ(spd.Policies()[0].name, "b");
    EXPECT_EQ(spd.Policies()[1].name, "c");
    EXPECT_EQ(spd.Lookup(A("10.0.0.1"), A("1.1.1.1"), kUdp, 1, 1)->name, "b");

    EXPECT_TRUE(spd.Remove(3)); // last one: 10.x traffic still protected, the rest unmatched
    EXPECT_EQ(spd.Lookup(A("192.0.2.1"), A("1.1.1.1"), kUdp, 1, 1), nullptr);
    EXPECT_EQ(spd.Add(Policy("d", IpsecSelector(), IpsecPolicyAction::BYPASS)), 4U); // no reuse
    EXPECT_EQ(spd.Policies().back().name, "d");
    EXPECT_EQ(spd.Lookup(A("192.0.2.1"), A("1.1.1.1"), kUdp, 1, 1)->id, 4U);
}

TEST(SecurityPolicyDatabaseTest, HostEntriesKeepFirstMatchOrder)
{
    // Per-host (/32 destination) entries are indexed by destination; the
    // order between them and the general entries must still decide.
    SecurityPolicyDatabase spd;
    spd.Add(Policy("host-a-first", Sel("0.0.0.0", "/0", "10.9.0.1", "/32", kUdp),
                   IpsecPolicyAction::DISCARD));
    spd.Add(
        Policy("subnet", Sel("0.0.0.0", "/0", "10.9.0.0", "/16"), IpsecPolicyAction::PROTECT, 1));
    spd.Add(Policy("host-b-after", Sel("0.0.0.0", "/0", "10.9.0.2", "/32"),
                   IpsecPolicyAction::DISCARD));
    spd.Add(Policy("host-c", Sel("172.16.0.0", "/16", "10.8.0.3", "/32"),
                   IpsecPolicyAction::PROTECT, 2));

    const IpsecPolicy* p = spd.Lookup(A("1.1.1.1"), A("10.9.0.1"), kUdp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "host-a-first");
    // Same host, other protocol: the host entry does not match, the subnet does.
    p = spd.Lookup(A("1.1.1.1"), A("10.9.0.1"), kTcp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "subnet");
    // The subnet entry comes first and shadows the later host entry.
    p = spd.Lookup(A("1.1.1.1"), A("10.9.0.2"), kUdp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "subnet");
    // A host entry whose source does not match falls through to nothing.
    p = spd.Lookup(A("172.16.0.1"), A("10.8.0.3"), kUdp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->saBundle, 2U);
    EXPECT_EQ(spd.Lookup(A("172.17.0.1"), A("10.8.0.3"), kUdp, 1, 2), nullptr);

    // Removing the subnet entry re-indexes: the later host entry now decides.
    ASSERT_TRUE(spd.Remove(2));
    p = spd.Lookup(A("1.1.1.1"), A("10.9.0.2"), kUdp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "host-b-after");
    p = spd.Lookup(A("1.1.1.1"), A("10.8.0.3"), kUdp, 1, 2);
    EXPECT_EQ(p, nullptr);
    p = spd.Lookup(A("172.16.9.9"), A("10.8.0.3"), kUdp, 1, 2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "host-c");
}

TEST(SecurityPolicyDatabaseTest, LookupAnyPortsIgnoresPortRanges)
{
    SecurityPolicyDatabase spd;
    IpsecSelector web = Sel("0.0.0.0", "/0", "10.9.0.1", "/32", kTcp);
    web.destinationPortMin = 80;
    web.destinationPortMax = 80;
    spd.Add(Policy("web", web, IpsecPolicyAction::PROTECT, 3));
    spd.Add(Policy("rest", Sel("0.0.0.0", "/0", "0.0.0.0", "/0"), IpsecPolicyAction::BYPASS));
    // With ports: port 22 is not the web entry's.
    const IpsecPolicy* p = spd.Lookup(A("1.1.1.1"), A("10.9.0.1"), kTcp, 1000, 22);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "rest");
    // Without ports: the first entry whose addresses and protocol match.
    p = spd.LookupAnyPorts(A("1.1.1.1"), A("10.9.0.1"), kTcp);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "web");
    p = spd.LookupAnyPorts(A("1.1.1.1"), A("10.9.0.1"), kUdp);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "rest");
}

TEST(SecurityPolicyDatabaseTest, ManyHostEntries)
{
    // 10,000 per-peer entries behind one general entry: every peer finds
    // its own entry, and a destination without one finds the general one.
    SecurityPolicyDatabase spd;
    spd.Add(Policy("ike", Sel("0.0.0.0", "/0", "0.0.0.0", "/0", kUdp), IpsecPolicyAction::BYPASS));
    for (uint32_t i = 0; i < 10000; ++i)
    {
        IpsecSelector s = Sel("172.16.0.0", "/16", "0.0.0.0", "/32");
        s.destination = Ipv4Address(0x0A000000U + i);
        spd.Add(Policy("peer", s, IpsecPolicyAction::PROTECT, 100 + i));
    }
    for (uint32_t i = 0; i < 10000; i += 997)
    {
        const IpsecPolicy* p
            = spd.Lookup(A("172.16.0.1"), Ipv4Address(0x0A000000U + i), kIcmp, 0, 0);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(p->saBundle, 100 + i);
        // UDP matches the earlier general entry first.
        p = spd.Lookup(A("172.16.0.1"), Ipv4Address(0x0A000000U + i), kUdp, 5, 6);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(p->name, "ike");
    }
    EXPECT_EQ(spd.Lookup(A("172.16.0.1"), A("10.1.0.0"), kIcmp, 0, 0), nullptr);
}

TEST(SecurityPolicyDatabaseTest, DefaultAction)
{
    SecurityPolicyDatabase spd;
    EXPECT_EQ(spd.GetDefaultAction(), IpsecPolicyAction::BYPASS); // IOS crypto map behaviour
    EXPECT_EQ(spd.Lookup(A("10.0.0.1"), A("10.0.0.2"), kTcp, 1, 2), nullptr);
    spd.SetDefaultAction(IpsecPolicyAction::DISCARD); // RFC 4301 section 5
    EXPECT_EQ(spd.GetDefaultAction(), IpsecPolicyAction::DISCARD);
    spd.Add(Policy("x", Sel("10.0.0.0", "/8", "10.0.0.0", "/8"), IpsecPolicyAction::PROTECT));
    EXPECT_EQ(spd.Lookup(A("10.0.0.1"), A("10.0.0.2"), kTcp, 1, 2)->action,
              IpsecPolicyAction::PROTECT);
    EXPECT_EQ(spd.GetDefaultAction(), IpsecPolicyAction::DISCARD);
}

TEST(SecurityPolicyDatabaseTest, ActionNames)
{
    EXPECT_EQ(ToString(IpsecPolicyAction::PROTECT), "protect");
    EXPECT_EQ(ToString(IpsecPolicyAction::BYPASS), "bypass");
    EXPECT_EQ(ToString(IpsecPolicyAction::DISCARD), "discard");
}

} // namespace
} // namespace ns3
