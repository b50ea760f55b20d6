/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Wall time per packet of an ESP tunnel through a PAT against the same
 * topology carrying plain UDP through plain routers (issue #5, per-packet
 * target: ratio at most 1.3).
 *
 *  hostA ---- gwA ---- mid ---- gwB ---- hostB
 *  10.1.0.2   10.1.0.1 192.168.1.1 203.0.113.2 10.2.0.2
 *             192.168.1.2 203.0.113.1 10.2.0.1
 *
 * The variants have the same five nodes, four point-to-point links and the
 * same UDP datagrams from hostA to hostB (one socket each, same payload
 * sizes, same send times):
 *  - plain:  gwA, mid and gwB are ordinary ns-3 routers;
 *  - esp:    gwA and gwB run a manually keyed ESP tunnel, AES-128-GCM (RFC
 *            4106), UDP-encapsulated (RFC 3948), and mid is a PAT (NatHelper)
 *            that translates gwA's 4500 to its public address;
 *  - tunnel: the ns-3 floor of any gateway that encapsulates in UDP: gwA and
 *            gwB each have ns-3's own VirtualNetDevice and a UDP socket, as
 *            in ns-3's virtual-net-device example (the inner IP packet, as
 *            is, is the datagram's payload), no crypto, no SPD, and mid is
 *            a plain router. The packet takes the same IP-layer passes as
 *            the esp variant (forward into the tunnel device, outer send,
 *            local delivery and UDP on gwB, the inner packet's second
 *            receive), so esp/tunnel is what this module adds (crypto, ESP
 *            framing, SPD, PAT) and tunnel/plain what ns-3 charges for
 *            encapsulating at all.
 * Each run is a fresh simulation (Simulator::Destroy between runs); the
 * variants run in a rotating order (plain, esp, tunnel; esp, tunnel, plain;
 * ...), so drifting machine load hits all alike. Setup (building the topology)
 * and Simulator::Run are timed separately; the per-packet figure is Run
 * wall time divided by the packets sent. Every run must deliver every
 * packet, else the program exits with status 1.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/virtual-net-device.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("BenchEspPerPacket");

namespace
{

using Clock = std::chrono::steady_clock;

double
Seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

uint32_t
Attach(Ptr<NetDevice> dev, const char* address)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    uint32_t i = ipv4->AddInterface(dev);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask("255.255.255.0")));
    ipv4->SetUp(i);
    return i;
}

Ptr<Ipv4StaticRouting>
Static(Ptr<Node> node)
{
    Ipv4StaticRoutingHelper helper;
    return helper.GetStaticRouting(node->GetObject<Ipv4>());
}

/// What one run measured and delivered.
struct RunResult
{
    double setup{0};      //!< wall seconds to build the topology
    double run{0};        //!< wall seconds of Simulator::Run
    uint32_t sent{0};     //!< datagrams hostA sent
    uint32_t received{0}; //!< datagrams of the right size hostB received
    uint64_t protectd{0}; //!< packets gwA protected (esp only)
    uint64_t accepted{0}; //!< packets gwB accepted (esp only)
    uint64_t natOut{0};   //!< packets the PAT translated outbound (esp only)
    uint64_t tunneled{0}; //!< datagrams gwB's tunnel socket received (tunnel only)
};

/// The variants, in their rotation order.
enum Variant
{
    PLAIN = 0,
    ESP = 1,
    TUNNEL = 2,
};

/// \return the variant's name on the command line and in the output
const char*
VariantName(int v)
{
    return v == PLAIN ? "plain" : v == ESP ? "esp" : "tunnel";
}

/**
 * One end of the plain ns-3 UDP tunnel (the tunnel variant): ns-3's own
 * VirtualNetDevice whose send callback hands the IP packet to a UDP socket,
 * and whose socket hands what arrives back to the device, as in ns-3's
 * virtual-net-device example.
 */
struct TunnelEnd
{
    Ptr<VirtualNetDevice> device;
    Ptr<Socket> socket;
    InetSocketAddress peer{Ipv4Address::GetAny(), 0};
    uint64_t received{0};

    bool Send(Ptr<Packet> packet, const Address&, const Address&, uint16_t)
    {
        socket->SendTo(packet, 0, peer);
        return true;
    }

    void Receive(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            ++received;
            device->Receive(p, 0x0800, device->GetAddress(), device->GetAddress(),
                            NetDevice::PACKET_HOST);
        }
    }

    /// Give \p node the device (address \p address/24) and a socket on 4500.
    uint32_t Install(Ptr<Node> node, const char* address, Ipv4Address peerAddress)
    {
        device = CreateObject<VirtualNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        device->SetSendCallback(MakeCallback(&TunnelEnd::Send, this));
        node->AddDevice(device);
        uint32_t i = Attach(device, address);
        socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4500));
        socket->SetRecvCallback(MakeCallback(&TunnelEnd::Receive, this));
        peer = InetSocketAddress(peerAddress, 4500);
        return i;
    }
};

/// hostA's sender: one datagram every `gap`, `count` in all.
struct Sender
{
    Ptr<Socket> socket;
    InetSocketAddress to{Ipv4Address::GetAny(), 0};
    uint32_t size{0};
    uint32_t count{0};
    uint32_t sent{0};
    Time gap;

    void Send()
    {
        socket->SendTo(Create<Packet>(size), 0, to);
        if (++sent < count)
        {
            Simulator::Schedule(gap, &Sender::Send, this);
        }
    }
};

/// hostB's receiver: counts datagrams of the expected size.
struct Receiver
{
    uint32_t size{0};
    uint32_t received{0};

    void Receive(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            received += p->GetSize() == size ? 1 : 0;
        }
    }
};

RunResult
RunOnce(int variant, uint32_t size, uint32_t packets, bool checksums)
{
    bool esp = variant == ESP;
    RunResult result;
    Clock::time_point t0 = Clock::now();
    Config::SetGlobal("ChecksumEnabled", BooleanValue(checksums));

    Ptr<Node> hostA = CreateObject<Node>();
    Ptr<Node> gwA = CreateObject<Node>();
    Ptr<Node> mid = CreateObject<Node>();
    Ptr<Node> gwB = CreateObject<Node>();
    Ptr<Node> hostB = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(NodeContainer(NodeContainer(hostA, gwA, mid), NodeContainer(gwB, hostB)));

    // Fast links: no queueing at the send rate below, so both variants see
    // the same events per packet and nothing else.
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MicroSeconds(100)));
    NetDeviceContainer lanA = p2p.Install(hostA, gwA);
    NetDeviceContainer access = p2p.Install(gwA, mid);
    NetDeviceContainer wan = p2p.Install(mid, gwB);
    NetDeviceContainer lanB = p2p.Install(gwB, hostB);

    uint32_t hostAOut = Attach(lanA.Get(0), "10.1.0.2");
    Attach(lanA.Get(1), "10.1.0.1");
    uint32_t gwAOut = Attach(access.Get(0), "192.168.1.2");
    uint32_t midIn = Attach(access.Get(1), "192.168.1.1");
    uint32_t midOut = Attach(wan.Get(0), "203.0.113.1");
    uint32_t gwBOut = Attach(wan.Get(1), "203.0.113.2");
    Attach(lanB.Get(0), "10.2.0.1");
    uint32_t hostBOut = Attach(lanB.Get(1), "10.2.0.2");
    Static(hostA)->SetDefaultRoute(Ipv4Address("10.1.0.1"), hostAOut);
    Static(gwA)->SetDefaultRoute(Ipv4Address("192.168.1.1"), gwAOut);
    Static(gwB)->SetDefaultRoute(Ipv4Address("203.0.113.1"), gwBOut);
    Static(hostB)->SetDefaultRoute(Ipv4Address("10.2.0.1"), hostBOut);

    Ptr<NatBox> pat;
    if (esp)
    {
        NatHelper nat;
        nat.SetMode("pat");
        pat = nat.Install(mid, access.Get(1), wan.Get(0));
        NatHelper::AssignStreams(NodeContainer(mid), 20);

        IpsecTransform transform;
        transform.protocol = IpsecProtocol::ESP;
        transform.cipher = "aes128gcm";
        transform.mode = IpsecMode::TUNNEL;
        IpsecManualTunnel t;
        t.a = gwA;
        t.b = gwB;
        t.aAddress = Ipv4Address("192.168.1.2");
        t.aSeenByB = Ipv4Address("203.0.113.1");
        t.bAddress = Ipv4Address("203.0.113.2");
        t.aToB.source = Ipv4Address("10.1.0.0");
        t.aToB.sourceMask = Ipv4Mask("255.255.255.0");
        t.aToB.destination = Ipv4Address("10.2.0.0");
        t.aToB.destinationMask = Ipv4Mask("255.255.255.0");
        t.transform = transform;
        t.encapsulation = IpsecEncapsulation::UDP;
        // Room for the SA's overhead on a 1500-octet path, as in esp-manual-nat.
        IpsecSaConfig probe = IpsecHelper::SaConfigFor(transform);
        probe.encapsulation = IpsecEncapsulation::UDP;
        IpsecHelper ipsec;
        ipsec.SetAttribute("TunnelMtu", UintegerValue(1500 - probe.Overhead()));
        ipsec.Install(NodeContainer(gwA, gwB));
        ipsec.AssignStreams(NodeContainer(gwA, gwB), 10);
        ipsec.AddManualTunnel(t);
    }
    TunnelEnd tunA;
    TunnelEnd tunB;
    if (variant == TUNNEL)
    {
        // gwA sends 10.2.0.0/24 into its tunnel device; gwB's device hands
        // what arrives to IP, which forwards it to hostB. mid routes the two
        // public subnets it is attached to and nothing else.
        uint32_t tunAIf = tunA.Install(gwA, "10.255.0.1", Ipv4Address("203.0.113.2"));
        tunB.Install(gwB, "10.255.0.2", Ipv4Address("192.168.1.2"));
        Static(gwA)->AddNetworkRouteTo(Ipv4Address("10.2.0.0"), Ipv4Mask("255.255.255.0"), tunAIf);
    }
    else if (!esp)
    {
        // Plain routers: mid routes both LANs, as the PAT's inside and outside.
        Static(mid)->AddNetworkRouteTo(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.255.0"),
                                       Ipv4Address("192.168.1.2"), midIn);
        Static(mid)->AddNetworkRouteTo(Ipv4Address("10.2.0.0"), Ipv4Mask("255.255.255.0"),
                                       Ipv4Address("203.0.113.2"), midOut);
    }

    Receiver receiver;
    receiver.size = size;
    Ptr<Socket> sink = Socket::CreateSocket(hostB, UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9000));
    sink->SetRecvCallback(MakeCallback(&Receiver::Receive, &receiver));
    Sender sender;
    sender.socket = Socket::CreateSocket(hostA, UdpSocketFactory::GetTypeId());
    sender.socket->Bind();
    sender.to = InetSocketAddress(Ipv4Address("10.2.0.2"), 9000);
    sender.size = size;
    sender.count = packets;
    sender.gap = MicroSeconds(10);
    Simulator::Schedule(MilliSeconds(1), &Sender::Send, &sender);

    Clock::time_point t1 = Clock::now();
    Simulator::Run();
    Clock::time_point t2 = Clock::now();

    result.setup = Seconds(t1 - t0);
    result.run = Seconds(t2 - t1);
    result.sent = sender.sent;
    result.received = receiver.received;
    if (esp)
    {
        result.protectd = IpsecHelper::GetStack(gwA)->GetCounters().protectedOut;
        result.accepted = IpsecHelper::GetStack(gwB)->GetCounters().acceptedIn;
        result.natOut = pat->GetCounters().translatedOutbound;
    }
    result.tunneled = tunB.received;
    Simulator::Destroy();
    return result;
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<uint32_t>
ParseSizes(const std::string& text)
{
    std::vector<uint32_t> sizes;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        sizes.push_back(static_cast<uint32_t>(std::stoul(item)));
    }
    return sizes;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t packets = 20000;
    std::string sizesText = "64,512,1400";
    uint32_t reps = 5;
    bool checksums = false;
    std::string only;

    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "UDP datagrams per run", packets);
    cmd.AddValue("sizes", "UDP payload sizes (octets), comma-separated, at most 1400", sizesText);
    cmd.AddValue("reps", "repetitions of each (variant, size) pair", reps);
    cmd.AddValue("checksums", "ns-3 checksums on (1|0), same in both variants", checksums);
    cmd.AddValue("only", "run one variant only (plain|esp|tunnel), for profiling", only);
    cmd.Parse(argc, argv);
    std::vector<uint32_t> sizes = ParseSizes(sizesText);
    NS_ABORT_MSG_IF(sizes.empty() || packets == 0 || reps == 0, "nothing to run");
    NS_ABORT_MSG_IF(only != "" && only != "plain" && only != "esp" && only != "tunnel",
                    "--only='" << only << "' is unknown: allowed plain, esp, tunnel");
    for (uint32_t s : sizes)
    {
        NS_ABORT_MSG_IF(s == 0 || s > 1400, "--sizes: " << s << " is not in 1..1400");
    }

    std::cout << "bench-esp-per-packet: " << packets << " datagrams per run, " << reps
              << " repetitions, checksums " << (checksums ? "on" : "off") << "\n"
              << "plain: host-router-router-router-host UDP; esp: same with AES-128-GCM "
                 "UDP-encapsulated ESP between the outer routers and a PAT in the middle; "
                 "tunnel: same with ns-3's own UDP tunnel (VirtualNetDevice and sockets, no "
                 "crypto) between the outer routers and a plain router in the middle\n";
    bool allDelivered = true;
    std::vector<double> total[3]; // Run wall seconds of every run, per variant
    std::printf("%6s %-7s %12s %12s %12s %12s\n", "size", "variant", "setup ms", "us/pkt med",
                "us/pkt min", "us/pkt max");
    std::vector<std::string> ratioLines;
    for (uint32_t size : sizes)
    {
        std::vector<double> perPacket[3];
        std::vector<double> setup[3];
        std::vector<double> ratio[3]; // esp/plain, tunnel/plain, esp/tunnel
        for (uint32_t rep = 0; rep < reps; ++rep)
        {
            RunResult r[3];
            for (int k = 0; k < 3; ++k)
            {
                int variant = (k + rep) % 3;
                if (!only.empty() && only != VariantName(variant))
                {
                    continue;
                }
                RunResult x = RunOnce(variant, size, packets, checksums);
                bool ok = x.received == x.sent && x.sent == packets;
                if (variant == ESP)
                {
                    ok = ok && x.protectd == packets && x.accepted == packets
                         && x.natOut == packets;
                }
                if (variant == TUNNEL)
                {
                    ok = ok && x.tunneled == packets;
                }
                if (!ok)
                {
                    std::cout << "FAIL: " << VariantName(variant) << " size " << size << ": sent "
                              << x.sent << ", received " << x.received << ", protected "
                              << x.protectd << ", accepted " << x.accepted << ", PAT translated "
                              << x.natOut << ", tunneled " << x.tunneled << "\n";
                    allDelivered = false;
                }
                r[variant] = x;
                perPacket[variant].push_back(x.run * 1e6 / packets);
                setup[variant].push_back(x.setup * 1e3);
                total[variant].push_back(x.run);
            }
            if (only.empty())
            {
                ratio[0].push_back(r[ESP].run / r[PLAIN].run);
                ratio[1].push_back(r[TUNNEL].run / r[PLAIN].run);
                ratio[2].push_back(r[ESP].run / r[TUNNEL].run);
            }
        }
        for (int v = 0; v < 3; ++v)
        {
            if (perPacket[v].empty())
            {
                continue;
            }
            const std::vector<double>& x = perPacket[v];
            std::printf("%6u %-7s %12.2f %12.2f %12.2f %12.2f\n", size, VariantName(v),
                        Median(setup[v]), Median(x), *std::min_element(x.begin(), x.end()),
                        *std::max_element(x.begin(), x.end()));
        }
        const char* ratioNames[3] = {"esp/plain", "tunnel/plain", "esp/tunnel"};
        for (int k = 0; k < 3 && only.empty(); ++k)
        {
            const std::vector<double>& x = ratio[k];
            char line[160];
            std::snprintf(line, sizeof(line),
                          "ratio %-12s size %4u: median %.3f (min %.3f, max %.3f) over %zu "
                          "rotated runs",
                          ratioNames[k], size, Median(x), *std::min_element(x.begin(), x.end()),
                          *std::max_element(x.begin(), x.end()), x.size());
            ratioLines.push_back(line);
        }
    }
    for (const auto& l : ratioLines)
    {
        std::cout << l << "\n";
    }
    if (only.empty())
    {
        double sum[3] = {0, 0, 0};
        for (int v = 0; v < 3; ++v)
        {
            for (double x : total[v])
            {
                sum[v] += x;
            }
        }
        std::printf("ratio esp/plain all sizes (total Run wall time): %.3f (target <= 1.3)\n",
                    sum[ESP] / sum[PLAIN]);
        std::printf("ratio tunnel/plain all sizes (ns-3's cost of encapsulating at all): %.3f\n",
                    sum[TUNNEL] / sum[PLAIN]);
        std::printf("ratio esp/tunnel all sizes (what this module adds to that): %.3f\n",
                    sum[ESP] / sum[TUNNEL]);
    }
    std::cout << (allDelivered ? "delivery: every datagram arrived in every run\n"
                               : "delivery: FAILED\n");
    return allDelivered ? 0 : 1;
}
