/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// IosConfigHelper: the configuration files shipped in examples/configs load
// (the Cisco text's example unchanged, with its one warning: access-list 101
// is not defined), what Apply() turns a configuration into (proposals with
// IOS defaults, keys, transform, selectors, lifetime, agent attributes), two
// routers configured only from site-a.cfg and site-b.cfg negotiating a tunnel
// through a PAT and carrying traffic, the Cisco example with its
// access-list added doing the same with a NAT keepalive every 20 s, and bad
// configuration stopping with the file, the line and what is allowed.
//
// The topology is the one of examples/ipsec-nat-ios-config.cc (--nat=initiator):
//
//  hostA -- gwA -- rA (PAT) ========= rB -- gwB -- hostB
//  10.1.0.2  | 192.168.1.1 | 198.51.100.1  198.51.100.2 | 192.168.2.1 | 10.2.0.2
//         192.168.1.2                                       192.168.2.2
//
// With the Cisco example, gwB is 10.0.0.1 (the example's peer) and rB 10.0.0.2.

#include "nat/nat-scenario.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace ns3
{
namespace test
{
namespace
{

/** \return the path of a shipped configuration file. */
std::string
Shipped(const std::string& name)
{
    return std::string(IPSEC_NAT_SOURCE_DIR) + "/examples/configs/" + name;
}

/** Write \p text to a fresh file in the test temp folder; \return its path. */
std::string
WriteTemp(const std::string& name, const std::string& text)
{
    std::string path = ::testing::TempDir() + "ios-config-helper-" + name;
    std::ofstream(path, std::ios::trunc) << text;
    return path;
}

/** \return the text of \p path. */
std::string
ReadAll(const std::string& path)
{
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/** A node with one address on a link to a second node, for Apply() without a network. */
struct OneRouter
{
    explicit OneRouter(const char* address)
    {
        router = bed.AddNode();
        Ptr<Node> other = bed.AddNode();
        NetDeviceContainer d = bed.Link({router, other}, true);
        bed.Address(d.Get(0), address);
    }

    Testbed bed;
    Ptr<Node> router;
};

/** The example's two sites, gwA behind a PAT. */
struct Sites
{
    /** \param cisco gwB is 10.0.0.1 (the Cisco example's peer) instead of 192.168.2.2 */
    explicit Sites(bool cisco)
    {
        hostA = bed.AddNode();
        gwA = bed.AddNode();
        rA = bed.AddNode();
        rB = bed.AddNode();
        gwB = bed.AddNode();
        hostB = bed.AddNode();
        NetDeviceContainer lanA = bed.Link({hostA, gwA}, false);
        NetDeviceContainer accessA = bed.Link({gwA, rA}, true, MilliSeconds(2));
        NetDeviceContainer core = bed.Link({rA, rB}, true, MilliSeconds(15));
        NetDeviceContainer accessB = bed.Link({rB, gwB}, true, MilliSeconds(2));
        NetDeviceContainer lanB = bed.Link({gwB, hostB}, false);
        const char* rBIn = cisco ? "10.0.0.2" : "192.168.2.1";
        gwBAddress = cisco ? "10.0.0.1" : "192.168.2.2";
        bed.Address(lanA.Get(0), "10.1.0.2");
        bed.Address(lanA.Get(1), "10.1.0.1");
        bed.Address(accessA.Get(0), "192.168.1.2");
        bed.Address(accessA.Get(1), "192.168.1.1");
        bed.Address(core.Get(0), "198.51.100.1");
        bed.Address(core.Get(1), "198.51.100.2");
        bed.Address(accessB.Get(0), rBIn);
        bed.Address(accessB.Get(1), gwBAddress);
        bed.Address(lanB.Get(0), "10.2.0.1");
        bed.Address(lanB.Get(1), "10.2.0.2");
        bed.DefaultRoute(hostA, "10.1.0.1");
        bed.DefaultRoute(hostB, "10.2.0.1");
        bed.DefaultRoute(gwA, "192.168.1.1");
        bed.DefaultRoute(gwB, rBIn);
        bed.Route(rA, cisco ? "10.0.0.0" : "192.168.2.0", "255.255.255.0", "198.51.100.2");
        NatHelper pat;
        nat = pat.Install(rA, accessA.Get(1), core.Get(0));
        bed.WatchDrops(nat);
    }

    /** Apply the two files, fix the random streams, initiate from gwA at 1 s. */
    void Configure(const std::string& fileA, const std::string& fileB)
    {
        connA = ios.Apply(gwA, IosConfigHelper::Load(fileA).config, Ipv4Address("192.168.1.2"));
        connB = ios.Apply(gwB, IosConfigHelper::Load(fileB).config, Ipv4Address(gwBAddress));
        int64_t stream = 100;
        stream += IkeHelper::AssignStreams(NodeContainer(gwA, gwB), stream);
        NatHelper::AssignStreams(NodeContainer(rA), stream);
        for (auto [agent, count] : {std::make_pair(IkeHelper::GetAgent(gwA), &phase2A),
                                    std::make_pair(IkeHelper::GetAgent(gwB), &phase2B)})
        {
            agent->TraceConnectWithoutContext("Phase2Established",
                                              Callback<void, Ipv4Address, uint32_t, uint32_t, bool>(
                                                  [count](Ipv4Address, uint32_t, uint32_t, bool)
                                                  { ++*count; }));
        }
        IkeHelper::GetAgent(gwA)->TraceConnectWithoutContext(
            "KeepaliveSent",
            Callback<void, Ipv4Address, uint16_t>([this](Ipv4Address, uint16_t)
                                                  { keepalives.push_back(Simulator::Now()); }));
        ios.InitiateAll(gwA, Seconds(1));
    }

    Testbed bed;
    Ptr<Node> hostA;
    Ptr<Node> gwA;
    Ptr<Node> rA;
    Ptr<Node> rB;
    Ptr<Node> gwB;
    Ptr<Node> hostB;
    Ptr<NatBox> nat;
    const char* gwBAddress{nullptr};
    IosConfigHelper ios;
    std::vector<uint32_t> connA;
    std::vector<uint32_t> connB;
    uint32_t phase2A{0};
    uint32_t phase2B{0};
    std::vector<Time> keepalives;
};

/** The Cisco text's example, as printed (no indentation). */
const char* const kCiscoText = "crypto isakmp policy 1\n"
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

} // namespace

TEST(IosConfigHelperFiles, EveryShippedConfigLoads)
{
    for (const char* name : {"site-a.cfg", "site-b.cfg", "cisco-example-peer.cfg",
                             "cisco-nat-keepalive-example-with-acl.cfg"})
    {
        IosConfigHelper::ParseResult r = IosConfigHelper::Load(Shipped(name));
        EXPECT_EQ(r.path, Shipped(name));
        EXPECT_TRUE(r.config.warnings.empty())
            << name << ": " << (r.config.warnings.empty() ? "" : r.config.warnings[0].ToString());
        EXPECT_EQ(r.config.cryptoMaps.size(), 1u) << name;
        EXPECT_EQ(r.config.natKeepalive, 20u) << name;
    }
    EXPECT_EQ(IosConfigHelper::Load(Shipped("site-a.cfg")).config.hostname, "gwA");
    EXPECT_EQ(IosConfigHelper::Load(Shipped("site-b.cfg")).config.hostname, "gwB");
}

TEST(IosConfigHelperFiles, CiscoExampleIsTheTextUnchangedWithOneWarning)
{
    EXPECT_EQ(ReadAll(Shipped("cisco-nat-keepalive-example.cfg")), kCiscoText);
    EXPECT_EQ(ReadAll(Shipped("cisco-nat-keepalive-example-with-acl.cfg")),
              std::string(kCiscoText)
                  + "access-list 101 permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255\n");

    IosConfigHelper::ParseResult r
        = IosConfigHelper::Load(Shipped("cisco-nat-keepalive-example.cfg"));
    ASSERT_EQ(r.config.warnings.size(), 1u);
    const ConfigWarning& w = r.config.warnings[0];
    EXPECT_EQ(w.line, 12u);
    EXPECT_EQ(w.text, "match address 101");
    EXPECT_NE(w.message.find("access-list 101 is not defined"), std::string::npos) << w.message;
    EXPECT_EQ(r.Describe(w).rfind(r.path + ": line 12: \"match address 101\": ", 0), 0u)
        << r.Describe(w);
}

TEST(IosConfigHelperApply, CiscoExampleInstallsNoConnection)
{
    OneRouter n("192.168.1.2");
    IosConfigHelper ios;
    IosConfigHelper::ParseResult r
        = IosConfigHelper::Load(Shipped("cisco-nat-keepalive-example.cfg"));
    std::vector<uint32_t> ids = ios.Apply(n.router, r.config, Ipv4Address("192.168.1.2"));
    EXPECT_TRUE(ids.empty());
    EXPECT_TRUE(ios.GetConnectionIds(n.router).empty());
    std::vector<ConfigWarning> warnings = ios.GetWarnings(n.router);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].line, 12u);
    EXPECT_NE(warnings[0].message.find("nothing installed for crypto map test2 10"),
              std::string::npos)
        << warnings[0].message;
    // The agent is there, with the keepalive of the text, and no SPD entry.
    Ptr<IkeAgent> agent = IkeHelper::GetAgent(n.router);
    ASSERT_TRUE(agent);
    TimeValue keepalive;
    agent->GetAttribute("NatKeepalive", keepalive);
    EXPECT_EQ(keepalive.Get(), Seconds(20));
    BooleanValue natt;
    agent->GetAttribute("NatTraversal", natt);
    EXPECT_TRUE(natt.Get());
    EXPECT_TRUE(IpsecHelper::GetStack(n.router)->GetSpd().Policies().empty());
    std::ostringstream show;
    ios.PrintCryptoMap(n.router, show);
    EXPECT_EQ(show.str(), "No crypto map entry installed\n");

    // An agent installed beforehand with the file's attributes is accepted.
    OneRouter m("192.168.1.2");
    IpsecHelper().Install(m.router);
    IkeHelper ike;
    ike.SetAttribute("NatKeepalive", TimeValue(Seconds(20)));
    Ptr<IkeAgent> before = ike.Install(m.router);
    IosConfigHelper other;
    EXPECT_TRUE(other.Apply(m.router, r.config, Ipv4Address("192.168.1.2")).empty());
    EXPECT_EQ(IkeHelper::GetAgent(m.router), before);
}

TEST(IosConfigHelperApply, PoliciesKeysTransformAndAclBecomeConnections)
{
    OneRouter n("192.0.2.1");
    const std::string text = "hostname edge\n"
                             "crypto isakmp policy 20\n"
                             " encryption aes 256\n"
                             " hash sha256\n"
                             " authentication pre-share\n"
                             " group 14\n"
                             " lifetime 3600\n"
                             "crypto isakmp policy 10\n"
                             " authentication pre-share\n"
                             "crypto isakmp key s3cret address 198.51.100.0 255.255.255.0\n"
                             "crypto isakmp key Other hostname Branch.example.net\n"
                             "no crypto ipsec nat-transparency udp-encapsulation\n"
                             "crypto ipsec transform-set gcm esp-gcm 256\n"
                             " mode transport\n"
                             "crypto map M 10 ipsec-isakmp\n"
                             " set peer 198.51.100.7\n"
                             " set transform-set gcm\n"
                             " set security-association lifetime seconds 1800\n"
                             " match address 150\n"
                             "interface Gi0/0\n"
                             " ip address 192.0.2.1 255.255.255.0\n"
                             " crypto map M\n"
                             "access-list 150 permit udp host 192.0.2.1 host 198.51.100.7 eq 53\n"
                             "access-list 150 deny ip host 192.0.2.1 host 198.51.100.7\n"
                             "access-list 150 permit tcp host 192.0.2.1 host 198.51.100.7\n";
    IosConfigHelper ios;
    IosConfigHelper::ParseResult r = IosConfigHelper::Parse(text, "edge.cfg");
    // No interface address needed from the caller: the text has one.
    std::vector<uint32_t> ids = ios.Apply(n.router, r.config, Ipv4Address::GetAny());
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_TRUE(ios.GetWarnings(n.router).empty());
    EXPECT_EQ(ios.GetConnectionIds(n.router), ids);

    const IkeConnection& c = ios.GetConnection(n.router, ids[0]);
    EXPECT_EQ(c.name, "crypto map M 10 #1");
    EXPECT_EQ(c.localAddress, Ipv4Address("192.0.2.1"));
    EXPECT_EQ(c.peerAddress, Ipv4Address("198.51.100.7"));
    EXPECT_EQ(c.ipsecLifetime, Seconds(1800));
    EXPECT_EQ(c.transform.protocol, IpsecProtocol::ESP);
    EXPECT_EQ(c.transform.cipher, "aes256gcm");
    EXPECT_EQ(c.transform.integrity, "none");
    EXPECT_EQ(c.transform.mode, IpsecMode::TRANSPORT);
    EXPECT_EQ(c.selector.protocol, 17);
    EXPECT_EQ(c.selector.destinationPortMin, 53);
    // Policies in priority order; policy 10 has the IOS defaults.
    ASSERT_EQ(c.proposals.size(), 2u);
    EXPECT_EQ(c.proposals[0].encryption.algorithm, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(c.proposals[0].hash, HashAlgorithm::SHA1);
    EXPECT_EQ(c.proposals[0].group, 1);
    EXPECT_EQ(c.proposals[0].lifetime, Seconds(86400));
    EXPECT_EQ(c.proposals[1].encryption.algorithm, EncryptionAlgorithm::AES_CBC);
    EXPECT_EQ(c.proposals[1].encryption.keyLengthBits, 256);
    EXPECT_EQ(c.proposals[1].hash, HashAlgorithm::SHA2_256);
    EXPECT_EQ(c.proposals[1].group, 14);
    EXPECT_EQ(c.proposals[1].lifetime, Seconds(3600));
    EXPECT_EQ(ios.GetConnection(n.router, ids[1]).selector.protocol, 6);

    // The SPD follows the ACL's order: protect, bypass (the deny), protect.
    const auto& spd = IpsecHelper::GetStack(n.router)->GetSpd().Policies();
    ASSERT_EQ(spd.size(), 3u);
    EXPECT_EQ(spd[0].action, IpsecPolicyAction::PROTECT);
    EXPECT_EQ(spd[1].action, IpsecPolicyAction::BYPASS);
    EXPECT_EQ(spd[2].action, IpsecPolicyAction::PROTECT);

    // Hostname keys are kept for Aggressive Mode.
    std::map<std::string, std::string> hostnameKeys = ios.GetHostnameKeys(n.router);
    ASSERT_EQ(hostnameKeys.size(), 1u);
    EXPECT_EQ(hostnameKeys["branch.example.net"], "Other");

    // no crypto ipsec nat-transparency udp-encapsulation; no keepalive.
    Ptr<IkeAgent> agent = IkeHelper::GetAgent(n.router);
    BooleanValue natt;
    agent->GetAttribute("NatTraversal", natt);
    EXPECT_FALSE(natt.Get());
    TimeValue keepalive;
    agent->GetAttribute("NatKeepalive", keepalive);
    EXPECT_EQ(keepalive.Get(), Seconds(0));

    std::ostringstream show;
    ios.PrintCryptoMap(n.router, show);
    EXPECT_NE(show.str().find("Crypto Map \"crypto map M 10 #2\""), std::string::npos)
        << show.str();
}

TEST(IosConfigHelperTunnel, SiteAAndSiteBNegotiateThroughThePatAndCarryTraffic)
{
    Sites s(false);
    s.Configure(Shipped("site-a.cfg"), Shipped("site-b.cfg"));
    ASSERT_EQ(s.connA.size(), 1u);
    ASSERT_EQ(s.connB.size(), 1u);
    const IkeConnection& a = s.ios.GetConnection(s.gwA, s.connA[0]);
    EXPECT_EQ(a.localAddress, Ipv4Address("192.168.1.2"));
    EXPECT_EQ(a.peerAddress, Ipv4Address("192.168.2.2"));
    EXPECT_EQ(a.selector.source, Ipv4Address("10.1.0.0"));
    EXPECT_EQ(a.selector.destination, Ipv4Address("10.2.0.0"));
    EXPECT_EQ(a.transform.cipher, "aes128");
    EXPECT_EQ(a.transform.integrity, "sha256");
    EXPECT_EQ(s.ios.GetConnection(s.gwB, s.connB[0]).localAddress, Ipv4Address("192.168.2.2"));

    Ptr<Socket> atA = s.bed.Udp(s.hostA, 7000);
    Ptr<Socket> atB = s.bed.Udp(s.hostB, 7000);
    s.bed.SendUdp(Seconds(4), atA, "10.2.0.2", 7000);
    s.bed.SendUdp(Seconds(5), atB, "10.1.0.2", 7000);
    s.bed.Run(Seconds(50));

    EXPECT_EQ(s.phase2A, 1u);
    EXPECT_EQ(s.phase2B, 1u);
    EXPECT_EQ(IkeHelper::GetAgent(s.gwA)->GetNatStatus(Ipv4Address("192.168.2.2")),
              IkeNatStatus::LOCAL_BEHIND);
    ASSERT_EQ(s.bed.Received(atB).size(), 1u);
    EXPECT_EQ(s.bed.Received(atB)[0].from, Ipv4Address("10.1.0.2"));
    ASSERT_EQ(s.bed.Received(atA).size(), 1u);
    EXPECT_EQ(s.bed.Received(atA)[0].from, Ipv4Address("10.2.0.2"));
    // site-a.cfg: crypto isakmp nat keepalive 20, and gwA is behind the PAT.
    EXPECT_FALSE(s.keepalives.empty());
}

TEST(IosConfigHelperTunnel, CiscoExampleUnchangedNegotiatesNothing)
{
    Sites s(true);
    s.Configure(Shipped("cisco-nat-keepalive-example.cfg"), Shipped("cisco-example-peer.cfg"));
    EXPECT_TRUE(s.connA.empty());
    EXPECT_EQ(s.connB.size(), 1u);
    Ptr<Socket> atA = s.bed.Udp(s.hostA, 7000);
    Ptr<Socket> atB = s.bed.Udp(s.hostB, 7000);
    s.bed.SendUdp(Seconds(4), atA, "10.2.0.2", 7000);
    s.bed.Run(Seconds(30));
    EXPECT_EQ(IkeHelper::GetAgent(s.gwA)->GetPhase1Count(), 0u);
    EXPECT_EQ(s.phase2A, 0u);
    EXPECT_EQ(s.phase2B, 0u);
    EXPECT_TRUE(s.bed.Received(atB).empty());
    EXPECT_TRUE(s.keepalives.empty());
}

TEST(IosConfigHelperTunnel, CiscoExampleWithAclComesUpWithKeepalivesEvery20s)
{
    Sites s(true);
    s.Configure(Shipped("cisco-nat-keepalive-example-with-acl.cfg"),
                Shipped("cisco-example-peer.cfg"));
    ASSERT_EQ(s.connA.size(), 1u);
    const IkeConnection& a = s.ios.GetConnection(s.gwA, s.connA[0]);
    // No interface section: the address given to Apply().
    EXPECT_EQ(a.localAddress, Ipv4Address("192.168.1.2"));
    EXPECT_EQ(a.peerAddress, Ipv4Address("10.0.0.1"));
    EXPECT_EQ(a.transform.cipher, "des");
    EXPECT_EQ(a.transform.integrity, "sha1");
    ASSERT_EQ(a.proposals.size(), 1u);
    EXPECT_EQ(a.proposals[0].encryption.algorithm, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(a.proposals[0].group, 1);

    Ptr<Socket> atA = s.bed.Udp(s.hostA, 7000);
    Ptr<Socket> atB = s.bed.Udp(s.hostB, 7000);
    s.bed.SendUdp(Seconds(4), atA, "10.2.0.2", 7000);
    // Long after the PAT's 30 s UDP timeout: the keepalives kept the mapping.
    s.bed.SendUdp(Seconds(95), atB, "10.1.0.2", 7000);
    s.bed.Run(Seconds(100));
    EXPECT_EQ(s.phase2A, 1u);
    EXPECT_EQ(s.phase2B, 1u);
    EXPECT_EQ(s.bed.Received(atB).size(), 1u);
    EXPECT_EQ(s.bed.Received(atA).size(), 1u);
    ASSERT_GE(s.keepalives.size(), 3u);
    for (std::size_t i = 1; i < s.keepalives.size(); ++i)
    {
        double gap = (s.keepalives[i] - s.keepalives[i - 1]).GetSeconds();
        EXPECT_NEAR(gap, 20, 2) << "keepalive " << i;
    }
    EXPECT_EQ(s.bed.DropCount(NatDropReason::NO_MAPPING), 0u);
}

// Bad configuration stops with the file, the line and what is allowed.
TEST(IosConfigHelperDeathTest, BadConfigurationStopsWithFileAndLine)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const std::string keepalive = WriteTemp("keepalive3.cfg", "crypto isakmp policy 1\n"
                                                              " authentication pre-share\n"
                                                              "crypto isakmp nat keepalive 3\n");
    EXPECT_DEATH(IosConfigHelper::Load(keepalive),
                 "ios-config-helper-keepalive3.cfg: line 3: \"crypto isakmp nat keepalive 3\": "
                 "keepalive must be 5..3600 seconds");
    const std::string transform
        = WriteTemp("transform.cfg", "! a transform IOS does not have\n"
                                     "crypto ipsec transform-set t9 esp-blowfish esp-sha-hmac\n");
    EXPECT_DEATH(IosConfigHelper::Load(transform),
                 "ios-config-helper-transform.cfg: line 2: \"crypto ipsec transform-set t9 "
                 "esp-blowfish esp-sha-hmac\": unknown transform \"esp-blowfish\": expected "
                 "esp-des, esp-3des");
    EXPECT_DEATH(IosConfigHelper::Load(Shipped("no-such-file.cfg")),
                 "IOS config .*examples/configs/no-such-file.cfg: cannot read the file");
}

TEST(IosConfigHelperDeathTest, UnusableConfigurationStopsApply)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const std::string map = "crypto ipsec transform-set t1 esp-aes esp-sha-hmac\n"
                            "crypto ipsec transform-set t2 esp-3des esp-md5-hmac\n"
                            "crypto isakmp key k address 198.51.100.7\n"
                            "crypto map M 10 ipsec-isakmp\n"
                            " set peer 198.51.100.7\n"
                            " set transform-set t1 t2\n"
                            " match address 101\n"
                            "access-list 101 permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255\n";
    // IOS's default authentication is rsa-sig.
    EXPECT_DEATH(
        {
            OneRouter n("192.0.2.1");
            IosConfigHelper ios;
            ios.Apply(
                n.router,
                IosConfigHelper::Parse("crypto isakmp policy 5\n encryption aes\n" + map, "rsa.cfg")
                    .config,
                Ipv4Address("192.0.2.1"));
        },
        "line 1: \"crypto isakmp policy 5\": crypto isakmp policy 5 uses rsa-sig.*allowed: "
        "authentication pre-share under policy 5");
    EXPECT_DEATH(
        {
            OneRouter n("192.0.2.1");
            IosConfigHelper ios;
            ios.Apply(n.router,
                      IosConfigHelper::Parse(
                          "crypto isakmp policy 5\n authentication pre-share\n" + map, "two.cfg")
                          .config,
                      Ipv4Address("192.0.2.1"));
        },
        "line 8: \"set transform-set t1 t2\": crypto map M 10 names 2 transform sets.*allowed "
        "exactly one set transform-set NAME");
    // An agent installed beforehand must already have the file's keepalive.
    EXPECT_DEATH(
        {
            OneRouter n("192.168.1.2");
            IpsecHelper().Install(n.router);
            IkeHelper().Install(n.router); // NatKeepalive 0
            IosConfigHelper ios;
            ios.Apply(n.router,
                      IosConfigHelper::Load(Shipped("cisco-nat-keepalive-example.cfg")).config,
                      Ipv4Address("192.168.1.2"));
        },
        "already has an IkeAgent with NatKeepalive 0 s and NatTraversal 1, but the "
        "configuration says 20 s");
    // The interface address must be one of the node's.
    EXPECT_DEATH(
        {
            OneRouter n("192.0.2.1");
            IosConfigHelper ios;
            ios.Apply(n.router, IosConfigHelper::Load(Shipped("site-a.cfg")).config,
                      Ipv4Address::GetAny());
        },
        "interface GigabitEthernet0/1 address 192.168.1.2 is not an address of node [0-9]+: "
        "allowed 192.0.2.1");
}

} // namespace test
} // namespace ns3
