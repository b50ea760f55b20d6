/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "own-address-set.h"

namespace ns3
{

bool
OwnAddressSet::Contains(const Ptr<Ipv4>& ipv4, Ipv4Address address)
{
    if (!m_valid)
    {
        m_addresses.clear();
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
            {
                Ipv4InterfaceAddress ia = ipv4->GetAddress(i, a);
                m_addresses.insert(ia.GetLocal().Get());
                m_addresses.insert(ia.GetBroadcast().Get());
            }
        }
        m_valid = true;
    }
    return m_addresses.count(address.Get()) != 0;
}

void
OwnAddressSet::Invalidate()
{
    m_valid = false;
}

} // namespace ns3
