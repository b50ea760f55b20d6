/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "esp-codec.h"

#include <limits>

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

/// The largest padding the one-octet Pad Length field can express.
constexpr std::size_t kMaxPadLength = 255;

/// Octets of Pad Length and Next Header.
constexpr std::size_t kTrailerFieldsSize = 2;

/**
 * The alignment the plaintext must reach: a multiple of the cipher block
 * size and of 4 octets (RFC 4303 section 2.4), i.e. lcm(alignment, 4).
 */
std::size_t
EffectiveAlignment(std::size_t alignment)
{
    if (alignment <= 1)
    {
        return 4;
    }
    if (alignment % 4 == 0)
    {
        return alignment;
    }
    // Only absurd alignments could overflow; they keep their own value
    // rather than wrap to something smaller (or zero).
    if (alignment > std::numeric_limits<std::size_t>::max() / 4)
    {
        return alignment;
    }
    return alignment % 2 == 0 ? alignment * 2 : alignment * 4;
}

} // namespace

std::optional<EspHeader>
EspHeader::Parse(const uint8_t* data, std::size_t len)
{
    if (data == nullptr || len < kSize)
    {
        return std::nullopt;
    }
    EspHeader header;
    header.spi = ReadU32(data);
    header.sequence = ReadU32(data + 4);
    return header;
}

void
EspHeader::Write(uint8_t* out) const
{
    WriteU32(out, spi);
    WriteU32(out + 4, sequence);
}

std::size_t
EspPaddingLength(std::size_t payloadLength, std::size_t alignment)
{
    const std::size_t align = EffectiveAlignment(alignment);
    // Reduce first so that payloadLength + 2 cannot overflow.
    const std::size_t used = (payloadLength % align + kTrailerFieldsSize) % align;
    return (align - used) % align;
}

std::vector<uint8_t>
EspBuildTrailer(std::size_t payloadLength, uint8_t nextHeader, std::size_t alignment)
{
    const std::size_t padLength = EspPaddingLength(payloadLength, alignment);
    if (padLength > kMaxPadLength)
    {
        return {};
    }
    std::vector<uint8_t> trailer;
    trailer.reserve(padLength + kTrailerFieldsSize);
    // RFC 4303 section 2.4: "The first padding byte appended to the
    // plaintext is numbered 1, with subsequent padding bytes making up a
    // monotonically increasing sequence".
    for (std::size_t i = 1; i <= padLength; ++i)
    {
        trailer.push_back(static_cast<uint8_t>(i));
    }
    trailer.push_back(static_cast<uint8_t>(padLength));
    trailer.push_back(nextHeader);
    return trailer;
}

const char*
EspParseErrorName(EspParseError error)
{
    switch (error)
    {
        case EspParseError::TRUNCATED:
            return "TRUNCATED";
        case EspParseError::BAD_PADDING:
            return "BAD_PADDING";
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, EspParseError error)
{
    return os << EspParseErrorName(error);
}

EspTrailerResult
EspParseTrailer(const uint8_t* plaintext, std::size_t len)
{
    if (plaintext == nullptr || len < kTrailerFieldsSize)
    {
        return EspParseError::TRUNCATED;
    }
    EspTrailer trailer;
    trailer.padLength = plaintext[len - 2];
    trailer.nextHeader = plaintext[len - 1];
    // The Pad Length must not claim octets before the start of the
    // plaintext (Linux: "padlen + 2 > elen" -> -EINVAL).
    if (len - kTrailerFieldsSize < trailer.padLength)
    {
        return EspParseError::BAD_PADDING;
    }
    trailer.payloadLength = len - kTrailerFieldsSize - trailer.padLength;
    // Section 2.4: default padding is 1, 2, 3, ...; the receiver SHOULD
    // inspect it.
    const uint8_t* padding = plaintext + trailer.payloadLength;
    for (std::size_t i = 0; i < trailer.padLength; ++i)
    {
        if (padding[i] != static_cast<uint8_t>(i + 1))
        {
            return EspParseError::BAD_PADDING;
        }
    }
    return trailer;
}

} // namespace ns3
