/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The IP Authentication Header for IPv4 (RFC 4302): its length field
// (section 2.2), ICV padding (section 3.3.3.2.1) and the octets the ICV
// covers (section 3.3.3), which include the IP addresses a NAT rewrites.

#include "ns3/ah-codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace
{

using ns3::AhHeader;
using ns3::AhIcvInput;

AhHeader
MakeHeader(uint8_t nextHeader, uint32_t spi, uint32_t sequence, std::size_t icvLength)
{
    AhHeader h;
    h.nextHeader = nextHeader;
    h.spi = spi;
    h.sequence = sequence;
    h.icvLength = icvLength;
    return h;
}

std::vector<uint8_t>
Emit(const AhHeader& h, const uint8_t* icv)
{
    std::vector<uint8_t> out(h.Size(), 0xEE);
    h.Write(out.data(), icv);
    return out;
}

/// An outer IPv4 header of an AH packet, as sent: TOS 0xB8 (DSCP EF) with
/// ECN ECT(0) -> 0xBA, Total Length 84, ID 0xABCD, DF, TTL 63, protocol 51,
/// checksum 0x1234 (any value: it is zeroed), 192.168.1.2 -> 203.0.113.2.
const std::vector<uint8_t> kIpv4Header{0x45, 0xBA, 0x00, 0x54, 0xAB, 0xCD, 0x40, 0x00, 0x3F, 0x33,
                                       0x12, 0x34, 0xC0, 0xA8, 0x01, 0x02, 0xCB, 0x00, 0x71, 0x02};

// --- Header and length field (section 2.2) --------------------------------

TEST(AhHeader, PayloadLenForHmacSha1_96)
{
    // Section 2.2: "if an integrity algorithm yields a 96-bit
    // authentication value, this length field will be '4' (3 32-bit word
    // fixed fields plus 3 32-bit words for the ICV, minus 2)".
    AhHeader h = MakeHeader(4, 0x1000, 1, 12);
    EXPECT_EQ(h.Size(), 24u);
    EXPECT_EQ(h.PayloadLengthField(), 4);
}

TEST(AhHeader, PayloadLenForHmacSha256_128)
{
    // 3 + 4 words, minus 2.
    AhHeader h = MakeHeader(4, 0x1000, 1, 16);
    EXPECT_EQ(h.Size(), 28u);
    EXPECT_EQ(h.PayloadLengthField(), 5);
}

TEST(AhHeader, IcvIsPaddedToThirtyTwoBits)
{
    // Section 3.3.3.2.1: for IPv4 the ICV field is padded to a multiple of
    // 32 bits. 24 and 32 octets (HMAC-SHA-384-192, -512-256) need none.
    EXPECT_EQ(MakeHeader(6, 1, 1, 0).Size(), 12u);
    EXPECT_EQ(MakeHeader(6, 1, 1, 0).PayloadLengthField(), 1);
    EXPECT_EQ(MakeHeader(6, 1, 1, 10).Size(), 24u);
    EXPECT_EQ(MakeHeader(6, 1, 1, 13).Size(), 28u);
    EXPECT_EQ(MakeHeader(6, 1, 1, 24).Size(), 36u);
    EXPECT_EQ(MakeHeader(6, 1, 1, 24).PayloadLengthField(), 7);
    EXPECT_EQ(MakeHeader(6, 1, 1, 32).Size(), 44u);
    EXPECT_EQ(MakeHeader(6, 1, 1, 32).PayloadLengthField(), 9);
    EXPECT_EQ(MakeHeader(6, 1, 1, AhHeader::kMaxIcvLength).PayloadLengthField(), 255);
}

TEST(AhHeader, WriteLaysOutTheFieldsInNetworkOrder)
{
    AhHeader h = MakeHeader(17, 0x12345678, 0x9ABCDEF0, 12);
    std::vector<uint8_t> icv;
    for (uint8_t i = 0; i < 12; ++i)
    {
        icv.push_back(0xA0 + i);
    }
    EXPECT_EQ(Emit(h, icv.data()),
              (std::vector<uint8_t>{17,   4,    0,    0,    0x12, 0x34, 0x56, 0x78,
                                    0x9A, 0xBC, 0xDE, 0xF0, 0xA0, 0xA1, 0xA2, 0xA3,
                                    0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB}));
}

TEST(AhHeader, NullIcvWritesZeros)
{
    // The sender writes a zero ICV, computes the ICV, then fills it in.
    auto out = Emit(MakeHeader(4, 0x5A5A5A5A, 7, 16), nullptr);
    ASSERT_EQ(out.size(), 28u);
    for (std::size_t i = 12; i < 28; ++i)
    {
        EXPECT_EQ(out[i], 0) << i;
    }
}

TEST(AhHeader, PaddingIsWrittenAsZeros)
{
    const std::vector<uint8_t> icv(10, 0xFF);
    auto out = Emit(MakeHeader(4, 1, 1, 10), icv.data());
    ASSERT_EQ(out.size(), 24u);
    EXPECT_EQ(out[1], 4);
    EXPECT_EQ(out[21], 0xFF);
    EXPECT_EQ(out[22], 0);
    EXPECT_EQ(out[23], 0);
}

TEST(AhHeader, ParseIsTheMirrorOfWrite)
{
    for (std::size_t icvLength : {0u, 12u, 16u, 24u, 32u})
    {
        AhHeader h = MakeHeader(4, 0xC0FFEE00, 0xFFFFFFFF, icvLength);
        const std::vector<uint8_t> icv(icvLength, 0x77);
        auto wire = Emit(h, icv.data());
        auto back = AhHeader::Parse(wire.data(), wire.size());
        ASSERT_TRUE(back.has_value()) << icvLength;
        EXPECT_EQ(*back, h);
    }
}

TEST(AhHeader, ParseReportsThePaddedIcvField)
{
    // A receiver cannot tell padding from ICV without the SA.
    auto wire = Emit(MakeHeader(4, 1, 1, 10), nullptr);
    auto back = AhHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->icvLength, 12u);
}

TEST(AhHeader, EveryShorterLengthIsRejected)
{
    auto wire = Emit(MakeHeader(4, 0x1000, 1, 12), nullptr);
    // 0..11 octets: not even the fixed part; 12..23: the ICV is cut short.
    for (std::size_t len = 0; len < wire.size(); ++len)
    {
        std::vector<uint8_t> cut(wire.begin(), wire.begin() + len);
        EXPECT_FALSE(AhHeader::Parse(cut.data(), cut.size()).has_value()) << len;
    }
    EXPECT_TRUE(AhHeader::Parse(wire.data(), wire.size()).has_value());
    EXPECT_FALSE(AhHeader::Parse(nullptr, 0).has_value());
    EXPECT_FALSE(AhHeader::Parse(nullptr, 24).has_value());
}

TEST(AhHeader, PayloadLenZeroIsRejected)
{
    // (0 + 2) * 4 = 8 octets would end inside the fixed 12.
    std::vector<uint8_t> wire{4, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    EXPECT_FALSE(AhHeader::Parse(wire.data(), wire.size()).has_value());
    wire[1] = 1; // 12 octets, no ICV: accepted (RFC 2402's "null" algorithm)
    auto h = AhHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->icvLength, 0u);
}

TEST(AhHeader, ReservedIsIgnoredOnReceipt)
{
    // Section 2.3: RESERVED "SHOULD be ignored by the recipient".
    auto wire = Emit(MakeHeader(6, 0x11223344, 5, 12), nullptr);
    wire[2] = 0xDE;
    wire[3] = 0xAD;
    auto h = AhHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(*h, MakeHeader(6, 0x11223344, 5, 12));
}

TEST(AhHeader, ParseIgnoresWhatFollows)
{
    auto wire = Emit(MakeHeader(6, 0x11223344, 5, 16), nullptr);
    wire.insert(wire.end(), 40, 0x99); // the TCP segment
    auto h = AhHeader::Parse(wire.data(), wire.size());
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->icvLength, 16u);
}

// --- ICV input (section 3.3.3) --------------------------------------------

std::vector<uint8_t>
IcvInput(const std::vector<uint8_t>& ip, const std::vector<uint8_t>& ah,
         const std::vector<uint8_t>& payload)
{
    return AhIcvInput(ip.data(), ip.size(), ah.data(), ah.size(), payload.data(), payload.size());
}

TEST(AhIcvInput, ZeroesMutableFieldsAndKeepsImmutableOnes)
{
    std::vector<uint8_t> icv(12);
    for (std::size_t i = 0; i < icv.size(); ++i)
    {
        icv[i] = static_cast<uint8_t>(0xC0 + i);
    }
    auto ah = Emit(MakeHeader(4, 0x00001000, 42, 12), icv.data());
    const std::vector<uint8_t> payload{0x45, 0x00, 0x00, 0x1C, 0xDE, 0xAD};

    auto input = IcvInput(kIpv4Header, ah, payload);
    // IPv4 header, section 3.3.3.1.1.1. Kept (immutable): version/IHL,
    // total length, identification, protocol, source and destination
    // address. Zeroed (mutable): TOS (DSCP + ECN), flags + fragment
    // offset, TTL, header checksum.
    const std::vector<uint8_t> ipv4{
        0x45, 0x00, 0x00, 0x54, // version/IHL, TOS zeroed, total length
        0xAB, 0xCD, 0x00, 0x00, // identification, flags + fragment offset zeroed
        0x00, 0x33, 0x00, 0x00, // TTL zeroed, protocol 51, checksum zeroed
        0xC0, 0xA8, 0x01, 0x02, // source address
        0xCB, 0x00, 0x71, 0x02, // destination address
    };
    // AH with the ICV field zeroed (section 3.3.3).
    const std::vector<uint8_t> ahZeroIcv{
        4, 4, 0, 0, 0x00, 0x00, 0x10, 0x00, 0, 0, 0, 42, // fixed part
        0, 0, 0, 0, 0,    0,    0,    0,    0, 0, 0, 0,  // ICV zeroed
    };
    std::vector<uint8_t> expected = ipv4;
    expected.insert(expected.end(), ahZeroIcv.begin(), ahZeroIcv.end());
    expected.insert(expected.end(), payload.begin(), payload.end()); // unchanged
    EXPECT_EQ(input, expected);
}

TEST(AhIcvInput, RoutersChangingMutableFieldsDoNotChangeIt)
{
    auto ah = Emit(MakeHeader(6, 0x2000, 1, 16), nullptr);
    const std::vector<uint8_t> payload(32, 0x42);
    auto before = IcvInput(kIpv4Header, ah, payload);

    // A router decrements TTL, re-marks DSCP, sets ECN CE, fixes the
    // checksum; the DF bit may be set on the way (section 3.3.3.1.1.1).
    std::vector<uint8_t> forwarded = kIpv4Header;
    forwarded[1] = 0x03;
    forwarded[6] = 0x00;
    forwarded[8] = 0x01;
    forwarded[10] = 0xBE;
    forwarded[11] = 0xEF;
    EXPECT_EQ(IcvInput(forwarded, ah, payload), before);

    // The receiver sees the computed ICV in the field: zeroed all the same.
    std::vector<uint8_t> received = ah;
    for (std::size_t i = 12; i < received.size(); ++i)
    {
        received[i] = static_cast<uint8_t>(i);
    }
    EXPECT_EQ(IcvInput(forwarded, received, payload), before);
}

TEST(AhIcvInput, NatRewritingAnAddressChangesIt)
{
    // This is why AH cannot cross a NAT: the source address is covered.
    auto ah = Emit(MakeHeader(6, 0x2000, 1, 12), nullptr);
    const std::vector<uint8_t> payload(20, 0x42);
    auto inside = IcvInput(kIpv4Header, ah, payload);

    std::vector<uint8_t> translated = kIpv4Header;
    translated[12] = 203; // 192.168.1.2 -> 203.0.113.1
    translated[13] = 0;
    translated[14] = 113;
    translated[15] = 1;
    EXPECT_NE(IcvInput(translated, ah, payload), inside);

    // So is the destination address, the ID, the length and the protocol.
    for (std::size_t offset : {2u, 3u, 4u, 5u, 9u, 16u, 17u, 18u, 19u})
    {
        std::vector<uint8_t> changed = kIpv4Header;
        changed[offset] ^= 0x01;
        EXPECT_NE(IcvInput(changed, ah, payload), inside) << "offset " << offset;
    }
}

TEST(AhIcvInput, OptionsAreZeroed)
{
    // IHL 6: a Router Alert option (RFC 2113), treated as mutable.
    std::vector<uint8_t> ip = kIpv4Header;
    ip[0] = 0x46;
    ip.insert(ip.end(), {0x94, 0x04, 0x00, 0x00});
    auto ah = Emit(MakeHeader(6, 0x2000, 1, 12), nullptr);
    const std::vector<uint8_t> payload{1, 2, 3};
    auto input = IcvInput(ip, ah, payload);
    ASSERT_EQ(input.size(), 24u + 24u + 3u);
    EXPECT_EQ(input[0], 0x46);
    for (std::size_t i = 20; i < 24; ++i)
    {
        EXPECT_EQ(input[i], 0) << i;
    }
    EXPECT_EQ(input[24], 6); // AH starts right after the options
}

TEST(AhIcvInput, EmptyPayloadIsAllowed)
{
    auto ah = Emit(MakeHeader(59, 0x2000, 1, 12), nullptr);
    auto input
        = AhIcvInput(kIpv4Header.data(), kIpv4Header.size(), ah.data(), ah.size(), nullptr, 0);
    EXPECT_EQ(input.size(), 20u + 24u);
}

TEST(AhIcvInput, MalformedHeadersGiveNothing)
{
    auto ah = Emit(MakeHeader(6, 0x2000, 1, 12), nullptr);
    const std::vector<uint8_t> payload{1, 2, 3};

    // IPv4 header shorter than 20 octets.
    for (std::size_t len = 0; len < 20; ++len)
    {
        std::vector<uint8_t> ip(kIpv4Header.begin(), kIpv4Header.begin() + len);
        EXPECT_TRUE(IcvInput(ip, ah, payload).empty()) << len;
    }
    // IHL disagrees with the length given.
    std::vector<uint8_t> longIhl = kIpv4Header;
    longIhl[0] = 0x46;
    EXPECT_TRUE(IcvInput(longIhl, ah, payload).empty());
    std::vector<uint8_t> extra = kIpv4Header;
    extra.insert(extra.end(), {0, 0, 0, 0});
    EXPECT_TRUE(IcvInput(extra, ah, payload).empty());
    // Not IPv4.
    std::vector<uint8_t> v6 = kIpv4Header;
    v6[0] = 0x65;
    EXPECT_TRUE(IcvInput(v6, ah, payload).empty());
    // AH truncated, or longer than its Payload Len says.
    for (std::size_t len = 0; len < ah.size(); ++len)
    {
        std::vector<uint8_t> cut(ah.begin(), ah.begin() + len);
        EXPECT_TRUE(IcvInput(kIpv4Header, cut, payload).empty()) << len;
    }
    std::vector<uint8_t> longAh = ah;
    longAh.push_back(0);
    EXPECT_TRUE(IcvInput(kIpv4Header, longAh, payload).empty());
    // Null pointers.
    EXPECT_TRUE(AhIcvInput(nullptr, 20, ah.data(), ah.size(), nullptr, 0).empty());
    EXPECT_TRUE(
        AhIcvInput(kIpv4Header.data(), kIpv4Header.size(), nullptr, 24, nullptr, 0).empty());
    EXPECT_TRUE(AhIcvInput(kIpv4Header.data(), kIpv4Header.size(), ah.data(), ah.size(), nullptr, 3)
                    .empty());
}

TEST(AhIcvInput, RandomInputNeverReadsOutOfBounds)
{
    // Exact-size heap buffers: under AddressSanitizer any over-read fails.
    std::mt19937 rng(4302);
    for (int round = 0; round < 20000; ++round)
    {
        std::vector<uint8_t> ip(rng() % 32);
        std::vector<uint8_t> ah(rng() % 40);
        std::vector<uint8_t> payload(rng() % 8);
        for (auto* buffer : {&ip, &ah, &payload})
        {
            for (auto& octet : *buffer)
            {
                octet = static_cast<uint8_t>(rng());
            }
        }
        if (!ip.empty())
        {
            ip[0] = static_cast<uint8_t>(0x45 + rng() % 3);
        }
        if (ah.size() > 1)
        {
            ah[1] = static_cast<uint8_t>(rng() % 10);
        }
        auto header = AhHeader::Parse(ah.data(), ah.size());
        if (header)
        {
            EXPECT_LE(header->Size(), ah.size());
        }
        auto input = IcvInput(ip, ah, payload);
        if (!input.empty())
        {
            EXPECT_EQ(input.size(), ip.size() + ah.size() + payload.size());
        }
    }
}

} // namespace
