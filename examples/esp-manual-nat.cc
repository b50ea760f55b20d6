/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Manually keyed ESP (or AH) between two gateways with a PAT in front of
 * one of them.
 *
 *  hostA ---- gwA ========== pat ============ gwB ---- hostB
 *  10.1.0.2   10.1.0.1       192.168.1.1      203.0.113.2  10.2.0.2
 *             192.168.1.2    203.0.113.1      10.2.0.1
 *  (LAN A, CSMA)  (access, p2p)   (WAN, p2p)      (LAN B, CSMA)
 *
 * Tunnel mode protects LAN A <-> LAN B between the gateways; transport mode
 * protects gwA <-> gwB traffic and runs the applications on the gateways.
 * Traffic: a UDP echo client/server and a TCP bulk transfer, ordinary ns-3
 * applications. With --encap=udp, ESP travels in UDP 4500 and crosses the
 * PAT; with --encap=none raw ESP meets the PAT, which drops it unless
 * --natPassthrough=1.
 *
 * Output in --outDir: one pcap per link (lan-a, access, wan, lan-b), esp_sa
 * (Wireshark keys: `tshark -o esp.enable_encryption_decode:TRUE -o
 * "uat:esp_sa:<line>"` decrypts every ESP packet), show-crypto-ipsec-sa.txt,
 * flowmon.xml and summary.csv.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <fstream>
#include <sys/stat.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("EspManualNatExample");

namespace
{

uint32_t
AddInterface(Ptr<NetDevice> dev, const char* address, const char* mask)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    uint32_t i = ipv4->AddInterface(dev);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(mask)));
    ipv4->SetUp(i);
    return i;
}

void
DefaultRoute(Ptr<Node> node, const char* gateway, uint32_t interface)
{
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(node->GetObject<Ipv4>())
        ->SetDefaultRoute(Ipv4Address(gateway), interface);
}

IpsecSelector
Prefixes(const char* src, const char* dst)
{
    IpsecSelector s;
    s.source = Ipv4Address(src);
    s.sourceMask = Ipv4Mask("255.255.255.0");
    s.destination = Ipv4Address(dst);
    s.destinationMask = Ipv4Mask("255.255.255.0");
    return s;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string cipher = "aes128";
    std::string integrity = "sha1";
    std::string mode = "tunnel";
    std::string encap = "udp";
    std::string protocol = "esp";
    std::string nat = "pat";
    bool natPassthrough = false;
    uint32_t echoPackets = 5;
    uint32_t echoSize = 200;
    uint32_t tcpBytes = 100000;
    double duration = 10;
    bool pcap = true;
    bool checksums = true;
    RngFlags rng;
    std::string outDir = "results/esp-manual-nat";

    CommandLine cmd(__FILE__);
    cmd.AddValue("cipher",
                 "ESP cipher: des, 3des, aes128, aes192, aes256, aes128gcm, aes256gcm, null",
                 cipher);
    cmd.AddValue("integrity",
                 "integrity: md5, sha1, sha256, sha384, sha512, none (ignored with GCM)",
                 integrity);
    cmd.AddValue("mode", "tunnel|transport", mode);
    cmd.AddValue("encap", "udp (ESP in UDP 4500, NAT-T) | none (raw ESP)", encap);
    cmd.AddValue("protocol", "esp|ah", protocol);
    cmd.AddValue("nat", "pat (PAT in front of gwA) | none (plain router)", nat);
    cmd.AddValue("natPassthrough", "PAT passes raw ESP by remote address (1|0)", natPassthrough);
    cmd.AddValue("echoPackets", "UDP echo requests", echoPackets);
    cmd.AddValue("echoSize", "UDP echo payload size (octets)", echoSize);
    cmd.AddValue("tcpBytes", "bytes of the TCP bulk transfer (0 = none)", tcpBytes);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("pcap", "write a pcap per link (1|0)", pcap);
    cmd.AddValue("checksums", "compute and check checksums (1|0)", checksums);
    rng.AddTo(cmd);
    cmd.AddValue("outDir", "output folder", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(mode != "tunnel" && mode != "transport",
                    "--mode='" << mode << "' is unknown: allowed tunnel, transport");
    NS_ABORT_MSG_IF(encap != "udp" && encap != "none",
                    "--encap='" << encap << "' is unknown: allowed udp, none");
    NS_ABORT_MSG_IF(protocol != "esp" && protocol != "ah",
                    "--protocol='" << protocol << "' is unknown: allowed esp, ah");
    NS_ABORT_MSG_IF(nat != "pat" && nat != "none",
                    "--nat='" << nat << "' is unknown: allowed pat, none");
    NS_ABORT_MSG_IF(protocol == "ah" && encap == "udp",
                    "--protocol=ah cannot be UDP-encapsulated: use --encap=none");
    Config::SetGlobal("ChecksumEnabled", BooleanValue(checksums));
    rng.Apply();
    mkdir(outDir.c_str(), 0755);

    IpsecTransform transform;
    transform.protocol = protocol == "ah" ? IpsecProtocol::AH : IpsecProtocol::ESP;
    transform.cipher = cipher;
    transform.integrity = integrity;
    transform.mode = mode == "transport" ? IpsecMode::TRANSPORT : IpsecMode::TUNNEL;
    bool transport = transform.mode == IpsecMode::TRANSPORT;

    // Nodes and links
    Ptr<Node> hostA = CreateObject<Node>();
    Ptr<Node> gwA = CreateObject<Node>();
    Ptr<Node> natNode = CreateObject<Node>();
    Ptr<Node> gwB = CreateObject<Node>();
    Ptr<Node> hostB = CreateObject<Node>();
    NodeContainer all(hostA, gwA, natNode, gwB, hostB);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(all);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(20)));
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("50Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    NetDeviceContainer lanA = csma.Install(NodeContainer(hostA, gwA));
    NetDeviceContainer access = p2p.Install(gwA, natNode);
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(10)));
    NetDeviceContainer wan = p2p.Install(natNode, gwB);
    NetDeviceContainer lanB = csma.Install(NodeContainer(gwB, hostB));

    AddInterface(lanA.Get(0), "10.1.0.2", "255.255.255.0");
    AddInterface(lanA.Get(1), "10.1.0.1", "255.255.255.0");
    uint32_t gwAOut = AddInterface(access.Get(0), "192.168.1.2", "255.255.255.0");
    AddInterface(access.Get(1), "192.168.1.1", "255.255.255.0");
    AddInterface(wan.Get(0), "203.0.113.1", "255.255.255.0");
    uint32_t gwBOut = AddInterface(wan.Get(1), "203.0.113.2", "255.255.255.0");
    AddInterface(lanB.Get(0), "10.2.0.1", "255.255.255.0");
    AddInterface(lanB.Get(1), "10.2.0.2", "255.255.255.0");
    DefaultRoute(hostA, "10.1.0.1", 1);
    DefaultRoute(gwA, "192.168.1.1", gwAOut);
    DefaultRoute(gwB, "203.0.113.1", gwBOut);
    DefaultRoute(hostB, "10.2.0.1", 1);

    Ptr<NatBox> natBox;
    if (nat == "pat")
    {
        NatHelper natHelper;
        natHelper.SetMode("pat");
        natHelper.SetAttribute("EspPassthrough", BooleanValue(natPassthrough));
        natBox = natHelper.Install(natNode, access.Get(1), wan.Get(0));
    }
    else
    {
        // A plain router: gwB must reach 192.168.1.0/24 itself.
        Ipv4StaticRoutingHelper helper;
        helper.GetStaticRouting(gwB->GetObject<Ipv4>())
            ->AddNetworkRouteTo(Ipv4Address("192.168.1.0"), Ipv4Mask("255.255.255.0"),
                                Ipv4Address("203.0.113.1"), gwBOut);
    }

    // IPsec
    IpsecHelper ipsec;
    IpsecManualTunnel t;
    t.a = gwA;
    t.b = gwB;
    t.aAddress = Ipv4Address("192.168.1.2");
    t.aSeenByB = nat == "pat" ? Ipv4Address("203.0.113.1") : t.aAddress;
    t.bAddress = Ipv4Address("203.0.113.2");
    t.aToB = Prefixes("10.1.0.0", "10.2.0.0");
    t.transform = transform;
    t.encapsulation = encap == "udp" ? IpsecEncapsulation::UDP : IpsecEncapsulation::NONE;

    // The tunnel MTU leaves room for the SA's overhead on a 1500-octet path,
    // and TCP's segment size (payload; the header takes up to 60 octets with
    // options) fits in it: ns-3 TCP does no path MTU discovery.
    IpsecSaConfig probe = IpsecHelper::SaConfigFor(transform);
    probe.encapsulation = t.encapsulation;
    uint16_t tunnelMtu = static_cast<uint16_t>(1500 - probe.Overhead());
    ipsec.SetAttribute("TunnelMtu", UintegerValue(tunnelMtu));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(tunnelMtu - 80));
    ipsec.Install(NodeContainer(gwA, gwB));
    ipsec.EnableKeyExport(outDir + "/esp_sa");
    int64_t stream = 100;
    stream += ipsec.AssignStreams(NodeContainer(gwA, gwB), stream);
    if (natBox)
    {
        stream += NatHelper::AssignStreams(NodeContainer(natNode), stream);
    }
    auto [spiAB, spiBA] = ipsec.AddManualTunnel(t);

    // Applications
    Ptr<Node> client = transport ? gwA : hostA;
    Ptr<Node> server = transport ? gwB : hostB;
    Ipv4Address serverAddress(transport ? "203.0.113.2" : "10.2.0.2");
    UdpEchoServerHelper echoServer(9);
    echoServer.Install(server).Start(Seconds(0.5));
    UdpEchoClientHelper echoClient(serverAddress, 9);
    echoClient.SetAttribute("MaxPackets", UintegerValue(echoPackets));
    echoClient.SetAttribute("Interval", TimeValue(Seconds(0.5)));
    echoClient.SetAttribute("PacketSize", UintegerValue(echoSize));
    ApplicationContainer echo = echoClient.Install(client);
    echo.Start(Seconds(1));
    uint32_t echoReplies = 0;
    echo.Get(0)->TraceConnectWithoutContext(
        "RxWithAddresses",
        Callback<void, Ptr<const Packet>, const Address&, const Address&>(
            [&echoReplies](Ptr<const Packet>, const Address&, const Address&) { ++echoReplies; }));
    Ptr<PacketSink> sink;
    if (tcpBytes > 0)
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 5001));
        ApplicationContainer s = sinkHelper.Install(server);
        s.Start(Seconds(0.5));
        sink = DynamicCast<PacketSink>(s.Get(0));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(serverAddress, 5001));
        bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
        bulk.Install(client).Start(Seconds(1 + echoPackets * 0.5 + 0.5));
    }

    if (pcap)
    {
        csma.EnablePcap(outDir + "/lan-a.pcap", lanA.Get(1), true, true);
        p2p.EnablePcap(outDir + "/access.pcap", access.Get(0), true, true);
        p2p.EnablePcap(outDir + "/wan.pcap", wan.Get(1), true, true);
        csma.EnablePcap(outDir + "/lan-b.pcap", lanB.Get(0), true, true);
    }
    FlowMonitorHelper flowHelper;
    Ptr<FlowMonitor> monitor = flowHelper.Install(NodeContainer(client, server));

    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    // Results
    Ptr<IpsecStack> a = IpsecHelper::GetStack(gwA);
    Ptr<IpsecStack> b = IpsecHelper::GetStack(gwB);
    std::ofstream show(outDir + "/show-crypto-ipsec-sa.txt");
    show << "gwA# show crypto ipsec sa detail\n\n";
    a->PrintSas(show, true);
    show << "gwB# show crypto ipsec sa detail\n\n";
    b->PrintSas(show, true);
    monitor->SerializeToXmlFile(outDir + "/flowmon.xml", false, false);

    uint64_t tcpReceived = sink ? sink->GetTotalRx() : 0;
    uint64_t natEspDrops = natBox ? natBox->GetDropCount(NatDropReason::UNSUPPORTED_PROTOCOL) : 0;
    uint64_t ipsecDrops = 0;
    for (std::size_t k = 0; k < kIpsecDropReasonCount; ++k)
    {
        ipsecDrops += a->GetCounters().drops[k] + b->GetCounters().drops[k];
    }
    std::ofstream csv(outDir + "/summary.csv");
    csv << "protocol,cipher,integrity,mode,encap,nat,passthrough,spi_ab,spi_ba,echo_sent,"
           "echo_replies,tcp_bytes,tcp_received,protected_a,protected_b,accepted_a,accepted_b,"
           "nat_unsupported_drops,ipsec_drops\n";
    csv << protocol << "," << cipher << "," << integrity << "," << mode << "," << encap << ","
        << nat << "," << natPassthrough << "," << spiAB << "," << spiBA << "," << echoPackets << ","
        << echoReplies << "," << tcpBytes << "," << tcpReceived << ","
        << a->GetCounters().protectedOut << "," << b->GetCounters().protectedOut << ","
        << a->GetCounters().acceptedIn << "," << b->GetCounters().acceptedIn << "," << natEspDrops
        << "," << ipsecDrops << "\n";

    std::cout << "esp-manual-nat: " << protocol << " " << cipher << "/" << integrity << " " << mode
              << " encap=" << encap << " nat=" << nat << "\n"
              << "  UDP echo: " << echoReplies << "/" << echoPackets << " replies\n"
              << "  TCP: " << tcpReceived << "/" << tcpBytes << " bytes\n"
              << "  gwA protected " << a->GetCounters().protectedOut << ", accepted "
              << a->GetCounters().acceptedIn << "; gwB protected " << b->GetCounters().protectedOut
              << ", accepted " << b->GetCounters().acceptedIn << "\n"
              << "  NAT drops (unsupported-protocol): " << natEspDrops
              << ", IPsec drops: " << ipsecDrops << "\n"
              << "  wrote " << outDir << "/{*.pcap,esp_sa,show-crypto-ipsec-sa.txt,flowmon.xml,"
              << "summary.csv}\n";
    Simulator::Destroy();
    return 0;
}
