/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * UdpPort: a UDP port on ns-3's demultiplexer without a socket (the IKE
 * and NAT-T ports). Two nodes on a point-to-point link; what arrives, with
 * which addresses, ports and TTL; port conflicts with sockets both ways;
 * no route; teardown in either order.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/udp-port.h"

#include <gtest/gtest.h>

#include <vector>

namespace ns3
{
namespace test
{
namespace
{

struct Datagram
{
    std::vector<uint8_t> bytes;
    Ipv4Address source;
    Ipv4Address destination;
    uint16_t sourcePort{0};
    uint8_t ttl{0};
};

struct Link
{
    NodeContainer nodes;
    Ipv4InterfaceContainer addresses;

    Link()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        InternetStackHelper internet;
        internet.SetIpv6StackInstall(false);
        internet.Install(nodes);
        NetDeviceContainer d = p2p.Install(nodes);
        Ipv4AddressHelper a("10.9.0.0", "255.255.255.0");
        addresses = a.Assign(d);
    }
};

struct Sink
{
    std::vector<Datagram> got;

    void Receive(Ptr<Packet> p, Ipv4Header h, uint16_t sourcePort, Ptr<Ipv4Interface>)
    {
        Datagram d;
        d.bytes.resize(p->GetSize());
        p->CopyData(d.bytes.data(), d.bytes.size());
        d.source = h.GetSource();
        d.destination = h.GetDestination();
        d.sourcePort = sourcePort;
        d.ttl = h.GetTtl();
        got.push_back(d);
    }
};

Ptr<Packet>
Payload(std::vector<uint8_t> b)
{
    return Create<Packet>(b.data(), b.size());
}

/// An ordinary ns-3 socket that records a datagram and answers it.
struct EchoSocket
{
    std::vector<uint8_t> got;
    uint16_t fromPort{0};

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        Ptr<Packet> p = socket->RecvFrom(from);
        got.resize(p->GetSize());
        p->CopyData(got.data(), got.size());
        fromPort = InetSocketAddress::ConvertFrom(from).GetPort();
        socket->SendTo(Payload({9, 8, 7}), 0, from); // from its own port
    }
};

/// Port 4500 on both nodes of a link: a sends, b's datagrams go to sink.
struct PortPair
{
    Link link;
    Sink sink;
    UdpPort a;
    UdpPort b;

    PortPair()
    {
        a.Open(link.nodes.Get(0), 4500, UdpPort::ReceiveCallback());
        b.Open(link.nodes.Get(1), 4500, MakeCallback(&Sink::Receive, &sink));
    }
};

} // namespace

TEST(UdpPort, DeliversWithAddressesPortAndTtl)
{
    {
        PortPair pair;
        ASSERT_TRUE(pair.a.IsOpen() && pair.b.IsOpen());
        Link& link = pair.link;
        Sink& sink = pair.sink;
        UdpPort& a = pair.a;
        Simulator::Schedule(
            Seconds(1),
            [&]()
            {
                EXPECT_TRUE(a.SendTo(Payload({0xff}), link.addresses.GetAddress(1), 4500));
                EXPECT_TRUE(
                    a.SendTo(Payload({0, 0, 0, 0, 1, 2}), link.addresses.GetAddress(1), 4500));
            });
        Simulator::Run();
        ASSERT_EQ(sink.got.size(), 2u);
        EXPECT_EQ(sink.got[0].bytes, std::vector<uint8_t>({0xff}));
        EXPECT_EQ(sink.got[1].bytes, std::vector<uint8_t>({0, 0, 0, 0, 1, 2}));
        for (const auto& d : sink.got)
        {
            EXPECT_EQ(d.source, link.addresses.GetAddress(0)); // chosen by routing
            EXPECT_EQ(d.destination, link.addresses.GetAddress(1));
            EXPECT_EQ(d.sourcePort, 4500);
            EXPECT_EQ(d.ttl, 64); // the IP layer's default, one link: not decremented
        }
    }
    Simulator::Destroy();
}

TEST(UdpPort, ReachesAnOrdinarySocketAndBack)
{
    {
        Link link;
        Sink sink;
        UdpPort port;
        ASSERT_TRUE(port.Open(link.nodes.Get(0), 500, MakeCallback(&Sink::Receive, &sink)));
        Ptr<Socket> s = Socket::CreateSocket(link.nodes.Get(1), UdpSocketFactory::GetTypeId());
        ASSERT_EQ(s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000)), 0);
        EchoSocket echo;
        s->SetRecvCallback(MakeCallback(&EchoSocket::Receive, &echo));
        Simulator::Schedule(Seconds(1),
                            [&]() {
                                port.SendTo(Payload({1, 2, 3}), link.addresses.GetAddress(1), 7000);
                            });
        Simulator::Run();
        EXPECT_EQ(echo.got, std::vector<uint8_t>({1, 2, 3}));
        EXPECT_EQ(echo.fromPort, 500);
        ASSERT_EQ(sink.got.size(), 1u);
        EXPECT_EQ(sink.got[0].bytes, std::vector<uint8_t>({9, 8, 7}));
        EXPECT_EQ(sink.got[0].sourcePort, 7000);
    }
    Simulator::Destroy();
}

TEST(UdpPort, PortConflictsWithSocketsBothWays)
{
    {
        Link link;
        Ptr<Node> n = link.nodes.Get(0);
        Ptr<Socket> s = Socket::CreateSocket(n, UdpSocketFactory::GetTypeId());
        ASSERT_EQ(s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 500)), 0);
        UdpPort taken;
        EXPECT_FALSE(taken.Open(n, 500, UdpPort::ReceiveCallback()));
        EXPECT_FALSE(taken.IsOpen());
        EXPECT_FALSE(taken.SendTo(Payload({1}), link.addresses.GetAddress(1), 500));

        UdpPort port;
        ASSERT_TRUE(port.Open(n, 4500, UdpPort::ReceiveCallback()));
        EXPECT_TRUE(port.IsOpen());
        Ptr<Socket> s2 = Socket::CreateSocket(n, UdpSocketFactory::GetTypeId());
        EXPECT_NE(s2->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4500)), 0);
        UdpPort second;
        EXPECT_FALSE(second.Open(n, 4500, UdpPort::ReceiveCallback()));

        port.Close(); // the port is free again
        EXPECT_FALSE(port.IsOpen());
        EXPECT_EQ(s2->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4500)), 0);
    }
    Simulator::Destroy();
}

TEST(UdpPort, NoRouteIsRefusedAndNothingIsSent)
{
    {
        PortPair pair;
        ASSERT_TRUE(pair.a.IsOpen() && pair.b.IsOpen());
        Simulator::Schedule(
            Seconds(1), [&]()
            { EXPECT_FALSE(pair.a.SendTo(Payload({1}), Ipv4Address("198.51.100.1"), 4500)); });
        Simulator::Run();
        EXPECT_TRUE(pair.sink.got.empty());
    }
    Simulator::Destroy();
}

TEST(UdpPort, NodeDisposedBeforeThePort)
{
    // Simulator::Destroy disposes the nodes (and their UDP layer, which
    // deletes its endpoints) while the port object still lives.
    UdpPort port;
    {
        Link link;
        ASSERT_TRUE(port.Open(link.nodes.Get(0), 4500, UdpPort::ReceiveCallback()));
    }
    Simulator::Destroy();
    EXPECT_FALSE(port.IsOpen());
    EXPECT_FALSE(port.SendTo(Payload({1}), Ipv4Address("10.9.0.2"), 4500));
    port.Close(); // and closing again is harmless
}

} // namespace test
} // namespace ns3
