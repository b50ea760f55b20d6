/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of SaLifetimeLimits and SaLifetime.
//
// Reading guide: RFC 4301 section 4.4.2.1, "Lifetime of this SA": time and
// byte limits (packets too, as stacks offer), a soft lifetime that warns
// and a hard lifetime after which the SA must not be used; bytes are those
// the cryptographic algorithm is applied to. The exact rule of this model:
// a soft limit is reached by the packet that brings a counter to it (or at
// the deadline instant) and reported once; a hard limit is the most the SA
// carries, and the packet that does not fit under it is refused, not
// counted, and answered with HARD_EXPIRED.

#include "ns3/sa-lifetime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>

namespace ns3
{
// gtest prints the event by name. Internal linkage, so other test files of
// the same binary may define their own PrintTo.
static void
PrintTo(SaLifetimeEvent event, std::ostream* os)
{
    *os << ToString(event);
}

namespace
{
using Ev = SaLifetimeEvent;

static_assert(!SaLifetime::AcceptsPacketAtHardLimit(),
              "the packet answered with HARD_EXPIRED is never processed");

TEST(SaLifetimeLimitsTest, ValidateAcceptsSensibleLimits)
{
    EXPECT_EQ(SaLifetimeLimits().Validate(), ""); // no limits at all

    SaLifetimeLimits ios; // IOS-like: hard 3600 s / 4608000 KB, soft at 90 % of each
    ios.softTime = Seconds(3240);
    ios.hardTime = Seconds(3600);
    ios.softBytes = 4147200ULL * 1024;
    ios.hardBytes = 4608000ULL * 1024;
    EXPECT_EQ(ios.Validate(), "");

    SaLifetimeLimits equal; // soft equal to hard is allowed
    equal.softTime = equal.hardTime = Seconds(60);
    equal.softBytes = equal.hardBytes = 1000;
    equal.softPackets = equal.hardPackets = 10;
    EXPECT_EQ(equal.Validate(), "");

    SaLifetimeLimits softOnly; // a soft limit without a hard one, and the reverse
    softOnly.softTime = Seconds(10);
    softOnly.hardPackets = 5;
    EXPECT_EQ(softOnly.Validate(), "");
}

TEST(SaLifetimeLimitsTest, ValidateMessages)
{
    SaLifetimeLimits t;
    t.softTime = Seconds(3600);
    t.hardTime = Seconds(1800);
    EXPECT_EQ(t.Validate(), "soft time limit 3600 s is above hard time limit 1800 s");

    SaLifetimeLimits b;
    b.softBytes = 2000;
    b.hardBytes = 1000;
    EXPECT_EQ(b.Validate(), "soft byte limit 2000 is above hard byte limit 1000");

    SaLifetimeLimits p;
    p.softPackets = 11;
    p.hardPackets = 10;
    EXPECT_EQ(p.Validate(), "soft packet limit 11 is above hard packet limit 10");

    SaLifetimeLimits z;
    z.hardBytes = 0;
    EXPECT_EQ(z.Validate(), "hard byte limit is 0 (UINT64_MAX means no limit)");
    z = SaLifetimeLimits();
    z.softPackets = 0;
    EXPECT_EQ(z.Validate(), "soft packet limit is 0 (UINT64_MAX means no limit)");
    z = SaLifetimeLimits();
    z.hardTime = Seconds(0);
    EXPECT_EQ(z.Validate(), "hard time limit must be positive, not 0 s");
    z = SaLifetimeLimits();
    z.softTime = Seconds(-5);
    EXPECT_EQ(z.Validate(), "soft time limit must be positive, not -5 s");

    SaLifetimeLimits many; // every problem is named
    many.softTime = Seconds(20);
    many.hardTime = Seconds(10);
    many.hardPackets = 0;
    EXPECT_EQ(many.Validate(), "soft time limit 20 s is above hard time limit 10 s; "
                               "hard packet limit is 0 (UINT64_MAX means no limit)");
}

TEST(SaLifetimeTest, NoLimits)
{
    SaLifetime l(SaLifetimeLimits(), Seconds(2));
    EXPECT_EQ(l.GetInstalled(), Seconds(2));
    EXPECT_EQ(l.NextTimeEvent(), Time::Max());
    for (int i = 0; i < 1000; ++i)
    {
        ASSERT_EQ(l.OnPacket(1500, Seconds(2 + i)), Ev::NONE);
    }
    EXPECT_EQ(l.OnTime(Seconds(1e9)), Ev::NONE);
    EXPECT_EQ(l.GetPackets(), 1000U);
    EXPECT_EQ(l.GetBytes(), 1500000U);
    EXPECT_FALSE(l.IsSoftExpired());
    EXPECT_FALSE(l.IsHardExpired());
}

TEST(SaLifetimeTest, PacketLimits)
{
    // Soft at the 3rd packet, at most 5 packets: the 6th is refused.
    SaLifetimeLimits lim;
    lim.softPackets = 3;
    lim.hardPackets = 5;
    SaLifetime l(lim, Seconds(0));
    Time now = Seconds(1);
    EXPECT_EQ(l.OnPacket(100, now), Ev::NONE);
    EXPECT_EQ(l.OnPacket(100, now), Ev::NONE);
    EXPECT_FALSE(l.IsSoftExpired());
    EXPECT_EQ(l.OnPacket(100, now), Ev::SOFT_EXPIRED); // packet 3 reaches 3
    EXPECT_TRUE(l.IsSoftExpired());
    EXPECT_EQ(l.OnPacket(100, now), Ev::NONE); // reported once only
    EXPECT_EQ(l.OnPacket(100, now), Ev::NONE); // packet 5: fills the limit, still processed
    EXPECT_EQ(l.GetPackets(), 5U);
    EXPECT_FALSE(l.IsHardExpired());
    EXPECT_EQ(l.OnPacket(100, now), Ev::HARD_EXPIRED); // packet 6: refused
    EXPECT_TRUE(l.IsHardExpired());
    EXPECT_EQ(l.GetPackets(), 5U); // not counted
    EXPECT_EQ(l.GetBytes(), 500U);
    EXPECT_EQ(l.OnPacket(100, now), Ev::HARD_EXPIRED); // every later packet is refused
    EXPECT_EQ(l.GetPackets(), 5U);
    EXPECT_EQ(l.OnTime(now), Ev::NONE); // the event itself is not reported again
}

TEST(SaLifetimeTest, ByteLimitsCrossedMidPacket)
{
    SaLifetimeLimits lim;
    lim.softBytes = 500;
    lim.hardBytes = 1000;
    SaLifetime l(lim, Seconds(0));
    Time now = Seconds(1);
    EXPECT_EQ(l.OnPacket(300, now), Ev::NONE);         // 300
    EXPECT_EQ(l.OnPacket(300, now), Ev::SOFT_EXPIRED); // 600: crosses 500 inside this packet
    EXPECT_EQ(l.OnPacket(300, now), Ev::NONE);         // 900
    EXPECT_EQ(l.OnPacket(300, now), Ev::HARD_EXPIRED); // would be 1200 > 1000: refused
    EXPECT_EQ(l.GetBytes(), 900U);
    EXPECT_EQ(l.GetPackets(), 3U);
    EXPECT_EQ(l.OnPacket(50, now), Ev::HARD_EXPIRED); // would fit, but hard expiry is final
    EXPECT_EQ(l.GetBytes(), 900U);
}

TEST(SaLifetimeTest, ByteLimitsReachedExactly)
{
    SaLifetimeLimits lim;
    lim.softBytes = 600;
    lim.hardBytes = 1000;
    SaLifetime l(lim, Seconds(0));
    Time now = Seconds(1);
    EXPECT_EQ(l.OnPacket(300, now), Ev::NONE);
    EXPECT_EQ(l.OnPacket(300, now), Ev::SOFT_EXPIRED); // exactly 600 reaches the soft limit
    EXPECT_EQ(l.OnPacket(400, now), Ev::NONE);         // exactly 1000: fits, processed
    EXPECT_EQ(l.GetBytes(), 1000U);
    EXPECT_FALSE(l.IsHardExpired());
    EXPECT_EQ(l.OnPacket(1, now), Ev::HARD_EXPIRED); // the next octet does not fit
    EXPECT_EQ(l.GetBytes(), 1000U);
    EXPECT_TRUE(l.IsHardExpired());
}

TEST(SaLifetimeTest, HardSupersedesSoft)
{
    // Soft and hard byte limit equal; packets of 600: the second one is
    // refused and soft expiry is never reported on its own.
    SaLifetimeLimits lim;
    lim.softBytes = 1000;
    lim.hardBytes = 1000;
    SaLifetime l(lim, Seconds(0));
    EXPECT_EQ(l.OnPacket(600, Seconds(1)), Ev::NONE);
    EXPECT_EQ(l.OnPacket(600, Seconds(1)), Ev::HARD_EXPIRED);
    EXPECT_TRUE(l.IsSoftExpired()); // implied
    EXPECT_EQ(l.OnPacket(1, Seconds(1)), Ev::HARD_EXPIRED);

    // Both time limits passed before the first check: only HARD_EXPIRED.
    SaLifetimeLimits t;
    t.softTime = Seconds(10);
    t.hardTime = Seconds(20);
    SaLifetime late(t, Seconds(0));
    EXPECT_EQ(late.OnTime(Seconds(100)), Ev::HARD_EXPIRED);
    EXPECT_TRUE(late.IsSoftExpired());
    EXPECT_EQ(late.OnTime(Seconds(100)), Ev::NONE);
    EXPECT_EQ(late.NextTimeEvent(), Time::Max());
}

TEST(SaLifetimeTest, TimeLimitsAtExactInstants)
{
    // Installed at 5 s; soft after 10 s, hard after 20 s: deadlines 15 s and 25 s.
    SaLifetimeLimits lim;
    lim.softTime = Seconds(10);
    lim.hardTime = Seconds(20);
    SaLifetime l(lim, Seconds(5));
    const Time ns = NanoSeconds(1);

    EXPECT_EQ(l.NextTimeEvent(), Seconds(15));
    EXPECT_EQ(l.OnTime(Seconds(15) - ns), Ev::NONE);
    EXPECT_EQ(l.OnTime(Seconds(15)), Ev::SOFT_EXPIRED);
    EXPECT_EQ(l.OnTime(Seconds(15)), Ev::NONE); // once
    EXPECT_EQ(l.OnTime(Seconds(16)), Ev::NONE);
    EXPECT_EQ(l.NextTimeEvent(), Seconds(25));

    EXPECT_EQ(l.OnPacket(100, Seconds(25) - ns), Ev::NONE); // last instant the SA may be used
    EXPECT_EQ(l.OnTime(Seconds(25) - ns), Ev::NONE);
    EXPECT_FALSE(l.IsHardExpired());
    EXPECT_EQ(l.OnTime(Seconds(25)), Ev::HARD_EXPIRED);
    EXPECT_TRUE(l.IsHardExpired());
    EXPECT_EQ(l.OnTime(Seconds(25)), Ev::NONE); // once
    EXPECT_EQ(l.NextTimeEvent(), Time::Max());
    EXPECT_EQ(l.OnPacket(100, Seconds(25)), Ev::HARD_EXPIRED);
    EXPECT_EQ(l.GetPackets(), 1U);
}

TEST(SaLifetimeTest, PacketsSeeTimeLimitsToo)
{
    SaLifetimeLimits lim;
    lim.softTime = Seconds(10);
    lim.hardTime = Seconds(20);
    SaLifetime l(lim, Seconds(0));
    const Time ns = NanoSeconds(1);
    EXPECT_EQ(l.OnPacket(10, Seconds(10) - ns), Ev::NONE);
    EXPECT_EQ(l.OnPacket(10, Seconds(10)), Ev::SOFT_EXPIRED); // the packet sees the deadline first
    EXPECT_EQ(l.OnTime(Seconds(10)), Ev::NONE); // the timer comes second: already reported
    EXPECT_EQ(l.NextTimeEvent(), Seconds(20));
    EXPECT_EQ(l.OnPacket(10, Seconds(20) - ns), Ev::NONE);
    EXPECT_EQ(l.OnPacket(10, Seconds(20)), Ev::HARD_EXPIRED); // at the deadline: refused
    EXPECT_EQ(l.GetPackets(), 3U);
    EXPECT_EQ(l.OnTime(Seconds(20)), Ev::NONE);
    EXPECT_EQ(l.NextTimeEvent(), Time::Max());
}

TEST(SaLifetimeTest, SoftFiresOnceWhicheverLimitComesFirst)
{
    // The byte limit comes first; the soft time deadline then no longer fires.
    SaLifetimeLimits lim;
    lim.softBytes = 1000;
    lim.softTime = Seconds(10);
    lim.hardTime = Seconds(30);
    SaLifetime l(lim, Seconds(0));
    EXPECT_EQ(l.NextTimeEvent(), Seconds(10));
    EXPECT_EQ(l.OnPacket(999, Seconds(1)), Ev::NONE);
    EXPECT_EQ(l.OnPacket(1, Seconds(2)), Ev::SOFT_EXPIRED);
    EXPECT_EQ(l.NextTimeEvent(), Seconds(30)); // soft deadline no longer pending
    EXPECT_EQ(l.OnTime(Seconds(10)), Ev::NONE);
    EXPECT_EQ(l.OnPacket(5000, Seconds(11)), Ev::NONE);
    EXPECT_EQ(l.OnTime(Seconds(30)), Ev::HARD_EXPIRED);
}

TEST(SaLifetimeTest, NextTimeEvent)
{
    SaLifetimeLimits softOnly;
    softOnly.softTime = Seconds(7);
    SaLifetime a(softOnly, Seconds(1));
    EXPECT_EQ(a.NextTimeEvent(), Seconds(8));
    EXPECT_EQ(a.OnTime(Seconds(8)), Ev::SOFT_EXPIRED);
    EXPECT_EQ(a.NextTimeEvent(), Time::Max());

    SaLifetimeLimits hardOnly;
    hardOnly.hardTime = Seconds(7);
    SaLifetime b(hardOnly, Seconds(1));
    EXPECT_EQ(b.NextTimeEvent(), Seconds(8));
    EXPECT_EQ(b.OnTime(Seconds(8)), Ev::HARD_EXPIRED);
    EXPECT_EQ(b.NextTimeEvent(), Time::Max());

    SaLifetimeLimits same; // equal deadlines: the hard one, which supersedes
    same.softTime = same.hardTime = Seconds(7);
    SaLifetime c(same, Seconds(1));
    EXPECT_EQ(c.NextTimeEvent(), Seconds(8));
    EXPECT_EQ(c.OnTime(Seconds(8)), Ev::HARD_EXPIRED);

    SaLifetimeLimits bytesOnly;
    bytesOnly.hardBytes = 10;
    SaLifetime d(bytesOnly, Seconds(1));
    EXPECT_EQ(d.NextTimeEvent(), Time::Max());
    EXPECT_EQ(d.OnPacket(11, Seconds(2)), Ev::HARD_EXPIRED);
    EXPECT_EQ(d.NextTimeEvent(), Time::Max());

    // A deadline past the end of representable time is no deadline.
    SaLifetimeLimits huge;
    huge.hardTime = Time(std::numeric_limits<int64_t>::max() - 1);
    SaLifetime e(huge, Seconds(1));
    EXPECT_EQ(e.NextTimeEvent(), Time::Max());
    EXPECT_EQ(e.OnTime(Seconds(1e9)), Ev::NONE);
}

TEST(SaLifetimeTest, EventNames)
{
    EXPECT_EQ(ToString(Ev::NONE), "none");
    EXPECT_EQ(ToString(Ev::SOFT_EXPIRED), "soft-expired");
    EXPECT_EQ(ToString(Ev::HARD_EXPIRED), "hard-expired");
}

} // namespace
} // namespace ns3
