/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_SECURITY_POLICY_DATABASE_H
#define IPSEC_NAT_SECURITY_POLICY_DATABASE_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The traffic selectors of one SPD entry (RFC 4301 section 4.4.1.1), as
 * one line of an IOS crypto ACL writes them: source and destination prefix,
 * IP protocol, and port ranges.
 *
 * The default selector matches every packet: 0.0.0.0/0 both ways, any
 * protocol, ports 0-65535.
 *
 * Ports only exist for TCP (6) and UDP (17). For any other protocol the
 * packet's ports are OPAQUE (RFC 4301 section 4.4.1: the field does not
 * exist for that Next Layer Protocol), and OPAQUE is matched only by ANY: a
 * selector whose port ranges are both the full 0-65535 matches such a packet
 * whatever ports the caller passes, a selector with a narrower range never
 * does. Validate() flags port ranges on a selector whose protocol has none.
 */
struct IpsecSelector
{
    Ipv4Address source{Ipv4Address::GetAny()};      //!< source prefix (local, outbound)
    Ipv4Mask sourceMask{Ipv4Mask::GetZero()};       //!< source prefix mask (/0: any)
    Ipv4Address destination{Ipv4Address::GetAny()}; //!< destination prefix (remote, outbound)
    Ipv4Mask destinationMask{Ipv4Mask::GetZero()};  //!< destination prefix mask (/0: any)
    uint8_t protocol{0};                            //!< IP protocol; 0 = any
    uint16_t sourcePortMin{0};                      //!< lowest source port (TCP/UDP)
    uint16_t sourcePortMax{65535};                  //!< highest source port (TCP/UDP)
    uint16_t destinationPortMin{0};                 //!< lowest destination port (TCP/UDP)
    uint16_t destinationPortMax{65535};             //!< highest destination port (TCP/UDP)

    /**
     * \param src packet source address
     * \param dst packet destination address
     * \param proto packet IP protocol (the Next Layer Protocol)
     * \param sport TCP/UDP source port; ignored for other protocols
     * \param dport TCP/UDP destination port; ignored for other protocols
     * \return true when the packet falls under this selector
     */
    bool Matches(Ipv4Address src, Ipv4Address dst, uint8_t proto, uint16_t sport,
                 uint16_t dport) const;

    /**
     * \return the same selector seen from the other direction: source and
     *         destination prefixes and port ranges swapped, protocol kept.
     *         An outbound selector mirrored matches the inbound traffic of
     *         the same flow (as the peer's IOS crypto ACL mirrors this one).
     */
    IpsecSelector Mirror() const;

    /** \return true when both port ranges are the full 0-65535 (ANY). */
    bool AnyPorts() const;

    /**
     * \return an empty string when the selector is usable, else a message:
     *         a port range whose low end is above its high end, or a port
     *         range narrower than 0-65535 with a protocol other than any,
     *         TCP or UDP (it could never match)
     */
    std::string Validate() const;
};

/**
 * \ingroup ipsec-nat
 * What the SPD does with a packet (RFC 4301 section 4.4.1).
 */
enum class IpsecPolicyAction
{
    PROTECT, //!< apply IPsec (an IOS crypto ACL "permit" line)
    BYPASS,  //!< let it pass in clear (an IOS crypto ACL "deny" line)
    DISCARD, //!< drop it
};

/** \return "protect", "bypass" or "discard". */
std::string ToString(IpsecPolicyAction action);

/**
 * \ingroup ipsec-nat
 * One SPD entry: which traffic, what to do with it.
 */
struct IpsecPolicy
{
    uint32_t id{0};         //!< assigned by SecurityPolicyDatabase::Add
    std::string name;       //!< for display (e.g. "crypto map VPN 10")
    IpsecSelector selector; //!< the traffic, in the outbound direction
    IpsecPolicyAction action{IpsecPolicyAction::BYPASS}; //!< what to do with it
    uint32_t saBundle{0}; //!< PROTECT: which SA pair protects it (opaque to the SPD)
};

/**
 * \ingroup ipsec-nat
 * A Security Policy Database (RFC 4301 section 4.4.1). The RFC makes the
 * SPD ordered, like the ACLs of routers and firewalls, because entries
 * overlap: the first entry whose selector matches a packet decides, as the
 * lines of an IOS crypto ACL are read top-down. Entries are kept in the
 * order they were added (no decorrelation). Lookup keeps first-match
 * semantics but is indexed: entries whose destination is one host (a /32,
 * as the per-peer entries a hub's dynamic crypto map creates) sit in a hash
 * table by destination, the rest in an ordered list; a lookup scans the
 * list and the one bucket of the packet's destination and takes the
 * earlier match. A hub with thousands of peers thus pays per packet for its
 * few general entries, not for every peer.
 *
 * The SPD holds selectors in the outbound direction. For inbound traffic,
 * look up with source and destination swapped, or build the inbound SPD from
 * IpsecSelector::Mirror().
 *
 * When no entry matches, GetDefaultAction() applies. It is BYPASS by
 * default, because that is what an IOS crypto map does with traffic its
 * crypto ACL does not name (it leaves in clear). RFC 4301 section 5 instead
 * discards a packet no entry matches; SetDefaultAction(DISCARD) gives that.
 */
class SecurityPolicyDatabase
{
public:
    /**
     * Append a policy after the existing ones.
     * \param policy the policy; its \c id is ignored and replaced
     * \return the id given to it: 1, 2, 3, ... in order of addition, never
     *         reused after Remove()
     */
    uint32_t Add(IpsecPolicy policy);

    /**
     * Remove a policy; the others keep their order.
     * \param id the id Add() returned
     * \return false when there is no policy with that id
     */
    bool Remove(uint32_t id);

    /**
     * Find the policy for a packet (ports: see IpsecSelector).
     * \return the first policy in order whose selector matches, or nullptr
     *         when none does (then GetDefaultAction() applies). The pointer
     *         is valid until the next Add() or Remove().
     */
    const IpsecPolicy* Lookup(Ipv4Address src, Ipv4Address dst, uint8_t proto, uint16_t sport,
                              uint16_t dport) const;

    /**
     * Find the policy for traffic whose ports are not known yet (a socket
     * asking for a route): the first policy whose addresses and protocol
     * match, whatever its port ranges.
     * \return the policy, or nullptr (valid until the next Add() or Remove())
     */
    const IpsecPolicy* LookupAnyPorts(Ipv4Address src, Ipv4Address dst, uint8_t proto) const;

    /** \return the policies in lookup order. */
    const std::vector<IpsecPolicy>& Policies() const;

    /** Set the action for packets no policy matches. */
    void SetDefaultAction(IpsecPolicyAction action);

    /** \return the action for packets no policy matches (BYPASS unless set). */
    IpsecPolicyAction GetDefaultAction() const;

private:
    /** Rebuild the index from m_policies. */
    void Reindex();
    /** Put the policy at \p position into the index. */
    void Index(std::size_t position);
    /**
     * \return the position of the first policy \p match accepts, or
     *         m_policies.size() when none does
     */
    template<typename Match>
    std::size_t First(Ipv4Address dst, Match match) const;

    std::vector<IpsecPolicy> m_policies; //!< in lookup order
    std::vector<std::size_t> m_general;  //!< positions of non-/32-destination entries, ascending
    std::unordered_map<uint32_t, std::vector<std::size_t>>
        m_byHost;         //!< /32 destination -> positions, ascending
    uint32_t m_nextId{1}; //!< id of the next Add()
    IpsecPolicyAction m_defaultAction{IpsecPolicyAction::BYPASS}; //!< when nothing matches
};

} // namespace ns3

#endif /* IPSEC_NAT_SECURITY_POLICY_DATABASE_H */
