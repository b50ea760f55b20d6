/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer tests of the CBC ciphers and NULL encryption:
// - RFC 3602 section 4, AES-CBC cases 1-4 (plain CBC) and cases 5-8 (full
//   ESP packets: SPI | sequence | IV | ciphertext, byte-exact);
// - DES-CBC, FIPS 81 appendix C ("Now is the time for all ");
// - 3DES-CBC (DES-EDE3-CBC), the "7654321 Now is the time for " vector of
//   OpenSSL's evptests / Eric Young's destest, which needs no provider
//   beyond "default" but shares the DES code paths.

#include "crypto-test-util.h"

#include "ns3/cipher.h"
#include "ns3/crypto-registry.h"
#include "ns3/openssl-providers.h"

#include <gtest/gtest.h>

#include <string>

namespace ns3
{
namespace test
{
namespace
{

/// \return the AES-CBC descriptor for a key length
EncryptionDescriptor
AesCbc(uint16_t bits)
{
    auto d = GetEncryptionDescriptor(EncryptionAlgorithm::AES_CBC, bits);
    EXPECT_TRUE(d.has_value());
    return d.value_or(EncryptionDescriptor{});
}

/// One plain CBC known answer.
struct CbcVector
{
    const char* label;      //!< where it comes from
    Bytes key;              //!< key
    Bytes iv;               //!< IV
    Bytes plaintext;        //!< plaintext
    std::string ciphertext; //!< expected ciphertext, hex
};

/**
 * Encrypt and decrypt one vector, with a fresh cipher.
 * \param d the algorithm
 * \param v the vector
 */
void
CheckCbc(const EncryptionDescriptor& d, const CbcVector& v)
{
    auto cipher = Cipher::Create(d, v.key);
    ASSERT_TRUE(cipher) << v.label << ": " << cipher.GetError();
    auto ct = cipher->Encrypt(v.iv, v.plaintext);
    ASSERT_TRUE(ct) << v.label << ": " << ct.GetError();
    EXPECT_EQ(ToHex(*ct), v.ciphertext) << v.label;
    auto pt = cipher->Decrypt(v.iv, *ct);
    ASSERT_TRUE(pt) << v.label << ": " << pt.GetError();
    EXPECT_EQ(ToHex(*pt), ToHex(v.plaintext)) << v.label;
}

TEST(Rfc3602, AesCbcCases1To4)
{
    const std::vector<CbcVector> vectors = {
        {"Case #1: 16 bytes", FromHex("06a9214036b8a15b512e03d534120006"),
         FromHex("3dafba429d9eb430b422da802c9fac41"), FromAscii("Single block msg"),
         Hex("e353779c1079aeb82708942dbe77181a")},
        {"Case #2: 32 bytes", FromHex("c286696d887c9aa0611bbb3e2025a45a"),
         FromHex("562e17996d093d28ddb3ba695a2e6f58"),
         FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
         Hex("d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1")},
        {"Case #3: 48 bytes", FromHex("6c3ea0477630ce21a2ce334aa746c2cd"),
         FromHex("c782dc4c098c66cbd9cd27d825682c81"),
         FromAscii("This is a 48-byte message (exactly 3 AES blocks)"),
         Hex("d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
             "021c19216bad525c8579695d83ba2684")},
        {"Case #4: 64 bytes", FromHex("56e47a38c5598974bc46903dba290349"),
         FromHex("8ce82eefbea0da3c44699ed7db51b7d9"),
         FromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                 "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"),
         Hex("c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
             "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55")},
    };
    for (const CbcVector& v : vectors)
    {
        CheckCbc(AesCbc(128), v);
    }
}

/**
 * The ESP plaintext of RFC 4303 section 2.4 with the default padding
 * 1, 2, 3, ... (RFC 4303 section 2.4, RFC 3602 section 4 uses it).
 * \param payload the payload
 * \param blockSize the cipher block size
 * \param nextHeader the Next Header value
 * \return payload | padding | pad length | next header
 */
Bytes
EspPlaintext(const Bytes& payload, std::size_t blockSize, uint8_t nextHeader)
{
    Bytes out = payload;
    std::size_t padLength = (blockSize - (payload.size() + 2) % blockSize) % blockSize;
    for (std::size_t i = 1; i <= padLength; ++i)
    {
        out.push_back(static_cast<uint8_t>(i));
    }
    out.push_back(static_cast<uint8_t>(padLength));
    out.push_back(nextHeader);
    return out;
}

/// One RFC 3602 ESP packet known answer.
struct EspVector
{
    const char* label;  //!< the RFC case
    Bytes key;          //!< AES-128 key
    Bytes spiSeq;       //!< SPI | sequence number
    Bytes iv;           //!< IV
    Bytes payload;      //!< data before padding
    uint8_t nextHeader; //!< 1 ICMP (transport), 4 IPv4 (tunnel)
    std::size_t padLen; //!< the pad length RFC 3602 shows
    std::string packet; //!< expected ESP packet (after the outer IP header), hex
};

// RFC 3602 section 4, cases 5-8. The expected packets start at the SPI;
// the outer IPv4 header of the RFC's "protected packet" is the IP layer's.
TEST(Rfc3602, EspPacketCases5To8)
{
    const Bytes key56 = FromHex("90d382b410eeba7ad938c46cec1a82bf");
    const Bytes key78 = FromHex("0123456789abcdef0123456789abcdef");
    const std::vector<EspVector> vectors = {
        {"Case #5: transport-mode ESP, ping 192.168.123.100", key56, FromHex("00004321 00000001"),
         FromHex("e96e8c08ab465763fd098d45dd3ff893"),
         FromHex("08000ebd a70a0000 8e9c083d b95b0700 08090a0b 0c0d0e0f 10111213 14151617"
                 "18191a1b 1c1d1e1f 20212223 24252627 28292a2b 2c2d2e2f 30313233 34353637"),
         1, 14,
         Hex("00004321 00000001 e96e8c08 ab465763 fd098d45 dd3ff893"
             "f663c25d 325c18c6 a9453e19 4e120849 a4870b66 cc6b9965 330013b4 898dc856"
             "a4699e52 3a55db08 0b59ec3a 8e4b7e52 775b07d1 db34ed9c 538ab50c 551b874a"
             "a269add0 47ad2d59 13ac19b7 cfbad4a6")},
        {"Case #6: transport-mode ESP, ping with all-0x77 data", key56,
         FromHex("00004321 00000008"), FromHex("69d08df7d203329db093fc4924e5bd80"),
         FromHex("0800b5e8a80a0500a69c083d0b660e00777777777777777777777777"), 1, 2,
         Hex("000043210000000869d08df7d203329db093fc4924e5bd80"
             "f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75")},
        {"Case #7: tunnel-mode ESP, ping 192.168.123.200", key78, FromHex("00008765 00000002"),
         FromHex("f4e765244f6407adf13dc1380f673f37"),
         FromHex("45000054 09040000 4001f988 c0a87b03 c0a87bc8 08009f76 a90a0100 b49c083d"
                 "02a20400 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f 20212223"
                 "24252627 28292a2b 2c2d2e2f 30313233 34353637"),
         4, 10,
         Hex("00008765 00000002 f4e76524 4f6407ad f13dc138 0f673f37"
             "773b5241 a4c44922 5e4f3ce5 ed611b0c 237ca96c f74a9301 3c1b0ea1 a0cf70f8"
             "e4ecaec7 8ac53aad 7a0f022b 859243c6 47752e94 a859352b 8a4d4d2d ecd136e5"
             "c177f132 ad3fbfb2 201ac990 4c74ee0a 109e0ca1 e4dfe9d5 a100b842 f1c22f0d")},
        {"Case #8: tunnel-mode ESP, ping with all-0xff data", key78, FromHex("00008765 00000005"),
         FromHex("85d47224b5f3dd5d2101d4ea8dffab22"),
         FromHex("45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083d"
                 "a3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                 "ffffffff"),
         4, 10,
         Hex("000087650000000585d47224b5f3dd5d2101d4ea8dffab22"
             "15b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb5"
             "0f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3"
             "d2726d9b5ef6affc6d17a0decbb13892")},
    };
    for (const EspVector& v : vectors)
    {
        const Bytes plain = EspPlaintext(v.payload, 16, v.nextHeader);
        ASSERT_EQ(plain[plain.size() - 2], v.padLen) << v.label;
        auto cipher = Cipher::Create(AesCbc(128), v.key);
        ASSERT_TRUE(cipher) << v.label;
        auto ct = cipher->Encrypt(v.iv, plain);
        ASSERT_TRUE(ct) << v.label << ": " << ct.GetError();
        EXPECT_EQ(ToHex(Concat({v.spiSeq, v.iv, *ct})), v.packet) << v.label;

        // And back: the receiver recovers payload, padding and trailer.
        const Bytes packet = FromHex(v.packet);
        const Bytes body = Slice(packet, 8 + 16, packet.size() - 24);
        auto pt = cipher->Decrypt(Slice(packet, 8, 16), body);
        ASSERT_TRUE(pt) << v.label;
        EXPECT_EQ(ToHex(*pt), ToHex(plain)) << v.label;
    }
}

TEST(Rfc3602, OneCipherObjectServesManyPackets)
{
    // Cases 5 and 6 share a key: one SA object, two packets, then case 5
    // again, must give the RFC's ciphertexts each time (only the IV is set
    // per packet; the key schedule of Create() is reused).
    auto cipher = Cipher::Create(AesCbc(128), FromHex("90d382b410eeba7ad938c46cec1a82bf"));
    ASSERT_TRUE(cipher);
    const Bytes iv5 = FromHex("e96e8c08ab465763fd098d45dd3ff893");
    const Bytes pt5
        = EspPlaintext(FromHex("08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f1011121314151617"
                               "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"),
                       16, 1);
    const Bytes iv6 = FromHex("69d08df7d203329db093fc4924e5bd80");
    const Bytes pt6
        = EspPlaintext(FromHex("0800b5e8a80a0500a69c083d0b660e00777777777777777777777777"), 16, 1);
    const std::string ct5 = Hex("f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856"
                                "a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874a"
                                "a269add047ad2d5913ac19b7cfbad4a6");
    const std::string ct6 = Hex("f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75");
    for (int round = 0; round < 2; ++round)
    {
        auto a = cipher->Encrypt(iv5, pt5);
        auto b = cipher->Encrypt(iv6, pt6);
        ASSERT_TRUE(a && b);
        EXPECT_EQ(ToHex(*a), ct5) << "round " << round;
        EXPECT_EQ(ToHex(*b), ct6) << "round " << round;
        auto c = cipher->Decrypt(iv6, *b);
        auto d = cipher->Decrypt(iv5, *a);
        ASSERT_TRUE(c && d);
        EXPECT_EQ(ToHex(*c), ToHex(pt6));
        EXPECT_EQ(ToHex(*d), ToHex(pt5));
    }
}

TEST(Rfc3602, InPlaceEncryptionAndDecryption)
{
    auto cipher = Cipher::Create(AesCbc(128), FromHex("56e47a38c5598974bc46903dba290349"));
    ASSERT_TRUE(cipher);
    const Bytes iv = FromHex("8ce82eefbea0da3c44699ed7db51b7d9");
    const Bytes plain = FromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                                "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
    Bytes buffer = plain;
    ASSERT_EQ(cipher->Encrypt(iv, buffer.data(), buffer.size(), buffer.data()), CryptoError::OK);
    EXPECT_EQ(ToHex(buffer),
              Hex("c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
                  "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55"));
    ASSERT_EQ(cipher->Decrypt(iv, buffer.data(), buffer.size(), buffer.data()), CryptoError::OK);
    EXPECT_EQ(ToHex(buffer), ToHex(plain));
}

TEST(Cipher, Aes192And256RoundTrip)
{
    // No RFC 3602 vectors for 192/256; check sizes and round trip.
    for (uint16_t bits : {192, 256})
    {
        auto d = AesCbc(bits);
        EXPECT_EQ(d.keyOctets, bits / 8U);
        auto cipher = Cipher::Create(d, Repeat(0x42, bits / 8U));
        ASSERT_TRUE(cipher) << bits;
        const Bytes iv = Repeat(0x24, 16);
        const Bytes plain = Repeat(0x11, 48);
        auto ct = cipher->Encrypt(iv, plain);
        ASSERT_TRUE(ct);
        EXPECT_NE(ToHex(*ct), ToHex(plain));
        auto pt = cipher->Decrypt(iv, *ct);
        ASSERT_TRUE(pt);
        EXPECT_EQ(ToHex(*pt), ToHex(plain));
    }
}

TEST(DesCbc, Fips81AppendixC)
{
    // Single DES lives in OpenSSL's legacy provider: this proves it loaded.
    ASSERT_TRUE(IsLegacyProviderAvailable());
    auto d = FindEncryptionByEspTransform(2);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->algorithm, EncryptionAlgorithm::DES_CBC);
    CheckCbc(*d, {"FIPS 81 appendix C, CBC", FromHex("0123456789abcdef"),
                  FromHex("1234567890abcdef"), FromAscii("Now is the time for all "),
                  Hex("e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6")});
}

TEST(TripleDesCbc, EvpTestsVector)
{
    auto d = FindEncryptionByEspTransform(3);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->algorithm, EncryptionAlgorithm::TRIPLE_DES_CBC);
    // "7654321 Now is the time for " followed by four zero octets.
    CheckCbc(*d, {"DES-EDE3-CBC, OpenSSL evptests",
                  FromHex("0123456789abcdeff1e0d3c2b5a49786fedcba9876543210"),
                  FromHex("fedcba9876543210"),
                  FromHex("37363534333231204e6f77206973207468652074696d6520666f722000000000"),
                  Hex("3fe301c962ac01d02213763c1cbd4cdc799657c064ecf5d41c673812cfde9675")});
}

TEST(NullEncryption, IsTheIdentity)
{
    // RFC 2410 section 2: NULL(P) = P, block size 1, no IV.
    auto d = FindEncryptionByEspTransform(11);
    ASSERT_TRUE(d);
    auto cipher = Cipher::Create(*d, Bytes{});
    ASSERT_TRUE(cipher) << cipher.GetError();
    EXPECT_EQ(cipher->GetBlockSize(), 1U);
    EXPECT_EQ(cipher->GetIvSize(), 0U);
    const Bytes data = FromAscii("any length at all");
    auto ct = cipher->Encrypt(Bytes{}, data);
    ASSERT_TRUE(ct);
    EXPECT_EQ(ToHex(*ct), ToHex(data));
    auto pt = cipher->Decrypt(Bytes{}, *ct);
    ASSERT_TRUE(pt);
    EXPECT_EQ(ToHex(*pt), ToHex(data));
    EXPECT_EQ(cipher->Encrypt(Bytes{1}, data).GetError(), CryptoError::INVALID_IV_LENGTH);
    EXPECT_EQ(Cipher::Create(*d, Bytes{1}).GetError(), CryptoError::INVALID_KEY_LENGTH);
}

TEST(Cipher, ArgumentErrorsAreReturnedNotThrown)
{
    auto d = AesCbc(128);
    EXPECT_EQ(Cipher::Create(d, Repeat(0, 15)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    EXPECT_EQ(Cipher::Create(d, Repeat(0, 17)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    EXPECT_EQ(Cipher::Create(d, ByteView(nullptr, 16)).GetError(), CryptoError::INVALID_KEY_LENGTH);
    auto gcm = GetEncryptionDescriptor(EncryptionAlgorithm::AES_GCM_16, 128);
    ASSERT_TRUE(gcm);
    EXPECT_EQ(Cipher::Create(*gcm, Repeat(0, 20)).GetError(), CryptoError::UNSUPPORTED_ALGORITHM);

    auto cipher = Cipher::Create(d, Repeat(0, 16));
    ASSERT_TRUE(cipher);
    const Bytes iv = Repeat(0, 16);
    EXPECT_EQ(cipher->Encrypt(Repeat(0, 15), Repeat(0, 16)).GetError(),
              CryptoError::INVALID_IV_LENGTH);
    EXPECT_EQ(cipher->Encrypt(Repeat(0, 8), Repeat(0, 16)).GetError(),
              CryptoError::INVALID_IV_LENGTH);
    EXPECT_EQ(cipher->Encrypt(iv, Repeat(0, 15)).GetError(), CryptoError::INVALID_INPUT_LENGTH);
    EXPECT_EQ(cipher->Decrypt(iv, Repeat(0, 17)).GetError(), CryptoError::INVALID_INPUT_LENGTH);
    EXPECT_EQ(cipher->Encrypt(iv, ByteView(nullptr, 16)).GetError(), CryptoError::INVALID_ARGUMENT);
    uint8_t buffer[48] = {};
    EXPECT_EQ(cipher->Encrypt(iv, buffer, 32, buffer + 8), CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(cipher->Encrypt(iv, buffer + 8, 32, buffer), CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(cipher->Encrypt(iv, buffer, 16, nullptr), CryptoError::INVALID_ARGUMENT);
    // Zero octets is a valid (empty) operation.
    auto empty = cipher->Encrypt(iv, Bytes{});
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

// Each direction's context is keyed on first use and may be released
// between bursts (an ISAKMP SA between exchanges): decryption first on a
// fresh object, then encryption, then both again after a release, must give
// RFC 3602 case 1's octets every time.
TEST(Cipher, ContextsKeyedOnFirstUseAndAfterRelease)
{
    const Bytes key = FromHex("06a9214036b8a15b512e03d534120006");
    const Bytes iv = FromHex("3dafba429d9eb430b422da802c9fac41");
    const Bytes ct = FromHex("e353779c1079aeb82708942dbe77181a");
    auto cipher = Cipher::Create(AesCbc(128), key);
    ASSERT_TRUE(cipher);
    for (int round = 0; round < 3; ++round)
    {
        auto pt = cipher->Decrypt(iv, ct);
        ASSERT_TRUE(pt) << "round " << round;
        EXPECT_EQ(ToHex(*pt), ToHex(FromAscii("Single block msg"))) << "round " << round;
        auto again = cipher->Encrypt(iv, *pt);
        ASSERT_TRUE(again) << "round " << round;
        EXPECT_EQ(ToHex(*again), ToHex(ct)) << "round " << round;
        cipher->ReleaseContexts();
    }
}

// A moved-from object holds no key: it fails cleanly instead of using one.
TEST(Cipher, MovedFromObjectFails)
{
    auto created = Cipher::Create(AesCbc(128), FromHex("06a9214036b8a15b512e03d534120006"));
    ASSERT_TRUE(created);
    Cipher& source = created.Value();
    Cipher moved = std::move(source);
    const Bytes iv = FromHex("3dafba429d9eb430b422da802c9fac41");
    EXPECT_EQ(source.Encrypt(iv, FromAscii("Single block msg"))
                  .GetError(), // NOLINT(bugprone-use-after-move)
              CryptoError::OPENSSL_FAILURE);
    EXPECT_EQ(source.Decrypt(iv, FromAscii("Single block msg")).GetError(),
              CryptoError::OPENSSL_FAILURE);
    EXPECT_TRUE(moved.Encrypt(iv, FromAscii("Single block msg")));
}

TEST(Cipher, MovedObjectKeepsWorking)
{
    auto created = Cipher::Create(AesCbc(128), FromHex("06a9214036b8a15b512e03d534120006"));
    ASSERT_TRUE(created);
    Cipher moved = std::move(created).Value();
    auto ct
        = moved.Encrypt(FromHex("3dafba429d9eb430b422da802c9fac41"), FromAscii("Single block msg"));
    ASSERT_TRUE(ct);
    EXPECT_EQ(ToHex(*ct), Hex("e353779c1079aeb82708942dbe77181a"));
}

} // namespace
} // namespace test
} // namespace ns3
