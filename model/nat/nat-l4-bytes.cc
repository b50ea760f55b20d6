/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-l4-bytes.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatL4Bytes);

TypeId
NatL4Bytes::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NatL4Bytes")
                            .SetParent<Header>()
                            .SetGroupName("IpsecNat")
                            .AddConstructor<NatL4Bytes>();
    return tid;
}

NatL4Bytes::NatL4Bytes() = default;

NatL4Bytes::NatL4Bytes(const uint8_t* data, uint32_t length)
    : m_length(std::min(length, kMaxLength))
{
    std::copy(data, data + m_length, m_data.begin());
}

TypeId
NatL4Bytes::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
NatL4Bytes::Print(std::ostream& os) const
{
    os << "translated transport header " << m_length << " octets";
}

uint32_t
NatL4Bytes::GetSerializedSize() const
{
    return m_length;
}

void
NatL4Bytes::Serialize(Buffer::Iterator start) const
{
    start.Write(m_data.data(), m_length);
}

uint32_t
NatL4Bytes::Deserialize(Buffer::Iterator start)
{
    uint32_t n = std::min(m_length, start.GetRemainingSize());
    start.Read(m_data.data(), n);
    m_length = n;
    return n;
}

uint32_t
NatL4Bytes::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t n = std::min<uint32_t>(end.GetDistanceFrom(start), kMaxLength);
    start.Read(m_data.data(), n);
    m_length = n;
    return n;
}

} // namespace ns3
