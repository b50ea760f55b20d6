/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-port-allocator.h"

namespace ns3
{

NatPortAllocator::NatPortAllocator(uint16_t min, uint16_t max)
    : m_min(min)
    , m_max(max)
    , m_cursor(min)
    , m_used(1024, 0)
{
    // m_quarantine stays empty until a reboot quarantines ports (Reset):
    // most NATs never reboot, and a bitmap is 8 KB.
}

bool
NatPortAllocator::Test(const std::vector<uint64_t>& bits, uint16_t port) const
{
    // An empty bitmap is an unallocated quarantine: nothing is set.
    std::size_t word = port >> 6;
    return word < bits.size() && ((bits[word] >> (port & 63)) & 1U);
}

bool
NatPortAllocator::IsFree(uint16_t port) const
{
    return !Test(m_used, port) && !Test(m_quarantine, port);
}

void
NatPortAllocator::Take(uint16_t port)
{
    if (Test(m_used, port))
    {
        return;
    }
    m_used[port >> 6] |= (uint64_t{1} << (port & 63));
    if (port >= m_min && port <= m_max && !Test(m_quarantine, port))
    {
        ++m_usedInRange;
    }
}

void
NatPortAllocator::Release(uint16_t port)
{
    if (!Test(m_used, port))
    {
        return;
    }
    m_used[port >> 6] &= ~(uint64_t{1} << (port & 63));
    if (port >= m_min && port <= m_max && !Test(m_quarantine, port))
    {
        --m_usedInRange;
    }
}

uint32_t
NatPortAllocator::UsedInRange() const
{
    return m_usedInRange + m_quarantinedInRange;
}

std::optional<uint16_t>
NatPortAllocator::Scan(uint16_t start)
{
    uint32_t span = uint32_t(m_max) - m_min + 1;
    uint32_t offset = uint32_t(start) - m_min;
    for (uint32_t i = 0; i < span; ++i)
    {
        auto port = static_cast<uint16_t>(m_min + (offset + i) % span);
        if (IsFree(port))
        {
            return port;
        }
    }
    return std::nullopt;
}

std::optional<uint16_t>
NatPortAllocator::Allocate(const Random& random)
{
    uint32_t span = uint32_t(m_max) - m_min + 1;
    if (UsedInRange() >= span && m_quarantinedInRange > 0)
    {
        // Every port not in use is quarantined: the quarantine has done its
        // job (all fresh ports were handed out), so lift it.
        std::vector<uint64_t>().swap(m_quarantine);
        m_quarantinedInRange = 0;
        m_usedInRange = 0;
        for (uint32_t p = m_min; p <= m_max; ++p)
        {
            m_usedInRange += Test(m_used, static_cast<uint16_t>(p)) ? 1 : 0;
        }
    }
    if (UsedInRange() >= span)
    {
        return std::nullopt;
    }
    uint16_t start = random ? static_cast<uint16_t>(m_min + random(span)) : m_cursor;
    auto port = Scan(start);
    if (port)
    {
        Take(*port);
        m_cursor = (*port == m_max) ? m_min : static_cast<uint16_t>(*port + 1);
    }
    return port;
}

void
NatPortAllocator::Reset(bool quarantine)
{
    if (quarantine)
    {
        m_quarantine.resize(m_used.size(), 0);
        for (std::size_t i = 0; i < m_used.size(); ++i)
        {
            m_quarantine[i] |= m_used[i];
        }
        m_quarantinedInRange = 0;
        for (uint32_t p = m_min; p <= m_max; ++p)
        {
            m_quarantinedInRange += Test(m_quarantine, static_cast<uint16_t>(p)) ? 1 : 0;
        }
    }
    else
    {
        std::vector<uint64_t>().swap(m_quarantine);
        m_quarantinedInRange = 0;
        m_cursor = m_min;
    }
    std::fill(m_used.begin(), m_used.end(), 0);
    m_usedInRange = 0;
}

} // namespace ns3
