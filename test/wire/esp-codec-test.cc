/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The clear-text framing of ESP (RFC 4303): the SPI / sequence number
// header (sections 2.1, 2.2) and the padding, Pad Length and Next Header
// trailer (sections 2.4-2.6).

#include "ns3/esp-codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace
{

using ns3::EspBuildTrailer;
using ns3::EspHeader;
using ns3::EspPaddingLength;
using ns3::EspParseError;
using ns3::EspParseTrailer;
using ns3::EspTrailerResult;
namespace EspNextHeader = ns3::EspNextHeader;

EspTrailerResult
ParseTrailer(const std::vector<uint8_t>& plaintext)
{
    return EspParseTrailer(plaintext.data(), plaintext.size());
}

// --- Header (sections 2.1, 2.2) -------------------------------------------

TEST(EspHeader, ParsesSpiAndSequenceInNetworkOrder)
{
    // The first ESP packet of the v1-realnatd reference capture.
    const std::vector<uint8_t> wire{0x59, 0x14, 0x3e, 0xce, 0x00, 0x00, 0x00, 0x01};
    auto header = EspHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->spi, 0x59143eceu);
    EXPECT_EQ(header->sequence, 1u);
}

TEST(EspHeader, WriteIsTheMirrorOfParse)
{
    EspHeader header;
    header.spi = 0xfbeac953;
    header.sequence = 0x01020304;
    std::vector<uint8_t> out(EspHeader::kSize, 0xAA);
    header.Write(out.data());
    EXPECT_EQ(out, (std::vector<uint8_t>{0xfb, 0xea, 0xc9, 0x53, 0x01, 0x02, 0x03, 0x04}));
    auto back = EspHeader::Parse(out.data(), out.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, header);
}

TEST(EspHeader, RoundTripsExtremeValues)
{
    for (uint32_t spi : {0x00000100u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu})
    {
        for (uint32_t seq : {0u, 1u, 0xFFFFFFFEu, 0xFFFFFFFFu})
        {
            EspHeader header;
            header.spi = spi;
            header.sequence = seq;
            uint8_t out[EspHeader::kSize];
            header.Write(out);
            auto back = EspHeader::Parse(out, sizeof(out));
            ASSERT_TRUE(back.has_value());
            EXPECT_EQ(*back, header);
        }
    }
}

TEST(EspHeader, EveryShorterLengthIsRejected)
{
    const std::vector<uint8_t> wire{1, 2, 3, 4, 5, 6, 7, 8};
    for (std::size_t len = 0; len < EspHeader::kSize; ++len)
    {
        // A buffer of exactly len octets, so ASan sees any over-read.
        std::vector<uint8_t> shortWire(wire.begin(), wire.begin() + len);
        EXPECT_FALSE(EspHeader::Parse(shortWire.data(), shortWire.size()).has_value())
            << "len " << len;
    }
    EXPECT_FALSE(EspHeader::Parse(nullptr, 0).has_value());
    EXPECT_FALSE(EspHeader::Parse(nullptr, 8).has_value());
}

TEST(EspHeader, ReadsOnlyItsOwnEightOctets)
{
    const std::vector<uint8_t> wire{0, 0, 1, 0, 0, 0, 0, 7, 0xde, 0xad, 0xbe, 0xef};
    auto header = EspHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->spi, 256u);
    EXPECT_EQ(header->sequence, 7u);
}

// --- Padding length (section 2.4) ------------------------------------------

TEST(EspPadding, FourOctetAlignment)
{
    // payload + padding + 2 must be a multiple of 4.
    EXPECT_EQ(EspPaddingLength(0, 4), 2u);
    EXPECT_EQ(EspPaddingLength(1, 4), 1u);
    EXPECT_EQ(EspPaddingLength(2, 4), 0u);
    EXPECT_EQ(EspPaddingLength(3, 4), 3u);
    EXPECT_EQ(EspPaddingLength(84, 4), 2u);
    EXPECT_EQ(EspPaddingLength(1398, 4), 0u);
}

TEST(EspPadding, EightOctetAlignment3Des)
{
    EXPECT_EQ(EspPaddingLength(0, 8), 6u);
    EXPECT_EQ(EspPaddingLength(5, 8), 1u);
    EXPECT_EQ(EspPaddingLength(6, 8), 0u);
    EXPECT_EQ(EspPaddingLength(7, 8), 7u);
    EXPECT_EQ(EspPaddingLength(84, 8), 2u);
    EXPECT_EQ(EspPaddingLength(100, 8), 2u);
}

TEST(EspPadding, SixteenOctetAlignmentAesCbc)
{
    EXPECT_EQ(EspPaddingLength(0, 16), 14u);
    EXPECT_EQ(EspPaddingLength(14, 16), 0u);
    EXPECT_EQ(EspPaddingLength(15, 16), 15u);
    EXPECT_EQ(EspPaddingLength(30, 16), 0u);
    // The reference capture: an 84-octet ping became 84 + 10 + 2 = 96.
    EXPECT_EQ(EspPaddingLength(84, 16), 10u);
    EXPECT_EQ(EspPaddingLength(1400, 16), 6u);
}

TEST(EspPadding, AlignmentZeroOrOneMeansFour)
{
    // NULL encryption and AES-GCM have a block size of 1; the trailer must
    // still end on a 32-bit boundary.
    for (std::size_t payload = 0; payload < 40; ++payload)
    {
        EXPECT_EQ(EspPaddingLength(payload, 0), EspPaddingLength(payload, 4));
        EXPECT_EQ(EspPaddingLength(payload, 1), EspPaddingLength(payload, 4));
    }
}

TEST(EspPadding, AlignmentNotAMultipleOfFourIsCombinedWithFour)
{
    // lcm(2, 4) = 4, lcm(3, 4) = 12, lcm(6, 4) = 12.
    EXPECT_EQ(EspPaddingLength(0, 2), 2u);
    EXPECT_EQ(EspPaddingLength(0, 3), 10u);
    EXPECT_EQ(EspPaddingLength(0, 6), 10u);
    EXPECT_EQ(EspPaddingLength(10, 3), 0u);
}

TEST(EspPadding, IsMinimalAndAligned)
{
    for (std::size_t align : {4u, 8u, 16u})
    {
        for (std::size_t payload = 0; payload < 200; ++payload)
        {
            std::size_t pad = EspPaddingLength(payload, align);
            EXPECT_LT(pad, align);
            EXPECT_EQ((payload + pad + 2) % align, 0u) << payload << " / " << align;
        }
    }
}

TEST(EspPadding, HugePayloadLengthDoesNotOverflow)
{
    const std::size_t max = ~std::size_t{0}; // 2^64 - 1: (max + 1) is 0 mod 16
    EXPECT_EQ(EspPaddingLength(max, 16), 15u);
    EXPECT_EQ(EspPaddingLength(max - 1, 16), 0u);
}

// --- Trailer (sections 2.4-2.6) ------------------------------------------

TEST(EspTrailer, DefaultPaddingIsOneTwoThree)
{
    // Section 2.4: "The first padding byte appended to the plaintext is
    // numbered 1, with subsequent padding bytes making up a monotonically
    // increasing sequence: 1, 2, 3, ...".
    EXPECT_EQ(EspBuildTrailer(84, EspNextHeader::kIpv4, 16),
              (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 4}));
    EXPECT_EQ(EspBuildTrailer(0, EspNextHeader::kNoNextHeader, 4),
              (std::vector<uint8_t>{1, 2, 2, 59}));
    EXPECT_EQ(EspBuildTrailer(2, EspNextHeader::kTcp, 4), (std::vector<uint8_t>{0, 6}));
    EXPECT_EQ(EspBuildTrailer(5, EspNextHeader::kUdp, 8), (std::vector<uint8_t>{1, 1, 17}));
}

TEST(EspTrailer, NextHeaderValues)
{
    // IANA protocol numbers; section 2.6 for 59.
    EXPECT_EQ(EspNextHeader::kIcmp, 1);
    EXPECT_EQ(EspNextHeader::kIpv4, 4);
    EXPECT_EQ(EspNextHeader::kTcp, 6);
    EXPECT_EQ(EspNextHeader::kUdp, 17);
    EXPECT_EQ(EspNextHeader::kNoNextHeader, 59);
}

TEST(EspTrailer, LargestPadLengthIsEncodable)
{
    // Alignment 256: payload 255 needs 255 octets of padding, the most the
    // Pad Length field holds; 512 could need more and is refused.
    auto trailer = EspBuildTrailer(255, EspNextHeader::kIpv4, 256);
    ASSERT_EQ(trailer.size(), 257u);
    EXPECT_EQ(trailer[254], 255);
    EXPECT_EQ(trailer[255], 255);
    EXPECT_EQ(trailer[256], 4);
    EXPECT_TRUE(EspBuildTrailer(0, EspNextHeader::kIpv4, 512).empty());
}

TEST(EspTrailer, ParsesTheCapturedTrailer)
{
    // The last 12 plaintext octets of the reference capture's first ESP
    // packet (84-octet inner IPv4 packet, AES-CBC).
    std::vector<uint8_t> plaintext(84, 0x45);
    const std::vector<uint8_t> tail{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 4};
    plaintext.insert(plaintext.end(), tail.begin(), tail.end());
    auto result = ParseTrailer(plaintext);
    ASSERT_TRUE(result.IsOk());
    EXPECT_EQ(result->payloadLength, 84u);
    EXPECT_EQ(result->padLength, 10);
    EXPECT_EQ(result->nextHeader, EspNextHeader::kIpv4);
}

TEST(EspTrailer, NoPaddingAndNoPayload)
{
    auto result = ParseTrailer({0, 59});
    ASSERT_TRUE(result.IsOk());
    EXPECT_EQ(result->payloadLength, 0u);
    EXPECT_EQ(result->padLength, 0);
    EXPECT_EQ(result->nextHeader, 59);
}

TEST(EspTrailer, RoundTripsEveryLengthAndAlignment)
{
    for (std::size_t align : {0u, 1u, 4u, 8u, 16u})
    {
        for (std::size_t payloadLength = 0; payloadLength < 100; ++payloadLength)
        {
            std::vector<uint8_t> plaintext(payloadLength, 0xC3);
            auto trailer = EspBuildTrailer(payloadLength, EspNextHeader::kUdp, align);
            plaintext.insert(plaintext.end(), trailer.begin(), trailer.end());
            EXPECT_EQ(plaintext.size() % (align < 4 ? 4 : align), 0u);
            auto result = ParseTrailer(plaintext);
            ASSERT_TRUE(result.IsOk()) << payloadLength << " / " << align;
            EXPECT_EQ(result->payloadLength, payloadLength);
            EXPECT_EQ(result->padLength, EspPaddingLength(payloadLength, align));
            EXPECT_EQ(result->nextHeader, EspNextHeader::kUdp);
        }
    }
}

TEST(EspTrailer, FewerThanTwoOctetsIsTruncated)
{
    EXPECT_EQ(EspParseTrailer(nullptr, 0).GetError(), EspParseError::TRUNCATED);
    const std::vector<uint8_t> one{4};
    auto result = EspParseTrailer(one.data(), one.size());
    EXPECT_FALSE(result.IsOk());
    EXPECT_EQ(result.GetError(), EspParseError::TRUNCATED);
    const std::vector<uint8_t> none;
    EXPECT_EQ(EspParseTrailer(none.data(), 0).GetError(), EspParseError::TRUNCATED);
}

TEST(EspTrailer, PadLengthBeyondThePlaintextIsBadPadding)
{
    // len >= padLength + 2 is required.
    EXPECT_EQ(ParseTrailer({1, 4}).GetError(), EspParseError::BAD_PADDING);
    EXPECT_EQ(ParseTrailer({1, 2, 3, 4}).GetError(), EspParseError::BAD_PADDING);
    EXPECT_EQ(ParseTrailer({0xFF, 4}).GetError(), EspParseError::BAD_PADDING);
    // Exactly filling the plaintext is fine.
    auto ok = ParseTrailer({1, 2, 3, 3, 4});
    ASSERT_TRUE(ok.IsOk());
    EXPECT_EQ(ok->payloadLength, 0u);
}

TEST(EspTrailer, PaddingOtherThanOneTwoThreeIsBadPadding)
{
    // Section 2.4: "the receiver SHOULD inspect the Padding field".
    EXPECT_EQ(ParseTrailer({0xAA, 0, 0, 2, 4}).GetError(), EspParseError::BAD_PADDING);
    EXPECT_EQ(ParseTrailer({0xAA, 2, 1, 2, 4}).GetError(), EspParseError::BAD_PADDING);
    EXPECT_EQ(ParseTrailer({0xAA, 1, 3, 2, 4}).GetError(), EspParseError::BAD_PADDING);

    // Every single corrupted padding octet is caught.
    std::vector<uint8_t> good(84, 0x11);
    auto trailer = EspBuildTrailer(good.size(), EspNextHeader::kIpv4, 16);
    good.insert(good.end(), trailer.begin(), trailer.end());
    ASSERT_TRUE(ParseTrailer(good).IsOk());
    for (std::size_t i = 84; i < 94; ++i)
    {
        std::vector<uint8_t> bad = good;
        bad[i] ^= 0x80;
        EXPECT_EQ(ParseTrailer(bad).GetError(), EspParseError::BAD_PADDING) << "octet " << i;
    }
}

TEST(EspTrailer, RandomInputNeverReadsOutOfBounds)
{
    // Exact-size heap buffers: under AddressSanitizer any over-read fails.
    std::mt19937 rng(4303);
    for (int round = 0; round < 20000; ++round)
    {
        std::vector<uint8_t> buffer(rng() % 40);
        for (auto& octet : buffer)
        {
            // Small values make valid padding likely enough to be exercised.
            octet = static_cast<uint8_t>(rng() % 3 == 0 ? rng() : rng() % 12);
        }
        auto header = EspHeader::Parse(buffer.data(), buffer.size());
        EXPECT_EQ(header.has_value(), buffer.size() >= EspHeader::kSize);
        auto result = EspParseTrailer(buffer.data(), buffer.size());
        if (result.IsOk())
        {
            EXPECT_EQ(result->payloadLength + result->padLength + 2, buffer.size());
        }
    }
}

TEST(EspTrailer, ErrorNames)
{
    EXPECT_STREQ(ns3::EspParseErrorName(EspParseError::TRUNCATED), "TRUNCATED");
    EXPECT_STREQ(ns3::EspParseErrorName(EspParseError::BAD_PADDING), "BAD_PADDING");
}

} // namespace
