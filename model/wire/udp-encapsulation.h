/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_UDP_ENCAPSULATION_H
#define IPSEC_NAT_UDP_ENCAPSULATION_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>

/**
 * \file
 * \ingroup ipsec-nat
 * What travels in the payload of a UDP datagram on the NAT-T port (RFC 3948
 * sections 2.1-2.3 and 4, RFC 3947 section 4), and how a receiver tells
 * the kinds apart.
 *
 * RFC 3948 (and draft-ietf-ipsec-udp-encaps-02 onwards):
 * \verbatim
 *   ESP:        | UDP header | ESP header (SPI != 0) ... |          section 2.1
 *   IKE:        | UDP header | 0x00000000 | IKE header ... |        section 2.2
 *   keepalive:  | UDP header | 0xFF |                                section 2.3
 * \endverbatim
 *
 * draft-ietf-ipsec-udp-encaps-00/01 (the "non-IKE marker" that some
 * vendor documentation still describes; Linux UDP_ENCAP_ESPINUDP_NON_IKE):
 * \verbatim
 *   ESP:        | UDP header | 0x0000000000000000 | ESP header ... |
 *   IKE:        | UDP header | IKE header (initiator cookie != 0) ... |
 *   keepalive:  | UDP header | 0xFF |
 * \endverbatim
 */

namespace ns3
{

/// UDP port of IKE (RFC 2408 section 2.5.2; RFC 3947 section 4).
constexpr uint16_t kIkePort = 500;

/// UDP port IKE floats to once a NAT is detected, and ESP-in-UDP's port
/// (RFC 3947 section 4, RFC 3948 section 1).
constexpr uint16_t kNatTPort = 4500;

/// The one-octet payload of a NAT-keepalive packet (RFC 3948 section 2.3).
constexpr uint8_t kNatKeepalive = 0xFF;

/// Octets of a NAT-keepalive payload.
constexpr std::size_t kNatKeepaliveSize = 1;

/// The non-ESP marker: four zero octets in front of an IKE message on the
/// NAT-T port, where an ESP header would have its (never zero) SPI (RFC
/// 3948 section 2.2).
constexpr std::array<uint8_t, 4> kNonEspMarker{0, 0, 0, 0};

/// The legacy non-IKE marker: eight zero octets in front of an ESP header,
/// where an IKE header would have its (never zero) initiator cookie
/// (draft-ietf-ipsec-udp-encaps-00/01; replaced by kNonEspMarker in -02).
constexpr std::array<uint8_t, 8> kLegacyNonIkeMarker{0, 0, 0, 0, 0, 0, 0, 0};

/**
 * \ingroup ipsec-nat
 * What a UDP payload on the NAT-T port carries.
 */
enum class UdpEncapsulatedKind
{
    ESP,           //!< an ESP packet (RFC 3948 section 2.1)
    IKE,           //!< an IKE message (RFC 3948 section 2.2)
    NAT_KEEPALIVE, //!< a NAT-keepalive, to be discarded (RFC 3948 sections 2.3, 4)
    INVALID,       //!< none of these: too short, or a keepalive-like octet that is not 0xFF
};

/**
 * \ingroup ipsec-nat
 * \param kind a kind
 * \return its name, e.g. "NAT_KEEPALIVE" (never null)
 */
const char* UdpEncapsulatedKindName(UdpEncapsulatedKind kind);

/**
 * \ingroup ipsec-nat
 * Print the name of a kind.
 * \param os the stream
 * \param kind the kind
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, UdpEncapsulatedKind kind);

/**
 * \ingroup ipsec-nat
 * The result of ClassifyUdpEncapsulated().
 */
struct UdpEncapsulatedPayload
{
    UdpEncapsulatedKind kind{UdpEncapsulatedKind::INVALID}; //!< what the payload is
    std::size_t offset{0}; //!< where the ESP or IKE header starts; 0 for the other kinds
};

/**
 * \ingroup ipsec-nat
 * Tell an ESP packet, an IKE message and a NAT-keepalive apart in the
 * payload of a UDP datagram received on the NAT-T port.
 *
 * With \p legacyNonIkeMarker false (RFC 3948, what every current stack
 * sends), in this order:
 * - exactly one octet 0xFF: NAT_KEEPALIVE (section 2.3; section 4: the
 *   receiver ignores it);
 * - at least 4 octets, the first 4 zero: IKE at offset 4, after the
 *   non-ESP marker (section 2.2);
 * - at least 8 octets (an ESP header), the first 4 not zero: ESP at
 *   offset 0 (section 2.1: the ESP header follows the UDP header directly
 *   and its SPI is never zero, RFC 4303 section 2.1);
 * - anything else (empty, one octet other than 0xFF, 2-3 octets, or 4-7
 *   octets not starting with the marker): INVALID.
 *
 * With \p legacyNonIkeMarker true (draft-ietf-ipsec-udp-encaps-00/01, as
 * Linux's UDP_ENCAP_ESPINUDP_NON_IKE receives it):
 * - exactly one octet 0xFF: NAT_KEEPALIVE (as above);
 * - the first 8 octets zero: ESP at offset 8, after the non-IKE marker,
 *   if an ESP header (8 octets) follows; INVALID if not;
 * - at least 4 octets, the first 4 zero: IKE at offset 4. The drafts send
 *   IKE unmarked, but accepting the RFC 3948 non-ESP marker as well costs
 *   nothing: an unmarked IKE message starting with four zero octets would
 *   need an initiator cookie whose first half is zero (a wholly zero
 *   cookie is not IKE, which is what the non-IKE marker relies on);
 * - at least 8 octets, the first 4 not zero: IKE at offset 0 (the drafts
 *   send IKE unmarked; its initiator cookie is never zero). ESP without the
 *   marker does not exist in this mode;
 * - anything else: INVALID.
 *
 * Only the leading octets are looked at: whether an ESP packet has an SA,
 * or an IKE message parses, is for the next layer to find out.
 *
 * \param payload the UDP payload (may be null when \p len is 0)
 * \param len its length
 * \param legacyNonIkeMarker use the draft-00/01 framing instead of RFC 3948
 * \return the kind and, for ESP and IKE, where their header starts
 */
UdpEncapsulatedPayload ClassifyUdpEncapsulated(const uint8_t* payload, std::size_t len,
                                               bool legacyNonIkeMarker);

} // namespace ns3

#endif /* IPSEC_NAT_UDP_ENCAPSULATION_H */
