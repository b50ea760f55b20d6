/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_HEADER_H
#define IPSEC_NAT_ISAKMP_HEADER_H

#include "isakmp-constants.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

/**
 * \file
 * \ingroup ipsec-nat
 * The ISAKMP header (RFC 2408 section 3.1), in front of every IKEv1
 * message.
 *
 * \verbatim
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Initiator                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Responder                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Message ID                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                            Length                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \endverbatim
 *
 * On UDP 4500 the header follows the 4-octet non-ESP marker (RFC 3948
 * section 2.2); strip it first (ClassifyUdpEncapsulated()).
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The 28-octet ISAKMP header (RFC 2408 section 3.1). A plain value: Parse()
 * checks only that 28 octets are there; IsakmpMessage::Parse() checks the
 * version and the length against the datagram.
 */
struct IsakmpHeader
{
    std::array<uint8_t, 8> initiatorCookie{}; //!< CKY-I, never zero once sent
    std::array<uint8_t, 8> responderCookie{}; //!< CKY-R, zero in the first message
    uint8_t nextPayload{0};                   //!< type of the first payload
    uint8_t version{0x10};                    //!< major (high nibble) and minor version
    uint8_t exchangeType{0};                  //!< an IsakmpExchangeType value
    uint8_t flags{0};                         //!< kFlagEncryption | kFlagCommit | kFlagAuthOnly
    uint32_t messageId{0};                    //!< 0 in phase 1, random in phase 2
    uint32_t length{0};                       //!< octets of the whole message, header included

    /// Octets on the wire.
    static constexpr std::size_t kSize = 28;

    /// Version 1.0: major 1, minor 0 (RFC 2408 section 3.1).
    static constexpr uint8_t kVersion = 0x10;

    /// E: everything after the header is encrypted (RFC 2408 section 3.1).
    static constexpr uint8_t kFlagEncryption = 0x01;
    /// C: commit, key exchange synchronization (RFC 2408 section 3.1).
    static constexpr uint8_t kFlagCommit = 0x02;
    /// A: authentication only, for Informational exchanges (RFC 2408 3.1).
    static constexpr uint8_t kFlagAuthOnly = 0x04;

    /// Identity Protection, i.e. IKE Main Mode.
    static constexpr uint8_t kExchangeIdentityProtection = IsakmpExchangeType::kIdentityProtection;
    /// IKE Main Mode (Identity Protection).
    static constexpr uint8_t kExchangeMainMode = IsakmpExchangeType::kMainMode;
    /// Aggressive Mode.
    static constexpr uint8_t kExchangeAggressive = IsakmpExchangeType::kAggressive;
    /// Informational.
    static constexpr uint8_t kExchangeInformational = IsakmpExchangeType::kInformational;
    /// Quick Mode.
    static constexpr uint8_t kExchangeQuickMode = IsakmpExchangeType::kQuickMode;

    /**
     * \param data the first octet of the header (may be null when \p len is 0)
     * \param len the octets available from \p data
     * \return the header, or nothing when fewer than kSize octets are there
     */
    static std::optional<IsakmpHeader> Parse(const uint8_t* data, std::size_t len);

    /**
     * Write the header, the mirror image of Parse(). Every field is
     * written as it is; IsakmpMessage::Serialize() fills nextPayload and
     * length.
     * \param out where the kSize octets go
     */
    void Write(uint8_t* out) const;

    /** \return the major version, 1 for IKEv1 (2 would be IKEv2) */
    uint8_t MajorVersion() const
    {
        return version >> 4;
    }

    /** \return the minor version, 0 for IKEv1 */
    uint8_t MinorVersion() const
    {
        return version & 0x0f;
    }

    /** \return true when the E flag is set */
    bool IsEncrypted() const
    {
        return (flags & kFlagEncryption) != 0;
    }

    /** \return true when every field is equal */
    bool operator==(const IsakmpHeader& other) const
    {
        return initiatorCookie == other.initiatorCookie && responderCookie == other.responderCookie
               && nextPayload == other.nextPayload && version == other.version
               && exchangeType == other.exchangeType && flags == other.flags
               && messageId == other.messageId && length == other.length;
    }

    /** \return true when a field differs */
    bool operator!=(const IsakmpHeader& other) const
    {
        return !(*this == other);
    }
};

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_HEADER_H */
