/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_L4_BYTES_H
#define IPSEC_NAT_NAT_L4_BYTES_H

#include "ns3/header.h"

#include <array>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The first octets of a transport header as raw bytes.
 *
 * A NAT rewrites ports, identifiers and checksums in place without
 * re-encoding the header (a real box patches bytes and adjusts checksums
 * incrementally, RFC 1624, so a corrupt checksum stays corrupt). ns-3 has no
 * way to patch packet bytes, so the NAT removes the octets it changes and
 * puts them back as this header. On the wire nothing differs.
 */
class NatL4Bytes : public Header
{
public:
    /// Longest prefix handled: the fixed part of a TCP header.
    static constexpr uint32_t kMaxLength = 20;

    /** \return the TypeId */
    static TypeId GetTypeId();
    NatL4Bytes();
    /**
     * \param data the octets
     * \param length how many (at most kMaxLength)
     */
    NatL4Bytes(const uint8_t* data, uint32_t length);

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

private:
    std::array<uint8_t, kMaxLength> m_data{}; //!< the octets
    uint32_t m_length{8};                     //!< how many are used
};

} // namespace ns3

#endif /* IPSEC_NAT_NAT_L4_BYTES_H */
