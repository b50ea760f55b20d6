/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-types.h"

#include <iomanip>

namespace ns3
{

std::string
ToString(NatDropReason reason)
{
    switch (reason)
    {
        case NatDropReason::NO_MAPPING:
            return "no-mapping";
        case NatDropReason::FILTERED:
            return "filtered";
        case NatDropReason::POOL_EXHAUSTED:
            return "pool-exhausted";
        case NatDropReason::PORTS_EXHAUSTED:
            return "ports-exhausted";
        case NatDropReason::UNSUPPORTED_PROTOCOL:
            return "unsupported-protocol";
        case NatDropReason::TTL:
            return "ttl";
        case NatDropReason::HAIRPIN_DISABLED:
            return "hairpin-disabled";
        case NatDropReason::FRAGMENT:
            return "fragment";
        case NatDropReason::TRUNCATED:
            return "truncated";
        case NatDropReason::ESP_CONFLICT:
            return "esp-conflict";
    }
    return "unknown";
}

std::string
ToString(NatMode mode)
{
    switch (mode)
    {
        case NatMode::STATIC:
            return "static";
        case NatMode::POOL:
            return "pool";
        case NatMode::PAT:
            return "pat";
    }
    return "unknown";
}

std::string
ToString(NatMappingBehaviour behaviour)
{
    switch (behaviour)
    {
        case NatMappingBehaviour::ENDPOINT_INDEPENDENT:
            return "eim";
        case NatMappingBehaviour::ADDRESS_DEPENDENT:
            return "adm";
        case NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT:
            return "apdm";
    }
    return "unknown";
}

std::string
ToString(NatFilteringBehaviour behaviour)
{
    switch (behaviour)
    {
        case NatFilteringBehaviour::ENDPOINT_INDEPENDENT:
            return "eif";
        case NatFilteringBehaviour::ADDRESS_DEPENDENT:
            return "adf";
        case NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT:
            return "apdf";
    }
    return "unknown";
}

std::string
ToString(NatTcpState state)
{
    switch (state)
    {
        case NatTcpState::TRANSITORY:
            return "transitory";
        case NatTcpState::ESTABLISHED:
            return "established";
        case NatTcpState::CLOSING:
            return "closing";
    }
    return "unknown";
}

std::optional<NatMode>
ParseNatMode(const std::string& name)
{
    if (name == "static")
    {
        return NatMode::STATIC;
    }
    if (name == "pool")
    {
        return NatMode::POOL;
    }
    if (name == "pat" || name == "overload")
    {
        return NatMode::PAT;
    }
    return std::nullopt;
}

std::optional<NatMappingBehaviour>
ParseNatMappingBehaviour(const std::string& name)
{
    if (name == "eim" || name == "endpoint-independent")
    {
        return NatMappingBehaviour::ENDPOINT_INDEPENDENT;
    }
    if (name == "adm" || name == "address-dependent")
    {
        return NatMappingBehaviour::ADDRESS_DEPENDENT;
    }
    if (name == "apdm" || name == "address-and-port-dependent")
    {
        return NatMappingBehaviour::ADDRESS_AND_PORT_DEPENDENT;
    }
    return std::nullopt;
}

std::optional<NatFilteringBehaviour>
ParseNatFilteringBehaviour(const std::string& name)
{
    if (name == "eif" || name == "endpoint-independent")
    {
        return NatFilteringBehaviour::ENDPOINT_INDEPENDENT;
    }
    if (name == "adf" || name == "address-dependent")
    {
        return NatFilteringBehaviour::ADDRESS_DEPENDENT;
    }
    if (name == "apdf" || name == "address-and-port-dependent")
    {
        return NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT;
    }
    return std::nullopt;
}

Time
NatMapping::Deadline() const
{
    if (isStatic)
    {
        return Time::Max();
    }
    return lastRefresh + timeout;
}

namespace
{
const char*
ProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
        case 0:
            return "ip";
        case 1:
            return "icmp";
        case 6:
            return "tcp";
        case 17:
            return "udp";
        case 50:
            return "esp";
        default:
            return "?";
    }
}

void
PrintEndpoint(std::ostream& os, Ipv4Address a, uint16_t port, bool withPort)
{
    std::ostringstream s;
    a.Print(s);
    if (withPort)
    {
        s << ':' << port;
    }
    os << std::left << std::setw(22) << s.str();
}
} // namespace

std::ostream&
operator<<(std::ostream& os, const NatMapping& m)
{
    // Columns of IOS "show ip nat translations": Pro Inside global Inside
    // local Outside local Outside global (no outside translation here).
    bool ports = !m.addressOnly && m.protocol != 50;
    os << std::left << std::setw(5) << ProtocolName(m.protocol);
    PrintEndpoint(os, m.publicAddress, m.publicPort, ports);
    PrintEndpoint(os, m.insideAddress, m.insidePort, ports);
    PrintEndpoint(os, m.remoteAddress, m.remotePort, ports);
    if (m.isStatic)
    {
        os << "static";
    }
    else
    {
        os << "idle-timeout " << m.timeout.GetSeconds() << "s";
    }
    if (m.protocol == 6)
    {
        os << " tcp-" << ToString(m.tcpState);
    }
    return os;
}

} // namespace ns3
