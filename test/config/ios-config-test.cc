/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of the IOS configuration parser: the example configuration of
// Cisco's "IPsec NAT Transparency" text (NAT keepalive example), a full
// two-router configuration, IOS defaults, transform-set conversion to
// IpsecTransform names, pre-shared key lookup and the semantic check.
//
// Reading guide: IOS defaults (ISAKMP policy: des, sha, rsa-sig, group 1,
// 86400 s; IPsec SA: 3600 s, 4608000 KB; transform-set mode tunnel; NAT-T
// on; identity address). The Cisco example is printed without the
// indentation IOS shows in running-config; IOS reads the sub-mode lines the
// same either way, and so does the parser.

#include "ns3/ios-config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace ns3
{
namespace
{

Ipv4Address
A(const char* text)
{
    return Ipv4Address(text);
}

/** Parse a configuration that must be valid. */
IosConfig
MustParse(const std::string& text)
{
    ConfigResult<IosConfig> r = ParseIosConfig(text);
    EXPECT_TRUE(r.IsOk()) << r.GetError().ToString();
    return r.IsOk() ? r.Value() : IosConfig{};
}

/** Compare every field of two selectors. */
void
ExpectSameSelector(const IpsecSelector& a, const IpsecSelector& b)
{
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.sourceMask, b.sourceMask);
    EXPECT_EQ(a.destination, b.destination);
    EXPECT_EQ(a.destinationMask, b.destinationMask);
    EXPECT_EQ(a.protocol, b.protocol);
    EXPECT_EQ(a.sourcePortMin, b.sourcePortMin);
    EXPECT_EQ(a.sourcePortMax, b.sourcePortMax);
    EXPECT_EQ(a.destinationPortMin, b.destinationPortMin);
    EXPECT_EQ(a.destinationPortMax, b.destinationPortMax);
}

// Lines 321-332 of the Cisco text, unchanged (no indentation, `!` lines).
const char* const kCiscoExample = "crypto isakmp policy 1\n"
                                  "authentication pre-share\n"
                                  "crypto isakmp key 1234 address 10.0.0.1\n"
                                  "crypto isakmp nat keepalive 20\n"
                                  "!\n"
                                  "!\n"
                                  "crypto ipsec transform-set t2 esp-des esp-sha-hmac\n"
                                  "!\n"
                                  "crypto map test2 10 ipsec-isakmp\n"
                                  "set peer 10.0.0.1\n"
                                  "set transform-set t2\n"
                                  "match address 101\n";

TEST(IosConfigCiscoExample, ParsesUnchanged)
{
    IosConfig c = MustParse(kCiscoExample);

    ASSERT_EQ(c.policies.size(), 1U);
    const IsakmpPolicy& p = c.policies.at(1);
    EXPECT_EQ(p.priority, 1U);
    EXPECT_EQ(p.authentication, IsakmpAuthentication::PRE_SHARE);
    EXPECT_EQ(p.source.line, 1U);
    // Everything else the example leaves at the IOS defaults.
    EXPECT_EQ(p.encryption, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(p.encryptionKeyBits, 0);
    EXPECT_EQ(p.hash, HashAlgorithm::SHA1);
    EXPECT_EQ(p.group, 1);
    EXPECT_EQ(p.lifetimeSeconds, 86400U);

    ASSERT_EQ(c.keys.size(), 1U);
    EXPECT_EQ(c.keys[0].key, "1234");
    EXPECT_FALSE(c.keys[0].byHostname);
    EXPECT_EQ(c.keys[0].address, A("10.0.0.1"));
    EXPECT_EQ(c.keys[0].mask, Ipv4Mask::GetOnes());
    EXPECT_EQ(c.FindKeyForAddress(A("10.0.0.1")), &c.keys[0]);
    EXPECT_EQ(c.FindKeyForAddress(A("10.0.0.2")), nullptr);

    EXPECT_EQ(c.natKeepalive, 20U);
    EXPECT_TRUE(c.natTraversal);

    ASSERT_EQ(c.transformSets.count("t2"), 1U);
    const TransformSet& ts = c.transformSets.at("t2");
    EXPECT_EQ(ts.transforms, (std::vector<std::string>{"esp-des", "esp-sha-hmac"}));
    EXPECT_EQ(ts.espCipher, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(ts.espIntegrity, IntegrityAlgorithm::HMAC_SHA1_96);
    EXPECT_FALSE(ts.ahIntegrity);
    EXPECT_EQ(ts.mode, IpsecMode::TUNNEL);
    auto names = ts.ToIpsecTransform();
    ASSERT_TRUE(names.IsOk()) << names.GetError().ToString();
    EXPECT_EQ(names->protocol, IpsecProtocol::ESP);
    EXPECT_EQ(names->cipher, "des");
    EXPECT_EQ(names->integrity, "sha1");
    EXPECT_EQ(names->mode, IpsecMode::TUNNEL);

    ASSERT_EQ(c.cryptoMaps.count("test2"), 1U);
    ASSERT_EQ(c.cryptoMaps.at("test2").size(), 1U);
    const CryptoMapEntry* e = c.FindCryptoMapEntry("test2", 10);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->peers, (std::vector<Ipv4Address>{A("10.0.0.1")}));
    EXPECT_EQ(e->transformSets, (std::vector<std::string>{"t2"}));
    EXPECT_EQ(e->matchAddress, "101");
    EXPECT_FALSE(e->pfsGroup);
    EXPECT_EQ(e->EffectiveLifetime(c.saLifetime).seconds, 3600U);
    EXPECT_EQ(e->EffectiveLifetime(c.saLifetime).kilobytes, 4608000U);

    EXPECT_TRUE(c.acls.empty());
    EXPECT_TRUE(c.interfaces.empty());
    // IOS accepts a match address to an ACL that does not exist: a warning.
    ASSERT_EQ(c.warnings.size(), 1U);
    EXPECT_EQ(c.warnings[0].ToString(),
              "line 12: \"match address 101\": access-list 101 is not defined: IOS accepts "
              "this, but the map protects no traffic until it is");
}

TEST(IosConfigCiscoExample, SameTextAsTheSeed)
{
    // The embedded text is the Cisco text's, byte for byte. The seed is
    // outside the module; without it there is nothing to compare.
    const char* env = std::getenv("IPSEC_NAT_SEED");
    std::string path = env ? env : "/work/shared/seed/000_b020528d8745fc3b.txt";
    std::ifstream in(path);
    if (!in)
    {
        GTEST_SKIP() << "seed text not found at " << path;
    }
    std::stringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    std::size_t at = text.find("crypto isakmp policy 1\n");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(text.substr(at, std::string(kCiscoExample).size()), kCiscoExample);
}

TEST(IosConfigCiscoExample, IndentedAsRunningConfigIsTheSame)
{
    IosConfig c = MustParse("crypto isakmp policy 1\n"
                            " authentication pre-share\n"
                            "crypto isakmp key 1234 address 10.0.0.1\n"
                            "crypto isakmp nat keepalive 20\n"
                            "!\n"
                            "!\n"
                            "crypto ipsec transform-set t2 esp-des esp-sha-hmac\n"
                            "!\n"
                            "crypto map test2 10 ipsec-isakmp\n"
                            " set peer 10.0.0.1\n"
                            " set transform-set t2\n"
                            " match address 101\n");
    EXPECT_EQ(c.policies.at(1).authentication, IsakmpAuthentication::PRE_SHARE);
    EXPECT_EQ(c.FindCryptoMapEntry("test2", 10)->transformSets.size(), 1U);
    EXPECT_EQ(c.warnings.size(), 1U);
}

// A two-router site-to-site VPN: R1 behind a NAT (inside 192.168.1.2, seen
// as 203.0.113.1), R2 on the public side.
const char* const kR1 = R"(hostname R1
!
crypto isakmp policy 20
 encryption aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp policy 10
 encryption 3des
 hash md5
 authentication pre-share
 group 2
crypto isakmp key vpnsecret address 203.0.113.2
crypto isakmp key backup address 0.0.0.0 0.0.0.0
crypto isakmp nat keepalive 20
!
crypto ipsec transform-set AES256 esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto ipsec transform-set GCM esp-gcm 256
crypto ipsec security-association lifetime seconds 7200
!
crypto map VPN 20 ipsec-isakmp
 set peer 198.51.100.9
 set transform-set GCM
 match address TO-DC
crypto map VPN 10 ipsec-isakmp
 set peer 203.0.113.2
 set transform-set AES256 GCM
 set pfs group14
 set security-association lifetime seconds 1800
 match address 101
!
access-list 101 remark LAN A to LAN B
access-list 101 deny udp host 192.168.1.2 eq isakmp any
access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
ip access-list extended TO-DC
 remark web only
 permit tcp 10.1.0.0 0.0.255.255 host 172.16.0.5 eq 443
!
interface GigabitEthernet0/0
 description uplink to the NAT
 ip address 192.168.1.2 255.255.255.0
 crypto map VPN
 no shutdown
interface GigabitEthernet0/1
 ip address 10.1.0.1 255.255.0.0
!
end
)";

const char* const kR2 = R"(hostname R2
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp key vpnsecret address 203.0.113.1
crypto isakmp nat keepalive 20
crypto isakmp identity address
no crypto ipsec nat-transparency udp-encapsulation
crypto ipsec transform-set AES256 esp-aes 256 esp-sha256-hmac
crypto map VPN 10 ipsec-isakmp
 set peer 203.0.113.1
 set transform-set AES256
 set pfs group14
 match address 101
access-list 101 permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255
interface GigabitEthernet0/0
 ip address 203.0.113.2 255.255.255.0
 crypto map VPN
interface GigabitEthernet0/1
 ip address 10.2.0.1 255.255.0.0
end
)";

TEST(IosConfigTwoRouters, RouterOne)
{
    IosConfig c = MustParse(kR1);
    EXPECT_EQ(c.hostname, "R1");
    EXPECT_TRUE(c.warnings.empty()) << c.warnings.front().ToString();

    ASSERT_EQ(c.policies.size(), 2U);
    EXPECT_EQ(c.policies.begin()->first, 10U); // by priority, not order written
    const IsakmpPolicy& p20 = c.policies.at(20);
    EXPECT_EQ(p20.encryption, EncryptionAlgorithm::AES_CBC);
    EXPECT_EQ(p20.encryptionKeyBits, 256);
    EXPECT_EQ(p20.hash, HashAlgorithm::SHA2_256);
    EXPECT_EQ(p20.group, 14);
    EXPECT_EQ(p20.lifetimeSeconds, 28800U);
    const IsakmpPolicy& p10 = c.policies.at(10);
    EXPECT_EQ(p10.encryption, EncryptionAlgorithm::TRIPLE_DES_CBC);
    EXPECT_EQ(p10.hash, HashAlgorithm::MD5);
    EXPECT_EQ(p10.group, 2);
    EXPECT_EQ(p10.lifetimeSeconds, 86400U);

    EXPECT_EQ(c.FindKeyForAddress(A("203.0.113.2"))->key, "vpnsecret");
    EXPECT_EQ(c.FindKeyForAddress(A("198.51.100.9"))->key, "backup");
    EXPECT_EQ(c.saLifetime.seconds, 7200U);
    EXPECT_EQ(c.saLifetime.kilobytes, 4608000U);

    const TransformSet& gcm = c.transformSets.at("GCM");
    EXPECT_EQ(gcm.transforms, (std::vector<std::string>{"esp-gcm 256"}));
    EXPECT_EQ(gcm.ToIpsecTransform()->cipher, "aes256gcm");
    EXPECT_EQ(gcm.ToIpsecTransform()->integrity, "none");
    EXPECT_EQ(c.transformSets.at("AES256").ToIpsecTransform()->cipher, "aes256");
    EXPECT_EQ(c.transformSets.at("AES256").ToIpsecTransform()->integrity, "sha256");

    // Entries sorted by sequence number, whatever order they were written in.
    const auto& vpn = c.cryptoMaps.at("VPN");
    ASSERT_EQ(vpn.size(), 2U);
    EXPECT_EQ(vpn[0].sequence, 10U);
    EXPECT_EQ(vpn[1].sequence, 20U);
    EXPECT_EQ(vpn[0].transformSets, (std::vector<std::string>{"AES256", "GCM"}));
    EXPECT_EQ(vpn[0].pfsGroup, 14);
    EXPECT_EQ(vpn[0].EffectiveLifetime(c.saLifetime).seconds, 1800U);
    EXPECT_EQ(vpn[1].EffectiveLifetime(c.saLifetime).seconds, 7200U);
    EXPECT_EQ(vpn[1].matchAddress, "TO-DC");

    const AccessList& acl = c.acls.at("101");
    ASSERT_EQ(acl.entries.size(), 2U); // the remark is not an entry
    EXPECT_EQ(acl.entries[0].action, AclAction::DENY);
    EXPECT_EQ(acl.entries[0].selector.sourcePortMin, 500);
    EXPECT_EQ(acl.entries[0].source.line, 35U);
    EXPECT_EQ(acl.entries[1].selector.source, A("10.1.0.0"));
    const AccessList& dc = c.acls.at("TO-DC");
    ASSERT_EQ(dc.entries.size(), 1U);
    EXPECT_EQ(dc.entries[0].selector.destination, A("172.16.0.5"));
    EXPECT_EQ(dc.entries[0].selector.destinationPortMin, 443);

    ASSERT_EQ(c.interfaces.size(), 2U);
    const InterfaceConfig* outside = c.FindInterface("GigabitEthernet0/0");
    ASSERT_NE(outside, nullptr);
    EXPECT_EQ(outside->address, A("192.168.1.2"));
    EXPECT_EQ(outside->mask.GetPrefixLength(), 24);
    EXPECT_EQ(outside->cryptoMap, "VPN");
    EXPECT_EQ(outside->cryptoMapSource.line, 44U);
    EXPECT_FALSE(c.interfaces[1].cryptoMap);
}

TEST(IosConfigTwoRouters, TheTwoEndsAgree)
{
    IosConfig r1 = MustParse(kR1);
    IosConfig r2 = MustParse(kR2);
    EXPECT_EQ(r2.hostname, "R2");
    EXPECT_FALSE(r2.natTraversal);
    EXPECT_TRUE(r1.natTraversal);
    EXPECT_TRUE(r2.warnings.empty());

    const CryptoMapEntry* m1 = r1.FindCryptoMapEntry("VPN", 10);
    const CryptoMapEntry* m2 = r2.FindCryptoMapEntry("VPN", 10);
    ASSERT_TRUE(m1 && m2);
    // R1's peer is R2's outside address; R2 sees R1 as its NAT's address.
    EXPECT_EQ(m1->peers.front(), *r2.FindInterface("GigabitEthernet0/0")->address);
    EXPECT_EQ(m2->peers.front(), A("203.0.113.1"));
    EXPECT_EQ(r1.FindKeyForAddress(m1->peers.front())->key,
              r2.FindKeyForAddress(m2->peers.front())->key);
    // The crypto ACLs mirror each other.
    ExpectSameSelector(r1.acls.at("101").entries[1].selector.Mirror(),
                       r2.acls.at("101").entries[0].selector);
    // A common transform set and policy.
    auto t1 = r1.transformSets.at("AES256").ToIpsecTransform();
    auto t2 = r2.transformSets.at("AES256").ToIpsecTransform();
    EXPECT_EQ(t1->cipher, t2->cipher);
    EXPECT_EQ(t1->integrity, t2->integrity);
    EXPECT_EQ(r1.policies.at(20).group, r2.policies.at(10).group);
    // R2 is written as running-config prints it: "encr", not "encryption".
    EXPECT_EQ(r2.policies.at(10).encryption, EncryptionAlgorithm::AES_CBC);
    EXPECT_EQ(r2.policies.at(10).encryptionKeyBits, r1.policies.at(20).encryptionKeyBits);
}

TEST(IosConfigDefaults, GlobalAndPolicyDefaultsAreIos)
{
    IosConfig c = MustParse("crypto isakmp policy 10\n");
    EXPECT_EQ(c.hostname, "Router");
    EXPECT_TRUE(c.natTraversal);
    EXPECT_FALSE(c.natKeepalive);
    EXPECT_EQ(c.identity, IsakmpIdentity::ADDRESS);
    EXPECT_EQ(c.saLifetime.seconds, 3600U);
    EXPECT_EQ(c.saLifetime.kilobytes, 4608000U);
    const IsakmpPolicy& p = c.policies.at(10);
    EXPECT_EQ(p.encryption, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(p.hash, HashAlgorithm::SHA1);
    EXPECT_EQ(p.authentication, IsakmpAuthentication::RSA_SIG);
    EXPECT_EQ(p.group, 1);
    EXPECT_EQ(p.lifetimeSeconds, 86400U);
}

TEST(IosConfigDefaults, KeywordsIgnoreCaseNamesKeepIt)
{
    IosConfig c = MustParse("HOSTNAME EdgeRouter\n"
                            "CRYPTO ISAKMP POLICY 5\n"
                            " Encryption AES 192\n"
                            " HASH SHA384\n"
                            " Authentication Pre-Share\n"
                            " GROUP 19\n"
                            "Crypto Isakmp Key MiXeD Address 10.0.0.1\n"
                            "Crypto Isakmp Identity HOSTNAME\n"
                            "crypto ipsec transform-set MySet ESP-AES ESP-SHA512-HMAC\n"
                            " MODE TRANSPORT\n");
    EXPECT_EQ(c.hostname, "EdgeRouter");
    EXPECT_EQ(c.policies.at(5).encryptionKeyBits, 192);
    EXPECT_EQ(c.policies.at(5).hash, HashAlgorithm::SHA2_384);
    EXPECT_EQ(c.policies.at(5).group, 19);
    EXPECT_EQ(c.keys.at(0).key, "MiXeD");
    EXPECT_EQ(c.identity, IsakmpIdentity::HOSTNAME);
    const TransformSet& ts = c.transformSets.at("MySet");
    EXPECT_EQ(ts.mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(ts.espKeyBits, 128); // bare esp-aes is 128 bits
    EXPECT_EQ(ts.ToIpsecTransform()->cipher, "aes128");
    EXPECT_EQ(ts.ToIpsecTransform()->integrity, "sha512");
    EXPECT_EQ(ts.ToIpsecTransform()->mode, IpsecMode::TRANSPORT);
}

TEST(IosConfigDefaults, CrlfLinesAndBarePfs)
{
    IosConfig c = MustParse("crypto ipsec transform-set t esp-3des esp-md5-hmac\r\n"
                            "crypto map m 1\r\n"
                            " set peer 192.0.2.1\r\n"
                            " set pfs\r\n"
                            " set transform-set t\r\n"
                            " set security-association lifetime kilobytes 10000\r\n"
                            " match address 2000\r\n"
                            "access-list 2000 permit ip any any\r\n");
    const CryptoMapEntry* e = c.FindCryptoMapEntry("m", 1);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->pfsGroup, 1); // IOS: bare set pfs is group1
    EXPECT_EQ(e->EffectiveLifetime(c.saLifetime).kilobytes, 10000U);
    EXPECT_EQ(e->EffectiveLifetime(c.saLifetime).seconds, 3600U);
    EXPECT_EQ(c.transformSets.at("t").ToIpsecTransform()->cipher, "3des");
    EXPECT_EQ(c.transformSets.at("t").ToIpsecTransform()->integrity, "md5");
    EXPECT_TRUE(c.warnings.empty());
}

TEST(IosConfigTransformSet, ConversionToIpsecTransformNames)
{
    IosConfig c = MustParse("crypto ipsec transform-set ah ah-sha-hmac\n"
                            "crypto ipsec transform-set ah256 ah-sha256-hmac\n"
                            "crypto ipsec transform-set auth esp-sha-hmac\n"
                            "crypto ipsec transform-set nullauth esp-null esp-sha384-hmac\n"
                            "crypto ipsec transform-set gcm esp-gcm\n"
                            "crypto ipsec transform-set aes esp-aes 192 esp-md5-hmac\n"
                            "crypto ipsec transform-set both ah-md5-hmac esp-aes esp-sha-hmac\n");
    auto ah = c.transformSets.at("ah").ToIpsecTransform();
    EXPECT_EQ(ah->protocol, IpsecProtocol::AH);
    EXPECT_EQ(ah->integrity, "sha1");
    EXPECT_EQ(c.transformSets.at("ah256").ToIpsecTransform()->integrity, "sha256");
    auto auth = c.transformSets.at("auth").ToIpsecTransform();
    EXPECT_EQ(auth->protocol, IpsecProtocol::ESP);
    EXPECT_EQ(auth->cipher, "null");
    EXPECT_EQ(auth->integrity, "sha1");
    EXPECT_EQ(c.transformSets.at("nullauth").ToIpsecTransform()->integrity, "sha384");
    EXPECT_EQ(c.transformSets.at("gcm").ToIpsecTransform()->cipher, "aes128gcm");
    EXPECT_EQ(c.transformSets.at("aes").ToIpsecTransform()->cipher, "aes192");

    const TransformSet& both = c.transformSets.at("both");
    EXPECT_TRUE(both.UsesAh());
    EXPECT_TRUE(both.UsesEsp());
    auto none = both.ToIpsecTransform();
    ASSERT_FALSE(none.IsOk());
    EXPECT_EQ(none.GetError().ToString(),
              "line 7: \"crypto ipsec transform-set both ah-md5-hmac esp-aes esp-sha-hmac\": "
              "transform set both combines AH and ESP: an IpsecTransform holds one protocol");
}

TEST(IosConfigTransformSet, RedefinitionKeepsMode)
{
    IosConfig c = MustParse("crypto ipsec transform-set t esp-des esp-md5-hmac\n"
                            " mode transport\n"
                            "crypto ipsec transform-set t esp-aes 256 esp-sha-hmac\n");
    const TransformSet& t = c.transformSets.at("t");
    EXPECT_EQ(t.mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(t.transforms, (std::vector<std::string>{"esp-aes 256", "esp-sha-hmac"}));
    EXPECT_EQ(t.source.line, 3U);
}

TEST(IosConfigKeys, LongestMaskWinsWildcardLast)
{
    // Written from least to most specific and back, so order cannot decide.
    IosConfig c = MustParse("crypto isakmp key any address 0.0.0.0 0.0.0.0\n"
                            "crypto isakmp key tenone address 10.1.0.0 255.255.0.0\n"
                            "crypto isakmp key host address 10.1.2.3\n"
                            "crypto isakmp key ten address 10.0.0.0 255.0.0.0\n"
                            "crypto isakmp key 0 named hostname Peer.Example.com no-xauth\n");
    ASSERT_EQ(c.keys.size(), 5U);
    EXPECT_TRUE(c.keys[0].IsWildcard());
    EXPECT_EQ(c.FindKeyForAddress(A("10.1.2.3"))->key, "host");
    EXPECT_EQ(c.FindKeyForAddress(A("10.1.9.9"))->key, "tenone");
    EXPECT_EQ(c.FindKeyForAddress(A("10.9.9.9"))->key, "ten");
    EXPECT_EQ(c.FindKeyForAddress(A("192.0.2.1"))->key, "any");
    const IsakmpKey* named = c.FindKeyForHostname("peer.example.COM");
    ASSERT_NE(named, nullptr);
    EXPECT_EQ(named->key, "named");
    EXPECT_TRUE(named->noXauth);
    EXPECT_FALSE(named->Matches(A("0.0.0.0")));
    EXPECT_EQ(c.FindKeyForHostname("other.example.com"), nullptr);
}

TEST(IosConfigKeys, NoWildcardNoKeyAndRedefinitionReplaces)
{
    IosConfig c = MustParse("crypto isakmp key first address 10.0.0.0 255.0.0.0\n"
                            "crypto isakmp key second address 10.7.7.7 255.0.0.0\n"
                            "crypto isakmp key zero address 0.0.0.0\n");
    // 10.7.7.7/8 is 10.0.0.0/8: the second line replaces the first.
    ASSERT_EQ(c.keys.size(), 2U);
    EXPECT_EQ(c.FindKeyForAddress(A("10.1.1.1"))->key, "second");
    EXPECT_EQ(c.keys[0].address, A("10.0.0.0"));
    // "address 0.0.0.0" alone is the wildcard, as IOS shows it.
    EXPECT_TRUE(c.keys[1].IsWildcard());
    EXPECT_EQ(c.FindKeyForAddress(A("172.16.0.1"))->key, "zero");

    IosConfig none = MustParse("crypto isakmp key k address 10.0.0.1\n");
    EXPECT_EQ(none.FindKeyForAddress(A("10.0.0.2")), nullptr);
    EXPECT_EQ(none.FindKeyForHostname("10.0.0.1"), nullptr);
}

TEST(IosConfigValidate, ReportsEveryProblemInLineOrder)
{
    const char* text = "crypto isakmp policy 1\n"         // 1
                       " authentication pre-share\n"      // 2
                       "crypto map m 20 ipsec-isakmp\n"   // 3
                       " set transform-set nope\n"        // 4
                       " match address 150\n"             // 5
                       "crypto map m 10 ipsec-isakmp\n"   // 6
                       " set peer 192.0.2.1\n"            // 7
                       "interface Ethernet 0\n"           // 8
                       " crypto map other\n"              // 9
                       "ip access-list extended EMPTY\n"; // 10
    IosParseOptions syntaxOnly;
    syntaxOnly.validate = false;
    ConfigResult<IosConfig> r = ParseIosConfig(text, syntaxOnly);
    ASSERT_TRUE(r.IsOk()) << r.GetError().ToString();
    EXPECT_EQ(r->interfaces.at(0).name, "Ethernet0");
    EXPECT_TRUE(r->acls.at("EMPTY").entries.empty());

    ValidationReport v = r->Validate();
    EXPECT_FALSE(v.IsOk());
    ASSERT_EQ(v.errors.size(), 4U);
    EXPECT_EQ(v.errors[0].ToString(),
              "line 3: \"crypto map m 20 ipsec-isakmp\": crypto map m 20 has no set peer");
    EXPECT_EQ(v.errors[1].ToString(), "line 4: \"set transform-set nope\": transform-set nope is "
                                      "not defined (no crypto ipsec transform-set nope)");
    EXPECT_EQ(v.errors[2].ToString(),
              "line 6: \"crypto map m 10 ipsec-isakmp\": crypto map m 10 has no set "
              "transform-set");
    EXPECT_EQ(v.errors[3].ToString(), "line 9: \"crypto map other\": crypto map other is not "
                                      "defined (no crypto map other SEQ ipsec-isakmp)");
    ASSERT_EQ(v.warnings.size(), 3U);
    EXPECT_EQ(v.warnings[0].ToString(),
              "line 5: \"match address 150\": access-list 150 is not defined: IOS accepts this, "
              "but the map protects no traffic until it is");
    EXPECT_EQ(v.warnings[1].ToString(),
              "line 6: \"crypto map m 10 ipsec-isakmp\": crypto map m 10 has no match address: "
              "IOS keeps it disabled until it has one");
    EXPECT_EQ(v.warnings[2].ToString(),
              "line 6: \"crypto map m 10 ipsec-isakmp\": no crypto isakmp key matches peer "
              "192.0.2.1 and every ISAKMP policy uses pre-share");

    // With validation (the default) the first error fails the parse.
    ConfigResult<IosConfig> checked = ParseIosConfig(text);
    ASSERT_FALSE(checked.IsOk());
    EXPECT_EQ(checked.GetError().line, 3U);
}

TEST(IosConfigValidate, AclWithoutPermitWarns)
{
    IosConfig c = MustParse("crypto ipsec transform-set t esp-aes esp-sha-hmac\n"
                            "crypto map m 10\n"
                            " set peer 192.0.2.1\n"
                            " set transform-set t\n"
                            " match address BYPASS-ONLY\n"
                            "ip access-list extended BYPASS-ONLY\n"
                            " deny ip any any\n");
    ASSERT_EQ(c.warnings.size(), 1U);
    EXPECT_EQ(c.warnings[0].ToString(), "line 5: \"match address BYPASS-ONLY\": access-list "
                                        "BYPASS-ONLY has no permit entry: the map protects no "
                                        "traffic");
}

TEST(IosConfigRobustness, EveryTruncationParsesOrFailsCleanly)
{
    // Cut every line of both router configurations after each of its words
    // and after each of its characters: the parser must return, never
    // crash, and blame a line that exists.
    for (const char* config : {kR1, kR2, kCiscoExample})
    {
        std::vector<std::string> lines;
        std::istringstream in(config);
        for (std::string l; std::getline(in, l);)
        {
            lines.push_back(l);
        }
        for (std::size_t i = 0; i < lines.size(); ++i)
        {
            for (std::size_t cut = 0; cut < lines[i].size(); ++cut)
            {
                std::string text;
                for (std::size_t j = 0; j < lines.size(); ++j)
                {
                    text += (j == i ? lines[j].substr(0, cut) : lines[j]) + "\n";
                }
                ConfigResult<IosConfig> r = ParseIosConfig(text);
                if (!r.IsOk())
                {
                    EXPECT_GE(r.GetError().line, 1U);
                    EXPECT_LE(r.GetError().line, lines.size());
                    EXPECT_FALSE(r.GetError().message.empty());
                }
            }
        }
    }
}

TEST(IosConfigRobustness, EmptyAndCommentOnly)
{
    EXPECT_TRUE(ParseIosConfig("").IsOk());
    EXPECT_TRUE(ParseIosConfig("!\n\n   \n! comment\n").IsOk());
    EXPECT_TRUE(ParseIosConfig("end").IsOk());
}

} // namespace
} // namespace ns3
