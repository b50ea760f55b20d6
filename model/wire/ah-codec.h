/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_AH_CODEC_H
#define IPSEC_NAT_AH_CODEC_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The IP Authentication Header for IPv4 (RFC 4302) and the octets its ICV
 * covers.
 *
 * \verbatim
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Header   |  Payload Len  |          RESERVED             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Security Parameters Index (SPI)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Sequence Number Field                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                Integrity Check Value-ICV (variable)           |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \endverbatim
 *
 * AH authenticates the outer IP header's immutable fields, the source and
 * destination addresses among them (RFC 4302 section 3.3.3.1.1.1). A NAT
 * rewrites exactly those, so the receiver's ICV never matches: AH cannot
 * cross any NAT, and no encapsulation fixes that (RFC 3715 section 2.1).
 * The model reproduces this failure; it is not a bug.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The Authentication Header of an IPv4 packet (RFC 4302 section 2).
 *
 * The RESERVED field is sent as zero and ignored on receipt (section
 * 2.3); it is therefore not part of the value. Only the low 32 bits of an
 * extended sequence number are on the wire (section 2.5.1).
 */
struct AhHeader
{
    uint8_t nextHeader{0};    //!< protocol of what follows AH (section 2.1)
    uint32_t spi{0};          //!< Security Parameters Index (section 2.4)
    uint32_t sequence{0};     //!< Sequence Number (section 2.5)
    std::size_t icvLength{0}; //!< ICV octets (after Parse: the whole ICV field)

    /// Octets of the fixed part: Next Header through Sequence Number.
    static constexpr std::size_t kFixedSize = 12;

    /// The longest ICV field the 8-bit Payload Len can describe:
    /// (255 + 2) * 4 - 12 octets.
    static constexpr std::size_t kMaxIcvLength = (255 + 2) * 4 - kFixedSize;

    /**
     * \return the AH length on the wire: 12 octets plus the ICV padded to a
     *         multiple of 4 octets, as IPv4 requires (sections 2.2, 2.6,
     *         3.3.3.2.1)
     */
    std::size_t Size() const;

    /**
     * \return the Payload Len field: the AH length in 32-bit words minus 2
     *         (section 2.2), e.g. 4 for a 12-octet ICV, 5 for 16 octets
     */
    uint8_t PayloadLengthField() const;

    /**
     * Parse an AH header.
     *
     * The length comes from the Payload Len field, (field + 2) * 4 octets
     * (section 2.2), and must be at least the fixed 12 octets and fit in
     * \p len. The ICV field is the rest; icvLength is its length including
     * any padding, as the receiver cannot tell padding from ICV without
     * the SA (the caller compares it with the SA's ICV length).
     *
     * \param data the first octet of AH (may be null when \p len is 0)
     * \param len the octets available from \p data (AH and what follows)
     * \return the header, or nothing when it is truncated or its Payload
     *         Len is less than 1
     */
    static std::optional<AhHeader> Parse(const uint8_t* data, std::size_t len);

    /**
     * Write the header, the mirror image of Parse(): Size() octets, the
     * RESERVED field zero, the ICV field from \p icv and zero padding.
     *
     * Requires icvLength <= kMaxIcvLength.
     *
     * \param out where Size() octets go
     * \param icv icvLength octets of ICV, or null to write zeros (as the
     *        sender does before it computes the ICV, section 3.3.3.1)
     */
    void Write(uint8_t* out, const uint8_t* icv) const;

    /** \return true when every field is equal */
    bool operator==(const AhHeader& other) const
    {
        return nextHeader == other.nextHeader && spi == other.spi && sequence == other.sequence
               && icvLength == other.icvLength;
    }

    /** \return true when a field differs */
    bool operator!=(const AhHeader& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The octets the AH ICV of an IPv4 packet covers (RFC 4302 section 3.3.3),
 * in order:
 *
 * 1. the IPv4 header with its mutable fields zeroed ("the value of the
 *    field is set to zero for purposes of the ICV computation", section
 *    3.3.3.1; the fields: section 3.3.3.1.1.1): Type of Service (DSCP and
 *    ECN), Flags and Fragment Offset, Time to Live and Header Checksum.
 *    Version, IHL, Total Length, Identification, Protocol and the source
 *    and destination addresses are immutable and kept: this is why any
 *    NAT breaks AH. IPv4 options are all treated as mutable and zeroed
 *    (section 3.3.3.1.1.2 and appendix A.1 call a few immutable, and
 *    loose/strict source routing, whose predictable final destination
 *    would also replace the destination address, is not supported);
 *    simulated peers send no options, so this only matters for foreign
 *    packets;
 * 2. the AH header with the ICV field set to zero (section 3.3.3). The
 *    whole ICV field is zeroed, padding included; the RFC covers padding
 *    as sent (section 3.3.3.2.1), which is the same for the zero padding
 *    Write() emits and for every supported ICV length (12, 16, 24 and 32
 *    octets need no padding on IPv4);
 * 3. the payload that follows AH, immutable in transit (section 3.3.3).
 *
 * Extended sequence numbers (whose high half the ICV also covers, section
 * 3.3.3.2.2) are not supported.
 *
 * \param ipv4Header the outer IPv4 header as transmitted or received
 *        (Protocol 51, Total Length including AH), IHL * 4 octets
 * \param ipv4HeaderLen its length; must equal IHL * 4 and be at least 20
 * \param ah the AH header including its ICV field
 * \param ahLen its length; must equal the length its Payload Len field gives
 * \param payload the octets after AH (may be null when \p payloadLen is 0)
 * \param payloadLen their number
 * \return the covered octets, or an empty vector when the headers are
 *         malformed (never a valid input, which is at least 32 octets)
 */
std::vector<uint8_t> AhIcvInput(const uint8_t* ipv4Header, std::size_t ipv4HeaderLen,
                                const uint8_t* ah, std::size_t ahLen, const uint8_t* payload,
                                std::size_t payloadLen);

} // namespace ns3

#endif /* IPSEC_NAT_AH_CODEC_H */
