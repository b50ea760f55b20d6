/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The SAD's outbound index by SPI (RFC 4301 section 4.4.2). Outbound SPIs
 * are chosen by the peers, so two peers of a hub may choose the same one:
 * lookups by SPI find the SA of the lowest bundle, removal takes exactly
 * that SA, and the bundle lookup keeps using the newest SA of a bundle.
 */

#include "ns3/ipsec-helper.h"
#include "ns3/security-association-database.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace ns3
{
namespace
{

std::unique_ptr<SecurityAssociation>
MakeSa(uint32_t spi, const char* destination)
{
    IpsecSaConfig c;
    c.spi = spi;
    c.protocol = IpsecProtocol::ESP;
    c.mode = IpsecMode::TUNNEL;
    c.source = Ipv4Address("192.0.2.1");
    c.destination = Ipv4Address(destination);
    c.encryption = RegistryEntry(IpsecHelper::ParseCipher("aes128"));
    c.encryptionKey = Bytes(16, 0x5a);
    c.integrity = RegistryEntry(IpsecHelper::ParseIntegrity("sha1"));
    c.integrityKey = Bytes(20, 0xa5);
    std::string error;
    auto sa = SecurityAssociation::Create(c, Seconds(0), error);
    EXPECT_TRUE(sa) << error;
    return sa;
}

TEST(SecurityAssociationDatabase, OutboundSpiCollisionAcrossBundles)
{
    SecurityAssociationDatabase sad;
    sad.AddOutbound(7, MakeSa(0xabcd, "198.51.100.7"));
    sad.AddOutbound(3, MakeSa(0xabcd, "198.51.100.3"));
    sad.AddOutbound(5, MakeSa(0x1111, "198.51.100.5"));

    ASSERT_NE(sad.FindOutboundBySpi(0xabcd), nullptr);
    EXPECT_EQ(sad.FindOutboundBySpi(0xabcd)->Config().destination, Ipv4Address("198.51.100.3"));
    EXPECT_EQ(sad.FindOutboundBySpi(0x1111)->Config().destination, Ipv4Address("198.51.100.5"));
    EXPECT_EQ(sad.FindOutboundBySpi(0x2222), nullptr);

    // Removal takes the SA the lookup names, then the other one is found.
    EXPECT_TRUE(sad.RemoveOutbound(0xabcd));
    EXPECT_EQ(sad.FindOutbound(3), nullptr);
    ASSERT_NE(sad.FindOutboundBySpi(0xabcd), nullptr);
    EXPECT_EQ(sad.FindOutboundBySpi(0xabcd)->Config().destination, Ipv4Address("198.51.100.7"));
    EXPECT_TRUE(sad.RemoveOutbound(0xabcd));
    EXPECT_EQ(sad.FindOutboundBySpi(0xabcd), nullptr);
    EXPECT_FALSE(sad.RemoveOutbound(0xabcd));
    EXPECT_EQ(sad.Outbound().size(), 1U);
}

TEST(SecurityAssociationDatabase, RekeyedBundleUsesTheNewestAndKeepsTheOldBySpi)
{
    SecurityAssociationDatabase sad;
    sad.AddOutbound(1, MakeSa(0x100, "198.51.100.1"));
    sad.AddOutbound(1, MakeSa(0x200, "198.51.100.1"));
    EXPECT_EQ(sad.FindOutbound(1)->Config().spi, 0x200U);
    EXPECT_EQ(sad.FindOutboundBySpi(0x100)->Config().spi, 0x100U);
    // The old SA expires: the new one stays in use.
    EXPECT_TRUE(sad.RemoveOutbound(0x100));
    EXPECT_EQ(sad.FindOutbound(1)->Config().spi, 0x200U);
    EXPECT_EQ(sad.FindOutboundBySpi(0x100), nullptr);
    // The new one goes too: the bundle has none.
    EXPECT_TRUE(sad.RemoveOutbound(0x200));
    EXPECT_EQ(sad.FindOutbound(1), nullptr);
}

} // namespace
} // namespace ns3
