/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer tests of AES-GCM as ESP uses it (RFC 4106). RFC 4106 has no
// test vectors; these are the full ESP packets of draft-mcgrew-gcm-test-01
// section 4 ("AES-GCM"): key | salt keying material, SPI and sequence number
// as AAD (12 octets with an extended sequence number), salt | explicit IV as
// nonce, 16-octet ICV. The expected packets are SPI | sequence | IV |
// ciphertext | ICV, byte for byte.

#include "crypto-test-util.h"

#include "ns3/aead.h"
#include "ns3/crypto-registry.h"

#include <openssl/err.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/// One draft-mcgrew-gcm-test-01 ESP packet.
struct GcmEspVector
{
    const char* label;  //!< which test case
    Bytes key;          //!< AES key
    Bytes salt;         //!< first 4 octets of the nonce
    Bytes aad;          //!< SPI | (ESN high |) sequence
    Bytes iv;           //!< explicit IV, last 8 octets of the nonce
    Bytes plaintext;    //!< the protected payload including ESP trailer
    std::string sealed; //!< ciphertext | ICV, hex
    std::string packet; //!< the ESP packet from the SPI on, hex
};

/// \return the vectors of draft-mcgrew-gcm-test-01 section 4 used here
std::vector<GcmEspVector>
DraftMcgrewVectors()
{
    return {
        {"128-bit key, SPI 0000a5f8, seq 0000000a (UDP/DNS)",
         FromHex("feffe9928665731c6d6a8f9467308308"), FromHex("cafebabe"),
         FromHex("0000a5f80000000a"), FromHex("facedbaddecaf888"),
         FromHex("4500003e698f000080114dccc0a80102c0a801010a980035002a2343b2d00100"
                 "0001000000000000037369700963796265726369747902646b00000100010001"),
         Hex("deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c"
             "3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4ec3b9ba95d918bd1"
             "83b70d3aa8bc6ee4c309e9d85a41ad4a"),
         Hex("0000a5f80000000afacedbaddecaf888"
             "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c"
             "3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4ec3b9ba95d918bd1"
             "83b70d3aa8bc6ee4c309e9d85a41ad4a")},
        {"256-bit key, SPI 4a2cbfe3, seq 00000002 (TCP SYN)",
         FromHex("abbccddef00112233445566778899aababbccddef00112233445566778899aab"),
         FromHex("11223344"), FromHex("4a2cbfe300000002"), FromHex("0102030405060708"),
         FromHex("4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
                 "7002400020bf0000020405b40101040201020201"),
         Hex("ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
             "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
             "15956c96"),
         Hex("4a2cbfe3000000020102030405060708"
             "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
             "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
             "15956c96")},
        {"128-bit all-zero key, SPI 00000000, seq 00000001 (ICMP)",
         FromHex("00000000000000000000000000000000"), FromHex("00000000"),
         FromHex("0000000000000001"), FromHex("0000000000000000"),
         FromHex("4500003c99c500008001cb7a40679318010101010800075c0200440061626364"
                 "65666768696a6b6c6d6e6f707172737475767761626364656667686901020201"),
         Hex("4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284"
             "456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3"
             "f821d496eeb096e98ad2b69e4799c71d"),
         Hex("00000000000000010000000000000000"
             "4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284"
             "456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3"
             "f821d496eeb096e98ad2b69e4799c71d")},
        {"128-bit key, ESN 87654321 00000000 (12-octet AAD)",
         FromHex("4c80cdefbb5d10da906ac73c3613a634"), FromHex("2e443b68"),
         FromHex("000043218765432100000000"), FromHex("4956ed7e3b244cfe"),
         FromHex("45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
                 "00000000045f736970045f756470037369700963796265726369747902646b00"
                 "0021000101020201"),
         Hex("fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
             "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
             "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4"),
         // On the wire the sequence field holds the low 32 bits of the ESN.
         Hex("00004321000000004956ed7e3b244cfe"
             "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
             "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
             "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4")},
        {"192-bit key, SPI 0000a5f8, seq 0000000a (TCP)",
         FromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c"), FromHex("cafebabe"),
         FromHex("0000a5f80000000a"), FromHex("facedbaddecaf888"),
         FromHex("45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e"
                 "501016d075680001"),
         Hex("a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
             "315b27452144cc7795457b9652037f5318027b5b4cd7a636"),
         Hex("0000a5f80000000afacedbaddecaf888"
             "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
             "315b27452144cc7795457b9652037f5318027b5b4cd7a636")},
    };
}

/// \return the GCM-16 descriptor for a key length in octets
EncryptionDescriptor
Gcm16(std::size_t keyOctets)
{
    auto d = GetEncryptionDescriptor(EncryptionAlgorithm::AES_GCM_16,
                                     static_cast<uint16_t>(keyOctets * 8));
    EXPECT_TRUE(d.has_value());
    return d.value_or(EncryptionDescriptor{});
}

TEST(DraftMcgrewGcmTest01, EspPacketsAreByteExact)
{
    for (const GcmEspVector& v : DraftMcgrewVectors())
    {
        auto aead = AeadCipher::Create(Gcm16(v.key.size()), Concat({v.key, v.salt}));
        ASSERT_TRUE(aead) << v.label << ": " << aead.GetError();
        auto sealed = aead->Seal(v.iv, v.aad, v.plaintext);
        ASSERT_TRUE(sealed) << v.label << ": " << sealed.GetError();
        EXPECT_EQ(ToHex(*sealed), v.sealed) << v.label;

        // The ESP packet: SPI, low 32 bits of the sequence number, IV,
        // ciphertext, ICV.
        const Bytes spi = Slice(v.aad, 0, 4);
        const Bytes seqLow = Slice(v.aad, v.aad.size() - 4, 4);
        EXPECT_EQ(ToHex(Concat({spi, seqLow, v.iv, *sealed})), v.packet) << v.label;

        auto opened = aead->Open(v.iv, v.aad, *sealed);
        ASSERT_TRUE(opened) << v.label << ": " << opened.GetError();
        EXPECT_EQ(ToHex(*opened), ToHex(v.plaintext)) << v.label;
    }
}

TEST(DraftMcgrewGcmTest01, FlippedIcvBitFailsAndLeaksNoPlaintext)
{
    const GcmEspVector v = DraftMcgrewVectors()[0];
    auto aead = AeadCipher::Create(Gcm16(16), Concat({v.key, v.salt}));
    ASSERT_TRUE(aead);
    const Bytes sealed = FromHex(v.sealed);
    const std::size_t length = sealed.size() - 16;
    for (std::size_t bit = 0; bit < 16 * 8; ++bit)
    {
        Bytes icv = Slice(sealed, length, 16);
        icv[bit / 8] ^= static_cast<uint8_t>(1U << (bit % 8));
        Bytes out(length, 0xee);
        EXPECT_EQ(aead->Open(v.iv, v.aad, sealed.data(), length, icv, out.data()),
                  CryptoError::AUTHENTICATION_FAILED)
            << "bit " << bit;
        EXPECT_EQ(ToHex(out), ToHex(Bytes(length, 0))) << "unverified plaintext left, bit " << bit;
    }
    EXPECT_EQ(ERR_peek_error(), 0UL); // failures are return values only
    // The object still works after failures.
    auto ok = aead->Open(v.iv, v.aad, sealed);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ToHex(*ok), ToHex(v.plaintext));
}

TEST(DraftMcgrewGcmTest01, ChangedAadCiphertextOrIvFails)
{
    const GcmEspVector v = DraftMcgrewVectors()[1];
    auto aead = AeadCipher::Create(Gcm16(32), Concat({v.key, v.salt}));
    ASSERT_TRUE(aead);
    const Bytes sealed = FromHex(v.sealed);

    Bytes aad = v.aad;
    aad[7] ^= 1; // another sequence number
    EXPECT_EQ(aead->Open(v.iv, aad, sealed).GetError(), CryptoError::AUTHENTICATION_FAILED);

    Bytes body = sealed;
    body[0] ^= 0x80;
    EXPECT_EQ(aead->Open(v.iv, v.aad, body).GetError(), CryptoError::AUTHENTICATION_FAILED);

    Bytes iv = v.iv;
    iv[0] ^= 1;
    EXPECT_EQ(aead->Open(iv, v.aad, sealed).GetError(), CryptoError::AUTHENTICATION_FAILED);

    // Truncated packet: fewer octets than an ICV.
    EXPECT_EQ(aead->Open(v.iv, v.aad, Slice(sealed, 0, 15)).GetError(),
              CryptoError::INVALID_INPUT_LENGTH);
}

TEST(AeadCipher, TruncatedIcvsAreTheLeadingTagOctets)
{
    // ESP transforms 18 and 19 carry the first 8 or 12 octets of the GCM tag
    // (RFC 4106 section 6). No published vectors exist for them; they must
    // agree with the 16-octet tag of the same packet.
    const GcmEspVector v = DraftMcgrewVectors()[0];
    const Bytes keyMaterial = Concat({v.key, v.salt});
    const std::string full = v.sealed;
    const std::size_t length = v.plaintext.size();
    for (auto alg : {EncryptionAlgorithm::AES_GCM_8, EncryptionAlgorithm::AES_GCM_12})
    {
        auto d = GetEncryptionDescriptor(alg, 128);
        ASSERT_TRUE(d);
        auto aead = AeadCipher::Create(*d, keyMaterial);
        ASSERT_TRUE(aead);
        auto sealed = aead->Seal(v.iv, v.aad, v.plaintext);
        ASSERT_TRUE(sealed);
        ASSERT_EQ(sealed->size(), length + d->icvOctets);
        EXPECT_EQ(ToHex(*sealed), full.substr(0, 2 * (length + d->icvOctets)));
        auto opened = aead->Open(v.iv, v.aad, *sealed);
        ASSERT_TRUE(opened);
        Bytes bad = *sealed;
        bad.back() ^= 1;
        EXPECT_EQ(aead->Open(v.iv, v.aad, bad).GetError(), CryptoError::AUTHENTICATION_FAILED);
    }
}

TEST(AeadCipher, OneObjectServesManyPacketsAndWorksInPlace)
{
    const auto vectors = DraftMcgrewVectors();
    const GcmEspVector& a = vectors[0];
    auto aead = AeadCipher::Create(Gcm16(16), Concat({a.key, a.salt}));
    ASSERT_TRUE(aead);
    for (int round = 0; round < 3; ++round)
    {
        Bytes buffer = a.plaintext;
        uint8_t icv[16];
        ASSERT_EQ(aead->Seal(a.iv, a.aad, buffer.data(), buffer.size(), buffer.data(), icv, 16),
                  CryptoError::OK);
        EXPECT_EQ(ToHex(Concat({buffer, ByteView(icv, 16)})), a.sealed) << "round " << round;
        ASSERT_EQ(
            aead->Open(a.iv, a.aad, buffer.data(), buffer.size(), ByteView(icv, 16), buffer.data()),
            CryptoError::OK);
        EXPECT_EQ(ToHex(buffer), ToHex(a.plaintext)) << "round " << round;
    }
}

// Each direction is keyed on first use: an object that only ever opens (an
// inbound SA) must open correctly, and a moved-from object fails cleanly.
TEST(AeadCipher, OpenFirstAndMovedFrom)
{
    const auto vectors = DraftMcgrewVectors();
    const GcmEspVector& a = vectors[0];
    auto created = AeadCipher::Create(Gcm16(16), Concat({a.key, a.salt}));
    ASSERT_TRUE(created);
    AeadCipher& source = created.Value();
    AeadCipher inbound = std::move(source);
    Bytes sealed = FromHex(a.sealed);
    ASSERT_GE(sealed.size(), 16U);
    Bytes body(sealed.begin(), sealed.end() - 16);
    Bytes icv(sealed.end() - 16, sealed.end());
    Bytes out(body.size());
    ASSERT_EQ(inbound.Open(a.iv, a.aad, body.data(), body.size(), icv, out.data()),
              CryptoError::OK);
    EXPECT_EQ(ToHex(out), ToHex(a.plaintext));
    uint8_t tag[16];
    EXPECT_EQ(source.Seal(a.iv, a.aad, a.plaintext.data(),
                          a.plaintext.size(), // NOLINT(bugprone-use-after-move)
                          out.data(), tag, 16),
              CryptoError::OPENSSL_FAILURE);
    EXPECT_EQ(source.Open(a.iv, a.aad, body.data(), body.size(), icv, out.data()),
              CryptoError::OPENSSL_FAILURE);
}

TEST(AeadCipher, ArgumentErrors)
{
    auto d = Gcm16(16);
    EXPECT_EQ(d.KeyMaterialOctets(), 20U);
    EXPECT_EQ(AeadCipher::Create(d, Repeat(0, 16)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    EXPECT_EQ(AeadCipher::Create(d, Repeat(0, 21)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    auto cbc = GetEncryptionDescriptor(EncryptionAlgorithm::AES_CBC, 128);
    ASSERT_TRUE(cbc);
    EXPECT_EQ(AeadCipher::Create(*cbc, Repeat(0, 16)).GetError(),
              CryptoError::UNSUPPORTED_ALGORITHM);

    auto aead = AeadCipher::Create(d, Repeat(0, 20));
    ASSERT_TRUE(aead);
    const Bytes aad = Repeat(0, 8);
    EXPECT_EQ(aead->Seal(Repeat(0, 12), aad, Repeat(0, 4)).GetError(),
              CryptoError::INVALID_IV_LENGTH);
    uint8_t out[16];
    uint8_t icv[16];
    EXPECT_EQ(aead->Seal(Repeat(0, 8), aad, out, 4, out, icv, 12), CryptoError::INVALID_ICV_LENGTH);
    EXPECT_EQ(aead->Seal(Repeat(0, 8), aad, out, 4, out, nullptr, 16),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(aead->Seal(Repeat(0, 8), aad, nullptr, 4, out, icv, 16),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(aead->Open(Repeat(0, 8), aad, out, 4, Repeat(0, 8), out),
              CryptoError::INVALID_ICV_LENGTH);
    // Empty payload with only AAD is legal (GMAC-like) and authenticates.
    auto sealed = aead->Seal(Repeat(0, 8), aad, Bytes{});
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->size(), 16U);
    EXPECT_TRUE(aead->Open(Repeat(0, 8), aad, *sealed));
}

} // namespace
} // namespace test
} // namespace ns3
