/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CRYPTO_TEST_UTIL_H
#define IPSEC_NAT_CRYPTO_TEST_UTIL_H

#include "ns3/crypto-types.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

/**
 * \file
 * Helpers for the crypto known-answer tests: vectors are written as hex,
 * the way the RFCs print them (blanks allowed), and results are compared as
 * lower-case hex so that a failure shows the differing octets.
 */

namespace ns3
{
namespace test
{

/**
 * \param hex hex digits, blanks and newlines ignored
 * \return the octets; a malformed string fails the current test
 */
inline Bytes
FromHex(std::string_view hex)
{
    Bytes out;
    int high = -1;
    for (char c : hex)
    {
        int v = -1;
        if (c >= '0' && c <= '9')
        {
            v = c - '0';
        }
        else if (c >= 'a' && c <= 'f')
        {
            v = c - 'a' + 10;
        }
        else if (c >= 'A' && c <= 'F')
        {
            v = c - 'A' + 10;
        }
        else if (c == ' ' || c == '\n' || c == '\t')
        {
            continue;
        }
        else
        {
            ADD_FAILURE() << "bad hex digit '" << c << "'";
            return {};
        }
        if (high < 0)
        {
            high = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    if (high >= 0)
    {
        ADD_FAILURE() << "odd number of hex digits";
    }
    return out;
}

/**
 * \param bytes octets
 * \return lower-case hex, no blanks
 */
inline std::string
ToHex(ByteView bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.Size() * 2);
    for (std::size_t i = 0; i < bytes.Size(); ++i)
    {
        out.push_back(digits[bytes.Data()[i] >> 4]);
        out.push_back(digits[bytes.Data()[i] & 0x0f]);
    }
    return out;
}

/**
 * \param hex hex as in an RFC
 * \return the same value as lower-case hex without blanks
 */
inline std::string
Hex(std::string_view hex)
{
    return ToHex(FromHex(hex));
}

/**
 * \param text ASCII text (no terminating null, as in RFC 2202 section 1)
 * \return its octets
 */
inline Bytes
FromAscii(std::string_view text)
{
    return Bytes(text.begin(), text.end());
}

/**
 * \param value an octet
 * \param count how many times
 * \return the octet repeated
 */
inline Bytes
Repeat(uint8_t value, std::size_t count)
{
    return Bytes(count, value);
}

/**
 * \param parts octet strings
 * \return their concatenation
 */
inline Bytes
Concat(std::initializer_list<ByteView> parts)
{
    Bytes out;
    for (const ByteView& p : parts)
    {
        out.insert(out.end(), p.Data(), p.Data() + p.Size());
    }
    return out;
}

/**
 * \param bytes octets
 * \param offset first octet
 * \param length how many
 * \return the slice (clamped to the input)
 */
inline Bytes
Slice(const Bytes& bytes, std::size_t offset, std::size_t length)
{
    if (offset >= bytes.size())
    {
        return {};
    }
    length = std::min(length, bytes.size() - offset);
    return Bytes(bytes.begin() + offset, bytes.begin() + offset + length);
}

} // namespace test
} // namespace ns3

#endif /* IPSEC_NAT_CRYPTO_TEST_UTIL_H */
