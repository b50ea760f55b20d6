/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "udp-port.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UdpPort");

UdpPort::~UdpPort()
{
    Close();
}

bool
UdpPort::Open(Ptr<Node> node, uint16_t port, ReceiveCallback receive)
{
    Close();
    Ptr<UdpL4Protocol> udp = node->GetObject<UdpL4Protocol>();
    if (!udp)
    {
        return false;
    }
    // Like UdpSocketImpl::Bind to (any, port): the demultiplexer refuses a
    // port another endpoint (a socket or another UdpPort) holds.
    Ipv4EndPoint* endPoint = udp->Allocate(nullptr, Ipv4Address::GetAny(), port);
    if (!endPoint)
    {
        return false;
    }
    m_ipv4 = node->GetObject<Ipv4>();
    m_udp = udp;
    m_endPoint = endPoint;
    m_port = port;
    m_endPoint->SetRxCallback(receive);
    m_endPoint->SetDestroyCallback(MakeCallback(&UdpPort::EndPointDestroyed, this));
    return true;
}

bool
UdpPort::SendTo(Ptr<Packet> payload, Ipv4Address destination, uint16_t destinationPort)
{
    if (!m_endPoint)
    {
        return false;
    }
    // UdpSocketImpl::DoSendTo for an unbound unicast sender: ask the routing
    // protocol, take the route's source address, hand the datagram to UDP
    // with the route.
    // The routing protocol is asked each time: a wrapper (IPsec, NAT) may
    // be installed after the port is opened.
    Ptr<Ipv4RoutingProtocol> routing = m_ipv4 ? m_ipv4->GetRoutingProtocol() : nullptr;
    if (!routing)
    {
        return false;
    }
    Ipv4Header header;
    header.SetDestination(destination);
    header.SetProtocol(UdpL4Protocol::PROT_NUMBER);
    Socket::SocketErrno error;
    Ptr<Ipv4Route> route = routing->RouteOutput(payload, header, nullptr, error);
    if (!route)
    {
        NS_LOG_LOGIC("port " << m_port << ": no route to " << destination);
        return false;
    }
    m_udp->Send(payload, route->GetSource(), destination, m_port, destinationPort, route);
    return true;
}

void
UdpPort::Close()
{
    if (m_endPoint)
    {
        m_endPoint->SetDestroyCallback(MakeNullCallback<void>());
        m_udp->DeAllocate(m_endPoint);
        m_endPoint = nullptr;
    }
    m_udp = nullptr;
    m_ipv4 = nullptr;
}

bool
UdpPort::IsOpen() const
{
    return m_endPoint != nullptr;
}

void
UdpPort::EndPointDestroyed()
{
    m_endPoint = nullptr;
    m_udp = nullptr;
    m_ipv4 = nullptr;
}

} // namespace ns3
