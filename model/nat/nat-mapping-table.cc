/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-mapping-table.h"

#include <algorithm>
#include <limits>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kEsp = 50;

// TCP flag bits (RFC 9293 section 3.1)
constexpr uint8_t kFin = 0x01;
constexpr uint8_t kRst = 0x04;

std::string
AddressText(Ipv4Address a)
{
    std::ostringstream s;
    a.Print(s);
    return s.str();
}
} // namespace

std::string
NatConfig::Validate() const
{
    std::ostringstream err;
    if (portMin < 1 || portMin > 65535 || portMax < 1 || portMax > 65535)
    {
        err << "NAT port range " << portMin << "-" << portMax
            << " is out of bounds: PortRangeMin and PortRangeMax must be in 1..65535";
        return err.str();
    }
    if (portMin > portMax)
    {
        err << "NAT port range " << portMin << "-" << portMax
            << " is inverted: PortRangeMin must be <= PortRangeMax (allowed 1..65535)";
        return err.str();
    }
    const std::pair<const char*, Time> timers[]
        = {{"UdpTimeout", timeouts.udp},
           {"TcpEstablishedTimeout", timeouts.tcpEstablished},
           {"TcpTransitoryTimeout", timeouts.tcpTransitory},
           {"IcmpTimeout", timeouts.icmp},
           {"EspTimeout", timeouts.esp},
           {"AddressTimeout", timeouts.address}};
    for (const auto& [name, value] : timers)
    {
        if (value <= Time(0))
        {
            // Plain division: ns-3's GetSeconds() shifts a negative value (UB).
            err << "NAT " << name << " is "
                << double(value.GetTimeStep()) / double(Seconds(1).GetTimeStep())
                << " s: mapping timeouts must be > 0 s";
            return err.str();
        }
    }
    switch (mode)
    {
        case NatMode::PAT:
            if (patAddress == Ipv4Address::GetAny() || patAddress == Ipv4Address())
            {
                return "NAT mode pat needs a public address (NatHelper::SetPublicAddress, or an "
                       "address on the outside interface)";
            }
            break;
        case NatMode::POOL:
        {
            if (pool.empty())
            {
                return "NAT mode pool needs at least one public address (NatHelper::SetPool)";
            }
            std::set<uint32_t> seen;
            for (const auto& a : pool)
            {
                if (!seen.insert(a.Get()).second)
                {
                    return "NAT pool lists " + AddressText(a) + " twice";
                }
            }
            break;
        }
        case NatMode::STATIC:
        {
            if (staticPairs.empty())
            {
                return "NAT mode static needs at least one inside/public pair "
                       "(NatHelper::AddStaticMapping)";
            }
            std::set<uint32_t> inside;
            std::set<uint32_t> global;
            for (const auto& [in, pub] : staticPairs)
            {
                if (!inside.insert(in.Get()).second)
                {
                    return "NAT static mapping lists inside address " + AddressText(in) + " twice";
                }
                if (!global.insert(pub.Get()).second)
                {
                    return "NAT static mapping lists public address " + AddressText(pub) + " twice";
                }
            }
            break;
        }
    }
    return "";
}

NatMappingTable::NatMappingTable(const NatConfig& config, NatPortAllocator::Random random)
    : m_config(config)
    , m_random(std::move(random))
    , m_poolInUse(config.pool.size(), false)
{
    if (m_config.mode == NatMode::STATIC)
    {
        for (const auto& [in, pub] : m_config.staticPairs)
        {
            NatMapping m;
            m.addressOnly = true;
            m.isStatic = true;
            m.insideAddress = in;
            m.publicAddress = pub;
            m.timeout = m_config.timeouts.address;
            Insert(m, OutboundKey(0, in, 0, Ipv4Address(), 0), InboundKey(0, pub, 0));
        }
    }
}

void
NatMappingTable::SetCreatedCallback(MappingCallback cb)
{
    m_created = std::move(cb);
}

void
NatMappingTable::SetRefreshedCallback(MappingCallback cb)
{
    m_refreshed = std::move(cb);
}

void
NatMappingTable::SetExpiredCallback(MappingCallback cb)
{
    m_expired = std::move(cb);
}

const NatConfig&
NatMappingTable::Config() const
{
    return m_config;
}

NatMappingTable::Key
NatMappingTable::OutboundKey(uint8_t protocol, Ipv4Address inside, uint16_t insidePort,
                             Ipv4Address remote, uint16_t remotePort) const
{
    // RFC 4787 section 4.1: the remote part of the key is what the mapping
    // behaviour says a mapping depends on.
    uint64_t remoteAddr = 0;
    uint64_t remotePrt = 0;
    if (protocol == kEsp)
    {
        remoteAddr = remote.Get(); // passthrough entries are per remote
    }
    else if (!(m_config.mode != NatMode::PAT || protocol == 0))
    {
        if (m_config.mapping != NatMappingBehaviour::ENDPOINT_INDEPENDENT)
        {
            remoteAddr = remote.Get();
        }
        if (m_config.mapping == NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT)
        {
            remotePrt = remotePort;
        }
    }
    return Key{(uint64_t(protocol) << 48) | (uint64_t(insidePort) << 32) | inside.Get(),
               (remoteAddr << 16) | remotePrt};
}

NatMappingTable::Key
NatMappingTable::InboundKey(uint8_t protocol, Ipv4Address address, uint16_t port)
{
    return Key{(uint64_t(protocol) << 48) | (uint64_t(port) << 32) | address.Get(), 0};
}

Time
NatMappingTable::TimeoutFor(const NatMapping& m) const
{
    if (m.addressOnly)
    {
        return m_config.timeouts.address;
    }
    switch (m.protocol)
    {
        case kUdp:
            return m_config.timeouts.udp;
        case kTcp:
            return m.tcpState == NatTcpState::ESTABLISHED ? m_config.timeouts.tcpEstablished
                                                          : m_config.timeouts.tcpTransitory;
        case kIcmp:
            return m_config.timeouts.icmp;
        case kEsp:
            return m_config.timeouts.esp;
        default:
            return m_config.timeouts.udp;
    }
}

NatMappingTable::Entry*
NatMappingTable::Lookup(const Index& index, const Key& key, Time now)
{
    auto it = index.find(key);
    if (it == index.end())
    {
        return nullptr;
    }
    Entry* e = it->second;
    if (!e->mapping.isStatic && now >= e->mapping.Deadline())
    {
        // Lazy expiry: exact even when ExpireUntil() has not run yet.
        Remove(e->mapping.id, true);
        return nullptr;
    }
    return e;
}

void
NatMappingTable::Queue(Entry& e)
{
    int64_t deadline = e.mapping.Deadline().GetTimeStep();
    if (e.mapping.isStatic || deadline >= e.queued)
    {
        return; // an entry at or before the deadline is already queued
    }
    e.queued = deadline;
    m_heap.emplace(deadline, e.mapping.id);
}

NatMappingTable::Entry&
NatMappingTable::Insert(NatMapping m, const Key& out, const Key& in)
{
    m.id = m_nextId++;
    uint64_t id = m.id;
    auto& e
        = m_mappings.emplace(id, Entry{std::move(m), out, in, std::numeric_limits<int64_t>::max()})
              .first->second;
    if (e.mapping.isStatic && !e.mapping.addressOnly)
    {
        m_staticOut[out] = &e;
    }
    else
    {
        m_outbound[out] = &e;
    }
    m_inbound[in] = &e;
    Queue(e);
    if (m_created)
    {
        m_created(e.mapping);
    }
    return e;
}

void
NatMappingTable::Remove(uint64_t id, bool notify)
{
    auto it = m_mappings.find(id);
    if (it == m_mappings.end())
    {
        return;
    }
    Entry& e = it->second;
    if (notify && m_expired)
    {
        m_expired(e.mapping);
    }
    const NatMapping& m = e.mapping;
    if (m.isStatic && !m.addressOnly)
    {
        m_staticOut.erase(e.out);
    }
    else
    {
        m_outbound.erase(e.out);
    }
    m_inbound.erase(e.in);
    if (!m.addressOnly && m.protocol != kEsp)
    {
        Allocator(m.protocol).Release(m.publicPort);
    }
    if (m.addressOnly && !m.isStatic)
    {
        for (std::size_t i = 0; i < m_config.pool.size(); ++i)
        {
            if (m_config.pool[i] == m.publicAddress)
            {
                m_poolInUse[i] = false;
            }
        }
    }
    m_mappings.erase(it);
}

void
NatMappingTable::Refresh(Entry& e, Time now)
{
    NatMapping& m = e.mapping;
    m.lastRefresh = now;
    m.timeout = TimeoutFor(m);
    Queue(e);
    if (m_refreshed)
    {
        m_refreshed(m);
    }
}

void
NatMappingTable::TrackTcp(NatMapping& m, uint8_t flags, bool outbound)
{
    // RFC 5382 section 5 / RFC 7857 section 2.2: established once traffic
    // has gone both ways; back to the transitory timer on RST or once both
    // sides have sent FIN.
    (outbound ? m.seenOutbound : m.seenInbound) = true;
    if (flags & kFin)
    {
        (outbound ? m.finOutbound : m.finInbound) = true;
    }
    if ((flags & kRst) || (m.finOutbound && m.finInbound))
    {
        m.tcpState = NatTcpState::CLOSING;
    }
    else if (m.tcpState == NatTcpState::TRANSITORY && m.seenOutbound && m.seenInbound)
    {
        m.tcpState = NatTcpState::ESTABLISHED;
    }
}

bool
NatMappingTable::Permitted(const NatMapping& m, Ipv4Address remote, uint16_t remotePort) const
{
    if (m.isStatic)
    {
        return true; // static entries are open to all, as configured port forwards are
    }
    switch (m_config.filtering)
    {
        case NatFilteringBehaviour::ENDPOINT_INDEPENDENT:
            return true;
        case NatFilteringBehaviour::ADDRESS_DEPENDENT:
            return std::any_of(m.permittedRemotes.begin(), m.permittedRemotes.end(),
                               [&](const auto& r) { return r.first == remote; });
        case NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT:
            return std::any_of(m.permittedRemotes.begin(), m.permittedRemotes.end(),
                               [&](const auto& r)
                               { return r.first == remote && r.second == remotePort; });
    }
    return false;
}

void
NatMappingTable::Permit(NatMapping& m, Ipv4Address remote, uint16_t remotePort)
{
    for (const auto& r : m.permittedRemotes)
    {
        if (r.first == remote && r.second == remotePort)
        {
            return;
        }
    }
    m.permittedRemotes.emplace_back(remote, remotePort);
}

NatPortAllocator&
NatMappingTable::Allocator(uint8_t protocol)
{
    auto it = m_allocators.find(protocol);
    if (it == m_allocators.end())
    {
        it = m_allocators
                 .emplace(protocol, NatPortAllocator(static_cast<uint16_t>(m_config.portMin),
                                                     static_cast<uint16_t>(m_config.portMax)))
                 .first;
    }
    return it->second;
}

std::optional<uint16_t>
NatMappingTable::AllocatePort(uint8_t protocol, uint16_t insidePort)
{
    NatPortAllocator& alloc = Allocator(protocol);
    if (m_config.portPreservation && insidePort != 0 && alloc.IsFree(insidePort))
    {
        alloc.Take(insidePort);
        return insidePort;
    }
    if (m_config.allocation == NatPortAllocation::RANDOM && m_random)
    {
        return alloc.Allocate(m_random);
    }
    return alloc.Allocate(NatPortAllocator::Random());
}

NatVerdict
NatMappingTable::Outbound(const NatPacketInfo& info, Time now)
{
    NatVerdict v;
    if (m_config.mode != NatMode::PAT)
    {
        return OutboundAddressOnly(info, now);
    }
    if (info.protocol == kEsp)
    {
        if (!m_config.espPassthrough)
        {
            v.reason = NatDropReason::UNSUPPORTED_PROTOCOL;
            return v;
        }
        return OutboundEsp(info, now);
    }
    if (info.protocol != kUdp && info.protocol != kTcp && info.protocol != kIcmp)
    {
        v.reason = NatDropReason::UNSUPPORTED_PROTOCOL;
        return v;
    }
    uint16_t remotePort = info.protocol == kIcmp ? 0 : info.destinationPort;
    Key out
        = OutboundKey(info.protocol, info.source, info.sourcePort, info.destination, remotePort);
    Entry* e = Lookup(m_outbound, out, now);
    if (!e)
    {
        Key staticKey = OutboundKey(info.protocol, info.source, info.sourcePort, Ipv4Address(), 0);
        staticKey.b = 0;
        e = Lookup(m_staticOut, staticKey, now);
    }
    if (!e)
    {
        auto port = AllocatePort(info.protocol, info.sourcePort);
        if (!port)
        {
            v.reason = NatDropReason::PORTS_EXHAUSTED;
            return v;
        }
        NatMapping fresh;
        fresh.protocol = info.protocol;
        fresh.insideAddress = info.source;
        fresh.insidePort = info.sourcePort;
        fresh.publicAddress = m_config.patAddress;
        fresh.publicPort = *port;
        fresh.remoteAddress = info.destination;
        fresh.remotePort = remotePort;
        fresh.created = now;
        fresh.lastRefresh = now;
        fresh.timeout = TimeoutFor(fresh);
        e = &Insert(fresh, out, InboundKey(info.protocol, m_config.patAddress, *port));
    }
    NatMapping* m = &e->mapping;
    if (m->protocol == kTcp)
    {
        TrackTcp(*m, info.tcpFlags, true);
    }
    Permit(*m, info.destination, remotePort);
    ++m->packetsOut;
    if (!m->isStatic)
    {
        Refresh(*e, now); // RFC 4787 REQ-6: outbound refreshes
    }
    v.translate = true;
    v.address = m->publicAddress;
    v.port = m->publicPort;
    v.mappingId = m->id;
    return v;
}

NatVerdict
NatMappingTable::Inbound(const NatPacketInfo& info, Time now)
{
    NatVerdict v;
    if (m_config.mode != NatMode::PAT)
    {
        return InboundAddressOnly(info, now);
    }
    if (info.protocol == kEsp)
    {
        if (!m_config.espPassthrough)
        {
            v.reason = NatDropReason::UNSUPPORTED_PROTOCOL;
            return v;
        }
        return InboundEsp(info, now);
    }
    if (info.protocol != kUdp && info.protocol != kTcp && info.protocol != kIcmp)
    {
        v.reason = NatDropReason::UNSUPPORTED_PROTOCOL;
        return v;
    }
    Entry* e
        = Lookup(m_inbound, InboundKey(info.protocol, info.destination, info.destinationPort), now);
    if (!e)
    {
        v.reason = NatDropReason::NO_MAPPING;
        return v;
    }
    NatMapping* m = &e->mapping;
    uint16_t remotePort = info.protocol == kIcmp ? 0 : info.sourcePort;
    if (!Permitted(*m, info.source, remotePort))
    {
        v.reason = NatDropReason::FILTERED;
        v.mappingId = m->id;
        return v;
    }
    if (m->protocol == kTcp)
    {
        TrackTcp(*m, info.tcpFlags, false);
    }
    ++m->packetsIn;
    if (m_config.inboundRefresh && !m->isStatic)
    {
        Refresh(*e, now);
    }
    else if (m->protocol == kTcp && !m->isStatic)
    {
        // A state change picks the other timer without counting as a refresh.
        m->timeout = TimeoutFor(*m);
        Queue(*e);
    }
    v.translate = true;
    v.address = m->insideAddress;
    v.port = m->insidePort;
    v.mappingId = m->id;
    return v;
}

NatVerdict
NatMappingTable::OutboundAddressOnly(const NatPacketInfo& info, Time now)
{
    NatVerdict v;
    Key out = OutboundKey(0, info.source, 0, Ipv4Address(), 0);
    Entry* e = Lookup(m_outbound, out, now);
    if (!e && m_config.mode == NatMode::STATIC)
    {
        // IOS forwards traffic of hosts without a static entry untranslated.
        v.translate = true;
        v.address = info.source;
        v.port = info.sourcePort;
        return v;
    }
    if (!e)
    {
        std::size_t n = m_config.pool.size();
        std::optional<std::size_t> slot;
        for (std::size_t i = 0; i < n; ++i)
        {
            std::size_t k = (m_poolCursor + i) % n;
            if (!m_poolInUse[k])
            {
                slot = k;
                break;
            }
        }
        if (!slot)
        {
            v.reason = NatDropReason::POOL_EXHAUSTED;
            return v;
        }
        m_poolInUse[*slot] = true;
        m_poolCursor = (*slot + 1) % n;
        NatMapping fresh;
        fresh.addressOnly = true;
        fresh.insideAddress = info.source;
        fresh.publicAddress = m_config.pool[*slot];
        fresh.remoteAddress = info.destination;
        fresh.remotePort = info.destinationPort;
        fresh.created = now;
        fresh.lastRefresh = now;
        fresh.timeout = TimeoutFor(fresh);
        e = &Insert(fresh, out, InboundKey(0, fresh.publicAddress, 0));
    }
    NatMapping* m = &e->mapping;
    Permit(*m, info.destination, info.destinationPort);
    ++m->packetsOut;
    if (!m->isStatic)
    {
        Refresh(*e, now);
    }
    v.translate = true;
    v.address = m->publicAddress;
    v.port = info.sourcePort;
    v.mappingId = m->id;
    return v;
}

NatVerdict
NatMappingTable::InboundAddressOnly(const NatPacketInfo& info, Time now)
{
    NatVerdict v;
    Entry* e = Lookup(m_inbound, InboundKey(0, info.destination, 0), now);
    if (!e)
    {
        v.reason = NatDropReason::NO_MAPPING;
        return v;
    }
    NatMapping* m = &e->mapping;
    if (!Permitted(*m, info.source, info.sourcePort))
    {
        v.reason = NatDropReason::FILTERED;
        v.mappingId = m->id;
        return v;
    }
    ++m->packetsIn;
    if (m_config.inboundRefresh && !m->isStatic)
    {
        Refresh(*e, now);
    }
    v.translate = true;
    v.address = m->insideAddress;
    v.port = info.destinationPort;
    v.mappingId = m->id;
    return v;
}

NatVerdict
NatMappingTable::OutboundEsp(const NatPacketInfo& info, Time now)
{
    // "IPsec passthrough" (SPI-matching NATs): ESP has no ports, so the box
    // keys the entry on the remote address and lets one inside host per
    // remote use it; the SPIs are learned for display.
    NatVerdict v;
    Key out = OutboundKey(kEsp, info.source, 0, info.destination, 0);
    Key in = InboundKey(kEsp, info.destination, 0);
    Entry* e = Lookup(m_outbound, out, now);
    if (!e)
    {
        if (Entry* other = Lookup(m_inbound, in, now))
        {
            v.reason = NatDropReason::ESP_CONFLICT;
            v.mappingId = other->mapping.id;
            return v;
        }
        NatMapping fresh;
        fresh.protocol = kEsp;
        fresh.insideAddress = info.source;
        fresh.publicAddress = m_config.patAddress;
        fresh.remoteAddress = info.destination;
        fresh.created = now;
        fresh.lastRefresh = now;
        fresh.timeout = TimeoutFor(fresh);
        e = &Insert(fresh, out, in);
    }
    NatMapping* m = &e->mapping;
    if (std::find(m->espSpis.begin(), m->espSpis.end(), info.spi) == m->espSpis.end())
    {
        m->espSpis.push_back(info.spi);
    }
    Permit(*m, info.destination, 0);
    ++m->packetsOut;
    Refresh(*e, now);
    v.translate = true;
    v.address = m->publicAddress;
    v.mappingId = m->id;
    return v;
}

NatVerdict
NatMappingTable::InboundEsp(const NatPacketInfo& info, Time now)
{
    NatVerdict v;
    Entry* e = Lookup(m_inbound, InboundKey(kEsp, info.source, 0), now);
    if (!e)
    {
        v.reason = NatDropReason::NO_MAPPING;
        return v;
    }
    NatMapping* m = &e->mapping;
    if (std::find(m->espSpis.begin(), m->espSpis.end(), info.spi) == m->espSpis.end())
    {
        m->espSpis.push_back(info.spi);
    }
    ++m->packetsIn;
    if (m_config.inboundRefresh)
    {
        Refresh(*e, now);
    }
    v.translate = true;
    v.address = m->insideAddress;
    v.mappingId = m->id;
    return v;
}

std::string
NatMappingTable::AddStaticPortMapping(uint8_t protocol, Ipv4Address insideAddress,
                                      uint16_t insidePort, uint16_t publicPort)
{
    std::ostringstream err;
    if (m_config.mode != NatMode::PAT)
    {
        return "static port mappings need NAT mode pat";
    }
    if (protocol != kUdp && protocol != kTcp)
    {
        err << "static port mapping protocol " << unsigned(protocol)
            << " is not supported: allowed 6 (tcp) and 17 (udp)";
        return err.str();
    }
    NatPortAllocator& alloc = Allocator(protocol);
    if (!alloc.IsFree(publicPort))
    {
        err << "static port mapping: public port " << publicPort << "/"
            << (protocol == kUdp ? "udp" : "tcp") << " is already in use";
        return err.str();
    }
    alloc.Take(publicPort);
    NatMapping m;
    m.protocol = protocol;
    m.isStatic = true;
    m.insideAddress = insideAddress;
    m.insidePort = insidePort;
    m.publicAddress = m_config.patAddress;
    m.publicPort = publicPort;
    m.timeout = TimeoutFor(m);
    Key out = OutboundKey(protocol, insideAddress, insidePort, Ipv4Address(), 0);
    out.b = 0;
    Insert(m, out, InboundKey(protocol, m_config.patAddress, publicPort));
    return "";
}

void
NatMappingTable::ExpireUntil(Time now)
{
    int64_t t = now.GetTimeStep();
    while (!m_heap.empty() && m_heap.top().first <= t)
    {
        auto [deadline, id] = m_heap.top();
        m_heap.pop();
        auto it = m_mappings.find(id);
        if (it == m_mappings.end() || it->second.queued != deadline)
        {
            continue; // removed already, or a stale entry behind an earlier one
        }
        Entry& e = it->second;
        e.queued = std::numeric_limits<int64_t>::max();
        if (e.mapping.Deadline() <= now)
        {
            Remove(id, true);
        }
        else
        {
            Queue(e); // refreshed since it was queued
        }
    }
}

Time
NatMappingTable::NextDeadline() const
{
    // Stale entries may sit on top; they only make the caller wake early.
    if (m_heap.empty())
    {
        return Time::Max();
    }
    return TimeStep(m_heap.top().first);
}

std::size_t
NatMappingTable::Reboot(bool movePorts)
{
    std::vector<uint64_t> dynamic;
    for (const auto& [id, e] : m_mappings)
    {
        if (!e.mapping.isStatic)
        {
            dynamic.push_back(id);
        }
    }
    // Reset the allocators first: with movePorts they quarantine the ports
    // in use now, which removing the mappings would otherwise release.
    for (auto& [proto, alloc] : m_allocators)
    {
        alloc.Reset(movePorts);
    }
    for (uint64_t id : dynamic)
    {
        Remove(id, false);
    }
    for (const auto& [id, e] : m_mappings)
    {
        if (e.mapping.isStatic && !e.mapping.addressOnly)
        {
            Allocator(e.mapping.protocol).Take(e.mapping.publicPort);
        }
    }
    std::fill(m_poolInUse.begin(), m_poolInUse.end(), false);
    if (!movePorts)
    {
        m_poolCursor = 0;
    }
    m_heap = decltype(m_heap)();
    return dynamic.size();
}

bool
NatMappingTable::IsPublicAddress(Ipv4Address address) const
{
    switch (m_config.mode)
    {
        case NatMode::PAT:
            return address == m_config.patAddress;
        case NatMode::POOL:
            return std::find(m_config.pool.begin(), m_config.pool.end(), address)
                   != m_config.pool.end();
        case NatMode::STATIC:
            return std::any_of(m_config.staticPairs.begin(), m_config.staticPairs.end(),
                               [&](const auto& p) { return p.second == address; });
    }
    return false;
}

std::vector<Ipv4Address>
NatMappingTable::PublicAddresses() const
{
    switch (m_config.mode)
    {
        case NatMode::PAT:
            return {m_config.patAddress};
        case NatMode::POOL:
            return m_config.pool;
        case NatMode::STATIC:
        {
            std::vector<Ipv4Address> v;
            for (const auto& p : m_config.staticPairs)
            {
                v.push_back(p.second);
            }
            return v;
        }
    }
    return {};
}

std::vector<NatMapping>
NatMappingTable::List(Time now) const
{
    std::vector<NatMapping> v;
    for (const auto& [id, e] : m_mappings)
    {
        if (e.mapping.isStatic || now < e.mapping.Deadline())
        {
            v.push_back(e.mapping);
        }
    }
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return v;
}

std::size_t
NatMappingTable::Size() const
{
    return m_mappings.size();
}

const NatMapping*
NatMappingTable::Find(uint64_t id) const
{
    auto it = m_mappings.find(id);
    return it == m_mappings.end() ? nullptr : &it->second.mapping;
}

} // namespace ns3
