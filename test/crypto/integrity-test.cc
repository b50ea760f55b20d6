/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer tests of HMAC as PRF (full output) and as truncated ESP/AH
// ICV: RFC 2202 (HMAC-MD5, HMAC-SHA1), RFC 4231 (HMAC-SHA-256/384/512) and
// RFC 4868 section 2.7.2 (HMAC-SHA-256-128/384-192/512-256 authenticators).

#include "crypto-test-util.h"

#include "ns3/crypto-registry.h"
#include "ns3/integrity.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/// One HMAC known answer.
struct HmacVector
{
    const char* label; //!< test case name in the RFC
    Bytes key;         //!< key
    Bytes data;        //!< data
    std::string mac;   //!< expected full HMAC output, hex
};

/// \return prf(key, data) as hex, or a failure marker
std::string
PrfHex(HashAlgorithm hash, const Bytes& key, const Bytes& data)
{
    CryptoResult<Bytes> out = Prf::Compute(hash, key, {data});
    if (!out)
    {
        return std::string("error ") + CryptoErrorName(out.GetError());
    }
    return ToHex(*out);
}

/// RFC 2202 section 2, test cases 1-7 for HMAC-MD5.
std::vector<HmacVector>
Rfc2202Md5()
{
    return {
        {"1", Repeat(0x0b, 16), FromAscii("Hi There"), Hex("9294727a3638bb1c13f48ef8158bfc9d")},
        {"2", FromAscii("Jefe"), FromAscii("what do ya want for nothing?"),
         Hex("750c783e6ab0b503eaa86e310a5db738")},
        {"3", Repeat(0xaa, 16), Repeat(0xdd, 50), Hex("56be34521d144c88dbb8c733f0e8b3f6")},
        {"4", FromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50),
         Hex("697eaf0aca3a3aea3a75164746ffaa79")},
        {"5", Repeat(0x0c, 16), FromAscii("Test With Truncation"),
         Hex("56461ef2342edc00f9bab995690efd4c")},
        {"6", Repeat(0xaa, 80), FromAscii("Test Using Larger Than Block-Size Key - Hash Key First"),
         Hex("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd")},
        {"7", Repeat(0xaa, 80),
         FromAscii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
         Hex("6f630fad67cda0ee1fb1f562db3aa53e")},
    };
}

/// RFC 2202 section 3, test cases 1-7 for HMAC-SHA-1.
std::vector<HmacVector>
Rfc2202Sha1()
{
    return {
        {"1", Repeat(0x0b, 20), FromAscii("Hi There"),
         Hex("b617318655057264e28bc0b6fb378c8ef146be00")},
        {"2", FromAscii("Jefe"), FromAscii("what do ya want for nothing?"),
         Hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")},
        {"3", Repeat(0xaa, 20), Repeat(0xdd, 50), Hex("125d7342b9ac11cd91a39af48aa17b4f63f175d3")},
        {"4", FromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50),
         Hex("4c9007f4026250c6bc8414f9bf50c86c2d7235da")},
        {"5", Repeat(0x0c, 20), FromAscii("Test With Truncation"),
         Hex("4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")},
        {"6", Repeat(0xaa, 80), FromAscii("Test Using Larger Than Block-Size Key - Hash Key First"),
         Hex("aa4ae5e15272d00e95705637ce8a3b55ed402112")},
        {"7", Repeat(0xaa, 80),
         FromAscii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
         Hex("e8e99d0f45237d786d6bbaa7965c7808bbff1a91")},
    };
}

/// The keys and data of RFC 4231 section 4, test cases 1-7.
struct Rfc4231Input
{
    Bytes key;  //!< key
    Bytes data; //!< data
};

/// \return the inputs of RFC 4231 test cases 1-7 (index 0 is case 1)
std::vector<Rfc4231Input>
Rfc4231Inputs()
{
    return {
        {Repeat(0x0b, 20), FromHex("4869205468657265")},
        {FromHex("4a656665"), FromHex("7768617420646f2079612077616e7420666f72206e6f7468696e673f")},
        {Repeat(0xaa, 20), Repeat(0xdd, 50)},
        {FromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50)},
        {Repeat(0x0c, 20), FromHex("546573742057697468205472756e636174696f6e")},
        {Repeat(0xaa, 131),
         FromHex("54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65"
                 "204b6579202d2048617368204b6579204669727374")},
        {Repeat(0xaa, 131),
         FromHex("5468697320697320612074657374207573696e672061206c6172676572207468"
                 "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
                 "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
                 "647320746f20626520686173686564206265666f7265206265696e6720757365"
                 "642062792074686520484d414320616c676f726974686d2e")},
    };
}

TEST(Rfc2202, HmacMd5AllTestCases)
{
    for (const HmacVector& v : Rfc2202Md5())
    {
        EXPECT_EQ(PrfHex(HashAlgorithm::MD5, v.key, v.data), v.mac) << "test_case " << v.label;
    }
}

TEST(Rfc2202, HmacSha1AllTestCases)
{
    for (const HmacVector& v : Rfc2202Sha1())
    {
        EXPECT_EQ(PrfHex(HashAlgorithm::SHA1, v.key, v.data), v.mac) << "test_case " << v.label;
    }
}

// RFC 2202 test case 5 gives digest-96; its keys have exactly the ESP key
// lengths (16 octets for RFC 2403, 20 for RFC 2404), so it is a direct
// known answer for the truncated ESP ICVs.
TEST(Rfc2202, TestCase5IsHmacMd596)
{
    auto md5 = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_MD5_96);
    ASSERT_TRUE(md5);
    auto mac = IntegrityMac::Create(*md5, Repeat(0x0c, 16));
    ASSERT_TRUE(mac) << mac.GetError();
    auto icv = mac->Compute(FromAscii("Test With Truncation"));
    ASSERT_TRUE(icv) << icv.GetError();
    EXPECT_EQ(ToHex(*icv), Hex("56461ef2342edc00f9bab995"));
}

TEST(Rfc2202, TestCase5IsHmacSha196)
{
    auto sha1 = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA1_96);
    ASSERT_TRUE(sha1);
    auto mac = IntegrityMac::Create(*sha1, Repeat(0x0c, 20));
    ASSERT_TRUE(mac) << mac.GetError();
    auto icv = mac->Compute(FromAscii("Test With Truncation"));
    ASSERT_TRUE(icv) << icv.GetError();
    EXPECT_EQ(ToHex(*icv), Hex("4c1a03424b55e07fe7f27be1"));
}

TEST(Rfc4231, HmacSha256TestCases1To7)
{
    const std::vector<std::string> expected = {
        Hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Hex("a3b6167473100ee06e0c796c2955552b"), // section 4.6: truncated to 128 bits
        Hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    };
    const auto inputs = Rfc4231Inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        std::string got = PrfHex(HashAlgorithm::SHA2_256, inputs[i].key, inputs[i].data);
        EXPECT_EQ(got.substr(0, expected[i].size()), expected[i]) << "test case " << i + 1;
        EXPECT_EQ(got.size(), 64U) << "test case " << i + 1;
    }
}

TEST(Rfc4231, HmacSha384TestCases1To7)
{
    const std::vector<std::string> expected = {
        Hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
            "faea9ea9076ede7f4af152e8b2fa9cb6"),
        Hex("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
            "8e2240ca5e69e2c78b3239ecfab21649"),
        Hex("88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
            "2a5ab39dc13814b94e3ab6e101a34f27"),
        Hex("3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
            "6801dd23c4a7d679ccf8a386c674cffb"),
        Hex("3abf34c3503b2a23a46efc619baef897"), // truncated to 128 bits
        Hex("4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
            "0c2ef6ab4030fe8296248df163f44952"),
        Hex("6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
            "a678cc31e799176d3860e6110c46523e"),
    };
    const auto inputs = Rfc4231Inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        std::string got = PrfHex(HashAlgorithm::SHA2_384, inputs[i].key, inputs[i].data);
        EXPECT_EQ(got.substr(0, expected[i].size()), expected[i]) << "test case " << i + 1;
        EXPECT_EQ(got.size(), 96U) << "test case " << i + 1;
    }
}

TEST(Rfc4231, HmacSha512TestCases1To7)
{
    const std::vector<std::string> expected = {
        Hex("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
        Hex("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        Hex("fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
            "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
        Hex("b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
            "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
        Hex("415fad6271580a531d4179bc891d87a6"), // truncated to 128 bits
        Hex("80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
            "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
        Hex("e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
            "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
    };
    const auto inputs = Rfc4231Inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        std::string got = PrfHex(HashAlgorithm::SHA2_512, inputs[i].key, inputs[i].data);
        EXPECT_EQ(got.substr(0, expected[i].size()), expected[i]) << "test case " << i + 1;
        EXPECT_EQ(got.size(), 128U) << "test case " << i + 1;
    }
}

/// One RFC 4868 section 2.7.2 authenticator test case.
struct AuthVector
{
    const char* label;         //!< test case name
    IntegrityAlgorithm alg;    //!< algorithm
    Bytes key;                 //!< key (of the ESP key length)
    Bytes data;                //!< data
    std::string fullPrf;       //!< full HMAC output, hex
    std::size_t truncatedSize; //!< ICV length
};

// The key is kept for first use in a fixed buffer: a descriptor whose key is
// longer than that buffer is refused, never truncated.
TEST(IntegrityMac, KeyLongerThanTheRetainedBufferIsRefused)
{
    auto sha512 = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA2_512_256);
    ASSERT_TRUE(sha512);
    IntegrityDescriptor longKey = *sha512;
    longKey.keyOctets = RetainedKey::kMaxOctets + 1;
    EXPECT_EQ(IntegrityMac::Create(longKey, Repeat(0x0b, longKey.keyOctets)).GetError(),
              CryptoError::INVALID_KEY_LENGTH);
    EXPECT_TRUE(IntegrityMac::Create(*sha512, Repeat(0x0b, sha512->keyOctets)));
}

// The HMAC context is keyed on first use; a moved-from object holds no key
// and fails cleanly (RFC 2202 test case 5's key and data).
TEST(IntegrityMac, MovedFromObjectFails)
{
    auto sha1 = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA1_96);
    ASSERT_TRUE(sha1);
    auto created = IntegrityMac::Create(*sha1, Repeat(0x0c, 20));
    ASSERT_TRUE(created);
    IntegrityMac& source = created.Value();
    IntegrityMac moved = std::move(source);
    const Bytes data = FromAscii("Test With Truncation");
    uint8_t icv[12];
    EXPECT_EQ(source.Compute({data}, icv, 12), // NOLINT(bugprone-use-after-move)
              CryptoError::OPENSSL_FAILURE);
    ASSERT_EQ(moved.Compute({data}, icv, 12), CryptoError::OK);
    EXPECT_EQ(ToHex(ByteView(icv, 12)), Hex("4c1a03424b55e07fe7f27be1"));
}

TEST(Rfc4868, AuthenticatorTestCases)
{
    const std::vector<AuthVector> vectors = {
        {"AUTH256-1", IntegrityAlgorithm::HMAC_SHA2_256_128, Repeat(0x0b, 32),
         FromAscii("Hi There"),
         Hex("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7"), 16},
        {"AUTH256-2", IntegrityAlgorithm::HMAC_SHA2_256_128,
         FromHex("4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665"),
         FromHex("7768617420646f2079612077616e7420666f72206e6f7468696e673f"),
         Hex("167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6"), 16},
        {"AUTH256-3", IntegrityAlgorithm::HMAC_SHA2_256_128, Repeat(0xaa, 32), Repeat(0xdd, 50),
         Hex("cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0"), 16},
        {"AUTH256-4", IntegrityAlgorithm::HMAC_SHA2_256_128,
         FromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"),
         Repeat(0xcd, 50), Hex("372efcf9b40b35c2115b1346903d2ef42fced46f0846e7257bb156d3d7b30d3f"),
         16},
        {"AUTH384-1", IntegrityAlgorithm::HMAC_SHA2_384_192, Repeat(0x0b, 48),
         FromAscii("Hi There"),
         Hex("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee9737a959796489bddbc"
             "4c5df61d5b3297b4fb68dab9f1b582c2"),
         24},
        {"AUTH512-1", IntegrityAlgorithm::HMAC_SHA2_512_256, Repeat(0x0b, 64),
         FromAscii("Hi There"),
         Hex("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"
             "ac2878ebd5803f6f0b61dbce5e251ff8789a4722c1be65aea45fd464e89f8f5b"),
         32},
        {"AUTH512-2", IntegrityAlgorithm::HMAC_SHA2_512_256,
         FromAscii("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
         FromAscii("what do ya want for nothing?"),
         Hex("cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"
             "6aa334ae9fb9afc2184932d8695e397bfa0ffb93466cfcceaae38c833b7dba38"),
         32},
    };
    for (const AuthVector& v : vectors)
    {
        auto d = GetIntegrityDescriptor(v.alg);
        ASSERT_TRUE(d);
        ASSERT_EQ(d->icvOctets, v.truncatedSize) << v.label;
        ASSERT_EQ(d->keyOctets, v.key.size()) << v.label;

        // Full output through the PRF interface.
        EXPECT_EQ(PrfHex(d->hash, v.key, v.data), v.fullPrf) << v.label;

        // Truncated ICV: the leftmost octets (RFC 4868 section 2).
        auto mac = IntegrityMac::Create(*d, v.key);
        ASSERT_TRUE(mac) << v.label << ": " << mac.GetError();
        auto icv = mac->Compute(v.data);
        ASSERT_TRUE(icv) << v.label;
        EXPECT_EQ(ToHex(*icv), v.fullPrf.substr(0, 2 * v.truncatedSize)) << v.label;
        EXPECT_EQ(mac->Verify(v.data, *icv), CryptoError::OK) << v.label;
    }
}

TEST(IntegrityMac, ContextIsReusedAcrossPackets)
{
    // Keyed once, used many times: every packet must give the same ICV as a
    // freshly keyed object (the per-packet re-initialisation must not carry
    // state over).
    auto d = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA1_96);
    ASSERT_TRUE(d);
    const Bytes key = Repeat(0x0c, 20);
    auto reused = IntegrityMac::Create(*d, key);
    ASSERT_TRUE(reused);
    for (int i = 0; i < 3; ++i)
    {
        auto a = reused->Compute(FromAscii("Test With Truncation"));
        ASSERT_TRUE(a);
        EXPECT_EQ(ToHex(*a), Hex("4c1a03424b55e07fe7f27be1")) << "packet " << i;
        auto other = reused->Compute(FromAscii("something else"));
        ASSERT_TRUE(other);
    }
}

TEST(IntegrityMac, SegmentsAreConcatenated)
{
    // ESP with ESN covers SPI..Next Header, then the high ESN octets
    // (RFC 4303 section 2.8): the segmented form must equal one buffer.
    auto d = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_MD5_96);
    ASSERT_TRUE(d);
    auto mac = IntegrityMac::Create(*d, Repeat(0x0c, 16));
    ASSERT_TRUE(mac);
    uint8_t icv[12];
    const Bytes a = FromAscii("Test With");
    const Bytes b = FromAscii(" Truncation");
    ASSERT_EQ(mac->Compute({a, ByteView(), b}, icv, sizeof(icv)), CryptoError::OK);
    EXPECT_EQ(ToHex(ByteView(icv, sizeof(icv))), Hex("56461ef2342edc00f9bab995"));
    EXPECT_EQ(mac->Verify({a, b}, ByteView(icv, sizeof(icv))), CryptoError::OK);
}

TEST(IntegrityMac, VerifyRejectsEveryFlippedBitAndWrongLengths)
{
    auto d = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA2_256_128);
    ASSERT_TRUE(d);
    auto mac = IntegrityMac::Create(*d, Repeat(0x0b, 32));
    ASSERT_TRUE(mac);
    const Bytes data = FromAscii("Hi There");
    const Bytes good = FromHex("198a607eb44bfbc69903a0f1cf2bbdc5");
    ASSERT_EQ(mac->Verify(data, good), CryptoError::OK);
    for (std::size_t bit = 0; bit < good.size() * 8; ++bit)
    {
        Bytes bad = good;
        bad[bit / 8] ^= static_cast<uint8_t>(1U << (bit % 8));
        EXPECT_EQ(mac->Verify(data, bad), CryptoError::AUTHENTICATION_FAILED) << "bit " << bit;
    }
    // A truncated or extended ICV is a forgery too, never a crash.
    EXPECT_EQ(mac->Verify(data, Slice(good, 0, 12)), CryptoError::AUTHENTICATION_FAILED);
    EXPECT_EQ(mac->Verify(data, Concat({good, Bytes{0}})), CryptoError::AUTHENTICATION_FAILED);
    EXPECT_EQ(mac->Verify(data, Bytes{}), CryptoError::AUTHENTICATION_FAILED);
    // Modified data.
    EXPECT_EQ(mac->Verify(FromAscii("Hi there"), good), CryptoError::AUTHENTICATION_FAILED);
}

TEST(IntegrityMac, ArgumentErrors)
{
    auto d = GetIntegrityDescriptor(IntegrityAlgorithm::HMAC_SHA2_512_256);
    ASSERT_TRUE(d);
    // RFC 4868 section 2: the key is exactly the hash length.
    EXPECT_EQ(IntegrityMac::Create(*d, Repeat(1, 63)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    EXPECT_EQ(IntegrityMac::Create(*d, Repeat(1, 65)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    EXPECT_EQ(IntegrityMac::Create(*d, ByteView(nullptr, 64)).GetError(),
              CryptoError::INVALID_KEY_LENGTH);
    auto mac = IntegrityMac::Create(*d, Repeat(1, 64));
    ASSERT_TRUE(mac);
    uint8_t icv[64];
    EXPECT_EQ(mac->Compute(Bytes{1, 2, 3}, icv, 31), CryptoError::INVALID_ICV_LENGTH);
    EXPECT_EQ(mac->Compute(Bytes{1, 2, 3}, icv, 64), CryptoError::INVALID_ICV_LENGTH);
    EXPECT_EQ(mac->Compute(Bytes{1, 2, 3}, nullptr, 32), CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(mac->Compute(ByteView(nullptr, 3), icv, 32), CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(mac->Compute(ByteView(), icv, 32), CryptoError::OK); // empty data is fine
}

TEST(Prf, KeyedOnceUsedManyTimes)
{
    // IKEv1 keys the PRF once with SKEYID and uses it for SKEYID_d, _a, _e
    // (RFC 2409 section 5): reuse must equal the one-shot form.
    auto prf = Prf::Create(HashAlgorithm::SHA1, FromAscii("Jefe"));
    ASSERT_TRUE(prf);
    EXPECT_EQ(prf->GetOutputSize(), 20U);
    for (int i = 0; i < 3; ++i)
    {
        auto out = prf->Compute({FromAscii("what do ya "), FromAscii("want for nothing?")});
        ASSERT_TRUE(out);
        EXPECT_EQ(ToHex(*out), Hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    }
    uint8_t small[19];
    EXPECT_EQ(prf->Compute({FromAscii("x")}, small, sizeof(small)), CryptoError::INVALID_ARGUMENT);
}

TEST(Prf, EmptyKeyIsAllowed)
{
    // HMAC accepts a zero-length key (RFC 2104 section 2 pads it with
    // zeros); the PRF must not treat it as "keep the previous key".
    auto a = Prf::Compute(HashAlgorithm::SHA2_256, Bytes{}, {FromAscii("abc")});
    auto b = Prf::Compute(HashAlgorithm::SHA2_256, Repeat(0, 64), {FromAscii("abc")});
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(ToHex(*a), ToHex(*b));
}

TEST(Prf, UnknownHashIsRejected)
{
    EXPECT_EQ(Prf::Create(static_cast<HashAlgorithm>(99), Bytes{1}).GetError(),
              CryptoError::UNSUPPORTED_ALGORITHM);
}

} // namespace
} // namespace test
} // namespace ns3
