/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IOS_ACL_H
#define IPSEC_NAT_IOS_ACL_H

#include "ns3/ios-config-common.h"
#include "ns3/security-policy-database.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * IOS extended access lists as crypto ACLs: each entry becomes one
 * IpsecSelector, "permit" meaning protect and "deny" meaning leave in clear
 * (the IOS crypto ACL semantics; RFC 4301 section 4.4.1 PROTECT / BYPASS).
 *
 * The accepted clause, after `access-list N` or as a line under
 * `ip access-list extended NAME`:
 * \verbatim
 *   permit|deny PROTO SRC [PORTS] DST [PORTS]
 *   PROTO = ip | tcp | udp | icmp | esp | ahp | gre | 0..255
 *   SRC, DST = any | host A | A WILDCARD
 *   PORTS (tcp and udp only) = eq P | range P1 P2 | lt P | gt P
 *   P = 0..65535 or one of the IOS names listed at ParseAclEntry()
 * \endverbatim
 *
 * A selector holds a prefix, so a wildcard must be 2^n - 1 (0.0.0.255);
 * a non-contiguous one (0.0.255.0), which IOS accepts, is an error here.
 * Address bits under the wildcard are cleared, as IOS shows them
 * ("10.1.1.7 0.0.0.255" becomes 10.1.1.0/24). `neq`, ICMP types, `log`,
 * `established` and object groups are not accepted.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * What an ACL entry says about the traffic it matches.
 */
enum class AclAction : uint8_t
{
    PERMIT, //!< crypto ACL: protect (IpsecPolicyAction::PROTECT)
    DENY,   //!< crypto ACL: leave in clear (IpsecPolicyAction::BYPASS)
};

/** \return "permit" or "deny". */
std::string ToString(AclAction action);

/**
 * \ingroup ipsec-nat
 * One line of an extended ACL, already in the form the SPD uses.
 */
struct AclEntry
{
    AclAction action{AclAction::PERMIT}; //!< permit or deny
    IpsecSelector selector;              //!< the traffic, outbound direction
    ConfigSource source;                 //!< where it was read

    /** \return PROTECT for permit, BYPASS for deny. */
    IpsecPolicyAction ToPolicyAction() const;
};

/**
 * \ingroup ipsec-nat
 * An extended ACL: numbered (100-199, 2000-2699) or named; entries in the
 * order they were written, which is the order they are matched.
 */
struct AccessList
{
    std::string name;              //!< "101" or the name given to ip access-list extended
    std::vector<AclEntry> entries; //!< in order
    ConfigSource source;           //!< the first line that defined it

    /**
     * \param policyName the name to give every policy (e.g. "crypto map VPN 10")
     * \return one SPD policy per entry, in order; ids 0 and saBundle 0 (the
     *         SPD and the IKE layer assign them)
     */
    std::vector<IpsecPolicy> ToPolicies(const std::string& policyName) const;
};

/**
 * \ingroup ipsec-nat
 * \param name an ACL number or name as `match address` writes it
 * \return true for a number of an extended ACL (100-199, 2000-2699)
 */
bool IsExtendedAclNumber(std::string_view name);

/**
 * \ingroup ipsec-nat
 * Parse one extended ACL clause.
 *
 * Port names accepted (IOS keywords): bgp 179, bootpc 68, bootps 67,
 * domain 53, ftp 21, isakmp 500, non500-isakmp 4500, ntp 123, smtp 25,
 * snmp 161, telnet 23, tftp 69, www 80.
 *
 * \param clause e.g. "permit udp host 10.0.0.1 eq 500 any"
 * \return the entry (without source), or an error with only the message
 *         set (the caller adds the line)
 */
ConfigResult<AclEntry> ParseAclEntry(std::string_view clause);

} // namespace ns3

#endif /* IPSEC_NAT_IOS_ACL_H */
