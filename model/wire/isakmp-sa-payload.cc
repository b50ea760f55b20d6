/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "isakmp-sa-payload.h"

#include "isakmp-field-codec.h"

#include <algorithm>
#include <utility>

namespace ns3
{

namespace
{

// The field layouts. Each is the parser (Io = IsakmpFieldReader, Self a
// fresh value) and the emitter (Io = IsakmpFieldWriter, Self const).

/// A data attribute, RFC 2408 section 3.3.
template<typename Io, typename Self>
void
AttributeFields(Io& io, Self& a)
{
    io.FlagAndType(a.basic, a.type);
    if (a.basic)
    {
        io.U16(a.value);
    }
    else
    {
        uint16_t length = 0;
        io.SizeOf16(length, a.variable);
        io.Octets(a.variable, length);
    }
}

/// A transform body, RFC 2408 section 3.6.
template<typename Io, typename Self>
void
TransformFields(Io& io, Self& t)
{
    io.U8(t.number);
    io.U8(t.transformId);
    io.Reserved(2);
    io.List(t.attributes, [](auto& inner, auto& a) { AttributeFields(inner, a); });
}

/// A proposal body, RFC 2408 section 3.5.
template<typename Io, typename Self>
void
ProposalFields(Io& io, Self& p)
{
    io.U8(p.number);
    io.U8(p.protocolId);
    uint8_t spiSize = 0;
    io.SizeOf8(spiSize, p.spi);
    uint8_t transformCount = 0;
    io.Count8(transformCount, p.transforms);
    io.Octets(p.spi, spiSize);
    io.NestedList(p.transforms, IsakmpPayloadType::kTransform,
                  [](auto& inner, auto& t) { TransformFields(inner, t); });
    io.Require(p.transforms.size() == transformCount);
}

/// An SA body, RFC 2408 section 3.4 with the IPsec DOI situation of RFC
/// 2407 section 4.6.1 (SIT_IDENTITY_ONLY: no further situation fields).
template<typename Io, typename Self>
void
SaFields(Io& io, Self& sa)
{
    io.U32(sa.doi);
    io.U32(sa.situation);
    io.Require(sa.doi == IsakmpDoi::kIpsec && sa.situation == IpsecSituation::kIdentityOnly);
    io.NestedList(sa.proposals, IsakmpPayloadType::kProposal,
                  [](auto& inner, auto& p) { ProposalFields(inner, p); });
}

} // namespace

// --- DataAttribute --------------------------------------------------------

DataAttribute
DataAttribute::Basic(uint16_t type, uint16_t value)
{
    DataAttribute a;
    a.type = type;
    a.basic = true;
    a.value = value;
    return a;
}

DataAttribute
DataAttribute::Variable(uint16_t type, Bytes value)
{
    DataAttribute a;
    a.type = type;
    a.basic = false;
    a.variable = std::move(value);
    return a;
}

DataAttribute
DataAttribute::Integer(uint16_t type, uint64_t value)
{
    if (value <= 0xffff)
    {
        return Basic(type, static_cast<uint16_t>(value));
    }
    const std::size_t octets = value <= 0xffffffffu ? 4 : 8;
    Bytes bytes(octets);
    for (std::size_t i = 0; i < octets; ++i)
    {
        bytes[octets - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
    }
    return Variable(type, std::move(bytes));
}

std::optional<uint64_t>
DataAttribute::IntegerValue() const
{
    if (basic)
    {
        return value;
    }
    if (variable.empty() || variable.size() > 8)
    {
        return std::nullopt;
    }
    uint64_t result = 0;
    for (uint8_t octet : variable)
    {
        result = (result << 8) | octet;
    }
    return result;
}

std::size_t
DataAttribute::Size() const
{
    return basic ? 4 : 4 + variable.size();
}

std::optional<DataAttribute>
DataAttribute::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<DataAttribute>(data, len,
                                          [](auto& io, auto& a) { AttributeFields(io, a); });
}

Bytes
DataAttribute::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& a) { AttributeFields(io, a); });
}

std::optional<std::vector<DataAttribute>>
ParseDataAttributes(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<std::vector<DataAttribute>>(
        data, len,
        [](auto& io, auto& list)
        { io.List(list, [](auto& inner, auto& a) { AttributeFields(inner, a); }); });
}

Bytes
SerializeDataAttributes(const std::vector<DataAttribute>& attributes)
{
    return IsakmpSerializeWith(
        attributes, [](auto& io, auto& list)
        { io.List(list, [](auto& inner, auto& a) { AttributeFields(inner, a); }); });
}

// --- TransformPayload ------------------------------------------------------

const DataAttribute*
TransformPayload::FindAttribute(uint16_t type) const
{
    for (const auto& attribute : attributes)
    {
        if (attribute.type == type)
        {
            return &attribute;
        }
    }
    return nullptr;
}

std::optional<uint64_t>
TransformPayload::GetAttribute(uint16_t type) const
{
    const DataAttribute* attribute = FindAttribute(type);
    if (attribute == nullptr)
    {
        return std::nullopt;
    }
    return attribute->IntegerValue();
}

void
TransformPayload::SetAttribute(uint16_t type, uint64_t value)
{
    SetAttribute(DataAttribute::Integer(type, value));
}

void
TransformPayload::SetAttribute(const DataAttribute& attribute)
{
    for (auto& existing : attributes)
    {
        if (existing.type == attribute.type)
        {
            existing = attribute;
            return;
        }
    }
    attributes.push_back(attribute);
}

bool
TransformPayload::RemoveAttribute(uint16_t type)
{
    const auto before = attributes.size();
    attributes.erase(std::remove_if(attributes.begin(), attributes.end(),
                                    [type](const DataAttribute& a) { return a.type == type; }),
                     attributes.end());
    return attributes.size() != before;
}

std::optional<TransformPayload>
TransformPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<TransformPayload>(data, len,
                                             [](auto& io, auto& t) { TransformFields(io, t); });
}

Bytes
TransformPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& t) { TransformFields(io, t); });
}

// --- ProposalPayload -------------------------------------------------------

std::optional<ProposalPayload>
ProposalPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<ProposalPayload>(data, len,
                                            [](auto& io, auto& p) { ProposalFields(io, p); });
}

Bytes
ProposalPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& p) { ProposalFields(io, p); });
}

// --- SaPayload -------------------------------------------------------------

std::optional<SaPayload>
SaPayload::Parse(const uint8_t* data, std::size_t len)
{
    return IsakmpParseWith<SaPayload>(data, len, [](auto& io, auto& sa) { SaFields(io, sa); });
}

Bytes
SaPayload::Serialize() const
{
    return IsakmpSerializeWith(*this, [](auto& io, auto& sa) { SaFields(io, sa); });
}

} // namespace ns3
