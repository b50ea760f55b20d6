/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The generic payload chain (RFC 2408 section 3.2) and whole messages
// (section 3.1): every length checked, padding after a decrypted chain
// ignored and counted (RFC 2409 appendix B), emit the mirror of parse.

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-header.h"
#include "ns3/isakmp-message.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <sstream>
#include <vector>

namespace
{

using ns3::Bytes;
using ns3::IsakmpHeader;
using ns3::IsakmpMessage;
using ns3::IsakmpParseError;
using ns3::IsakmpPayload;
using ns3::ParsePayloadChain;
using ns3::SerializePayloadChain;
namespace PayloadType = ns3::IsakmpPayloadType;

// KE (3 octets), NONCE (2 octets), VID (empty), by hand.
const Bytes kChain{
    0x0a, 0x00, 0x00, 0x07, 0xA1, 0xA2, 0xA3, // KE, next NONCE, length 7
    0x0d, 0x00, 0x00, 0x06, 0xB1, 0xB2,       // NONCE, next VID, length 6
    0x00, 0x00, 0x00, 0x04,                   // VID, last, length 4
};

const std::vector<IsakmpPayload> kChainPayloads{
    {PayloadType::kKeyExchange, {0xA1, 0xA2, 0xA3}},
    {PayloadType::kNonce, {0xB1, 0xB2}},
    {PayloadType::kVendorId, {}},
};

IsakmpHeader
SampleHeader()
{
    IsakmpHeader header;
    header.initiatorCookie = {1, 2, 3, 4, 5, 6, 7, 8};
    header.responderCookie = {8, 7, 6, 5, 4, 3, 2, 1};
    header.exchangeType = IsakmpHeader::kExchangeMainMode;
    return header;
}

Bytes
MessageOctets(const IsakmpHeader& header, const Bytes& body)
{
    Bytes out(IsakmpHeader::kSize);
    header.Write(out.data());
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

// --- The chain ------------------------------------------------------------

TEST(IsakmpPayloadChain, WalksNextPayloadAndLength)
{
    auto chain = ParsePayloadChain(PayloadType::kKeyExchange, kChain.data(), kChain.size());
    ASSERT_TRUE(chain.IsOk());
    EXPECT_EQ(chain->payloads, kChainPayloads);
    EXPECT_EQ(chain->offsets, (std::vector<std::size_t>{0, 7, 13}));
    EXPECT_EQ(chain->chainLength, kChain.size());
    EXPECT_EQ(chain->ignoredOctets, 0u);
}

TEST(IsakmpPayloadChain, SerializeFillsNextPayloadAndLength)
{
    EXPECT_EQ(SerializePayloadChain(kChainPayloads), kChain);
}

TEST(IsakmpPayloadChain, TrailingPaddingIsIgnoredAndCounted)
{
    // A decrypted body: the chain, then CBC padding (RFC 2409 appendix B).
    Bytes padded = kChain;
    padded.insert(padded.end(), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15});
    auto chain = ParsePayloadChain(PayloadType::kKeyExchange, padded.data(), padded.size());
    ASSERT_TRUE(chain.IsOk());
    EXPECT_EQ(chain->payloads, kChainPayloads);
    EXPECT_EQ(chain->chainLength, kChain.size());
    EXPECT_EQ(chain->ignoredOctets, 15u);
}

TEST(IsakmpPayloadChain, EmptyChain)
{
    auto none = ParsePayloadChain(PayloadType::kNone, nullptr, 0);
    ASSERT_TRUE(none.IsOk());
    EXPECT_TRUE(none->payloads.empty());
    EXPECT_EQ(none->ignoredOctets, 0u);
    // First type 0: every octet is padding.
    auto padding = ParsePayloadChain(PayloadType::kNone, kChain.data(), kChain.size());
    ASSERT_TRUE(padding.IsOk());
    EXPECT_TRUE(padding->payloads.empty());
    EXPECT_EQ(padding->ignoredOctets, kChain.size());
    EXPECT_TRUE(SerializePayloadChain({}).empty());
}

TEST(IsakmpPayloadChain, RefusesATruncatedGenericHeader)
{
    // 0 to 3 octets where a generic header should be.
    for (std::size_t n = 0; n < 4; ++n)
    {
        Bytes octets(kChain.begin(), kChain.begin() + n);
        auto chain = ParsePayloadChain(PayloadType::kKeyExchange, octets.data(), octets.size());
        ASSERT_FALSE(chain.IsOk()) << n;
        EXPECT_EQ(chain.GetError(), IsakmpParseError::TRUNCATED_PAYLOAD);
    }
    // A null pointer with a length is refused, not read.
    auto null = ParsePayloadChain(PayloadType::kKeyExchange, nullptr, 10);
    ASSERT_FALSE(null.IsOk());
    EXPECT_EQ(null.GetError(), IsakmpParseError::TRUNCATED_PAYLOAD);
}

TEST(IsakmpPayloadChain, RefusesPayloadLengthUnderFour)
{
    for (uint8_t length = 0; length < 4; ++length)
    {
        Bytes octets{0x00, 0x00, 0x00, length, 0xEE, 0xEE, 0xEE, 0xEE};
        auto chain = ParsePayloadChain(PayloadType::kHash, octets.data(), octets.size());
        ASSERT_FALSE(chain.IsOk()) << int(length);
        EXPECT_EQ(chain.GetError(), IsakmpParseError::BAD_PAYLOAD_LENGTH);
    }
}

TEST(IsakmpPayloadChain, RefusesPayloadLengthPastTheEnd)
{
    Bytes octets{0x00, 0x00, 0x00, 0x09, 0xEE, 0xEE, 0xEE, 0xEE}; // 9 > 8
    auto chain = ParsePayloadChain(PayloadType::kHash, octets.data(), octets.size());
    ASSERT_FALSE(chain.IsOk());
    EXPECT_EQ(chain.GetError(), IsakmpParseError::TRUNCATED_PAYLOAD);
    Bytes huge{0x00, 0x00, 0xff, 0xff, 0xEE};
    EXPECT_FALSE(ParsePayloadChain(PayloadType::kHash, huge.data(), huge.size()).IsOk());
}

TEST(IsakmpPayloadChain, RefusesANextPayloadWithNothingAfterIt)
{
    // The last payload says another follows, but the octets end.
    Bytes octets{0x0a, 0x00, 0x00, 0x04};
    auto chain = ParsePayloadChain(PayloadType::kHash, octets.data(), octets.size());
    ASSERT_FALSE(chain.IsOk());
    EXPECT_EQ(chain.GetError(), IsakmpParseError::TRUNCATED_PAYLOAD);
}

TEST(IsakmpPayloadChain, EveryCutInsideTheChainIsRefused)
{
    for (std::size_t n = 0; n < kChain.size(); ++n)
    {
        Bytes prefix(kChain.begin(), kChain.begin() + n);
        EXPECT_FALSE(
            ParsePayloadChain(PayloadType::kKeyExchange, prefix.data(), prefix.size()).IsOk())
            << n;
    }
}

TEST(IsakmpPayloadChain, ReservedOctetIsIgnoredOnReceiptAndZeroOnSend)
{
    Bytes octets = kChain;
    octets[1] = 0x5A; // RESERVED of the first generic header
    auto chain = ParsePayloadChain(PayloadType::kKeyExchange, octets.data(), octets.size());
    ASSERT_TRUE(chain.IsOk());
    EXPECT_EQ(chain->payloads, kChainPayloads);
    EXPECT_EQ(SerializePayloadChain(chain->payloads), kChain);
}

TEST(IsakmpPayloadChain, SerializeRefusesWhatCannotBeEncoded)
{
    EXPECT_TRUE(SerializePayloadChain({{PayloadType::kNone, {1, 2}}}).empty());
    EXPECT_TRUE(
        SerializePayloadChain({{PayloadType::kHash, Bytes(IsakmpPayload::kMaxBodySize + 1)}})
            .empty());
    // The largest body still fits: Payload Length 0xffff.
    Bytes largest
        = SerializePayloadChain({{PayloadType::kHash, Bytes(IsakmpPayload::kMaxBodySize, 7)}});
    ASSERT_EQ(largest.size(), 0xffffu);
    EXPECT_EQ(largest[2], 0xff);
    EXPECT_EQ(largest[3], 0xff);
    auto back = ParsePayloadChain(PayloadType::kHash, largest.data(), largest.size());
    ASSERT_TRUE(back.IsOk());
    EXPECT_EQ(back->payloads[0].body.size(), IsakmpPayload::kMaxBodySize);
}

TEST(IsakmpPayloadChain, RandomChainsRoundTrip)
{
    std::mt19937 rng(3947);
    for (int round = 0; round < 300; ++round)
    {
        std::vector<IsakmpPayload> payloads(rng() % 8);
        for (auto& payload : payloads)
        {
            payload.type = static_cast<uint8_t>(1 + rng() % 255);
            payload.body.resize(rng() % 70);
            for (auto& octet : payload.body)
            {
                octet = static_cast<uint8_t>(rng());
            }
        }
        Bytes octets = SerializePayloadChain(payloads);
        const uint8_t first = payloads.empty() ? PayloadType::kNone : payloads[0].type;
        auto chain = ParsePayloadChain(first, octets.data(), octets.size());
        ASSERT_TRUE(chain.IsOk());
        EXPECT_EQ(chain->payloads, payloads);
        EXPECT_EQ(chain->ignoredOctets, 0u);
    }
}

TEST(IsakmpParseError, Names)
{
    EXPECT_STREQ(ns3::IsakmpParseErrorName(IsakmpParseError::TRUNCATED_MESSAGE),
                 "TRUNCATED_MESSAGE");
    EXPECT_STREQ(ns3::IsakmpParseErrorName(IsakmpParseError::UNSUPPORTED_VERSION),
                 "UNSUPPORTED_VERSION");
    EXPECT_STREQ(ns3::IsakmpParseErrorName(IsakmpParseError::BAD_MESSAGE_LENGTH),
                 "BAD_MESSAGE_LENGTH");
    EXPECT_STREQ(ns3::IsakmpParseErrorName(IsakmpParseError::TRUNCATED_PAYLOAD),
                 "TRUNCATED_PAYLOAD");
    std::ostringstream os;
    os << IsakmpParseError::BAD_PAYLOAD_LENGTH;
    EXPECT_EQ(os.str(), "BAD_PAYLOAD_LENGTH");
}

// --- Whole messages -------------------------------------------------------

TEST(IsakmpMessage, SerializeFillsNextPayloadAndLength)
{
    IsakmpMessage message;
    message.header = SampleHeader();
    message.header.nextPayload = 99; // overwritten
    message.header.length = 12345;   // overwritten
    message.payloads = kChainPayloads;
    Bytes octets = message.Serialize();
    IsakmpHeader expected = SampleHeader();
    expected.nextPayload = PayloadType::kKeyExchange;
    expected.length = static_cast<uint32_t>(IsakmpHeader::kSize + kChain.size());
    EXPECT_EQ(octets, MessageOctets(expected, kChain));

    auto back = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_TRUE(back.IsOk());
    EXPECT_EQ(back->header, expected);
    EXPECT_EQ(back->payloads, kChainPayloads);
    EXPECT_TRUE(back->encryptedBody.empty());
    EXPECT_EQ(back->ignoredOctets, 0u);
    EXPECT_EQ(back->Serialize(), octets);
}

TEST(IsakmpMessage, WithoutPayloads)
{
    IsakmpMessage message;
    message.header = SampleHeader();
    message.header.nextPayload = PayloadType::kHash;
    Bytes octets = message.Serialize();
    ASSERT_EQ(octets.size(), IsakmpHeader::kSize);
    auto back = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_TRUE(back.IsOk());
    EXPECT_EQ(back->header.nextPayload, PayloadType::kNone);
    EXPECT_EQ(back->header.length, IsakmpHeader::kSize);
    EXPECT_TRUE(back->payloads.empty());
}

TEST(IsakmpMessage, EncryptedBodyIsKeptAsIs)
{
    IsakmpMessage message;
    message.header = SampleHeader();
    message.header.flags = IsakmpHeader::kFlagEncryption;
    message.header.nextPayload = PayloadType::kIdentification; // first encrypted payload
    message.encryptedBody = Bytes(32, 0xC3);
    message.payloads = kChainPayloads; // not used when encrypted
    Bytes octets = message.Serialize();
    ASSERT_EQ(octets.size(), IsakmpHeader::kSize + 32);
    auto back = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_TRUE(back.IsOk());
    EXPECT_TRUE(back->IsEncrypted());
    EXPECT_EQ(back->header.nextPayload, PayloadType::kIdentification);
    EXPECT_EQ(back->header.length, IsakmpHeader::kSize + 32);
    EXPECT_EQ(back->encryptedBody, Bytes(32, 0xC3));
    EXPECT_TRUE(back->payloads.empty());
    EXPECT_EQ(back->Serialize(), octets);
}

TEST(IsakmpMessage, ParseDecryptedReadsTheChainAndCountsPadding)
{
    IsakmpHeader header = SampleHeader();
    header.flags = IsakmpHeader::kFlagEncryption;
    header.nextPayload = PayloadType::kKeyExchange;
    Bytes plaintext = kChain;
    plaintext.insert(plaintext.end(), 7, 0);
    auto message = IsakmpMessage::ParseDecrypted(header, plaintext.data(), plaintext.size());
    ASSERT_TRUE(message.IsOk());
    EXPECT_EQ(message->header, header);
    EXPECT_EQ(message->payloads, kChainPayloads);
    EXPECT_EQ(message->ignoredOctets, 7u);

    Bytes cut(kChain.begin(), kChain.begin() + 10);
    auto bad = IsakmpMessage::ParseDecrypted(header, cut.data(), cut.size());
    ASSERT_FALSE(bad.IsOk());
    EXPECT_EQ(bad.GetError(), IsakmpParseError::TRUNCATED_PAYLOAD);
}

TEST(IsakmpMessage, FindAndPayloadTypes)
{
    IsakmpMessage message;
    message.payloads
        = {{PayloadType::kSa, {1}}, {PayloadType::kVendorId, {2}}, {PayloadType::kVendorId, {3}}};
    ASSERT_NE(message.Find(PayloadType::kVendorId), nullptr);
    EXPECT_EQ(message.Find(PayloadType::kVendorId)->body, Bytes{2});
    EXPECT_EQ(message.Find(PayloadType::kNonce), nullptr);
    auto vids = message.FindAll(PayloadType::kVendorId);
    ASSERT_EQ(vids.size(), 2u);
    EXPECT_EQ(vids[1]->body, Bytes{3});
    EXPECT_EQ(message.PayloadTypes(), (std::vector<uint8_t>{1, 13, 13}));
}

TEST(IsakmpMessage, RefusesFewerOctetsThanTheHeader)
{
    IsakmpMessage message;
    message.header = SampleHeader();
    message.payloads = kChainPayloads;
    const Bytes octets = message.Serialize();
    EXPECT_EQ(IsakmpMessage::Parse(nullptr, 0).GetError(), IsakmpParseError::TRUNCATED_MESSAGE);
    for (std::size_t n = 0; n < IsakmpHeader::kSize; ++n)
    {
        Bytes prefix(octets.begin(), octets.begin() + n);
        auto result = IsakmpMessage::Parse(prefix.data(), prefix.size());
        ASSERT_FALSE(result.IsOk());
        EXPECT_EQ(result.GetError(), IsakmpParseError::TRUNCATED_MESSAGE) << n;
    }
    // Cut after the header: the Length field says more.
    for (std::size_t n = IsakmpHeader::kSize; n < octets.size(); ++n)
    {
        Bytes prefix(octets.begin(), octets.begin() + n);
        auto result = IsakmpMessage::Parse(prefix.data(), prefix.size());
        ASSERT_FALSE(result.IsOk());
        EXPECT_EQ(result.GetError(), IsakmpParseError::TRUNCATED_MESSAGE) << n;
    }
}

TEST(IsakmpMessage, RefusesOtherMajorVersions)
{
    for (uint8_t version : {0x00, 0x20, 0x21, 0xF0})
    {
        IsakmpHeader header = SampleHeader();
        header.version = version;
        header.length = IsakmpHeader::kSize;
        Bytes octets = MessageOctets(header, {});
        auto result = IsakmpMessage::Parse(octets.data(), octets.size());
        ASSERT_FALSE(result.IsOk());
        EXPECT_EQ(result.GetError(), IsakmpParseError::UNSUPPORTED_VERSION);
    }
    // A minor version other than 0 is not the codec's business.
    IsakmpHeader header = SampleHeader();
    header.version = 0x11;
    header.length = IsakmpHeader::kSize;
    Bytes octets = MessageOctets(header, {});
    EXPECT_TRUE(IsakmpMessage::Parse(octets.data(), octets.size()).IsOk());
}

TEST(IsakmpMessage, RefusesALengthFieldThatDisagrees)
{
    IsakmpHeader header = SampleHeader();
    header.nextPayload = PayloadType::kKeyExchange;
    // Shorter than the header itself.
    for (uint32_t length : {0u, 1u, 27u})
    {
        header.length = length;
        Bytes octets = MessageOctets(header, kChain);
        auto result = IsakmpMessage::Parse(octets.data(), octets.size());
        ASSERT_FALSE(result.IsOk());
        EXPECT_EQ(result.GetError(), IsakmpParseError::BAD_MESSAGE_LENGTH);
    }
    // Shorter than the datagram.
    header.length = static_cast<uint32_t>(IsakmpHeader::kSize + kChain.size() - 1);
    Bytes octets = MessageOctets(header, kChain);
    auto shorter = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_FALSE(shorter.IsOk());
    EXPECT_EQ(shorter.GetError(), IsakmpParseError::BAD_MESSAGE_LENGTH);
    // Longer than the datagram.
    header.length = 0xffffffff;
    octets = MessageOctets(header, kChain);
    auto longer = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_FALSE(longer.IsOk());
    EXPECT_EQ(longer.GetError(), IsakmpParseError::TRUNCATED_MESSAGE);
}

TEST(IsakmpMessage, PassesChainErrorsOn)
{
    IsakmpHeader header = SampleHeader();
    header.nextPayload = PayloadType::kHash;
    Bytes body{0x00, 0x00, 0x00, 0x02, 0xEE, 0xEE}; // Payload Length 2
    header.length = static_cast<uint32_t>(IsakmpHeader::kSize + body.size());
    Bytes octets = MessageOctets(header, body);
    auto result = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_FALSE(result.IsOk());
    EXPECT_EQ(result.GetError(), IsakmpParseError::BAD_PAYLOAD_LENGTH);
}

TEST(IsakmpMessage, PlaintextOctetsAfterTheChainAreCounted)
{
    IsakmpHeader header = SampleHeader();
    header.nextPayload = PayloadType::kKeyExchange;
    Bytes body = kChain;
    body.push_back(0x00);
    body.push_back(0x00);
    header.length = static_cast<uint32_t>(IsakmpHeader::kSize + body.size());
    Bytes octets = MessageOctets(header, body);
    auto result = IsakmpMessage::Parse(octets.data(), octets.size());
    ASSERT_TRUE(result.IsOk());
    EXPECT_EQ(result->ignoredOctets, 2u);
    // Serialize emits the chain without them.
    EXPECT_EQ(result->Serialize().size(), octets.size() - 2);
}

TEST(IsakmpMessage, SerializeRefusesAnUnencodableChain)
{
    IsakmpMessage message;
    message.header = SampleHeader();
    message.payloads = {{PayloadType::kNone, {1}}};
    EXPECT_TRUE(message.Serialize().empty());
}

} // namespace
