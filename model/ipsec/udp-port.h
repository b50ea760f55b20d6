/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_UDP_PORT_H
#define IPSEC_NAT_UDP_PORT_H

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

class Ipv4EndPoint;

/**
 * \ingroup ipsec-nat
 * \brief A UDP port served directly on ns-3's UDP demultiplexer, without
 * a socket: the IKE port (500) and the NAT-T port (4500) of a node.
 *
 * A kernel hands UDP-encapsulated ESP to IPsec from its UDP layer (Linux's
 * UDP_ENCAP hook) rather than through a socket's receive queue; this does
 * the same in ns-3. The port is an Ipv4EndPoint of the node's
 * UdpL4Protocol, so datagrams pass the whole IPv4 receive path (routing,
 * reassembly, local delivery, the IP layer's traces and FlowMonitor), the
 * UDP checksum check and the demultiplexer exactly as for a socket; they
 * skip only the socket's receive queue and address tags, which a module
 * that handles every datagram when it arrives does not need. A datagram to
 * send is routed like an unbound UDP socket's (the routing protocol picks
 * the source address), and the default TTL, TOS and fragmentation apply.
 *
 * Each port is one endpoint instead of an endpoint plus a socket object,
 * which matters on a hub or in a scenario with thousands of nodes.
 */
class UdpPort
{
public:
    /**
     * Receives a datagram: its payload (UDP header removed), its IPv4
     * header (source, destination, TTL), its UDP source port and the
     * interface it came in on. The endpoint calls it directly.
     */
    using ReceiveCallback = Callback<void, Ptr<Packet>, Ipv4Header, uint16_t, Ptr<Ipv4Interface>>;

    UdpPort() = default;
    ~UdpPort();
    UdpPort(const UdpPort&) = delete;            //!< one owner of the endpoint
    UdpPort& operator=(const UdpPort&) = delete; //!< one owner of the endpoint

    /**
     * Claims \p port on every address of \p node.
     * \param node a node with an IPv4 stack (InternetStackHelper)
     * \param port the port
     * \param receive called for each datagram that arrives
     * \return false if the node has no UDP, or the port is taken
     */
    bool Open(Ptr<Node> node, uint16_t port, ReceiveCallback receive);

    /**
     * Sends a datagram from this port, routed by the node's routing
     * protocol, which also chooses the source address.
     * \param payload the UDP payload
     * \param destination where to
     * \param destinationPort the destination port
     * \return false if the port is not open or there is no route
     */
    bool SendTo(Ptr<Packet> payload, Ipv4Address destination, uint16_t destinationPort);

    /** Releases the port (also done by the destructor). */
    void Close();

    /** \return true between a successful Open and Close */
    bool IsOpen() const;

private:
    /** The UDP layer is destroying the endpoint (node disposed first). */
    void EndPointDestroyed();

    Ptr<Ipv4> m_ipv4;                  //!< its IPv4 stack (looked up once)
    Ptr<UdpL4Protocol> m_udp;          //!< its UDP layer
    Ipv4EndPoint* m_endPoint{nullptr}; //!< owned by m_udp's demultiplexer
    uint16_t m_port{0};                //!< the local port
};

} // namespace ns3

#endif /* IPSEC_NAT_UDP_PORT_H */
