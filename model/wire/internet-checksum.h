/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_INTERNET_CHECKSUM_H
#define IPSEC_NAT_INTERNET_CHECKSUM_H

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The Internet checksum (RFC 1071) of \p len octets: the one's complement
 * of the one's complement sum of 16-bit words, odd length padded with zero.
 * \param data the octets
 * \param len how many
 * \param initial a partial sum to start from (e.g. a pseudo-header sum)
 * \return the checksum in host order
 */
uint16_t InternetChecksum(const uint8_t* data, std::size_t len, uint32_t initial = 0);

/**
 * \ingroup ipsec-nat
 * Incremental update of an Internet checksum when one 16-bit word of the
 * covered data changes (RFC 1624 section 3, eqn. 3: HC' = ~(~HC + ~m + m')).
 * \param checksum the checksum as transmitted (host order)
 * \param oldWord the word before the change
 * \param newWord the word after the change
 * \return the updated checksum
 */
uint16_t ChecksumAdjust16(uint16_t checksum, uint16_t oldWord, uint16_t newWord);

/**
 * \ingroup ipsec-nat
 * Incremental update for a changed 32-bit value (an IPv4 address in a
 * pseudo-header): two ChecksumAdjust16 steps.
 */
uint16_t ChecksumAdjust32(uint16_t checksum, uint32_t oldValue, uint32_t newValue);

} // namespace ns3

#endif /* IPSEC_NAT_INTERNET_CHECKSUM_H */
