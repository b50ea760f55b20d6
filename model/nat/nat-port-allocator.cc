/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-port-allocator.h"

namespace ns3
{

bool
NatPortAllocator::Bitmap::Test(uint16_t port) const
{
    const auto& page = m_pages[port / kPagePorts];
    if (!page)
    {
        return false;
    }
    std::size_t bit = port % kPagePorts;
    return ((*page)[bit >> 6] >> (bit & 63)) & 1U;
}

void
NatPortAllocator::Bitmap::Set(uint16_t port)
{
    auto& page = m_pages[port / kPagePorts];
    if (!page)
    {
        page = std::make_unique<Page>();
        page->fill(0);
    }
    std::size_t bit = port % kPagePorts;
    (*page)[bit >> 6] |= uint64_t{1} << (bit & 63);
}

void
NatPortAllocator::Bitmap::Clear(uint16_t port)
{
    auto& page = m_pages[port / kPagePorts];
    if (page)
    {
        std::size_t bit = port % kPagePorts;
        (*page)[bit >> 6] &= ~(uint64_t{1} << (bit & 63));
    }
}

void
NatPortAllocator::Bitmap::Merge(const Bitmap& other)
{
    for (std::size_t i = 0; i < kPages; ++i)
    {
        if (!other.m_pages[i])
        {
            continue;
        }
        if (!m_pages[i])
        {
            m_pages[i] = std::make_unique<Page>(*other.m_pages[i]);
            continue;
        }
        for (std::size_t w = 0; w < kPageWords; ++w)
        {
            (*m_pages[i])[w] |= (*other.m_pages[i])[w];
        }
    }
}

void
NatPortAllocator::Bitmap::Reset()
{
    for (auto& page : m_pages)
    {
        page.reset();
    }
}

NatPortAllocator::NatPortAllocator(uint16_t min, uint16_t max)
    : m_min(min)
    , m_max(max)
    , m_cursor(min)
{
}

bool
NatPortAllocator::IsFree(uint16_t port) const
{
    return !m_used.Test(port) && !m_quarantine.Test(port);
}

void
NatPortAllocator::Take(uint16_t port)
{
    if (m_used.Test(port))
    {
        return;
    }
    m_used.Set(port);
    if (port >= m_min && port <= m_max && !m_quarantine.Test(port))
    {
        ++m_usedInRange;
    }
}

void
NatPortAllocator::Release(uint16_t port)
{
    if (!m_used.Test(port))
    {
        return;
    }
    m_used.Clear(port);
    if (port >= m_min && port <= m_max && !m_quarantine.Test(port))
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
        m_quarantine.Reset();
        m_quarantinedInRange = 0;
        m_usedInRange = 0;
        for (uint32_t p = m_min; p <= m_max; ++p)
        {
            m_usedInRange += m_used.Test(static_cast<uint16_t>(p)) ? 1 : 0;
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
        m_quarantine.Merge(m_used);
        m_quarantinedInRange = 0;
        for (uint32_t p = m_min; p <= m_max; ++p)
        {
            m_quarantinedInRange += m_quarantine.Test(static_cast<uint16_t>(p)) ? 1 : 0;
        }
    }
    else
    {
        m_quarantine.Reset();
        m_quarantinedInRange = 0;
        m_cursor = m_min;
    }
    m_used.Reset();
    m_usedInRange = 0;
}

} // namespace ns3
