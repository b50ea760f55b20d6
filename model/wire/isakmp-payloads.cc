/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "isakmp-payloads.h"

#include "isakmp-field-codec.h"

#include <algorithm>

namespace ns3
{

namespace
{

/**
 * The data length an address ID type requires (RFC 2407 sections
 * 4.6.2.2-4.6.2.8), or 0 when the type has no fixed length.
 */
std::size_t
FixedIdDataLength(uint8_t idType)
{
    switch (idType)
    {
        case IsakmpIdType::kIpv4Addr:
            return 4;
        case IsakmpIdType::kIpv4AddrSubnet:
        case IsakmpIdType::kIpv4AddrRange:
            return 8;
        case IsakmpIdType::kIpv6Addr:
            return 16;
        case IsakmpIdType::kIpv6AddrSubnet:
        case IsakmpIdType::kIpv6AddrRange:
            return 32;
        default:
            return 0;
    }
}

// The field layouts. Each is the parser (Io = IsakmpFieldReader, Self a
// fresh value) and the emitter (Io = IsakmpFieldWriter, Self const).

/// An ID body, RFC 2407 section 4.6.2.
template<typename Io, typename Self>
void
IdFields(Io& io, Self& id)
{
    io.U8(id.idType);
    io.U8(id.protocolId);
    io.U16(id.port);
    io.Rest(id.data);
    const std::size_t fixed = FixedIdDataLength(id.idType);
    io.Require(fixed == 0 || id.data.size() == fixed);
}

/// A notification body, RFC 2408 section 3.14.
template<typename Io, typename Self>
void
NotificationFields(Io& io, Self& n)
{
    io.U32(n.doi);
    io.U8(n.protocolId);
    uint8_t spiSize = 0;
    io.SizeOf8(spiSize, n.spi);
    io.U16(n.type);
    io.Octets(n.spi, spiSize);
    io.Rest(n.data);
}

/// A delete body, RFC 2408 section 3.15.
template<typename Io, typename Self>
void
DeleteFields(Io& io, Self& d)
{
    io.U32(d.doi);
    io.U8(d.protocolId);
    io.U8(d.spiSize);
    uint16_t spiCount = 0;
    io.Count16(spiCount, d.spis);
    io.Resize(d.spis, spiCount, d.spiSize);
    for (auto& spi : d.spis)
    {
        io.Octets(spi, d.spiSize);
    }
}

/// A NAT-OA body, RFC 3947 section 5.2 (IPv4 only).
template<typename Io, typename Self>
void
NatOaFields(Io& io, Self& oa)
{
    io.U8(oa.idType);
    io.Require(oa.idType == IsakmpIdType::kIpv4Addr);
    io.Reserved(3);
    io.Array(oa.address);
}

/// CKY-I | CKY-R, the SPI of the ISAKMP SA.
Bytes
CookiePair(const std::array<uint8_t, 8>& initiatorCookie,
           const std::array<uint8_t, 8>& responderCookie)
{
    Bytes spi(initiatorCookie.begin(), initiatorCookie.end());
    spi.insert(spi.end(), responderCookie.begin(), responderCookie.end());
    return spi;
}

/// A 32-bit value in network order.
Bytes
U32Bytes(uint32_t v)
{
    return Bytes{static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                 static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

/// The 32-bit value of 4 octets in network order.
uint32_t
U32Of(const Bytes& b)
{
    return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
}

} // namespace

// --- IdPayload -------------------------------------------------------------

IdPayload
IdPayload::Ipv4Address(const std::array<uint8_t, 4>& address, uint8_t protocolId, uint16_t port)
{
    IdPayload id;
    id.idType = IsakmpIdType::kIpv4Addr;
    id.protocolId = protocolId;
    id.port = port;
    id.data.assign(address.begin(), address.end());
    return id;
}

IdPayload
IdPayload::Ipv4Subnet(const std::array<uint8_t, 4>& address, const std::array<uint8_t, 4>& mask,
                      uint8_t protocolId, uint16_t port)
{
    IdPayload id;
    id.idType = IsakmpIdType::kIpv4AddrSubnet;
    id.protocolId = protocolId;
    id.port = port;
    id.data.assign(address.begin(), address.end());
    id.data.insert(id.data.end(), mask.begin(), mask.end());
    return id;
}

IdPayload
IdPayload::Fqdn(const std::string& name)
{
    IdPayload id;
    id.idType = IsakmpIdType::kFqdn;
    id.data.assign(name.begin(), name.end());
    return id;
}

IdPayload
IdPayload::UserFqdn(const std::string& name)
{
    IdPayload id;
    id.idType = IsakmpIdType::kUserFqdn;
    id.data.assign(name.begin(), name.end());
    return id;
}

IdPayload
IdPayload::KeyId(const Bytes& keyId)
{
    IdPayload id;
    id.idType = IsakmpIdType::kKeyId;
    id.data = keyId;
    return id;
}

std::optional<std::array<uint8_t, 4>>
IdPayload::GetIpv4Address() const
{
    if (idType != IsakmpIdType::kIpv4Addr || data.size() != 4)
    {
        return std::nullopt;
    }
    return std::array<uint8_t, 4>{data[0], data[1], data[2], data[3]};
}

std::optional<IdIpv4Subnet>
IdPayload::GetIpv4Subnet() const
{
    if (idType != IsakmpIdType::kIpv4AddrSubnet || data.size() != 8)
    {
        return std::nullopt;
    }
    IdIpv4Subnet subnet;
    std::copy(data.begin(), data.begin() + 4, subnet.address.begin());
    std::copy(data.begin() + 4, data.end(), subnet.mask.begin());
    return subnet;
}

std::optional<std::string>
IdPayload::GetName() const
{
    if (idType != IsakmpIdType::kFqdn && idType != IsakmpIdType::kUserFqdn)
    {
        return std::nullopt;
    }
    return std::string(data.begin(), data.end());
}

std::optional<IdPayload>
IdPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<IdPayload>(data, len, [](auto& io, auto& id) { IdFields(io, id); });
}

Bytes
IdPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& id) { IdFields(io, id); });
}

// --- NotificationPayload ---------------------------------------------------

NotificationPayload
NotificationPayload::ForIsakmpSa(uint16_t type, const std::array<uint8_t, 8>& initiatorCookie,
                                 const std::array<uint8_t, 8>& responderCookie, const Bytes& data)
{
    NotificationPayload n;
    n.doi = IsakmpDoi::kIpsec;
    n.protocolId = IsakmpProtocolId::kIsakmp;
    n.type = type;
    n.spi = CookiePair(initiatorCookie, responderCookie);
    n.data = data;
    return n;
}

NotificationPayload
NotificationPayload::Dpd(bool acknowledge, const std::array<uint8_t, 8>& initiatorCookie,
                         const std::array<uint8_t, 8>& responderCookie, uint32_t sequence)
{
    return ForIsakmpSa(acknowledge ? IsakmpNotifyType::kRUThereAck : IsakmpNotifyType::kRUThere,
                       initiatorCookie, responderCookie, U32Bytes(sequence));
}

std::optional<uint32_t>
NotificationPayload::DpdSequence() const
{
    if ((type != IsakmpNotifyType::kRUThere && type != IsakmpNotifyType::kRUThereAck)
        || data.size() != 4)
    {
        return std::nullopt;
    }
    return U32Of(data);
}

std::optional<NotificationPayload>
NotificationPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<NotificationPayload>(
        data, len, [](auto& io, auto& n) { NotificationFields(io, n); });
}

Bytes
NotificationPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& n) { NotificationFields(io, n); });
}

// --- DeletePayload ---------------------------------------------------------

DeletePayload
DeletePayload::ForIsakmpSa(const std::array<uint8_t, 8>& initiatorCookie,
                           const std::array<uint8_t, 8>& responderCookie)
{
    DeletePayload d;
    d.doi = IsakmpDoi::kIpsec;
    d.protocolId = IsakmpProtocolId::kIsakmp;
    d.spiSize = 16;
    d.spis.push_back(CookiePair(initiatorCookie, responderCookie));
    return d;
}

DeletePayload
DeletePayload::ForIpsecSpis(uint8_t protocolId, const std::vector<uint32_t>& spis)
{
    DeletePayload d;
    d.doi = IsakmpDoi::kIpsec;
    d.protocolId = protocolId;
    d.spiSize = 4;
    for (uint32_t spi : spis)
    {
        d.spis.push_back(U32Bytes(spi));
    }
    return d;
}

std::optional<std::vector<uint32_t>>
DeletePayload::GetSpis32() const
{
    if (spiSize != 4)
    {
        return std::nullopt;
    }
    std::vector<uint32_t> values;
    for (const auto& spi : spis)
    {
        if (spi.size() != 4)
        {
            return std::nullopt;
        }
        values.push_back(U32Of(spi));
    }
    return values;
}

std::optional<DeletePayload>
DeletePayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<DeletePayload>(data, len,
                                          [](auto& io, auto& d) { DeleteFields(io, d); });
}

Bytes
DeletePayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& d) { DeleteFields(io, d); });
}

// --- NatOaPayload ----------------------------------------------------------

std::optional<NatOaPayload>
NatOaPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<NatOaPayload>(data, len,
                                         [](auto& io, auto& oa) { NatOaFields(io, oa); });
}

Bytes
NatOaPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& oa) { NatOaFields(io, oa); });
}

// --- NAT-D -----------------------------------------------------------------

Bytes
NatDetectionHashInput(const std::array<uint8_t, 8>& initiatorCookie,
                      const std::array<uint8_t, 8>& responderCookie,
                      const std::array<uint8_t, 4>& address, uint16_t port)
{
    Bytes input = CookiePair(initiatorCookie, responderCookie);
    input.insert(input.end(), address.begin(), address.end());
    input.push_back(static_cast<uint8_t>(port >> 8));
    input.push_back(static_cast<uint8_t>(port));
    return input;
}

} // namespace ns3
