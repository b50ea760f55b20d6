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

SecurityAssociation*
SecurityAssociationDatabase::FindOutboundBySpi(uint32_t spi) const
{
    for (const auto& [bundle, sas] : m_outbound)
    {
        for (const auto& sa : sas)
        {
            if (sa->Config().spi == spi)
            {
                return sa.get();
            }
        }
    }
    return nullptr;
}

bool
SecurityAssociationDatabase::RemoveInbound(uint32_t spi)
{
    return m_inbound.erase(spi) > 0;
}

bool
SecurityAssociationDatabase::RemoveOutbound(uint32_t spi)
{
    for (auto& [bundle, sas] : m_outbound)
    {
        for (auto it = sas.begin(); it != sas.end(); ++it)
        {
            if ((*it)->Config().spi == spi)
            {
                sas.erase(it);
                return true;
            }
        }
    }
    return false;
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
