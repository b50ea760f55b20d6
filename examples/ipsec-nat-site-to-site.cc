/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two IPsec routers with LANs behind them negotiate with IKEv1 (Main Mode,
 * pre-shared keys, Quick Mode) and NAT Traversal, with a NAT/PAT in front
 * of either, both or none of them.
 *
 *  hostA -- gwA -- rA ============ rB -- gwB -- hostB
 *  10.1.0.2  |  192.168.1.1 | 198.51.100.1   198.51.100.2 | 192.168.2.1  |  10.2.0.2
 *         192.168.1.2                                            192.168.2.2
 *
 * rA and rB are PATs (--nat=initiator, responder, both) or plain routers.
 * A PAT in front of the responder forwards UDP 500 and 4500 to gwB. gwA
 * initiates at 1 s. hostA sends a few UDP echo requests to hostB; hostB
 * then "pushes" a datagram to hostA every --pushInterval seconds — the
 * hub-to-peer traffic a NAT mapping timeout loses when nothing keeps the
 * mapping alive (--keepalive vs --natTimeout).
 *
 * Output in --outDir: pcaps of the access and core links, ikev1_decryption_table
 * and esp_sa (tshark decrypts Main Mode 5/6, Quick Mode and every ESP
 * packet with them), show-crypto.txt (show crypto isakmp sa / ipsec sa at
 * the end) and summary.csv.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <sys/stat.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatSiteToSite");

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

} // namespace

int
main(int argc, char* argv[])
{
    std::string nat = "initiator";
    bool natt = true;
    double keepalive = 20;
    double natTimeout = 60;
    std::string mode = "tunnel";
    std::string cipher = "aes128";
    std::string integrity = "sha256";
    std::string protocol = "esp";
    double pushInterval = 30;
    double duration = 120;
    std::string psk = "lab-psk-not-a-secret";
    bool aggressive = false;
    double dpd = 0;
    double rebootAt = 0;
    double ipsecLifetime = 3600;
    double ikeLifetime = 86400;
    double echoInterval = 1;
    uint32_t echoCount = 5;
    std::string pskBy = "address";
    bool pcap = true;
    RngFlags rng;
    std::string outDir = "results/ipsec-nat-site-to-site";

    CommandLine cmd(__FILE__);
    cmd.AddValue("nat", "where a PAT sits: none|initiator|responder|both", nat);
    cmd.AddValue("natt",
                 "NAT Traversal (1|0); 0 = no crypto ipsec nat-transparency "
                 "udp-encapsulation",
                 natt);
    cmd.AddValue("keepalive", "NAT keepalive interval (s, 0 = off, else 5..3600)", keepalive);
    cmd.AddValue("natTimeout", "UDP mapping timeout of the PATs (s)", natTimeout);
    cmd.AddValue("mode", "tunnel|transport", mode);
    cmd.AddValue("cipher", "ESP cipher (des, 3des, aes128, aes256, aes128gcm, ...)", cipher);
    cmd.AddValue("integrity", "ESP integrity (md5, sha1, sha256, ...)", integrity);
    cmd.AddValue("protocol", "esp|ah (AH cannot cross a NAT: expected to fail)", protocol);
    cmd.AddValue("pushInterval", "hostB -> hostA datagram every this many seconds", pushInterval);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("psk", "pre-shared key", psk);
    cmd.AddValue("aggressive", "phase 1 in Aggressive Mode (1) or Main Mode (0)", aggressive);
    cmd.AddValue("pskBy",
                 "how the responder finds the key: address (of the peer as seen), private "
                 "(the initiator's own address: breaks through NAT), wildcard (0.0.0.0/0), "
                 "identity (FQDN, needs --aggressive=1)",
                 pskBy);
    cmd.AddValue("dpd", "Dead Peer Detection interval (s, 0 = off)", dpd);
    cmd.AddValue("rebootAt",
                 "reboot the initiator's NAT at this time, moving its ports (s, 0 = no)", rebootAt);
    cmd.AddValue("ipsecLifetime", "phase 2 SA lifetime (s); rekeyed at 85-90% of it",
                 ipsecLifetime);
    cmd.AddValue("ikeLifetime", "phase 1 (ISAKMP SA) lifetime (s); rekeyed at 85-90% of it",
                 ikeLifetime);
    cmd.AddValue("echoCount", "UDP echo requests from hostA", echoCount);
    cmd.AddValue("echoInterval", "time between echo requests (s)", echoInterval);
    cmd.AddValue("pcap", "write pcaps (1|0)", pcap);
    rng.AddTo(cmd);
    cmd.AddValue("outDir", "output folder", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(nat != "none" && nat != "initiator" && nat != "responder" && nat != "both",
                    "--nat='" << nat << "' is unknown: allowed none, initiator, responder, both");
    NS_ABORT_MSG_IF(pskBy != "address" && pskBy != "private" && pskBy != "wildcard"
                        && pskBy != "identity",
                    "--pskBy='" << pskBy << "' is unknown: allowed address, private, wildcard, "
                                << "identity");
    NS_ABORT_MSG_IF(mode != "tunnel" && mode != "transport",
                    "--mode='" << mode << "' is unknown: allowed tunnel, transport");
    Config::SetGlobal("ChecksumEnabled", BooleanValue(true));
    rng.Apply();
    mkdir(outDir.c_str(), 0755);
    bool natA = nat == "initiator" || nat == "both";
    bool natB = nat == "responder" || nat == "both";
    bool transport = mode == "transport";

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
    Attach(accessB.Get(0), "192.168.2.1");
    uint32_t gwBOut = Attach(accessB.Get(1), "192.168.2.2");
    Attach(lanB.Get(0), "10.2.0.1");
    Attach(lanB.Get(1), "10.2.0.2");
    Static(hostA)->SetDefaultRoute("10.1.0.1", 1);
    Static(hostB)->SetDefaultRoute("10.2.0.1", 1);
    Static(gwA)->SetDefaultRoute("192.168.1.1", gwAOut);
    Static(gwB)->SetDefaultRoute("192.168.2.1", gwBOut);
    if (!natA)
    {
        Static(rB)->AddNetworkRouteTo("192.168.1.0", "255.255.255.0", "198.51.100.1", rBOut);
    }
    if (!natB)
    {
        Static(rA)->AddNetworkRouteTo("192.168.2.0", "255.255.255.0", "198.51.100.2", rAOut);
    }

    NatHelper natHelper;
    natHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(natTimeout)));
    Ptr<NatBox> natBoxA;
    Ptr<NatBox> natBoxB;
    if (natA)
    {
        natBoxA = natHelper.Install(rA, accessA.Get(1), core.Get(0));
    }
    if (natB)
    {
        NatHelper fwd;
        fwd.SetAttribute("UdpTimeout", TimeValue(Seconds(natTimeout)));
        fwd.AddStaticPortMapping(17, Ipv4Address("192.168.2.2"), 500, 500);
        fwd.AddStaticPortMapping(17, Ipv4Address("192.168.2.2"), 4500, 4500);
        natBoxB = fwd.Install(rB, accessB.Get(0), core.Get(1));
    }
    // How each gateway sees the other.
    Ipv4Address aAddr("192.168.1.2");
    Ipv4Address bAddr("192.168.2.2");
    Ipv4Address aSeen = natA ? Ipv4Address("198.51.100.1") : aAddr;
    Ipv4Address bSeen = natB ? Ipv4Address("198.51.100.2") : bAddr;

    IpsecHelper ipsec;
    ipsec.SetAttribute("TunnelMtu", UintegerValue(1400));
    ipsec.Install(NodeContainer(gwA, gwB));
    ipsec.EnableKeyExport(outDir + "/esp_sa");
    IkeHelper ike;
    ike.SetAttribute("NatTraversal", BooleanValue(natt));
    ike.SetAttribute("NatKeepalive", TimeValue(Seconds(keepalive)));
    ike.SetAttribute("DpdInterval", TimeValue(Seconds(dpd)));
    ike.EnableKeyExport(outDir + "/ikev1_decryption_table");
    ike.Install(NodeContainer(gwA, gwB));
    int64_t stream = 10;
    stream += ipsec.AssignStreams(NodeContainer(gwA, gwB), stream);
    stream += IkeHelper::AssignStreams(NodeContainer(gwA, gwB), stream);
    stream += NatHelper::AssignStreams(NodeContainer(rA, rB), stream);

    IkeProposal policy{IpsecHelper::ParseCipher("aes128"), HashAlgorithm::SHA2_256, 14,
                       Seconds(ikeLifetime)};
    IpsecTransform transform;
    transform.cipher = cipher;
    transform.integrity = integrity;
    transform.mode = transport ? IpsecMode::TRANSPORT : IpsecMode::TUNNEL;
    NS_ABORT_MSG_IF(protocol != "esp" && protocol != "ah",
                    "--protocol='" << protocol << "' is unknown: allowed esp, ah");
    transform.protocol = protocol == "ah" ? IpsecProtocol::AH : IpsecProtocol::ESP;
    auto selector = [transport](Ipv4Address local, Ipv4Address remote, const char* localNet,
                                const char* remoteNet)
    {
        IpsecSelector s;
        if (transport)
        {
            s.source = local;
            s.sourceMask = Ipv4Mask::GetOnes();
            s.destination = remote;
            s.destinationMask = Ipv4Mask::GetOnes();
        }
        else
        {
            s.source = Ipv4Address(localNet);
            s.sourceMask = Ipv4Mask("255.255.255.0");
            s.destination = Ipv4Address(remoteNet);
            s.destinationMask = Ipv4Mask("255.255.255.0");
        }
        return s;
    };
    Ptr<IkeAgent> ikeA = IkeHelper::GetAgent(gwA);
    Ptr<IkeAgent> ikeB = IkeHelper::GetAgent(gwB);
    ikeA->AddPreSharedKey(bSeen, Ipv4Mask::GetOnes(), psk);
    if (pskBy == "address")
    {
        ikeB->AddPreSharedKey(aSeen, Ipv4Mask::GetOnes(), psk);
    }
    else if (pskBy == "private")
    {
        // The initiator's own address: what a configuration written without
        // the NAT in mind says. Through a NAT the responder finds no key.
        ikeB->AddPreSharedKey(aAddr, Ipv4Mask::GetOnes(), psk);
    }
    else if (pskBy == "wildcard")
    {
        ikeB->AddPreSharedKey(Ipv4Address::GetAny(), Ipv4Mask::GetZero(), psk);
    }
    else
    {
        ikeB->AddPreSharedKeyForIdentity("gw-a.example", psk);
    }
    IkeConnection ca;
    ca.name = "to-b";
    ca.localAddress = aAddr;
    ca.peerAddress = bSeen;
    ca.proposals = {policy};
    ca.transform = transform;
    ca.selector = selector(aAddr, bSeen, "10.1.0.0", "10.2.0.0");
    ca.ipsecLifetime = Seconds(ipsecLifetime);
    IkeConnection cb = ca;
    cb.name = "to-a";
    cb.localAddress = bAddr;
    cb.peerAddress = aSeen;
    cb.selector = selector(bAddr, aSeen, "10.2.0.0", "10.1.0.0");
    ca.aggressive = aggressive;
    ca.localIdentity = pskBy == "identity" ? "gw-a.example" : "";
    uint32_t connA = ikeA->AddConnection(ca);
    ikeB->AddConnection(cb);
    Simulator::Schedule(Seconds(1), &IkeAgent::Initiate, ikeA, connA);
    if (rebootAt > 0 && natA)
    {
        NatHelper::ScheduleReboot(rA, Seconds(rebootAt), true);
    }

    // Traffic: echo from A's side, pushes from B's side.
    Ptr<Node> clientNode = transport ? gwA : hostA;
    Ptr<Node> serverNode = transport ? gwB : hostB;
    Ipv4Address serverAddress = transport ? bSeen : Ipv4Address("10.2.0.2");
    Ipv4Address clientAddress = transport ? aSeen : Ipv4Address("10.1.0.2");
    UdpEchoServerHelper echoServer(9);
    echoServer.Install(serverNode).Start(Seconds(0));
    UdpEchoClientHelper echoClient(serverAddress, 9);
    echoClient.SetAttribute("MaxPackets", UintegerValue(echoCount));
    echoClient.SetAttribute("Interval", TimeValue(Seconds(echoInterval)));
    echoClient.SetAttribute("PacketSize", UintegerValue(100));
    ApplicationContainer echo = echoClient.Install(clientNode);
    echo.Start(Seconds(3));
    uint32_t echoReplies = 0;
    echo.Get(0)->TraceConnectWithoutContext(
        "RxWithAddresses",
        Callback<void, Ptr<const Packet>, const Address&, const Address&>(
            [&echoReplies](Ptr<const Packet>, const Address&, const Address&) { ++echoReplies; }));
    Counter pushes;
    Ptr<Socket> pushSink = Socket::CreateSocket(clientNode, UdpSocketFactory::GetTypeId());
    pushSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
    pushSink->SetRecvCallback(MakeCallback(&Counter::Receive, &pushes));
    Ptr<Socket> pushSource = Socket::CreateSocket(serverNode, UdpSocketFactory::GetTypeId());
    pushSource->Bind();
    uint32_t pushesSent = 0;
    for (double t = 10; t < duration; t += pushInterval)
    {
        Simulator::Schedule(Seconds(t),
                            [&pushesSent, pushSource, clientAddress]()
                            {
                                pushSource->SendTo(Create<Packet>(64), 0,
                                                   InetSocketAddress(clientAddress, 7000));
                                ++pushesSent;
                            });
    }
    uint32_t keepalivesSent = 0;
    for (auto agent : {ikeA, ikeB})
    {
        agent->TraceConnectWithoutContext(
            "KeepaliveSent", Callback<void, Ipv4Address, uint16_t>(
                                 [&keepalivesSent](Ipv4Address, uint16_t) { ++keepalivesSent; }));
    }

    if (pcap)
    {
        p2p.EnablePcap(outDir + "/access-a.pcap", accessA.Get(0), true, true);
        p2p.EnablePcap(outDir + "/core.pcap", core.Get(0), true, true);
        p2p.EnablePcap(outDir + "/access-b.pcap", accessB.Get(1), true, true);
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::ofstream show(outDir + "/show-crypto.txt");
    for (auto [name, node] : {std::make_pair("gwA", gwA), std::make_pair("gwB", gwB)})
    {
        show << name << "# show crypto isakmp sa\n";
        IkeHelper::GetAgent(node)->PrintIsakmpSas(show);
        show << "\n" << name << "# show crypto ipsec sa\n\n";
        IpsecHelper::GetStack(node)->PrintSas(show);
    }
    uint64_t natDrops = 0;
    for (auto box : {natBoxA, natBoxB})
    {
        natDrops += box ? box->GetDropCount(NatDropReason::NO_MAPPING) : 0;
    }
    std::ofstream csv(outDir + "/summary.csv");
    csv << "nat,natt,keepalive_s,nat_timeout_s,mode,phase1_a,phase2_a,phase1_b,phase2_b,"
           "nat_status_a,nat_status_b,echo_sent,echo_replies,pushes_sent,pushes_delivered,"
           "keepalives_sent,nat_no_mapping_drops,rekeys\n";
    csv << nat << "," << natt << "," << keepalive << "," << natTimeout << "," << mode << ","
        << ikeA->GetPhase1Count() << "," << ikeA->GetPhase2Count() << "," << ikeB->GetPhase1Count()
        << "," << ikeB->GetPhase2Count() << "," << ToString(ikeA->GetNatStatus(bSeen)) << ","
        << ToString(ikeB->GetNatStatus(aSeen)) << "," << echoCount << "," << echoReplies << ","
        << pushesSent << "," << pushes.received << "," << keepalivesSent << "," << natDrops << ","
        << ikeA->GetRekeyCount() << "\n";
    std::cout << "ipsec-nat-site-to-site: nat=" << nat << " natt=" << natt
              << " keepalive=" << keepalive << "s natTimeout=" << natTimeout << "s mode=" << mode
              << "\n  gwA phase1 " << ikeA->GetPhase1Count() << " phase2 " << ikeA->GetPhase2Count()
              << " NAT " << ToString(ikeA->GetNatStatus(bSeen)) << "; gwB phase1 "
              << ikeB->GetPhase1Count() << " phase2 " << ikeB->GetPhase2Count() << " NAT "
              << ToString(ikeB->GetNatStatus(aSeen)) << "\n  echo replies " << echoReplies << "/"
              << echoCount << ", pushes " << pushes.received << "/" << pushesSent << ", keepalives "
              << keepalivesSent << ", NAT no-mapping drops " << natDrops << ", rekeys "
              << ikeA->GetRekeyCount() << "\n  wrote " << outDir << "\n";
    Simulator::Destroy();
    return 0;
}
