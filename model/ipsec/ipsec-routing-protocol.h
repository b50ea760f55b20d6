/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IPSEC_ROUTING_PROTOCOL_H
#define IPSEC_NAT_IPSEC_ROUTING_PROTOCOL_H

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/own-address-set.h"

namespace ns3
{

class IpsecStack;

/**
 * \ingroup ipsec-nat
 * Applies the SPD of an IpsecStack in the routing decision (RFC 4301
 * section 5): wraps the node's routing protocol like NatBox does.
 *
 * - Forwarded or locally sent traffic that an SPD entry says to PROTECT is
 *   routed into the tunnel interface, whose send callback does ESP/AH.
 * - DISCARD traffic is dropped (policy-discard).
 * - Unprotected traffic arriving from outside that a PROTECT entry covers
 *   (looked up with source and destination swapped) is dropped
 *   (policy-mismatch, RFC 4301 section 5.2): it should have come through
 *   IPsec. ESP, AH and IKE (UDP 500/4500) are exempt, as they carry IPsec.
 * - Everything else goes to the wrapped protocol unchanged.
 */
class IpsecRoutingProtocol : public Ipv4RoutingProtocol
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    IpsecRoutingProtocol();

    /**
     * \param stack the stack whose SPD applies
     * \param inner the node's routing protocol
     */
    void Setup(Ptr<IpsecStack> stack, Ptr<Ipv4RoutingProtocol> inner);
    /** \return the wrapped routing protocol. */
    Ptr<Ipv4RoutingProtocol> GetInnerRoutingProtocol() const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

protected:
    void DoInitialize() override;
    void DoDispose() override;

private:
    Ptr<Ipv4Route> TunnelRoute(Ptr<NetDevice> device, Ipv4Address source,
                               Ipv4Address destination) const;

    Ptr<IpsecStack> m_stack;
    Ptr<Ipv4RoutingProtocol> m_inner;
    Ptr<Ipv4> m_ipv4;
    OwnAddressSet m_ownAddresses; //!< the node's addresses (instead of IsDestinationAddress)
};

} // namespace ns3

#endif /* IPSEC_NAT_IPSEC_ROUTING_PROTOCOL_H */
