/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The ISAKMP header (RFC 2408 section 3.1) and the numbers every other
// codec relies on (RFC 2408, 2407, 2409, 3947, 3706).

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-header.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace
{

using ns3::IsakmpHeader;

// The header of Main Mode 2 in the v1-realnatd capture (strongSwan).
const std::vector<uint8_t> kMainMode2Header{
    0x59, 0x90, 0xf4, 0x81, 0xd6, 0xa3, 0x62, 0x72, // CKY-I
    0x86, 0x5a, 0xc0, 0x60, 0x3f, 0x99, 0x64, 0xc6, // CKY-R
    0x01,                                           // next payload SA
    0x10,                                           // version 1.0
    0x02,                                           // Identity Protection
    0x00,                                           // flags
    0x00, 0x00, 0x00, 0x00,                         // message ID
    0x00, 0x00, 0x00, 0xb4,                         // length 180
};

TEST(IsakmpHeader, ParsesEveryFieldInNetworkOrder)
{
    auto header = IsakmpHeader::Parse(kMainMode2Header.data(), kMainMode2Header.size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->initiatorCookie,
              (std::array<uint8_t, 8>{0x59, 0x90, 0xf4, 0x81, 0xd6, 0xa3, 0x62, 0x72}));
    EXPECT_EQ(header->responderCookie,
              (std::array<uint8_t, 8>{0x86, 0x5a, 0xc0, 0x60, 0x3f, 0x99, 0x64, 0xc6}));
    EXPECT_EQ(header->nextPayload, ns3::IsakmpPayloadType::kSa);
    EXPECT_EQ(header->version, IsakmpHeader::kVersion);
    EXPECT_EQ(header->MajorVersion(), 1);
    EXPECT_EQ(header->MinorVersion(), 0);
    EXPECT_EQ(header->exchangeType, IsakmpHeader::kExchangeIdentityProtection);
    EXPECT_EQ(header->flags, 0);
    EXPECT_FALSE(header->IsEncrypted());
    EXPECT_EQ(header->messageId, 0u);
    EXPECT_EQ(header->length, 180u);
}

TEST(IsakmpHeader, WriteIsTheMirrorOfParse)
{
    IsakmpHeader header;
    header.initiatorCookie = {1, 2, 3, 4, 5, 6, 7, 8};
    header.responderCookie = {9, 10, 11, 12, 13, 14, 15, 16};
    header.nextPayload = ns3::IsakmpPayloadType::kHash;
    header.version = 0x10;
    header.exchangeType = IsakmpHeader::kExchangeQuickMode;
    header.flags = IsakmpHeader::kFlagEncryption | IsakmpHeader::kFlagCommit;
    header.messageId = 0x91141d21;
    header.length = 0x01020304;
    std::vector<uint8_t> out(IsakmpHeader::kSize, 0xAA);
    header.Write(out.data());
    EXPECT_EQ(out, (std::vector<uint8_t>{1,    2,    3,    4,    5,    6,    7,    8,    9,    10,
                                         11,   12,   13,   14,   15,   16,   0x08, 0x10, 0x20, 0x03,
                                         0x91, 0x14, 0x1d, 0x21, 0x01, 0x02, 0x03, 0x04}));
    auto back = IsakmpHeader::Parse(out.data(), out.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, header);
    EXPECT_TRUE(back->IsEncrypted());
}

TEST(IsakmpHeader, RoundTripsTheWireOctets)
{
    auto header = IsakmpHeader::Parse(kMainMode2Header.data(), kMainMode2Header.size());
    ASSERT_TRUE(header.has_value());
    std::vector<uint8_t> out(IsakmpHeader::kSize);
    header->Write(out.data());
    EXPECT_EQ(out, kMainMode2Header);
}

TEST(IsakmpHeader, RefusesFewerThan28Octets)
{
    EXPECT_FALSE(IsakmpHeader::Parse(nullptr, 0).has_value());
    EXPECT_FALSE(IsakmpHeader::Parse(nullptr, 28).has_value());
    for (std::size_t n = 0; n < IsakmpHeader::kSize; ++n)
    {
        // Exact-size storage: AddressSanitizer reports any read past it.
        std::vector<uint8_t> prefix(kMainMode2Header.begin(), kMainMode2Header.begin() + n);
        EXPECT_FALSE(IsakmpHeader::Parse(prefix.data(), prefix.size()).has_value()) << n;
    }
}

TEST(IsakmpHeader, ReadsOnlyTheHeaderOfALongerBuffer)
{
    std::vector<uint8_t> longer = kMainMode2Header;
    longer.resize(100, 0xEE);
    auto header = IsakmpHeader::Parse(longer.data(), longer.size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->length, 180u);
}

TEST(IsakmpHeader, FlagAndExchangeNumbers)
{
    // RFC 2408 section 3.1.
    EXPECT_EQ(IsakmpHeader::kFlagEncryption, 0x01);
    EXPECT_EQ(IsakmpHeader::kFlagCommit, 0x02);
    EXPECT_EQ(IsakmpHeader::kFlagAuthOnly, 0x04);
    EXPECT_EQ(IsakmpHeader::kExchangeIdentityProtection, 2);
    EXPECT_EQ(IsakmpHeader::kExchangeMainMode, 2);
    EXPECT_EQ(IsakmpHeader::kExchangeAggressive, 4);
    EXPECT_EQ(IsakmpHeader::kExchangeInformational, 5);
    // RFC 2409 section 5.5.
    EXPECT_EQ(IsakmpHeader::kExchangeQuickMode, 32);
    IsakmpHeader fresh;
    EXPECT_EQ(fresh.version, 0x10);
}

TEST(IsakmpConstants, PayloadTypes)
{
    namespace T = ns3::IsakmpPayloadType;
    // RFC 2408 section 3.1.
    EXPECT_EQ(T::kSa, 1);
    EXPECT_EQ(T::kProposal, 2);
    EXPECT_EQ(T::kTransform, 3);
    EXPECT_EQ(T::kKeyExchange, 4);
    EXPECT_EQ(T::kIdentification, 5);
    EXPECT_EQ(T::kCertificate, 6);
    EXPECT_EQ(T::kCertificateRequest, 7);
    EXPECT_EQ(T::kHash, 8);
    EXPECT_EQ(T::kSignature, 9);
    EXPECT_EQ(T::kNonce, 10);
    EXPECT_EQ(T::kNotification, 11);
    EXPECT_EQ(T::kDelete, 12);
    EXPECT_EQ(T::kVendorId, 13);
    // RFC 3947 sections 3.2, 5.2, and the drafts' private-use numbers.
    EXPECT_EQ(T::kNatDiscovery, 20);
    EXPECT_EQ(T::kNatOriginalAddress, 21);
    EXPECT_EQ(T::kNatDiscoveryDraft, 130);
    EXPECT_EQ(T::kNatOriginalAddressDraft, 131);
}

TEST(IsakmpConstants, NotifyTypes)
{
    namespace N = ns3::IsakmpNotifyType;
    // RFC 2408 section 3.14.1.
    EXPECT_EQ(N::kInvalidPayloadType, 1);
    EXPECT_EQ(N::kInvalidCookie, 4);
    EXPECT_EQ(N::kInvalidExchangeType, 7);
    EXPECT_EQ(N::kNoProposalChosen, 14);
    EXPECT_EQ(N::kPayloadMalformed, 16);
    EXPECT_EQ(N::kInvalidIdInformation, 18);
    EXPECT_EQ(N::kInvalidHashInformation, 23);
    EXPECT_EQ(N::kAuthenticationFailed, 24);
    EXPECT_EQ(N::kUnequalPayloadLengths, 30);
    EXPECT_EQ(N::kConnected, 16384);
    // RFC 2407 section 4.6.3.
    EXPECT_EQ(N::kResponderLifetime, 24576);
    EXPECT_EQ(N::kReplayStatus, 24577);
    EXPECT_EQ(N::kInitialContact, 24578);
    // RFC 3706 section 5.1.
    EXPECT_EQ(N::kRUThere, 36136);
    EXPECT_EQ(N::kRUThereAck, 36137);
}

TEST(IsakmpConstants, AttributeAndTransformNumbers)
{
    // RFC 2409 appendix A.
    EXPECT_EQ(ns3::IkeAttributeType::kEncryptionAlgorithm, 1);
    EXPECT_EQ(ns3::IkeAttributeType::kHashAlgorithm, 2);
    EXPECT_EQ(ns3::IkeAttributeType::kAuthenticationMethod, 3);
    EXPECT_EQ(ns3::IkeAttributeType::kGroupDescription, 4);
    EXPECT_EQ(ns3::IkeAttributeType::kLifeType, 11);
    EXPECT_EQ(ns3::IkeAttributeType::kLifeDuration, 12);
    EXPECT_EQ(ns3::IkeAttributeType::kKeyLength, 14);
    EXPECT_EQ(ns3::IkeEncryptionAlgorithm::kDesCbc, 1);
    EXPECT_EQ(ns3::IkeEncryptionAlgorithm::k3DesCbc, 5);
    EXPECT_EQ(ns3::IkeEncryptionAlgorithm::kAesCbc, 7);
    EXPECT_EQ(ns3::IkeHashAlgorithm::kMd5, 1);
    EXPECT_EQ(ns3::IkeHashAlgorithm::kSha1, 2);
    EXPECT_EQ(ns3::IkeHashAlgorithm::kSha256, 4);
    EXPECT_EQ(ns3::IkeAuthenticationMethod::kPreSharedKey, 1);
    EXPECT_EQ(ns3::IkeAuthenticationMethod::kRsaSignatures, 3);
    EXPECT_EQ(ns3::IkeGroup::kModp2048, 14);
    // RFC 2407 sections 4.4, 4.5; RFC 3947 section 5.1.
    EXPECT_EQ(ns3::IsakmpProtocolId::kIsakmp, 1);
    EXPECT_EQ(ns3::IsakmpProtocolId::kAh, 2);
    EXPECT_EQ(ns3::IsakmpProtocolId::kEsp, 3);
    EXPECT_EQ(ns3::IsakmpTransformId::kKeyIke, 1);
    EXPECT_EQ(ns3::EspTransformId::kDes, 2);
    EXPECT_EQ(ns3::EspTransformId::k3Des, 3);
    EXPECT_EQ(ns3::EspTransformId::kNull, 11);
    EXPECT_EQ(ns3::EspTransformId::kAesCbc, 12);
    EXPECT_EQ(ns3::EspTransformId::kAesGcm16, 20);
    EXPECT_EQ(ns3::AhTransformId::kMd5, 2);
    EXPECT_EQ(ns3::AhTransformId::kSha, 3);
    EXPECT_EQ(ns3::AhTransformId::kSha256, 5);
    EXPECT_EQ(ns3::IpsecAttributeType::kSaLifeType, 1);
    EXPECT_EQ(ns3::IpsecAttributeType::kSaLifeDuration, 2);
    EXPECT_EQ(ns3::IpsecAttributeType::kGroupDescription, 3);
    EXPECT_EQ(ns3::IpsecAttributeType::kEncapsulationMode, 4);
    EXPECT_EQ(ns3::IpsecAttributeType::kAuthenticationAlgorithm, 5);
    EXPECT_EQ(ns3::IpsecAttributeType::kKeyLength, 6);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kTunnel, 1);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kTransport, 2);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kUdpEncapsulatedTunnel, 3);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kUdpEncapsulatedTransport, 4);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kUdpEncapsulatedTunnelDraft, 61443);
    EXPECT_EQ(ns3::IpsecEncapsulationMode::kUdpEncapsulatedTransportDraft, 61444);
    EXPECT_EQ(ns3::IpsecAuthenticationAlgorithm::kHmacSha1, 2);
    EXPECT_EQ(ns3::IpsecAuthenticationAlgorithm::kHmacSha256, 5);
    // RFC 2407 section 4.6.2.1.
    EXPECT_EQ(ns3::IsakmpIdType::kIpv4Addr, 1);
    EXPECT_EQ(ns3::IsakmpIdType::kFqdn, 2);
    EXPECT_EQ(ns3::IsakmpIdType::kUserFqdn, 3);
    EXPECT_EQ(ns3::IsakmpIdType::kIpv4AddrSubnet, 4);
    EXPECT_EQ(ns3::IsakmpIdType::kKeyId, 11);
}

TEST(IsakmpConstants, VendorIdsAreTheMd5OfTheirNames)
{
    // md5sum of "RFC 3947", "draft-ietf-ipsec-nat-t-ike-02", the same with
    // "\n", "draft-ietf-ipsec-nat-t-ike-03"; RFC 3706 section 5.1 for DPD.
    namespace V = ns3::IsakmpVendorId;
    EXPECT_EQ(V::kRfc3947,
              (std::array<uint8_t, 16>{0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57,
                                       0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f}));
    EXPECT_EQ(V::kNatTDraft02[0], 0xcd);
    EXPECT_EQ(V::kNatTDraft02[15], 0x48);
    EXPECT_EQ(V::kNatTDraft02N[0], 0x90);
    EXPECT_EQ(V::kNatTDraft02N[15], 0x1f);
    EXPECT_EQ(V::kNatTDraft03[0], 0x7d);
    EXPECT_EQ(V::kNatTDraft03[15], 0x56);
    EXPECT_EQ(V::kDpd, (std::array<uint8_t, 16>{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
                                                0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00}));
}

} // namespace
