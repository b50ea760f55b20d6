/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "sa-lifetime.h"

#include <limits>
#include <sstream>

namespace ns3
{

namespace
{
constexpr uint64_t kNoLimit = UINT64_MAX;

/** \return installed + limit, or Time::Max() for no limit (or one past the end of time). */
Time
Deadline(Time installed, Time limit)
{
    if (limit == Time::Max())
    {
        return Time::Max();
    }
    int64_t a = installed.GetTimeStep();
    int64_t b = limit.GetTimeStep();
    if (b > 0 && a > std::numeric_limits<int64_t>::max() - b)
    {
        return Time::Max();
    }
    return Time(a + b);
}

/**
 * Seconds, for messages. The sign is printed apart: converting a negative
 * Time to seconds left-shifts a negative integer in ns-3's int64x64-128.h,
 * undefined behaviour before C++20 (UBSan reports it).
 */
std::string
SecondsText(Time t)
{
    std::ostringstream s;
    int64_t steps = t.GetTimeStep();
    if (steps < 0)
    {
        s << "-";
        steps = steps == std::numeric_limits<int64_t>::min() ? std::numeric_limits<int64_t>::max()
                                                             : -steps;
    }
    s << Time(steps).GetSeconds() << " s";
    return s.str();
}

// The checks append to a plain string, and only on a failure: a valid SA
// (every installation) builds no message at all.
void
CheckTime(std::string& err, const char* which, Time soft, Time hard)
{
    if (soft != Time::Max() && soft <= Time(0))
    {
        err += std::string("soft ") + which + " limit must be positive, not " + SecondsText(soft)
               + "; ";
    }
    if (hard != Time::Max() && hard <= Time(0))
    {
        err += std::string("hard ") + which + " limit must be positive, not " + SecondsText(hard)
               + "; ";
    }
    if (soft != Time::Max() && soft > hard)
    {
        err += std::string("soft ") + which + " limit " + SecondsText(soft) + " is above hard "
               + which + " limit " + SecondsText(hard) + "; ";
    }
}

void
CheckCount(std::string& err, const char* which, uint64_t soft, uint64_t hard)
{
    if (soft == 0)
    {
        err += std::string("soft ") + which + " limit is 0 (UINT64_MAX means no limit); ";
    }
    if (hard == 0)
    {
        err += std::string("hard ") + which + " limit is 0 (UINT64_MAX means no limit); ";
    }
    if (soft != kNoLimit && soft > hard)
    {
        err += std::string("soft ") + which + " limit " + std::to_string(soft) + " is above hard "
               + which + " limit " + std::to_string(hard) + "; ";
    }
}
} // namespace

std::string
SaLifetimeLimits::Validate() const
{
    std::string err;
    CheckTime(err, "time", softTime, hardTime);
    CheckCount(err, "byte", softBytes, hardBytes);
    CheckCount(err, "packet", softPackets, hardPackets);
    if (!err.empty())
    {
        err.resize(err.size() - 2); // drop the last "; "
    }
    return err;
}

std::string
ToString(SaLifetimeEvent event)
{
    switch (event)
    {
        case SaLifetimeEvent::NONE:
            return "none";
        case SaLifetimeEvent::SOFT_EXPIRED:
            return "soft-expired";
        case SaLifetimeEvent::HARD_EXPIRED:
            return "hard-expired";
    }
    return "unknown";
}

SaLifetime::SaLifetime(SaLifetimeLimits limits, Time installed)
    : m_limits(limits)
    , m_installed(installed)
    , m_softDeadline(Deadline(installed, limits.softTime))
    , m_hardDeadline(Deadline(installed, limits.hardTime))
{
}

bool
SaLifetime::BreaksHardLimit(uint64_t packetBytes, Time now) const
{
    if (m_hardDeadline != Time::Max() && now >= m_hardDeadline)
    {
        return true;
    }
    if (m_limits.hardPackets != kNoLimit && m_packets >= m_limits.hardPackets)
    {
        return true; // this would be packet hardPackets + 1
    }
    // m_bytes <= hardBytes always holds for an enabled limit, so no underflow.
    return m_limits.hardBytes != kNoLimit && packetBytes > m_limits.hardBytes - m_bytes;
}

bool
SaLifetime::ReachesSoftLimit(Time now) const
{
    return (m_softDeadline != Time::Max() && now >= m_softDeadline)
           || (m_limits.softPackets != kNoLimit && m_packets >= m_limits.softPackets)
           || (m_limits.softBytes != kNoLimit && m_bytes >= m_limits.softBytes);
}

void
SaLifetime::ExpireHard()
{
    m_hardExpired = true;
    m_softExpired = true;
}

SaLifetimeEvent
SaLifetime::OnPacket(uint64_t bytes, Time now)
{
    if (m_hardExpired)
    {
        return SaLifetimeEvent::HARD_EXPIRED; // RFC 4301 4.4.2.1: must not be used any more
    }
    if (BreaksHardLimit(bytes, now))
    {
        ExpireHard();
        return SaLifetimeEvent::HARD_EXPIRED;
    }
    // Saturating counters: without a limit they may run as long as they like.
    m_bytes = bytes > kNoLimit - m_bytes ? kNoLimit : m_bytes + bytes;
    m_packets = m_packets == kNoLimit ? kNoLimit : m_packets + 1;
    if (!m_softExpired && ReachesSoftLimit(now))
    {
        m_softExpired = true;
        return SaLifetimeEvent::SOFT_EXPIRED;
    }
    return SaLifetimeEvent::NONE;
}

SaLifetimeEvent
SaLifetime::OnTime(Time now)
{
    if (m_hardExpired)
    {
        return SaLifetimeEvent::NONE; // reported already
    }
    if (m_hardDeadline != Time::Max() && now >= m_hardDeadline)
    {
        ExpireHard();
        return SaLifetimeEvent::HARD_EXPIRED;
    }
    if (!m_softExpired && m_softDeadline != Time::Max() && now >= m_softDeadline)
    {
        m_softExpired = true;
        return SaLifetimeEvent::SOFT_EXPIRED;
    }
    return SaLifetimeEvent::NONE;
}

Time
SaLifetime::NextTimeEvent() const
{
    if (m_hardExpired)
    {
        return Time::Max();
    }
    if (!m_softExpired && m_softDeadline < m_hardDeadline)
    {
        return m_softDeadline;
    }
    return m_hardDeadline;
}

bool
SaLifetime::IsSoftExpired() const
{
    return m_softExpired;
}

bool
SaLifetime::IsHardExpired() const
{
    return m_hardExpired;
}

uint64_t
SaLifetime::GetBytes() const
{
    return m_bytes;
}

uint64_t
SaLifetime::GetPackets() const
{
    return m_packets;
}

Time
SaLifetime::GetInstalled() const
{
    return m_installed;
}

const SaLifetimeLimits&
SaLifetime::GetLimits() const
{
    return m_limits;
}

} // namespace ns3
