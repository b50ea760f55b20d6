/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer test against a real stack: the first ESP-in-UDP packet in
// each direction of the v1-realnatd reference capture (strongSwan 5.9.8
// through a Linux NAT; IKEv1, ESP aes128-sha256, tunnel mode), decoded
// with our wire codecs and the crypto layer, using the keys strongSwan
// logged (reference/keys/v1-realnatd/esp_sa). The octets are embedded here
// (extracted once with tshark), not read from the reference folder.
//
//   tshark -r pcaps/v1-realnatd-outside.pcap -Y 'udp.port==4500 && esp'
//          -T fields -e frame.number -e udp.payload      (frames 10 and 11)
//   tshark -r pcaps/v1-realnatd-ini-tun.pcap -x          (frames 1 and 2)
//
// ESP with AES-CBC and HMAC-SHA-256-128 (RFC 4303 sections 2, 3.3, 3.4;
// RFC 3602 section 3; RFC 4868 section 2):
//   SPI 4 | sequence 4 | IV 16 | ciphertext | ICV 16
// the ICV covers SPI through ciphertext; the plaintext is the inner IPv4
// packet, padding 1, 2, 3, ..., Pad Length and Next Header 4.

#include "ns3/cipher.h"
#include "ns3/crypto-registry.h"
#include "ns3/esp-codec.h"
#include "ns3/integrity.h"
#include "ns3/udp-encapsulation.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace
{

using ns3::Bytes;
using ns3::ByteView;
using ns3::Cipher;
using ns3::ClassifyUdpEncapsulated;
using ns3::CryptoError;
using ns3::EspHeader;
using ns3::EspParseError;
using ns3::EspParseTrailer;
using ns3::IntegrityMac;
using ns3::UdpEncapsulatedKind;

Bytes
FromHex(const std::string& hex)
{
    Bytes out;
    auto nibble
        = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>((nibble(hex[i]) << 4) | nibble(hex[i + 1])));
    }
    return out;
}

/// One direction of the capture.
struct ReferencePacket
{
    const char* name;        //!< for failure messages
    uint32_t spi;            //!< expected SPI
    const char* udpPayload;  //!< the UDP payload on port 4500, hex
    const char* encKey;      //!< AES-128 key from esp_sa, hex
    const char* integKey;    //!< HMAC-SHA-256 key from esp_sa, hex
    const char* innerPacket; //!< the plaintext inner IPv4 packet from ini-tun.pcap, hex
    uint8_t innerSource;     //!< last octet of 10.x.0.y source: 10.1.0.1 or 10.2.0.1
    uint8_t icmpType;        //!< 8 echo request, 0 echo reply
};

/// Frame 10 of v1-realnatd-outside.pcap, 203.0.113.1:40576 -> 203.0.113.2:4500
/// (initiator behind the NAT to responder), and its inner packet, frame 1 of
/// v1-realnatd-ini-tun.pcap: ping 10.1.0.1 -> 10.2.0.1, id 0x10e7, seq 1.
const ReferencePacket kInitiatorToResponder{
    "initiator->responder",
    0x59143ece,
    "59143ece00000001ced9c04afcda1f0b96fd099bdd6e5bb8bcf71957a967785a8e1f7de290c83f14d7c916"
    "2810b13381a2de06b769330ba5339b415d949c140f90811df5642d9baad77e1f14cc37a662525553a73c42"
    "343abf91092904413c7754b060720b97057d9ceda2185e999e5722e73924693ecc25a3609c48b0d2e8c07f"
    "8621563c34d9a6",
    "1d0a9e74ddb25614c5bf4b2f97e1c9de",
    "413a135a5f56ef411b6bf5b8240beeff866e9119ad48e4e3213b51db1257c4a2",
    "45000054d996400040014d0e0a0100010a0200010800edbe10e700015f7c086b00000000ca9e080000000000"
    "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
    1,
    8,
};

/// Frame 11, 203.0.113.2:4500 -> 203.0.113.1:40576 (responder to initiator),
/// and its inner packet, frame 2 of v1-realnatd-ini-tun.pcap: the echo reply.
const ReferencePacket kResponderToInitiator{
    "responder->initiator",
    0xfbeac953,
    "fbeac9530000000114e240247142299860f229e841eaf69bd3336cadbdb0a6bc279bd32da0118c694acfe5"
    "9151ef69bd68bb592b2e593ce84b5d60a81adf7782b42a0f1a676a971743e5c82f94970b3191a91123c122"
    "965b2049f3df1cd5b5f14068f5c4d841bdce9ed161428ed1acf3f22f2c306258a090428e8a9a85c52d09c5"
    "800908e1b09d78",
    "1723d8bbdce16361457b1c036630b700",
    "7102c62e9cb7c810a73cf94ce854aafa5c7073181a56af51fae4388badc9af2b",
    "45000054c7ff000040019ea50a0200010a0100010000f5be10e700015f7c086b00000000ca9e080000000000"
    "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
    2,
    0,
};

constexpr std::size_t kIvSize = 16;  // AES-CBC, RFC 3602 section 3.1
constexpr std::size_t kIcvSize = 16; // HMAC-SHA-256-128, RFC 4868 section 2.1.1

/// "AES-CBC [RFC3602]" with a 128-bit key, as esp_sa names it.
ns3::CryptoResult<Cipher>
MakeCipher(const ReferencePacket& p)
{
    auto descriptor = ns3::GetEncryptionDescriptor(ns3::EncryptionAlgorithm::AES_CBC, 128);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    return Cipher::Create(*descriptor, FromHex(p.encKey));
}

/// "HMAC-SHA-256-128 [RFC4868]", as esp_sa names it.
ns3::CryptoResult<IntegrityMac>
MakeMac(const ReferencePacket& p)
{
    auto descriptor = ns3::GetIntegrityDescriptor(ns3::IntegrityAlgorithm::HMAC_SHA2_256_128);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    return IntegrityMac::Create(*descriptor, FromHex(p.integKey));
}

void
CheckReceive(const ReferencePacket& p)
{
    SCOPED_TRACE(p.name);
    const Bytes udp = FromHex(p.udpPayload);
    // 8 header + 16 IV + 96 ciphertext (84 + 10 + 2) + 16 ICV.
    ASSERT_EQ(udp.size(), 136u);

    // RFC 3948 section 2.1: ESP directly after the UDP header.
    auto kind = ClassifyUdpEncapsulated(udp.data(), udp.size(), false);
    ASSERT_EQ(kind.kind, UdpEncapsulatedKind::ESP);
    ASSERT_EQ(kind.offset, 0u);
    const uint8_t* esp = udp.data() + kind.offset;
    const std::size_t espLen = udp.size() - kind.offset;

    // RFC 4303 sections 2.1, 2.2.
    auto header = EspHeader::Parse(esp, espLen);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->spi, p.spi);
    EXPECT_EQ(header->sequence, 1u); // the first packet of the SA

    // RFC 4303 section 3.4.4: ICV over SPI .. Next Header (the ciphertext).
    const std::size_t covered = espLen - kIcvSize;
    auto mac = MakeMac(p);
    ASSERT_TRUE(mac.IsOk()) << mac.GetError();
    ASSERT_EQ(mac->GetIcvSize(), kIcvSize);
    EXPECT_EQ(mac->Verify(ByteView(esp, covered), ByteView(esp + covered, kIcvSize)),
              CryptoError::OK);

    // RFC 3602 section 3: the IV follows the ESP header.
    auto cipher = MakeCipher(p);
    ASSERT_TRUE(cipher.IsOk()) << cipher.GetError();
    ASSERT_EQ(cipher->GetIvSize(), kIvSize);
    const ByteView iv(esp + EspHeader::kSize, kIvSize);
    const ByteView ciphertext(esp + EspHeader::kSize + kIvSize,
                              covered - EspHeader::kSize - kIvSize);
    auto plaintext = cipher->Decrypt(iv, ciphertext);
    ASSERT_TRUE(plaintext.IsOk()) << plaintext.GetError();
    ASSERT_EQ(plaintext->size(), 96u);

    // RFC 4303 sections 2.4-2.6.
    auto trailer = EspParseTrailer(plaintext->data(), plaintext->size());
    ASSERT_TRUE(trailer.IsOk()) << trailer.GetError();
    EXPECT_EQ(trailer->nextHeader, ns3::EspNextHeader::kIpv4); // tunnel mode
    EXPECT_EQ(trailer->padLength, 10);
    ASSERT_EQ(trailer->payloadLength, 84u);

    // The inner packet: byte for byte what the initiator's tunnel
    // interface saw.
    const Bytes inner(plaintext->begin(), plaintext->begin() + trailer->payloadLength);
    EXPECT_EQ(inner, FromHex(p.innerPacket));
    EXPECT_EQ(inner[0], 0x45); // IPv4, no options
    EXPECT_EQ(inner[9], 1);    // ICMP
    EXPECT_EQ(inner[12], 10);  // source 10.x.0.1
    EXPECT_EQ(inner[13], p.innerSource);
    EXPECT_EQ(inner[16], 10); // destination 10.y.0.1
    EXPECT_EQ(inner[17], 3 - p.innerSource);
    EXPECT_EQ(inner[20], p.icmpType);
}

void
CheckSend(const ReferencePacket& p)
{
    SCOPED_TRACE(p.name);
    // Rebuild the captured packet from the inner packet, SPI, sequence
    // number and the IV strongSwan chose: header, then the encrypted
    // payload + EspBuildTrailer(), then the ICV.
    const Bytes captured = FromHex(p.udpPayload);
    const Bytes inner = FromHex(p.innerPacket);

    Bytes plaintext = inner;
    Bytes trailer = ns3::EspBuildTrailer(inner.size(), ns3::EspNextHeader::kIpv4, 16);
    plaintext.insert(plaintext.end(), trailer.begin(), trailer.end());

    EspHeader header;
    header.spi = p.spi;
    header.sequence = 1;
    Bytes packet(EspHeader::kSize);
    header.Write(packet.data());
    const Bytes iv(captured.begin() + EspHeader::kSize,
                   captured.begin() + EspHeader::kSize + kIvSize);
    packet.insert(packet.end(), iv.begin(), iv.end());

    auto cipher = MakeCipher(p);
    ASSERT_TRUE(cipher.IsOk()) << cipher.GetError();
    auto ciphertext = cipher->Encrypt(iv, plaintext);
    ASSERT_TRUE(ciphertext.IsOk()) << ciphertext.GetError();
    packet.insert(packet.end(), ciphertext->begin(), ciphertext->end());

    auto mac = MakeMac(p);
    ASSERT_TRUE(mac.IsOk()) << mac.GetError();
    auto icv = mac->Compute(packet);
    ASSERT_TRUE(icv.IsOk()) << icv.GetError();
    packet.insert(packet.end(), icv->begin(), icv->end());

    EXPECT_EQ(packet, captured);
}

TEST(EspReference, InitiatorToResponderDecodes)
{
    CheckReceive(kInitiatorToResponder);
}

TEST(EspReference, ResponderToInitiatorDecodes)
{
    CheckReceive(kResponderToInitiator);
}

TEST(EspReference, InitiatorToResponderIsRebuiltByteForByte)
{
    CheckSend(kInitiatorToResponder);
}

TEST(EspReference, ResponderToInitiatorIsRebuiltByteForByte)
{
    CheckSend(kResponderToInitiator);
}

TEST(EspReference, FlippedIcvBitFails)
{
    for (const ReferencePacket* p : {&kInitiatorToResponder, &kResponderToInitiator})
    {
        SCOPED_TRACE(p->name);
        const Bytes udp = FromHex(p->udpPayload);
        const std::size_t covered = udp.size() - kIcvSize;
        auto mac = MakeMac(*p);
        ASSERT_TRUE(mac.IsOk()) << mac.GetError();
        for (std::size_t bit = 0; bit < kIcvSize * 8; bit += 13)
        {
            Bytes forged = udp;
            forged[covered + bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
            EXPECT_EQ(mac->Verify(ByteView(forged.data(), covered),
                                  ByteView(forged.data() + covered, kIcvSize)),
                      CryptoError::AUTHENTICATION_FAILED)
                << "bit " << bit;
        }
    }
}

TEST(EspReference, FlippedCoveredBitFails)
{
    // SPI, sequence number, IV and ciphertext are all covered.
    const ReferencePacket& p = kInitiatorToResponder;
    const Bytes udp = FromHex(p.udpPayload);
    const std::size_t covered = udp.size() - kIcvSize;
    auto mac = MakeMac(p);
    ASSERT_TRUE(mac.IsOk()) << mac.GetError();
    for (std::size_t offset :
         {std::size_t{0}, std::size_t{7}, std::size_t{8}, std::size_t{40}, covered - 1})
    {
        Bytes forged = udp;
        forged[offset] ^= 0x01;
        EXPECT_EQ(mac->Verify(ByteView(forged.data(), covered),
                              ByteView(forged.data() + covered, kIcvSize)),
                  CryptoError::AUTHENTICATION_FAILED)
            << "offset " << offset;
    }
}

TEST(EspReference, WrongKeyGivesBadPadding)
{
    // Decrypting with the other direction's key (what the ICV check is
    // there to prevent) leaves a trailer that fails the padding check.
    const Bytes udp = FromHex(kInitiatorToResponder.udpPayload);
    auto wrong = MakeCipher(kResponderToInitiator);
    ASSERT_TRUE(wrong.IsOk()) << wrong.GetError();
    const std::size_t covered = udp.size() - kIcvSize;
    auto plaintext = wrong->Decrypt(
        ByteView(udp.data() + EspHeader::kSize, kIvSize),
        ByteView(udp.data() + EspHeader::kSize + kIvSize, covered - EspHeader::kSize - kIvSize));
    ASSERT_TRUE(plaintext.IsOk());
    auto trailer = EspParseTrailer(plaintext->data(), plaintext->size());
    ASSERT_FALSE(trailer.IsOk());
    EXPECT_EQ(trailer.GetError(), EspParseError::BAD_PADDING);
}

} // namespace
