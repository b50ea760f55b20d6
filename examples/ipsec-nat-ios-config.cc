/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The topology of ipsec-nat-site-to-site.cc, with both IPsec routers
 * configured only from an IOS-style configuration file each (IosConfigHelper):
 *
 *  hostA -- gwA -- rA ============ rB -- gwB -- hostB
 *  10.1.0.2  |  192.168.1.1 | 198.51.100.1   198.51.100.2 | 192.168.2.1  |  10.2.0.2
 *         192.168.1.2                                            192.168.2.2
 *
 * rA and rB are PATs (--nat=initiator, responder, both) or plain routers
 * (--nat=none). A PAT in front of gwB forwards UDP 500 and 4500 to it.
 * --initiatorConfig (gwA) and --responderConfig (gwB) default to
 * examples/configs/site-a.cfg and site-b.cfg, written for --nat=initiator
 * and none; behind a PAT (responder, both) gwB is 198.51.100.2, and gwA's
 * file must say set peer 198.51.100.2 (the example checks and says so).
 * Paths are taken from the current directory, or from its parent or
 * grandparent, or (standalone build) from the module's source folder, so the
 * defaults work from anywhere. gwA initiates every connection its file
 * installs at 1 s. hostA sends 5 UDP echo requests to hostB; hostB pushes a
 * datagram to hostA every --pushInterval seconds.
 *
 * --cisco=1 runs the example of Cisco's "IPsec NAT Transparency" text (NAT
 * keepalive example) unchanged on gwA (configs/cisco-nat-keepalive-example.cfg).
 * Its peer is 10.0.0.1, so gwB gets that address (rB 10.0.0.2 in front of
 * it, a plain router) and configs/cisco-example-peer.cfg. The text's crypto
 * map matches access-list 101, which the text does not define: IOS accepts
 * that and protects nothing, and so does the model; the first run shows
 * that no tunnel is negotiated. A second run uses
 * configs/cisco-nat-keepalive-example-with-acl.cfg, the same text plus one
 * access-list 101 line: the tunnel comes up (DES, SHA-1, group 1, the IOS
 * defaults of policy 1) and, after the echo traffic, gwA keeps its PAT
 * mapping alive with a NAT keepalive every 20 s; one push from hostB at the
 * end, after a silence longer than the PAT's mapping timeout (--natTimeout),
 * still arrives.
 *
 * Output in --outDir (with --cisco=1 in its subfolders cisco-unchanged and
 * cisco-with-acl): pcaps of the access and core links,
 * ikev1_decryption_table and esp_sa for Wireshark, show-crypto.txt (show
 * crypto map / isakmp sa / ipsec sa of both routers at the end, also
 * printed) and summary.csv.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <iomanip>
#include <sstream>
#include <sys/stat.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatIosConfig");

namespace
{

uint32_t
Attach(Ptr<NetDevice> dev, const char* address, const char* mask = "255.255.255.0")
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    uint32_t i = ipv4->AddInterface(dev);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(mask)));
    ipv4->SetUp(i);
    return i;
}

Ptr<Ipv4StaticRouting>
Static(Ptr<Node> n)
{
    return NatHelper::GetStaticRouting(n);
}

/// Counts datagrams received on a socket.
struct Counter
{
    uint64_t received{0};

    void Receive(Ptr<Socket> s)
    {
        while (s->Recv())
        {
            ++received;
        }
    }
};

/**
 * \return \p path if it is readable, else the first of ../path, ../../path
 * and (in the standalone build) the module's source folder/path that is.
 */
std::string
FindConfig(const std::string& path, const std::string& flag)
{
    std::vector<std::string> tried{path};
    if (!path.empty() && path[0] != '/')
    {
        tried.push_back("../" + path);
        tried.push_back("../../" + path);
#ifdef IPSEC_NAT_SOURCE_DIR
        tried.push_back(std::string(IPSEC_NAT_SOURCE_DIR) + "/" + path);
#endif
    }
    for (const std::string& p : tried)
    {
        if (std::ifstream(p).good())
        {
            return p;
        }
    }
    std::string list;
    for (const std::string& p : tried)
    {
        list += (list.empty() ? "" : ", ") + p;
    }
    NS_ABORT_MSG("--" << flag << "=" << path << ": no readable file (tried " << list
                      << "); give a path relative to the current folder or an absolute one");
    return path;
}

/// One simulation run.
struct Scenario
{
    std::string label;           //!< site, cisco-unchanged, cisco-with-acl
    std::string nat;             //!< none, initiator, responder, both
    bool cisco{false};           //!< gwB is 10.0.0.1 (the Cisco example's peer)
    std::string initiatorConfig; //!< gwA's file
    std::string responderConfig; //!< gwB's file
    double duration{120};        //!< simulated seconds
    double natTimeout{30};       //!< PAT UDP mapping timeout
    double pushInterval{30};     //!< hostB -> hostA every this many s (0: one push at the end)
    bool pcap{true};             //!< write pcaps
    std::string outDir;          //!< where the output goes
};

/// What a run produced.
struct Outcome
{
    std::size_t connectionsA{0};
    uint32_t phase2A{0};
    uint32_t echoReplies{0};
    uint64_t pushesDelivered{0};
    uint32_t pushesSent{0};
    std::vector<double> keepalives; //!< times gwA sent a NAT keepalive
};

/** Print a file's parser and Apply() warnings, with the file name and line. */
void
PrintWarnings(const std::string& who, const IosConfigHelper::ParseResult& file,
              const std::vector<ConfigWarning>& applied)
{
    for (const ConfigWarning& w : file.config.warnings)
    {
        std::cout << "  " << who << " parse warning: " << file.Describe(w) << "\n";
    }
    for (const ConfigWarning& w : applied)
    {
        std::cout << "  " << who << " apply warning: " << file.Describe(w) << "\n";
    }
}

Outcome
Run(const Scenario& s)
{
    mkdir(s.outDir.c_str(), 0755);
    const bool natA = s.nat == "initiator" || s.nat == "both";
    const bool natB = s.nat == "responder" || s.nat == "both";
    const char* bNet = s.cisco ? "10.0.0.0" : "192.168.2.0";
    const char* rBIn = s.cisco ? "10.0.0.2" : "192.168.2.1";
    const char* gwBOutText = s.cisco ? "10.0.0.1" : "192.168.2.2";

    Ptr<Node> hostA = CreateObject<Node>();
    Ptr<Node> gwA = CreateObject<Node>();
    Ptr<Node> rA = CreateObject<Node>();
    Ptr<Node> rB = CreateObject<Node>();
    Ptr<Node> gwB = CreateObject<Node>();
    Ptr<Node> hostB = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(NodeContainer(NodeContainer(hostA, gwA, rA), NodeContainer(rB, gwB, hostB)));

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("50Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    NetDeviceContainer lanA = csma.Install(NodeContainer(hostA, gwA));
    NetDeviceContainer accessA = p2p.Install(gwA, rA);
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(15)));
    NetDeviceContainer core = p2p.Install(rA, rB);
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    NetDeviceContainer accessB = p2p.Install(rB, gwB);
    NetDeviceContainer lanB = csma.Install(NodeContainer(gwB, hostB));

    Attach(lanA.Get(0), "10.1.0.2");
    Attach(lanA.Get(1), "10.1.0.1");
    uint32_t gwAOut = Attach(accessA.Get(0), "192.168.1.2");
    Attach(accessA.Get(1), "192.168.1.1");
    uint32_t rAOut = Attach(core.Get(0), "198.51.100.1");
    uint32_t rBOut = Attach(core.Get(1), "198.51.100.2");
    Attach(accessB.Get(0), rBIn);
    uint32_t gwBOut = Attach(accessB.Get(1), gwBOutText);
    Attach(lanB.Get(0), "10.2.0.1");
    Attach(lanB.Get(1), "10.2.0.2");
    Static(hostA)->SetDefaultRoute("10.1.0.1", 1);
    Static(hostB)->SetDefaultRoute("10.2.0.1", 1);
    Static(gwA)->SetDefaultRoute("192.168.1.1", gwAOut);
    Static(gwB)->SetDefaultRoute(rBIn, gwBOut);
    if (!natA)
    {
        Static(rB)->AddNetworkRouteTo("192.168.1.0", "255.255.255.0", "198.51.100.1", rBOut);
    }
    if (!natB)
    {
        Static(rA)->AddNetworkRouteTo(bNet, "255.255.255.0", "198.51.100.2", rAOut);
    }

    NatHelper natHelper;
    natHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(s.natTimeout)));
    Ptr<NatBox> natBoxA;
    Ptr<NatBox> natBoxB;
    if (natA)
    {
        natBoxA = natHelper.Install(rA, accessA.Get(1), core.Get(0));
    }
    if (natB)
    {
        NatHelper fwd;
        fwd.SetAttribute("UdpTimeout", TimeValue(Seconds(s.natTimeout)));
        fwd.AddStaticPortMapping(17, Ipv4Address(gwBOutText), 500, 500);
        fwd.AddStaticPortMapping(17, Ipv4Address(gwBOutText), 4500, 4500);
        natBoxB = fwd.Install(rB, accessB.Get(0), core.Get(1));
    }
    // How each gateway sees the other.
    const Ipv4Address aAddr("192.168.1.2");
    const Ipv4Address bAddr(gwBOutText);
    const Ipv4Address aSeen = natA ? Ipv4Address("198.51.100.1") : aAddr;
    const Ipv4Address bSeen = natB ? Ipv4Address("198.51.100.2") : bAddr;

    IpsecHelper ipsec;
    ipsec.SetAttribute("TunnelMtu", UintegerValue(1400));
    ipsec.Install(NodeContainer(gwA, gwB));
    ipsec.EnableKeyExport(s.outDir + "/esp_sa");

    // Everything about IKE and the crypto maps comes from the two files.
    IosConfigHelper ios;
    ios.EnableKeyExport(s.outDir + "/ikev1_decryption_table");
    IosConfigHelper::ParseResult fileA = IosConfigHelper::Load(s.initiatorConfig);
    IosConfigHelper::ParseResult fileB = IosConfigHelper::Load(s.responderConfig);
    // A file without interface sections (the Cisco example) is applied
    // from the router's outside address.
    std::vector<uint32_t> connA = ios.Apply(gwA, fileA.config, aAddr);
    std::vector<uint32_t> connB = ios.Apply(gwB, fileB.config, bAddr);
    std::cout << "[" << s.label << "] gwA <- " << fileA.path << " (hostname "
              << fileA.config.hostname << "): " << connA.size() << " connection(s)\n";
    PrintWarnings("gwA", fileA, ios.GetWarnings(gwA));
    std::cout << "[" << s.label << "] gwB <- " << fileB.path << " (hostname "
              << fileB.config.hostname << "): " << connB.size() << " connection(s)\n";
    PrintWarnings("gwB", fileB, ios.GetWarnings(gwB));
    // gwA initiates: its peers must be where this topology puts gwB.
    for (const auto& [map, entries] : fileA.config.cryptoMaps)
    {
        for (const CryptoMapEntry& e : entries)
        {
            NS_ABORT_MSG_IF(!connA.empty() && !e.peers.empty() && e.peers.front() != bSeen,
                            fileA.Describe(ConfigDiagnostic{
                                e.source.line, e.source.text,
                                "set peer " + IosLex::ToText(e.peers.front()) + ", but with --nat="
                                    + s.nat + " gwA reaches gwB at " + IosLex::ToText(bSeen)
                                    + ": allowed set peer " + IosLex::ToText(bSeen)
                                    + " (give --initiatorConfig a file that says so)"}));
        }
    }
    if (connA.empty())
    {
        std::cout << "  gwA installs no crypto: its crypto map matches no traffic (see the "
                     "warnings above), so nothing will start IKE and no tunnel can come up. "
                     "IOS does the same with this configuration.\n";
    }
    ios.InitiateAll(gwA, Seconds(1));

    int64_t stream = 10;
    stream += ipsec.AssignStreams(NodeContainer(gwA, gwB), stream);
    stream += IkeHelper::AssignStreams(NodeContainer(gwA, gwB), stream);
    stream += NatHelper::AssignStreams(NodeContainer(rA, rB), stream);
    Ptr<IkeAgent> ikeA = IkeHelper::GetAgent(gwA);
    Ptr<IkeAgent> ikeB = IkeHelper::GetAgent(gwB);

    // Traffic: echo from LAN A, pushes from LAN B.
    UdpEchoServerHelper echoServer(9);
    echoServer.Install(hostB).Start(Seconds(0));
    UdpEchoClientHelper echoClient(Ipv4Address("10.2.0.2"), 9);
    echoClient.SetAttribute("MaxPackets", UintegerValue(5));
    echoClient.SetAttribute("Interval", TimeValue(Seconds(1)));
    echoClient.SetAttribute("PacketSize", UintegerValue(100));
    ApplicationContainer echo = echoClient.Install(hostA);
    echo.Start(Seconds(3));
    Outcome out;
    out.connectionsA = connA.size();
    echo.Get(0)->TraceConnectWithoutContext(
        "RxWithAddresses",
        Callback<void, Ptr<const Packet>, const Address&, const Address&>(
            [&out](Ptr<const Packet>, const Address&, const Address&) { ++out.echoReplies; }));
    Counter pushes;
    Ptr<Socket> pushSink = Socket::CreateSocket(hostA, UdpSocketFactory::GetTypeId());
    pushSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
    pushSink->SetRecvCallback(MakeCallback(&Counter::Receive, &pushes));
    Ptr<Socket> pushSource = Socket::CreateSocket(hostB, UdpSocketFactory::GetTypeId());
    pushSource->Bind();
    std::vector<double> pushTimes;
    if (s.pushInterval > 0)
    {
        for (double t = 10; t < s.duration; t += s.pushInterval)
        {
            pushTimes.push_back(t);
        }
    }
    else if (s.duration > 5)
    {
        pushTimes.push_back(s.duration - 5);
    }
    for (double t : pushTimes)
    {
        Simulator::Schedule(Seconds(t),
                            [&out, pushSource]()
                            {
                                pushSource->SendTo(Create<Packet>(64), 0,
                                                   InetSocketAddress("10.1.0.2", 7000));
                                ++out.pushesSent;
                            });
    }
    uint32_t keepalivesB = 0;
    ikeA->TraceConnectWithoutContext(
        "KeepaliveSent", Callback<void, Ipv4Address, uint16_t>(
                             [&out](Ipv4Address, uint16_t)
                             { out.keepalives.push_back(Simulator::Now().GetSeconds()); }));
    ikeB->TraceConnectWithoutContext("KeepaliveSent",
                                     Callback<void, Ipv4Address, uint16_t>(
                                         [&keepalivesB](Ipv4Address, uint16_t) { ++keepalivesB; }));

    if (s.pcap)
    {
        p2p.EnablePcap(s.outDir + "/access-a.pcap", accessA.Get(0), true, true);
        p2p.EnablePcap(s.outDir + "/core.pcap", core.Get(0), true, true);
        p2p.EnablePcap(s.outDir + "/access-b.pcap", accessB.Get(1), true, true);
    }

    Simulator::Stop(Seconds(s.duration));
    Simulator::Run();

    std::ostringstream show;
    for (auto [name, node] : {std::make_pair("gwA", gwA), std::make_pair("gwB", gwB)})
    {
        show << name << "# show crypto map\n";
        ios.PrintCryptoMap(node, show);
        show << "\n" << name << "# show crypto isakmp sa\n";
        IkeHelper::GetAgent(node)->PrintIsakmpSas(show);
        show << "\n" << name << "# show crypto ipsec sa\n\n";
        IpsecHelper::GetStack(node)->PrintSas(show);
        show << "\n";
    }
    std::ofstream(s.outDir + "/show-crypto.txt") << show.str();
    std::cout << show.str();

    uint64_t natDrops = 0;
    for (auto box : {natBoxA, natBoxB})
    {
        natDrops += box ? box->GetDropCount(NatDropReason::NO_MAPPING) : 0;
    }
    out.phase2A = ikeA->GetPhase2Count();
    out.pushesDelivered = pushes.received;
    const uint32_t keepaliveA = fileA.config.natKeepalive.value_or(0);
    std::ofstream csv(s.outDir + "/summary.csv");
    csv << "run,nat,initiator_config,responder_config,natt,keepalive_s,nat_timeout_s,"
           "connections_a,connections_b,parse_warnings_a,apply_warnings_a,parse_warnings_b,"
           "apply_warnings_b,phase1_a,phase2_a,phase1_b,"
           "phase2_b,nat_status_a,nat_status_b,echo_replies,pushes_sent,pushes_delivered,"
           "keepalives_sent,nat_no_mapping_drops\n";
    csv << s.label << "," << s.nat << "," << fileA.path << "," << fileB.path << ","
        << fileA.config.natTraversal << "," << keepaliveA << "," << s.natTimeout << ","
        << connA.size() << "," << connB.size() << "," << fileA.config.warnings.size() << ","
        << ios.GetWarnings(gwA).size() << "," << fileB.config.warnings.size() << ","
        << ios.GetWarnings(gwB).size() << "," << ikeA->GetPhase1Count() << ","
        << ikeA->GetPhase2Count() << "," << ikeB->GetPhase1Count() << "," << ikeB->GetPhase2Count()
        << "," << ToString(ikeA->GetNatStatus(bSeen)) << "," << ToString(ikeB->GetNatStatus(aSeen))
        << "," << out.echoReplies << "," << out.pushesSent << "," << pushes.received << ","
        << out.keepalives.size() + keepalivesB << "," << natDrops << "\n";

    std::cout << "ipsec-nat-ios-config [" << s.label << "]: nat=" << s.nat
              << " keepalive=" << keepaliveA << "s natTimeout=" << s.natTimeout << "s"
              << "\n  gwA phase1 " << ikeA->GetPhase1Count() << " phase2 " << ikeA->GetPhase2Count()
              << " NAT " << ToString(ikeA->GetNatStatus(bSeen)) << "; gwB phase1 "
              << ikeB->GetPhase1Count() << " phase2 " << ikeB->GetPhase2Count() << " NAT "
              << ToString(ikeB->GetNatStatus(aSeen)) << "\n  echo replies " << out.echoReplies
              << "/5, pushes " << pushes.received << "/" << out.pushesSent << ", keepalives gwA "
              << out.keepalives.size() << " gwB " << keepalivesB << ", NAT no-mapping drops "
              << natDrops << "\n";
    if (!out.keepalives.empty())
    {
        std::cout << "  gwA NAT keepalives (UDP 4500, one octet 0xFF) at";
        for (double t : out.keepalives)
        {
            std::cout << " " << std::fixed << std::setprecision(1) << t << "s";
        }
        std::cout << std::defaultfloat << "\n";
    }
    if (ikeA->GetPhase2Count() == 0)
    {
        std::cout << "  no tunnel was negotiated"
                  << (connA.empty() ? ": gwA's crypto map matches no traffic" : "") << "\n";
    }
    std::cout << "  wrote " << s.outDir << "\n";
    Simulator::Destroy();
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string nat = "initiator";
    std::string initiatorConfig = "examples/configs/site-a.cfg";
    std::string responderConfig = "examples/configs/site-b.cfg";
    bool cisco = false;
    double natTimeout = 60;
    double pushInterval = 30;
    double duration = 120;
    bool pcap = true;
    RngFlags rng;
    std::string outDir = "results/ipsec-nat-ios-config";

    CommandLine cmd(__FILE__);
    cmd.AddValue("nat", "where a PAT sits: none|initiator|responder|both", nat);
    cmd.AddValue("initiatorConfig", "gwA's IOS configuration file", initiatorConfig);
    cmd.AddValue("responderConfig", "gwB's IOS configuration file", responderConfig);
    cmd.AddValue("cisco",
                 "1: run the Cisco text's NAT keepalive example unchanged on gwA (then with "
                 "access-list 101 added); ignores the config flags",
                 cisco);
    cmd.AddValue("natTimeout", "UDP mapping timeout of the PATs (s)", natTimeout);
    cmd.AddValue("pushInterval",
                 "hostB -> hostA datagram every this many seconds (--cisco: one at the end)",
                 pushInterval);
    cmd.AddValue("duration", "simulated time of each run (s)", duration);
    cmd.AddValue("pcap", "write pcaps (1|0)", pcap);
    rng.AddTo(cmd);
    cmd.AddValue("outDir", "output folder", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(nat != "none" && nat != "initiator" && nat != "responder" && nat != "both",
                    "--nat='" << nat << "' is unknown: allowed none, initiator, responder, both");
    NS_ABORT_MSG_IF(cisco && nat != "none" && nat != "initiator",
                    "--cisco=1 with --nat='" << nat
                                             << "': the Cisco example's peer is 10.0.0.1, which "
                                                "a PAT in front of gwB would hide: allowed "
                                                "--nat=initiator or none");
    Config::SetGlobal("ChecksumEnabled", BooleanValue(true));
    rng.Apply();
    mkdir(outDir.c_str(), 0755);

    Scenario s;
    s.nat = nat;
    s.duration = duration;
    s.natTimeout = natTimeout;
    s.pushInterval = pushInterval;
    s.pcap = pcap;
    if (!cisco)
    {
        s.label = "site";
        s.initiatorConfig = FindConfig(initiatorConfig, "initiatorConfig");
        s.responderConfig = FindConfig(responderConfig, "responderConfig");
        s.outDir = outDir;
        Run(s);
        return 0;
    }

    s.cisco = true;
    s.pushInterval = 0; // keep the tunnel idle: the keepalives are what keeps the PAT mapping
    s.responderConfig = FindConfig("examples/configs/cisco-example-peer.cfg", "responderConfig");

    std::cout << "=== 1. The Cisco text's NAT keepalive example, unchanged, on gwA ===\n";
    s.label = "cisco-unchanged";
    s.initiatorConfig
        = FindConfig("examples/configs/cisco-nat-keepalive-example.cfg", "initiatorConfig");
    s.outDir = outDir + "/cisco-unchanged";
    Outcome unchanged = Run(s);

    std::cout << "\n=== 2. The same text plus one line, access-list 101 permit ip 10.1.0.0 "
                 "0.0.0.255 10.2.0.0 0.0.0.255 ===\n";
    s.label = "cisco-with-acl";
    s.initiatorConfig = FindConfig("examples/configs/cisco-nat-keepalive-example-with-acl.cfg",
                                   "initiatorConfig");
    s.outDir = outDir + "/cisco-with-acl";
    Outcome withAcl = Run(s);

    std::cout << "\nCisco example: unchanged, " << unchanged.connectionsA << " connection(s) and "
              << unchanged.phase2A
              << " tunnel(s) (access-list 101 is not defined: the crypto map matches no "
                 "traffic); with access-list 101, "
              << withAcl.connectionsA << " connection(s), " << withAcl.phase2A << " tunnel(s), "
              << withAcl.echoReplies << "/5 echo replies, " << withAcl.keepalives.size()
              << " NAT keepalives from gwA, final push " << withAcl.pushesDelivered << "/"
              << withAcl.pushesSent << " delivered\n";
    return 0;
}
