/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-stack.h"

#include "ipsec-l4-protocol.h"
#include "ipsec-routing-protocol.h"

#include "ns3/ah-codec.h"
#include "ns3/boolean.h"
#include "ns3/internet-checksum.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-encapsulation.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecStack");
NS_OBJECT_ENSURE_REGISTERED(IpsecStack);

namespace
{

/// Marks the stack's own outer packets so the SPD does not look at them again.
class IpsecOutputTag : public Tag
{
public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::IpsecOutputTag")
                                .SetParent<Tag>()
                                .SetGroupName("IpsecNat")
                                .AddConstructor<IpsecOutputTag>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return 0;
    }

    void Serialize(TagBuffer) const override {}

    void Deserialize(TagBuffer) override {}

    void Print(std::ostream& os) const override
    {
        os << "ipsec-output";
    }
};

uint32_t
Read32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

/// The octets of \p p into \p b, reusing its capacity.
void
CopyPacketBytes(Ptr<const Packet> p, Bytes& b)
{
    b.resize(p->GetSize());
    p->CopyData(b.data(), b.size());
}

Bytes
HeaderBytes(const Ipv4Header& h)
{
    Buffer buffer;
    buffer.AddAtStart(h.GetSerializedSize());
    h.Serialize(buffer.Begin());
    Bytes b(buffer.GetSize());
    buffer.CopyData(b.data(), b.size());
    return b;
}

// Ports of a TCP/UDP payload, zero otherwise.
std::pair<uint16_t, uint16_t>
PortsOf(uint8_t protocol, const uint8_t* l4, std::size_t len)
{
    if ((protocol != 6 && protocol != 17) || len < 4)
    {
        return {0, 0};
    }
    return {uint16_t(l4[0] << 8 | l4[1]), uint16_t(l4[2] << 8 | l4[3])};
}

// Byte tags are simulation metadata (FlowMonitor's flow probe tag among
// them): they follow the packet through encapsulation and decapsulation, so
// FlowMonitor on the end hosts sees the inner flows.
void
CopyByteTags(Ptr<const Packet> from, Ptr<Packet> to)
{
    ByteTagIterator it = from->GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        Callback<ObjectBase*> constructor = item.GetTypeId().GetConstructor();
        if (constructor.IsNull())
        {
            continue;
        }
        std::unique_ptr<Tag> tag(dynamic_cast<Tag*>(constructor()));
        if (tag)
        {
            item.GetTag(*tag);
            to->AddByteTag(*tag);
        }
    }
}

/// The key of an SA in the lifetime queue.
uint64_t
LifetimeKey(uint32_t spi, bool outbound)
{
    return (uint64_t{spi} << 1) | (outbound ? 1U : 0U);
}

std::string
Hex32(uint32_t v)
{
    std::ostringstream s;
    s << "0x" << std::hex << std::setw(8) << std::setfill('0') << v << std::dec << "(" << v << ")";
    return s.str();
}

std::string
IosTransform(const IpsecSaConfig& c)
{
    std::string t;
    if (c.encryption)
    {
        switch (c.encryption->algorithm)
        {
            case EncryptionAlgorithm::NULL_ENCRYPTION:
                t = "esp-null";
                break;
            case EncryptionAlgorithm::DES_CBC:
                t = "esp-des";
                break;
            case EncryptionAlgorithm::TRIPLE_DES_CBC:
                t = "esp-3des";
                break;
            case EncryptionAlgorithm::AES_CBC:
                t = c.encryption->keyLengthBits == 128
                        ? "esp-aes"
                        : "esp-aes " + std::to_string(c.encryption->keyLengthBits);
                break;
            default:
                t = "esp-gcm " + std::to_string(c.encryption->keyLengthBits);
                break;
        }
    }
    if (c.integrity)
    {
        std::string prefix = c.protocol == IpsecProtocol::AH ? "ah-" : "esp-";
        switch (c.integrity->algorithm)
        {
            case IntegrityAlgorithm::HMAC_MD5_96:
                t += (t.empty() ? "" : " ") + prefix + "md5-hmac";
                break;
            case IntegrityAlgorithm::HMAC_SHA1_96:
                t += (t.empty() ? "" : " ") + prefix + "sha-hmac";
                break;
            case IntegrityAlgorithm::HMAC_SHA2_256_128:
                t += (t.empty() ? "" : " ") + prefix + "sha256-hmac";
                break;
            case IntegrityAlgorithm::HMAC_SHA2_384_192:
                t += (t.empty() ? "" : " ") + prefix + "sha384-hmac";
                break;
            case IntegrityAlgorithm::HMAC_SHA2_512_256:
                t += (t.empty() ? "" : " ") + prefix + "sha512-hmac";
                break;
        }
    }
    return t;
}

// A peer endpoint as a map key: address and UDP port (0 for raw ESP/AH).
uint64_t
EndpointKey(Ipv4Address address, uint16_t port)
{
    return (uint64_t(address.Get()) << 16) | port;
}

uint16_t
PeerPortOf(const IpsecSaConfig& c, bool outbound)
{
    if (c.encapsulation != IpsecEncapsulation::UDP)
    {
        return 0;
    }
    return outbound ? c.destinationPort : c.sourcePort;
}

// The peer endpoint of an installed SA: where an outbound one sends, where
// an inbound one receives from (the m_sasOfPeer key).
uint64_t
PeerEndpointKey(const IpsecSaConfig& c, bool outbound)
{
    return EndpointKey(outbound ? c.destination : c.source, PeerPortOf(c, outbound));
}

} // namespace

TypeId
IpsecStack::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::IpsecStack")
              .SetParent<Object>()
              .SetGroupName("IpsecNat")
              .AddConstructor<IpsecStack>()
              .AddAttribute("NatTraversalPort",
                            "UDP port of UDP-encapsulated ESP and floated IKE (RFC 3948).",
                            UintegerValue(kNatTPort), MakeUintegerAccessor(&IpsecStack::m_natTPort),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("LegacyNonIkeMarker",
                            "Accept ESP behind the 8-octet non-IKE marker of "
                            "draft-ietf-ipsec-udp-encaps-00/01 on the NAT-T port.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&IpsecStack::m_legacyNonIkeMarker),
                            MakeBooleanChecker())
              .AddAttribute("PeerFloat",
                            "Move an SA's peer endpoint when authenticated UDP-encapsulated ESP "
                            "arrives from a new address or port (its NAT mapping changed).",
                            BooleanValue(true), MakeBooleanAccessor(&IpsecStack::m_peerFloat),
                            MakeBooleanChecker())
              .AddAttribute("TunnelMtu",
                            "MTU of the tunnel interface: inner packets larger than this are "
                            "fragmented before protection (set it to the path MTU minus the "
                            "SA's overhead, see IpsecSaConfig::Overhead).",
                            UintegerValue(1400), MakeUintegerAccessor(&IpsecStack::m_tunnelMtu),
                            MakeUintegerChecker<uint16_t>(68, 65535))
              .AddAttribute("OuterTtl", "TTL of outer headers built for AH.", UintegerValue(64),
                            MakeUintegerAccessor(&IpsecStack::m_outerTtl),
                            MakeUintegerChecker<uint8_t>(1))
              .AddTraceSource("Drop", "A packet was dropped: packet, reason, SPI (0 if none).",
                              MakeTraceSourceAccessor(&IpsecStack::m_dropTrace),
                              "ns3::IpsecStack::DropTracedCallback")
              .AddTraceSource("Protect", "An outer packet was built: the packet, the SA's SPI.",
                              MakeTraceSourceAccessor(&IpsecStack::m_protectTrace),
                              "ns3::IpsecStack::PacketTracedCallback")
              .AddTraceSource("Unprotect",
                              "A packet was verified and re-injected: the inner packet, SPI.",
                              MakeTraceSourceAccessor(&IpsecStack::m_unprotectTrace),
                              "ns3::IpsecStack::PacketTracedCallback")
              .AddTraceSource("Lifetime", "An SA reached a soft or hard lifetime limit.",
                              MakeTraceSourceAccessor(&IpsecStack::m_lifetimeTrace),
                              "ns3::IpsecStack::LifetimeTracedCallback")
              .AddTraceSource("SaInstalled", "An SA was installed (key export listens here).",
                              MakeTraceSourceAccessor(&IpsecStack::m_saInstalledTrace),
                              "ns3::IpsecStack::SaTracedCallback")
              .AddTraceSource("PeerMoved",
                              "Authenticated traffic came from a new peer address/port; the SAs "
                              "follow it.",
                              MakeTraceSourceAccessor(&IpsecStack::m_peerTrace),
                              "ns3::IpsecStack::PeerTracedCallback")
              .AddTraceSource("Keepalive",
                              "A NAT keepalive (RFC 3948 section 2.3) arrived: source, port.",
                              MakeTraceSourceAccessor(&IpsecStack::m_keepaliveTrace),
                              "ns3::Ipv4Address::TracedCallback");
    return tid;
}

IpsecStack::IpsecStack()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

IpsecStack::~IpsecStack() = default;

void
IpsecStack::Install(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
    m_ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!m_ipv4, "IPsec: node " << node->GetId()
                                            << " has no Ipv4 (install the internet stack first)");
    NS_ABORT_MSG_IF(!m_ipv4->GetRoutingProtocol(),
                    "IPsec: node " << node->GetId() << " has no routing protocol");

    m_tunnel = CreateObject<VirtualNetDevice>();
    m_tunnel->SetAddress(Mac48Address::Allocate());
    m_tunnel->SetNeedsArp(false);
    m_tunnel->SetIsPointToPoint(true);
    m_tunnel->SetMtu(m_tunnelMtu);
    m_tunnel->SetSendCallback(MakeCallback(&IpsecStack::TunnelSend, this));
    node->AddDevice(m_tunnel);
    m_tunnelInterface = m_ipv4->AddInterface(m_tunnel);
    m_ipv4->SetUp(m_tunnelInterface);
    // The transport-mode device is added by EnableTransportMode (an IKE
    // connection or a manual SA in transport mode): most nodes never need
    // it, and every interface costs memory and a place in the IP layer's
    // per-packet interface scans.

    m_routing = CreateObject<IpsecRoutingProtocol>();
    m_routing->Setup(this, m_ipv4->GetRoutingProtocol());
    m_ipv4->SetRoutingProtocol(m_routing);

    m_esp = CreateObject<IpsecL4Protocol>();
    m_esp->Setup(this, 50);
    m_ipv4->Insert(m_esp);
    m_ah = CreateObject<IpsecL4Protocol>();
    m_ah->Setup(this, 51);
    m_ipv4->Insert(m_ah);

    NS_ABORT_MSG_IF(
        !m_natTPortEndpoint.Open(node, m_natTPort, MakeCallback(&IpsecStack::ReceiveUdp, this)),
        "IPsec: node " << node->GetId() << " cannot bind UDP port " << m_natTPort);
}

SecurityPolicyDatabase&
IpsecStack::GetSpd()
{
    return m_spd;
}

const SecurityAssociationDatabase&
IpsecStack::GetSad() const
{
    return m_sad;
}

void
IpsecStack::EnableTransportMode()
{
    if (m_transport || !m_ipv4)
    {
        return;
    }
    m_transport = CreateObject<VirtualNetDevice>();
    m_transport->SetAddress(Mac48Address::Allocate());
    m_transport->SetNeedsArp(false);
    m_transport->SetIsPointToPoint(true);
    m_transport->SetMtu(65535);
    m_transport->SetSendCallback(MakeCallback(&IpsecStack::TunnelSend, this));
    m_node->AddDevice(m_transport);
    m_ipv4->SetUp(m_ipv4->AddInterface(m_transport));
}

std::string
IpsecStack::AddSa(const IpsecSaConfig& config, bool outbound, uint32_t bundle)
{
    if (config.mode == IpsecMode::TRANSPORT)
    {
        EnableTransportMode();
    }
    std::string error;
    auto sa = SecurityAssociation::Create(config, Simulator::Now(), error);
    if (!sa)
    {
        return error;
    }
    sa->SetBundle(bundle);
    SaRef ref{sa.get(), outbound};
    if (outbound)
    {
        m_sad.AddOutbound(bundle, std::move(sa));
    }
    else if (!m_sad.AddInbound(std::move(sa)))
    {
        std::ostringstream s;
        s << "inbound SPI " << Hex32(config.spi) << " is already in use on this node";
        return s.str();
    }
    m_sasOfBundle[bundle].push_back(ref);
    if (config.encapsulation == IpsecEncapsulation::UDP)
    {
        m_sasOfPeer[PeerEndpointKey(config, outbound)].push_back(ref);
    }
    NS_LOG_INFO("node " << m_node->GetId() << " " << (outbound ? "outbound" : "inbound") << " SA "
                        << Hex32(config.spi) << " " << IosTransform(config) << " "
                        << ToString(config.mode) << " encap " << ToString(config.encapsulation));
    m_saInstalledTrace(config, outbound);
    ScheduleLifetime(config.spi, outbound);
    return "";
}

template<typename Key>
void
IpsecStack::Unindex(std::map<Key, std::vector<SaRef>>& index, Key key, SaRef ref)
{
    auto it = index.find(key);
    if (it == index.end())
    {
        return;
    }
    std::vector<SaRef>& refs = it->second;
    refs.erase(std::remove(refs.begin(), refs.end(), ref), refs.end());
    if (refs.empty())
    {
        index.erase(it);
    }
}

bool
IpsecStack::RemoveSa(uint32_t spi, bool outbound)
{
    m_lifetimeQueued.erase(LifetimeKey(spi, outbound)); // its queue entry is stale now
    SecurityAssociation* sa = outbound ? m_sad.FindOutboundBySpi(spi) : m_sad.FindInbound(spi);
    if (!sa)
    {
        return false;
    }
    SaRef ref{sa, outbound};
    Unindex(m_sasOfBundle, sa->GetBundle(), ref);
    if (sa->Config().encapsulation == IpsecEncapsulation::UDP)
    {
        Unindex(m_sasOfPeer, PeerEndpointKey(sa->Config(), outbound), ref);
    }
    return outbound ? m_sad.RemoveOutbound(spi) : m_sad.RemoveInbound(spi);
}

void
IpsecStack::RunOnCpu(const IpsecSaConfig& c, std::size_t bytes, std::function<void()> job,
                     Ptr<const Packet> packet, const char* what)
{
    if (!m_cpu)
    {
        job();
        return;
    }
    std::optional<IntegrityAlgorithm> integrity;
    if (c.integrity)
    {
        integrity = c.integrity->algorithm;
    }
    EncryptionAlgorithm cipher
        = c.encryption ? c.encryption->algorithm : EncryptionAlgorithm::NULL_ENCRYPTION;
    Time cost = GetCpuProfile().EspPacket(cipher, integrity, bytes);
    if (!m_cpu->Submit(cost, Callback<void>(job), what))
    {
        Drop(packet, IpsecDropReason::CPU_QUEUE_FULL, c.spi);
    }
}

void
IpsecStack::SetCpu(Ptr<CpuModel> cpu, const CpuCostProfile& profile)
{
    m_cpu = cpu;
    m_cpuProfile = std::make_shared<const CpuCostProfile>(profile);
}

Ptr<CpuModel>
IpsecStack::GetCpu() const
{
    return m_cpu;
}

const CpuCostProfile&
IpsecStack::GetCpuProfile() const
{
    static const CpuCostProfile kZero = CpuCostProfile::Zero();
    return m_cpuProfile ? *m_cpuProfile : kZero;
}

void
IpsecStack::SetIkeReceiveCallback(IkeReceiveCallback cb)
{
    m_ike = cb;
}

void
IpsecStack::SendIkeOnNatTPort(Ptr<Packet> ike, Ipv4Address destination, uint16_t port)
{
    uint8_t marker[4] = {0, 0, 0, 0};
    Ptr<Packet> out = Create<Packet>(marker, 4);
    out->AddAtEnd(ike);
    out->AddPacketTag(IpsecOutputTag());
    m_natT[destination.Get()].Sent(Simulator::Now());
    m_natTPortEndpoint.SendTo(out, destination, port);
}

void
IpsecStack::SendNatKeepalive(Ipv4Address destination, uint16_t port)
{
    uint8_t keepalive = kNatKeepalive;
    Ptr<Packet> p = Create<Packet>(&keepalive, 1);
    p->AddPacketTag(IpsecOutputTag());
    m_natT[destination.Get()].Sent(Simulator::Now());
    m_natTPortEndpoint.SendTo(p, destination, port);
}

Time
IpsecStack::GetLastNatTActivity(Ipv4Address peer) const
{
    auto it = m_natT.find(peer.Get());
    return it == m_natT.end() ? Seconds(-1) : it->second.activity;
}

void
IpsecStack::MovePeer(Ipv4Address oldAddress, uint16_t oldPort, Ipv4Address newAddress,
                     uint16_t newPort, uint32_t spi)
{
    if (oldAddress == newAddress && oldPort == newPort)
    {
        return;
    }
    // Every UDP-encapsulated SA with the old endpoint, from the index.
    auto moved = m_sasOfPeer.find(EndpointKey(oldAddress, oldPort));
    if (moved != m_sasOfPeer.end())
    {
        std::vector<SaRef> refs = std::move(moved->second);
        m_sasOfPeer.erase(moved);
        std::vector<SaRef>& to = m_sasOfPeer[EndpointKey(newAddress, newPort)];
        for (const SaRef& ref : refs)
        {
            ref.first->UpdatePeer(newAddress, newPort, ref.second);
            to.push_back(ref);
        }
    }
    ++m_counters.peerMoves;
    NS_LOG_INFO("node " << m_node->GetId() << " peer moved " << oldAddress << ":" << oldPort
                        << " -> " << newAddress << ":" << newPort);
    m_peerTrace(spi, oldAddress, oldPort, newAddress, newPort);
}

uint32_t
IpsecStack::GetBundleOfSpi(uint32_t spi) const
{
    const SecurityAssociation* sa = m_sad.FindOutboundBySpi(spi);
    if (!sa)
    {
        sa = m_sad.FindInbound(spi);
    }
    return sa ? sa->GetBundle() : 0;
}

void
IpsecStack::RemoveBundle(uint32_t bundle)
{
    auto it = m_sasOfBundle.find(bundle);
    if (it == m_sasOfBundle.end())
    {
        return;
    }
    std::vector<std::pair<uint32_t, bool>> doomed;
    for (const SaRef& ref : it->second)
    {
        doomed.emplace_back(ref.first->Config().spi, ref.second);
    }
    for (const auto& [spi, outbound] : doomed)
    {
        RemoveSa(spi, outbound);
    }
}

Time
IpsecStack::GetLastReceived(Ipv4Address peer, uint16_t port) const
{
    auto it = m_lastReceived.find(EndpointKey(peer, port));
    return it == m_lastReceived.end() ? Seconds(-1) : it->second;
}

Time
IpsecStack::GetLastNatTSent(Ipv4Address peer) const
{
    auto it = m_natT.find(peer.Get());
    return it == m_natT.end() ? Seconds(-1) : it->second.sent;
}

Time
IpsecStack::GetLastSent(Ipv4Address peer, uint16_t port) const
{
    auto it = m_lastSent.find(EndpointKey(peer, port));
    return it == m_lastSent.end() ? Seconds(-1) : it->second;
}

uint32_t
IpsecStack::GetTunnelInterface() const
{
    return m_tunnelInterface;
}

Ptr<VirtualNetDevice>
IpsecStack::GetTunnelDevice() const
{
    return m_tunnel;
}

Ptr<NetDevice>
IpsecStack::DeviceFor(const IpsecPolicy& policy) const
{
    SecurityAssociation* sa = m_sad.FindOutbound(policy.saBundle);
    if (sa && sa->Config().mode == IpsecMode::TRANSPORT)
    {
        return m_transport;
    }
    return m_tunnel;
}

const IpsecStack::Counters&
IpsecStack::GetCounters() const
{
    return m_counters;
}

uint64_t
IpsecStack::GetDropCount(IpsecDropReason reason) const
{
    return m_counters.drops[static_cast<std::size_t>(reason)];
}

int64_t
IpsecStack::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
IpsecStack::RandomBytes(uint8_t* out, std::size_t len)
{
    for (std::size_t i = 0; i < len; ++i)
    {
        out[i] = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
}

bool
IpsecStack::IsOwnOutput(Ptr<const Packet> packet)
{
    IpsecOutputTag tag;
    return packet->PeekPacketTag(tag);
}

void
IpsecStack::MarkOwnOutput(Ptr<Packet> packet)
{
    IpsecOutputTag tag;
    if (!packet->PeekPacketTag(tag))
    {
        packet->AddPacketTag(tag);
    }
}

const IpsecPolicy*
IpsecStack::Classify(const Ipv4Header& header, Ptr<const Packet> payload, bool swapPorts,
                     uint32_t offset) const
{
    uint8_t proto = header.GetProtocol();
    if (!payload)
    {
        // Ports unknown (a socket asking for a route): first entry whose
        // addresses and protocol match, whatever its ports.
        return m_spd.LookupAnyPorts(header.GetSource(), header.GetDestination(), proto);
    }
    // The ports, read in place (an IP header is at most 60 octets).
    uint8_t bytes[64] = {};
    std::size_t n = 0;
    if (header.GetFragmentOffset() == 0 && offset <= 60)
    {
        uint32_t size = payload->GetSize();
        n = size > offset ? std::min<uint32_t>(4, size - offset) : 0;
        payload->CopyData(bytes, offset + n);
    }
    auto [sport, dport] = PortsOf(proto, bytes + offset, n);
    if (swapPorts)
    {
        std::swap(sport, dport);
    }
    return m_spd.Lookup(header.GetSource(), header.GetDestination(), proto, sport, dport);
}

void
IpsecStack::Drop(Ptr<const Packet> packet, IpsecDropReason reason, uint32_t spi)
{
    NS_LOG_LOGIC("node " << m_node->GetId() << " drop " << ToString(reason) << " spi "
                         << Hex32(spi));
    ++m_counters.drops[static_cast<std::size_t>(reason)];
    m_dropTrace(packet, reason, spi);
}

// ---------------------------------------------------------------- outbound

bool
IpsecStack::TunnelSend(Ptr<Packet> packet, const Address&, const Address&, uint16_t)
{
    Ipv4Header inner;
    uint32_t headerSize = packet->PeekHeader(inner);
    if (headerSize == 0)
    {
        Drop(packet, IpsecDropReason::BAD_INNER_PACKET, 0);
        return true;
    }
    const IpsecPolicy* policy = Classify(inner, packet, false, headerSize);
    if (!policy || policy->action == IpsecPolicyAction::BYPASS)
    {
        SendClear(packet); // the route guessed without ports; the ports say clear
        return true;
    }
    if (policy->action == IpsecPolicyAction::DISCARD)
    {
        Drop(packet, IpsecDropReason::POLICY_DISCARD, 0);
        return true;
    }
    SecurityAssociation* sa = m_sad.FindOutbound(policy->saBundle);
    if (!sa)
    {
        Drop(packet, IpsecDropReason::NO_SA, 0);
        return true;
    }
    ProtectAndSend(*sa, packet);
    return true;
}

void
IpsecStack::SendClear(Ptr<Packet> packetWithHeader)
{
    Ipv4Header h;
    Ptr<Packet> p = packetWithHeader->Copy();
    p->RemoveHeader(h);
    p->AddPacketTag(IpsecOutputTag());
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
    if (!route)
    {
        Drop(packetWithHeader, IpsecDropReason::NO_SA, 0);
        return;
    }
    ++m_counters.bypassed;
    m_ipv4->SendWithHeader(p, h, route);
}

void
IpsecStack::ProtectAndSend(SecurityAssociation& sa, Ptr<Packet> packetWithHeader)
{
    const IpsecSaConfig& c = sa.Config();
    uint32_t spi = c.spi;
    // Tunnel mode protects the whole inner packet (next header 4), transport
    // mode the transport payload under the original header (RFC 4301 4.1).
    Bytes& payload = m_packetBytes;
    uint8_t nextHeader = 4;
    if (c.mode == IpsecMode::TUNNEL)
    {
        CopyPacketBytes(packetWithHeader, payload);
    }
    else
    {
        Ipv4Header inner;
        Ptr<Packet> l4 = packetWithHeader->Copy();
        l4->RemoveHeader(inner);
        CopyPacketBytes(l4, payload);
        nextHeader = inner.GetProtocol();
    }
    Time now = Simulator::Now();
    SecurityAssociation::Result r;
    Ptr<Packet> outer;
    if (c.protocol == IpsecProtocol::ESP)
    {
        Bytes& esp = m_espBytes;
        r = sa.ProtectEsp(
            payload, nextHeader, [this](uint8_t* out, std::size_t len) { RandomBytes(out, len); },
            now, esp);
        if (r.event != SaLifetimeEvent::NONE)
        {
            OnLifetimeEvent(sa, true, r.event);
        }
        if (!r.ok)
        {
            Drop(packetWithHeader, r.reason, spi);
            return;
        }
        outer = Create<Packet>(esp.data(), esp.size());
        CopyByteTags(packetWithHeader, outer);
        uint8_t protocol = 50;
        if (c.encapsulation == IpsecEncapsulation::UDP)
        {
            // RFC 3948 section 2.1: the UDP checksum SHOULD be zero. ns-3's
            // UDP layer rejects a zero checksum when checksums are enabled,
            // so then a real one is sent (RFC 3948 lets receivers accept it).
            UdpHeader udp;
            udp.SetSourcePort(c.sourcePort);
            udp.SetDestinationPort(c.destinationPort);
            if (Node::ChecksumEnabled())
            {
                udp.EnableChecksums();
                udp.InitializeChecksum(c.source, c.destination, 17);
            }
            outer->AddHeader(udp);
            protocol = 17;
            m_natT[c.destination.Get()].Sent(Simulator::Now());
        }
        ++m_counters.protectedOut;
        m_lastSent[EndpointKey(c.destination, PeerPortOf(c, true))] = Simulator::Now();
        m_protectTrace(outer, spi);
        if (!m_cpu)
        {
            SendOuter(outer, c, protocol, nullptr); // no CPU model: no job to queue
            return;
        }
        IpsecSaConfig copy = c;
        RunOnCpu(
            c, payload.size(),
            [this, outer, copy, protocol]() { SendOuter(outer, copy, protocol, nullptr); },
            packetWithHeader, "esp-out");
        return;
    }
    // AH: the ICV covers the outer header's immutable fields, identification
    // included, so the header is built here and sent as is.
    AhHeader ah{nextHeader, spi, 0, c.integrity->icvOctets};
    Ipv4Header h;
    h.SetSource(c.source);
    h.SetDestination(c.destination);
    h.SetProtocol(51);
    h.SetTtl(m_outerTtl);
    h.SetIdentification(++m_ahIdentification);
    h.SetPayloadSize(static_cast<uint16_t>(ah.Size() + payload.size()));
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    Bytes ahBytes;
    r = sa.ProtectAh(HeaderBytes(h), payload, nextHeader, now, ahBytes);
    if (r.event != SaLifetimeEvent::NONE)
    {
        OnLifetimeEvent(sa, true, r.event);
    }
    if (!r.ok)
    {
        Drop(packetWithHeader, r.reason, spi);
        return;
    }
    ahBytes.insert(ahBytes.end(), payload.begin(), payload.end());
    outer = Create<Packet>(ahBytes.data(), ahBytes.size());
    CopyByteTags(packetWithHeader, outer);
    ++m_counters.protectedOut;
    m_lastSent[EndpointKey(c.destination, PeerPortOf(c, true))] = Simulator::Now();
    m_protectTrace(outer, spi);
    IpsecSaConfig copy = c;
    RunOnCpu(
        c, payload.size(), [this, outer, copy, h]() { SendOuter(outer, copy, 51, &h); },
        packetWithHeader, "ah-out");
}

void
IpsecStack::SendOuter(Ptr<Packet> packet, const IpsecSaConfig& sa, uint8_t protocol,
                      const Ipv4Header* header)
{
    packet->AddPacketTag(IpsecOutputTag());
    // Routed here, as a UDP socket does, and handed to the IP layer with
    // the route: given none, Ipv4L3Protocol::Send looks it up and then calls
    // itself again (its tag handling and header built twice).
    Ipv4Header h;
    if (header)
    {
        h = *header; // AH: the header the ICV covers
    }
    else
    {
        h.SetSource(sa.source);
        h.SetDestination(sa.destination);
        h.SetProtocol(protocol);
        h.SetPayloadSize(packet->GetSize());
    }
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(packet, h, nullptr, err);
    if (!header)
    {
        // No route: the IP layer's own lookup fails the same way and traces
        // the drop (Ipv4L3Protocol Drop, DROP_NO_ROUTE).
        m_ipv4->Send(packet, sa.source, sa.destination, protocol, route);
        return;
    }
    if (!route)
    {
        Drop(packet, IpsecDropReason::NO_SA, sa.spi);
        return;
    }
    m_ipv4->SendWithHeader(packet, h, route);
}

// ----------------------------------------------------------------- inbound

void
IpsecStack::ReceiveUdp(Ptr<Packet> p, Ipv4Header header, uint16_t sourcePort,
                       Ptr<Ipv4Interface> /* incoming */)
{
    Ipv4Address from = header.GetSource();
    Ipv4Address local = header.GetDestination();
    uint8_t ttl = header.GetTtl();
    Bytes& b = m_packetBytes;
    CopyPacketBytes(p, b);
    UdpEncapsulatedPayload k = ClassifyUdpEncapsulated(b.data(), b.size(), m_legacyNonIkeMarker);
    if (k.kind == UdpEncapsulatedKind::ESP || k.kind == UdpEncapsulatedKind::IKE)
    {
        // IPsec traffic received counts as activity; a peer's keepalive
        // does not (it refreshes the peer's NAT, not ours).
        m_natT[from.Get()].activity = Simulator::Now();
    }
    switch (k.kind)
    {
        case UdpEncapsulatedKind::NAT_KEEPALIVE:
            ++m_counters.keepalivesIn;
            m_keepaliveTrace(from, sourcePort);
            // A keepalive carries nothing, but a hub still handles every
            // one (the Cisco text: short keepalive timers with many peers
            // cost CPU).
            if (m_cpu
                && !m_cpu->Submit(GetCpuProfile().NatKeepalive(), Callback<void>(),
                                  "nat-keepalive"))
            {
                Drop(p, IpsecDropReason::CPU_QUEUE_FULL, 0);
            }
            break;
        case UdpEncapsulatedKind::IKE:
            ++m_counters.ikeIn;
            if (m_ike.IsNull())
            {
                Drop(p, IpsecDropReason::IKE_UNCLAIMED, 0);
            }
            else
            {
                p->RemoveAtStart(k.offset);
                m_ike(p, from, sourcePort, local);
            }
            break;
        case UdpEncapsulatedKind::ESP:
            ReceiveEsp(b.data() + k.offset, b.size() - k.offset, from, local, ttl, true, sourcePort,
                       p);
            break;
        case UdpEncapsulatedKind::INVALID:
            Drop(p, IpsecDropReason::INVALID_ENCAPSULATION, 0);
            break;
    }
}

void
IpsecStack::ReceiveRawIpsec(Ptr<Packet> packet, const Ipv4Header& header)
{
    if (header.GetProtocol() == 51)
    {
        ReceiveAh(packet, header);
        return;
    }
    Bytes& b = m_packetBytes;
    CopyPacketBytes(packet, b);
    ReceiveEsp(b.data(), b.size(), header.GetSource(), header.GetDestination(), header.GetTtl(),
               false, 0, packet);
}

void
IpsecStack::ReceiveEsp(const uint8_t* esp, std::size_t len, Ipv4Address src, Ipv4Address dst,
                       uint8_t ttl, bool udp, uint16_t srcPort, Ptr<const Packet> original)
{
    if (len < 8)
    {
        Drop(original, IpsecDropReason::TRUNCATED, 0);
        return;
    }
    uint32_t spi = Read32(esp);
    SecurityAssociation* sa = m_sad.FindInbound(spi);
    if (!sa || sa->Config().protocol != IpsecProtocol::ESP)
    {
        Drop(original, IpsecDropReason::UNKNOWN_SPI, spi);
        return;
    }
    if (udp != (sa->Config().encapsulation == IpsecEncapsulation::UDP))
    {
        Drop(original, IpsecDropReason::ENCAPSULATION_MISMATCH, spi);
        return;
    }
    Bytes& payload = m_payloadBytes;
    SecurityAssociation::Result r = sa->UnprotectEsp(ByteView(esp, len), Simulator::Now(), payload);
    if (r.event != SaLifetimeEvent::NONE)
    {
        OnLifetimeEvent(*sa, false, r.event);
    }
    if (!r.ok)
    {
        Drop(original, r.reason, spi);
        return;
    }
    const IpsecSaConfig& c = sa->Config();
    if (udp && m_peerFloat && (src != c.source || srcPort != c.sourcePort))
    {
        // The peer's NAT mapping changed (reboot, expiry): an authenticated
        // packet proves the new endpoint, so every SA with that peer follows
        // it, as real gateways do (RFC 3947 section 4 / RFC 7296 2.23).
        MovePeer(c.source, c.sourcePort, src, srcPort, spi);
    }
    m_lastReceived[EndpointKey(src, udp ? srcPort : 0)] = Simulator::Now();
    uint8_t nh = r.nextHeader;
    if (!m_cpu)
    {
        Deliver(sa->Config(), payload, nh, src, dst, ttl, original); // no CPU model: now
        return;
    }
    IpsecSaConfig copy = sa->Config();
    std::size_t bytes = payload.size();
    auto shared = std::make_shared<Bytes>(payload);
    RunOnCpu(
        copy, bytes,
        [this, copy, shared, nh, src, dst, ttl, original]()
        { Deliver(copy, *shared, nh, src, dst, ttl, original); },
        original, "esp-in");
}

void
IpsecStack::ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header)
{
    Bytes b = PacketBytes(packet);
    if (b.size() < 12)
    {
        Drop(packet, IpsecDropReason::TRUNCATED, 0);
        return;
    }
    uint32_t spi = Read32(b.data() + 4);
    SecurityAssociation* sa = m_sad.FindInbound(spi);
    if (!sa || sa->Config().protocol != IpsecProtocol::AH)
    {
        Drop(packet, IpsecDropReason::UNKNOWN_SPI, spi);
        return;
    }
    std::size_t offset = 0;
    SecurityAssociation::Result r
        = sa->UnprotectAh(HeaderBytes(header), b, Simulator::Now(), offset);
    if (r.event != SaLifetimeEvent::NONE)
    {
        OnLifetimeEvent(*sa, false, r.event);
    }
    if (!r.ok)
    {
        Drop(packet, r.reason, spi);
        return;
    }
    m_lastReceived[EndpointKey(header.GetSource(), 0)] = Simulator::Now();
    IpsecSaConfig copy = sa->Config();
    auto shared = std::make_shared<Bytes>(b.begin() + offset, b.end());
    uint8_t nh = r.nextHeader;
    Ipv4Address src = header.GetSource();
    Ipv4Address dst = header.GetDestination();
    uint8_t ttl = header.GetTtl();
    RunOnCpu(
        copy, shared->size(),
        [this, copy, shared, nh, src, dst, ttl, packet]()
        { Deliver(copy, *shared, nh, src, dst, ttl, packet); },
        packet, "ah-in");
}

void
IpsecStack::Deliver(const IpsecSaConfig& c, Bytes& payload, uint8_t nextHeader, Ipv4Address src,
                    Ipv4Address dst, uint8_t ttl, Ptr<const Packet> original)
{
    // \p c may be the SA's own configuration and \p payload a work buffer:
    // neither is used once the inner packet is handed to the tunnel device,
    // which may re-enter the stack or change its SAs.
    Ptr<Packet> inner;
    Ipv4Header ih;
    if (c.mode == IpsecMode::TUNNEL)
    {
        if (nextHeader == 59)
        {
            return; // a dummy packet (RFC 4303 section 2.6): silently discarded
        }
        inner = Create<Packet>(payload.data(), payload.size());
        if (nextHeader != 4 || payload.size() < 20 || inner->PeekHeader(ih) == 0
            || ih.GetSerializedSize() + ih.GetPayloadSize() > payload.size())
        {
            Drop(original, IpsecDropReason::BAD_INNER_PACKET, c.spi);
            return;
        }
        std::size_t hl = ih.GetSerializedSize();
        auto [sport, dport] = PortsOf(ih.GetProtocol(), payload.data() + hl, payload.size() - hl);
        // RFC 4301 section 5.2 step 4: the inner packet must be one the SA is for.
        if (!c.selector.Matches(ih.GetSource(), ih.GetDestination(), ih.GetProtocol(), sport,
                                dport))
        {
            Drop(original, IpsecDropReason::POLICY_MISMATCH, c.spi);
            return;
        }
    }
    else
    {
        auto [sport, dport] = PortsOf(nextHeader, payload.data(), payload.size());
        if (!c.selector.Matches(src, dst, nextHeader, sport, dport))
        {
            Drop(original, IpsecDropReason::POLICY_MISMATCH, c.spi);
            return;
        }
        // RFC 3948 section 3.1.2: with NAT in the path the sender's transport
        // checksum covers the original addresses (NAT-OA); adjust it to the
        // addresses of the header rebuilt here. A zero UDP checksum stays.
        if (c.originalSource != Ipv4Address::GetAny() && (nextHeader == 6 || nextHeader == 17))
        {
            std::size_t off = nextHeader == 17 ? 6 : 16;
            if (payload.size() >= off + 2)
            {
                uint16_t cs = uint16_t(payload[off] << 8 | payload[off + 1]);
                if (!(nextHeader == 17 && cs == 0))
                {
                    cs = ChecksumAdjust32(cs, c.originalSource.Get(), src.Get());
                    Ipv4Address od = c.originalDestination == Ipv4Address::GetAny()
                                         ? dst
                                         : c.originalDestination;
                    cs = ChecksumAdjust32(cs, od.Get(), dst.Get());
                    if (nextHeader == 17 && cs == 0)
                    {
                        cs = 0xFFFF;
                    }
                    payload[off] = uint8_t(cs >> 8);
                    payload[off + 1] = uint8_t(cs & 0xFF);
                }
            }
        }
        inner = Create<Packet>(payload.data(), payload.size());
        ih.SetSource(src);
        ih.SetDestination(dst);
        ih.SetProtocol(nextHeader);
        ih.SetTtl(ttl);
        ih.SetPayloadSize(static_cast<uint16_t>(payload.size()));
        if (Node::ChecksumEnabled())
        {
            ih.EnableChecksum();
        }
        inner->AddHeader(ih);
    }
    CopyByteTags(original, inner);
    ++m_counters.acceptedIn;
    m_unprotectTrace(inner, c.spi);
    m_tunnel->Receive(inner, 0x0800, m_tunnel->GetAddress(), m_tunnel->GetAddress(),
                      NetDevice::PACKET_HOST);
}

// --------------------------------------------------------------- lifetimes

void
IpsecStack::OnLifetimeEvent(SecurityAssociation& sa, bool outbound, SaLifetimeEvent event)
{
    uint32_t spi = sa.Config().spi;
    NS_LOG_INFO("node " << m_node->GetId() << " SA " << Hex32(spi) << " " << ToString(event));
    m_lifetimeTrace(spi, outbound, event);
    if (event == SaLifetimeEvent::HARD_EXPIRED)
    {
        // Not removed here: the caller may still hold the SA.
        Simulator::ScheduleNow(&IpsecStack::RemoveSa, this, spi, outbound);
    }
}

void
IpsecStack::ScheduleLifetime(uint32_t spi, bool outbound)
{
    // One timer per stack for the earliest deadline of all its SAs
    // (DeadlineQueue); m_lifetimeQueued holds each SA's live deadline, and
    // a queued one that differs is stale.
    SecurityAssociation* sa = outbound ? m_sad.FindOutboundBySpi(spi) : m_sad.FindInbound(spi);
    uint64_t key = LifetimeKey(spi, outbound);
    Time next = sa ? sa->Lifetime().NextTimeEvent() : Time::Max();
    if (next == Time::Max())
    {
        m_lifetimeQueued.erase(key);
        return;
    }
    int64_t deadline = next.GetTimeStep();
    auto [it, fresh] = m_lifetimeQueued.emplace(key, deadline);
    if (!fresh)
    {
        if (it->second == deadline)
        {
            return;
        }
        it->second = deadline; // the older queue entry is now stale
    }
    m_lifetimeDeadlines.Push(deadline, LifetimeRef{spi, outbound});
}

bool
IpsecStack::LifetimeStale(int64_t at, const LifetimeRef& ref) const
{
    auto it = m_lifetimeQueued.find(LifetimeKey(ref.spi, ref.outbound));
    return it == m_lifetimeQueued.end() || it->second != at;
}

void
IpsecStack::LifetimeDue(int64_t /* at */, const LifetimeRef& ref)
{
    m_lifetimeQueued.erase(LifetimeKey(ref.spi, ref.outbound));
    SecurityAssociation* sa
        = ref.outbound ? m_sad.FindOutboundBySpi(ref.spi) : m_sad.FindInbound(ref.spi);
    if (!sa)
    {
        return;
    }
    SaLifetimeEvent event = sa->OnTime(Simulator::Now());
    if (event != SaLifetimeEvent::NONE)
    {
        OnLifetimeEvent(*sa, ref.outbound, event);
    }
    if (event != SaLifetimeEvent::HARD_EXPIRED)
    {
        ScheduleLifetime(ref.spi, ref.outbound); // the hard deadline after the soft one
    }
}

// ------------------------------------------------------------------ output

void
IpsecStack::PrintSas(std::ostream& os, bool detail) const
{
    std::map<uint32_t,
             std::pair<std::vector<SecurityAssociation*>, std::vector<SecurityAssociation*>>>
        bundles;
    for (SecurityAssociation* sa : m_sad.Inbound())
    {
        bundles[sa->GetBundle()].first.push_back(sa);
    }
    for (SecurityAssociation* sa : m_sad.Outbound())
    {
        bundles[sa->GetBundle()].second.push_back(sa);
    }
    Time now = Simulator::Now();
    os << "interface: ipsec" << m_tunnelInterface << "\n";
    for (const auto& [bundle, sas] : bundles)
    {
        const auto& [in, out] = sas;
        const SecurityAssociation* any = out.empty() ? in.front() : out.back();
        const IpsecSaConfig& c = any->Config();
        bool isOut = !out.empty();
        Ipv4Address local = isOut ? c.source : c.destination;
        Ipv4Address peer = isOut ? c.destination : c.source;
        uint16_t peerPort = isOut ? c.destinationPort : c.sourcePort;
        IpsecSelector sel = isOut ? c.selector : c.selector.Mirror();
        os << "    Crypto map tag: bundle " << bundle << ", local addr " << local << "\n\n";
        os << "   local  ident (addr/mask/prot/port): (" << sel.source << "/" << sel.sourceMask
           << "/" << unsigned(sel.protocol) << "/0)\n";
        os << "   remote ident (addr/mask/prot/port): (" << sel.destination << "/"
           << sel.destinationMask << "/" << unsigned(sel.protocol) << "/0)\n";
        os << "   current_peer " << peer << " port "
           << (c.encapsulation == IpsecEncapsulation::UDP ? peerPort : 500) << "\n";
        IpsecSaCounters o;
        IpsecSaCounters i;
        for (auto* sa : out)
        {
            const auto& k = sa->Counters();
            o.packetsEncapsulated += k.packetsEncapsulated;
            o.packetsEncrypted += k.packetsEncrypted;
            o.packetsDigested += k.packetsDigested;
        }
        for (auto* sa : in)
        {
            const auto& k = sa->Counters();
            i.packetsDecapsulated += k.packetsDecapsulated;
            i.packetsDecrypted += k.packetsDecrypted;
            i.packetsVerified += k.packetsVerified;
            i.replayErrors += k.replayErrors;
            i.authErrors += k.authErrors;
            i.paddingErrors += k.paddingErrors;
            i.otherErrors += k.otherErrors;
        }
        uint64_t recvErrors = i.replayErrors + i.authErrors + i.paddingErrors + i.otherErrors;
        os << "    #pkts encaps: " << o.packetsEncapsulated
           << ", #pkts encrypt: " << o.packetsEncrypted << ", #pkts digest: " << o.packetsDigested
           << "\n";
        os << "    #pkts decaps: " << i.packetsDecapsulated
           << ", #pkts decrypt: " << i.packetsDecrypted << ", #pkts verify: " << i.packetsVerified
           << "\n";
        os << "    #send errors 0, #recv errors " << recvErrors << "\n";
        if (detail)
        {
            os << "    #pkts replay failed: " << i.replayErrors
               << ", #pkts auth failed: " << i.authErrors
               << ", #pkts bad padding: " << i.paddingErrors
               << ", #pkts malformed: " << i.otherErrors << "\n";
        }
        os << "\n     local crypto endpt.: " << local << ", remote crypto endpt.: " << peer << "\n";
        os << "     current outbound spi: "
           << (out.empty() ? "0x0(0)" : Hex32(out.back()->Config().spi)) << "\n";
        auto print = [&](const char* title, const std::vector<SecurityAssociation*>& list)
        {
            os << "\n     " << title << ":\n";
            for (auto* sa : list)
            {
                const IpsecSaConfig& k = sa->Config();
                os << "      spi: " << Hex32(k.spi) << "\n";
                os << "        transform: " << IosTransform(k) << " ,\n";
                os << "        in use settings ={"
                   << (k.mode == IpsecMode::TUNNEL ? "Tunnel" : "Transport")
                   << (k.encapsulation == IpsecEncapsulation::UDP ? " UDP-Encaps" : "") << ", }\n";
                const SaLifetime& life = sa->Lifetime();
                const SaLifetimeLimits& lim = life.GetLimits();
                os << "        sa timing: remaining key lifetime (k/sec): (";
                if (lim.hardBytes == UINT64_MAX)
                {
                    os << "-";
                }
                else
                {
                    os << (lim.hardBytes - life.GetBytes()) / 1024;
                }
                os << "/";
                if (lim.hardTime == Time::Max())
                {
                    os << "-";
                }
                else
                {
                    os << int64_t((life.GetInstalled() + lim.hardTime - now).GetSeconds());
                }
                os << ")\n";
                os << "        replay detection support: " << (k.replayWindow ? "Y" : "N") << "\n";
                os << "        Status: "
                   << (life.IsHardExpired() ? "EXPIRED"
                                            : (life.IsSoftExpired() ? "REKEY" : "ACTIVE"))
                   << "\n";
            }
        };
        bool ah = c.protocol == IpsecProtocol::AH;
        print(ah ? "inbound ah sas" : "inbound esp sas", in);
        print(ah ? "outbound ah sas" : "outbound esp sas", out);
        os << "\n";
    }
}

void
IpsecStack::DoDispose()
{
    m_lifetimeDeadlines.Clear();
    m_lifetimeQueued.clear();
    m_natTPortEndpoint.Close();
    m_cpu = nullptr;
    m_node = nullptr;
    m_ipv4 = nullptr;
    m_tunnel = nullptr;
    m_transport = nullptr;
    m_routing = nullptr;
    m_esp = nullptr;
    m_ah = nullptr;
    m_ike = IkeReceiveCallback();
    Object::DoDispose();
}

} // namespace ns3
