/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat/nat-scenario.h"

#include "ns3/csma-module.h"
#include "ns3/point-to-point-module.h"

namespace ns3
{
namespace test
{

Testbed::Testbed(bool checksums)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(checksums));
}

Testbed::~Testbed()
{
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
}

Ptr<Node>
Testbed::AddNode()
{
    Ptr<Node> n = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(n);
    return n;
}

NetDeviceContainer
Testbed::Link(const std::vector<Ptr<Node>>& nodes, bool p2p, Time delay)
{
    NodeContainer c;
    for (const auto& n : nodes)
    {
        c.Add(n);
    }
    if (p2p && nodes.size() == 2)
    {
        PointToPointHelper h;
        h.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        h.SetChannelAttribute("Delay", TimeValue(delay));
        return h.Install(c);
    }
    CsmaHelper h;
    h.SetChannelAttribute("DataRate", StringValue("1Gbps"));
    h.SetChannelAttribute("Delay", TimeValue(delay));
    return h.Install(c);
}

uint32_t
Testbed::Address(Ptr<NetDevice> dev, const char* address, const char* mask)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    int32_t i = ipv4->GetInterfaceForDevice(dev);
    if (i < 0)
    {
        i = static_cast<int32_t>(ipv4->AddInterface(dev));
    }
    ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(mask)));
    ipv4->SetUp(i);
    return static_cast<uint32_t>(i);
}

void
Testbed::DefaultRoute(Ptr<Node> node, const char* gateway)
{
    Route(node, "0.0.0.0", "0.0.0.0", gateway);
}

void
Testbed::Route(Ptr<Node> node, const char* network, const char* mask, const char* gateway)
{
    Ptr<Ipv4StaticRouting> s = NatHelper::GetStaticRouting(node);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ipv4Address gw(gateway);
    // Find the interface on the gateway's subnet.
    for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t k = 0; k < ipv4->GetNAddresses(i); ++k)
        {
            Ipv4InterfaceAddress a = ipv4->GetAddress(i, k);
            if (a.GetMask().IsMatch(a.GetLocal(), gw))
            {
                s->AddNetworkRouteTo(Ipv4Address(network), Ipv4Mask(mask), gw, i);
                return;
            }
        }
    }
    NS_FATAL_ERROR("test topology: no interface of node " << node->GetId() << " reaches " << gw);
}

Ptr<Socket>
Testbed::Udp(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    s->SetRecvCallback(MakeCallback(&Testbed::OnReceive, this));
    m_received[s];
    m_raw[s] = false;
    return s;
}

Ptr<Socket>
Testbed::Raw(Ptr<Node> node, uint8_t protocol)
{
    Ptr<Socket> s = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
    s->SetAttribute("Protocol", UintegerValue(protocol));
    s->Bind();
    s->SetRecvCallback(MakeCallback(&Testbed::OnReceive, this));
    m_received[s];
    m_raw[s] = true;
    return s;
}

void
Testbed::SendUdp(Time at, Ptr<Socket> socket, const char* to, uint16_t port, uint32_t size)
{
    SendUdpTo(at, socket, Ipv4Address(to), port, size);
}

void
Testbed::SendUdpTo(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, uint32_t size)
{
    Simulator::Schedule(at - Simulator::Now(), [socket, to, port, size]()
                        { socket->SendTo(Create<Packet>(size), 0, InetSocketAddress(to, port)); });
}

void
Testbed::SendRaw(Time at, Ptr<Socket> socket, const char* to, std::vector<uint8_t> payload)
{
    Ipv4Address dst(to);
    Simulator::Schedule(at - Simulator::Now(),
                        [socket, dst, payload]() {
                            socket->SendTo(Create<Packet>(payload.data(), payload.size()), 0,
                                           InetSocketAddress(dst, 0));
                        });
}

void
Testbed::OnReceive(Ptr<Socket> socket)
{
    ns3::Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        Receipt r;
        r.at = Simulator::Now();
        if (m_raw[socket])
        {
            Ipv4Header h;
            p->RemoveHeader(h);
            r.from = h.GetSource();
        }
        else
        {
            InetSocketAddress a = InetSocketAddress::ConvertFrom(from);
            r.from = a.GetIpv4();
            r.fromPort = a.GetPort();
        }
        r.bytes.resize(p->GetSize());
        p->CopyData(r.bytes.data(), r.bytes.size());
        m_received[socket].push_back(std::move(r));
    }
}

const std::vector<Receipt>&
Testbed::Received(Ptr<Socket> socket) const
{
    return m_received.at(socket);
}

void
Testbed::WatchDrops(Ptr<NatBox> nat)
{
    nat->TraceConnectWithoutContext(
        "Drop", Callback<void, Ptr<const Packet>, const Ipv4Header&, NatDropReason>(
                    [this](Ptr<const Packet>, const Ipv4Header&, NatDropReason reason)
                    { m_drops.emplace_back(Simulator::Now(), reason); }));
}

const std::vector<std::pair<Time, NatDropReason>>&
Testbed::Drops() const
{
    return m_drops;
}

std::size_t
Testbed::DropCount(NatDropReason reason) const
{
    std::size_t n = 0;
    for (const auto& d : m_drops)
    {
        n += d.second == reason ? 1 : 0;
    }
    return n;
}

void
Testbed::Run(Time stop)
{
    Simulator::Stop(stop);
    Simulator::Run();
}

HomeNetwork::HomeNetwork(uint32_t insideHosts, uint32_t remotes,
                         const std::function<void(NatHelper&)>& configure, bool p2p, bool checksums)
    : bed(checksums)
{
    natNode = bed.AddNode();
    std::vector<Ptr<Node>> lan{natNode};
    for (uint32_t i = 0; i < insideHosts; ++i)
    {
        inside.push_back(bed.AddNode());
        lan.push_back(inside.back());
    }
    std::vector<Ptr<Node>> wan{natNode};
    for (uint32_t i = 0; i < remotes; ++i)
    {
        remote.push_back(bed.AddNode());
        wan.push_back(remote.back());
    }
    NetDeviceContainer in = bed.Link(lan, p2p);
    NetDeviceContainer out = bed.Link(wan, p2p);
    bed.Address(in.Get(0), "192.168.1.1");
    bed.Address(out.Get(0), "203.0.113.1");
    for (uint32_t i = 0; i < insideHosts; ++i)
    {
        std::ostringstream a;
        InsideAddress(i).Print(a);
        bed.Address(in.Get(i + 1), a.str().c_str());
        bed.DefaultRoute(inside[i], "192.168.1.1");
    }
    for (uint32_t i = 0; i < remotes; ++i)
    {
        std::ostringstream a;
        RemoteAddress(i).Print(a);
        bed.Address(out.Get(i + 1), a.str().c_str());
    }
    NatHelper helper;
    configure(helper);
    nat = helper.Install(natNode, in.Get(0), out.Get(0));
    bed.WatchDrops(nat);
}

Ipv4Address
HomeNetwork::InsideAddress(uint32_t i)
{
    return Ipv4Address(Ipv4Address("192.168.1.10").Get() + i);
}

Ipv4Address
HomeNetwork::RemoteAddress(uint32_t i)
{
    return Ipv4Address(Ipv4Address("203.0.113.10").Get() + i);
}

Ipv4Address
HomeNetwork::PublicAddress()
{
    return Ipv4Address("203.0.113.1");
}

} // namespace test
} // namespace ns3
