/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ike/ike-scenario.h"

#include <sstream>

namespace ns3
{
namespace test
{

const char* const kTestPsk = "lab-psk-not-a-secret";

std::string
ToString(NatPosition position)
{
    switch (position)
    {
        case NatPosition::NONE:
            return "none";
        case NatPosition::INITIATOR:
            return "initiator";
        case NatPosition::RESPONDER:
            return "responder";
        case NatPosition::BOTH:
            return "both";
    }
    return "unknown";
}

bool
WirePacket::Udp(uint16_t port) const
{
    return protocol == 17 && (sourcePort == port || destinationPort == port);
}

bool
WirePacket::Ike500() const
{
    return protocol == 17 && sourcePort == kIkePort && destinationPort == kIkePort;
}

bool
WirePacket::Ike4500() const
{
    return Udp(kNatTPort) && payload.size() >= 4 && payload[0] == 0 && payload[1] == 0
           && payload[2] == 0 && payload[3] == 0;
}

bool
WirePacket::EspInUdp() const
{
    return Udp(kNatTPort) && payload.size() >= 8 && !Ike4500();
}

bool
WirePacket::Keepalive() const
{
    return Udp(kNatTPort) && payload.size() == 1 && payload[0] == kNatKeepalive;
}

bool
WirePacket::RawEsp() const
{
    return protocol == 50;
}

Bytes
WirePacket::Isakmp() const
{
    if (Ike4500())
    {
        return Bytes(payload.begin() + 4, payload.end());
    }
    return payload;
}

void
WireLog::Watch(Ptr<Node> node, uint32_t interface, bool tx, bool rx)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (tx)
    {
        ipv4->TraceConnectWithoutContext(
            "Tx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                      [this, interface](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t i)
                      {
                          if (i == interface)
                          {
                              Record(p, true);
                          }
                      }));
    }
    if (rx)
    {
        ipv4->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                      [this, interface](Ptr<const Packet> p, Ptr<Ipv4>, uint32_t i)
                      {
                          if (i == interface)
                          {
                              Record(p, false);
                          }
                      }));
    }
}

void
WireLog::Record(Ptr<const Packet> p, bool sent)
{
    WirePacket w;
    w.at = Simulator::Now();
    w.sent = sent;
    w.packet.resize(p->GetSize());
    p->CopyData(w.packet.data(), w.packet.size());
    Ptr<Packet> copy = p->Copy();
    Ipv4Header h;
    copy->RemoveHeader(h);
    w.source = h.GetSource();
    w.destination = h.GetDestination();
    w.protocol = h.GetProtocol();
    if (w.protocol == 17 && h.GetFragmentOffset() == 0 && copy->GetSize() >= 8)
    {
        UdpHeader u;
        copy->RemoveHeader(u);
        w.sourcePort = u.GetSourcePort();
        w.destinationPort = u.GetDestinationPort();
    }
    w.payload.resize(copy->GetSize());
    copy->CopyData(w.payload.data(), w.payload.size());
    m_packets.push_back(std::move(w));
}

const std::vector<WirePacket>&
WireLog::Packets() const
{
    return m_packets;
}

std::vector<WirePacket>
WireLog::Select(const std::function<bool(const WirePacket&)>& match) const
{
    std::vector<WirePacket> out;
    for (const auto& w : m_packets)
    {
        if (match(w))
        {
            out.push_back(w);
        }
    }
    return out;
}

std::vector<IkeEvent>
IkeRecord::DropsOf(IkeDropReason reason) const
{
    std::vector<IkeEvent> out;
    for (const auto& d : drops)
    {
        if (d.what == ToString(reason))
        {
            out.push_back(d);
        }
    }
    return out;
}

IkeNetwork::IkeNetwork(const Options& o)
    : bed(true)
    , options(o)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(options.run);
    hostA = bed.AddNode();
    gwA = bed.AddNode();
    rA = bed.AddNode();
    rB = bed.AddNode();
    gwB = bed.AddNode();
    hostB = bed.AddNode();
    lanA = bed.Link({hostA, gwA}, true);
    accessA = bed.Link({gwA, rA}, true, MilliSeconds(2));
    if (options.attacker)
    {
        attacker = bed.AddNode();
        core = bed.Link({rA, rB, attacker}, false, MilliSeconds(15));
    }
    else
    {
        core = bed.Link({rA, rB}, true, MilliSeconds(15));
    }
    accessB = bed.Link({rB, gwB}, true, MilliSeconds(2));
    lanB = bed.Link({gwB, hostB}, true);

    bed.Address(lanA.Get(0), "10.1.0.2");
    bed.Address(lanA.Get(1), "10.1.0.1");
    accessAInterface = bed.Address(accessA.Get(0), "192.168.1.2");
    bed.Address(accessA.Get(1), "192.168.1.1");
    uint32_t coreA = bed.Address(core.Get(0), "198.51.100.1");
    uint32_t coreB = bed.Address(core.Get(1), "198.51.100.2");
    bed.Address(accessB.Get(0), "192.168.2.1");
    accessBInterface = bed.Address(accessB.Get(1), "192.168.2.2");
    bed.Address(lanB.Get(0), "10.2.0.1");
    bed.Address(lanB.Get(1), "10.2.0.2");
    if (attacker)
    {
        bed.Address(core.Get(2), "198.51.100.9");
        bed.DefaultRoute(attacker, "198.51.100.2");
    }
    bed.DefaultRoute(hostA, "10.1.0.1");
    bed.DefaultRoute(hostB, "10.2.0.1");
    bed.DefaultRoute(gwA, "192.168.1.1");
    bed.DefaultRoute(gwB, "192.168.2.1");
    if (!NatA())
    {
        bed.Route(rB, "192.168.1.0", "255.255.255.0", "198.51.100.1");
    }
    if (!NatB())
    {
        bed.Route(rA, "192.168.2.0", "255.255.255.0", "198.51.100.2");
    }

    auto watchDrops = [this](Ptr<NatBox> box, std::vector<std::pair<Time, NatDropReason>>* log)
    {
        bed.WatchDrops(box);
        if (log)
        {
            box->TraceConnectWithoutContext(
                "Drop", Callback<void, Ptr<const Packet>, const Ipv4Header&, NatDropReason>(
                            [log](Ptr<const Packet>, const Ipv4Header&, NatDropReason reason)
                            { log->emplace_back(Simulator::Now(), reason); }));
        }
    };
    if (NatA())
    {
        NatHelper h;
        h.SetMode("pat");
        h.SetAttribute("UdpTimeout", TimeValue(options.natTimeout));
        if (options.configureNat)
        {
            options.configureNat(h);
        }
        natA = h.Install(rA, accessA.Get(1), core.Get(0));
        natA->AssignStreams(120);
        watchDrops(natA, &natADrops);
    }
    if (NatB())
    {
        NatHelper h;
        h.SetMode("pat");
        h.SetAttribute("UdpTimeout", TimeValue(options.natTimeout));
        h.AddStaticPortMapping(17, Ipv4Address("192.168.2.2"), kIkePort, kIkePort);
        h.AddStaticPortMapping(17, Ipv4Address("192.168.2.2"), kNatTPort, kNatTPort);
        if (options.configureNat)
        {
            options.configureNat(h);
        }
        natB = h.Install(rB, accessB.Get(0), core.Get(1));
        natB->AssignStreams(121);
        watchDrops(natB, nullptr);
    }

    IpsecHelper ipsec;
    if (options.configureIpsec)
    {
        options.configureIpsec(ipsec);
    }
    stackA = ipsec.Install(gwA);
    stackB = ipsec.Install(gwB);
    ipsec.AssignStreams(NodeContainer(gwA, gwB), 100);
    IkeHelper ike;
    ike.SetAttribute("NatTraversal", BooleanValue(options.natTraversal));
    ike.SetAttribute("NatKeepalive", TimeValue(options.keepalive));
    if (options.configureIke)
    {
        options.configureIke(ike);
    }
    ikeA = ike.Install(gwA);
    ikeB = ike.Install(gwB);
    IkeHelper::AssignStreams(NodeContainer(gwA, gwB), 110);
    Watch(ikeA, stackA, recordA);
    Watch(ikeB, stackB, recordB);

    Ipv4Address aAddr("192.168.1.2");
    Ipv4Address bAddr("192.168.2.2");
    if (options.defaultKeys)
    {
        ikeA->AddPreSharedKey(BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
        ikeB->AddPreSharedKey(ASeen(), Ipv4Mask::GetOnes(), kTestPsk);
    }
    IkeProposal policy{IpsecHelper::ParseCipher("aes128"), HashAlgorithm::SHA2_256, 14,
                       Seconds(86400)};
    IpsecTransform transform;
    transform.cipher = "aes128";
    transform.integrity = "sha256";
    transform.mode = options.mode;
    bool transport = options.mode == IpsecMode::TRANSPORT;
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
            s = Prefixes(localNet, remoteNet);
        }
        return s;
    };
    IkeConnection ca;
    ca.name = "to-b";
    ca.localAddress = aAddr;
    ca.peerAddress = BSeen();
    ca.proposals = {policy};
    ca.transform = transform;
    ca.selector = selector(aAddr, BSeen(), "10.1.0.0", "10.2.0.0");
    IkeConnection cb = ca;
    cb.name = "to-a";
    cb.localAddress = bAddr;
    cb.peerAddress = ASeen();
    cb.selector = selector(bAddr, ASeen(), "10.2.0.0", "10.1.0.0");
    if (options.configureConnection)
    {
        options.configureConnection(ca, true);
        options.configureConnection(cb, false);
    }
    connectionA = ikeA->AddConnection(ca);
    connectionB = ikeB->AddConnection(cb);
    if (options.initiate)
    {
        Simulator::Schedule(options.initiateAt, &IkeAgent::Initiate, ikeA, connectionA);
    }

    coreLog.Watch(rA, coreA, true, false);
    coreLog.Watch(rB, coreB, true, false);
    accessLog.Watch(gwA, accessAInterface, true, true);
}

void
IkeNetwork::Watch(Ptr<IkeAgent> agent, Ptr<IpsecStack> stack, IkeRecord& record)
{
    IkeRecord* r = &record;
    agent->TraceConnectWithoutContext(
        "Phase1Established",
        Callback<void, Ipv4Address, IkeNatStatus>(
            [r](Ipv4Address peer, IkeNatStatus status) {
                r->phase1.push_back({Simulator::Now(), peer, ToString(status)});
            }));
    agent->TraceConnectWithoutContext(
        "Phase2Established",
        Callback<void, Ipv4Address, uint32_t, uint32_t, bool>(
            [r](Ipv4Address peer, uint32_t spiIn, uint32_t spiOut, bool udp)
            {
                r->phase2.push_back({Simulator::Now(), peer, udp ? "udp" : "raw"});
                r->phase2Spis.emplace_back(spiIn, spiOut);
            }));
    agent->TraceConnectWithoutContext("PeerDead",
                                      Callback<void, Ipv4Address>(
                                          [r](Ipv4Address peer) {
                                              r->peerDead.push_back({Simulator::Now(), peer, ""});
                                          }));
    agent->TraceConnectWithoutContext(
        "Drop", Callback<void, Ipv4Address, IkeDropReason>(
                    [r](Ipv4Address peer, IkeDropReason reason) {
                        r->drops.push_back({Simulator::Now(), peer, ToString(reason)});
                    }));
    agent->TraceConnectWithoutContext(
        "KeepaliveSent",
        Callback<void, Ipv4Address, uint16_t>(
            [r](Ipv4Address peer, uint16_t port) {
                r->keepalives.push_back({Simulator::Now(), peer, std::to_string(port)});
            }));
    stack->TraceConnectWithoutContext(
        "PeerMoved", Callback<void, uint32_t, Ipv4Address, uint16_t, Ipv4Address, uint16_t>(
                         [r](uint32_t, Ipv4Address oldAddress, uint16_t oldPort,
                             Ipv4Address newAddress, uint16_t newPort)
                         {
                             std::ostringstream s;
                             s << oldAddress << ":" << oldPort << " -> " << newAddress << ":"
                               << newPort;
                             r->peerMoves.push_back({Simulator::Now(), newAddress, s.str()});
                         }));
}

bool
IkeNetwork::NatA() const
{
    return options.nat == NatPosition::INITIATOR || options.nat == NatPosition::BOTH;
}

bool
IkeNetwork::NatB() const
{
    return options.nat == NatPosition::RESPONDER || options.nat == NatPosition::BOTH;
}

Ipv4Address
IkeNetwork::ASeen() const
{
    return NatA() ? Ipv4Address("198.51.100.1") : Ipv4Address("192.168.1.2");
}

Ipv4Address
IkeNetwork::BSeen() const
{
    return NatB() ? Ipv4Address("198.51.100.2") : Ipv4Address("192.168.2.2");
}

std::shared_ptr<EchoCount>
IkeNetwork::Echo(Ptr<Node> client, Ptr<Node> server, Ipv4Address to, uint32_t packets, Time start,
                 Time interval, uint16_t port, uint32_t size)
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

void
IkeNetwork::SendBytes(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, Bytes payload)
{
    Simulator::Schedule(at - Simulator::Now(),
                        [socket, to, port, payload]()
                        {
                            socket->SendTo(Create<Packet>(payload.data(), payload.size()), 0,
                                           InetSocketAddress(to, port));
                        });
}

void
IkeNetwork::RunUntil(Time until)
{
    Simulator::Stop(until - Simulator::Now());
    Simulator::Run();
}

} // namespace test
} // namespace ns3
