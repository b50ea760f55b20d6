/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec/ipsec-scenario.h"

#include <iomanip>
#include <sstream>

namespace ns3
{
namespace test
{

std::ostream&
operator<<(std::ostream& os, const IpsecDrop& d)
{
    return os << "{" << d.at.As(Time::S) << " " << ToString(d.reason) << " " << SpiText(d.spi)
              << "}";
}

VpnNetwork::VpnNetwork()
    : VpnNetwork(Options{})
{
}

VpnNetwork::VpnNetwork(VpnNat nat)
    : VpnNetwork(
        [nat]()
        {
            Options o;
            o.nat = nat;
            return o;
        }())
{
}

VpnNetwork::VpnNetwork(const Options& options)
    : bed(options.checksums)
    , natKind(options.nat)
{
    hostA = bed.AddNode();
    gwA = bed.AddNode();
    natNode = bed.AddNode();
    gwB = bed.AddNode();
    hostB = bed.AddNode();
    wan = bed.AddNode();
    lanA = bed.Link({hostA, gwA}, false);
    access = bed.Link({gwA, natNode}, true);
    wanLink = bed.Link({natNode, gwB, wan}, false);
    lanB = bed.Link({gwB, hostB}, false);
    bed.Address(lanA.Get(0), "10.1.0.2");
    bed.Address(lanA.Get(1), "10.1.0.1");
    bed.Address(access.Get(0), "192.168.1.2");
    bed.Address(access.Get(1), "192.168.1.1");
    bed.Address(wanLink.Get(0), "203.0.113.1");
    bed.Address(wanLink.Get(1), "203.0.113.2");
    bed.Address(wanLink.Get(2), "203.0.113.9");
    bed.Address(lanB.Get(0), "10.2.0.1");
    bed.Address(lanB.Get(1), "10.2.0.2");
    bed.DefaultRoute(hostA, "10.1.0.1");
    bed.DefaultRoute(gwA, "192.168.1.1");
    bed.DefaultRoute(gwB, "203.0.113.1");
    bed.DefaultRoute(hostB, "10.2.0.1");
    bed.DefaultRoute(wan, "203.0.113.1");

    NatHelper natHelper;
    switch (natKind)
    {
        case VpnNat::PAT:
            natHelper.SetMode("pat");
            break;
        case VpnNat::STATIC:
            natHelper.SetMode("static");
            natHelper.AddStaticMapping(Ipv4Address("192.168.1.2"), Ipv4Address("203.0.113.5"));
            break;
        case VpnNat::NONE:
            // A router of the provider: it knows where both LANs are.
            bed.Route(natNode, "10.1.0.0", "255.255.255.0", "192.168.1.2");
            bed.Route(natNode, "10.2.0.0", "255.255.255.0", "203.0.113.2");
            break;
    }
    if (natKind != VpnNat::NONE)
    {
        if (options.configureNat)
        {
            options.configureNat(natHelper);
        }
        nat = natHelper.Install(natNode, access.Get(1), wanLink.Get(0));
        bed.WatchDrops(nat);
        NatHelper::AssignStreams(NodeContainer(natNode), 200);
    }

    if (options.configureIpsec)
    {
        options.configureIpsec(ipsec);
    }
    stackA = ipsec.Install(gwA);
    stackB = ipsec.Install(gwB);
    ipsec.AssignStreams(NodeContainer(gwA, gwB), 100);
    for (const Ptr<IpsecStack>& stack : {stackA, stackB})
    {
        std::vector<IpsecDrop>& log = m_drops[stack];
        stack->TraceConnectWithoutContext(
            "Drop", Callback<void, Ptr<const Packet>, IpsecDropReason, uint32_t>(
                        [&log](Ptr<const Packet>, IpsecDropReason reason, uint32_t spi) {
                            log.push_back(IpsecDrop{Simulator::Now(), reason, spi});
                        }));
    }
}

Ipv4Address
VpnNetwork::GwASeenByB() const
{
    switch (natKind)
    {
        case VpnNat::PAT:
            return Ipv4Address("203.0.113.1");
        case VpnNat::STATIC:
            return Ipv4Address("203.0.113.5");
        case VpnNat::NONE:
            break;
    }
    return Ipv4Address("192.168.1.2");
}

IpsecManualTunnel
VpnNetwork::Tunnel() const
{
    IpsecManualTunnel t;
    t.a = gwA;
    t.b = gwB;
    t.aAddress = Ipv4Address("192.168.1.2");
    t.aSeenByB = GwASeenByB();
    t.bAddress = Ipv4Address("203.0.113.2");
    t.aToB = Prefixes("10.1.0.0", "10.2.0.0");
    t.encapsulation = natKind == VpnNat::PAT ? IpsecEncapsulation::UDP : IpsecEncapsulation::NONE;
    return t;
}

IpsecManualTunnel
VpnNetwork::TransportTunnel() const
{
    IpsecManualTunnel t = Tunnel();
    t.transform.mode = IpsecMode::TRANSPORT;
    t.aToB = IpsecSelector{}; // any protocol and port between the two gateways
    return t;
}

std::pair<uint32_t, uint32_t>
VpnNetwork::AddTunnel(const IpsecManualTunnel& t)
{
    return ipsec.AddManualTunnel(t);
}

std::shared_ptr<EchoCount>
VpnNetwork::Echo(Ptr<Node> client, Ptr<Node> server, Ipv4Address to, uint32_t packets, Time start,
                 uint16_t port, Time interval, uint32_t size)
{
    auto count = std::make_shared<EchoCount>();
    UdpEchoServerHelper serverHelper(port);
    ApplicationContainer s = serverHelper.Install(server);
    s.Start(Seconds(0));
    s.Get(0)->TraceConnectWithoutContext(
        "Rx", Callback<void, Ptr<const Packet>>([count](Ptr<const Packet>) { ++count->requests; }));
    UdpEchoClientHelper clientHelper(to, port);
    clientHelper.SetAttribute("MaxPackets", UintegerValue(packets));
    clientHelper.SetAttribute("Interval", TimeValue(interval));
    clientHelper.SetAttribute("PacketSize", UintegerValue(size));
    ApplicationContainer c = clientHelper.Install(client);
    c.Start(start);
    c.Get(0)->TraceConnectWithoutContext(
        "Rx", Callback<void, Ptr<const Packet>>([count](Ptr<const Packet>) { ++count->replies; }));
    return count;
}

Ptr<PacketSink>
VpnNetwork::Bulk(Ptr<Node> client, Ptr<Node> server, Ipv4Address to, uint32_t bytes, Time start,
                 uint16_t port)
{
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer s = sinkHelper.Install(server);
    s.Start(Seconds(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(to, port));
    bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
    bulk.Install(client).Start(start);
    return DynamicCast<PacketSink>(s.Get(0));
}

void
VpnNetwork::SendUdpBytes(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, Bytes payload)
{
    Simulator::Schedule(at - Simulator::Now(),
                        [socket, to, port, payload]()
                        {
                            socket->SendTo(Create<Packet>(payload.data(), payload.size()), 0,
                                           InetSocketAddress(to, port));
                        });
}

void
VpnNetwork::SendRawBytes(Time at, Ptr<Socket> socket, Ipv4Address to, Bytes payload)
{
    Simulator::Schedule(at - Simulator::Now(),
                        [socket, to, payload]() {
                            socket->SendTo(Create<Packet>(payload.data(), payload.size()), 0,
                                           InetSocketAddress(to, 0));
                        });
}

const std::vector<IpsecDrop>&
VpnNetwork::Drops(Ptr<IpsecStack> stack) const
{
    return m_drops.at(stack);
}

uint64_t
VpnNetwork::TotalDrops(Ptr<IpsecStack> stack)
{
    uint64_t n = 0;
    for (uint64_t d : stack->GetCounters().drops)
    {
        n += d;
    }
    return n;
}

void
VpnNetwork::RunUntil(Time until)
{
    Simulator::Stop(until - Simulator::Now());
    Simulator::Run();
}

std::string
VpnNetwork::ShowSas(Ptr<IpsecStack> stack, bool detail)
{
    std::ostringstream os;
    stack->PrintSas(os, detail);
    return os.str();
}

IpsecSelector
Prefixes(const char* network, const char* other)
{
    IpsecSelector s;
    s.source = Ipv4Address(network);
    s.sourceMask = Ipv4Mask("255.255.255.0");
    s.destination = Ipv4Address(other);
    s.destinationMask = Ipv4Mask("255.255.255.0");
    return s;
}

Bytes
WithUdpChecksum(Bytes udp, Ipv4Address src, Ipv4Address dst)
{
    udp[6] = 0;
    udp[7] = 0;
    uint32_t pseudo = (src.Get() >> 16) + (src.Get() & 0xFFFF) + (dst.Get() >> 16)
                      + (dst.Get() & 0xFFFF) + 17 + static_cast<uint32_t>(udp.size());
    uint16_t cs = InternetChecksum(udp.data(), udp.size(), pseudo);
    if (cs == 0)
    {
        cs = 0xFFFF; // RFC 768: zero means "no checksum"
    }
    udp[6] = uint8_t(cs >> 8);
    udp[7] = uint8_t(cs & 0xFF);
    return udp;
}

uint32_t
SpiOf(const uint8_t* esp)
{
    return (uint32_t(esp[0]) << 24) | (uint32_t(esp[1]) << 16) | (uint32_t(esp[2]) << 8) | esp[3];
}

uint32_t
SequenceOf(const uint8_t* esp)
{
    return SpiOf(esp + 4);
}

std::string
SpiText(uint32_t spi)
{
    std::ostringstream s;
    s << "0x" << std::hex << std::setw(8) << std::setfill('0') << spi << std::dec << "(" << spi
      << ")";
    return s.str();
}

} // namespace test
} // namespace ns3
