/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The Internet checksum (RFC 1071) and its incremental update (RFC 1624),
// which the NAT uses to fix IP, UDP and TCP checksums after rewriting an
// address or a port.

#include "ns3/internet-checksum.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace
{

using ns3::ChecksumAdjust16;
using ns3::ChecksumAdjust32;
using ns3::InternetChecksum;

uint16_t
Checksum(const std::vector<uint8_t>& bytes, uint32_t initial = 0)
{
    return InternetChecksum(bytes.data(), bytes.size(), initial);
}

/// The 16-bit word at an even offset; the last word of an odd-length buffer
/// is padded with a zero octet (RFC 1071 section 4.1).
uint16_t
WordAt(const std::vector<uint8_t>& b, std::size_t offset)
{
    uint16_t low = offset + 1 < b.size() ? b[offset + 1] : 0;
    return static_cast<uint16_t>((b[offset] << 8) | low);
}

void
SetWordAt(std::vector<uint8_t>& b, std::size_t offset, uint16_t word)
{
    b[offset] = static_cast<uint8_t>(word >> 8);
    if (offset + 1 < b.size())
    {
        b[offset + 1] = static_cast<uint8_t>(word & 0xFF);
    }
}

void
Put16(std::vector<uint8_t>& b, std::size_t offset, uint16_t v)
{
    b[offset] = static_cast<uint8_t>(v >> 8);
    b[offset + 1] = static_cast<uint8_t>(v);
}

void
Put32(std::vector<uint8_t>& b, std::size_t offset, uint32_t v)
{
    Put16(b, offset, static_cast<uint16_t>(v >> 16));
    Put16(b, offset + 2, static_cast<uint16_t>(v));
}

/// RFC 768 pseudo-header (12 octets) followed by a UDP header with a zero
/// checksum field and the payload: the octets the UDP checksum covers.
std::vector<uint8_t>
UdpWithPseudoHeader(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                    const std::vector<uint8_t>& payload)
{
    auto udpLength = static_cast<uint16_t>(8 + payload.size());
    std::vector<uint8_t> b(12 + 8, 0);
    Put32(b, 0, src);
    Put32(b, 4, dst);
    b[9] = 17; // protocol UDP
    Put16(b, 10, udpLength);
    Put16(b, 12, sport);
    Put16(b, 14, dport);
    Put16(b, 16, udpLength);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

constexpr std::size_t kPseudoSrc = 0;    // source address in the pseudo-header
constexpr std::size_t kUdpSport = 12;    // UDP source port
constexpr std::size_t kUdpChecksum = 18; // UDP checksum field

// RFC 1071 section 3, numeric example: the octets 00 01 f2 03 f4 f5 f6 f7
// sum (one's complement, end-around carry) to 0xddf2; the checksum is its
// complement.
TEST(InternetChecksum, Rfc1071Section3NumericExample)
{
    const std::vector<uint8_t> data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    uint16_t checksum = Checksum(data);
    EXPECT_EQ(checksum, 0x220d);
    EXPECT_EQ(static_cast<uint16_t>(~checksum), 0xddf2); // the sum

    // Section 2 (B), byte order independence: the same octets pairwise
    // swapped give the byte-swapped sum (0xf2dd), so the swapped checksum.
    const std::vector<uint8_t> swapped = {0x01, 0x00, 0x03, 0xf2, 0xf5, 0xf4, 0xf7, 0xf6};
    EXPECT_EQ(Checksum(swapped), 0x0d22);

    // Section 1 (3): checking sums the data and the checksum to all ones,
    // so the checksum over both is zero.
    std::vector<uint8_t> withChecksum = data;
    withChecksum.push_back(static_cast<uint8_t>(checksum >> 8));
    withChecksum.push_back(static_cast<uint8_t>(checksum));
    EXPECT_EQ(Checksum(withChecksum), 0x0000);
}

// RFC 1071 section 4.1: an odd trailing octet is added as the high half of
// a word whose low half is zero.
TEST(InternetChecksum, OddLengthPadsWithZero)
{
    EXPECT_EQ(Checksum({0x01, 0x02, 0x03}), 0xfbfd); // ~(0x0102 + 0x0300)
    EXPECT_EQ(Checksum({0x01, 0x02, 0x03}), Checksum({0x01, 0x02, 0x03, 0x00}));
    EXPECT_EQ(Checksum({0xab}), 0x54ff); // ~0xab00
    EXPECT_EQ(InternetChecksum(nullptr, 0), 0xffff);
    // The carry out of the top is folded back in: 0xffff + 0x0001 = 0x0001.
    EXPECT_EQ(Checksum({0xff, 0xff, 0x00, 0x01}), 0xfffe);
}

// A well-known IPv4 header (checksum field zeroed): 4500 0030 4422 4000
// 8006 0000 8c7c 19ac ae24 1e2b has the header checksum 0x442e (RFC 791).
TEST(InternetChecksum, Ipv4HeaderKnownAnswer)
{
    std::vector<uint8_t> h = {0x45, 0x00, 0x00, 0x30, 0x44, 0x22, 0x40, 0x00, 0x80, 0x06,
                              0x00, 0x00, 0x8c, 0x7c, 0x19, 0xac, 0xae, 0x24, 0x1e, 0x2b};
    uint16_t checksum = Checksum(h);
    EXPECT_EQ(checksum, 0x442e);

    // A router decrements the TTL (0x80 -> 0x7f): the TTL/protocol word
    // changes 0x8006 -> 0x7f06, and the incremental update (RFC 1624
    // section 3) gives what recomputation gives.
    uint16_t adjusted = ChecksumAdjust16(checksum, 0x8006, 0x7f06);
    h[8] = 0x7f;
    EXPECT_EQ(adjusted, Checksum(h));
    EXPECT_EQ(adjusted, 0x452e);
}

// The partial sum parameter: a pseudo-header summed first and passed in
// gives the checksum of the concatenation.
TEST(InternetChecksum, InitialPartialSum)
{
    std::vector<uint8_t> all
        = UdpWithPseudoHeader(0x0a000001, 0xc6336401, 4500, 4500, {0xff, 0x01, 0x02});
    uint32_t pseudoSum = 0;
    for (std::size_t i = 0; i < 12; i += 2)
    {
        pseudoSum += WordAt(all, i);
    }
    std::vector<uint8_t> udp(all.begin() + 12, all.end());
    EXPECT_EQ(Checksum(udp, pseudoSum), Checksum(all));
    // An unfolded partial sum beyond 16 bits is folded as well.
    EXPECT_EQ(Checksum(udp, pseudoSum + 0xffff), Checksum(all));
}

// RFC 1624 section 4, the example: the one's complement sum of the other
// header octets is 0xCD7A, a field changes from m = 0x5555 to m' = 0x3285.
// HC = ~(0xCD7A + 0x5555) = 0xDD2F; recomputation gives HC' = 0x0000.
// Eqn. 2 of RFC 1141 (HC + m + ~m') would give 0xFFFF (-0); eqn. 3,
// HC' = ~(~HC + ~m + m'), gives the right 0x0000.
TEST(InternetChecksum, Rfc1624Section4Example)
{
    EXPECT_EQ(ChecksumAdjust16(0xDD2F, 0x5555, 0x3285), 0x0000);
    // And back again.
    EXPECT_EQ(ChecksumAdjust16(0x0000, 0x3285, 0x5555), 0xDD2F);
    // Unchanged field, checksum 0x0000 (RFC 1624 erratum 4782): the update
    // must leave the checksum as it is.
    EXPECT_EQ(ChecksumAdjust16(0x0000, 0x5555, 0x5555), 0x0000);
    EXPECT_EQ(ChecksumAdjust16(0x1234, 0xabcd, 0xabcd), 0x1234);
}

// A NAT keepalive (RFC 3948 section 2.3: UDP 4500, one octet 0xFF) from
// 10.0.0.1:4500 to 198.51.100.1:4500, translated to 203.0.113.1:1024.
// Expected checksums computed independently from the octets.
TEST(InternetChecksum, UdpPseudoHeaderAddressAndPortRewrite)
{
    const uint32_t inside = 0x0a000001;   // 10.0.0.1
    const uint32_t remote = 0xc6336401;   // 198.51.100.1
    const uint32_t publicAd = 0xcb007101; // 203.0.113.1
    std::vector<uint8_t> before = UdpWithPseudoHeader(inside, remote, 4500, 4500, {0xff});
    uint16_t checksum = Checksum(before);
    EXPECT_EQ(checksum, 0xa97d);

    // The receiver's check: with the checksum in place the sum is -0.
    std::vector<uint8_t> sent = before;
    Put16(sent, kUdpChecksum, checksum);
    EXPECT_EQ(Checksum(sent), 0x0000);

    // The NAT rewrites the source address (pseudo-header) and port.
    uint16_t adjusted = ChecksumAdjust32(checksum, inside, publicAd);
    adjusted = ChecksumAdjust16(adjusted, 4500, 1024);
    std::vector<uint8_t> after = UdpWithPseudoHeader(publicAd, remote, 1024, 4500, {0xff});
    EXPECT_EQ(adjusted, Checksum(after));
    EXPECT_EQ(adjusted, 0x8510);

    // The 32-bit form is the two 16-bit halves, one after the other.
    EXPECT_EQ(ChecksumAdjust32(checksum, inside, publicAd),
              ChecksumAdjust16(ChecksumAdjust16(checksum, 0x0a00, 0xcb00), 0x0001, 0x7101));
}

// RFC 1624 section 3: eqn. 3 agrees with recomputation from scratch. Many
// random buffers, even and odd lengths, one word changed at a random even
// offset (including the zero-padded last word of an odd buffer). The
// buffers are never all zero (as no IP header or pseudo-header is): only
// then would recomputation give -0 (0xFFFF) where eqn. 3 gives +0.
TEST(InternetChecksum, Adjust16MatchesRecomputationOnRandomBuffers)
{
    std::mt19937 rng(1624);
    std::uniform_int_distribution<int> octet(0, 255);
    std::uniform_int_distribution<std::size_t> length(3, 1500);
    for (int trial = 0; trial < 5000; ++trial)
    {
        std::vector<uint8_t> b(length(rng));
        for (auto& x : b)
        {
            x = static_cast<uint8_t>(octet(rng));
        }
        std::size_t words = (b.size() + 1) / 2;
        std::size_t offset = 2 * std::uniform_int_distribution<std::size_t>(0, words - 1)(rng);
        // Keep an octet outside the changed word non-zero.
        b[offset == 0 ? 2 : 0] |= 0x01;

        uint16_t checksum = Checksum(b);
        uint16_t oldWord = WordAt(b, offset);
        uint16_t newWord = static_cast<uint16_t>(octet(rng) << 8 | octet(rng));
        if (offset + 1 >= b.size())
        {
            newWord &= 0xff00; // the padding octet is always zero
        }
        if (trial % 10 == 0)
        {
            newWord = 0; // the -0 / +0 boundary of the changed word itself
        }
        SetWordAt(b, offset, newWord);
        ASSERT_EQ(ChecksumAdjust16(checksum, oldWord, newWord), Checksum(b))
            << "trial " << trial << " length " << b.size() << " offset " << offset;
    }
}

// The same for a 32-bit value (two aligned words), e.g. an IPv4 address.
TEST(InternetChecksum, Adjust32MatchesRecomputationOnRandomBuffers)
{
    std::mt19937 rng(3022);
    std::uniform_int_distribution<int> octet(0, 255);
    std::uniform_int_distribution<std::size_t> length(6, 1500);
    std::uniform_int_distribution<uint32_t> value;
    for (int trial = 0; trial < 5000; ++trial)
    {
        std::vector<uint8_t> b(length(rng));
        for (auto& x : b)
        {
            x = static_cast<uint8_t>(octet(rng));
        }
        std::size_t offset
            = 2 * std::uniform_int_distribution<std::size_t>(0, b.size() / 2 - 2)(rng);
        b[offset == 0 ? 4 : 0] |= 0x01;

        uint16_t checksum = Checksum(b);
        uint32_t oldValue = (uint32_t(WordAt(b, offset)) << 16) | WordAt(b, offset + 2);
        uint32_t newValue = (trial % 10 == 0) ? 0 : value(rng);
        Put32(b, offset, newValue);
        ASSERT_EQ(ChecksumAdjust32(checksum, oldValue, newValue), Checksum(b))
            << "trial " << trial << " length " << b.size() << " offset " << offset;
    }
}

// What the NAT does to every UDP packet: random addresses, ports and
// payloads; rewrite the source address in the pseudo-header and the source
// port; the adjusted checksum equals the recomputed one.
TEST(InternetChecksum, RandomUdpNatRewrites)
{
    std::mt19937 rng(4787);
    std::uniform_int_distribution<uint32_t> address;
    std::uniform_int_distribution<int> port(1, 65535);
    std::uniform_int_distribution<int> octet(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 1472);
    for (int trial = 0; trial < 2000; ++trial)
    {
        std::vector<uint8_t> payload(length(rng));
        for (auto& x : payload)
        {
            x = static_cast<uint8_t>(octet(rng));
        }
        uint32_t src = address(rng);
        uint32_t dst = address(rng);
        auto sport = static_cast<uint16_t>(port(rng));
        auto dport = static_cast<uint16_t>(port(rng));
        uint32_t newSrc = address(rng);
        auto newSport = static_cast<uint16_t>(port(rng));

        std::vector<uint8_t> b = UdpWithPseudoHeader(src, dst, sport, dport, payload);
        uint16_t checksum = Checksum(b);
        ASSERT_EQ(WordAt(b, kPseudoSrc), uint16_t(src >> 16));
        ASSERT_EQ(WordAt(b, kUdpSport), sport);

        uint16_t adjusted
            = ChecksumAdjust16(ChecksumAdjust32(checksum, src, newSrc), sport, newSport);
        std::vector<uint8_t> expected = UdpWithPseudoHeader(newSrc, dst, newSport, dport, payload);
        ASSERT_EQ(adjusted, Checksum(expected)) << "trial " << trial;

        // And the receiver's check passes on the rewritten packet.
        Put16(expected, kUdpChecksum, adjusted);
        ASSERT_EQ(Checksum(expected), 0x0000) << "trial " << trial;
    }
}

} // namespace
