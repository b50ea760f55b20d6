/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_OWN_ADDRESS_SET_H
#define IPSEC_NAT_OWN_ADDRESS_SET_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief The node's own IPv4 addresses, for a routing wrapper (NatBox,
 * IpsecRoutingProtocol) that must tell local traffic from forwarded
 * traffic on every packet.
 *
 * What Ipv4L3Protocol::IsDestinationAddress accepts for a unicast
 * destination under ns-3's default weak end-system model: an address or
 * a directed broadcast of any interface. IsDestinationAddress asks every
 * interface for every address on each call; this set is listed on first
 * use and again after Invalidate, which the wrapper calls from its
 * NotifyInterfaceUp/Down and NotifyAdd/RemoveAddress hooks.
 */
class OwnAddressSet
{
public:
    /**
     * \param ipv4 the node's IPv4 stack (listed from when the set is stale)
     * \param address a unicast destination
     * \return true if \p address is one of the node's
     */
    bool Contains(const Ptr<Ipv4>& ipv4, Ipv4Address address);

    /** The node's interfaces or addresses changed: list them again on next use. */
    void Invalidate();

private:
    /// Local and directed-broadcast addresses, sorted: a node has a few,
    /// and one contiguous block is searched without chasing hash nodes.
    std::vector<uint32_t> m_addresses;
    bool m_valid{false}; //!< m_addresses is current
};

} // namespace ns3

#endif /* IPSEC_NAT_OWN_ADDRESS_SET_H */
