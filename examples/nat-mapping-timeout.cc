/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NAT mapping timeout study.
 *
 *   host 0 ---+
 *   host 1 ---+-- CSMA 192.168.1.0/24 --[ PAT ]-- p2p 203.0.113.0/30 -- server
 *   ...     --+                     .1   .1         .2
 *
 * Every host sends a UDP request to the server every --interval seconds
 * (first one at a random offset). The server answers each request after a
 * delay drawn from --replyDelayDist with mean --replyDelay. The PAT forgets a
 * UDP mapping --natTimeout seconds after the host last sent: a reply that
 * arrives after that (and before the host's next request re-creates the
 * mapping) is dropped by the NAT as "no-mapping". The host's send interval
 * plays the part of a keepalive interval: delivery stays at 1 while
 * interval < timeout and falls as the interval grows past it.
 *
 * Output: <outDir>/nat-mapping-timeout.csv (a header and one row per run,
 * appended), optional pcaps of the NAT's inside and outside links.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <chrono>
#include <fstream>
#include <sys/stat.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("NatMappingTimeoutExample");

namespace
{

/// Sends a request every interval and counts the replies that come back.
class Requester : public Application
{
public:
    Requester(Ipv4Address server, uint16_t serverPort, uint16_t localPort, Time interval,
              Time offset, Time sendUntil)
        : m_server(server)
        , m_serverPort(serverPort)
        , m_localPort(localPort)
        , m_interval(interval)
        , m_offset(offset)
        , m_sendUntil(sendUntil)
    {
    }

    uint64_t sent{0};     //!< requests sent
    uint64_t received{0}; //!< replies received

private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_localPort));
        m_socket->SetRecvCallback(MakeCallback(&Requester::Receive, this));
        m_event = Simulator::Schedule(m_offset, &Requester::Send, this);
    }

    void StopApplication() override
    {
        m_event.Cancel();
        if (m_socket)
        {
            m_socket->Close();
        }
    }

    void Send()
    {
        if (Simulator::Now() >= m_sendUntil)
        {
            return; // keep the socket open for replies still on their way
        }
        std::ostringstream text;
        text << "request " << GetNode()->GetId() << " " << sent;
        std::string body = text.str();
        body.resize(64, '.');
        m_socket->SendTo(Create<Packet>(reinterpret_cast<const uint8_t*>(body.data()), body.size()),
                         0, InetSocketAddress(m_server, m_serverPort));
        ++sent;
        m_event = Simulator::Schedule(m_interval, &Requester::Send, this);
    }

    void Receive(Ptr<Socket> s)
    {
        while (s->Recv())
        {
            ++received;
        }
    }

    Ipv4Address m_server;
    uint16_t m_serverPort;
    uint16_t m_localPort;
    Time m_interval;
    Time m_offset;
    Time m_sendUntil;
    Ptr<Socket> m_socket;
    EventId m_event;
};

/// Answers every request after a random delay, to the address and port it came from.
class DelayedResponder : public Application
{
public:
    DelayedResponder(uint16_t port, Ptr<RandomVariableStream> delay, Time stopReplying)
        : m_port(port)
        , m_delay(delay)
        , m_stopReplying(stopReplying)
    {
    }

    uint64_t requests{0}; //!< requests received
    uint64_t replies{0};  //!< replies sent

private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
        m_socket->SetRecvCallback(MakeCallback(&DelayedResponder::Receive, this));
    }

    void StopApplication() override
    {
        if (m_socket)
        {
            m_socket->Close();
        }
    }

    void Receive(Ptr<Socket> s)
    {
        Address from;
        while (s->RecvFrom(from))
        {
            ++requests;
            Time delay = Seconds(m_delay->GetValue());
            // Only replies that can arrive before the end are counted.
            if (Simulator::Now() + delay < m_stopReplying)
            {
                Simulator::Schedule(delay, &DelayedResponder::Reply, this, from);
            }
        }
    }

    void Reply(Address to)
    {
        std::string body = "reply " + std::to_string(replies);
        body.resize(64, '.');
        m_socket->SendTo(Create<Packet>(reinterpret_cast<const uint8_t*>(body.data()), body.size()),
                         0, to);
        ++replies;
    }

    uint16_t m_port;
    Ptr<RandomVariableStream> m_delay;
    Time m_stopReplying;
    Ptr<Socket> m_socket;
};

Ptr<RandomVariableStream>
MakeDelay(const std::string& dist, double mean)
{
    if (dist == "fixed")
    {
        auto v = CreateObject<ConstantRandomVariable>();
        v->SetAttribute("Constant", DoubleValue(mean));
        return v;
    }
    if (dist == "uniform")
    {
        auto v = CreateObject<UniformRandomVariable>();
        v->SetAttribute("Min", DoubleValue(0));
        v->SetAttribute("Max", DoubleValue(2 * mean));
        return v;
    }
    if (dist == "exponential")
    {
        auto v = CreateObject<ExponentialRandomVariable>();
        v->SetAttribute("Mean", DoubleValue(mean));
        v->SetAttribute("Bound", DoubleValue(20 * mean));
        return v;
    }
    NS_FATAL_ERROR("--replyDelayDist='" << dist << "' is unknown: allowed fixed, uniform, "
                                        << "exponential");
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t hosts = 10;
    double natTimeout = 30;
    double interval = 20;
    double replyDelay = 60;
    std::string replyDelayDist = "exponential";
    double duration = 600;
    std::string mapping = "eim";
    std::string filtering = "apdf";
    std::string portAllocation = "sequential";
    bool portPreservation = true;
    double wanDelayMs = 10;
    RngFlags rng;
    bool pcap = false;
    bool progress = false;
    bool showMappings = false;
    bool checksums = true;
    std::string outDir = "results/nat-mapping-timeout";

    CommandLine cmd(__FILE__);
    cmd.AddValue("hosts", "number of hosts behind the PAT", hosts);
    cmd.AddValue("natTimeout", "UDP mapping timeout of the NAT (s)", natTimeout);
    cmd.AddValue("interval", "time between a host's requests (s)", interval);
    cmd.AddValue("replyDelay", "mean delay before the server answers (s)", replyDelay);
    cmd.AddValue("replyDelayDist", "fixed|uniform|exponential", replyDelayDist);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("mapping", "RFC 4787 mapping behaviour: eim|adm|apdm", mapping);
    cmd.AddValue("filtering", "RFC 4787 filtering behaviour: eif|adf|apdf", filtering);
    cmd.AddValue("portAllocation", "sequential|random", portAllocation);
    cmd.AddValue("portPreservation", "keep the inside port when free (1|0)", portPreservation);
    cmd.AddValue("wanDelay", "one-way delay NAT-server (ms)", wanDelayMs);
    rng.AddTo(cmd);
    cmd.AddValue("pcap", "write pcaps of the NAT's inside and outside links (1|0)", pcap);
    cmd.AddValue("progress", "print simulation progress", progress);
    cmd.AddValue("showMappings", "print the NAT's mappings at the end", showMappings);
    cmd.AddValue("checksums", "compute and check IP/UDP checksums (1|0)", checksums);
    cmd.AddValue("outDir", "output folder", outDir);
    cmd.Parse(argc, argv);

    NS_ABORT_MSG_IF(hosts < 1 || hosts > 250, "--hosts=" << hosts << " is out of range 1..250");
    NS_ABORT_MSG_IF(natTimeout <= 0, "--natTimeout must be > 0 s");
    NS_ABORT_MSG_IF(interval <= 0, "--interval must be > 0 s");
    NS_ABORT_MSG_IF(replyDelay < 0, "--replyDelay must be >= 0 s");
    NS_ABORT_MSG_IF(duration <= 0, "--duration must be > 0 s");
    NS_ABORT_MSG_IF(portAllocation != "sequential" && portAllocation != "random",
                    "--portAllocation='" << portAllocation
                                         << "' is unknown: allowed sequential, random");
    Config::SetGlobal("ChecksumEnabled", BooleanValue(checksums));
    rng.Apply();
    auto wallStart = std::chrono::steady_clock::now();

    // Topology
    NodeContainer hostNodes;
    hostNodes.Create(hosts);
    Ptr<Node> natNode = CreateObject<Node>();
    Ptr<Node> server = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(hostNodes);
    stack.Install(natNode);
    stack.Install(server);

    NodeContainer lanNodes(natNode);
    lanNodes.Add(hostNodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer lan = csma.Install(lanNodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(wanDelayMs)));
    NetDeviceContainer wan = p2p.Install(natNode, server);

    Ipv4AddressHelper addr;
    addr.SetBase("192.168.1.0", "255.255.255.0");
    addr.Assign(lan);
    addr.SetBase("203.0.113.0", "255.255.255.252");
    Ipv4InterfaceContainer wanIf = addr.Assign(wan);
    Ipv4StaticRoutingHelper routing;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        routing.GetStaticRouting(hostNodes.Get(i)->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address("192.168.1.1"), 1);
    }

    NatHelper natHelper;
    natHelper.SetMode("pat");
    natHelper.SetMappingBehaviour(mapping);
    natHelper.SetFilteringBehaviour(filtering);
    natHelper.SetAttribute("UdpTimeout", TimeValue(Seconds(natTimeout)));
    natHelper.SetAttribute("PortPreservation", BooleanValue(portPreservation));
    natHelper.SetAttribute(
        "PortAllocation",
        EnumValue(static_cast<int>(portAllocation == "random" ? NatPortAllocation::RANDOM
                                                              : NatPortAllocation::SEQUENTIAL)));
    Ptr<NatBox> nat = natHelper.Install(natNode, lan.Get(0), wan.Get(0));

    // Applications; every random variable gets a fixed stream.
    int64_t stream = 1000;
    stream += NatHelper::AssignStreams(NodeContainer(natNode), stream);
    Ptr<RandomVariableStream> delay = MakeDelay(replyDelayDist, replyDelay);
    delay->SetStream(stream++);
    Ptr<UniformRandomVariable> offset = CreateObject<UniformRandomVariable>();
    offset->SetStream(stream++);

    auto responder = Create<DelayedResponder>(9000, delay, Seconds(duration));
    server->AddApplication(responder);
    responder->SetStartTime(Seconds(0));
    std::vector<Ptr<Requester>> requesters;
    for (uint32_t i = 0; i < hosts; ++i)
    {
        auto r = Create<Requester>(wanIf.GetAddress(1), 9000, static_cast<uint16_t>(5000 + i),
                                   Seconds(interval), Seconds(1 + offset->GetValue(0, interval)),
                                   Seconds(duration));
        hostNodes.Get(i)->AddApplication(r);
        r->SetStartTime(Seconds(0));
        requesters.push_back(r);
    }

    mkdir(outDir.c_str(), 0755);
    if (pcap)
    {
        csma.EnablePcap(outDir + "/nat-inside.pcap", lan.Get(0), true, true);
        p2p.EnablePcap(outDir + "/nat-outside.pcap", wan.Get(0), true, true);
    }
    std::unique_ptr<ShowProgress> show;
    if (progress)
    {
        show = std::make_unique<ShowProgress>(Seconds(std::max(1.0, duration / 10)));
    }

    Simulator::Stop(Seconds(duration + 1));
    Simulator::Run();

    uint64_t sent = 0;
    uint64_t delivered = 0;
    for (const auto& r : requesters)
    {
        sent += r->sent;
        delivered += r->received;
    }
    if (showMappings)
    {
        nat->PrintMappings(std::cout);
    }
    const NatBox::Counters& c = nat->GetCounters();
    double ratio = responder->replies ? double(delivered) / double(responder->replies) : 0.0;

    std::string csvPath = outDir + "/nat-mapping-timeout.csv";
    bool header = !std::ifstream(csvPath).good();
    std::ofstream csv(csvPath, std::ios::app);
    if (header)
    {
        csv << "hosts,nat_timeout_s,interval_s,reply_delay_s,reply_delay_dist,duration_s,mapping,"
               "filtering,port_allocation,port_preservation,seed,run,requests_sent,"
               "requests_received,replies_sent,replies_delivered,delivery_ratio";
        for (std::size_t k = 0; k < kNatDropReasonCount; ++k)
        {
            std::string name = ToString(static_cast<NatDropReason>(k));
            std::replace(name.begin(), name.end(), '-', '_');
            csv << ",drop_" << name;
        }
        csv << ",mappings_created,mappings_expired\n";
    }
    csv << hosts << "," << natTimeout << "," << interval << "," << replyDelay << ","
        << replyDelayDist << "," << duration << "," << mapping << "," << filtering << ","
        << portAllocation << "," << portPreservation << "," << RngFlags::Seed() << ","
        << RngFlags::Run() << "," << sent << "," << responder->requests << "," << responder->replies
        << "," << delivered << "," << ratio;
    for (auto d : c.drops)
    {
        csv << "," << d;
    }
    csv << "," << c.mappingsCreated << "," << c.mappingsExpired << "\n";

    double wall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << "nat-mapping-timeout: hosts=" << hosts << " natTimeout=" << natTimeout
              << "s interval=" << interval << "s replyDelay=" << replyDelay << "s ("
              << replyDelayDist << ") mapping=" << mapping << " filtering=" << filtering
              << "\n  requests sent " << sent << ", replies sent " << responder->replies
              << ", delivered " << delivered << " (ratio " << ratio << ")"
              << "\n  NAT drops: no-mapping "
              << c.drops[static_cast<std::size_t>(NatDropReason::NO_MAPPING)] << ", filtered "
              << c.drops[static_cast<std::size_t>(NatDropReason::FILTERED)] << "; mappings created "
              << c.mappingsCreated << ", expired " << c.mappingsExpired << "\n  wrote " << csvPath
              << " in " << wall << " s wall\n";
    Simulator::Destroy();
    return 0;
}
