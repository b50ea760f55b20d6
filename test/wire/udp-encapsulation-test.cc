/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// What a receiver finds in a UDP payload on the NAT-T port: ESP, IKE after
// the non-ESP marker, or a NAT-keepalive (RFC 3948 sections 2.1-2.3, 4;
// RFC 3947 section 4), and the legacy non-IKE marker of
// draft-ietf-ipsec-udp-encaps-00/01.

#include "ns3/udp-encapsulation.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace
{

using ns3::ClassifyUdpEncapsulated;
using ns3::UdpEncapsulatedKind;
using ns3::UdpEncapsulatedPayload;

constexpr bool kRfc3948 = false;
constexpr bool kLegacy = true;

UdpEncapsulatedPayload
Classify(const std::vector<uint8_t>& payload, bool legacy)
{
    return ClassifyUdpEncapsulated(payload.data(), payload.size(), legacy);
}

std::vector<uint8_t>
FromHex(const char* hex)
{
    std::vector<uint8_t> out;
    auto nibble
        = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
    for (const char* p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
    {
        out.push_back(static_cast<uint8_t>((nibble(p[0]) << 4) | nibble(p[1])));
    }
    return out;
}

/// The UDP payload of frame 5 of v1-realnatd-outside.pcap: strongSwan's
/// Main Mode message 5 after the float to port 4500 (203.0.113.1:40576 ->
/// 203.0.113.2:4500), the non-ESP marker then a 108-octet ISAKMP message.
const char* const kCapturedIkeOn4500
    = "000000005990f481d6a36272865ac0603f9964c605100201000000000000006c0bd641390986f11131ad0b9e8121"
      "faa2f1296eb2a92aff252260bd6369fa6bb8a408388fee9c557f56e5a1f686c086235dc08340577e34368bf45a88"
      "2ceb2f7eb4e39248614670f6e4e0236998335926";

/// The first 16 octets of the UDP payload of frame 10 of the same capture:
/// ESP, SPI 0x59143ece, sequence 1, then the start of the IV.
const char* const kCapturedEspOn4500 = "59143ece00000001ced9c04afcda1f0b";

TEST(UdpEncapsulation, PortsAndMarkers)
{
    EXPECT_EQ(ns3::kIkePort, 500);       // RFC 3947 section 4
    EXPECT_EQ(ns3::kNatTPort, 4500);     // RFC 3947 section 4, RFC 3948 section 1
    EXPECT_EQ(ns3::kNatKeepalive, 0xFF); // RFC 3948 section 2.3
    EXPECT_EQ(ns3::kNatKeepaliveSize, 1u);
    EXPECT_EQ(ns3::kNonEspMarker.size(), 4u); // RFC 3948 section 2.2
    for (uint8_t octet : ns3::kNonEspMarker)
    {
        EXPECT_EQ(octet, 0);
    }
    EXPECT_EQ(ns3::kLegacyNonIkeMarker.size(), 8u); // draft-ietf-ipsec-udp-encaps-00/01
    for (uint8_t octet : ns3::kLegacyNonIkeMarker)
    {
        EXPECT_EQ(octet, 0);
    }
}

// --- RFC 3948 ------------------------------------------------------------

TEST(UdpEncapsulation, KeepaliveIsOneOctetFf)
{
    // Section 2.3: the payload is a single octet with the value 0xFF.
    auto result = Classify({0xFF}, kRfc3948);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::NAT_KEEPALIVE);
    EXPECT_EQ(result.offset, 0u);
    EXPECT_EQ(Classify({0xFF}, kLegacy).kind, UdpEncapsulatedKind::NAT_KEEPALIVE);
}

TEST(UdpEncapsulation, OtherSingleOctetsAreInvalid)
{
    for (unsigned v = 0; v < 0xFF; ++v)
    {
        EXPECT_EQ(Classify({static_cast<uint8_t>(v)}, kRfc3948).kind, UdpEncapsulatedKind::INVALID)
            << v;
        EXPECT_EQ(Classify({static_cast<uint8_t>(v)}, kLegacy).kind, UdpEncapsulatedKind::INVALID)
            << v;
    }
}

TEST(UdpEncapsulation, EmptyPayloadIsInvalid)
{
    EXPECT_EQ(ClassifyUdpEncapsulated(nullptr, 0, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
    EXPECT_EQ(ClassifyUdpEncapsulated(nullptr, 0, kLegacy).kind, UdpEncapsulatedKind::INVALID);
    EXPECT_EQ(ClassifyUdpEncapsulated(nullptr, 20, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
    const std::vector<uint8_t> empty;
    EXPECT_EQ(Classify(empty, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
}

TEST(UdpEncapsulation, NonEspMarkerMeansIkeAtOffsetFour)
{
    // Section 2.2: four zero octets, then the IKE header.
    auto captured = FromHex(kCapturedIkeOn4500);
    ASSERT_EQ(captured.size(), 112u);
    auto result = Classify(captured, kRfc3948);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::IKE);
    EXPECT_EQ(result.offset, 4u);
    // The ISAKMP Length field (header octets 24-27) counts from the offset.
    const uint8_t* ike = captured.data() + result.offset;
    uint32_t ikeLength = (uint32_t(ike[24]) << 24) | (ike[25] << 16) | (ike[26] << 8) | ike[27];
    EXPECT_EQ(ikeLength, captured.size() - result.offset);
    EXPECT_EQ(ike[17], 0x10); // version 1.0
    EXPECT_EQ(ike[18], 2);    // Identity Protection (Main Mode)

    // The marker alone (an empty IKE message) is still IKE; the IKE parser
    // rejects it.
    EXPECT_EQ(Classify({0, 0, 0, 0}, kRfc3948).kind, UdpEncapsulatedKind::IKE);
    EXPECT_EQ(Classify({0, 0, 0, 0}, kRfc3948).offset, 4u);
}

TEST(UdpEncapsulation, NonZeroSpiMeansEspAtOffsetZero)
{
    // Section 2.1: the ESP header follows the UDP header directly; its SPI
    // is never zero (RFC 4303 section 2.1), which tells it from the marker.
    auto captured = FromHex(kCapturedEspOn4500);
    auto result = Classify(captured, kRfc3948);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::ESP);
    EXPECT_EQ(result.offset, 0u);

    // Any non-zero first word, even one that starts like a keepalive or
    // has only its last octet set.
    EXPECT_EQ(Classify({0, 0, 0, 1, 0, 0, 0, 1}, kRfc3948).kind, UdpEncapsulatedKind::ESP);
    EXPECT_EQ(Classify({0xFF, 0, 0, 0, 0, 0, 0, 1}, kRfc3948).kind, UdpEncapsulatedKind::ESP);
    // An ESP header and nothing else is exactly 8 octets.
    EXPECT_EQ(Classify({1, 2, 3, 4, 5, 6, 7, 8}, kRfc3948).kind, UdpEncapsulatedKind::ESP);
}

TEST(UdpEncapsulation, EveryTooShortPayloadIsInvalid)
{
    // 2 and 3 octets: neither keepalive, marker nor ESP header.
    EXPECT_EQ(Classify({0xFF, 0xFF}, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
    EXPECT_EQ(Classify({0, 0}, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
    EXPECT_EQ(Classify({0, 0, 0}, kRfc3948).kind, UdpEncapsulatedKind::INVALID);
    // 2 to 7 octets of a real ESP packet: shorter than the ESP header.
    auto esp = FromHex(kCapturedEspOn4500);
    for (std::size_t len = 2; len < 8; ++len)
    {
        std::vector<uint8_t> cut(esp.begin(), esp.begin() + len);
        EXPECT_EQ(Classify(cut, kRfc3948).kind, UdpEncapsulatedKind::INVALID) << len;
    }
}

// --- draft-ietf-ipsec-udp-encaps-00/01 (legacy non-IKE marker) ------------

TEST(UdpEncapsulationLegacy, NonIkeMarkerMeansEspAtOffsetEight)
{
    std::vector<uint8_t> payload(ns3::kLegacyNonIkeMarker.begin(), ns3::kLegacyNonIkeMarker.end());
    auto esp = FromHex(kCapturedEspOn4500);
    payload.insert(payload.end(), esp.begin(), esp.end());
    auto result = Classify(payload, kLegacy);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::ESP);
    EXPECT_EQ(result.offset, 8u);
    // Marker and exactly one ESP header.
    payload.resize(16);
    EXPECT_EQ(Classify(payload, kLegacy).kind, UdpEncapsulatedKind::ESP);
}

TEST(UdpEncapsulationLegacy, NonIkeMarkerWithoutAnEspHeaderIsInvalid)
{
    for (std::size_t len = 8; len < 16; ++len)
    {
        std::vector<uint8_t> payload(len, 0);
        for (std::size_t i = 8; i < len; ++i)
        {
            payload[i] = 0x5A;
        }
        EXPECT_EQ(Classify(payload, kLegacy).kind, UdpEncapsulatedKind::INVALID) << len;
    }
}

TEST(UdpEncapsulationLegacy, UnmarkedIkeIsAtOffsetZero)
{
    // The drafts send IKE directly after the UDP header; its initiator
    // cookie is never zero. The captured message without its marker:
    auto captured = FromHex(kCapturedIkeOn4500);
    std::vector<uint8_t> unmarked(captured.begin() + 4, captured.end());
    auto result = Classify(unmarked, kLegacy);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::IKE);
    EXPECT_EQ(result.offset, 0u);
    // In RFC 3948 mode the same octets would be ESP with SPI 0x5990f481:
    // the two framings are not compatible, which is why it is a mode.
    EXPECT_EQ(Classify(unmarked, kRfc3948).kind, UdpEncapsulatedKind::ESP);
}

TEST(UdpEncapsulationLegacy, RfcNonEspMarkerIsStillIke)
{
    auto captured = FromHex(kCapturedIkeOn4500);
    auto result = Classify(captured, kLegacy);
    EXPECT_EQ(result.kind, UdpEncapsulatedKind::IKE);
    EXPECT_EQ(result.offset, 4u);
}

TEST(UdpEncapsulationLegacy, EveryTooShortPayloadIsInvalid)
{
    EXPECT_EQ(Classify({0xFF, 0xFF}, kLegacy).kind, UdpEncapsulatedKind::INVALID);
    EXPECT_EQ(Classify({0, 0, 0}, kLegacy).kind, UdpEncapsulatedKind::INVALID);
    // 2 to 7 non-zero octets: shorter than an initiator cookie.
    for (std::size_t len = 2; len < 8; ++len)
    {
        std::vector<uint8_t> payload(len, 0x42);
        EXPECT_EQ(Classify(payload, kLegacy).kind, UdpEncapsulatedKind::INVALID) << len;
    }
}

TEST(UdpEncapsulation, RandomInputNeverReadsOutOfBounds)
{
    // Exact-size heap buffers: under AddressSanitizer any over-read fails.
    std::mt19937 rng(3948);
    for (int round = 0; round < 20000; ++round)
    {
        std::vector<uint8_t> buffer(rng() % 24);
        for (auto& octet : buffer)
        {
            octet = static_cast<uint8_t>(rng() % 2 == 0 ? 0 : rng());
        }
        for (bool legacy : {kRfc3948, kLegacy})
        {
            auto result = Classify(buffer, legacy);
            if (result.kind == UdpEncapsulatedKind::ESP || result.kind == UdpEncapsulatedKind::IKE)
            {
                EXPECT_LE(result.offset, buffer.size());
            }
            else
            {
                EXPECT_EQ(result.offset, 0u);
            }
        }
    }
}

TEST(UdpEncapsulation, KindNames)
{
    EXPECT_STREQ(ns3::UdpEncapsulatedKindName(UdpEncapsulatedKind::ESP), "ESP");
    EXPECT_STREQ(ns3::UdpEncapsulatedKindName(UdpEncapsulatedKind::IKE), "IKE");
    EXPECT_STREQ(ns3::UdpEncapsulatedKindName(UdpEncapsulatedKind::NAT_KEEPALIVE), "NAT_KEEPALIVE");
    EXPECT_STREQ(ns3::UdpEncapsulatedKindName(UdpEncapsulatedKind::INVALID), "INVALID");
}

} // namespace
