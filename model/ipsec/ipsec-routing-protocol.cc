/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-routing-protocol.h"

#include "ipsec-stack.h"

#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/udp-encapsulation.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecRoutingProtocol");
NS_OBJECT_ENSURE_REGISTERED(IpsecRoutingProtocol);

namespace
{
// ESP, AH and IKE carry IPsec itself: never subject to the SPD's
// "should have been protected" check.
bool
CarriesIpsec(Ptr<const Packet> p, const Ipv4Header& h)
{
    uint8_t proto = h.GetProtocol();
    if (proto == 50 || proto == 51)
    {
        return true;
    }
    if (proto != 17 || h.GetFragmentOffset() != 0 || p->GetSize() < 4)
    {
        return false;
    }
    uint8_t b[4];
    p->CopyData(b, 4);
    uint16_t sport = uint16_t(b[0] << 8 | b[1]);
    uint16_t dport = uint16_t(b[2] << 8 | b[3]);
    return dport == kIkePort || dport == kNatTPort || sport == kIkePort || sport == kNatTPort;
}
} // namespace

TypeId
IpsecRoutingProtocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecRoutingProtocol")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("IpsecNat")
                            .AddConstructor<IpsecRoutingProtocol>();
    return tid;
}

IpsecRoutingProtocol::IpsecRoutingProtocol() = default;

void
IpsecRoutingProtocol::Setup(Ptr<IpsecStack> stack, Ptr<Ipv4RoutingProtocol> inner)
{
    m_stack = stack;
    m_inner = inner;
}

Ptr<Ipv4RoutingProtocol>
IpsecRoutingProtocol::GetInnerRoutingProtocol() const
{
    return m_inner;
}

Ptr<Ipv4Route>
IpsecRoutingProtocol::TunnelRoute(Ptr<NetDevice> device, Ipv4Address source,
                                  Ipv4Address destination) const
{
    Ptr<Ipv4Route> r = Create<Ipv4Route>();
    r->SetDestination(destination);
    r->SetSource(source);
    r->SetGateway(Ipv4Address::GetZero());
    r->SetOutputDevice(device);
    return r;
}

Ptr<Ipv4Route>
IpsecRoutingProtocol::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                                  Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = m_inner->RouteOutput(p, header, oif, sockerr);
    if (!route || (p && IpsecStack::IsOwnOutput(p)) || header.GetDestination().IsMulticast()
        || header.GetDestination().IsBroadcast())
    {
        return route;
    }
    Ipv4Header h = header;
    h.SetSource(route->GetSource());
    // The transport header is not in the packet yet: decide on addresses and
    // protocol; the tunnel's send path re-checks with the ports.
    const IpsecPolicy* policy = m_stack->Classify(h, nullptr);
    if (!policy || policy->action == IpsecPolicyAction::BYPASS)
    {
        return route;
    }
    if (policy->action == IpsecPolicyAction::DISCARD)
    {
        m_stack->Drop(p ? p : Create<Packet>(), IpsecDropReason::POLICY_DISCARD, 0);
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    return TunnelRoute(m_stack->DeviceFor(*policy), route->GetSource(), header.GetDestination());
}

bool
IpsecRoutingProtocol::RouteInput(Ptr<const Packet> p, const Ipv4Header& header,
                                 Ptr<const NetDevice> idev, UnicastForwardCallback ucb,
                                 MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                                 ErrorCallback ecb)
{
    Ipv4Address dst = header.GetDestination();
    if (idev == m_stack->GetTunnelDevice() || dst.IsMulticast() || dst.IsBroadcast())
    {
        // Decrypted traffic (already checked against its SA) or not unicast.
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (!CarriesIpsec(p, header))
    {
        // RFC 4301 section 5.2: clear traffic that policy says must arrive
        // protected is dropped.
        Ipv4Header mirrored = header;
        mirrored.SetSource(dst);
        mirrored.SetDestination(header.GetSource());
        const IpsecPolicy* inbound = m_stack->Classify(mirrored, p, /*swapPorts=*/true);
        if (inbound && inbound->action == IpsecPolicyAction::PROTECT)
        {
            m_stack->Drop(p, IpsecDropReason::POLICY_MISMATCH, 0);
            return true;
        }
    }
    if (m_ownAddresses.Contains(m_ipv4, dst))
    {
        return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    const IpsecPolicy* policy = m_stack->Classify(header, p);
    if (policy && policy->action == IpsecPolicyAction::PROTECT)
    {
        ucb(TunnelRoute(m_stack->DeviceFor(*policy), header.GetSource(), dst), p, header);
        return true;
    }
    if (policy && policy->action == IpsecPolicyAction::DISCARD)
    {
        m_stack->Drop(p, IpsecDropReason::POLICY_DISCARD, 0);
        return true;
    }
    return m_inner->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
}

void
IpsecRoutingProtocol::NotifyInterfaceUp(uint32_t interface)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyInterfaceUp(interface);
}

void
IpsecRoutingProtocol::NotifyInterfaceDown(uint32_t interface)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyInterfaceDown(interface);
}

void
IpsecRoutingProtocol::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyAddAddress(interface, address);
}

void
IpsecRoutingProtocol::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    m_ownAddresses.Invalidate();
    m_inner->NotifyRemoveAddress(interface, address);
}

void
IpsecRoutingProtocol::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4; // the wrapped protocol already has it
    m_ownAddresses.Invalidate();
}

void
IpsecRoutingProtocol::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    *stream->GetStream() << "IPsec SPD in front of:\n";
    m_inner->PrintRoutingTable(stream, unit);
}

void
IpsecRoutingProtocol::DoInitialize()
{
    m_inner->Initialize();
    Ipv4RoutingProtocol::DoInitialize();
}

void
IpsecRoutingProtocol::DoDispose()
{
    m_stack = nullptr;
    if (m_inner)
    {
        m_inner->Dispose();
    }
    m_inner = nullptr;
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
