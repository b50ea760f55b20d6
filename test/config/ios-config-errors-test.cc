/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Error cases of the IOS configuration parser. Every error names the line
// number (comments and blank lines count), the line text and what was
// expected; the parse stops at the first bad line and never throws.
//
// Reading guide: the ranges are IOS's (crypto isakmp nat keepalive 5-3600 s,
// as the Cisco "IPsec NAT Transparency" text states; ISAKMP lifetime
// 60-86400 s; policy priority 1-10000; crypto map sequence 1-65535).

#include "ns3/ios-config.h"

#include <gtest/gtest.h>

#include <string>

namespace ns3
{
namespace
{

// Six lines, so that the line under test is line 7.
const std::string kHead = "hostname R1\n"                             // 1
                          "!\n"                                       // 2
                          "crypto isakmp policy 1\n"                  // 3
                          " authentication pre-share\n"               // 4
                          "crypto isakmp key 1234 address 10.0.0.1\n" // 5
                          "!\n";                                      // 6

/** \return the error of a configuration that must not parse, as text. */
std::string
Error(const std::string& text)
{
    ConfigResult<IosConfig> r = ParseIosConfig(text);
    EXPECT_FALSE(r.IsOk()) << "parsed:\n" << text;
    return r.IsOk() ? std::string("(parsed)") : r.GetError().ToString();
}

TEST(IosConfigErrors, NatKeepaliveRange)
{
    // The Cisco text: "seconds: 5-3,600".
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive 3\n"),
              "line 7: \"crypto isakmp nat keepalive 3\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive 4000\n"),
              "line 7: \"crypto isakmp nat keepalive 4000\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive 4\n"),
              "line 7: \"crypto isakmp nat keepalive 4\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive 3601\n"),
              "line 7: \"crypto isakmp nat keepalive 3601\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive twenty\n"),
              "line 7: \"crypto isakmp nat keepalive twenty\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive\n"),
              "line 7: \"crypto isakmp nat keepalive\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp nat keepalive 20 30\n"),
              "line 7: \"crypto isakmp nat keepalive 20 30\": keepalive must be 5..3600 seconds");

    ConfigResult<IosConfig> low = ParseIosConfig(kHead + "crypto isakmp nat keepalive 5\n");
    ASSERT_TRUE(low.IsOk());
    EXPECT_EQ(low->natKeepalive, 5U);
    ConfigResult<IosConfig> high = ParseIosConfig(kHead + "crypto isakmp nat keepalive 3600\n");
    ASSERT_TRUE(high.IsOk());
    EXPECT_EQ(high->natKeepalive, 3600U);
}

TEST(IosConfigErrors, UnknownTransformListsTheAllowedOnes)
{
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t1 esp-foo esp-sha-hmac\n"),
              "line 7: \"crypto ipsec transform-set t1 esp-foo esp-sha-hmac\": unknown "
              "transform \"esp-foo\": expected esp-des, esp-3des, esp-aes [128|192|256], "
              "esp-gcm [128|256], esp-null, esp-md5-hmac, esp-sha-hmac, esp-sha256-hmac, "
              "esp-sha384-hmac, esp-sha512-hmac, ah-md5-hmac, ah-sha-hmac or ah-sha256-hmac");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t1 esp-aes 512\n"),
              "line 7: \"crypto ipsec transform-set t1 esp-aes 512\": esp-aes key length must "
              "be 128, 192 or 256, not 512");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t1 esp-gcm 192\n"),
              "line 7: \"crypto ipsec transform-set t1 esp-gcm 192\": esp-gcm key length must "
              "be 128 or 256, not 192");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t1\n"),
              "line 7: \"crypto ipsec transform-set t1\": expected crypto ipsec transform-set "
              "NAME TRANSFORM [TRANSFORM [TRANSFORM]]");
}

TEST(IosConfigErrors, TransformCombinations)
{
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t esp-des esp-aes 256 esp-sha-hmac\n"),
              "line 7: \"crypto ipsec transform-set t esp-des esp-aes 256 esp-sha-hmac\": more "
              "than one ESP cipher (esp-des and esp-aes 256): a transform set has at most one");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t esp-aes esp-sha-hmac esp-md5-hmac\n"),
              "line 7: \"crypto ipsec transform-set t esp-aes esp-sha-hmac esp-md5-hmac\": more "
              "than one ESP authentication transform (esp-sha-hmac and esp-md5-hmac): a "
              "transform set has at most one");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t ah-sha-hmac ah-md5-hmac\n"),
              "line 7: \"crypto ipsec transform-set t ah-sha-hmac ah-md5-hmac\": more than one "
              "AH transform (ah-sha-hmac and ah-md5-hmac): a transform set has at most one");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t esp-gcm 256 esp-sha-hmac\n"),
              "line 7: \"crypto ipsec transform-set t esp-gcm 256 esp-sha-hmac\": esp-gcm is a "
              "combined-mode cipher with its own integrity: remove esp-sha-hmac");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t esp-null\n"),
              "line 7: \"crypto ipsec transform-set t esp-null\": esp-null needs an ESP "
              "authentication transform: ESP without confidentiality and integrity is not "
              "allowed (RFC 4303)");
    EXPECT_EQ(Error(kHead + "crypto ipsec transform-set t esp-aes\n mode tunel\n"),
              "line 8: \"mode tunel\": mode must be tunnel or transport");
}

TEST(IosConfigErrors, IsakmpPolicyValues)
{
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n lifetime 59\n"),
              "line 8: \"lifetime 59\": lifetime must be 60..86400 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n lifetime 86401\n"),
              "line 8: \"lifetime 86401\": lifetime must be 60..86400 seconds");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 0\n"),
              "line 7: \"crypto isakmp policy 0\": policy priority must be 1..10000: expected "
              "crypto isakmp policy N");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 10001\n"),
              "line 7: \"crypto isakmp policy 10001\": policy priority must be 1..10000: "
              "expected crypto isakmp policy N");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n group 24\n"),
              "line 8: \"group 24\": group must be one of 1, 2, 5, 14, 19, 20, 31");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n encryption aes 512\n"),
              "line 8: \"encryption aes 512\": encryption must be des, 3des or aes "
              "[128|192|256]");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n hash sha1\n"),
              "line 8: \"hash sha1\": hash must be md5, sha, sha256, sha384 or sha512");
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n authentication rsa-encr\n"),
              "line 8: \"authentication rsa-encr\": authentication must be pre-share or rsa-sig");
}

TEST(IosConfigErrors, BadAddresses)
{
    EXPECT_EQ(Error(kHead + "crypto isakmp key 1234 address 10.0.0.256\n"),
              "line 7: \"crypto isakmp key 1234 address 10.0.0.256\": \"10.0.0.256\" is not an "
              "IPv4 address: expected crypto isakmp key KEY address a.b.c.d [MASK]");
    EXPECT_EQ(Error(kHead + "crypto isakmp key 1234 address 10.0.0.0 255.0.255.0\n"),
              "line 7: \"crypto isakmp key 1234 address 10.0.0.0 255.0.255.0\": \"255.0.255.0\" "
              "is not a contiguous network mask: expected a network mask such as 255.255.255.0 "
              "after the address");
    EXPECT_EQ(Error(kHead + "crypto map m 10 ipsec-isakmp\n set peer 10.0.0\n"),
              "line 8: \"set peer 10.0.0\": \"10.0.0\" is not an IPv4 address: expected set "
              "peer a.b.c.d");
    EXPECT_EQ(Error(kHead + "interface Gi0/0\n ip address 10.0.0.1 255.255.0.255\n"),
              "line 8: \"ip address 10.0.0.1 255.255.0.255\": \"255.255.0.255\" is not a "
              "contiguous network mask: expected ip address a.b.c.d MASK");
    EXPECT_EQ(Error(kHead + "interface Gi0/0\n ip address dhcp\n"),
              "line 8: \"ip address dhcp\": only a static address is supported: expected ip "
              "address a.b.c.d MASK");
}

TEST(IosConfigErrors, NonContiguousWildcard)
{
    EXPECT_EQ(Error(kHead + "access-list 101 permit ip 10.0.0.0 0.0.255.0 any\n"),
              "line 7: \"access-list 101 permit ip 10.0.0.0 0.0.255.0 any\": non-contiguous "
              "wildcard 0.0.255.0 in the source: an IPsec selector is a prefix, so the wildcard "
              "must be 2^n-1 (e.g. 0.0.0.255)");
    EXPECT_EQ(Error(kHead + "ip access-list extended VPN\n permit ip any 10.0.0.0 0.255.0.255\n"),
              "line 8: \"permit ip any 10.0.0.0 0.255.0.255\": non-contiguous wildcard "
              "0.255.0.255 in the destination: an IPsec selector is a prefix, so the wildcard "
              "must be 2^n-1 (e.g. 0.0.0.255)");
}

TEST(IosConfigErrors, UnknownCommand)
{
    EXPECT_EQ(Error(kHead + "router ospf 1\n"),
              "line 7: \"router ospf 1\": unknown command: expected hostname, crypto isakmp ..., "
              "crypto ipsec ..., crypto map ..., access-list, ip access-list extended, "
              "interface, no crypto ipsec nat-transparency udp-encapsulation or end");
    EXPECT_EQ(Error(kHead + "crypto isakmp keepalive 10\n"),
              "line 7: \"crypto isakmp keepalive 10\": unknown crypto isakmp command: expected "
              "crypto isakmp policy N, key KEY address A [MASK], key KEY hostname H, nat "
              "keepalive SECONDS or identity address|hostname");
    EXPECT_EQ(Error(kHead + "crypto pki trustpoint TP\n"),
              "line 7: \"crypto pki trustpoint TP\": unknown crypto command: expected crypto "
              "isakmp, crypto ipsec or crypto map");
    EXPECT_EQ(Error(kHead + "no ip routing\n"),
              "line 7: \"no ip routing\": unknown command: the global no commands are no crypto "
              "ipsec nat-transparency udp-encapsulation and no crypto isakmp nat keepalive");
    // Abbreviations are not accepted.
    EXPECT_EQ(Error(kHead + "cry isakmp nat keepalive 20\n"),
              "line 7: \"cry isakmp nat keepalive 20\": unknown command: expected hostname, "
              "crypto isakmp ..., crypto ipsec ..., crypto map ..., access-list, ip access-list "
              "extended, interface, no crypto ipsec nat-transparency udp-encapsulation or end");
}

TEST(IosConfigErrors, SubModeLineOutsideAMode)
{
    // Indented, with nothing open above it.
    EXPECT_EQ(Error(" set peer 10.0.0.1\n"),
              "line 1: \"set peer 10.0.0.1\": sub-mode command outside a mode: \"set\" belongs "
              "under crypto map NAME SEQ ipsec-isakmp");
    // A global command (line 5) closed the policy opened on line 3.
    EXPECT_EQ(Error(kHead + " hash sha256\n"),
              "line 7: \"hash sha256\": sub-mode command outside a mode: \"hash\" belongs under "
              "crypto isakmp policy N");
    // Unindented, after a global command.
    EXPECT_EQ(Error(kHead + "match address 101\n"),
              "line 7: \"match address 101\": sub-mode command outside a mode: \"match\" "
              "belongs under crypto map NAME SEQ ipsec-isakmp");
    EXPECT_EQ(Error(kHead + "no shutdown\n"),
              "line 7: \"no shutdown\": sub-mode command outside a mode: \"no shutdown\" belongs "
              "under interface NAME");
    EXPECT_EQ(Error(kHead + " frobnicate\n"),
              "line 7: \"frobnicate\": indented line outside a mode: expected it under crypto "
              "isakmp policy, crypto ipsec transform-set, crypto map, interface or ip "
              "access-list extended (global commands are not indented)");
    // A command of another sub-mode, indented under the wrong one.
    EXPECT_EQ(Error(kHead + "crypto isakmp policy 2\n set peer 10.0.0.1\n"),
              "line 8: \"set peer 10.0.0.1\": not a crypto isakmp policy command: expected "
              "encryption, hash, authentication, group, lifetime or exit");
    // exit closes the mode.
    EXPECT_EQ(Error(kHead + "crypto map m 10 ipsec-isakmp\n exit\n set peer 10.0.0.1\n"),
              "line 9: \"set peer 10.0.0.1\": sub-mode command outside a mode: \"set\" belongs "
              "under crypto map NAME SEQ ipsec-isakmp");
}

TEST(IosConfigErrors, CryptoMapLines)
{
    EXPECT_EQ(Error(kHead + "crypto map test2\n"),
              "line 7: \"crypto map test2\": crypto map NAME needs a sequence number here: "
              "expected crypto map NAME SEQ ipsec-isakmp (crypto map NAME alone belongs under "
              "interface NAME)");
    EXPECT_EQ(Error(kHead + "crypto map m 10 ipsec-manual\n"),
              "line 7: \"crypto map m 10 ipsec-manual\": only ipsec-isakmp crypto map entries "
              "are supported: expected crypto map NAME SEQ ipsec-isakmp");
    EXPECT_EQ(Error(kHead + "crypto map m 70000 ipsec-isakmp\n"),
              "line 7: \"crypto map m 70000 ipsec-isakmp\": sequence number must be 1..65535: "
              "expected crypto map NAME SEQ ipsec-isakmp");
    EXPECT_EQ(Error(kHead + "crypto map m 10 ipsec-isakmp\n match address 99\n"),
              "line 8: \"match address 99\": a crypto ACL is an extended access list: 100-199, "
              "2000-2699 or a name");
    EXPECT_EQ(Error(kHead + "crypto map m 10 ipsec-isakmp\n set pfs group24\n"),
              "line 8: \"set pfs group24\": set pfs group must be group1, group2, group5, "
              "group14, group19 or group20");
    EXPECT_EQ(Error(kHead
                    + "crypto map m 10 ipsec-isakmp\n set security-association lifetime "
                      "seconds 60\n"),
              "line 8: \"set security-association lifetime seconds 60\": lifetime seconds must "
              "be 120..86400");
    EXPECT_EQ(Error(kHead + "access-list 99 permit ip any any\n"),
              "line 7: \"access-list 99 permit ip any any\": access-list number must be 100-199 "
              "or 2000-2699 (extended access lists)");
    EXPECT_EQ(Error(kHead + "crypto isakmp key 6 AbCd address 10.0.0.2\n"),
              "line 7: \"crypto isakmp key 6 AbCd address 10.0.0.2\": type 6 (encrypted) keys "
              "are not supported: write the key in clear (type 0)");
}

TEST(IosConfigErrors, SemanticErrorsAfterParsing)
{
    // The map names a transform set nobody defined: blamed on the set line.
    EXPECT_EQ(Error(kHead
                    + "crypto ipsec transform-set t2 esp-des esp-sha-hmac\n" // 7
                      "crypto map test2 10 ipsec-isakmp\n"                   // 8
                      " set peer 10.0.0.1\n"                                 // 9
                      " set transform-set t3\n"                              // 10
                      " match address 101\n"),                               // 11
              "line 10: \"set transform-set t3\": transform-set t3 is not defined (no crypto "
              "ipsec transform-set t3)");
    // Transform-set names are case-sensitive, as in IOS.
    EXPECT_EQ(Error(kHead
                    + "crypto ipsec transform-set t2 esp-des esp-sha-hmac\n"
                      "crypto map test2 10 ipsec-isakmp\n"
                      " set peer 10.0.0.1\n"
                      " set transform-set T2\n"),
              "line 10: \"set transform-set T2\": transform-set T2 is not defined (no crypto "
              "ipsec transform-set T2)");
    // A map entry without a peer: blamed on the crypto map line.
    EXPECT_EQ(Error(kHead
                    + "crypto ipsec transform-set t2 esp-des esp-sha-hmac\n"
                      "crypto map test2 10 ipsec-isakmp\n"
                      " set transform-set t2\n"),
              "line 8: \"crypto map test2 10 ipsec-isakmp\": crypto map test2 10 has no set peer");
    // An interface naming a map nobody defined.
    EXPECT_EQ(Error(kHead
                    + "interface GigabitEthernet0/0\n"
                      " ip address 10.0.0.2 255.255.255.0\n"
                      " crypto map VPN\n"),
              "line 9: \"crypto map VPN\": crypto map VPN is not defined (no crypto map VPN SEQ "
              "ipsec-isakmp)");
}

TEST(IosConfigErrors, FirstBadLineWinsAndLinesCountComments)
{
    EXPECT_EQ(Error("!\n"
                    "\n"
                    "! a comment\n"
                    "hostname R1\n"
                    "crypto isakmp nat keepalive 2\n"
                    "crypto isakmp nat keepalive 1\n"
                    "bogus\n"),
              "line 5: \"crypto isakmp nat keepalive 2\": keepalive must be 5..3600 seconds");
    EXPECT_EQ(Error("hostname R1\r\n\r\n   crypto isakmp nat keepalive 9999   \r\n"),
              "line 3: \"crypto isakmp nat keepalive 9999\": indented line outside a mode: "
              "expected it under crypto isakmp policy, crypto ipsec transform-set, crypto map, "
              "interface or ip access-list extended (global commands are not indented)");
}

} // namespace
} // namespace ns3
