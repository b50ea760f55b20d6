/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of the extended-ACL clause parser: each IOS access-list entry
// becomes one IpsecSelector (RFC 4301 section 4.4.1.1), permit meaning
// PROTECT and deny BYPASS, as an IOS crypto ACL reads.
//
// Reading guide: an IOS wildcard is an inverse mask (0.0.0.255 is /24);
// `host A` is A 0.0.0.0; `any` is 0.0.0.0 255.255.255.255. Ports follow the
// address they belong to and exist for tcp and udp only.

#include "ns3/ios-acl.h"
#include "ns3/ios-config-common.h"

#include <gtest/gtest.h>

#include <string>

namespace ns3
{
namespace
{
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

Ipv4Address
A(const char* text)
{
    return Ipv4Address(text);
}

/** Parse a clause that must be valid. */
AclEntry
Ok(const std::string& clause)
{
    ConfigResult<AclEntry> r = ParseAclEntry(clause);
    EXPECT_TRUE(r.IsOk()) << clause << ": " << r.GetError().ToString();
    return r.IsOk() ? r.Value() : AclEntry{};
}

/** Parse a clause that must fail; return the message. */
std::string
Err(const std::string& clause)
{
    ConfigResult<AclEntry> r = ParseAclEntry(clause);
    EXPECT_FALSE(r.IsOk()) << clause << " parsed";
    return r.IsOk() ? std::string() : r.GetError().message;
}

TEST(IosConfigAcl, WildcardPrefixBothWays)
{
    AclEntry e = Ok("permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255");
    EXPECT_EQ(e.action, AclAction::PERMIT);
    EXPECT_EQ(e.ToPolicyAction(), IpsecPolicyAction::PROTECT);
    EXPECT_EQ(e.selector.source, A("10.1.0.0"));
    EXPECT_EQ(e.selector.sourceMask.GetPrefixLength(), 16);
    EXPECT_EQ(e.selector.destination, A("10.2.0.0"));
    EXPECT_EQ(e.selector.destinationMask.GetPrefixLength(), 16);
    EXPECT_EQ(e.selector.protocol, 0);
    EXPECT_TRUE(e.selector.AnyPorts());
    EXPECT_TRUE(e.selector.Matches(A("10.1.7.7"), A("10.2.9.9"), kIcmp, 0, 0));
    EXPECT_FALSE(e.selector.Matches(A("10.3.7.7"), A("10.2.9.9"), kIcmp, 0, 0));
}

TEST(IosConfigAcl, HostAndAny)
{
    AclEntry e = Ok("permit tcp host 10.1.1.1 any");
    EXPECT_EQ(e.selector.source, A("10.1.1.1"));
    EXPECT_EQ(e.selector.sourceMask.GetPrefixLength(), 32);
    EXPECT_EQ(e.selector.destination, Ipv4Address::GetAny());
    EXPECT_EQ(e.selector.destinationMask.GetPrefixLength(), 0);
    EXPECT_EQ(e.selector.protocol, kTcp);
    EXPECT_TRUE(e.selector.Matches(A("10.1.1.1"), A("8.8.8.8"), kTcp, 1, 2));
    EXPECT_FALSE(e.selector.Matches(A("10.1.1.2"), A("8.8.8.8"), kTcp, 1, 2));
    EXPECT_FALSE(e.selector.Matches(A("10.1.1.1"), A("8.8.8.8"), kUdp, 1, 2));
}

TEST(IosConfigAcl, WildcardClearsHostBits)
{
    // IOS shows "10.1.1.7 0.0.0.255" as 10.1.1.0 0.0.0.255.
    AclEntry e = Ok("permit ip 10.1.1.7 0.0.0.255 host 10.2.2.2");
    EXPECT_EQ(e.selector.source, A("10.1.1.0"));
    EXPECT_EQ(e.selector.sourceMask.GetPrefixLength(), 24);
    EXPECT_EQ(e.selector.destinationMask.GetPrefixLength(), 32);
}

TEST(IosConfigAcl, PortsAfterSourceAndDestination)
{
    AclEntry e = Ok("permit udp host 192.0.2.1 eq 500 host 192.0.2.2 eq isakmp");
    EXPECT_EQ(e.selector.protocol, kUdp);
    EXPECT_EQ(e.selector.sourcePortMin, 500);
    EXPECT_EQ(e.selector.sourcePortMax, 500);
    EXPECT_EQ(e.selector.destinationPortMin, 500);
    EXPECT_EQ(e.selector.destinationPortMax, 500);

    AclEntry d = Ok("permit tcp 10.1.0.0 0.0.255.255 any eq 443");
    EXPECT_EQ(d.selector.sourcePortMin, 0);
    EXPECT_EQ(d.selector.sourcePortMax, 65535);
    EXPECT_EQ(d.selector.destinationPortMin, 443);
    EXPECT_EQ(d.selector.destinationPortMax, 443);
    EXPECT_TRUE(d.selector.Matches(A("10.1.5.5"), A("8.8.8.8"), kTcp, 40000, 443));
    EXPECT_FALSE(d.selector.Matches(A("10.1.5.5"), A("8.8.8.8"), kTcp, 40000, 80));

    AclEntry r = Ok("permit udp any range 1000 2000 any gt 1023");
    EXPECT_EQ(r.selector.sourcePortMin, 1000);
    EXPECT_EQ(r.selector.sourcePortMax, 2000);
    EXPECT_EQ(r.selector.destinationPortMin, 1024);
    EXPECT_EQ(r.selector.destinationPortMax, 65535);

    AclEntry lt = Ok("permit tcp any lt 1024 any eq non500-isakmp");
    EXPECT_EQ(lt.selector.sourcePortMin, 0);
    EXPECT_EQ(lt.selector.sourcePortMax, 1023);
    EXPECT_EQ(lt.selector.destinationPortMin, 4500);
    EXPECT_EQ(lt.selector.destinationPortMax, 4500);
}

TEST(IosConfigAcl, Protocols)
{
    AclEntry deny = Ok("deny icmp any any");
    EXPECT_EQ(deny.action, AclAction::DENY);
    EXPECT_EQ(deny.ToPolicyAction(), IpsecPolicyAction::BYPASS);
    EXPECT_EQ(deny.selector.protocol, kIcmp);
    EXPECT_EQ(Ok("permit esp any any").selector.protocol, 50);
    EXPECT_EQ(Ok("permit ahp any any").selector.protocol, 51);
    EXPECT_EQ(Ok("permit gre any any").selector.protocol, 47);
    EXPECT_EQ(Ok("permit 89 any any").selector.protocol, 89);
    EXPECT_EQ(Ok("PERMIT UDP ANY ANY EQ 4500").selector.destinationPortMin, 4500);
}

TEST(IosConfigAcl, Errors)
{
    EXPECT_EQ(Err("permit ip 10.0.0.0 0.0.255.0 any"),
              "non-contiguous wildcard 0.0.255.0 in the source: an IPsec selector is a prefix, "
              "so the wildcard must be 2^n-1 (e.g. 0.0.0.255)");
    EXPECT_EQ(Err("permit ip any 10.0.0.0 255.0.0.0"),
              "non-contiguous wildcard 255.0.0.0 in the destination: an IPsec selector is a "
              "prefix, so the wildcard must be 2^n-1 (e.g. 0.0.0.255)");
    EXPECT_EQ(Err("permit ip 10.0.0.0 any"),
              "expected a wildcard mask after 10.0.0.0 (or host 10.0.0.0) as the source, not "
              "\"any\"");
    EXPECT_EQ(Err("permit ip any any eq 80"),
              "a destination port match (eq) needs protocol tcp or udp");
    EXPECT_EQ(Err("permit tcp any neq 80 any"),
              "neq has no IPsec selector equivalent (a selector holds one port range): use eq, "
              "range, lt or gt");
    EXPECT_EQ(Err("permit tcp any any eq 70000"),
              "the destination port after eq must be a port 0..65535 or a port name, not "
              "\"70000\"");
    EXPECT_EQ(Err("permit udp any range 2000 1000 any"),
              "range 2000 1000 is empty (low end above high end)");
    EXPECT_EQ(Err("permit foo any any"),
              "unknown protocol \"foo\": expected ip, tcp, udp, icmp, esp, ahp, gre or a protocol "
              "number 0..255");
    EXPECT_EQ(Err("permit 256 any any"),
              "unknown protocol \"256\": expected ip, tcp, udp, icmp, esp, ahp, gre or a protocol "
              "number 0..255");
    EXPECT_EQ(Err("allow ip any any"), "expected permit or deny, not \"allow\"");
    EXPECT_EQ(Err("permit icmp any any echo"),
              "unexpected \"echo\" after the destination: expected nothing more (ports only as "
              "eq, range, lt or gt after tcp or udp addresses)");
    EXPECT_EQ(Err("permit ip host 10.0.0.300 any"),
              "\"10.0.0.300\" is not an IPv4 address: expected host a.b.c.d as the source");
    EXPECT_EQ(Err("permit ip any"), "missing destination: expected any, host A or A WILDCARD");
}

TEST(IosConfigAcl, ToPoliciesKeepsOrderAndActions)
{
    AccessList acl;
    acl.name = "101";
    acl.entries.push_back(Ok("deny udp any eq 500 any eq 500"));
    acl.entries.push_back(Ok("permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255"));
    auto policies = acl.ToPolicies("crypto map VPN 10");
    ASSERT_EQ(policies.size(), 2U);
    EXPECT_EQ(policies[0].action, IpsecPolicyAction::BYPASS);
    EXPECT_EQ(policies[0].selector.protocol, kUdp);
    EXPECT_EQ(policies[1].action, IpsecPolicyAction::PROTECT);
    EXPECT_EQ(policies[1].name, "crypto map VPN 10");
    EXPECT_EQ(policies[1].selector.destination, A("10.2.0.0"));
}

TEST(IosConfigAcl, ExtendedNumbers)
{
    EXPECT_TRUE(IsExtendedAclNumber("100"));
    EXPECT_TRUE(IsExtendedAclNumber("199"));
    EXPECT_TRUE(IsExtendedAclNumber("2000"));
    EXPECT_TRUE(IsExtendedAclNumber("2699"));
    EXPECT_FALSE(IsExtendedAclNumber("99"));
    EXPECT_FALSE(IsExtendedAclNumber("200"));
    EXPECT_FALSE(IsExtendedAclNumber("2700"));
    EXPECT_FALSE(IsExtendedAclNumber("VPN"));
}

TEST(IosConfigLex, AddressesMasksWildcards)
{
    EXPECT_EQ(IosLex::ParseAddress("10.0.0.1"), A("10.0.0.1"));
    EXPECT_EQ(IosLex::ParseAddress("255.255.255.255"), A("255.255.255.255"));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0.256"));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0"));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0.1."));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0.01"));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0.-1"));
    EXPECT_FALSE(IosLex::ParseAddress("10.0.0.1x"));
    EXPECT_FALSE(IosLex::ParseAddress(""));
    EXPECT_TRUE(IosLex::IsContiguousMask(A("255.255.255.0")));
    EXPECT_TRUE(IosLex::IsContiguousMask(A("0.0.0.0")));
    EXPECT_TRUE(IosLex::IsContiguousMask(A("255.255.255.255")));
    EXPECT_FALSE(IosLex::IsContiguousMask(A("255.0.255.0")));
    EXPECT_FALSE(IosLex::IsContiguousMask(A("0.0.0.255")));
    EXPECT_EQ(IosLex::WildcardToMask(A("0.0.0.255"))->GetPrefixLength(), 24);
    EXPECT_EQ(IosLex::WildcardToMask(A("0.0.0.0"))->GetPrefixLength(), 32);
    EXPECT_EQ(IosLex::WildcardToMask(A("255.255.255.255"))->GetPrefixLength(), 0);
    EXPECT_FALSE(IosLex::WildcardToMask(A("0.0.255.0")));
    EXPECT_FALSE(IosLex::WildcardToMask(A("255.255.255.0")));
    EXPECT_EQ(IosLex::ParseUnsigned("18446744073709551615"), std::nullopt); // 20 digits
    EXPECT_EQ(IosLex::ParseUnsigned("4294967295"), 4294967295ULL);
    EXPECT_FALSE(IosLex::ParseUnsigned("+5"));
}

} // namespace
} // namespace ns3
