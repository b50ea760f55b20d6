/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy-database.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

namespace
{
constexpr uint8_t kAnyProtocol = 0;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

/** \return true when packets of \p proto carry ports the selector can test. */
bool
HasPorts(uint8_t proto)
{
    return proto == kTcp || proto == kUdp;
}
} // namespace

bool
IpsecSelector::AnyPorts() const
{
    return sourcePortMin == 0 && sourcePortMax == 65535 && destinationPortMin == 0
           && destinationPortMax == 65535;
}

bool
IpsecSelector::Matches(Ipv4Address src, Ipv4Address dst, uint8_t proto, uint16_t sport,
                       uint16_t dport) const
{
    if (!sourceMask.IsMatch(src, source) || !destinationMask.IsMatch(dst, destination))
    {
        return false;
    }
    if (protocol != kAnyProtocol && protocol != proto)
    {
        return false;
    }
    if (!HasPorts(proto))
    {
        // RFC 4301 section 4.4.1: the packet's ports are OPAQUE, and only
        // ANY matches OPAQUE.
        return AnyPorts();
    }
    return sport >= sourcePortMin && sport <= sourcePortMax && dport >= destinationPortMin
           && dport <= destinationPortMax;
}

IpsecSelector
IpsecSelector::Mirror() const
{
    IpsecSelector m = *this;
    std::swap(m.source, m.destination);
    std::swap(m.sourceMask, m.destinationMask);
    std::swap(m.sourcePortMin, m.destinationPortMin);
    std::swap(m.sourcePortMax, m.destinationPortMax);
    return m;
}

std::string
IpsecSelector::Validate() const
{
    std::ostringstream err;
    if (sourcePortMin > sourcePortMax)
    {
        err << "source port range " << sourcePortMin << "-" << sourcePortMax
            << " is empty (low end above high end); ";
    }
    if (destinationPortMin > destinationPortMax)
    {
        err << "destination port range " << destinationPortMin << "-" << destinationPortMax
            << " is empty (low end above high end); ";
    }
    if (!AnyPorts() && protocol != kAnyProtocol && !HasPorts(protocol))
    {
        err << "port ranges need protocol tcp (6), udp (17) or any (0), not " << unsigned(protocol)
            << "; ";
    }
    std::string s = err.str();
    if (!s.empty())
    {
        s.resize(s.size() - 2); // drop the last "; "
    }
    return s;
}

std::string
ToString(IpsecPolicyAction action)
{
    switch (action)
    {
        case IpsecPolicyAction::PROTECT:
            return "protect";
        case IpsecPolicyAction::BYPASS:
            return "bypass";
        case IpsecPolicyAction::DISCARD:
            return "discard";
    }
    return "unknown";
}

uint32_t
SecurityPolicyDatabase::Add(IpsecPolicy policy)
{
    policy.id = m_nextId++;
    m_policies.push_back(std::move(policy));
    Index(m_policies.size() - 1);
    return m_policies.back().id;
}

bool
SecurityPolicyDatabase::Remove(uint32_t id)
{
    auto it = std::find_if(m_policies.begin(), m_policies.end(),
                           [id](const IpsecPolicy& p) { return p.id == id; });
    if (it == m_policies.end())
    {
        return false;
    }
    m_policies.erase(it);
    Reindex();
    return true;
}

void
SecurityPolicyDatabase::Index(std::size_t position)
{
    const IpsecSelector& s = m_policies[position].selector;
    if (s.destinationMask == Ipv4Mask::GetOnes())
    {
        m_byHost[s.destination.Get()].push_back(position);
    }
    else
    {
        m_general.push_back(position);
    }
}

void
SecurityPolicyDatabase::Reindex()
{
    m_general.clear();
    m_byHost.clear();
    for (std::size_t i = 0; i < m_policies.size(); ++i)
    {
        Index(i);
    }
}

template<typename Match>
std::size_t
SecurityPolicyDatabase::First(Ipv4Address dst, Match match) const
{
    // First match among the general entries, then among the entries for
    // exactly this destination; the earlier of the two wins (RFC 4301
    // section 4.4.1: the SPD is ordered).
    std::size_t best = m_policies.size();
    for (std::size_t i : m_general)
    {
        if (match(m_policies[i].selector))
        {
            best = i;
            break;
        }
    }
    auto bucket = m_byHost.find(dst.Get());
    if (bucket != m_byHost.end())
    {
        for (std::size_t i : bucket->second)
        {
            if (i >= best)
            {
                break;
            }
            if (match(m_policies[i].selector))
            {
                best = i;
                break;
            }
        }
    }
    return best;
}

const IpsecPolicy*
SecurityPolicyDatabase::Lookup(Ipv4Address src, Ipv4Address dst, uint8_t proto, uint16_t sport,
                               uint16_t dport) const
{
    std::size_t i = First(dst, [&](const IpsecSelector& s)
                          { return s.Matches(src, dst, proto, sport, dport); });
    return i < m_policies.size() ? &m_policies[i] : nullptr;
}

const IpsecPolicy*
SecurityPolicyDatabase::LookupAnyPorts(Ipv4Address src, Ipv4Address dst, uint8_t proto) const
{
    std::size_t i = First(dst,
                          [&](const IpsecSelector& s)
                          {
                              return s.sourceMask.IsMatch(s.source, src)
                                     && s.destinationMask.IsMatch(s.destination, dst)
                                     && (s.protocol == 0 || s.protocol == proto);
                          });
    return i < m_policies.size() ? &m_policies[i] : nullptr;
}

const std::vector<IpsecPolicy>&
SecurityPolicyDatabase::Policies() const
{
    return m_policies;
}

void
SecurityPolicyDatabase::SetDefaultAction(IpsecPolicyAction action)
{
    m_defaultAction = action;
}

IpsecPolicyAction
SecurityPolicyDatabase::GetDefaultAction() const
{
    return m_defaultAction;
}

} // namespace ns3
