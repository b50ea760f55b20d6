/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_CONSTANTS_H
#define IPSEC_NAT_ISAKMP_CONSTANTS_H

#include <array>
#include <cstdint>

/**
 * \file
 * \ingroup ipsec-nat
 * The numbers of ISAKMP (RFC 2408), IKEv1 (RFC 2409), the IPsec DOI
 * (RFC 2407), NAT traversal (RFC 3947) and Dead Peer Detection (RFC 3706).
 *
 * Every value here was checked against the RFC text and against what
 * Wireshark's ISAKMP dissector and the strongSwan / libreswan reference
 * captures show. Later RFCs that only added values to the IANA registries
 * (RFC 3602 AES-CBC, RFC 4106 AES-GCM, RFC 4868 SHA-2, RFC 3526 groups)
 * are cited where a value comes from them.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Exchange types (RFC 2408 section 3.1; RFC 2409 section 5).
 */
namespace IsakmpExchangeType
{
constexpr uint8_t kBase = 1;               //!< Base (RFC 2408 section 4.4); unused by IKE
constexpr uint8_t kIdentityProtection = 2; //!< Identity Protection, i.e. IKE Main Mode
constexpr uint8_t kMainMode = 2;           //!< IKE's name for Identity Protection (RFC 2409 5)
constexpr uint8_t kAuthenticationOnly = 3; //!< Authentication Only (RFC 2408 section 4.6)
constexpr uint8_t kAggressive = 4;         //!< Aggressive (RFC 2408 4.7; RFC 2409 5)
constexpr uint8_t kInformational = 5;      //!< Informational (RFC 2408 4.8; RFC 2409 5.7)
constexpr uint8_t kTransaction = 6;        //!< Mode Config transaction (draft-dukes-ike-mode-cfg)
constexpr uint8_t kQuickMode = 32;         //!< Quick Mode (RFC 2409 section 5.5)
constexpr uint8_t kNewGroupMode = 33;      //!< New Group Mode (RFC 2409 section 5.6)
} // namespace IsakmpExchangeType

/**
 * \ingroup ipsec-nat
 * Next Payload values (RFC 2408 section 3.1; RFC 3947 sections 3.2, 5.2).
 *
 * 0 ends a chain. Proposal (2) and Transform (3) only appear nested in an
 * SA payload (RFC 2408 sections 3.5, 3.6), never in the message chain.
 */
namespace IsakmpPayloadType
{
constexpr uint8_t kNone = 0;                //!< NONE: the last payload
constexpr uint8_t kSa = 1;                  //!< Security Association (3.4)
constexpr uint8_t kProposal = 2;            //!< Proposal, nested in SA (3.5)
constexpr uint8_t kTransform = 3;           //!< Transform, nested in Proposal (3.6)
constexpr uint8_t kKeyExchange = 4;         //!< Key Exchange, KE (3.7)
constexpr uint8_t kIdentification = 5;      //!< Identification, ID (3.8)
constexpr uint8_t kCertificate = 6;         //!< Certificate, CERT (3.9)
constexpr uint8_t kCertificateRequest = 7;  //!< Certificate Request, CR (3.10)
constexpr uint8_t kHash = 8;                //!< Hash, HASH (3.11)
constexpr uint8_t kSignature = 9;           //!< Signature, SIG (3.12)
constexpr uint8_t kNonce = 10;              //!< Nonce, NONCE (3.13)
constexpr uint8_t kNotification = 11;       //!< Notification, N (3.14)
constexpr uint8_t kDelete = 12;             //!< Delete, D (3.15)
constexpr uint8_t kVendorId = 13;           //!< Vendor ID, VID (3.16)
constexpr uint8_t kNatDiscovery = 20;       //!< NAT-D (RFC 3947 section 3.2)
constexpr uint8_t kNatOriginalAddress = 21; //!< NAT-OA (RFC 3947 section 5.2)
/// NAT-D of draft-ietf-ipsec-nat-t-ike-01 to -03 (private-use number).
constexpr uint8_t kNatDiscoveryDraft = 130;
/// NAT-OA of draft-ietf-ipsec-nat-t-ike-01 to -03 (private-use number).
constexpr uint8_t kNatOriginalAddressDraft = 131;
} // namespace IsakmpPayloadType

/**
 * \ingroup ipsec-nat
 * Domains of Interpretation (RFC 2408 section 3.4 and appendix A.2).
 */
namespace IsakmpDoi
{
constexpr uint32_t kIsakmp = 0; //!< generic ISAKMP (Informational payloads only)
constexpr uint32_t kIpsec = 1;  //!< the IPsec DOI (RFC 2407)
} // namespace IsakmpDoi

/**
 * \ingroup ipsec-nat
 * IPsec DOI situation bits (RFC 2407 section 4.2). Only SIT_IDENTITY_ONLY
 * has the plain 4-octet layout; the other two add labelled-domain fields
 * (section 4.6.1) that no IKE implementation in use sends.
 */
namespace IpsecSituation
{
constexpr uint32_t kIdentityOnly = 0x01; //!< SIT_IDENTITY_ONLY
constexpr uint32_t kSecrecy = 0x02;      //!< SIT_SECRECY (not supported)
constexpr uint32_t kIntegrity = 0x04;    //!< SIT_INTEGRITY (not supported)
} // namespace IpsecSituation

/**
 * \ingroup ipsec-nat
 * Protocol identifiers (RFC 2407 section 4.4.1), used in Proposal,
 * Notification and Delete payloads.
 */
namespace IsakmpProtocolId
{
constexpr uint8_t kIsakmp = 1; //!< PROTO_ISAKMP: phase 1 SA
constexpr uint8_t kAh = 2;     //!< PROTO_IPSEC_AH
constexpr uint8_t kEsp = 3;    //!< PROTO_IPSEC_ESP
constexpr uint8_t kIpcomp = 4; //!< PROTO_IPCOMP
} // namespace IsakmpProtocolId

/**
 * \ingroup ipsec-nat
 * The only transform of PROTO_ISAKMP (RFC 2407 section 4.4.2).
 */
namespace IsakmpTransformId
{
constexpr uint8_t kKeyIke = 1; //!< KEY_IKE
} // namespace IsakmpTransformId

/**
 * \ingroup ipsec-nat
 * ESP transform identifiers (RFC 2407 section 4.4.4; RFC 3602 section 5;
 * RFC 4106 section 8.1).
 */
namespace EspTransformId
{
constexpr uint8_t kDes = 2;       //!< ESP_DES
constexpr uint8_t k3Des = 3;      //!< ESP_3DES
constexpr uint8_t kNull = 11;     //!< ESP_NULL
constexpr uint8_t kAesCbc = 12;   //!< ESP_AES (CBC, RFC 3602); key size in attribute 6
constexpr uint8_t kAesCtr = 13;   //!< ESP_AES-CTR (RFC 3686)
constexpr uint8_t kAesGcm8 = 18;  //!< ESP_AES-GCM with an 8-octet ICV (RFC 4106)
constexpr uint8_t kAesGcm12 = 19; //!< ESP_AES-GCM with a 12-octet ICV (RFC 4106)
constexpr uint8_t kAesGcm16 = 20; //!< ESP_AES-GCM with a 16-octet ICV (RFC 4106)
} // namespace EspTransformId

/**
 * \ingroup ipsec-nat
 * AH transform identifiers (RFC 2407 section 4.4.3; RFC 4868 section 2.4
 * via the IANA registry).
 */
namespace AhTransformId
{
constexpr uint8_t kMd5 = 2;    //!< AH_MD5
constexpr uint8_t kSha = 3;    //!< AH_SHA
constexpr uint8_t kSha256 = 5; //!< AH_SHA2-256
constexpr uint8_t kSha384 = 6; //!< AH_SHA2-384
constexpr uint8_t kSha512 = 7; //!< AH_SHA2-512
} // namespace AhTransformId

/**
 * \ingroup ipsec-nat
 * Phase 1 (ISAKMP SA) attribute types (RFC 2409 appendix A). Types 11 and
 * 12 come as a pair; Life Duration is variable-length ("V") but, like any
 * variable attribute whose value fits two octets, may be sent basic (RFC
 * 2407 section 4.5), as strongSwan does.
 */
namespace IkeAttributeType
{
constexpr uint16_t kEncryptionAlgorithm = 1;  //!< Encryption Algorithm (B)
constexpr uint16_t kHashAlgorithm = 2;        //!< Hash Algorithm (B)
constexpr uint16_t kAuthenticationMethod = 3; //!< Authentication Method (B)
constexpr uint16_t kGroupDescription = 4;     //!< Group Description (B)
constexpr uint16_t kLifeType = 11;            //!< Life Type (B)
constexpr uint16_t kLifeDuration = 12;        //!< Life Duration (V)
constexpr uint16_t kPrf = 13;                 //!< PRF (B)
constexpr uint16_t kKeyLength = 14;           //!< Key Length in bits (B)
} // namespace IkeAttributeType

/**
 * \ingroup ipsec-nat
 * Phase 1 encryption algorithms (RFC 2409 appendix A; RFC 3602 AES).
 */
namespace IkeEncryptionAlgorithm
{
constexpr uint16_t kDesCbc = 1;  //!< DES-CBC
constexpr uint16_t k3DesCbc = 5; //!< 3DES-CBC
constexpr uint16_t kAesCbc = 7;  //!< AES-CBC, with a Key Length attribute
} // namespace IkeEncryptionAlgorithm

/**
 * \ingroup ipsec-nat
 * Phase 1 hash algorithms (RFC 2409 appendix A; RFC 4868 SHA-2).
 */
namespace IkeHashAlgorithm
{
constexpr uint16_t kMd5 = 1;    //!< MD5
constexpr uint16_t kSha1 = 2;   //!< SHA
constexpr uint16_t kSha256 = 4; //!< SHA2-256
constexpr uint16_t kSha384 = 5; //!< SHA2-384
constexpr uint16_t kSha512 = 6; //!< SHA2-512
} // namespace IkeHashAlgorithm

/**
 * \ingroup ipsec-nat
 * Phase 1 authentication methods (RFC 2409 appendix A).
 */
namespace IkeAuthenticationMethod
{
constexpr uint16_t kPreSharedKey = 1;  //!< pre-shared key
constexpr uint16_t kDssSignatures = 2; //!< DSS signatures
constexpr uint16_t kRsaSignatures = 3; //!< RSA signatures
} // namespace IkeAuthenticationMethod

/**
 * \ingroup ipsec-nat
 * Diffie-Hellman group descriptions (RFC 2409 section 6 and appendix A;
 * RFC 3526; RFC 5903). The same numbers serve the IPsec DOI Group
 * Description (PFS) attribute.
 */
namespace IkeGroup
{
constexpr uint16_t kModp768 = 1;   //!< 768-bit MODP (RFC 2409 6.1)
constexpr uint16_t kModp1024 = 2;  //!< 1024-bit MODP (RFC 2409 6.2)
constexpr uint16_t kModp1536 = 5;  //!< 1536-bit MODP (RFC 3526 section 2)
constexpr uint16_t kModp2048 = 14; //!< 2048-bit MODP (RFC 3526 section 3)
constexpr uint16_t kModp3072 = 15; //!< 3072-bit MODP (RFC 3526 section 4)
constexpr uint16_t kModp4096 = 16; //!< 4096-bit MODP (RFC 3526 section 5)
constexpr uint16_t kEcp256 = 19;   //!< 256-bit random ECP (RFC 5903)
constexpr uint16_t kEcp384 = 20;   //!< 384-bit random ECP (RFC 5903)
constexpr uint16_t kEcp521 = 21;   //!< 521-bit random ECP (RFC 5903)
} // namespace IkeGroup

/**
 * \ingroup ipsec-nat
 * Life Type values, the same for phase 1 (RFC 2409 appendix A) and the
 * IPsec DOI SA Life Type (RFC 2407 section 4.5).
 */
namespace IsakmpLifeType
{
constexpr uint16_t kSeconds = 1;   //!< seconds
constexpr uint16_t kKilobytes = 2; //!< kilobytes
} // namespace IsakmpLifeType

/**
 * \ingroup ipsec-nat
 * IPsec DOI SA attribute types, for Quick Mode transforms (RFC 2407
 * section 4.5).
 */
namespace IpsecAttributeType
{
constexpr uint16_t kSaLifeType = 1;              //!< SA Life Type (B)
constexpr uint16_t kSaLifeDuration = 2;          //!< SA Life Duration (V)
constexpr uint16_t kGroupDescription = 3;        //!< Group Description, for PFS (B)
constexpr uint16_t kEncapsulationMode = 4;       //!< Encapsulation Mode (B)
constexpr uint16_t kAuthenticationAlgorithm = 5; //!< Authentication Algorithm (B)
constexpr uint16_t kKeyLength = 6;               //!< Key Length in bits (B)
constexpr uint16_t kKeyRounds = 7;               //!< Key Rounds (B)
} // namespace IpsecAttributeType

/**
 * \ingroup ipsec-nat
 * IPsec DOI Encapsulation Mode values (RFC 2407 section 4.5; RFC 3947
 * section 5.1 and its drafts).
 */
namespace IpsecEncapsulationMode
{
constexpr uint16_t kTunnel = 1;                   //!< Tunnel
constexpr uint16_t kTransport = 2;                //!< Transport
constexpr uint16_t kUdpEncapsulatedTunnel = 3;    //!< UDP-Encapsulated-Tunnel (RFC 3947)
constexpr uint16_t kUdpEncapsulatedTransport = 4; //!< UDP-Encapsulated-Transport (RFC 3947)
/// UDP-Encapsulated-Tunnel of the NAT-T drafts before RFC 3947 (private use).
constexpr uint16_t kUdpEncapsulatedTunnelDraft = 61443;
/// UDP-Encapsulated-Transport of the NAT-T drafts before RFC 3947 (private use).
constexpr uint16_t kUdpEncapsulatedTransportDraft = 61444;
} // namespace IpsecEncapsulationMode

/**
 * \ingroup ipsec-nat
 * IPsec DOI Authentication Algorithm values (RFC 2407 section 4.5;
 * RFC 4868 section 2.4 via the IANA registry).
 */
namespace IpsecAuthenticationAlgorithm
{
constexpr uint16_t kHmacMd5 = 1;    //!< HMAC-MD5 (-96)
constexpr uint16_t kHmacSha1 = 2;   //!< HMAC-SHA (-1-96)
constexpr uint16_t kHmacSha256 = 5; //!< HMAC-SHA2-256 (-128, RFC 4868)
constexpr uint16_t kHmacSha384 = 6; //!< HMAC-SHA2-384 (-192, RFC 4868)
constexpr uint16_t kHmacSha512 = 7; //!< HMAC-SHA2-512 (-256, RFC 4868)
} // namespace IpsecAuthenticationAlgorithm

/**
 * \ingroup ipsec-nat
 * Identification types of the IPsec DOI (RFC 2407 section 4.6.2.1).
 */
namespace IsakmpIdType
{
constexpr uint8_t kIpv4Addr = 1;       //!< ID_IPV4_ADDR: 4 octets
constexpr uint8_t kFqdn = 2;           //!< ID_FQDN: a domain name, no terminator
constexpr uint8_t kUserFqdn = 3;       //!< ID_USER_FQDN: user\@domain, no terminator
constexpr uint8_t kIpv4AddrSubnet = 4; //!< ID_IPV4_ADDR_SUBNET: address and mask, 8 octets
constexpr uint8_t kIpv6Addr = 5;       //!< ID_IPV6_ADDR: 16 octets
constexpr uint8_t kIpv6AddrSubnet = 6; //!< ID_IPV6_ADDR_SUBNET: 32 octets
constexpr uint8_t kIpv4AddrRange = 7;  //!< ID_IPV4_ADDR_RANGE: first and last, 8 octets
constexpr uint8_t kIpv6AddrRange = 8;  //!< ID_IPV6_ADDR_RANGE: 32 octets
constexpr uint8_t kDerAsn1Dn = 9;      //!< ID_DER_ASN1_DN
constexpr uint8_t kDerAsn1Gn = 10;     //!< ID_DER_ASN1_GN
constexpr uint8_t kKeyId = 11;         //!< ID_KEY_ID: opaque octets
} // namespace IsakmpIdType

/**
 * \ingroup ipsec-nat
 * Notify Message Types: errors 1-16383 (RFC 2408 section 3.14.1), status
 * 16384 and up (RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706 section 5.1).
 */
namespace IsakmpNotifyType
{
constexpr uint16_t kInvalidPayloadType = 1;       //!< INVALID-PAYLOAD-TYPE
constexpr uint16_t kDoiNotSupported = 2;          //!< DOI-NOT-SUPPORTED
constexpr uint16_t kSituationNotSupported = 3;    //!< SITUATION-NOT-SUPPORTED
constexpr uint16_t kInvalidCookie = 4;            //!< INVALID-COOKIE
constexpr uint16_t kInvalidMajorVersion = 5;      //!< INVALID-MAJOR-VERSION
constexpr uint16_t kInvalidMinorVersion = 6;      //!< INVALID-MINOR-VERSION
constexpr uint16_t kInvalidExchangeType = 7;      //!< INVALID-EXCHANGE-TYPE
constexpr uint16_t kInvalidFlags = 8;             //!< INVALID-FLAGS
constexpr uint16_t kInvalidMessageId = 9;         //!< INVALID-MESSAGE-ID
constexpr uint16_t kInvalidProtocolId = 10;       //!< INVALID-PROTOCOL-ID
constexpr uint16_t kInvalidSpi = 11;              //!< INVALID-SPI
constexpr uint16_t kInvalidTransformId = 12;      //!< INVALID-TRANSFORM-ID
constexpr uint16_t kAttributesNotSupported = 13;  //!< ATTRIBUTES-NOT-SUPPORTED
constexpr uint16_t kNoProposalChosen = 14;        //!< NO-PROPOSAL-CHOSEN
constexpr uint16_t kBadProposalSyntax = 15;       //!< BAD-PROPOSAL-SYNTAX
constexpr uint16_t kPayloadMalformed = 16;        //!< PAYLOAD-MALFORMED
constexpr uint16_t kInvalidKeyInformation = 17;   //!< INVALID-KEY-INFORMATION
constexpr uint16_t kInvalidIdInformation = 18;    //!< INVALID-ID-INFORMATION
constexpr uint16_t kInvalidCertEncoding = 19;     //!< INVALID-CERT-ENCODING
constexpr uint16_t kInvalidCertificate = 20;      //!< INVALID-CERTIFICATE
constexpr uint16_t kCertTypeUnsupported = 21;     //!< CERT-TYPE-UNSUPPORTED
constexpr uint16_t kInvalidCertAuthority = 22;    //!< INVALID-CERT-AUTHORITY
constexpr uint16_t kInvalidHashInformation = 23;  //!< INVALID-HASH-INFORMATION
constexpr uint16_t kAuthenticationFailed = 24;    //!< AUTHENTICATION-FAILED
constexpr uint16_t kInvalidSignature = 25;        //!< INVALID-SIGNATURE
constexpr uint16_t kAddressNotification = 26;     //!< ADDRESS-NOTIFICATION
constexpr uint16_t kNotifySaLifetime = 27;        //!< NOTIFY-SA-LIFETIME
constexpr uint16_t kCertificateUnavailable = 28;  //!< CERTIFICATE-UNAVAILABLE
constexpr uint16_t kUnsupportedExchangeType = 29; //!< UNSUPPORTED-EXCHANGE-TYPE
constexpr uint16_t kUnequalPayloadLengths = 30;   //!< UNEQUAL-PAYLOAD-LENGTHS
/// The first status (non-error) type (RFC 2408 section 3.14.1).
constexpr uint16_t kFirstStatus = 16384;
constexpr uint16_t kConnected = 16384;         //!< CONNECTED (RFC 2408)
constexpr uint16_t kResponderLifetime = 24576; //!< RESPONDER-LIFETIME (RFC 2407 4.6.3.1)
constexpr uint16_t kReplayStatus = 24577;      //!< REPLAY-STATUS (RFC 2407 4.6.3.2)
constexpr uint16_t kInitialContact = 24578;    //!< INITIAL-CONTACT (RFC 2407 4.6.3.3)
constexpr uint16_t kRUThere = 36136;           //!< R-U-THERE (RFC 3706 section 5.1)
constexpr uint16_t kRUThereAck = 36137;        //!< R-U-THERE-ACK (RFC 3706 section 5.1)
} // namespace IsakmpNotifyType

/**
 * \ingroup ipsec-nat
 * Vendor ID payload contents (the whole VID body) that announce a
 * capability. The NAT-T ones are MD5 hashes of the strings named (RFC 3947
 * section 3.1; the drafts' own sections); the DPD one is RFC 3706 section
 * 5.1 (a fixed 14-octet prefix, then major 1, minor 0).
 */
namespace IsakmpVendorId
{
/// MD5("RFC 3947"): RFC 3947 NAT traversal.
constexpr std::array<uint8_t, 16> kRfc3947{0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
                                           0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};
/// MD5("draft-ietf-ipsec-nat-t-ike-02").
constexpr std::array<uint8_t, 16> kNatTDraft02{0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8,
                                               0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48};
/// MD5("draft-ietf-ipsec-nat-t-ike-02\n"): a historical typo many stacks still send.
constexpr std::array<uint8_t, 16> kNatTDraft02N{0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e,
                                                0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f};
/// MD5("draft-ietf-ipsec-nat-t-ike-03").
constexpr std::array<uint8_t, 16> kNatTDraft03{0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f,
                                               0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56};
/// Dead Peer Detection version 1.0 (RFC 3706 section 5.1).
constexpr std::array<uint8_t, 16> kDpd{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
                                       0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00};
/// XAUTH (draft-beaulieu-ike-xauth), as strongSwan and Cisco send it (8 octets).
constexpr std::array<uint8_t, 8> kXauth{0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12};
/// Cisco IKE fragmentation. libreswan sends these 16 octets; strongSwan
/// appends four more (80 00 00 00), so compare this as a prefix.
constexpr std::array<uint8_t, 16> kCiscoFragmentation{
    0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3};
} // namespace IsakmpVendorId

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_CONSTANTS_H */
