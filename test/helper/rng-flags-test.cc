/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * RngFlags: --seed/--run next to ns-3's own --RngSeed/--RngRun.
 */
#include "ns3/rng-flags.h"
#include "ns3/rng-seed-manager.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// Parse \p args (without the program name) with an RngFlags and apply it.
void
ParseAndApply(std::vector<std::string> args)
{
    args.insert(args.begin(), "example");
    std::vector<char*> argv;
    for (std::string& a : args)
    {
        argv.push_back(a.data());
    }
    CommandLine cmd;
    RngFlags rng;
    rng.AddTo(cmd);
    cmd.Parse(static_cast<int>(argv.size()), argv.data());
    rng.Apply();
}

/**
 * Parse and apply \p args, then expect \p seed and \p run in effect, as
 * RngFlags reports them and as RngSeedManager holds them.
 */
void
ExpectInEffect(std::vector<std::string> args, uint32_t seed, uint64_t run)
{
    ParseAndApply(std::move(args));
    EXPECT_EQ(RngFlags::Seed(), seed);
    EXPECT_EQ(RngFlags::Run(), run);
    EXPECT_EQ(RngSeedManager::GetSeed(), seed);
    EXPECT_EQ(RngSeedManager::GetRun(), run);
}

/// Puts ns-3's seed and run back to their defaults after each test.
class RngFlagsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }

    void TearDown() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }
};

} // namespace

TEST_F(RngFlagsTest, NothingGivenKeepsNs3Defaults)
{
    ExpectInEffect({}, 1, 1);
}

TEST_F(RngFlagsTest, SeedAndRunSetTheRng)
{
    ExpectInEffect({"--seed=7", "--run=12"}, 7, 12);
}

TEST_F(RngFlagsTest, Ns3OwnFlagsStillCount)
{
    // A sweep that passes ns-3's own flags must get the run it asked for,
    // not a silent run 1.
    ExpectInEffect({"--RngSeed=3", "--RngRun=5"}, 3, 5);
}

TEST_F(RngFlagsTest, ShortFlagsWinOverNs3Flags)
{
    ExpectInEffect({"--RngRun=5", "--run=2"}, 1, 2);
    ExpectInEffect({"--run=9", "--RngRun=5", "--RngSeed=4", "--seed=6"}, 6, 9);
}

TEST_F(RngFlagsTest, LargestValuesAccepted)
{
    ExpectInEffect({"--seed=4294967295", "--run=18446744073709551615"}, 4294967295u,
                   18446744073709551615ull);
}

TEST(RngFlagsDeathTest, BadValuesStopWithTheAllowedRange)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(ParseAndApply({"--run=abc"}),
                 "--run='abc' is not allowed: a whole number 0..18446744073709551615");
    EXPECT_DEATH(ParseAndApply({"--run=-1"}), "--run='-1' is not allowed");
    EXPECT_DEATH(ParseAndApply({"--run=18446744073709551616"}),
                 "--run='18446744073709551616' is not allowed");
    EXPECT_DEATH(ParseAndApply({"--seed=0"}),
                 "--seed='0' is not allowed: a whole number 1..4294967295");
    EXPECT_DEATH(ParseAndApply({"--seed=4294967296"}), "--seed='4294967296' is not allowed");
    // An empty value is refused by ns-3's CommandLine itself, with usage.
    EXPECT_EXIT(ParseAndApply({"--seed="}), ::testing::ExitedWithCode(1),
                "Invalid command-line argument: --seed");
}
