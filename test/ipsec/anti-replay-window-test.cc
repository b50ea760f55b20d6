/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Unit tests of AntiReplayWindow, the receiver's sliding window of RFC 4303
// section 3.4.3 (32-bit sequence numbers, no ESN).
//
// Reading guide: section 3.3.3 (the first packet of an SA carries sequence
// number 1, the counter never cycles), section 3.4.3 (the window: right
// edge = highest verified number, left of it = rejected, inside = rejected
// if already seen; check before the ICV, update after it; minimum size 32,
// default 64).

#include "ns3/anti-replay-window.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <random>
#include <set>
#include <vector>

namespace ns3
{
// gtest prints the verdict by name. Internal linkage, so other test files
// of the same binary may define their own PrintTo.
static void
PrintTo(AntiReplayWindow::Verdict verdict, std::ostream* os)
{
    *os << ToString(verdict);
}

namespace
{
using Verdict = AntiReplayWindow::Verdict;

/// Check, and on OK update: what the receiver does when the ICV is good.
Verdict
Receive(AntiReplayWindow& w, uint32_t seq)
{
    Verdict v = w.Check(seq);
    if (v == Verdict::OK)
    {
        w.Update(seq);
    }
    return v;
}

/// The window as section 3.4.3 states it, with a set instead of a bitmap.
class ReferenceWindow
{
public:
    explicit ReferenceWindow(uint32_t size)
        : m_size(size)
    {
    }

    Verdict Check(uint32_t seq) const
    {
        if (seq == 0)
        {
            return Verdict::ZERO;
        }
        if (seq > m_highest)
        {
            return Verdict::OK;
        }
        if (m_highest - seq >= m_size)
        {
            return Verdict::TOO_OLD;
        }
        return m_seen.count(seq) != 0 ? Verdict::REPLAY : Verdict::OK;
    }

    void Update(uint32_t seq)
    {
        if (Check(seq) != Verdict::OK)
        {
            return;
        }
        m_seen.insert(seq);
        if (seq > m_highest)
        {
            m_highest = seq;
        }
    }

private:
    uint32_t m_size;
    uint32_t m_highest{0};
    std::set<uint32_t> m_seen;
};

TEST(AntiReplayWindowTest, SizeRule)
{
    // Section 3.4.3: at least 32, 64 recommended; here multiples of 32 up to 4096.
    EXPECT_EQ(AntiReplayWindow().GetSize(), 64U);
    for (uint32_t ok : {32U, 64U, 96U, 128U, 1024U, 4064U, 4096U})
    {
        EXPECT_TRUE(AntiReplayWindow::IsValidSize(ok)) << ok;
        auto w = AntiReplayWindow::Create(ok);
        ASSERT_TRUE(w.has_value()) << ok;
        EXPECT_EQ(w->GetSize(), ok);
        EXPECT_EQ(w->GetHighest(), 0U);
    }
    for (uint32_t bad : {0U, 1U, 16U, 31U, 33U, 48U, 63U, 65U, 4095U, 4097U, 4128U, 0xFFFFFFFFU})
    {
        EXPECT_FALSE(AntiReplayWindow::IsValidSize(bad)) << bad;
        EXPECT_FALSE(AntiReplayWindow::Create(bad).has_value()) << bad;
    }
}

TEST(AntiReplayWindowDeathTest, ConstructorRefusesBadSize)
{
    EXPECT_DEATH(AntiReplayWindow w(48), "not a multiple of 32");
}

TEST(AntiReplayWindowTest, SequenceZeroIsNeverValid)
{
    // Section 3.3.3: the first packet sent on an SA carries 1.
    AntiReplayWindow w;
    EXPECT_EQ(w.Check(0), Verdict::ZERO);
    w.Update(0);
    EXPECT_EQ(w.GetHighest(), 0U);
    ASSERT_EQ(Receive(w, 1), Verdict::OK);
    ASSERT_EQ(Receive(w, 200), Verdict::OK);
    EXPECT_EQ(w.Check(0), Verdict::ZERO); // ZERO, not TOO_OLD, whatever the window
}

TEST(AntiReplayWindowTest, CheckDoesNotChangeState)
{
    // Section 3.4.3: the window is updated only after the ICV verified.
    AntiReplayWindow w;
    EXPECT_EQ(w.Check(1000), Verdict::OK);
    EXPECT_EQ(w.Check(1000), Verdict::OK);
    EXPECT_EQ(w.GetHighest(), 0U);
    EXPECT_EQ(w.Check(1), Verdict::OK); // a forged 1000 did not push 1 out
}

TEST(AntiReplayWindowTest, InOrder)
{
    AntiReplayWindow w;
    for (uint32_t seq = 1; seq <= 200; ++seq)
    {
        ASSERT_EQ(Receive(w, seq), Verdict::OK) << seq;
        ASSERT_EQ(w.GetHighest(), seq);
    }
    // Window [137, 200]: all seen; 136 and below are left of it.
    for (uint32_t seq = 137; seq <= 200; ++seq)
    {
        EXPECT_EQ(w.Check(seq), Verdict::REPLAY) << seq;
    }
    for (uint32_t seq = 1; seq <= 136; ++seq)
    {
        EXPECT_EQ(w.Check(seq), Verdict::TOO_OLD) << seq;
    }
    EXPECT_EQ(w.Check(201), Verdict::OK);
}

TEST(AntiReplayWindowTest, Duplicates)
{
    AntiReplayWindow w;
    ASSERT_EQ(Receive(w, 5), Verdict::OK);
    EXPECT_EQ(w.Check(5), Verdict::REPLAY);
    w.Update(5); // a second update of the same number changes nothing
    EXPECT_EQ(w.GetHighest(), 5U);
    EXPECT_EQ(w.Check(5), Verdict::REPLAY);
    ASSERT_EQ(Receive(w, 6), Verdict::OK);
    EXPECT_EQ(w.Check(5), Verdict::REPLAY);
    EXPECT_EQ(w.Check(6), Verdict::REPLAY);
}

TEST(AntiReplayWindowTest, OutOfOrderInsideTheWindow)
{
    AntiReplayWindow w;
    for (uint32_t seq : {10U, 8U, 9U, 3U, 70U, 20U, 7U})
    {
        ASSERT_EQ(Receive(w, seq), Verdict::OK) << seq;
    }
    EXPECT_EQ(w.GetHighest(), 70U); // a late packet never moves the right edge back
    // Window [7, 70].
    for (uint32_t seq : {70U, 20U, 10U, 9U, 8U, 7U})
    {
        EXPECT_EQ(w.Check(seq), Verdict::REPLAY) << seq;
    }
    for (uint32_t seq : {11U, 19U, 21U, 69U})
    {
        EXPECT_EQ(w.Check(seq), Verdict::OK) << seq;
    }
    EXPECT_EQ(w.Check(6), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(3), Verdict::TOO_OLD); // seen, but now left of the window
}

TEST(AntiReplayWindowTest, LeftEdge)
{
    AntiReplayWindow w(64);
    ASSERT_EQ(Receive(w, 100), Verdict::OK);
    // Window [37, 100]: 37 is the leftmost number still inside.
    EXPECT_EQ(w.Check(37), Verdict::OK);
    EXPECT_EQ(w.Check(36), Verdict::TOO_OLD);
    ASSERT_EQ(Receive(w, 37), Verdict::OK);
    EXPECT_EQ(w.Check(37), Verdict::REPLAY);
    w.Update(36); // refused by Check: no effect
    EXPECT_EQ(w.Check(36), Verdict::TOO_OLD);
    ASSERT_EQ(Receive(w, 101), Verdict::OK); // window [38, 101]
    EXPECT_EQ(w.Check(37), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(38), Verdict::OK);
}

TEST(AntiReplayWindowTest, BigJumpSlidesTheWholeWindow)
{
    AntiReplayWindow w(64);
    for (uint32_t seq = 1; seq <= 64; ++seq)
    {
        ASSERT_EQ(Receive(w, seq), Verdict::OK);
    }
    ASSERT_EQ(Receive(w, 1000), Verdict::OK); // window [937, 1000]
    EXPECT_EQ(w.GetHighest(), 1000U);
    EXPECT_EQ(w.Check(1000), Verdict::REPLAY);
    for (uint32_t seq = 937; seq < 1000; ++seq)
    {
        EXPECT_EQ(w.Check(seq), Verdict::OK) << seq; // nothing left over from 1..64
    }
    EXPECT_EQ(w.Check(936), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(64), Verdict::TOO_OLD);

    // A jump of exactly one window: the old right edge falls just out.
    AntiReplayWindow v(64);
    for (uint32_t seq = 1; seq <= 64; ++seq)
    {
        ASSERT_EQ(Receive(v, seq), Verdict::OK);
    }
    ASSERT_EQ(Receive(v, 128), Verdict::OK); // window [65, 128]
    EXPECT_EQ(v.Check(64), Verdict::TOO_OLD);
    for (uint32_t seq = 65; seq < 128; ++seq)
    {
        EXPECT_EQ(v.Check(seq), Verdict::OK) << seq;
    }
}

class AntiReplayWindowSizeTest : public testing::TestWithParam<uint32_t>
{
};

TEST_P(AntiReplayWindowSizeTest, EdgesAndFill)
{
    const uint32_t n = GetParam();
    AntiReplayWindow w(n);
    ASSERT_EQ(Receive(w, n + 10), Verdict::OK); // window [11, n + 10]
    EXPECT_EQ(w.Check(11), Verdict::OK);
    EXPECT_EQ(w.Check(10), Verdict::TOO_OLD);
    for (uint32_t seq = 11; seq < n + 10; ++seq)
    {
        ASSERT_EQ(Receive(w, seq), Verdict::OK) << seq;
    }
    for (uint32_t seq = 11; seq <= n + 10; ++seq)
    {
        ASSERT_EQ(w.Check(seq), Verdict::REPLAY) << seq;
    }
    // Slide by half a window: the left half goes, the right half is new.
    ASSERT_EQ(Receive(w, n + 10 + n / 2), Verdict::OK);
    EXPECT_EQ(w.Check(10 + n / 2), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(11 + n / 2), Verdict::REPLAY);
    EXPECT_EQ(w.Check(n + 11), Verdict::OK);
    EXPECT_EQ(w.Check(n + 9 + n / 2), Verdict::OK);
}

TEST_P(AntiReplayWindowSizeTest, MatchesTheReferenceWindow)
{
    // Random arrivals around a rising right edge: reordering, duplicates,
    // stale packets and jumps of all sizes, against the plain definition.
    const uint32_t n = GetParam();
    AntiReplayWindow w(n);
    ReferenceWindow ref(n);
    std::mt19937 rng(n); // fixed seed: the same run every time
    uint32_t front = 1;
    for (int i = 0; i < 20000; ++i)
    {
        uint32_t r = rng() % 100;
        uint32_t seq;
        if (r < 60)
        {
            seq = front++;
        }
        else if (r < 90)
        {
            seq = front - std::min<uint32_t>(front - 1, rng() % (2 * n + 1)); // late or duplicate
        }
        else if (r < 98)
        {
            front += rng() % (3 * n);
            seq = front;
        }
        else
        {
            front += rng() % 100000; // a long loss burst
            seq = front;
        }
        Verdict expected = ref.Check(seq);
        ASSERT_EQ(w.Check(seq), expected) << "i=" << i << " seq=" << seq;
        if (expected == Verdict::OK && rng() % 10 != 0) // 1 in 10 fails its ICV: no update
        {
            w.Update(seq);
            ref.Update(seq);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, AntiReplayWindowSizeTest,
                         testing::Values(32U, 64U, 96U, 1024U, 4096U));

TEST(AntiReplayWindowTest, HighestSequenceNumber)
{
    // 0xFFFFFFFF is the last number an SA may use (section 3.3.3: no cycling).
    AntiReplayWindow w(64);
    ASSERT_EQ(Receive(w, 0xFFFFFFFFU), Verdict::OK);
    EXPECT_EQ(w.GetHighest(), 0xFFFFFFFFU);
    EXPECT_EQ(w.Check(0xFFFFFFFFU), Verdict::REPLAY);
    EXPECT_EQ(w.Check(0xFFFFFFFFU - 63), Verdict::OK); // left edge
    EXPECT_EQ(w.Check(0xFFFFFFFFU - 64), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(1), Verdict::TOO_OLD);
    EXPECT_EQ(w.Check(0), Verdict::ZERO);
    ASSERT_EQ(Receive(w, 0xFFFFFFFEU), Verdict::OK);
    EXPECT_EQ(w.Check(0xFFFFFFFEU), Verdict::REPLAY);

    // In order up to the top.
    AntiReplayWindow v(32);
    for (uint32_t seq = 0xFFFFFFF0U; seq != 0; ++seq)
    {
        ASSERT_EQ(Receive(v, seq), Verdict::OK) << seq;
    }
    EXPECT_EQ(v.GetHighest(), 0xFFFFFFFFU);
    EXPECT_EQ(v.Check(0xFFFFFFF0U), Verdict::REPLAY);
    EXPECT_EQ(v.Check(0xFFFFFFDFU), Verdict::TOO_OLD);
    EXPECT_EQ(v.Check(0xFFFFFFE0U), Verdict::OK);
}

TEST(AntiReplayWindowTest, VerdictNames)
{
    EXPECT_EQ(ToString(Verdict::OK), "ok");
    EXPECT_EQ(ToString(Verdict::REPLAY), "replay");
    EXPECT_EQ(ToString(Verdict::TOO_OLD), "too-old");
    EXPECT_EQ(ToString(Verdict::ZERO), "zero");
}

} // namespace
} // namespace ns3
