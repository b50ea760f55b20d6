/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "udp-encapsulation.h"

#include "esp-codec.h"

namespace ns3
{

namespace
{

/// \return true if the first \p n octets of \p data (at least n long) are zero
bool
LeadingZeros(const uint8_t* data, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        if (data[i] != 0)
        {
            return false;
        }
    }
    return true;
}

/// Octets of the IKEv1 initiator cookie / IKEv2 initiator SPI, the part of
/// the IKE header that is never zero.
constexpr std::size_t kIkeInitiatorCookieSize = 8;

UdpEncapsulatedPayload
Make(UdpEncapsulatedKind kind, std::size_t offset = 0)
{
    UdpEncapsulatedPayload result;
    result.kind = kind;
    result.offset = offset;
    return result;
}

} // namespace

const char*
UdpEncapsulatedKindName(UdpEncapsulatedKind kind)
{
    switch (kind)
    {
        case UdpEncapsulatedKind::ESP:
            return "ESP";
        case UdpEncapsulatedKind::IKE:
            return "IKE";
        case UdpEncapsulatedKind::NAT_KEEPALIVE:
            return "NAT_KEEPALIVE";
        case UdpEncapsulatedKind::INVALID:
            return "INVALID";
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, UdpEncapsulatedKind kind)
{
    return os << UdpEncapsulatedKindName(kind);
}

UdpEncapsulatedPayload
ClassifyUdpEncapsulated(const uint8_t* payload, std::size_t len, bool legacyNonIkeMarker)
{
    if (payload == nullptr || len == 0)
    {
        return Make(UdpEncapsulatedKind::INVALID);
    }
    // RFC 3948 section 2.3 (and the drafts): a single octet 0xFF.
    if (len == kNatKeepaliveSize)
    {
        return Make(payload[0] == kNatKeepalive ? UdpEncapsulatedKind::NAT_KEEPALIVE
                                                : UdpEncapsulatedKind::INVALID);
    }
    if (legacyNonIkeMarker && len >= kLegacyNonIkeMarker.size()
        && LeadingZeros(payload, kLegacyNonIkeMarker.size()))
    {
        // draft-ietf-ipsec-udp-encaps-00/01: non-IKE marker, then ESP.
        if (len >= kLegacyNonIkeMarker.size() + EspHeader::kSize)
        {
            return Make(UdpEncapsulatedKind::ESP, kLegacyNonIkeMarker.size());
        }
        return Make(UdpEncapsulatedKind::INVALID);
    }
    // RFC 3948 section 2.2: non-ESP marker, then IKE.
    if (len >= kNonEspMarker.size() && LeadingZeros(payload, kNonEspMarker.size()))
    {
        return Make(UdpEncapsulatedKind::IKE, kNonEspMarker.size());
    }
    if (legacyNonIkeMarker)
    {
        // The drafts: IKE unmarked, its initiator cookie never zero.
        if (len >= kIkeInitiatorCookieSize)
        {
            return Make(UdpEncapsulatedKind::IKE, 0);
        }
        return Make(UdpEncapsulatedKind::INVALID);
    }
    // RFC 3948 section 2.1: the ESP header directly, SPI never zero
    // (RFC 4303 section 2.1).
    if (len >= EspHeader::kSize)
    {
        return Make(UdpEncapsulatedKind::ESP, 0);
    }
    return Make(UdpEncapsulatedKind::INVALID);
}

} // namespace ns3
