/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SecurityAssociation::ProtectEsp builds the plaintext in its output buffer
 * and encrypts it in place (RFC 4303 section 3.3.2: payload | padding | pad
 * length | next header, then the ICV). The stack hands it the same buffer
 * for every packet: a reused buffer, longer or shorter than the packet, must
 * give exactly the octets a fresh one gives, and a payload that lies in the
 * output buffer must still be protected correctly.
 */

#include "ns3/ipsec-helper.h"
#include "ns3/security-association.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace ns3
{
namespace
{

/// An SA of \p cipher / \p integrity with fixed keys (the same octets for
/// every SA, so two SAs protect identically).
std::unique_ptr<SecurityAssociation>
MakeSa(const std::string& cipher, const std::string& integrity)
{
    IpsecSaConfig c;
    c.spi = 0x1234;
    c.protocol = IpsecProtocol::ESP;
    c.mode = IpsecMode::TUNNEL;
    c.source = Ipv4Address("192.0.2.1");
    c.destination = Ipv4Address("192.0.2.2");
    c.encryption = RegistryEntry(IpsecHelper::ParseCipher(cipher));
    c.encryptionKey = Bytes(c.encryption->KeyMaterialOctets(), 0x5a);
    if (!c.encryption->IsAead())
    {
        c.integrity = RegistryEntry(IpsecHelper::ParseIntegrity(integrity));
        c.integrityKey = Bytes(c.integrity->keyOctets, 0xa5);
    }
    std::string error;
    auto sa = SecurityAssociation::Create(c, Seconds(0), error);
    EXPECT_TRUE(sa) << error;
    return sa;
}

/// A deterministic IV source: 0, 1, 2, ...
SecurityAssociation::RandomBytes
CountingRandom()
{
    auto next = std::make_shared<uint8_t>(0);
    return [next](uint8_t* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = (*next)++;
        }
    };
}

Bytes
Payload(std::size_t n, uint8_t seed)
{
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(seed + i * 7);
    }
    return b;
}

class EspProtectBuffer : public ::testing::TestWithParam<std::pair<std::string, std::string>>
{
};

TEST_P(EspProtectBuffer, ReusedBufferGivesTheOctetsOfAFreshOne)
{
    auto [cipher, integrity] = GetParam();
    auto reused = MakeSa(cipher, integrity);
    auto fresh = MakeSa(cipher, integrity);
    auto randomA = CountingRandom();
    auto randomB = CountingRandom();
    Bytes buffer(3000, 0xee); // longer than any packet below, full of garbage
    for (std::size_t size : {1400u, 64u, 1u, 777u, 20u})
    {
        Bytes payload = Payload(size, static_cast<uint8_t>(size));
        auto a = reused->ProtectEsp(payload, 4, randomA, Seconds(1), buffer);
        Bytes expected;
        auto b = fresh->ProtectEsp(payload, 4, randomB, Seconds(1), expected);
        ASSERT_TRUE(a.ok);
        ASSERT_TRUE(b.ok);
        EXPECT_EQ(buffer, expected) << cipher << " payload " << size;

        // And it decrypts to the payload (RFC 4303 section 3.4.4).
        auto inbound = MakeSa(cipher, integrity);
        Bytes decrypted;
        auto r = inbound->UnprotectEsp(buffer, Seconds(1), decrypted);
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.nextHeader, 4);
        EXPECT_EQ(decrypted, payload);
    }
}

TEST_P(EspProtectBuffer, PayloadInsideTheOutputBuffer)
{
    auto [cipher, integrity] = GetParam();
    auto aliased = MakeSa(cipher, integrity);
    auto fresh = MakeSa(cipher, integrity);
    auto randomA = CountingRandom();
    auto randomB = CountingRandom();
    Bytes buffer = Payload(600, 3);
    Bytes payload(buffer.begin() + 100, buffer.begin() + 400);
    auto a
        = aliased->ProtectEsp(ByteView(buffer.data() + 100, 300), 17, randomA, Seconds(1), buffer);
    Bytes expected;
    auto b = fresh->ProtectEsp(payload, 17, randomB, Seconds(1), expected);
    ASSERT_TRUE(a.ok);
    ASSERT_TRUE(b.ok);
    EXPECT_EQ(buffer, expected);
}

INSTANTIATE_TEST_SUITE_P(Ciphers, EspProtectBuffer,
                         ::testing::Values(std::make_pair("aes128gcm", "none"),
                                           std::make_pair("aes128", "sha256"),
                                           std::make_pair("3des", "sha1"),
                                           std::make_pair("null", "sha1")),
                         [](const auto& info) { return info.param.first; });

} // namespace
} // namespace ns3
