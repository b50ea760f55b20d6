/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Live mode: a simulated IPsec router and a simulated NAT/PAT talk to a real
 * IPsec peer (strongSwan's charon, a router, a VPN client) through a TAP
 * device. ns-3 runs with the real-time scheduler and real checksums; the
 * simulated NAT is the node on the TAP, facing the real peer with its
 * outside (--nat=sim: the NAT is in front of the simulated router) or with
 * its inside (--nat=real: the NAT is in front of the real peer, which must
 * detect that it is behind a NAT and float to UDP 4500).
 *
 * --nat=sim                                          (real peer outside)
 *   real 172.30.0.2 ==TAP== 172.30.0.1 [NAT] 192.168.1.1 -- 192.168.1.2 [router] 10.1.0.1
 * -- 10.1.0.2 host LAN 10.2.0.0/24                  forwards UDP 500/4500 to the router when the
 * real peer initiates
 *
 * --nat=real                                         (real peer inside)
 *   real 192.168.77.2 ==TAP== 192.168.77.1 [NAT] 172.30.0.1 -- 172.30.0.2 [router] 10.1.0.1
 * -- 10.1.0.2 host LAN 10.2.0.0/24   (default route via 192.168.77.1; the NAT forwards UDP 500/4500
 * to 192.168.77.2 when the simulated router initiates)
 *
 * The router protects 10.1.0.0/24 <-> 10.2.0.0/24 with IKEv1 Main Mode (PSK,
 * aes128-sha256-modp2048) and Quick Mode (ESP aes128-sha256, tunnel, no PFS).
 * With --initiator=sim it initiates at 1 s; with --initiator=real it waits.
 * The simulated host answers pings, echoes UDP on port 9 and sends
 * --udpCount datagrams to 10.2.0.1:--udpPort starting at --udpStart, plus
 * one "late" datagram at --udpLate (after an idle period, to see whether
 * the NAT mapping survived).
 *
 * The TAP is opened here and its file descriptor handed to an FdNetDevice,
 * so none of ns-3's creator programs is needed. Create it first (as root):
 *   ip tuntap add dev tap0 mode tap; ip addr add 172.30.0.2/24 dev tap0; ip link set tap0 up
 *
 * Output in --outDir: live.pcap (the emulated link, as the NAT node sees
 * it), ikev1_decryption_table and esp_sa (tshark decrypts the capture with
 * them), show-crypto.txt and summary.txt (key=value lines).
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("IpsecNatLive");

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

/**
 * Open the existing TAP device \p name (no packet information header, so
 * frames are plain Ethernet, FdNetDevice's DIX mode).
 * \return the file descriptor; stops with the system's reason on failure
 */
int
OpenTap(const std::string& name)
{
    int fd = open("/dev/net/tun", O_RDWR);
    NS_ABORT_MSG_IF(fd < 0, "cannot open /dev/net/tun: " << std::strerror(errno));
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    NS_ABORT_MSG_IF(name.size() >= IFNAMSIZ, "--tap name too long: " << name);
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    NS_ABORT_MSG_IF(ioctl(fd, TUNSETIFF, &ifr) < 0, "cannot attach to TAP '"
                                                        << name << "': " << std::strerror(errno)
                                                        << " (create it first: ip tuntap add dev "
                                                        << name << " mode tap)");
    return fd;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string tap = "tap0";
    std::string nat = "sim";
    std::string initiator = "sim";
    double natTimeout = 60;
    double keepalive = 5;
    double duration = 40;
    double delay = 0.005;
    double udpStart = 8;
    uint32_t udpCount = 5;
    double udpLate = 0;
    uint32_t udpLateSize = 64;
    uint16_t udpPort = 7000;
    double ipsecLifetime = 3600;
    double dpd = 0;
    std::string psk = "lab-psk-not-a-secret";
    std::string macAddress = "02:00:00:00:77:01";
    bool pcap = true;
    std::string outDir = "results/ipsec-nat-live";

    CommandLine cmd(__FILE__);
    cmd.AddValue("tap", "TAP device to attach to (must exist)", tap);
    cmd.AddValue("nat",
                 "where the simulated NAT sits: sim (in front of the simulated router) | "
                 "real (in front of the real peer)",
                 nat);
    cmd.AddValue("initiator", "who starts IKE: sim (at 1 s) | real", initiator);
    cmd.AddValue("natTimeout", "UDP mapping timeout of the simulated NAT (s)", natTimeout);
    cmd.AddValue("keepalive", "NAT keepalive interval of the simulated router (s, 0 = off)",
                 keepalive);
    cmd.AddValue("duration", "run time (s, wall clock = simulated)", duration);
    cmd.AddValue("delay", "one-way delay of the simulated link between NAT and router (s)", delay);
    cmd.AddValue("udpStart", "first datagram from the simulated host to the real LAN (s)",
                 udpStart);
    cmd.AddValue("udpCount", "datagrams, one a second from udpStart", udpCount);
    cmd.AddValue("udpLate", "one more datagram at this time (s, 0 = none)", udpLate);
    cmd.AddValue("udpLateSize", "its payload size (octets), to tell it apart", udpLateSize);
    cmd.AddValue("udpPort", "destination port of those datagrams on 10.2.0.1", udpPort);
    cmd.AddValue("ipsecLifetime",
                 "phase 2 lifetime the router proposes and keeps (s); it rekeys at 85-90% of it",
                 ipsecLifetime);
    cmd.AddValue("dpd", "Dead Peer Detection interval of the router (s, 0 = off)", dpd);
    cmd.AddValue("psk", "pre-shared key", psk);
    cmd.AddValue("mac", "MAC address of the simulated node on the TAP", macAddress);
    cmd.AddValue("pcap", "write a pcap of the emulated link (1|0)", pcap);
    cmd.AddValue("outDir", "output folder (pcap, key files, show-crypto.txt, summary.txt)", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(nat != "sim" && nat != "real",
                    "--nat='" << nat << "' is unknown: allowed sim, real");
    NS_ABORT_MSG_IF(initiator != "sim" && initiator != "real",
                    "--initiator='" << initiator << "' is unknown: allowed sim, real");
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    mkdir(outDir.c_str(), 0755);
    bool natSim = nat == "sim";
    bool simInitiates = initiator == "sim";

    // natNode is on the TAP; router is the IPsec gateway; host is its LAN.
    Ptr<Node> natNode = CreateObject<Node>();
    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> host = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(NodeContainer(natNode, router, host));

    FdNetDeviceHelper fdHelper;
    Ptr<FdNetDevice> live = DynamicCast<FdNetDevice>(fdHelper.Install(natNode).Get(0));
    live->SetFileDescriptor(OpenTap(tap));
    live->SetAddress(Mac48Address(macAddress.c_str()));

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(Seconds(delay)));
    NetDeviceContainer access = p2p.Install(natNode, router);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    NetDeviceContainer lan = csma.Install(NodeContainer(router, host));

    // Addresses: see the drawing at the top.
    const char* natLive = natSim ? "172.30.0.1" : "192.168.77.1";
    const char* natAccess = natSim ? "192.168.1.1" : "172.30.0.1";
    const char* routerOut = natSim ? "192.168.1.2" : "172.30.0.2";
    const char* realPeer = natSim ? "172.30.0.2" : "192.168.77.2";
    uint32_t natLiveIf = Attach(live, natLive);
    uint32_t natAccessIf = Attach(access.Get(0), natAccess);
    uint32_t routerOutIf = Attach(access.Get(1), routerOut);
    Attach(lan.Get(0), "10.1.0.1");
    Attach(lan.Get(1), "10.1.0.2");
    NatHelper::GetStaticRouting(host)->SetDefaultRoute("10.1.0.1", 1);
    NatHelper::GetStaticRouting(router)->SetDefaultRoute(natAccess, routerOutIf);
    if (!natSim)
    {
        // The NAT's outside is the router's link; nothing lies beyond it.
        NatHelper::GetStaticRouting(natNode)->SetDefaultRoute("172.30.0.2", natAccessIf);
    }
    else
    {
        NatHelper::GetStaticRouting(natNode)->SetDefaultRoute(realPeer, natLiveIf);
    }

    NatHelper natHelper;
    natHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(natTimeout)));
    Ptr<NatBox> natBox;
    if (natSim)
    {
        if (!simInitiates)
        {
            // The real peer initiates towards the NAT's public address.
            natHelper.AddStaticPortMapping(17, Ipv4Address(routerOut), 500, 500);
            natHelper.AddStaticPortMapping(17, Ipv4Address(routerOut), 4500, 4500);
        }
        natBox = natHelper.Install(natNode, access.Get(0), live);
    }
    else
    {
        if (simInitiates)
        {
            natHelper.AddStaticPortMapping(17, Ipv4Address(realPeer), 500, 500);
            natHelper.AddStaticPortMapping(17, Ipv4Address(realPeer), 4500, 4500);
        }
        natBox = natHelper.Install(natNode, live, access.Get(0));
    }
    // How the router sees the real peer.
    Ipv4Address peerSeen(natSim ? realPeer : "172.30.0.1");

    IpsecHelper ipsec;
    ipsec.SetAttribute("TunnelMtu", UintegerValue(1400));
    ipsec.Install(router);
    ipsec.EnableKeyExport(outDir + "/esp_sa");
    IkeHelper ike;
    ike.SetAttribute("NatKeepalive", TimeValue(Seconds(keepalive)));
    ike.SetAttribute("DpdInterval", TimeValue(Seconds(dpd)));
    ike.EnableKeyExport(outDir + "/ikev1_decryption_table");
    ike.Install(router);
    Ptr<IkeAgent> agent = IkeHelper::GetAgent(router);
    agent->AddPreSharedKey(peerSeen, Ipv4Mask::GetOnes(), psk);

    IkeConnection connection;
    connection.name = "live";
    connection.localAddress = Ipv4Address(routerOut);
    connection.peerAddress = peerSeen;
    connection.proposals = {IkeProposal{IpsecHelper::ParseCipher("aes128"), HashAlgorithm::SHA2_256,
                                        14, Seconds(14400)}};
    connection.transform.cipher = "aes128";
    connection.transform.integrity = "sha256";
    connection.transform.mode = IpsecMode::TUNNEL;
    connection.selector.source = Ipv4Address("10.1.0.0");
    connection.selector.sourceMask = Ipv4Mask("255.255.255.0");
    connection.selector.destination = Ipv4Address("10.2.0.0");
    connection.selector.destinationMask = Ipv4Mask("255.255.255.0");
    connection.ipsecLifetime = Seconds(ipsecLifetime);
    uint32_t id = agent->AddConnection(connection);
    if (simInitiates)
    {
        Simulator::Schedule(Seconds(1), &IkeAgent::Initiate, agent, id);
    }

    // Traffic of the simulated host: UDP echo server, datagrams to the real LAN.
    UdpEchoServerHelper echoServer(9);
    echoServer.Install(host).Start(Seconds(0));
    Ptr<Socket> source = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
    source->Bind();
    uint32_t udpSent = 0;
    InetSocketAddress realHost(Ipv4Address("10.2.0.1"), udpPort);
    auto send = [&udpSent, source, realHost](uint32_t size)
    {
        source->SendTo(Create<Packet>(size), 0, realHost);
        ++udpSent;
    };
    for (uint32_t i = 0; i < udpCount; ++i)
    {
        Simulator::Schedule(Seconds(udpStart + i), [send]() { send(64); });
    }
    if (udpLate > 0)
    {
        Simulator::Schedule(Seconds(udpLate), [send, udpLateSize]() { send(udpLateSize); });
    }

    uint32_t keepalivesSent = 0;
    uint32_t keepalivesReceived = 0;
    agent->TraceConnectWithoutContext("KeepaliveSent", Callback<void, Ipv4Address, uint16_t>(
                                                           [&keepalivesSent](Ipv4Address, uint16_t)
                                                           { ++keepalivesSent; }));
    IpsecHelper::GetStack(router)->TraceConnectWithoutContext(
        "Keepalive", Callback<void, Ipv4Address, uint16_t>(
                         [&keepalivesReceived](Ipv4Address, uint16_t) { ++keepalivesReceived; }));
    if (pcap)
    {
        fdHelper.EnablePcap(outDir + "/live.pcap", live, true, true);
    }

    std::cout << "ipsec-nat-live: tap=" << tap << " nat=" << nat << " initiator=" << initiator
              << " natTimeout=" << natTimeout << "s keepalive=" << keepalive
              << "s duration=" << duration << "s: running" << std::endl;
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    std::ofstream show(outDir + "/show-crypto.txt");
    show << "router# show crypto isakmp sa\n";
    agent->PrintIsakmpSas(show);
    show << "\nrouter# show crypto ipsec sa\n\n";
    IpsecHelper::GetStack(router)->PrintSas(show);
    show << "\nnat# show ip nat translations\n";
    natBox->PrintMappings(show);

    std::ofstream summary(outDir + "/summary.txt");
    summary << "nat=" << nat << "\ninitiator=" << initiator
            << "\nphase1=" << agent->GetPhase1Count() << "\nphase2=" << agent->GetPhase2Count()
            << "\nrekeys=" << agent->GetRekeyCount()
            << "\nnat_status=" << ToString(agent->GetNatStatus(peerSeen))
            << "\nudp_sent=" << udpSent << "\nkeepalives_sent=" << keepalivesSent
            << "\nkeepalives_received=" << keepalivesReceived
            << "\nnat_no_mapping_drops=" << natBox->GetDropCount(NatDropReason::NO_MAPPING) << "\n";
    std::cout << "ipsec-nat-live: phase1 " << agent->GetPhase1Count() << " phase2 "
              << agent->GetPhase2Count() << " NAT " << ToString(agent->GetNatStatus(peerSeen))
              << "; udp sent " << udpSent << ", keepalives sent " << keepalivesSent << " received "
              << keepalivesReceived << ", NAT no-mapping drops "
              << natBox->GetDropCount(NatDropReason::NO_MAPPING) << "\n  wrote " << outDir << "\n";
    Simulator::Destroy();
    return 0;
}
