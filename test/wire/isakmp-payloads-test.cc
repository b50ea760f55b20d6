/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Identification (RFC 2407 4.6.2), Notification (RFC 2408 3.14, RFC 3706),
// Delete (RFC 2408 3.15) and NAT-OA (RFC 3947 5.2) payloads, and the
// octets a NAT-D hash covers (RFC 3947 3.2).

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-payloads.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace
{

using ns3::Bytes;
using ns3::DeletePayload;
using ns3::IdPayload;
using ns3::NatOaPayload;
using ns3::NotificationPayload;
namespace IdType = ns3::IsakmpIdType;
namespace Notify = ns3::IsakmpNotifyType;

const std::array<uint8_t, 8> kCookieI{0x59, 0x90, 0xf4, 0x81, 0xd6, 0xa3, 0x62, 0x72};
const std::array<uint8_t, 8> kCookieR{0x86, 0x5a, 0xc0, 0x60, 0x3f, 0x99, 0x64, 0xc6};

Bytes
Cookies()
{
    Bytes spi(kCookieI.begin(), kCookieI.end());
    spi.insert(spi.end(), kCookieR.begin(), kCookieR.end());
    return spi;
}

template<typename T>
void
ExpectEveryCutRefused(const Bytes& body)
{
    for (std::size_t n = 0; n < body.size(); ++n)
    {
        Bytes prefix(body.begin(), body.begin() + n);
        EXPECT_FALSE(T::Parse(prefix.data(), prefix.size()).has_value()) << n;
    }
}

// --- Identification ---------------------------------------------------------

TEST(IsakmpIdPayload, Ipv4Address)
{
    IdPayload id = IdPayload::Ipv4Address({192, 168, 1, 2}, 17, 500);
    const Bytes body{0x01, 0x11, 0x01, 0xf4, 192, 168, 1, 2};
    EXPECT_EQ(id.Serialize(), body);
    auto back = IdPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, id);
    EXPECT_EQ(back->GetIpv4Address(), (std::array<uint8_t, 4>{192, 168, 1, 2}));
    EXPECT_FALSE(back->GetIpv4Subnet().has_value());
    EXPECT_FALSE(back->GetName().has_value());
    EXPECT_EQ(id.ToPayload().type, ns3::IsakmpPayloadType::kIdentification);
}

TEST(IsakmpIdPayload, Ipv4SubnetAsQuickModeSendsIt)
{
    // IDci of the v1-realnatd Quick Mode: 10.1.0.0/255.255.255.0, any.
    IdPayload id = IdPayload::Ipv4Subnet({10, 1, 0, 0}, {255, 255, 255, 0});
    const Bytes body{0x04, 0x00, 0x00, 0x00, 10, 1, 0, 0, 255, 255, 255, 0};
    EXPECT_EQ(id.Serialize(), body);
    auto back = IdPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    auto subnet = back->GetIpv4Subnet();
    ASSERT_TRUE(subnet.has_value());
    EXPECT_EQ(*subnet, (ns3::IdIpv4Subnet{{10, 1, 0, 0}, {255, 255, 255, 0}}));
    EXPECT_FALSE(back->GetIpv4Address().has_value());
}

TEST(IsakmpIdPayload, NamesAndKeyId)
{
    // IDii of the v1-realnatd Main Mode 5: FQDN "ini.lab".
    const Bytes body{0x02, 0x00, 0x00, 0x00, 'i', 'n', 'i', '.', 'l', 'a', 'b'};
    EXPECT_EQ(IdPayload::Fqdn("ini.lab").Serialize(), body);
    auto back = IdPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetName(), "ini.lab");
    IdPayload user = IdPayload::UserFqdn("vpn@ini.lab");
    EXPECT_EQ(user.idType, IdType::kUserFqdn);
    EXPECT_EQ(user.GetName(), "vpn@ini.lab");
    IdPayload key = IdPayload::KeyId({1, 2, 3});
    EXPECT_EQ(key.Serialize(), (Bytes{0x0b, 0, 0, 0, 1, 2, 3}));
    EXPECT_FALSE(key.GetName().has_value());
}

TEST(IsakmpIdPayload, AddressTypesNeedTheirExactLength)
{
    for (const auto& [type, length] :
         std::vector<std::pair<uint8_t, std::size_t>>{{IdType::kIpv4Addr, 4},
                                                      {IdType::kIpv4AddrSubnet, 8},
                                                      {IdType::kIpv6Addr, 16},
                                                      {IdType::kIpv6AddrSubnet, 32},
                                                      {IdType::kIpv4AddrRange, 8},
                                                      {IdType::kIpv6AddrRange, 32}})
    {
        for (std::size_t n : {length - 1, length, length + 1})
        {
            Bytes body{type, 0, 0, 0};
            body.resize(4 + n, 7);
            EXPECT_EQ(IdPayload::Parse(body.data(), body.size()).has_value(), n == length)
                << int(type) << " " << n;
            IdPayload id;
            id.idType = type;
            id.data = Bytes(n, 7);
            EXPECT_EQ(id.Serialize().empty(), n != length);
        }
    }
}

TEST(IsakmpIdPayload, RefusesFewerThanFourOctets)
{
    ExpectEveryCutRefused<IdPayload>(IdPayload::Ipv4Address({1, 2, 3, 4}).Serialize());
    // An empty name is four octets and allowed.
    const Bytes empty{0x02, 0, 0, 0};
    EXPECT_TRUE(IdPayload::Parse(empty.data(), empty.size()).has_value());
    EXPECT_FALSE(IdPayload::Parse(nullptr, 4).has_value());
}

// --- Notification -------------------------------------------------------------

TEST(IsakmpNotificationPayload, InitialContactAsStrongSwanSendsIt)
{
    NotificationPayload n
        = NotificationPayload::ForIsakmpSa(Notify::kInitialContact, kCookieI, kCookieR);
    Bytes body{0x00, 0x00, 0x00, 0x01, 0x01, 0x10, 0x60, 0x02};
    const Bytes cookies = Cookies();
    body.insert(body.end(), cookies.begin(), cookies.end());
    EXPECT_EQ(n.Serialize(), body);
    auto back = NotificationPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, n);
    EXPECT_TRUE(back->data.empty());
    EXPECT_FALSE(back->IsError());
    EXPECT_FALSE(back->DpdSequence().has_value());
}

TEST(IsakmpNotificationPayload, DeadPeerDetection)
{
    // RFC 3706 section 5.1: Protocol-ID ISAKMP, SPI CKY-I | CKY-R, data
    // the 32-bit sequence number.
    NotificationPayload ping = NotificationPayload::Dpd(false, kCookieI, kCookieR, 0x01020304);
    Bytes body{0x00, 0x00, 0x00, 0x01, 0x01, 0x10, 0x8d, 0x28};
    const Bytes cookies = Cookies();
    body.insert(body.end(), cookies.begin(), cookies.end());
    body.insert(body.end(), {0x01, 0x02, 0x03, 0x04});
    EXPECT_EQ(ping.Serialize(), body);
    auto back = NotificationPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->type, Notify::kRUThere);
    EXPECT_EQ(back->DpdSequence(), 0x01020304u);
    NotificationPayload ack = NotificationPayload::Dpd(true, kCookieI, kCookieR, 7);
    EXPECT_EQ(ack.type, Notify::kRUThereAck);
    EXPECT_EQ(ack.DpdSequence(), 7u);
    ack.data.push_back(0);
    EXPECT_FALSE(ack.DpdSequence().has_value());
}

TEST(IsakmpNotificationPayload, ErrorWithoutSpi)
{
    NotificationPayload n;
    n.protocolId = ns3::IsakmpProtocolId::kIsakmp;
    n.type = Notify::kNoProposalChosen;
    EXPECT_TRUE(n.IsError());
    const Bytes body{0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x0e};
    EXPECT_EQ(n.Serialize(), body);
    auto back = NotificationPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, n);
}

TEST(IsakmpNotificationPayload, RefusesAnSpiPastTheEnd)
{
    NotificationPayload n = NotificationPayload::Dpd(false, kCookieI, kCookieR, 1);
    const Bytes body = n.Serialize();
    // Cut before the end of the SPI: refused; inside the data: a shorter
    // notification, as Notification Data has no length of its own.
    for (std::size_t len = 0; len < body.size(); ++len)
    {
        Bytes prefix(body.begin(), body.begin() + len);
        EXPECT_EQ(NotificationPayload::Parse(prefix.data(), prefix.size()).has_value(),
                  len >= 8 + 16)
            << len;
    }
    Bytes bigSpi = body;
    bigSpi[5] = 0xff;
    EXPECT_FALSE(NotificationPayload::Parse(bigSpi.data(), bigSpi.size()).has_value());
    NotificationPayload tooLong;
    tooLong.spi = Bytes(256);
    EXPECT_TRUE(tooLong.Serialize().empty());
}

// --- Delete ---------------------------------------------------------------------

TEST(IsakmpDeletePayload, EspSpisAsStrongSwanSendsThem)
{
    DeletePayload d = DeletePayload::ForIpsecSpis(ns3::IsakmpProtocolId::kEsp, {0xfbeac953});
    const Bytes body{0x00, 0x00, 0x00, 0x01, 0x03, 0x04, 0x00, 0x01, 0xfb, 0xea, 0xc9, 0x53};
    EXPECT_EQ(d.Serialize(), body);
    auto back = DeletePayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, d);
    EXPECT_EQ(back->GetSpis32(), (std::vector<uint32_t>{0xfbeac953}));
    EXPECT_EQ(d.ToPayload().type, ns3::IsakmpPayloadType::kDelete);
}

TEST(IsakmpDeletePayload, IsakmpSaByItsCookies)
{
    DeletePayload d = DeletePayload::ForIsakmpSa(kCookieI, kCookieR);
    Bytes body{0x00, 0x00, 0x00, 0x01, 0x01, 0x10, 0x00, 0x01};
    const Bytes cookies = Cookies();
    body.insert(body.end(), cookies.begin(), cookies.end());
    EXPECT_EQ(d.Serialize(), body);
    auto back = DeletePayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->spis, std::vector<Bytes>{cookies});
    EXPECT_FALSE(back->GetSpis32().has_value());
}

TEST(IsakmpDeletePayload, SeveralSpis)
{
    DeletePayload d
        = DeletePayload::ForIpsecSpis(ns3::IsakmpProtocolId::kAh, {1, 0xdeadbeef, 0xffffffff});
    Bytes body = d.Serialize();
    ASSERT_EQ(body.size(), 8u + 12u);
    EXPECT_EQ(body[7], 3);
    auto back = DeletePayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->GetSpis32(), (std::vector<uint32_t>{1, 0xdeadbeef, 0xffffffff}));
}

TEST(IsakmpDeletePayload, RefusesACountThatDisagreesWithTheOctets)
{
    DeletePayload d = DeletePayload::ForIpsecSpis(ns3::IsakmpProtocolId::kEsp, {1, 2});
    const Bytes body = d.Serialize();
    ExpectEveryCutRefused<DeletePayload>(body);
    Bytes extra = body;
    extra.push_back(0);
    EXPECT_FALSE(DeletePayload::Parse(extra.data(), extra.size()).has_value());
    Bytes huge = body;
    huge[6] = 0xff; // 65282 SPIs declared: refused before any allocation
    huge[7] = 0x02;
    EXPECT_FALSE(DeletePayload::Parse(huge.data(), huge.size()).has_value());
}

TEST(IsakmpDeletePayload, SerializeRefusesSpisOfTheWrongSize)
{
    DeletePayload d = DeletePayload::ForIpsecSpis(ns3::IsakmpProtocolId::kEsp, {1});
    d.spis.push_back({1, 2, 3});
    EXPECT_TRUE(d.Serialize().empty());
}

// --- NAT-OA ---------------------------------------------------------------------

TEST(IsakmpNatOaPayload, IdTypeThreeReservedOctetsAddress)
{
    NatOaPayload oa;
    oa.address = {192, 168, 1, 2};
    const Bytes body{0x01, 0x00, 0x00, 0x00, 192, 168, 1, 2};
    EXPECT_EQ(oa.Serialize(), body);
    auto back = NatOaPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, oa);
    EXPECT_EQ(oa.ToPayload().type, ns3::IsakmpPayloadType::kNatOriginalAddress);
    // RESERVED is ignored on receipt, sent as zero.
    const Bytes reserved{0x01, 0xAA, 0xBB, 0xCC, 192, 168, 1, 2};
    auto lenient = NatOaPayload::Parse(reserved.data(), reserved.size());
    ASSERT_TRUE(lenient.has_value());
    EXPECT_EQ(lenient->Serialize(), body);
}

TEST(IsakmpNatOaPayload, OnlyIpv4OfExactlyEightOctets)
{
    const Bytes body{0x01, 0x00, 0x00, 0x00, 192, 168, 1, 2};
    ExpectEveryCutRefused<NatOaPayload>(body);
    Bytes longer = body;
    longer.push_back(0);
    EXPECT_FALSE(NatOaPayload::Parse(longer.data(), longer.size()).has_value());
    Bytes ipv6(20, 0);
    ipv6[0] = IdType::kIpv6Addr;
    EXPECT_FALSE(NatOaPayload::Parse(ipv6.data(), ipv6.size()).has_value());
    Bytes fqdn = body;
    fqdn[0] = IdType::kFqdn;
    EXPECT_FALSE(NatOaPayload::Parse(fqdn.data(), fqdn.size()).has_value());
    NatOaPayload v6;
    v6.idType = IdType::kIpv6Addr;
    EXPECT_TRUE(v6.Serialize().empty());
}

// --- NAT-D ------------------------------------------------------------------------

TEST(IsakmpNatDetection, HashInputIsCookiesAddressPortInNetworkOrder)
{
    // What strongSwan hashed into the first NAT-D of v1-realnatd Main Mode
    // 3: SHA256(CKY-I | CKY-R | 203.0.113.2 | 500) (RFC 3947 section 3.2).
    Bytes expected = Cookies();
    expected.insert(expected.end(), {203, 0, 113, 2, 0x01, 0xf4});
    EXPECT_EQ(ns3::NatDetectionHashInput(kCookieI, kCookieR, {203, 0, 113, 2}, 500), expected);
    EXPECT_EQ(ns3::NatDetectionHashInput(kCookieI, kCookieR, {203, 0, 113, 1}, 40649).size(), 22u);
}

} // namespace
