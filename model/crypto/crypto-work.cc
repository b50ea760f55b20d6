/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "crypto-work.h"

namespace ns3
{

namespace
{
std::map<uint16_t, uint64_t>
Minus(const std::map<uint16_t, uint64_t>& now, const std::map<uint16_t, uint64_t>& earlier)
{
    std::map<uint16_t, uint64_t> d;
    for (const auto& [group, count] : now)
    {
        auto it = earlier.find(group);
        uint64_t before = it == earlier.end() ? 0 : it->second;
        if (count > before)
        {
            d[group] = count - before;
        }
    }
    return d;
}
} // namespace

CryptoWork
CryptoWork::operator-(const CryptoWork& earlier) const
{
    CryptoWork d;
    d.dhGenerate = Minus(dhGenerate, earlier.dhGenerate);
    d.dhAgree = Minus(dhAgree, earlier.dhAgree);
    for (std::size_t i = 0; i < prf.size(); ++i)
    {
        d.prf[i] = prf[i] - earlier.prf[i];
    }
    return d;
}

bool
CryptoWork::Empty() const
{
    for (uint64_t n : prf)
    {
        if (n != 0)
        {
            return false;
        }
    }
    return dhGenerate.empty() && dhAgree.empty();
}

CryptoWork&
CryptoWorkTally()
{
    thread_local CryptoWork tally;
    return tally;
}

} // namespace ns3
