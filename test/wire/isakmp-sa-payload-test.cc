/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SA payload family: data attributes (RFC 2408 section 3.3),
// transforms (3.6), proposals (3.5) and the SA (3.4, RFC 2407 4.6.1).

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-sa-payload.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace
{

using ns3::Bytes;
using ns3::DataAttribute;
using ns3::ParseDataAttributes;
using ns3::ProposalPayload;
using ns3::SaPayload;
using ns3::SerializeDataAttributes;
using ns3::TransformPayload;
namespace IkeAttr = ns3::IkeAttributeType;
namespace IpsecAttr = ns3::IpsecAttributeType;

// strongSwan's Main Mode 1 SA body (v1-realnatd frame 1): one proposal,
// one KEY_IKE transform, aes128-sha256-modp2048, PSK, 15840 s.
const Bytes kPhase1SaBody{
    0x00, 0x00, 0x00, 0x01,                         // DOI IPsec
    0x00, 0x00, 0x00, 0x01,                         // SIT_IDENTITY_ONLY
    0x00, 0x00, 0x00, 0x2c,                         // proposal, last, length 44
    0x01, 0x01, 0x00, 0x01,                         // #1, ISAKMP, SPI size 0, 1 transform
    0x00, 0x00, 0x00, 0x24,                         // transform, last, length 36
    0x01, 0x01, 0x00, 0x00,                         // #1, KEY_IKE, reserved
    0x80, 0x01, 0x00, 0x07, 0x80, 0x0e, 0x00, 0x80, // AES-CBC, 128 bits
    0x80, 0x02, 0x00, 0x04, 0x80, 0x04, 0x00, 0x0e, // SHA2-256, group 14
    0x80, 0x03, 0x00, 0x01, 0x80, 0x0b, 0x00, 0x01, // PSK, seconds
    0x80, 0x0c, 0x3d, 0xe0,                         // 15840
};

TransformPayload
Phase1Transform()
{
    TransformPayload t;
    t.number = 1;
    t.transformId = ns3::IsakmpTransformId::kKeyIke;
    t.SetAttribute(IkeAttr::kEncryptionAlgorithm, ns3::IkeEncryptionAlgorithm::kAesCbc);
    t.SetAttribute(IkeAttr::kKeyLength, 128);
    t.SetAttribute(IkeAttr::kHashAlgorithm, ns3::IkeHashAlgorithm::kSha256);
    t.SetAttribute(IkeAttr::kGroupDescription, ns3::IkeGroup::kModp2048);
    t.SetAttribute(IkeAttr::kAuthenticationMethod, ns3::IkeAuthenticationMethod::kPreSharedKey);
    t.SetAttribute(IkeAttr::kLifeType, ns3::IsakmpLifeType::kSeconds);
    t.SetAttribute(IkeAttr::kLifeDuration, 15840);
    return t;
}

TransformPayload
EspTransform(uint8_t number, uint8_t id)
{
    TransformPayload t;
    t.number = number;
    t.transformId = id;
    t.SetAttribute(IpsecAttr::kEncapsulationMode,
                   ns3::IpsecEncapsulationMode::kUdpEncapsulatedTunnel);
    t.SetAttribute(IpsecAttr::kSaLifeType, ns3::IsakmpLifeType::kSeconds);
    t.SetAttribute(IpsecAttr::kSaLifeDuration, 86400); // 4-octet TLV
    t.SetAttribute(IpsecAttr::kKeyLength, 128);
    return t;
}

// --- Data attributes ------------------------------------------------------

TEST(IsakmpDataAttribute, BasicIsTypeWithAfBitAndValue)
{
    const Bytes octets{0x80, 0x0e, 0x00, 0x80};
    auto a = DataAttribute::Parse(octets.data(), octets.size());
    ASSERT_TRUE(a.has_value());
    EXPECT_TRUE(a->basic);
    EXPECT_EQ(a->type, IkeAttr::kKeyLength);
    EXPECT_EQ(a->value, 128);
    EXPECT_EQ(a->IntegerValue(), 128u);
    EXPECT_EQ(a->Size(), 4u);
    EXPECT_EQ(a->Serialize(), octets);
    EXPECT_EQ(*a, DataAttribute::Basic(14, 128));
}

TEST(IsakmpDataAttribute, VariableIsTypeLengthValue)
{
    const Bytes octets{0x00, 0x0c, 0x00, 0x04, 0x00, 0x01, 0x51, 0x80};
    auto a = DataAttribute::Parse(octets.data(), octets.size());
    ASSERT_TRUE(a.has_value());
    EXPECT_FALSE(a->basic);
    EXPECT_EQ(a->type, IkeAttr::kLifeDuration);
    EXPECT_EQ(a->variable, (Bytes{0x00, 0x01, 0x51, 0x80}));
    EXPECT_EQ(a->IntegerValue(), 86400u);
    EXPECT_EQ(a->Size(), 8u);
    EXPECT_EQ(a->Serialize(), octets);
}

TEST(IsakmpDataAttribute, IntegerPicksTheShortestForm)
{
    EXPECT_EQ(DataAttribute::Integer(12, 15840).Serialize(), (Bytes{0x80, 0x0c, 0x3d, 0xe0}));
    EXPECT_EQ(DataAttribute::Integer(12, 0xffff).Serialize(), (Bytes{0x80, 0x0c, 0xff, 0xff}));
    EXPECT_EQ(DataAttribute::Integer(12, 0x10000).Serialize(),
              (Bytes{0x00, 0x0c, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00}));
    EXPECT_EQ(DataAttribute::Integer(2, 0x0102030405ull).Serialize(),
              (Bytes{0x00, 0x02, 0x00, 0x08, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05}));
    EXPECT_EQ(DataAttribute::Integer(2, 0x0102030405ull).IntegerValue(), 0x0102030405ull);
}

TEST(IsakmpDataAttribute, IntegerValueOnlyForOneToEightOctets)
{
    EXPECT_FALSE(DataAttribute::Variable(1, {}).IntegerValue().has_value());
    EXPECT_FALSE(DataAttribute::Variable(1, Bytes(9, 1)).IntegerValue().has_value());
    EXPECT_EQ(DataAttribute::Variable(1, {0x2a}).IntegerValue(), 42u);
}

TEST(IsakmpDataAttribute, ParseRefusesAnythingButExactlyOneAttribute)
{
    const Bytes basic{0x80, 0x01, 0x00, 0x07};
    for (std::size_t n = 0; n < basic.size(); ++n)
    {
        Bytes prefix(basic.begin(), basic.begin() + n);
        EXPECT_FALSE(DataAttribute::Parse(prefix.data(), prefix.size()).has_value()) << n;
    }
    const Bytes variable{0x00, 0x0c, 0x00, 0x04, 0x00, 0x01, 0x51, 0x80};
    for (std::size_t n = 0; n < variable.size(); ++n)
    {
        Bytes prefix(variable.begin(), variable.begin() + n);
        EXPECT_FALSE(DataAttribute::Parse(prefix.data(), prefix.size()).has_value()) << n;
    }
    Bytes longer = basic;
    longer.push_back(0);
    EXPECT_FALSE(DataAttribute::Parse(longer.data(), longer.size()).has_value());
    const Bytes lengthPastEnd{0x00, 0x0c, 0xff, 0xff, 0x00};
    EXPECT_FALSE(DataAttribute::Parse(lengthPastEnd.data(), lengthPastEnd.size()).has_value());
    EXPECT_FALSE(DataAttribute::Parse(nullptr, 4).has_value());
}

TEST(IsakmpDataAttribute, EmptyVariableValueRoundTrips)
{
    const Bytes octets{0x00, 0x10, 0x00, 0x00};
    auto a = DataAttribute::Parse(octets.data(), octets.size());
    ASSERT_TRUE(a.has_value());
    EXPECT_FALSE(a->basic);
    EXPECT_TRUE(a->variable.empty());
    EXPECT_EQ(a->Serialize(), octets);
}

TEST(IsakmpDataAttribute, SerializeRefusesWhatCannotBeEncoded)
{
    EXPECT_TRUE(DataAttribute::Basic(0x8000, 1).Serialize().empty());
    EXPECT_TRUE(DataAttribute::Variable(1, Bytes(0x10000)).Serialize().empty());
    EXPECT_EQ(DataAttribute::Variable(0x7fff, Bytes(0xffff)).Serialize().size(), 0xffffu + 4);
}

TEST(IsakmpDataAttribute, ListsRoundTrip)
{
    const std::vector<DataAttribute> list{DataAttribute::Basic(1, 7),
                                          DataAttribute::Integer(2, 1u << 20),
                                          DataAttribute::Variable(3, {})};
    Bytes octets = SerializeDataAttributes(list);
    EXPECT_EQ(octets.size(), 4u + 8u + 4u);
    auto back = ParseDataAttributes(octets.data(), octets.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, list);
    auto empty = ParseDataAttributes(nullptr, 0);
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());
    octets.pop_back();
    EXPECT_FALSE(ParseDataAttributes(octets.data(), octets.size()).has_value());
}

// --- Transforms -------------------------------------------------------------

TEST(IsakmpTransform, MatchesStrongSwansPhase1Transform)
{
    const Bytes body(kPhase1SaBody.begin() + 20, kPhase1SaBody.end());
    EXPECT_EQ(Phase1Transform().Serialize(), body);
    auto t = TransformPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(*t, Phase1Transform());
    EXPECT_EQ(t->GetAttribute(IkeAttr::kLifeDuration), 15840u);
}

TEST(IsakmpTransform, AttributeHelpers)
{
    TransformPayload t = Phase1Transform();
    ASSERT_NE(t.FindAttribute(IkeAttr::kGroupDescription), nullptr);
    EXPECT_EQ(t.FindAttribute(IkeAttr::kPrf), nullptr);
    EXPECT_FALSE(t.GetAttribute(IkeAttr::kPrf).has_value());
    // Set replaces in place, keeping the order.
    t.SetAttribute(IkeAttr::kGroupDescription, ns3::IkeGroup::kModp1024);
    EXPECT_EQ(t.attributes[3], DataAttribute::Basic(IkeAttr::kGroupDescription, 2));
    EXPECT_EQ(t.attributes.size(), 7u);
    // A long lifetime becomes a TLV.
    t.SetAttribute(IkeAttr::kLifeDuration, 86400);
    EXPECT_FALSE(t.FindAttribute(IkeAttr::kLifeDuration)->basic);
    EXPECT_EQ(t.GetAttribute(IkeAttr::kLifeDuration), 86400u);
    t.SetAttribute(DataAttribute::Basic(IkeAttr::kPrf, 1));
    EXPECT_EQ(t.attributes.size(), 8u);
    EXPECT_TRUE(t.RemoveAttribute(IkeAttr::kPrf));
    EXPECT_FALSE(t.RemoveAttribute(IkeAttr::kPrf));
    EXPECT_EQ(t.attributes.size(), 7u);
    auto back = TransformPayload::Parse(t.Serialize().data(), t.Serialize().size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, t);
}

TEST(IsakmpTransform, WithoutAttributes)
{
    TransformPayload t;
    t.number = 2;
    t.transformId = ns3::AhTransformId::kSha256;
    EXPECT_EQ(t.Serialize(), (Bytes{0x02, 0x05, 0x00, 0x00}));
    const Bytes octets{0x02, 0x05, 0x00, 0x00};
    auto back = TransformPayload::Parse(octets.data(), octets.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, t);
}

TEST(IsakmpTransform, RefusesACutAttribute)
{
    const Bytes body(kPhase1SaBody.begin() + 20, kPhase1SaBody.end());
    for (std::size_t n = 0; n < body.size(); ++n)
    {
        Bytes prefix(body.begin(), body.begin() + n);
        auto t = TransformPayload::Parse(prefix.data(), prefix.size());
        // Cuts at an attribute boundary leave a shorter, valid transform.
        const bool boundary = n >= 4 && n % 4 == 0;
        EXPECT_EQ(t.has_value(), boundary) << n;
    }
}

// --- Proposals ----------------------------------------------------------------

TEST(IsakmpProposal, NestedTransformsAreChainedWithThreeThenZero)
{
    ProposalPayload p;
    p.number = 1;
    p.protocolId = ns3::IsakmpProtocolId::kEsp;
    p.spi = {0xfb, 0xea, 0xc9, 0x53};
    p.transforms = {EspTransform(1, ns3::EspTransformId::kAesCbc),
                    EspTransform(2, ns3::EspTransformId::kAesGcm16)};
    Bytes body = p.Serialize();
    ASSERT_GE(body.size(), 12u);
    EXPECT_EQ(body[0], 1); // proposal #
    EXPECT_EQ(body[1], 3); // ESP
    EXPECT_EQ(body[2], 4); // SPI size
    EXPECT_EQ(body[3], 2); // # of transforms
    EXPECT_EQ(body[8], 3); // first transform: another transform follows
    const std::size_t firstLength = (body[10] << 8) | body[11];
    EXPECT_EQ(body[8 + firstLength], 0); // second: the last
    auto back = ProposalPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, p);
}

TEST(IsakmpProposal, RefusesAWrongTransformCount)
{
    ProposalPayload p;
    p.protocolId = ns3::IsakmpProtocolId::kEsp;
    p.spi = {1, 2, 3, 4};
    p.transforms = {EspTransform(1, 12)};
    Bytes body = p.Serialize();
    ASSERT_TRUE(ProposalPayload::Parse(body.data(), body.size()).has_value());
    for (uint8_t count : {0, 2, 255})
    {
        Bytes wrong = body;
        wrong[3] = count;
        EXPECT_FALSE(ProposalPayload::Parse(wrong.data(), wrong.size()).has_value()) << int(count);
    }
}

TEST(IsakmpProposal, RefusesWrongNestedNextPayloadFields)
{
    ProposalPayload p;
    p.protocolId = ns3::IsakmpProtocolId::kEsp;
    p.spi = {1, 2, 3, 4};
    p.transforms = {EspTransform(1, 12), EspTransform(2, 3)};
    const Bytes body = p.Serialize();
    const std::size_t first = 8;
    const std::size_t second = first + ((body[first + 2] << 8) | body[first + 3]);
    // The first says "last" (0): the count then disagrees and octets remain.
    Bytes early = body;
    early[first] = 0;
    EXPECT_FALSE(ProposalPayload::Parse(early.data(), early.size()).has_value());
    // The first says "proposal" (2) instead of "transform" (3).
    Bytes wrongType = body;
    wrongType[first] = 2;
    EXPECT_FALSE(ProposalPayload::Parse(wrongType.data(), wrongType.size()).has_value());
    // The last says another transform follows.
    Bytes noEnd = body;
    noEnd[second] = 3;
    EXPECT_FALSE(ProposalPayload::Parse(noEnd.data(), noEnd.size()).has_value());
    // A transform length under 4, and one past the end.
    for (uint16_t length : {0, 3, 0xffff})
    {
        Bytes badLength = body;
        badLength[second + 2] = static_cast<uint8_t>(length >> 8);
        badLength[second + 3] = static_cast<uint8_t>(length);
        EXPECT_FALSE(ProposalPayload::Parse(badLength.data(), badLength.size()).has_value());
    }
}

TEST(IsakmpProposal, RefusesAnSpiPastTheEnd)
{
    const Bytes body{0x01, 0x03, 0x10, 0x01, 0xAA, 0xBB}; // SPI size 16, 2 octets
    EXPECT_FALSE(ProposalPayload::Parse(body.data(), body.size()).has_value());
}

TEST(IsakmpProposal, SerializeRefusesWhatCannotBeEncoded)
{
    ProposalPayload empty;
    empty.protocolId = ns3::IsakmpProtocolId::kEsp;
    EXPECT_TRUE(empty.Serialize().empty()); // no transform
    ProposalPayload longSpi;
    longSpi.spi = Bytes(256);
    longSpi.transforms = {EspTransform(1, 12)};
    EXPECT_TRUE(longSpi.Serialize().empty());
    ProposalPayload many;
    many.transforms.assign(256, EspTransform(1, 12));
    EXPECT_TRUE(many.Serialize().empty());
    many.transforms.resize(255);
    EXPECT_FALSE(many.Serialize().empty());
}

// --- SA -----------------------------------------------------------------------

TEST(IsakmpSaPayload, MatchesStrongSwansMainMode1Sa)
{
    SaPayload sa;
    ProposalPayload p;
    p.number = 1;
    p.protocolId = ns3::IsakmpProtocolId::kIsakmp;
    p.transforms = {Phase1Transform()};
    sa.proposals = {p};
    EXPECT_EQ(sa.Serialize(), kPhase1SaBody);
    EXPECT_EQ(sa.ToPayload().type, ns3::IsakmpPayloadType::kSa);
    auto back = SaPayload::Parse(kPhase1SaBody.data(), kPhase1SaBody.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, sa);
}

TEST(IsakmpSaPayload, SeveralProposalsAreChainedWithTwoThenZero)
{
    // AH and ESP together (both #1, an AND), or ESP alone (#2), RFC 2408 4.2.
    ProposalPayload ah;
    ah.number = 1;
    ah.protocolId = ns3::IsakmpProtocolId::kAh;
    ah.spi = {0, 0, 0x10, 0x01};
    TransformPayload sha;
    sha.transformId = ns3::AhTransformId::kSha;
    sha.SetAttribute(IpsecAttr::kAuthenticationAlgorithm,
                     ns3::IpsecAuthenticationAlgorithm::kHmacSha1);
    ah.transforms = {sha};
    ProposalPayload esp;
    esp.number = 1;
    esp.protocolId = ns3::IsakmpProtocolId::kEsp;
    esp.spi = {0, 0, 0x10, 0x02};
    esp.transforms = {EspTransform(1, 12)};
    ProposalPayload espAlone = esp;
    espAlone.number = 2;
    SaPayload sa;
    sa.proposals = {ah, esp, espAlone};
    Bytes body = sa.Serialize();
    ASSERT_FALSE(body.empty());
    std::size_t at = 8;
    std::vector<uint8_t> nexts;
    while (at + 4 <= body.size())
    {
        nexts.push_back(body[at]);
        at += (body[at + 2] << 8) | body[at + 3];
    }
    EXPECT_EQ(at, body.size());
    EXPECT_EQ(nexts, (std::vector<uint8_t>{2, 2, 0}));
    auto back = SaPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, sa);
}

TEST(IsakmpSaPayload, OnlyTheIpsecDoiWithIdentityOnlySituation)
{
    Bytes otherDoi = kPhase1SaBody;
    otherDoi[3] = 0; // DOI 0 (ISAKMP)
    EXPECT_FALSE(SaPayload::Parse(otherDoi.data(), otherDoi.size()).has_value());
    Bytes secrecy = kPhase1SaBody;
    secrecy[7] = 0x03; // SIT_IDENTITY_ONLY | SIT_SECRECY: labelled fields would follow
    EXPECT_FALSE(SaPayload::Parse(secrecy.data(), secrecy.size()).has_value());
    SaPayload sa = *SaPayload::Parse(kPhase1SaBody.data(), kPhase1SaBody.size());
    sa.doi = 2;
    EXPECT_TRUE(sa.Serialize().empty());
}

TEST(IsakmpSaPayload, RefusesOctetsAfterTheLastProposalAndNoProposal)
{
    Bytes trailing = kPhase1SaBody;
    trailing.push_back(0);
    EXPECT_FALSE(SaPayload::Parse(trailing.data(), trailing.size()).has_value());
    Bytes bare(kPhase1SaBody.begin(), kPhase1SaBody.begin() + 8);
    EXPECT_FALSE(SaPayload::Parse(bare.data(), bare.size()).has_value());
    EXPECT_TRUE(SaPayload{}.Serialize().empty());
}

TEST(IsakmpSaPayload, EveryCutIsRefused)
{
    for (std::size_t n = 0; n < kPhase1SaBody.size(); ++n)
    {
        Bytes prefix(kPhase1SaBody.begin(), kPhase1SaBody.begin() + n);
        EXPECT_FALSE(SaPayload::Parse(prefix.data(), prefix.size()).has_value()) << n;
    }
}

TEST(IsakmpSaPayload, RandomSasRoundTrip)
{
    std::mt19937 rng(2408);
    for (int round = 0; round < 200; ++round)
    {
        SaPayload sa;
        sa.proposals.resize(1 + rng() % 3);
        for (auto& p : sa.proposals)
        {
            p.number = static_cast<uint8_t>(rng());
            p.protocolId = static_cast<uint8_t>(1 + rng() % 4);
            p.spi.resize(rng() % 17);
            for (auto& octet : p.spi)
            {
                octet = static_cast<uint8_t>(rng());
            }
            p.transforms.resize(1 + rng() % 3);
            for (auto& t : p.transforms)
            {
                t.number = static_cast<uint8_t>(rng());
                t.transformId = static_cast<uint8_t>(rng());
                for (unsigned i = rng() % 6; i > 0; --i)
                {
                    const auto type = static_cast<uint16_t>(rng() & 0x7fff);
                    if (rng() % 2)
                    {
                        t.attributes.push_back(
                            DataAttribute::Basic(type, static_cast<uint16_t>(rng())));
                    }
                    else
                    {
                        t.attributes.push_back(DataAttribute::Variable(type, Bytes(rng() % 9, 5)));
                    }
                }
            }
        }
        Bytes body = sa.Serialize();
        ASSERT_FALSE(body.empty());
        auto back = SaPayload::Parse(body.data(), body.size());
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, sa);
    }
}

} // namespace
