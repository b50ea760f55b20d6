/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-box.h"

#include "nat-l4-bytes.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/internet-checksum.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatBox");
NS_OBJECT_ENSURE_REGISTERED(NatBox);

namespace
{
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kEsp = 50;

// ICMP query messages carry an identifier that PAT translates like a port
// (RFC 5508 section 3.1): echo 8/0, timestamp 13/14.
bool
IsIcmpQuery(uint8_t type)
{
    return type == 0 || type == 8 || type == 13 || type == 14;
}

bool
IsIcmpRequest(uint8_t type)
{
    return type == 8 || type == 13;
}

uint16_t
Read16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

void
Write16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v & 0xFF);
}

bool
IsFragment(const Ipv4Header& h)
{
    return h.GetFragmentOffset() != 0 || !h.IsLastFragment();
}

std::string
AddressText(Ipv4Address a)
{
    std::ostringstream s;
    a.Print(s);
    return s.str();
}
} // namespace

TypeId
NatBox::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NatBox")
              .SetParent<Ipv4RoutingProtocol>()
              .SetGroupName("IpsecNat")
              .AddConstructor<NatBox>()
              .AddAttribute("Mode",
                            "What is translated: Static (one-to-one), Pool (dynamic addresses) "
                            "or Pat (many hosts onto one address, with ports).",
                            EnumValue(static_cast<int>(NatMode::PAT)),
                            MakeEnumAccessor(&NatBox::m_mode),
                            MakeEnumChecker(static_cast<int>(NatMode::STATIC), "Static",
                                            static_cast<int>(NatMode::POOL), "Pool",
                                            static_cast<int>(NatMode::PAT), "Pat"))
              .AddAttribute(
                  "MappingBehaviour", "RFC 4787 section 4.1 mapping behaviour (PAT).",
                  EnumValue(static_cast<int>(NatMappingBehaviour::ENDPOINT_INDEPENDENT)),
                  MakeEnumAccessor(&NatBox::m_mapping),
                  MakeEnumChecker(static_cast<int>(NatMappingBehaviour::ENDPOINT_INDEPENDENT),
                                  "EndpointIndependent",
                                  static_cast<int>(NatMappingBehaviour::ADDRESS_DEPENDENT),
                                  "AddressDependent",
                                  static_cast<int>(NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT),
                                  "AddressAndPortDependent"))
              .AddAttribute(
                  "FilteringBehaviour", "RFC 4787 section 5 filtering behaviour.",
                  EnumValue(static_cast<int>(NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT)),
                  MakeEnumAccessor(&NatBox::m_filtering),
                  MakeEnumChecker(
                      static_cast<int>(NatFilteringBehaviour::ENDPOINT_INDEPENDENT),
                      "EndpointIndependent",
                      static_cast<int>(NatFilteringBehaviour::ADDRESS_DEPENDENT),
                      "AddressDependent",
                      static_cast<int>(NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT),
                      "AddressAndPortDependent"))
              .AddAttribute("PortPreservation",
                            "Keep the inside port as public port when it is free (PAT).",
                            BooleanValue(true), MakeBooleanAccessor(&NatBox::m_portPreservation),
                            MakeBooleanChecker())
              .AddAttribute("PortAllocation", "How other public ports are chosen (PAT).",
                            EnumValue(static_cast<int>(NatPortAllocation::SEQUENTIAL)),
                            MakeEnumAccessor(&NatBox::m_allocation),
                            MakeEnumChecker(static_cast<int>(NatPortAllocation::SEQUENTIAL),
                                            "Sequential",
                                            static_cast<int>(NatPortAllocation::RANDOM), "Random"))
              .AddAttribute("PortRangeMin", "Lowest dynamically allocated public port (1..65535).",
                            UintegerValue(1024), MakeUintegerAccessor(&NatBox::m_portMin),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute(
                  "PortRangeMax",
                  "Highest dynamically allocated public port (1..65535, >= PortRangeMin).",
                  UintegerValue(65535), MakeUintegerAccessor(&NatBox::m_portMax),
                  MakeUintegerChecker<uint32_t>())
              .AddAttribute("InboundRefresh",
                            "Inbound packets refresh a mapping's timer too (RFC 4787 REQ-6 makes "
                            "this a per-box choice).",
                            BooleanValue(false), MakeBooleanAccessor(&NatBox::m_inboundRefresh),
                            MakeBooleanChecker())
              .AddAttribute("Hairpinning",
                            "Translate inside-to-inside traffic sent to a public endpoint "
                            "(RFC 4787 REQ-9).",
                            BooleanValue(true), MakeBooleanAccessor(&NatBox::m_hairpinning),
                            MakeBooleanChecker())
              .AddAttribute("EspPassthrough",
                            "PAT passes raw ESP, tracking it by remote address (one inside peer "
                            "per remote), like SPI-matching home gateways. Off: raw ESP is "
                            "dropped as unsupported-protocol.",
                            BooleanValue(false), MakeBooleanAccessor(&NatBox::m_espPassthrough),
                            MakeBooleanChecker())
              .AddAttribute("UdpTimeout", "UDP mapping timer.", TimeValue(Seconds(300)),
                            MakeTimeAccessor(&NatBox::m_udpTimeout), MakeTimeChecker())
              .AddAttribute("TcpEstablishedTimeout",
                            "TCP mapping timer once established (RFC 5382 REQ-5: >= 2 h 4 min).",
                            TimeValue(Seconds(7440)),
                            MakeTimeAccessor(&NatBox::m_tcpEstablishedTimeout), MakeTimeChecker())
              .AddAttribute("TcpTransitoryTimeout",
                            "TCP mapping timer while opening or closing (RFC 5382: 4 min).",
                            TimeValue(Seconds(240)),
                            MakeTimeAccessor(&NatBox::m_tcpTransitoryTimeout), MakeTimeChecker())
              .AddAttribute("IcmpTimeout", "ICMP query mapping timer (RFC 5508 REQ-1: >= 60 s).",
                            TimeValue(Seconds(60)), MakeTimeAccessor(&NatBox::m_icmpTimeout),
                            MakeTimeChecker())
              .AddAttribute("EspTimeout", "ESP passthrough entry timer.", TimeValue(Seconds(300)),
                            MakeTimeAccessor(&NatBox::m_espTimeout), MakeTimeChecker())
              .AddAttribute("AddressTimeout",
                            "Address binding timer of pool NAT (IOS default 24 h).",
                            TimeValue(Seconds(86400)), MakeTimeAccessor(&NatBox::m_addressTimeout),
                            MakeTimeChecker())
              .AddAttribute("PublicAddress",
                            "PAT public address; 0.0.0.0 means the outside interface's first "
                            "address.",
                            Ipv4AddressValue(Ipv4Address::GetAny()),
                            MakeIpv4AddressAccessor(&NatBox::m_publicAddress),
                            MakeIpv4AddressChecker())
              .AddTraceSource("MappingCreated", "A mapping was created.",
                              MakeTraceSourceAccessor(&NatBox::m_mappingCreatedTrace),
                              "ns3::NatBox::MappingTracedCallback")
              .AddTraceSource("MappingRefreshed", "A packet refreshed a mapping's timer.",
                              MakeTraceSourceAccessor(&NatBox::m_mappingRefreshedTrace),
                              "ns3::NatBox::MappingTracedCallback")
              .AddTraceSource("MappingExpired", "A mapping timed out (fired at its deadline).",
                              MakeTraceSourceAccessor(&NatBox::m_mappingExpiredTrace),
                              "ns3::NatBox::MappingTracedCallback")
              .AddTraceSource("Translate",
                              "A packet was translated: the packet after, IP header before and "
                              "after.",
                              MakeTraceSourceAccessor(&NatBox::m_translateTrace),
                              "ns3::NatBox::TranslateTracedCallback")
              .AddTraceSource("Drop", "The box dropped a packet, with the reason.",
                              MakeTraceSourceAccessor(&NatBox::m_dropTrace),
                              "ns3::NatBox::DropTracedCallback")
              .AddTraceSource("Reboot", "The box rebooted; the number of mappings flushed.",
                              MakeTraceSourceAccessor(&NatBox::m_rebootTrace),
                              "ns3::NatBox::RebootTracedCallback");
    return tid;
}

NatBox::NatBox()
    : m_forwardFromInside(MakeCallback(&NatBox::ForwardFromInside, this))
    , m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

NatBox::~NatBox() = default;

void
NatBox::SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner)
{
    NS_LOG_FUNCTION(this << inner);
    m_inner = inner;
}

Ptr<Ipv4RoutingProtocol>
NatBox::GetInnerRoutingProtocol() const
{
    return m_inner;
}

void
NatBox::AddInsideInterface(uint32_t interface)
{
    auto at = std::lower_bound(m_inside.begin(), m_inside.end(), interface);
    if (at == m_inside.end() || *at != interface)
    {
        m_inside.insert(at, interface);
    }
}

void
NatBox::SetOutsideInterface(uint32_t interface)
{
    m_outside = static_cast<int32_t>(interface);
}

void
NatBox::AddPoolAddress(Ipv4Address address)
{
    m_config.pool.push_back(address);
}

void
NatBox::AddStaticMapping(Ipv4Address inside, Ipv4Address global)
{
    m_config.staticPairs.emplace_back(inside, global);
}

void
NatBox::AddStaticPortMapping(uint8_t protocol, Ipv4Address inside, uint16_t insidePort,
                             uint16_t publicPort)
{
    m_staticPorts.emplace_back(protocol, inside, insidePort, publicPort);
    if (m_table)
    {
        std::string err = m_table->AddStaticPortMapping(protocol, inside, insidePort, publicPort);
        NS_ABORT_MSG_IF(!err.empty(), "NAT: " << err);
    }
}

int64_t
NatBox::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
NatBox::Configure()
{
    if (m_table)
    {
        return;
    }
    NS_ABORT_MSG_IF(!m_ipv4, "NAT: the box is not installed on a node (use NatHelper::Install)");
    uint32_t nodeId = m_ipv4->GetObject<Node>() ? m_ipv4->GetObject<Node>()->GetId() : 0;
    std::ostringstream where;
    where << "NAT on node " << nodeId << ": ";
    NS_ABORT_MSG_IF(!m_inner, where.str() << "no inner routing protocol to wrap");
    NS_ABORT_MSG_IF(m_outside < 0 || uint32_t(m_outside) >= m_ipv4->GetNInterfaces(),
                    where.str() << "outside interface " << m_outside
                                << " does not exist (allowed 1.." << m_ipv4->GetNInterfaces() - 1
                                << ")");
    NS_ABORT_MSG_IF(m_inside.empty(), where.str() << "no inside interface");
    for (uint32_t i : m_inside)
    {
        NS_ABORT_MSG_IF(i >= m_ipv4->GetNInterfaces(),
                        where.str() << "inside interface " << i << " does not exist (allowed 1.."
                                    << m_ipv4->GetNInterfaces() - 1 << ")");
        NS_ABORT_MSG_IF(int32_t(i) == m_outside,
                        where.str() << "interface " << i << " is both inside and outside");
    }
    m_config.mode = static_cast<NatMode>(m_mode);
    m_config.mapping = static_cast<NatMappingBehaviour>(m_mapping);
    m_config.filtering = static_cast<NatFilteringBehaviour>(m_filtering);
    m_config.allocation = static_cast<NatPortAllocation>(m_allocation);
    m_config.portPreservation = m_portPreservation;
    m_config.portMin = m_portMin;
    m_config.portMax = m_portMax;
    m_config.inboundRefresh = m_inboundRefresh;
    m_config.hairpinning = m_hairpinning;
    m_config.espPassthrough = m_espPassthrough;
    m_config.timeouts.udp = m_udpTimeout;
    m_config.timeouts.tcpEstablished = m_tcpEstablishedTimeout;
    m_config.timeouts.tcpTransitory = m_tcpTransitoryTimeout;
    m_config.timeouts.icmp = m_icmpTimeout;
    m_config.timeouts.esp = m_espTimeout;
    m_config.timeouts.address = m_addressTimeout;
    m_config.patAddress = m_publicAddress;
    if (m_config.mode == NatMode::PAT && m_config.patAddress == Ipv4Address::GetAny()
        && m_ipv4->GetNAddresses(m_outside) > 0)
    {
        m_config.patAddress = m_ipv4->GetAddress(m_outside, 0).GetLocal();
    }
    std::string err = m_config.Validate();
    NS_ABORT_MSG_IF(!err.empty(), where.str() << err);

    NatMappingTable probe(m_config, nullptr);
    for (const Ipv4Address& pub : probe.PublicAddresses())
    {
        bool onOutside = false;
        std::ostringstream have;
        for (uint32_t k = 0; k < m_ipv4->GetNAddresses(m_outside); ++k)
        {
            Ipv4Address a = m_ipv4->GetAddress(m_outside, k).GetLocal();
            onOutside = onOutside || a == pub;
            have << (k ? ", " : "") << AddressText(a);
        }
        NS_ABORT_MSG_IF(!onOutside, where.str()
                                        << "public address " << AddressText(pub)
                                        << " is not an address of the outside interface "
                                        << m_outside << " (its addresses: " << have.str() << ")");
    }

    m_table = std::make_unique<NatMappingTable>(m_config, [this](uint32_t n)
                                                { return m_random->GetInteger(0, n - 1); });
    m_table->SetCreatedCallback(
        [this](const NatMapping& m)
        {
            ++m_counters.mappingsCreated;
            NS_LOG_INFO("mapping created: " << m);
            m_mappingCreatedTrace(m);
        });
    m_table->SetRefreshedCallback([this](const NatMapping& m) { m_mappingRefreshedTrace(m); });
    m_table->SetExpiredCallback(
        [this](const NatMapping& m)
        {
            ++m_counters.mappingsExpired;
            NS_LOG_INFO("mapping expired: " << m);
            m_mappingExpiredTrace(m);
        });
    for (const auto& [proto, in, inPort, pubPort] : m_staticPorts)
    {
        err = m_table->AddStaticPortMapping(proto, in, inPort, pubPort);
        NS_ABORT_MSG_IF(!err.empty(), where.str() << err);
    }
}

void
NatBox::DoInitialize()
{
    if (m_inner)
    {
        m_inner->Initialize();
    }
    Configure();
    Ipv4RoutingProtocol::DoInitialize();
}

void
NatBox::DoDispose()
{
    m_expiryEvent.Cancel();
    if (m_inner)
    {
        m_inner->Dispose();
    }
    m_inner = nullptr;
    m_ipv4 = nullptr;
    m_table.reset();
    m_insideForward = UnicastForwardCallback();
    m_forwardFromInside = UnicastForwardCallback();
    Ipv4RoutingProtocol::DoDispose();
}

bool
NatBox::IsInside(int32_t interface) const
{
    return interface >= 0
           && std::binary_search(m_inside.begin(), m_inside.end(),
                                 static_cast<uint32_t>(interface));
}

bool
NatBox::ReadL4(Ptr<const Packet> p, const Ipv4Header& h, L4& l4, NatPacketInfo& info) const
{
    info.protocol = h.GetProtocol();
    info.source = h.GetSource();
    info.destination = h.GetDestination();
    if (h.GetFragmentOffset() != 0)
    {
        l4.present = false; // only the first fragment carries the transport header
        return true;
    }
    uint32_t need = 0;
    switch (info.protocol)
    {
        case kUdp:
        case kIcmp:
        case kEsp:
            need = 8;
            break;
        case kTcp:
            need = 20;
            break;
        default:
            l4.present = false;
            return true;
    }
    if (p->GetSize() < need)
    {
        return false;
    }
    p->CopyData(l4.bytes.data(), need);
    l4.length = need;
    l4.present = true;
    const uint8_t* b = l4.bytes.data();
    switch (info.protocol)
    {
        case kUdp:
        case kTcp:
            info.sourcePort = Read16(b);
            info.destinationPort = Read16(b + 2);
            info.tcpFlags = info.protocol == kTcp ? b[13] : 0;
            break;
        case kIcmp:
            // The identifier stands in for both ports (RFC 5508 section 3.1).
            info.sourcePort = IsIcmpQuery(b[0]) ? Read16(b + 4) : 0;
            info.destinationPort = info.sourcePort;
            break;
        case kEsp:
            info.spi = (uint32_t(Read16(b)) << 16) | Read16(b + 2);
            break;
        default:
            break;
    }
    return true;
}

Ptr<Packet>
NatBox::Rewrite(Ptr<const Packet> p, Ipv4Header& h, L4& l4, bool source, Ipv4Address address,
                uint16_t port) const
{
    Ipv4Address old = source ? h.GetSource() : h.GetDestination();
    if (source)
    {
        h.SetSource(address);
    }
    else
    {
        h.SetDestination(address);
    }
    Ptr<Packet> q = p->Copy();
    if (!l4.present)
    {
        return q;
    }
    uint8_t* b = l4.bytes.data();
    bool checksums = Node::ChecksumEnabled();
    switch (h.GetProtocol())
    {
        case kUdp:
        case kTcp:
        {
            uint8_t* portField = b + (source ? 0 : 2);
            uint16_t oldPort = Read16(portField);
            Write16(portField, port);
            uint8_t* cs = b + (h.GetProtocol() == kUdp ? 6 : 16);
            uint16_t checksum = Read16(cs);
            // RFC 768: a zero UDP checksum means "none" and stays zero.
            if (checksums && !(h.GetProtocol() == kUdp && checksum == 0))
            {
                // RFC 1624: the pseudo-header address and the port changed.
                checksum = ChecksumAdjust32(checksum, old.Get(), address.Get());
                checksum = ChecksumAdjust16(checksum, oldPort, port);
                if (h.GetProtocol() == kUdp && checksum == 0)
                {
                    checksum = 0xFFFF;
                }
                Write16(cs, checksum);
            }
            break;
        }
        case kIcmp:
        {
            if (!IsIcmpQuery(b[0]))
            {
                return q;
            }
            uint16_t oldId = Read16(b + 4);
            Write16(b + 4, port);
            if (checksums)
            {
                Write16(b + 2, ChecksumAdjust16(Read16(b + 2), oldId, port));
            }
            break;
        }
        default:
            return q; // ESP: addresses only, nothing in the payload depends on them
    }
    q->RemoveAtStart(l4.length);
    q->AddHeader(NatL4Bytes(b, l4.length));
    return q;
}

bool
NatBox::Drop(Ptr<const Packet> p, const Ipv4Header& h, NatDropReason reason)
{
    NS_LOG_LOGIC("drop " << ToString(reason) << " " << h);
    ++m_counters.drops[static_cast<std::size_t>(reason)];
    m_dropTrace(p, h, reason);
    return true; // the packet was handled (consumed) by the box
}

void
NatBox::ScheduleExpiry()
{
    Time next = m_table->NextDeadline();
    if (next == Time::Max())
    {
        return;
    }
    if (m_expiryEvent.IsRunning() && m_expiryEvent.GetTs() <= uint64_t(next.GetTimeStep()))
    {
        return;
    }
    m_expiryEvent.Cancel();
    m_expiryEvent
        = Simulator::Schedule(Max(next - Simulator::Now(), Time(0)), &NatBox::ExpiryTimer, this);
}

void
NatBox::ExpiryTimer()
{
    m_table->ExpireUntil(Simulator::Now());
    ScheduleExpiry();
}

Ptr<Ipv4Route>
NatBox::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                    Socket::SocketErrno& sockerr)
{
    return m_inner->RouteOutput(p, header, oif, sockerr);
}

bool
NatBox::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                   UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                   LocalDeliverCallback lcb, ErrorCallback ecb)
{
    if (!m_table)
    {
        Configure();
    }
    Ipv4Address dst = header.GetDestination();
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (dst.IsMulticast() || dst.IsBroadcast())
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (IsInside(iif))
    {
        if (m_table->IsPublicAddress(dst))
        {
            return Hairpin(p, header, idev, ucb, mcb, lcb, ecb);
        }
        if (m_ownAddresses.Contains(m_ipv4, dst))
        {
            return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
        }
        // Let the wrapped protocol route it; translate if it leaves outside.
        // Every forward callback a node's IP layer passes is the same
        // function of the same Ipv4L3Protocol, so the latest one is kept
        // for ForwardFromInside instead of binding it into a new callback
        // per packet (a heap allocation and release per forwarded packet).
        m_insideForward = ucb;
        return m_inner->RouteInput(p, header, idev, m_forwardFromInside, mcb, lcb, ecb);
    }
    if (iif == m_outside && m_table->IsPublicAddress(dst))
    {
        return TranslateInbound(p, header, idev, ucb, mcb, lcb, ecb);
    }
    return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
}

void
NatBox::ForwardFromInside(Ptr<Ipv4Route> route, Ptr<const Packet> p, const Ipv4Header& header)
{
    const UnicastForwardCallback& ucb = m_insideForward;
    if (route->GetOutputDevice() != m_ipv4->GetNetDevice(m_outside))
    {
        ucb(route, p, header); // inside to inside: not translated
        return;
    }
    if (header.GetTtl() <= 1)
    {
        // Not translated; the IP layer drops it and answers time-exceeded
        // to the inside sender.
        Drop(p, header, NatDropReason::TTL);
        ucb(route, p, header);
        return;
    }
    L4 l4;
    NatPacketInfo info;
    if (!ReadL4(p, header, l4, info))
    {
        Drop(p, header, NatDropReason::TRUNCATED);
        return;
    }
    if (m_config.mode == NatMode::PAT)
    {
        if (IsFragment(header))
        {
            Drop(p, header, NatDropReason::FRAGMENT);
            return;
        }
        if (info.protocol == kIcmp && !IsIcmpQuery(l4.bytes[0]))
        {
            Drop(p, header, NatDropReason::UNSUPPORTED_PROTOCOL);
            return;
        }
    }
    NatVerdict v = m_table->Outbound(info, Simulator::Now());
    ScheduleExpiry();
    if (!v.translate)
    {
        Drop(p, header, v.reason);
        return;
    }
    Ipv4Header h = header;
    Ptr<Packet> q = Rewrite(p, h, l4, true, v.address, v.port);
    ++m_counters.translatedOutbound;
    m_translateTrace(q, header, h);
    ucb(route, q, h);
}

bool
NatBox::TranslateInbound(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                         const UnicastForwardCallback& ucb, const MulticastForwardCallback& mcb,
                         const LocalDeliverCallback& lcb, const ErrorCallback& ecb)
{
    L4 l4;
    NatPacketInfo info;
    if (!ReadL4(p, header, l4, info))
    {
        return Drop(p, header, NatDropReason::TRUNCATED);
    }
    if (m_config.mode == NatMode::PAT)
    {
        if (IsFragment(header))
        {
            return Drop(p, header, NatDropReason::FRAGMENT);
        }
        if (info.protocol == kIcmp && (!IsIcmpQuery(l4.bytes[0]) || IsIcmpRequest(l4.bytes[0])))
        {
            // Pings and ICMP errors addressed to the box are the box's own.
            lcb(p, header, m_outside);
            return true;
        }
    }
    if (header.GetTtl() <= 1)
    {
        return Drop(p, header, NatDropReason::TTL);
    }
    NatVerdict v = m_table->Inbound(info, Simulator::Now());
    if (!v.translate)
    {
        return Drop(p, header, v.reason);
    }
    Ipv4Header h = header;
    Ptr<Packet> q = Rewrite(p, h, l4, false, v.address, v.port);
    ++m_counters.translatedInbound;
    m_translateTrace(q, header, h);
    return m_inner->RouteInput(q, h, idev, ucb, mcb, lcb, ecb);
}

bool
NatBox::Hairpin(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                const UnicastForwardCallback& ucb, const MulticastForwardCallback& mcb,
                const LocalDeliverCallback& lcb, const ErrorCallback& ecb)
{
    L4 l4;
    NatPacketInfo info;
    if (!ReadL4(p, header, l4, info))
    {
        return Drop(p, header, NatDropReason::TRUNCATED);
    }
    if (m_config.mode == NatMode::PAT && info.protocol == kIcmp)
    {
        // A ping to the public address is answered by the box itself.
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (!m_config.hairpinning)
    {
        return Drop(p, header, NatDropReason::HAIRPIN_DISABLED);
    }
    if (m_config.mode == NatMode::PAT && IsFragment(header))
    {
        return Drop(p, header, NatDropReason::FRAGMENT);
    }
    Time now = Simulator::Now();
    NatVerdict out = m_table->Outbound(info, now);
    ScheduleExpiry();
    if (!out.translate)
    {
        return Drop(p, header, out.reason);
    }
    // RFC 4787 REQ-9: the target sees the sender's public endpoint, and
    // filtering applies as if the packet came from outside.
    NatPacketInfo in = info;
    in.source = out.address;
    in.sourcePort = out.port;
    NatVerdict inv = m_table->Inbound(in, now);
    if (!inv.translate)
    {
        return Drop(p, header, inv.reason);
    }
    Ipv4Header h = header;
    Ptr<Packet> q = Rewrite(p, h, l4, true, out.address, out.port);
    q = Rewrite(q, h, l4, false, inv.address, inv.port);
    ++m_counters.hairpinned;
    m_translateTrace(q, header, h);
    return m_inner->RouteInput(q, h, idev, ucb, mcb, lcb, ecb);
}

void
NatBox::Reboot(bool movePorts)
{
    NS_LOG_FUNCTION(this << movePorts);
    if (!m_table)
    {
        Configure();
    }
    std::size_t flushed = m_table->Reboot(movePorts);
    m_expiryEvent.Cancel();
    ++m_counters.reboots;
    NS_LOG_INFO("reboot at " << Simulator::Now().As(Time::S) << ": " << flushed
                             << " mappings flushed");
    m_rebootTrace(static_cast<uint32_t>(flushed));
}

void
NatBox::ScheduleReboot(Time at, bool movePorts)
{
    Simulator::Schedule(Max(at - Simulator::Now(), Time(0)), &NatBox::Reboot, this, movePorts);
}

std::vector<NatMapping>
NatBox::GetMappings() const
{
    return m_table ? m_table->List(Simulator::Now()) : std::vector<NatMapping>();
}

void
NatBox::PrintMappings(std::ostream& os) const
{
    os << std::left << std::setw(5) << "Pro" << std::setw(22) << "Inside global" << std::setw(22)
       << "Inside local" << std::setw(22) << "Outside global"
       << "Timer\n";
    for (const auto& m : GetMappings())
    {
        os << m << "\n";
    }
}

const NatBox::Counters&
NatBox::GetCounters() const
{
    return m_counters;
}

uint64_t
NatBox::GetDropCount(NatDropReason reason) const
{
    return m_counters.drops[static_cast<std::size_t>(reason)];
}

const NatConfig&
NatBox::GetConfig() const
{
    return m_config;
}

void
NatBox::NotifyInterfaceUp(uint32_t interface)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyInterfaceUp(interface);
}

void
NatBox::NotifyInterfaceDown(uint32_t interface)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyInterfaceDown(interface);
}

void
NatBox::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyAddAddress(interface, address);
}

void
NatBox::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyRemoveAddress(interface, address);
}

void
NatBox::SetIpv4(Ptr<Ipv4> ipv4)
{
    // The wrapped protocol already knows the Ipv4 it was installed on.
    m_ipv4 = ipv4;
    m_ownAddresses.Invalidate();
}

void
NatBox::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream* os = stream->GetStream();
    *os << "NAT box (" << ToString(m_config.mode) << ", " << ToString(m_config.mapping) << "/"
        << ToString(m_config.filtering) << "), " << GetMappings().size() << " mappings\n";
    m_inner->PrintRoutingTable(stream, unit);
}

} // namespace ns3
