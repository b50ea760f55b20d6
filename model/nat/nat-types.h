/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_TYPES_H
#define IPSEC_NAT_NAT_TYPES_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * What a NAT box translates.
 */
enum class NatMode
{
    STATIC = 0, //!< static one-to-one: configured inside/public address pairs, addresses only
    POOL = 1,   //!< dynamic pool: one public address per active inside host, addresses only
    PAT = 2,    //!< port address translation ("overload"): many hosts onto one public address
};

/**
 * \ingroup ipsec-nat
 * RFC 4787 section 4.1 mapping behaviour: what makes an outbound packet
 * reuse an existing public endpoint.
 */
enum class NatMappingBehaviour
{
    ENDPOINT_INDEPENDENT = 0,       //!< EIM: same public endpoint for any remote (REQ-1)
    ADDRESS_DEPENDENT = 1,          //!< ADM: same public endpoint per remote address
    ADDRESS_AND_PORT_DEPENDENT = 2, //!< APDM: per remote address and port ("symmetric")
};

/**
 * \ingroup ipsec-nat
 * RFC 4787 section 5 filtering behaviour: which unsolicited inbound packets
 * to an existing mapping are let in.
 */
enum class NatFilteringBehaviour
{
    ENDPOINT_INDEPENDENT = 0,       //!< EIF: any remote
    ADDRESS_DEPENDENT = 1,          //!< ADF: remotes whose address the inside host sent to
    ADDRESS_AND_PORT_DEPENDENT = 2, //!< APDF: remotes whose address and port it sent to
};

/**
 * \ingroup ipsec-nat
 * How a PAT box picks a public port when it cannot (or may not) keep the
 * inside one.
 */
enum class NatPortAllocation
{
    SEQUENTIAL = 0, //!< next free port after the last one handed out
    RANDOM = 1,     //!< uniformly random free port (RFC 6056 style), from an ns-3 stream
};

/**
 * \ingroup ipsec-nat
 * Why the NAT dropped a packet. Every drop is counted and traced with one.
 */
enum class NatDropReason
{
    NO_MAPPING = 0,           //!< inbound packet to a public endpoint with no live mapping
    FILTERED = 1,             //!< mapping exists but the filtering behaviour refuses the remote
    POOL_EXHAUSTED = 2,       //!< no free public address in the pool
    PORTS_EXHAUSTED = 3,      //!< no free public port / ICMP identifier
    UNSUPPORTED_PROTOCOL = 4, //!< PAT cannot translate this protocol (e.g. raw ESP)
    TTL = 5,                  //!< TTL would expire on forwarding; not translated
    HAIRPIN_DISABLED = 6,     //!< inside host addressed a public endpoint and hairpinning is off
    FRAGMENT = 7,             //!< PAT cannot translate a fragment (no L4 ports)
    TRUNCATED = 8,            //!< packet too short for its transport header
    ESP_CONFLICT = 9,         //!< passthrough: another inside host already uses ESP to this remote
};

/// Number of NatDropReason values.
constexpr std::size_t kNatDropReasonCount = 10;

/**
 * \ingroup ipsec-nat
 * TCP tracking state of a mapping (RFC 5382 section 5 / RFC 7857 section 2.2).
 */
enum class NatTcpState
{
    TRANSITORY = 0,  //!< opening: not yet seen traffic both ways
    ESTABLISHED = 1, //!< seen traffic in both directions, no FIN/RST
    CLOSING = 2,     //!< FIN in both directions or a RST: transitory timer again
};

/** \return the short name used in traces, CSV columns and logs (e.g. "no-mapping"). */
std::string ToString(NatDropReason reason);
/** \return "static", "pool" or "pat". */
std::string ToString(NatMode mode);
/** \return "eim", "adm" or "apdm". */
std::string ToString(NatMappingBehaviour behaviour);
/** \return "eif", "adf" or "apdf". */
std::string ToString(NatFilteringBehaviour behaviour);
/** \return "transitory", "established" or "closing". */
std::string ToString(NatTcpState state);

/**
 * Parse a mode name. Accepts "static", "pool", "pat".
 * \param name the text
 * \return the mode, or nothing when the name is not one of the allowed ones
 */
std::optional<NatMode> ParseNatMode(const std::string& name);
/** Parse "eim", "adm", "apdm" (also the long names "endpoint-independent", ...). */
std::optional<NatMappingBehaviour> ParseNatMappingBehaviour(const std::string& name);
/** Parse "eif", "adf", "apdf" (also the long names). */
std::optional<NatFilteringBehaviour> ParseNatFilteringBehaviour(const std::string& name);

/**
 * \ingroup ipsec-nat
 * One translation entry, as listed by `show ip nat translations`.
 *
 * For PAT the entry has ports (ICMP: the echo identifier; ESP passthrough:
 * no port, keyed by the remote address). For static and pool NAT it binds
 * addresses only.
 */
struct NatMapping
{
    uint64_t id{0};            //!< unique per NAT box, in creation order
    uint8_t protocol{0};       //!< IP protocol (6, 17, 1, 50); 0 for an address-only binding
    bool addressOnly{false};   //!< true for static / pool bindings
    bool isStatic{false};      //!< configured, never expires, survives a reboot
    Ipv4Address insideAddress; //!< inside local address
    uint16_t insidePort{0};    //!< inside local port / ICMP identifier
    Ipv4Address publicAddress; //!< inside global (public) address
    uint16_t publicPort{0};    //!< inside global port / ICMP identifier
    Ipv4Address remoteAddress; //!< the remote that created it (part of the key for ADM/APDM)
    uint16_t remotePort{0};    //!< the remote port that created it
    Time created;              //!< when the mapping was created
    Time lastRefresh;          //!< last packet that refreshed it
    Time timeout;              //!< timeout in force (depends on protocol and TCP state)
    NatTcpState tcpState{NatTcpState::TRANSITORY}; //!< TCP only
    bool seenOutbound{false};                      //!< TCP tracking: outbound packet seen
    bool seenInbound{false};                       //!< TCP tracking: inbound packet seen
    bool finOutbound{false};                       //!< TCP tracking: FIN sent by the inside host
    bool finInbound{false};                        //!< TCP tracking: FIN sent by the remote
    uint64_t packetsOut{0};                        //!< packets translated inside to outside
    uint64_t packetsIn{0};                         //!< packets translated outside to inside
    /// Remotes the inside host has sent to through this mapping (filtering state).
    std::vector<std::pair<Ipv4Address, uint16_t>> permittedRemotes;
    /// ESP passthrough: SPIs seen in either direction (for display).
    std::vector<uint32_t> espSpis;

    /** \return when the mapping expires (Time::Max() for static ones). */
    Time Deadline() const;
};

/** Print one mapping in the style of `show ip nat translations`. */
std::ostream& operator<<(std::ostream& os, const NatMapping& m);

} // namespace ns3

#endif /* IPSEC_NAT_NAT_TYPES_H */
