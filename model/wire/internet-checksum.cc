/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "internet-checksum.h"

namespace ns3
{

namespace
{
uint16_t
Fold(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return static_cast<uint16_t>(sum);
}
} // namespace

uint16_t
InternetChecksum(const uint8_t* data, std::size_t len, uint32_t initial)
{
    uint64_t sum = initial;
    std::size_t i = 0;
    for (; i + 1 < len; i += 2)
    {
        sum += (uint32_t(data[i]) << 8) | data[i + 1];
    }
    if (i < len)
    {
        sum += uint32_t(data[i]) << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

uint16_t
ChecksumAdjust16(uint16_t checksum, uint16_t oldWord, uint16_t newWord)
{
    uint32_t sum = uint32_t(uint16_t(~checksum)) + uint16_t(~oldWord) + newWord;
    return static_cast<uint16_t>(~Fold(sum));
}

uint16_t
ChecksumAdjust32(uint16_t checksum, uint32_t oldValue, uint32_t newValue)
{
    checksum = ChecksumAdjust16(checksum, uint16_t(oldValue >> 16), uint16_t(newValue >> 16));
    return ChecksumAdjust16(checksum, uint16_t(oldValue & 0xFFFF), uint16_t(newValue & 0xFFFF));
}

} // namespace ns3
