/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-association-database.h"

namespace ns3
{

bool
SecurityAssociationDatabase::AddInbound(std::unique_ptr<SecurityAssociation> sa)
{
    uint32_t spi = sa->Config().spi;
    return m_inbound.emplace(spi, std::move(sa)).second;
}

void
SecurityAssociationDatabase::AddOutbound(uint32_t bundle, std::unique_ptr<SecurityAssociation> sa)
{
    m_bundlesBySpi.emplace(sa->Config().spi, bundle);
    m_outbound[bundle].push_back(std::move(sa));
}

SecurityAssociation*
SecurityAssociationDatabase::FindInbound(uint32_t spi) const
{
    auto it = m_inbound.find(spi);
    return it == m_inbound.end() ? nullptr : it->second.get();
}

SecurityAssociation*
SecurityAssociationDatabase::FindOutbound(uint32_t bundle) const
{
    auto it = m_outbound.find(bundle);
    if (it == m_outbound.end() || it->second.empty())
    {
        return nullptr;
    }
    return it->second.back().get();
}

SecurityAssociationDatabase::OutboundSlot
SecurityAssociationDatabase::LocateOutbound(uint32_t spi) const
{
    // Outbound SPIs are chosen by the peers, so two peers may pick the same
    // one: the SA of the lowest bundle wins, as a scan in bundle order would.
    OutboundSlot best{m_bundlesBySpi.end(), 0};
    auto [first, last] = m_bundlesBySpi.equal_range(spi);
    for (auto it = first; it != last; ++it)
    {
        if (best.index != m_bundlesBySpi.end() && it->second >= best.index->second)
        {
            continue;
        }
        auto b = m_outbound.find(it->second);
        if (b == m_outbound.end())
        {
            continue;
        }
        for (std::size_t n = 0; n < b->second.size(); ++n)
        {
            if (b->second[n]->Config().spi == spi)
            {
                best = OutboundSlot{it, n};
                break;
            }
        }
    }
    return best;
}

SecurityAssociation*
SecurityAssociationDatabase::FindOutboundBySpi(uint32_t spi) const
{
    OutboundSlot slot = LocateOutbound(spi);
    if (slot.index == m_bundlesBySpi.end())
    {
        return nullptr;
    }
    return m_outbound.at(slot.index->second)[slot.position].get();
}

bool
SecurityAssociationDatabase::RemoveInbound(uint32_t spi)
{
    return m_inbound.erase(spi) > 0;
}

bool
SecurityAssociationDatabase::RemoveOutbound(uint32_t spi)
{
    OutboundSlot slot = LocateOutbound(spi);
    if (slot.index == m_bundlesBySpi.end())
    {
        return false;
    }
    auto& sas = m_outbound.at(slot.index->second);
    sas.erase(sas.begin() + static_cast<std::ptrdiff_t>(slot.position));
    m_bundlesBySpi.erase(slot.index);
    return true;
}

std::vector<SecurityAssociation*>
SecurityAssociationDatabase::Inbound() const
{
    std::vector<SecurityAssociation*> v;
    for (const auto& [spi, sa] : m_inbound)
    {
        v.push_back(sa.get());
    }
    return v;
}

std::vector<SecurityAssociation*>
SecurityAssociationDatabase::Outbound() const
{
    std::vector<SecurityAssociation*> v;
    for (const auto& [bundle, sas] : m_outbound)
    {
        for (const auto& sa : sas)
        {
            v.push_back(sa.get());
        }
    }
    return v;
}

} // namespace ns3
