/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "isakmp-header.h"

#include "isakmp-field-codec.h"

#include <cstring>

namespace ns3
{

namespace
{

/// The header layout, RFC 2408 section 3.1.
template<typename Io, typename Self>
void
HeaderFields(Io& io, Self& h)
{
    io.Array(h.initiatorCookie);
    io.Array(h.responderCookie);
    io.U8(h.nextPayload);
    io.U8(h.version);
    io.U8(h.exchangeType);
    io.U8(h.flags);
    io.U32(h.messageId);
    io.U32(h.length);
}

} // namespace

std::optional<IsakmpHeader>
IsakmpHeader::Parse(const uint8_t* data, std::size_t len)
{
    if (data == nullptr || len < kSize)
    {
        return std::nullopt;
    }
    IsakmpFieldReader reader(data, kSize);
    IsakmpHeader header;
    HeaderFields(reader, header);
    if (!reader.Finished())
    {
        return std::nullopt;
    }
    return header;
}

void
IsakmpHeader::Write(uint8_t* out) const
{
    IsakmpFieldWriter writer;
    HeaderFields(writer, *this);
    Bytes octets = writer.Take();
    std::memcpy(out, octets.data(), kSize);
}

} // namespace ns3
