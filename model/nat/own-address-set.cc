/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "own-address-set.h"

#include <algorithm>

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
                m_addresses.push_back(ia.GetLocal().Get());
                m_addresses.push_back(ia.GetBroadcast().Get());
            }
        }
        std::sort(m_addresses.begin(), m_addresses.end());
        m_addresses.erase(std::unique(m_addresses.begin(), m_addresses.end()), m_addresses.end());
        m_valid = true;
    }
    return std::binary_search(m_addresses.begin(), m_addresses.end(), address.Get());
}

void
OwnAddressSet::Invalidate()
{
    m_valid = false;
}

} // namespace ns3
