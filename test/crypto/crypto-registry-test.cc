/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Lookups of algorithms by the numbers IKE puts on the wire and by the
// names of configurations; numbers as in the IANA IKE registries (see
// crypto-registry.h).

#include "crypto-test-util.h"

#include "ns3/aead.h"
#include "ns3/cipher.h"
#include "ns3/crypto-registry.h"
#include "ns3/integrity.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ns3
{
namespace test
{
namespace
{

TEST(CryptoRegistry, EspTransformWithKeyLength)
{
    // "ESP transform 12 key length 128": AES-CBC-128 (RFC 3602 section 5).
    auto aes128 = FindEncryptionByEspTransform(12, 128);
    ASSERT_TRUE(aes128);
    EXPECT_EQ(aes128->algorithm, EncryptionAlgorithm::AES_CBC);
    EXPECT_STREQ(aes128->name, "aes-cbc-128");
    EXPECT_EQ(aes128->keyOctets, 16U);
    EXPECT_EQ(aes128->blockOctets, 16U);
    EXPECT_EQ(aes128->ivOctets, 16U);
    EXPECT_EQ(aes128->icvOctets, 0U);
    EXPECT_FALSE(aes128->IsAead());

    auto aes256 = FindEncryptionByEspTransform(12, 256);
    ASSERT_TRUE(aes256);
    EXPECT_EQ(aes256->keyOctets, 32U);

    // AES-GCM-16 (ESP 20): 4-octet salt, 8-octet IV, 16-octet ICV (RFC 4106).
    auto gcm = FindEncryptionByEspTransform(20, 256);
    ASSERT_TRUE(gcm);
    EXPECT_EQ(gcm->algorithm, EncryptionAlgorithm::AES_GCM_16);
    EXPECT_EQ(gcm->keyOctets, 32U);
    EXPECT_EQ(gcm->saltOctets, 4U);
    EXPECT_EQ(gcm->KeyMaterialOctets(), 36U);
    EXPECT_EQ(gcm->ivOctets, 8U);
    EXPECT_EQ(gcm->icvOctets, 16U);
    EXPECT_TRUE(gcm->IsAead());
    EXPECT_EQ(FindEncryptionByEspTransform(18, 128)->icvOctets, 8U);
    EXPECT_EQ(FindEncryptionByEspTransform(19, 192)->icvOctets, 12U);

    // Fixed-length ciphers: no Key Length attribute.
    auto des = FindEncryptionByEspTransform(2);
    ASSERT_TRUE(des);
    EXPECT_EQ(des->algorithm, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(des->keyOctets, 8U);
    EXPECT_EQ(des->ivOctets, 8U);
    auto tdes = FindEncryptionByEspTransform(3);
    ASSERT_TRUE(tdes);
    EXPECT_EQ(tdes->keyOctets, 24U);
    auto null = FindEncryptionByEspTransform(11);
    ASSERT_TRUE(null);
    EXPECT_EQ(null->algorithm, EncryptionAlgorithm::NULL_ENCRYPTION);
    EXPECT_EQ(null->blockOctets, 1U);
}

TEST(CryptoRegistry, InvalidEspTransforms)
{
    EXPECT_FALSE(FindEncryptionByEspTransform(12));      // AES needs a key length
    EXPECT_FALSE(FindEncryptionByEspTransform(12, 64));  // not an AES key length
    EXPECT_FALSE(FindEncryptionByEspTransform(12, 512)); // not an AES key length
    EXPECT_FALSE(FindEncryptionByEspTransform(20));      // GCM needs a key length
    EXPECT_FALSE(FindEncryptionByEspTransform(3, 192));  // 3DES must not carry one
    EXPECT_FALSE(FindEncryptionByEspTransform(0));
    EXPECT_FALSE(FindEncryptionByEspTransform(1));  // DES-IV64: not implemented
    EXPECT_FALSE(FindEncryptionByEspTransform(13)); // AES-CTR: not implemented
    EXPECT_FALSE(FindEncryptionByEspTransform(17)); // unassigned
    EXPECT_FALSE(FindEncryptionByEspTransform(65535, 128));
}

TEST(CryptoRegistry, IkePhase1Encryption)
{
    // RFC 2409 appendix A: 1 DES-CBC, 5 3DES-CBC, 7 AES-CBC (RFC 3602).
    EXPECT_EQ(FindEncryptionByIkeAttribute(1)->algorithm, EncryptionAlgorithm::DES_CBC);
    EXPECT_EQ(FindEncryptionByIkeAttribute(5)->algorithm, EncryptionAlgorithm::TRIPLE_DES_CBC);
    auto aes = FindEncryptionByIkeAttribute(7, 192);
    ASSERT_TRUE(aes);
    EXPECT_EQ(aes->algorithm, EncryptionAlgorithm::AES_CBC);
    EXPECT_EQ(aes->keyOctets, 24U);
    EXPECT_FALSE(FindEncryptionByIkeAttribute(7));
    EXPECT_FALSE(FindEncryptionByIkeAttribute(0));
    EXPECT_FALSE(FindEncryptionByIkeAttribute(2));      // IDEA
    EXPECT_FALSE(FindEncryptionByIkeAttribute(8, 128)); // Camellia
}

TEST(CryptoRegistry, EncryptionNames)
{
    struct Case
    {
        const char* name;
        EncryptionAlgorithm algorithm;
        uint16_t bits;
    };

    const Case cases[] = {
        {"esp-aes 256", EncryptionAlgorithm::AES_CBC, 256},
        {"ESP-AES   256", EncryptionAlgorithm::AES_CBC, 256},
        {"  esp-aes 192 ", EncryptionAlgorithm::AES_CBC, 192},
        {"esp-aes", EncryptionAlgorithm::AES_CBC, 128},
        {"aes", EncryptionAlgorithm::AES_CBC, 128},
        {"aes 256", EncryptionAlgorithm::AES_CBC, 256},
        {"aes256", EncryptionAlgorithm::AES_CBC, 256},
        {"aes-cbc-128", EncryptionAlgorithm::AES_CBC, 128},
        {"esp-gcm", EncryptionAlgorithm::AES_GCM_16, 128},
        {"esp-gcm 256", EncryptionAlgorithm::AES_GCM_16, 256},
        {"aes128gcm16", EncryptionAlgorithm::AES_GCM_16, 128},
        {"aes256gcm128", EncryptionAlgorithm::AES_GCM_16, 256},
        {"aes128gcm8", EncryptionAlgorithm::AES_GCM_8, 128},
        {"aes-gcm12-192", EncryptionAlgorithm::AES_GCM_12, 192},
        {"esp-3des", EncryptionAlgorithm::TRIPLE_DES_CBC, 0},
        {"3des", EncryptionAlgorithm::TRIPLE_DES_CBC, 0},
        {"esp-des", EncryptionAlgorithm::DES_CBC, 0},
        {"des", EncryptionAlgorithm::DES_CBC, 0},
        {"esp-null", EncryptionAlgorithm::NULL_ENCRYPTION, 0},
    };
    for (const Case& c : cases)
    {
        auto d = FindEncryptionByName(c.name);
        ASSERT_TRUE(d) << c.name;
        EXPECT_EQ(d->algorithm, c.algorithm) << c.name;
        EXPECT_EQ(d->keyLengthBits, c.bits) << c.name;
    }
    for (const char* bad : {"", " ", "aes 512", "esp-aes256x", "blowfish", "esp-aes 2 56",
                            "esp-seal", "aes-ctr", "chacha20poly1305"})
    {
        EXPECT_FALSE(FindEncryptionByName(bad)) << "'" << bad << "'";
    }
}

TEST(CryptoRegistry, IntegrityNumbersAndNames)
{
    // IPsec DOI auth algorithm (SA attribute 5), AH transform, IKEv2 ID.
    struct Case
    {
        uint16_t espAuth, ah, ikev2;
        IntegrityAlgorithm algorithm;
        std::size_t key, icv;
    };

    const Case cases[] = {
        {1, 2, 1, IntegrityAlgorithm::HMAC_MD5_96, 16, 12},
        {2, 3, 2, IntegrityAlgorithm::HMAC_SHA1_96, 20, 12},
        {5, 5, 12, IntegrityAlgorithm::HMAC_SHA2_256_128, 32, 16},
        {6, 6, 13, IntegrityAlgorithm::HMAC_SHA2_384_192, 48, 24},
        {7, 7, 14, IntegrityAlgorithm::HMAC_SHA2_512_256, 64, 32},
    };
    for (const Case& c : cases)
    {
        auto a = FindIntegrityByEspAuthAlgorithm(c.espAuth);
        auto b = FindIntegrityByAhTransform(c.ah);
        auto d = FindIntegrityByIkev2Id(c.ikev2);
        ASSERT_TRUE(a && b && d) << c.espAuth;
        EXPECT_EQ(a->algorithm, c.algorithm);
        EXPECT_EQ(b->algorithm, c.algorithm);
        EXPECT_EQ(d->algorithm, c.algorithm);
        EXPECT_EQ(a->keyOctets, c.key);
        EXPECT_EQ(a->icvOctets, c.icv);
    }
    EXPECT_FALSE(FindIntegrityByEspAuthAlgorithm(0));
    EXPECT_FALSE(FindIntegrityByEspAuthAlgorithm(3)); // DES-MAC
    EXPECT_FALSE(FindIntegrityByEspAuthAlgorithm(9)); // AES-XCBC-MAC
    EXPECT_FALSE(FindIntegrityByAhTransform(1));
    EXPECT_FALSE(FindIntegrityByAhTransform(4));
    EXPECT_FALSE(FindIntegrityByIkev2Id(5)); // AUTH_AES_XCBC_96
    EXPECT_FALSE(FindIntegrityByIkev2Id(65535));

    EXPECT_EQ(FindIntegrityByName("esp-sha-hmac")->algorithm, IntegrityAlgorithm::HMAC_SHA1_96);
    EXPECT_EQ(FindIntegrityByName("esp-md5-hmac")->algorithm, IntegrityAlgorithm::HMAC_MD5_96);
    EXPECT_EQ(FindIntegrityByName("ESP-SHA256-HMAC")->algorithm,
              IntegrityAlgorithm::HMAC_SHA2_256_128);
    EXPECT_EQ(FindIntegrityByName("esp-sha384-hmac")->algorithm,
              IntegrityAlgorithm::HMAC_SHA2_384_192);
    EXPECT_EQ(FindIntegrityByName("sha512")->algorithm, IntegrityAlgorithm::HMAC_SHA2_512_256);
    EXPECT_EQ(FindIntegrityByName("hmac-sha1-96")->algorithm, IntegrityAlgorithm::HMAC_SHA1_96);
    EXPECT_FALSE(FindIntegrityByName("esp-aes-xcbc-mac"));
    EXPECT_FALSE(FindIntegrityByName("sha3"));
    EXPECT_FALSE(FindIntegrityByName(""));
}

TEST(CryptoRegistry, HashNumbersAndNames)
{
    // IKEv1 hash attribute (RFC 2409 appendix A, RFC 4868) and
    // IKEv2 PRF transform IDs.
    struct Case
    {
        uint16_t ike, prf;
        HashAlgorithm algorithm;
        std::size_t out;
        const char* iosWord;
    };

    const Case cases[] = {
        {1, 1, HashAlgorithm::MD5, 16, "md5"},
        {2, 2, HashAlgorithm::SHA1, 20, "sha"},
        {4, 5, HashAlgorithm::SHA2_256, 32, "sha256"},
        {5, 6, HashAlgorithm::SHA2_384, 48, "sha384"},
        {6, 7, HashAlgorithm::SHA2_512, 64, "sha512"},
    };
    for (const Case& c : cases)
    {
        auto a = FindHashByIkeAttribute(c.ike);
        auto b = FindHashByIkev2PrfId(c.prf);
        auto n = FindHashByName(c.iosWord);
        ASSERT_TRUE(a && b && n) << c.iosWord;
        EXPECT_EQ(a->algorithm, c.algorithm);
        EXPECT_EQ(b->algorithm, c.algorithm);
        EXPECT_EQ(n->algorithm, c.algorithm);
        EXPECT_EQ(a->outputOctets, c.out);
    }
    EXPECT_FALSE(FindHashByIkeAttribute(0));
    EXPECT_FALSE(FindHashByIkeAttribute(3)); // Tiger
    EXPECT_FALSE(FindHashByIkev2PrfId(4));   // PRF_AES128_XCBC
    EXPECT_FALSE(FindHashByName("tiger"));
}

TEST(CryptoRegistry, DhGroups)
{
    struct Case
    {
        uint16_t number;
        DhGroupKind kind;
        std::size_t publicOctets, secretOctets;
        const char* name;
    };

    const Case cases[] = {
        {1, DhGroupKind::MODP, 96, 96, "modp768"},
        {2, DhGroupKind::MODP, 128, 128, "modp1024"},
        {5, DhGroupKind::MODP, 192, 192, "modp1536"},
        {14, DhGroupKind::MODP, 256, 256, "modp2048"},
        {19, DhGroupKind::ECP, 64, 32, "ecp256"},
        {20, DhGroupKind::ECP, 96, 48, "ecp384"},
        {31, DhGroupKind::CURVE25519, 32, 32, "curve25519"},
    };
    for (const Case& c : cases)
    {
        auto d = FindDhGroup(c.number);
        ASSERT_TRUE(d) << c.number;
        EXPECT_EQ(d->kind, c.kind);
        EXPECT_EQ(d->publicValueOctets, c.publicOctets);
        EXPECT_EQ(d->sharedSecretOctets, c.secretOctets);
        EXPECT_STREQ(d->name, c.name);
        auto byName = FindDhGroupByName(c.name);
        ASSERT_TRUE(byName);
        EXPECT_EQ(byName->number, c.number);
        const std::string ios = "group " + std::to_string(c.number);
        ASSERT_TRUE(FindDhGroupByName(ios)) << ios;
        EXPECT_EQ(FindDhGroupByName(ios)->number, c.number);
    }
    EXPECT_EQ(FindDhGroupByName("Group14")->number, 14);
    EXPECT_EQ(FindDhGroupByName("x25519")->number, 31);
    for (uint16_t bad : {0, 3, 4, 15, 16, 21, 24, 30, 32, 65535})
    {
        EXPECT_FALSE(FindDhGroup(bad)) << bad;
    }
    EXPECT_FALSE(FindDhGroupByName("group 24"));
    EXPECT_FALSE(FindDhGroupByName("modp4096"));
    EXPECT_FALSE(FindDhGroupByName(""));
}

TEST(CryptoRegistry, EveryDescriptorIsUsable)
{
    // Each table row must build its object; catches table/OpenSSL mismatches.
    for (const EncryptionDescriptor& d : AllEncryptionDescriptors())
    {
        const Bytes key(d.KeyMaterialOctets(), 0x5a);
        if (d.IsAead())
        {
            auto a = AeadCipher::Create(d, key);
            EXPECT_TRUE(a) << d.name << ": " << a.GetError();
        }
        else
        {
            auto c = Cipher::Create(d, key);
            EXPECT_TRUE(c) << d.name << ": " << c.GetError();
        }
        auto byName = FindEncryptionByName(d.name);
        ASSERT_TRUE(byName) << d.name;
        EXPECT_EQ(byName->algorithm, d.algorithm);
        EXPECT_EQ(byName->keyLengthBits, d.keyLengthBits);
        auto byNumber = FindEncryptionByEspTransform(d.espTransformId, d.keyLengthBits);
        ASSERT_TRUE(byNumber) << d.name;
        EXPECT_STREQ(byNumber->name, d.name);
    }
    for (const IntegrityDescriptor& d : AllIntegrityDescriptors())
    {
        auto m = IntegrityMac::Create(d, Bytes(d.keyOctets, 1));
        EXPECT_TRUE(m) << d.name << ": " << m.GetError();
        auto byName = FindIntegrityByName(d.name);
        ASSERT_TRUE(byName) << d.name;
        EXPECT_EQ(byName->algorithm, d.algorithm);
    }
    for (const HashDescriptor& d : AllHashDescriptors())
    {
        auto p = Prf::Create(d.algorithm, Bytes{1, 2, 3});
        ASSERT_TRUE(p) << d.name << ": " << p.GetError();
        EXPECT_EQ(p->GetOutputSize(), d.outputOctets);
        auto byName = FindHashByName(d.name);
        ASSERT_TRUE(byName) << d.name;
        EXPECT_EQ(byName->algorithm, d.algorithm);
    }
}

TEST(CryptoRegistry, EnumValuesOutsideTheTablesGiveNullopt)
{
    EXPECT_FALSE(GetEncryptionDescriptor(static_cast<EncryptionAlgorithm>(200), 128));
    EXPECT_FALSE(GetEncryptionDescriptor(EncryptionAlgorithm::AES_CBC, 0));
    EXPECT_FALSE(GetEncryptionDescriptor(EncryptionAlgorithm::DES_CBC, 64));
    EXPECT_FALSE(GetIntegrityDescriptor(static_cast<IntegrityAlgorithm>(200)));
    EXPECT_FALSE(GetHashDescriptor(static_cast<HashAlgorithm>(200)));
}

} // namespace
} // namespace test
} // namespace ns3
