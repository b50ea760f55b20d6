/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ah-codec.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

namespace
{

uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

void
WriteU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

/// AH length unit and IPv4 alignment: 32-bit words (section 2.2).
constexpr std::size_t kWord = 4;

/// The Payload Len field counts 32-bit words minus this (section 2.2).
constexpr std::size_t kPayloadLenBias = 2;

/// Octets of an IPv4 header without options.
constexpr std::size_t kIpv4MinHeaderSize = 20;

/// Offsets of the IPv4 fields AH treats as mutable (RFC 791 section 3.1;
/// RFC 4302 section 3.3.3.1.1.1).
constexpr std::size_t kIpv4TosOffset = 1;       // DSCP + ECN
constexpr std::size_t kIpv4FlagsOffset = 6;     // flags + fragment offset, 2 octets
constexpr std::size_t kIpv4TtlOffset = 8;       // time to live
constexpr std::size_t kIpv4ChecksumOffset = 10; // header checksum, 2 octets

} // namespace

std::size_t
AhHeader::Size() const
{
    return kFixedSize + (icvLength + kWord - 1) / kWord * kWord;
}

uint8_t
AhHeader::PayloadLengthField() const
{
    return static_cast<uint8_t>(Size() / kWord - kPayloadLenBias);
}

std::optional<AhHeader>
AhHeader::Parse(const uint8_t* data, std::size_t len)
{
    if (data == nullptr || len < kFixedSize)
    {
        return std::nullopt;
    }
    const std::size_t total = (std::size_t(data[1]) + kPayloadLenBias) * kWord;
    // Payload Len 0 would describe an AH shorter than its own fixed part.
    if (total < kFixedSize || total > len)
    {
        return std::nullopt;
    }
    AhHeader header;
    header.nextHeader = data[0];
    // data[2..3] RESERVED: ignored on receipt (section 2.3).
    header.spi = ReadU32(data + 4);
    header.sequence = ReadU32(data + 8);
    header.icvLength = total - kFixedSize;
    return header;
}

void
AhHeader::Write(uint8_t* out, const uint8_t* icv) const
{
    out[0] = nextHeader;
    out[1] = PayloadLengthField();
    out[2] = 0; // RESERVED, "MUST be set to zero" (section 2.3)
    out[3] = 0;
    WriteU32(out + 4, spi);
    WriteU32(out + 8, sequence);
    uint8_t* icvField = out + kFixedSize;
    const std::size_t fieldLength = Size() - kFixedSize;
    std::memset(icvField, 0, fieldLength);
    if (icv != nullptr && icvLength > 0)
    {
        std::memcpy(icvField, icv, icvLength);
    }
}

std::vector<uint8_t>
AhIcvInput(const uint8_t* ipv4Header, std::size_t ipv4HeaderLen, const uint8_t* ah,
           std::size_t ahLen, const uint8_t* payload, std::size_t payloadLen)
{
    if (ipv4Header == nullptr || ipv4HeaderLen < kIpv4MinHeaderSize || ah == nullptr
        || (payload == nullptr && payloadLen != 0))
    {
        return {};
    }
    const uint8_t version = ipv4Header[0] >> 4;
    const std::size_t ihlOctets = std::size_t(ipv4Header[0] & 0x0F) * kWord;
    if (version != 4 || ihlOctets != ipv4HeaderLen)
    {
        return {};
    }
    const std::optional<AhHeader> header = AhHeader::Parse(ah, ahLen);
    if (!header || header->Size() != ahLen)
    {
        return {};
    }

    std::vector<uint8_t> input;
    input.reserve(ipv4HeaderLen + ahLen + payloadLen);

    // 1. IPv4 header, mutable fields zeroed (section 3.3.3.1.1.1).
    input.insert(input.end(), ipv4Header, ipv4Header + ipv4HeaderLen);
    input[kIpv4TosOffset] = 0;
    input[kIpv4FlagsOffset] = 0;
    input[kIpv4FlagsOffset + 1] = 0;
    input[kIpv4TtlOffset] = 0;
    input[kIpv4ChecksumOffset] = 0;
    input[kIpv4ChecksumOffset + 1] = 0;
    // Options, all treated as mutable (see the header's documentation).
    std::fill(input.begin() + kIpv4MinHeaderSize, input.end(), 0);

    // 2. AH, ICV field zeroed (section 3.3.3).
    const std::size_t ahStart = input.size();
    input.insert(input.end(), ah, ah + ahLen);
    std::fill(input.begin() + ahStart + AhHeader::kFixedSize, input.end(), 0);

    // 3. The payload (section 3.3.3).
    if (payloadLen != 0)
    {
        input.insert(input.end(), payload, payload + payloadLen);
    }
    return input;
}

} // namespace ns3
