/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_SA_LIFETIME_H
#define IPSEC_NAT_SA_LIFETIME_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The lifetime of an SA (RFC 4301 section 4.4.2.1, "Lifetime of this SA"):
 * soft limits, at which a replacement SA should be negotiated, and hard
 * limits, after which the SA must not be used. The RFC names time and byte
 * limits; packet limits are here too, as Linux XFRM and other stacks offer
 * them.
 *
 * Every limit is optional: Time::Max() and UINT64_MAX mean "no limit", and
 * are the defaults. Times count from the installation of the SA. Bytes are
 * the octets the IPsec cryptographic algorithm is applied to (section
 * 4.4.2.1: for ESP the encryption algorithm's input, padding included).
 *
 * See SaLifetime for exactly when a limit is reached.
 */
struct SaLifetimeLimits
{
    Time softTime{Time::Max()};       //!< soft time limit after installation
    Time hardTime{Time::Max()};       //!< hard time limit after installation
    uint64_t softBytes{UINT64_MAX};   //!< soft byte limit
    uint64_t hardBytes{UINT64_MAX};   //!< hard byte limit
    uint64_t softPackets{UINT64_MAX}; //!< soft packet limit
    uint64_t hardPackets{UINT64_MAX}; //!< hard packet limit

    /**
     * \return an empty string when the limits are usable, else a message
     *         naming each problem ("; " between them): a time limit that is
     *         zero or negative, a byte or packet limit of 0, or a soft limit
     *         above its hard limit (a soft limit equal to its hard limit is
     *         allowed; a soft limit with no hard one is too)
     */
    std::string Validate() const;
};

/**
 * \ingroup ipsec-nat
 * What a lifetime check found.
 */
enum class SaLifetimeEvent
{
    NONE,         //!< nothing new
    SOFT_EXPIRED, //!< a soft limit was reached just now: start negotiating a replacement
    HARD_EXPIRED, //!< a hard limit was reached: the SA must not be used any more
};

/** \return "none", "soft-expired" or "hard-expired". */
std::string ToString(SaLifetimeEvent event);

/**
 * \ingroup ipsec-nat
 * The lifetime state of one SA: counters, and which limits have been
 * reached. Pure logic: the caller passes the current time in.
 *
 * Soft limits: a soft limit is reached by the packet after which
 * packets >= softPackets or bytes >= softBytes (a byte limit crossed in the
 * middle of a packet is reached by that packet), or at the instant
 * now >= installed + softTime. SOFT_EXPIRED is reported exactly once, by
 * whichever call (OnPacket() or OnTime()) first sees a soft limit reached;
 * that packet is processed normally.
 *
 * Hard limits are the most the SA may ever carry: at most hardPackets
 * packets and hardBytes octets, and only while now < installed + hardTime
 * (at the deadline instant itself the SA is expired). OnPacket() admits a
 * packet only when it fits under every hard limit. The packet that does not
 * fit (the packet after the hardPackets-th, a packet that would take the
 * byte count above hardBytes, or any packet at or after the hard deadline)
 * is refused: it is NOT counted and must NOT be processed, and OnPacket()
 * returns HARD_EXPIRED. So, from OnPacket(), HARD_EXPIRED always means
 * "drop this packet", and NONE or SOFT_EXPIRED always means "process it".
 * A packet that fills a limit exactly (the hardPackets-th packet, or one
 * that brings the byte count to exactly hardBytes) is admitted; the SA then
 * hard-expires on the next packet or at its hard deadline, whichever comes
 * first.
 *
 * Hard expiry is final and implies soft expiry: a call that reaches a soft
 * and a hard limit at once reports HARD_EXPIRED, and SOFT_EXPIRED is never
 * reported after HARD_EXPIRED. Once hard-expired, every OnPacket() refuses
 * its packet (HARD_EXPIRED again) and OnTime() reports NONE: OnTime()
 * reports each event once. IsHardExpired() before a call tells the first
 * HARD_EXPIRED (the one to act on: delete the SA) from a repeat.
 */
class SaLifetime
{
public:
    /**
     * \param limits limits that SaLifetimeLimits::Validate() accepts
     * \param installed when the SA was installed; time limits count from here
     */
    SaLifetime(SaLifetimeLimits limits, Time installed);

    /**
     * Offer one packet to the SA: admit and count it, or refuse it.
     * \param bytes octets the cryptographic algorithm is applied to
     * \param now the current time (no earlier than the previous call)
     * \return HARD_EXPIRED: refused, not counted, drop it; SOFT_EXPIRED:
     *         counted, process it, and a soft limit was reached just now;
     *         NONE: counted, process it
     */
    SaLifetimeEvent OnPacket(uint64_t bytes, Time now);

    /**
     * Time-based check, for a timer set at NextTimeEvent().
     * \param now the current time
     * \return SOFT_EXPIRED or HARD_EXPIRED when that event happens by \p now
     *         and was not reported before, else NONE
     */
    SaLifetimeEvent OnTime(Time now);

    /**
     * \return the soft or hard time deadline still pending, whichever is
     *         earlier (a soft deadline is pending until soft expiry is
     *         reported, by any limit); Time::Max() when none is
     */
    Time NextTimeEvent() const;

    /**
     * Whether the packet for which OnPacket() returns HARD_EXPIRED is
     * processed: never (the rule in the class description). Stated as a
     * function so callers can write the rule down where they apply it.
     * \return false
     */
    static constexpr bool AcceptsPacketAtHardLimit()
    {
        return false;
    }

    /** \return true once a soft limit (or a hard one) has been reached. */
    bool IsSoftExpired() const;
    /** \return true once a hard limit has been reached: the SA must not be used. */
    bool IsHardExpired() const;
    /** \return octets of the admitted packets. */
    uint64_t GetBytes() const;
    /** \return number of admitted packets. */
    uint64_t GetPackets() const;
    /** \return when the SA was installed. */
    Time GetInstalled() const;
    /** \return the limits. */
    const SaLifetimeLimits& GetLimits() const;

private:
    /** \return true when admitting a packet of \p packetBytes octets at \p now breaks a hard limit.
     */
    bool BreaksHardLimit(uint64_t packetBytes, Time now) const;
    /** \return true when a soft limit is reached with the current counters at \p now. */
    bool ReachesSoftLimit(Time now) const;
    /** Record hard expiry (which implies soft expiry). */
    void ExpireHard();

    SaLifetimeLimits m_limits; //!< the limits
    Time m_installed;          //!< installation time
    Time m_softDeadline;       //!< installed + softTime, Time::Max() for none
    Time m_hardDeadline;       //!< installed + hardTime, Time::Max() for none
    uint64_t m_bytes{0};       //!< octets admitted
    uint64_t m_packets{0};     //!< packets admitted
    bool m_softExpired{false}; //!< soft expiry reported (or implied by hard)
    bool m_hardExpired{false}; //!< hard expiry reported
};

} // namespace ns3

#endif /* IPSEC_NAT_SA_LIFETIME_H */
