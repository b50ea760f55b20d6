/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CRYPTO_BUFFERS_H
#define IPSEC_NAT_CRYPTO_BUFFERS_H

#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>

/**
 * \file
 * \ingroup ipsec-nat
 * Argument checks shared by the crypto layer's packet operations.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \param in input buffer
 * \param out output buffer
 * \param length octets in each
 * \return true if the two buffers overlap without being the same buffer
 *         (OpenSSL's EVP update functions allow exact in-place operation
 *         only)
 */
inline bool
BuffersPartiallyOverlap(const uint8_t* in, const uint8_t* out, std::size_t length)
{
    if (length == 0 || in == out)
    {
        return false;
    }
    // std::less gives a total order even for unrelated pointers.
    std::less<const uint8_t*> before;
    return before(in, out + length) && before(out, in + length);
}

/**
 * \ingroup ipsec-nat
 * \param length a length in octets
 * \return true if it fits the int length parameters of OpenSSL's EVP API
 */
inline bool
FitsInt(std::size_t length)
{
    return length <= static_cast<std::size_t>(INT_MAX);
}

} // namespace ns3

#endif /* IPSEC_NAT_CRYPTO_BUFFERS_H */
