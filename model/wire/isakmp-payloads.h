/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_PAYLOADS_H
#define IPSEC_NAT_ISAKMP_PAYLOADS_H

#include "isakmp-constants.h"
#include "isakmp-message.h"
#include "ns3/crypto-types.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The ISAKMP payloads with a small fixed structure: Identification,
 * Notification, Delete and NAT-OA.
 *
 * \verbatim
 * ID body (RFC 2408 3.8, RFC 2407 4.6.2):
 * !    ID Type    !  Protocol ID  !             Port              !
 * ~                     Identification Data                       ~
 *
 * Notification body (RFC 2408 3.14):
 * !              Domain of Interpretation  (DOI)                  !
 * !  Protocol-ID  !   SPI Size    !      Notify Message Type      !
 * ~                Security Parameter Index (SPI)                 ~
 * ~                       Notification Data                       ~
 *
 * Delete body (RFC 2408 3.15):
 * !              Domain of Interpretation  (DOI)                  !
 * !  Protocol-Id  !   SPI Size    !           # of SPIs           !
 * ~               Security Parameter Index(es) (SPI)              ~
 *
 * NAT-OA body (RFC 3947 section 5.2):
 * !    ID Type    !   RESERVED    !            RESERVED           !
 * !         IPv4 (4 octets) or IPv6 address (16 octets)           !
 * \endverbatim
 *
 * The payloads without inner structure (KE, NONCE, HASH, SIG, VID, CERT,
 * CR, NAT-D) are raw IsakmpPayload bodies; see isakmp-message.h. For
 * NAT-D, NatDetectionHashInput() builds what its hash covers.
 *
 * Parse() takes the payload body (IsakmpPayload::body) and must consume
 * it exactly; Serialize() returns a body, or an empty Bytes when the
 * value cannot be encoded.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * An IPv4 subnet as ID_IPV4_ADDR_SUBNET carries it: address, then mask
 * (RFC 2407 section 4.6.2.5).
 */
struct IdIpv4Subnet
{
    std::array<uint8_t, 4> address{}; //!< network address
    std::array<uint8_t, 4> mask{};    //!< network mask, e.g. 255.255.255.0

    /** \return true when address and mask are equal */
    bool operator==(const IdIpv4Subnet& other) const
    {
        return address == other.address && mask == other.mask;
    }
};

/**
 * \ingroup ipsec-nat
 * The Identification payload of the IPsec DOI (RFC 2408 section 3.8, RFC
 * 2407 section 4.6.2).
 *
 * In phase 1 it names the peer (IDii/IDir; protocol and port 0 or UDP
 * 500); in Quick Mode the traffic selectors (IDci/IDcr, e.g. a subnet
 * with protocol and port 0 for "any"). Parse() checks the data length of
 * the address types (4, 8, 16 or 32 octets); names and key IDs may have
 * any length.
 */
struct IdPayload
{
    uint8_t idType{IsakmpIdType::kIpv4Addr}; //!< an IsakmpIdType value
    uint8_t protocolId{0};                   //!< IP protocol, 0 for any
    uint16_t port{0};                        //!< port, 0 for any
    Bytes data;                              //!< Identification Data

    /// The payload type.
    static constexpr uint8_t kType = IsakmpPayloadType::kIdentification;

    /**
     * \param address an IPv4 address
     * \param protocolId the IP protocol (0: any)
     * \param port the port (0: any)
     * \return an ID_IPV4_ADDR identification
     */
    static IdPayload Ipv4Address(const std::array<uint8_t, 4>& address, uint8_t protocolId = 0,
                                 uint16_t port = 0);

    /**
     * \param address the network address
     * \param mask the network mask
     * \param protocolId the IP protocol (0: any)
     * \param port the port (0: any)
     * \return an ID_IPV4_ADDR_SUBNET identification
     */
    static IdPayload Ipv4Subnet(const std::array<uint8_t, 4>& address,
                                const std::array<uint8_t, 4>& mask, uint8_t protocolId = 0,
                                uint16_t port = 0);

    /**
     * \param name a fully-qualified domain name, e.g. "ini.lab" (no terminator on the wire)
     * \return an ID_FQDN identification
     */
    static IdPayload Fqdn(const std::string& name);

    /**
     * \param name a user\@domain name
     * \return an ID_USER_FQDN identification
     */
    static IdPayload UserFqdn(const std::string& name);

    /**
     * \param keyId opaque octets
     * \return an ID_KEY_ID identification
     */
    static IdPayload KeyId(const Bytes& keyId);

    /** \return the address of an ID_IPV4_ADDR identification, or nothing */
    std::optional<std::array<uint8_t, 4>> GetIpv4Address() const;

    /** \return the subnet of an ID_IPV4_ADDR_SUBNET identification, or nothing */
    std::optional<IdIpv4Subnet> GetIpv4Subnet() const;

    /** \return the name of an ID_FQDN or ID_USER_FQDN identification, or nothing */
    std::optional<std::string> GetName() const;

    /**
     * \param data the first octet of the ID body (may be null when \p len is 0)
     * \param len the octets of the body
     * \return the identification, or nothing when malformed
     */
    static std::optional<IdPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body; empty if an address type has the wrong data length */
    Bytes Serialize() const;

    /** \return the payload to put in a chain: kType and Serialize() */
    IsakmpPayload ToPayload() const
    {
        return IsakmpPayload{kType, Serialize()};
    }

    /** \return true when every field is equal */
    bool operator==(const IdPayload& other) const
    {
        return idType == other.idType && protocolId == other.protocolId && port == other.port
               && data == other.data;
    }

    /** \return true when a field differs */
    bool operator!=(const IdPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The Notification payload (RFC 2408 section 3.14).
 *
 * Notifications about the ISAKMP SA itself carry Protocol-ID 1 and the
 * cookie pair CKY-I | CKY-R as their 16-octet SPI: INITIAL-CONTACT (RFC
 * 2407 section 4.6.3.3) and the DPD messages (RFC 3706 section 5.1,
 * whose Notification Data is a 32-bit sequence number).
 */
struct NotificationPayload
{
    uint32_t doi{IsakmpDoi::kIpsec}; //!< Domain of Interpretation
    uint8_t protocolId{0};           //!< an IsakmpProtocolId value
    uint16_t type{0};                //!< Notify Message Type (IsakmpNotifyType)
    Bytes spi;                       //!< SPI (at most 255 octets)
    Bytes data;                      //!< Notification Data

    /// The payload type.
    static constexpr uint8_t kType = IsakmpPayloadType::kNotification;

    /**
     * \param type a Notify Message Type
     * \param initiatorCookie CKY-I
     * \param responderCookie CKY-R
     * \param data Notification Data
     * \return a notification about the ISAKMP SA: Protocol-ID ISAKMP, SPI
     *         CKY-I | CKY-R (e.g. INITIAL-CONTACT)
     */
    static NotificationPayload ForIsakmpSa(uint16_t type,
                                           const std::array<uint8_t, 8>& initiatorCookie,
                                           const std::array<uint8_t, 8>& responderCookie,
                                           const Bytes& data = {});

    /**
     * \param acknowledge false for R-U-THERE, true for R-U-THERE-ACK
     * \param initiatorCookie CKY-I
     * \param responderCookie CKY-R
     * \param sequence the DPD sequence number
     * \return the DPD notification (RFC 3706 section 5.1)
     */
    static NotificationPayload Dpd(bool acknowledge, const std::array<uint8_t, 8>& initiatorCookie,
                                   const std::array<uint8_t, 8>& responderCookie,
                                   uint32_t sequence);

    /**
     * \return the sequence number of an R-U-THERE or R-U-THERE-ACK with
     *         4 octets of data, or nothing
     */
    std::optional<uint32_t> DpdSequence() const;

    /** \return true for an error type (1-16383, RFC 2408 section 3.14.1) */
    bool IsError() const
    {
        return type < IsakmpNotifyType::kFirstStatus;
    }

    /**
     * \param data the first octet of the notification body (may be null when \p len is 0)
     * \param len the octets of the body
     * \return the notification, or nothing when malformed
     */
    static std::optional<NotificationPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body; empty if the SPI exceeds 255 octets */
    Bytes Serialize() const;

    /** \return the payload to put in a chain: kType and Serialize() */
    IsakmpPayload ToPayload() const
    {
        return IsakmpPayload{kType, Serialize()};
    }

    /** \return true when every field is equal */
    bool operator==(const NotificationPayload& other) const
    {
        return doi == other.doi && protocolId == other.protocolId && type == other.type
               && spi == other.spi && data == other.data;
    }

    /** \return true when a field differs */
    bool operator!=(const NotificationPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The Delete payload (RFC 2408 section 3.15): SPIs of one protocol that
 * the sender has deleted. An ISAKMP SA is named by its cookie pair (SPI
 * size 16); ESP and AH SAs by the inbound SPI of the sender (4 octets).
 *
 * Parse() requires the body to hold exactly # of SPIs times SPI Size
 * octets after the fixed fields.
 */
struct DeletePayload
{
    uint32_t doi{IsakmpDoi::kIpsec}; //!< Domain of Interpretation
    uint8_t protocolId{0};           //!< an IsakmpProtocolId value
    uint8_t spiSize{0};              //!< octets of each SPI
    std::vector<Bytes> spis;         //!< the SPIs, each spiSize octets

    /// The payload type.
    static constexpr uint8_t kType = IsakmpPayloadType::kDelete;

    /**
     * \param initiatorCookie CKY-I
     * \param responderCookie CKY-R
     * \return the deletion of an ISAKMP SA (Protocol-Id ISAKMP, one 16-octet SPI)
     */
    static DeletePayload ForIsakmpSa(const std::array<uint8_t, 8>& initiatorCookie,
                                     const std::array<uint8_t, 8>& responderCookie);

    /**
     * \param protocolId IsakmpProtocolId::kEsp or kAh
     * \param spis the SPIs
     * \return the deletion of those IPsec SAs (4-octet SPIs)
     */
    static DeletePayload ForIpsecSpis(uint8_t protocolId, const std::vector<uint32_t>& spis);

    /** \return the SPIs as 32-bit values when spiSize is 4, or nothing */
    std::optional<std::vector<uint32_t>> GetSpis32() const;

    /**
     * \param data the first octet of the delete body (may be null when \p len is 0)
     * \param len the octets of the body
     * \return the deletion, or nothing when malformed
     */
    static std::optional<DeletePayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body; empty if an SPI is not spiSize octets or there are over 65535 */
    Bytes Serialize() const;

    /** \return the payload to put in a chain: kType and Serialize() */
    IsakmpPayload ToPayload() const
    {
        return IsakmpPayload{kType, Serialize()};
    }

    /** \return true when every field is equal */
    bool operator==(const DeletePayload& other) const
    {
        return doi == other.doi && protocolId == other.protocolId && spiSize == other.spiSize
               && spis == other.spis;
    }

    /** \return true when a field differs */
    bool operator!=(const DeletePayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The NAT Original Address payload (RFC 3947 section 5.2), sent in Quick
 * Mode for transport mode so the peer can fix TCP/UDP checksums: an ID
 * type, three reserved octets and the address.
 *
 * Only ID_IPV4_ADDR (1) is supported, as the module is IPv4-only: Parse()
 * refuses ID_IPV6_ADDR and any other type. Its payload type is 21, or 131
 * with the NAT-T drafts; the body is the same.
 */
struct NatOaPayload
{
    uint8_t idType{IsakmpIdType::kIpv4Addr}; //!< ID type; must be ID_IPV4_ADDR
    std::array<uint8_t, 4> address{};        //!< the original IPv4 address

    /// The payload type (RFC 3947).
    static constexpr uint8_t kType = IsakmpPayloadType::kNatOriginalAddress;

    /// Octets of the body.
    static constexpr std::size_t kSize = 8;

    /**
     * \param data the first octet of the NAT-OA body (may be null when \p len is 0)
     * \param len the octets of the body, exactly kSize
     * \return the payload, or nothing when not an IPv4 NAT-OA
     */
    static std::optional<NatOaPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body; empty unless idType is ID_IPV4_ADDR */
    Bytes Serialize() const;

    /** \return the payload to put in a chain: kType and Serialize() */
    IsakmpPayload ToPayload() const
    {
        return IsakmpPayload{kType, Serialize()};
    }

    /** \return true when every field is equal */
    bool operator==(const NatOaPayload& other) const
    {
        return idType == other.idType && address == other.address;
    }

    /** \return true when a field differs */
    bool operator!=(const NatOaPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The octets a NAT-D payload hashes: CKY-I | CKY-R | IP | Port, the
 * address and port in network order (RFC 3947 section 3.2). The NAT-D
 * body is the negotiated hash of them (SHA-256 with the reference
 * captures' proposal); hashing is the crypto layer's job.
 *
 * \param initiatorCookie CKY-I
 * \param responderCookie CKY-R
 * \param address an IPv4 address
 * \param port a UDP port
 * \return the 22 octets to hash
 */
Bytes NatDetectionHashInput(const std::array<uint8_t, 8>& initiatorCookie,
                            const std::array<uint8_t, 8>& responderCookie,
                            const std::array<uint8_t, 4>& address, uint16_t port);

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_PAYLOADS_H */
