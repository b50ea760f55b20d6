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
 * Both variants have the same five nodes, four point-to-point links and the
 * same UDP datagrams from hostA to hostB (one socket each, same payload
 * sizes, same send times):
 *  - plain: gwA, mid and gwB are ordinary ns-3 routers;
 *  - esp:   gwA and gwB run a manually keyed ESP tunnel, AES-128-GCM (RFC
 *           4106), UDP-encapsulated (RFC 3948), and mid is a PAT (NatHelper)
 *           that translates gwA's 4500 to its public address.
 * Each run is a fresh simulation (Simulator::Destroy between runs); the
 * variants alternate, and which goes first alternates between repetitions,
 * so drifting machine load hits both alike. Setup (building the topology)
 * and Simulator::Run are timed separately; the per-packet figure is Run
 * wall time divided by the packets sent. Every run must deliver every
 * packet, else the program exits with status 1.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

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
RunOnce(bool esp, uint32_t size, uint32_t packets, bool checksums)
{
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
        IpsecSaConfig probe;
        probe.protocol = IpsecProtocol::ESP;
        probe.mode = IpsecMode::TUNNEL;
        probe.encapsulation = IpsecEncapsulation::UDP;
        probe.encryption = RegistryEntry(IpsecHelper::ParseCipher(transform.cipher));
        IpsecHelper ipsec;
        ipsec.SetAttribute("TunnelMtu", UintegerValue(1500 - probe.Overhead()));
        ipsec.Install(NodeContainer(gwA, gwB));
        ipsec.AssignStreams(NodeContainer(gwA, gwB), 10);
        ipsec.AddManualTunnel(t);
    }
    else
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
    cmd.AddValue("only", "run one variant only (plain|esp), for profiling", only);
    cmd.Parse(argc, argv);
    std::vector<uint32_t> sizes = ParseSizes(sizesText);
    NS_ABORT_MSG_IF(sizes.empty() || packets == 0 || reps == 0, "nothing to run");
    NS_ABORT_MSG_IF(only != "" && only != "plain" && only != "esp",
                    "--only='" << only << "' is unknown: allowed plain, esp");
    for (uint32_t s : sizes)
    {
        NS_ABORT_MSG_IF(s == 0 || s > 1400, "--sizes: " << s << " is not in 1..1400");
    }

    std::cout << "bench-esp-per-packet: " << packets << " datagrams per run, " << reps
              << " repetitions, checksums " << (checksums ? "on" : "off") << "\n"
              << "plain: host-router-router-router-host UDP; esp: same with AES-128-GCM "
                 "UDP-encapsulated ESP between the outer routers and a PAT in the middle\n";
    bool allDelivered = true;
    std::vector<double> allPlain;
    std::vector<double> allEsp;
    std::printf("%6s %-6s %12s %12s %12s %12s\n", "size", "variant", "setup ms", "us/pkt med",
                "us/pkt min", "us/pkt max");
    std::vector<std::string> ratioLines;
    for (uint32_t size : sizes)
    {
        std::vector<double> plain;
        std::vector<double> espRuns;
        std::vector<double> ratio;
        std::vector<double> plainSetup;
        std::vector<double> espSetup;
        for (uint32_t rep = 0; rep < reps; ++rep)
        {
            RunResult r[2];
            for (int k = 0; k < 2; ++k)
            {
                bool esp = (k + rep) % 2 == 1;
                if ((only == "plain" && esp) || (only == "esp" && !esp))
                {
                    continue;
                }
                RunResult x = RunOnce(esp, size, packets, checksums);
                bool ok = x.received == x.sent && x.sent == packets;
                if (esp)
                {
                    ok = ok && x.protectd == packets && x.accepted == packets
                         && x.natOut == packets;
                }
                if (!ok)
                {
                    std::cout << "FAIL: " << (esp ? "esp" : "plain") << " size " << size
                              << ": sent " << x.sent << ", received " << x.received
                              << ", protected " << x.protectd << ", accepted " << x.accepted
                              << ", PAT translated " << x.natOut << "\n";
                    allDelivered = false;
                }
                r[esp ? 1 : 0] = x;
            }
            if (only != "esp")
            {
                plain.push_back(r[0].run * 1e6 / packets);
                plainSetup.push_back(r[0].setup * 1e3);
                allPlain.push_back(r[0].run);
            }
            if (only != "plain")
            {
                espRuns.push_back(r[1].run * 1e6 / packets);
                espSetup.push_back(r[1].setup * 1e3);
                allEsp.push_back(r[1].run);
            }
            if (only.empty())
            {
                ratio.push_back(r[1].run / r[0].run);
            }
        }
        auto row =
            [size](const char* name, const std::vector<double>& setup, const std::vector<double>& v)
        {
            if (v.empty())
            {
                return;
            }
            std::printf("%6u %-6s %12.2f %12.2f %12.2f %12.2f\n", size, name, Median(setup),
                        Median(v), *std::min_element(v.begin(), v.end()),
                        *std::max_element(v.begin(), v.end()));
        };
        row("plain", plainSetup, plain);
        row("esp", espSetup, espRuns);
        if (!ratio.empty())
        {
            char line[160];
            std::snprintf(line, sizeof(line),
                          "ratio esp/plain size %4u: median %.3f (min %.3f, max %.3f) over %zu "
                          "paired runs",
                          size, Median(ratio), *std::min_element(ratio.begin(), ratio.end()),
                          *std::max_element(ratio.begin(), ratio.end()), ratio.size());
            ratioLines.push_back(line);
        }
    }
    for (const auto& l : ratioLines)
    {
        std::cout << l << "\n";
    }
    if (!allPlain.empty() && !allEsp.empty())
    {
        double p = 0;
        double e = 0;
        for (double x : allPlain)
        {
            p += x;
        }
        for (double x : allEsp)
        {
            e += x;
        }
        std::printf("ratio esp/plain all sizes (total Run wall time): %.3f (target <= 1.3)\n",
                    e / p);
    }
    std::cout << (allDelivered ? "delivery: every datagram arrived in every run\n"
                               : "delivery: FAILED\n");
    return allDelivered ? 0 : 1;
}
