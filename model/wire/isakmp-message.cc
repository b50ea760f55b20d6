/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "isakmp-message.h"

#include "isakmp-field-codec.h"

#include <cstdint>
#include <limits>
#include <utility>

namespace ns3
{

namespace
{

/// The generic payload header, RFC 2408 section 3.2. The length includes
/// these 4 octets.
template<typename Io, typename Next, typename Length>
void
GenericHeaderFields(Io& io, Next& nextPayload, Length& payloadLength)
{
    io.U8(nextPayload);
    io.Reserved(1);
    io.U16(payloadLength);
}

} // namespace

IsakmpResult<IsakmpPayloadChain>
ParsePayloadChain(uint8_t firstType, const uint8_t* data, std::size_t len)
{
    if (data == nullptr && len != 0)
    {
        return IsakmpParseError::TRUNCATED_PAYLOAD;
    }
    IsakmpPayloadChain chain;
    // Room for the payloads of any IKEv1 message this module exchanges
    // (Main Mode 1 with its vendor IDs is the longest chain).
    chain.payloads.reserve(8);
    chain.offsets.reserve(8);
    IsakmpFieldReader reader(data, len);
    uint8_t type = firstType;
    while (type != IsakmpPayloadType::kNone)
    {
        const std::size_t offset = reader.Position();
        uint8_t next = 0;
        uint16_t length = 0;
        GenericHeaderFields(reader, next, length);
        if (!reader.Ok())
        {
            return IsakmpParseError::TRUNCATED_PAYLOAD;
        }
        if (length < IsakmpPayload::kGenericHeaderSize)
        {
            return IsakmpParseError::BAD_PAYLOAD_LENGTH;
        }
        IsakmpPayload payload;
        payload.type = type;
        reader.Octets(payload.body, length - IsakmpPayload::kGenericHeaderSize);
        if (!reader.Ok())
        {
            return IsakmpParseError::TRUNCATED_PAYLOAD;
        }
        chain.payloads.push_back(std::move(payload));
        chain.offsets.push_back(offset);
        type = next;
    }
    chain.chainLength = reader.Position();
    chain.ignoredOctets = reader.Remaining();
    return chain;
}

Bytes
SerializePayloadChain(const std::vector<IsakmpPayload>& payloads)
{
    std::size_t total = 0;
    for (const IsakmpPayload& payload : payloads)
    {
        total += IsakmpPayload::kGenericHeaderSize + payload.body.size();
    }
    IsakmpFieldWriter writer(total);
    for (std::size_t i = 0; i < payloads.size(); ++i)
    {
        const IsakmpPayload& payload = payloads[i];
        writer.Require(payload.type != IsakmpPayloadType::kNone
                       && payload.body.size() <= IsakmpPayload::kMaxBodySize);
        const uint8_t next = i + 1 < payloads.size() ? payloads[i + 1].type : uint8_t{0};
        const auto length
            = static_cast<uint16_t>(payload.body.size() + IsakmpPayload::kGenericHeaderSize);
        GenericHeaderFields(writer, next, length);
        writer.Rest(payload.body);
    }
    return writer.Take();
}

IsakmpResult<IsakmpMessage>
IsakmpMessage::Parse(const uint8_t* data, std::size_t len)
{
    auto header = IsakmpHeader::Parse(data, len);
    if (!header)
    {
        return IsakmpParseError::TRUNCATED_MESSAGE;
    }
    if (header->MajorVersion() != 1)
    {
        return IsakmpParseError::UNSUPPORTED_VERSION;
    }
    if (header->length < IsakmpHeader::kSize)
    {
        return IsakmpParseError::BAD_MESSAGE_LENGTH;
    }
    if (header->length > len)
    {
        return IsakmpParseError::TRUNCATED_MESSAGE;
    }
    if (header->length != len)
    {
        return IsakmpParseError::BAD_MESSAGE_LENGTH;
    }
    const uint8_t* body = data + IsakmpHeader::kSize;
    const std::size_t bodyLength = header->length - IsakmpHeader::kSize;
    if (header->IsEncrypted())
    {
        IsakmpMessage message;
        message.header = *header;
        message.encryptedBody.assign(body, body + bodyLength);
        return message;
    }
    return ParseDecrypted(*header, body, bodyLength);
}

IsakmpResult<IsakmpMessage>
IsakmpMessage::ParseDecrypted(const IsakmpHeader& header, const uint8_t* plaintext, std::size_t len)
{
    auto chain = ParsePayloadChain(header.nextPayload, plaintext, len);
    if (!chain)
    {
        return chain.GetError();
    }
    IsakmpMessage message;
    message.header = header;
    message.payloads = std::move(chain->payloads);
    message.ignoredOctets = chain->ignoredOctets;
    return message;
}

Bytes
IsakmpMessage::Serialize() const
{
    IsakmpHeader out = header;
    Bytes body;
    if (out.IsEncrypted())
    {
        body = encryptedBody;
    }
    else
    {
        body = SerializePayloadChain(payloads);
        if (body.empty() && !payloads.empty())
        {
            return {};
        }
        out.nextPayload = payloads.empty() ? IsakmpPayloadType::kNone : payloads.front().type;
    }
    if (body.size() > std::numeric_limits<uint32_t>::max() - IsakmpHeader::kSize)
    {
        return {};
    }
    out.length = static_cast<uint32_t>(IsakmpHeader::kSize + body.size());
    Bytes octets;
    octets.reserve(IsakmpHeader::kSize + body.size());
    octets.resize(IsakmpHeader::kSize);
    out.Write(octets.data());
    octets.insert(octets.end(), body.begin(), body.end());
    return octets;
}

const IsakmpPayload*
IsakmpMessage::Find(uint8_t type) const
{
    for (const auto& payload : payloads)
    {
        if (payload.type == type)
        {
            return &payload;
        }
    }
    return nullptr;
}

std::vector<const IsakmpPayload*>
IsakmpMessage::FindAll(uint8_t type) const
{
    std::vector<const IsakmpPayload*> found;
    for (const auto& payload : payloads)
    {
        if (payload.type == type)
        {
            found.push_back(&payload);
        }
    }
    return found;
}

std::vector<uint8_t>
IsakmpMessage::PayloadTypes() const
{
    std::vector<uint8_t> types;
    types.reserve(payloads.size());
    for (const auto& payload : payloads)
    {
        types.push_back(payload.type);
    }
    return types;
}

} // namespace ns3
