/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The CPU cost layer: the cost profile (format, errors, lookups, shipped
 * files) and the queue of jobs on N cores (delays, drops, utilisation).
 */
#include "ns3/cpu-model.h"

#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace
{

const std::vector<EncryptionAlgorithm> kCiphers{
    EncryptionAlgorithm::NULL_ENCRYPTION, EncryptionAlgorithm::DES_CBC,
    EncryptionAlgorithm::TRIPLE_DES_CBC,  EncryptionAlgorithm::AES_CBC,
    EncryptionAlgorithm::AES_GCM_8,       EncryptionAlgorithm::AES_GCM_12,
    EncryptionAlgorithm::AES_GCM_16};
const std::vector<HashAlgorithm> kHashes{HashAlgorithm::MD5, HashAlgorithm::SHA1,
                                         HashAlgorithm::SHA2_256, HashAlgorithm::SHA2_384,
                                         HashAlgorithm::SHA2_512};
const std::vector<IntegrityAlgorithm> kMacs{
    IntegrityAlgorithm::HMAC_MD5_96, IntegrityAlgorithm::HMAC_SHA1_96,
    IntegrityAlgorithm::HMAC_SHA2_256_128, IntegrityAlgorithm::HMAC_SHA2_384_192,
    IntegrityAlgorithm::HMAC_SHA2_512_256};

std::string
ProfilePath(const std::string& name)
{
    return std::string(IPSEC_NAT_SOURCE_DIR) + "/model/cpu/profiles/" + name;
}

CpuCostProfile
MustParse(const std::string& text)
{
    std::string error;
    auto profile = CpuCostProfile::Parse(text, error);
    EXPECT_TRUE(profile.has_value()) << error;
    return profile.value_or(CpuCostProfile::Zero());
}

std::string
ParseError(const std::string& text)
{
    std::string error;
    auto profile = CpuCostProfile::Parse(text, error);
    EXPECT_FALSE(profile.has_value()) << text;
    return error;
}

/// A profile in which every entry has a different value, some below 1 ns.
const char* const kEveryEntry = R"(# every entry
dh-generate 1 1us
dh-generate 2 2us
dh-generate 5 5us
dh-generate 14 800us
dh-generate 19 58.5us
dh-generate 20 1.25ms
dh-generate 31 62.5us
dh-agree 1 11us
dh-agree 2 12us
dh-agree 5 15us
dh-agree 14 0.8ms
dh-agree 19 59us
dh-agree 20 2s
dh-agree 31 63us
prf md5 0.9us
prf sha1 1us
prf sha256 1.2us
prf sha384 1.3us
prf sha512 1.4us
cipher-packet null 50ns
cipher-byte null 0.001ns
cipher-packet des 101ns
cipher-byte des 10ns
cipher-packet 3des 102ns
cipher-byte 3des 28ns
cipher-packet aes-cbc 103ns
cipher-byte aes-cbc 1.6ns
cipher-packet aes-gcm 300ns
cipher-byte aes-gcm 1.4ns
integrity-packet md5 104ns
integrity-byte md5 1.5ns
integrity-packet sha1 105ns
integrity-byte sha1 1.7ns
integrity-packet sha256 106ns
integrity-byte sha256 2.2ns
integrity-packet sha384 107ns
integrity-byte sha384 1.9ns
integrity-packet sha512 108ns
integrity-byte sha512 0.35ns
ike-message 20us
)";

TEST(CpuCostProfile, ZeroCostsNothing)
{
    CpuCostProfile zero = CpuCostProfile::Zero();
    EXPECT_EQ(zero, CpuCostProfile());
    for (uint16_t group : CpuCostProfile::kDhGroups)
    {
        EXPECT_EQ(zero.DhGenerate(group), Time(0)) << group;
        EXPECT_EQ(zero.DhAgree(group), Time(0)) << group;
    }
    for (auto hash : kHashes)
    {
        EXPECT_EQ(zero.Prf(hash), Time(0));
    }
    for (auto cipher : kCiphers)
    {
        EXPECT_EQ(zero.EspPacket(cipher, std::nullopt, 1500), Time(0));
        for (auto mac : kMacs)
        {
            EXPECT_EQ(zero.EspPacket(cipher, mac, 1500), Time(0));
        }
    }
    EXPECT_EQ(zero.IkeMessage(), Time(0));
    EXPECT_EQ(MustParse(zero.Serialize()), zero);
    EXPECT_EQ(MustParse(""), zero);
    EXPECT_EQ(MustParse("# nothing\n\n   \n"), zero);
}

TEST(CpuCostProfile, ParsesTheDocumentedFormat)
{
    CpuCostProfile p = MustParse("# a comment\n"
                                 "\n"
                                 "dh-generate 14 800us   # trailing comment\n"
                                 "  dh-agree\t14   0.8ms\r\n"
                                 "prf sha256 1.2us\n"
                                 "cipher-packet aes-gcm 300ns\n"
                                 "cipher-byte aes-gcm 1.4ns\n"
                                 "integrity-packet sha1 1us\n"
                                 "ike-message 20us\n"
                                 "dh-generate 31 0.000125s"); // no final newline
    EXPECT_EQ(p.DhGenerate(14), MicroSeconds(800));
    EXPECT_EQ(p.DhAgree(14), MicroSeconds(800));
    EXPECT_EQ(p.DhGenerate(31), MicroSeconds(125));
    EXPECT_EQ(p.DhAgree(31), Time(0));
    EXPECT_EQ(p.Prf(HashAlgorithm::SHA2_256), NanoSeconds(1200));
    EXPECT_EQ(p.Prf(HashAlgorithm::SHA1), Time(0));
    EXPECT_EQ(p.IkeMessage(), MicroSeconds(20));
    EXPECT_EQ(p.EspPacket(EncryptionAlgorithm::AES_GCM_16, std::nullopt, 1000),
              NanoSeconds(300 + 1400));
    EXPECT_EQ(p.EspPacket(EncryptionAlgorithm::AES_GCM_16, IntegrityAlgorithm::HMAC_SHA1_96, 0),
              NanoSeconds(1300));
}

TEST(CpuCostProfile, UnitsAreExact)
{
    const std::vector<std::pair<std::string, Time>> cases{
        {"1s", Seconds(1)},
        {"2ms", MilliSeconds(2)},
        {"3us", MicroSeconds(3)},
        {"4ns", NanoSeconds(4)},
        {"0.5us", NanoSeconds(500)},
        {"1.25ms", MicroSeconds(1250)},
        {"0.000001s", MicroSeconds(1)},
        {"7.000ns", NanoSeconds(7)},
        {"0ns", Time(0)},
        {"0.0000ms", Time(0)},
        {"12.5000000ns", NanoSeconds(13)} /* half up */};
    for (const auto& [text, expected] : cases)
    {
        CpuCostProfile p = MustParse("ike-message " + text);
        EXPECT_EQ(p.IkeMessage(), expected) << text;
    }
}

TEST(CpuCostProfile, SerializeRoundTrips)
{
    CpuCostProfile p = MustParse(kEveryEntry);
    EXPECT_NE(p, CpuCostProfile::Zero());
    std::string text = p.Serialize();
    CpuCostProfile back = MustParse(text);
    EXPECT_EQ(back, p);
    EXPECT_EQ(back.Serialize(), text);
    // Each time in the largest unit that shows it exactly.
    EXPECT_NE(text.find("dh-generate 14 800us\n"), std::string::npos) << text;
    EXPECT_NE(text.find("dh-generate 20 1.25ms\n"), std::string::npos) << text;
    EXPECT_NE(text.find("dh-agree 20 2s\n"), std::string::npos) << text;
    EXPECT_NE(text.find("cipher-byte aes-gcm 1.4ns\n"), std::string::npos) << text;
    EXPECT_NE(text.find("cipher-byte null 0.001ns\n"), std::string::npos) << text;
    EXPECT_NE(text.find("cipher-byte 3des 28ns\n"), std::string::npos) << text;
    EXPECT_NE(text.find("integrity-byte sha512 0.35ns\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ike-message 20us\n"), std::string::npos) << text;

    // Every entry is kept apart: changing one value changes the profile.
    for (std::size_t i = 0; i < 41; ++i)
    {
        std::string modified;
        std::istringstream in(text);
        std::string line;
        std::size_t entry = 0;
        while (std::getline(in, line))
        {
            if (!line.empty() && line[0] != '#' && entry++ == i)
            {
                line = line.substr(0, line.rfind(' ')) + " 3s";
            }
            modified += line + "\n";
        }
        ASSERT_EQ(entry, 41U);
        EXPECT_NE(MustParse(modified), p) << i;
    }
}

TEST(CpuCostProfile, EveryErrorNamesLineTextAndWhatIsAllowed)
{
    const std::string keys
        = "(allowed keys: dh-generate, dh-agree, prf, cipher-packet, "
          "cipher-byte, integrity-packet, integrity-byte, ike-message, nat-keepalive)";
    const std::string time = "(expected a non-negative decimal number followed by a unit (ns, "
                             "us, ms or s), with at most picosecond precision, e.g. 800us or "
                             "1.4ns)";
    const std::string prefix = "# header\n\nprf sha1 1us\n"; // bad line is line 4
    const std::vector<std::pair<std::string, std::string>> cases{
        {"dh-generat 14 1us", "line 4: 'dh-generat 14 1us': unknown key 'dh-generat' " + keys},
        {"DH-GENERATE 14 1us", "line 4: 'DH-GENERATE 14 1us': unknown key 'DH-GENERATE' " + keys},
        {"dh-generate 15 1us", "line 4: 'dh-generate 15 1us': unknown Diffie-Hellman group '15' "
                               "(allowed groups: 1, 2, 5, 14, 19, 20, 31)"},
        {"dh-agree modp2048 1us",
         "line 4: 'dh-agree modp2048 1us': unknown Diffie-Hellman group 'modp2048' "
         "(allowed groups: 1, 2, 5, 14, 19, 20, 31)"},
        {"dh-agree 99999999999999999999 1us",
         "line 4: 'dh-agree 99999999999999999999 1us': unknown Diffie-Hellman group "
         "'99999999999999999999' (allowed groups: 1, 2, 5, 14, 19, 20, 31)"},
        {"dh-generate 14", "line 4: 'dh-generate 14': expected 'dh-generate <group> <time>'"},
        {"dh-agree 14 1us 2us",
         "line 4: 'dh-agree 14 1us 2us': expected 'dh-agree <group> <time>'"},
        {"prf sha3 1us",
         "line 4: 'prf sha3 1us': unknown hash 'sha3' (allowed: md5, sha1, sha256, sha384, "
         "sha512)"},
        {"prf 1us", "line 4: 'prf 1us': expected 'prf <hash> <time>'"},
        {"integrity-byte sha2-256 1ns",
         "line 4: 'integrity-byte sha2-256 1ns': unknown hash 'sha2-256' (allowed: md5, sha1, "
         "sha256, sha384, sha512)"},
        {"integrity-packet sha1", "line 4: 'integrity-packet sha1': expected "
                                  "'integrity-packet <mac> <time>'"},
        {"cipher-byte aes 1ns", "line 4: 'cipher-byte aes 1ns': unknown cipher 'aes' (allowed: "
                                "null, des, 3des, aes-cbc, aes-gcm)"},
        {"cipher-packet aes-gcm", "line 4: 'cipher-packet aes-gcm': expected "
                                  "'cipher-packet <cipher> <time>'"},
        {"ike-message", "line 4: 'ike-message': expected 'ike-message <time>'"},
        {"ike-message 1us 2us", "line 4: 'ike-message 1us 2us': expected 'ike-message <time>'"},
        {"ike-message 20", "line 4: 'ike-message 20': bad time '20' " + time},
        {"ike-message 20 us", "line 4: 'ike-message 20 us': expected 'ike-message <time>'"},
        {"ike-message 20sec", "line 4: 'ike-message 20sec': bad time '20sec' " + time},
        {"ike-message 20US", "line 4: 'ike-message 20US': bad time '20US' " + time},
        {"ike-message -1us", "line 4: 'ike-message -1us': bad time '-1us' " + time},
        {"ike-message .5us", "line 4: 'ike-message .5us': bad time '.5us' " + time},
        {"ike-message 5.us", "line 4: 'ike-message 5.us': bad time '5.us' " + time},
        {"ike-message 1e3ns", "line 4: 'ike-message 1e3ns': bad time '1e3ns' " + time},
        {"ike-message 0.0001ns", "line 4: 'ike-message 0.0001ns': bad time '0.0001ns' " + time},
        {"ike-message 99999999999s",
         "line 4: 'ike-message 99999999999s': bad time '99999999999s' " + time},
        {"prf sha1 2us", "line 4: 'prf sha1 2us': 'prf sha1' given again (first on line 3)"},
    };
    for (const auto& [line, message] : cases)
    {
        EXPECT_EQ(ParseError(prefix + line + "\nike-message 1us\n"), message);
    }
    EXPECT_EQ(ParseError("ike-message 1us\nike-message 2us\n"),
              "line 2: 'ike-message 2us': 'ike-message' given again (first on line 1)");
    // The first bad line is reported, with CR stripped from the text.
    EXPECT_EQ(ParseError("bogus 1\r\nbogus 2\r\n"),
              "line 1: 'bogus 1': unknown key 'bogus' " + keys);
}

TEST(CpuCostProfile, EspPacketSumsPerPacketAndPerByteExactly)
{
    CpuCostProfile p = MustParse(kEveryEntry);
    // AES-GCM, no separate integrity: 300 ns + 1.4 ns * 1400 = 2260 ns, for every ICV length.
    for (auto gcm : {EncryptionAlgorithm::AES_GCM_8, EncryptionAlgorithm::AES_GCM_12,
                     EncryptionAlgorithm::AES_GCM_16})
    {
        EXPECT_EQ(p.EspPacket(gcm, std::nullopt, 1400), NanoSeconds(2260));
        EXPECT_EQ(p.EspPacket(gcm, std::nullopt, 0), NanoSeconds(300));
    }
    // AES-CBC + HMAC-SHA1: 103 + 1.6 * 1000 + 105 + 1.7 * 1000 = 3508 ns.
    EXPECT_EQ(p.EspPacket(EncryptionAlgorithm::AES_CBC, IntegrityAlgorithm::HMAC_SHA1_96, 1000),
              NanoSeconds(3508));
    // Every combination: the parts add up, summed in picoseconds.
    const std::vector<int64_t> cipherPacket{50, 101, 102, 103, 300, 300, 300};
    const std::vector<int64_t> cipherBytePs{1, 10000, 28000, 1600, 1400, 1400, 1400};
    const std::vector<int64_t> macPacket{104, 105, 106, 107, 108};
    const std::vector<int64_t> macBytePs{1500, 1700, 2200, 1900, 350};
    for (std::size_t c = 0; c < kCiphers.size(); ++c)
    {
        for (std::size_t m = 0; m < kMacs.size(); ++m)
        {
            for (std::size_t bytes : {0, 1, 1000, 2000, 65535})
            {
                int64_t ps = (cipherPacket[c] + macPacket[m]) * 1000
                             + (cipherBytePs[c] + macBytePs[m]) * static_cast<int64_t>(bytes);
                // Rounded once, half up, to the 1 ns resolution.
                Time expected = NanoSeconds((ps + 500) / 1000);
                EXPECT_EQ(p.EspPacket(kCiphers[c], kMacs[m], bytes), expected)
                    << c << " " << m << " " << bytes;
            }
        }
    }
    // 1392 bytes of AES-CBC + HMAC-SHA1: 103 + 2227.2 + 105 + 2366.4 = 4801.6 ns,
    // rounds to 4802 ns. SHA-512 at 0.35 ns/byte on 1 byte: 103 + 1.6 + 108 + 0.35
    // = 212.95 ns, rounds to 213 ns.
    EXPECT_EQ(p.EspPacket(EncryptionAlgorithm::AES_CBC, IntegrityAlgorithm::HMAC_SHA1_96, 1392),
              NanoSeconds(4802));
    EXPECT_EQ(p.EspPacket(EncryptionAlgorithm::AES_CBC, IntegrityAlgorithm::HMAC_SHA2_512_256, 1),
              NanoSeconds(213));
}

TEST(CpuCostProfile, SettersMatchParsedValues)
{
    CpuCostProfile set;
    set.SetDhGenerate(14, MicroSeconds(800));
    set.SetDhAgree(19, MicroSeconds(59));
    set.SetPrf(HashAlgorithm::SHA2_384, NanoSeconds(1300));
    set.SetCipher(EncryptionAlgorithm::AES_GCM_12, NanoSeconds(300), NanoSeconds(2));
    set.SetIntegrity(IntegrityAlgorithm::HMAC_SHA2_256_128, NanoSeconds(106), NanoSeconds(3));
    set.SetIkeMessage(MicroSeconds(20));
    EXPECT_EQ(set, MustParse("dh-generate 14 800us\ndh-agree 19 59us\nprf sha384 1.3us\n"
                             "cipher-packet aes-gcm 300ns\ncipher-byte aes-gcm 2ns\n"
                             "integrity-packet sha256 106ns\nintegrity-byte sha256 3ns\n"
                             "ike-message 20us\n"));
}

TEST(CpuCostProfileDeathTest, UnknownGroupAborts)
{
    CpuCostProfile p;
    EXPECT_DEATH(p.DhGenerate(15), "Diffie-Hellman group 15");
    EXPECT_DEATH(p.DhAgree(0), "Diffie-Hellman group 0");
}

TEST(CpuCostProfile, LoadReportsThePath)
{
    std::string error;
    EXPECT_FALSE(CpuCostProfile::Load("/nonexistent/x.profile", error));
    EXPECT_EQ(error, "/nonexistent/x.profile: cannot open the file");
}

TEST(CpuCostProfile, ShippedProfilesLoad)
{
    std::string error;
    auto software = CpuCostProfile::Load(ProfilePath("software-x86.profile"), error);
    ASSERT_TRUE(software) << error;
    auto hardware = CpuCostProfile::Load(ProfilePath("hardware-crypto-engine.profile"), error);
    ASSERT_TRUE(hardware) << error;
    EXPECT_EQ(MustParse(software->Serialize()), *software);
    EXPECT_EQ(MustParse(hardware->Serialize()), *hardware);

    // The software profile reproduces its measurements.
    EXPECT_EQ(software->DhGenerate(14) + software->DhAgree(14), MicroSeconds(800));
    EXPECT_EQ(software->DhGenerate(19) + software->DhAgree(19), MicroSeconds(117));
    EXPECT_EQ(software->DhGenerate(31) + software->DhAgree(31), MicroSeconds(125));
    Time gcm = software->EspPacket(EncryptionAlgorithm::AES_GCM_16, std::nullopt, 1400);
    EXPECT_LE(Abs(gcm * 2 - NanoSeconds(1950)), NanoSeconds(10)) << gcm;
    Time cbc
        = software->EspPacket(EncryptionAlgorithm::AES_CBC, IntegrityAlgorithm::HMAC_SHA1_96, 1392);
    EXPECT_LE(Abs(cbc - NanoSeconds(4800)), NanoSeconds(50)) << cbc;
    // Every entry of both profiles is given (no accidental zero cost), except
    // the per-byte cost of NULL encryption.
    for (const auto* p : {&*software, &*hardware})
    {
        for (uint16_t group : CpuCostProfile::kDhGroups)
        {
            EXPECT_GT(p->DhGenerate(group), Time(0)) << group;
            EXPECT_GT(p->DhAgree(group), Time(0)) << group;
        }
        for (auto hash : kHashes)
        {
            EXPECT_GT(p->Prf(hash), Time(0));
        }
        for (auto cipher : kCiphers)
        {
            EXPECT_GT(p->EspPacket(cipher, std::nullopt, 0), Time(0));
        }
        EXPECT_GT(p->IkeMessage(), Time(0));
    }
    // The hardware profile's shape: cheaper bulk crypto, dearer DH.
    EXPECT_LT(hardware->EspPacket(EncryptionAlgorithm::AES_GCM_16, std::nullopt, 1400)
                  - hardware->EspPacket(EncryptionAlgorithm::AES_GCM_16, std::nullopt, 0),
              gcm - software->EspPacket(EncryptionAlgorithm::AES_GCM_16, std::nullopt, 0));
    EXPECT_GT(hardware->DhGenerate(14), software->DhGenerate(14));
}

/// Records what a CpuModel does.
class CpuModelTest : public ::testing::Test
{
protected:
    void TearDown() override
    {
        if (cpu)
        {
            cpu->Dispose();
        }
        cpu = nullptr;
        Simulator::Destroy();
    }

    void Make(uint32_t cores, uint32_t queueLimit = 1000, Time interval = Seconds(1))
    {
        cpu = CreateObject<CpuModel>();
        cpu->SetAttribute("Cores", UintegerValue(cores));
        cpu->SetAttribute("QueueLimit", UintegerValue(queueLimit));
        cpu->SetAttribute("UtilisationInterval", TimeValue(interval));
        cpu->TraceConnectWithoutContext(
            "QueueingDelay", Callback<void, Time>([this](Time t) { delays.push_back(t); }));
        cpu->TraceConnectWithoutContext(
            "Drop", Callback<void, const std::string&, const std::string&>(
                        [this](const std::string& what, const std::string& reason)
                        { drops.emplace_back(what, reason); }));
        cpu->TraceConnectWithoutContext(
            "Utilisation", Callback<void, double>([this](double u)
                                                  { samples.emplace_back(Simulator::Now(), u); }));
    }

    /// Submit a job that records its name and finish time.
    bool Job(Time cost, const std::string& name)
    {
        return cpu->Submit(
            cost, Callback<void>([this, name]() { finished.emplace_back(name, Simulator::Now()); }),
            name);
    }

    Ptr<CpuModel> cpu;
    std::vector<Time> delays;
    std::vector<std::pair<std::string, std::string>> drops;
    std::vector<std::pair<Time, double>> samples;
    std::vector<std::pair<std::string, Time>> finished;
};

TEST_F(CpuModelTest, OneCoreServesInOrder)
{
    Make(1);
    EXPECT_TRUE(Job(MilliSeconds(10), "a"));
    EXPECT_TRUE(Job(MilliSeconds(10), "b"));
    EXPECT_TRUE(Job(MilliSeconds(10), "c"));
    EXPECT_EQ(cpu->GetBusyCores(), 1U);
    EXPECT_EQ(cpu->GetQueueLength(), 2U);
    Simulator::Run();
    const std::vector<std::pair<std::string, Time>> expected{
        {"a", MilliSeconds(10)}, {"b", MilliSeconds(20)}, {"c", MilliSeconds(30)}};
    EXPECT_EQ(finished, expected);
    EXPECT_EQ(delays, (std::vector<Time>{Time(0), MilliSeconds(10), MilliSeconds(20)}));
    EXPECT_EQ(cpu->GetCounters().submitted, 3U);
    EXPECT_EQ(cpu->GetCounters().completed, 3U);
    EXPECT_EQ(cpu->GetCounters().dropped, 0U);
    EXPECT_EQ(cpu->GetBusyTime(), MilliSeconds(30));
}

TEST_F(CpuModelTest, TwoCoresServeTwoAtATime)
{
    Make(2);
    Job(MilliSeconds(10), "a");
    Job(MilliSeconds(10), "b");
    Job(MilliSeconds(10), "c");
    Simulator::Run();
    const std::vector<std::pair<std::string, Time>> expected{
        {"a", MilliSeconds(10)}, {"b", MilliSeconds(10)}, {"c", MilliSeconds(20)}};
    EXPECT_EQ(finished, expected);
    EXPECT_EQ(delays, (std::vector<Time>{Time(0), Time(0), MilliSeconds(10)}));
    EXPECT_EQ(cpu->GetBusyTime(), MilliSeconds(30));
}

TEST_F(CpuModelTest, UtilisationIsTheExactBusyFraction)
{
    Make(1, 1000, MilliSeconds(100));
    Job(MilliSeconds(30), "a");
    Simulator::Run();
    ASSERT_EQ(samples.size(), 1U);
    EXPECT_EQ(samples[0].first, MilliSeconds(100));
    EXPECT_EQ(samples[0].second, 0.3);
    // Sampling stopped once idle, so Run() ended at the sample.
    EXPECT_EQ(Simulator::Now(), MilliSeconds(100));
    EXPECT_EQ(cpu->GetMeanUtilisation(), 0.3);
}

TEST_F(CpuModelTest, UtilisationCountsAllCores)
{
    Make(2, 1000, MilliSeconds(100));
    Job(MilliSeconds(30), "a");
    Simulator::Run();
    ASSERT_EQ(samples.size(), 1U);
    EXPECT_EQ(samples[0].second, 0.15);
    EXPECT_EQ(cpu->GetMeanUtilisation(), 0.15);
}

TEST_F(CpuModelTest, UtilisationSplitsJobsAcrossIntervals)
{
    Make(2, 1000, MilliSeconds(100));
    // Core 1 busy 0..150 ms, core 2 busy 50..250 ms.
    Job(MilliSeconds(150), "long");
    Simulator::Schedule(MilliSeconds(50), [this]() { Job(MilliSeconds(200), "later"); });
    // Idle from 250 ms; a job at 420 ms restarts sampling at 500 ms.
    Simulator::Schedule(MilliSeconds(420), [this]() { Job(MilliSeconds(40), "last"); });
    Simulator::Run();
    const std::vector<std::pair<Time, double>> expected{{MilliSeconds(100), 150.0 / 200},
                                                        {MilliSeconds(200), 150.0 / 200},
                                                        {MilliSeconds(300), 50.0 / 200},
                                                        {MilliSeconds(500), 40.0 / 200}};
    EXPECT_EQ(samples, expected);
    EXPECT_EQ(cpu->GetBusyTime(), MilliSeconds(390));
    EXPECT_EQ(cpu->GetMeanUtilisation(), 390.0 / 1000);
}

TEST_F(CpuModelTest, FullQueueDropsAndTraces)
{
    Make(1, 2);
    bool ranDropped = false;
    EXPECT_TRUE(Job(MilliSeconds(10), "j1"));
    EXPECT_TRUE(Job(MilliSeconds(10), "j2"));
    EXPECT_TRUE(Job(MilliSeconds(10), "j3"));
    EXPECT_FALSE(cpu->Submit(MilliSeconds(10), Callback<void>([&]() { ranDropped = true; }), "j4"));
    EXPECT_EQ(drops, (std::vector<std::pair<std::string, std::string>>{{"j4", "queue-full"}}));
    EXPECT_EQ(cpu->GetCounters().dropped, 1U);
    EXPECT_EQ(cpu->GetCounters().submitted, 3U);
    Simulator::Run();
    EXPECT_FALSE(ranDropped);
    EXPECT_EQ(finished.size(), 3U);
    EXPECT_EQ(cpu->GetCounters().completed, 3U);
    // Room again once the queue drained.
    EXPECT_TRUE(Job(MilliSeconds(1), "j5"));
}

TEST_F(CpuModelTest, ZeroCostJobWaitsItsTurn)
{
    Make(1);
    Job(MilliSeconds(10), "slow");
    Job(Time(0), "free");
    Simulator::Run();
    const std::vector<std::pair<std::string, Time>> expected{{"slow", MilliSeconds(10)},
                                                             {"free", MilliSeconds(10)}};
    EXPECT_EQ(finished, expected);
    EXPECT_EQ(delays, (std::vector<Time>{Time(0), MilliSeconds(10)}));
}

TEST_F(CpuModelTest, CallbackNeverRunsInsideSubmit)
{
    Make(1);
    EXPECT_TRUE(Job(Time(0), "free"));
    EXPECT_TRUE(finished.empty());
    Simulator::Run();
    ASSERT_EQ(finished.size(), 1U);
    EXPECT_EQ(finished[0].second, Time(0));
}

TEST_F(CpuModelTest, JobSubmittedByCallbackQueuesBehindWaitingJobs)
{
    Make(1);
    cpu->Submit(MilliSeconds(10), Callback<void>([this]() { Job(MilliSeconds(1), "child"); }),
                "parent");
    Job(MilliSeconds(5), "waiting");
    Simulator::Run();
    const std::vector<std::pair<std::string, Time>> expected{{"waiting", MilliSeconds(15)},
                                                             {"child", MilliSeconds(16)}};
    EXPECT_EQ(finished, expected);
}

TEST_F(CpuModelTest, AttributesHaveDocumentedDefaults)
{
    Ptr<CpuModel> fresh = CreateObject<CpuModel>();
    UintegerValue cores;
    UintegerValue limit;
    TimeValue interval;
    fresh->GetAttribute("Cores", cores);
    fresh->GetAttribute("QueueLimit", limit);
    fresh->GetAttribute("UtilisationInterval", interval);
    EXPECT_EQ(cores.Get(), 1U);
    EXPECT_EQ(limit.Get(), 1000U);
    EXPECT_EQ(interval.Get(), Seconds(1));
    EXPECT_EQ(fresh->GetMeanUtilisation(), 0.0);
    fresh->Dispose();
}

TEST_F(CpuModelTest, DisposeCancelsPendingWork)
{
    Make(1);
    Job(MilliSeconds(10), "a");
    Job(MilliSeconds(10), "b");
    cpu->Dispose();
    cpu = nullptr;
    Simulator::Run();
    EXPECT_TRUE(finished.empty());
}

} // namespace
} // namespace ns3
