/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IPSEC_TYPES_H
#define IPSEC_NAT_IPSEC_TYPES_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * IPsec security protocol (IP protocol numbers).
 */
enum class IpsecProtocol : uint8_t
{
    ESP = 50, //!< RFC 4303
    AH = 51,  //!< RFC 4302
};

/**
 * \ingroup ipsec-nat
 * IPsec mode (RFC 4301 section 4.1).
 */
enum class IpsecMode : uint8_t
{
    TUNNEL = 0,    //!< the whole inner IP packet is protected, new outer header
    TRANSPORT = 1, //!< the transport payload is protected, original header kept
};

/**
 * \ingroup ipsec-nat
 * How ESP packets of an SA travel (RFC 3948).
 */
enum class IpsecEncapsulation : uint8_t
{
    NONE = 0, //!< raw ESP, IP protocol 50
    UDP = 1,  //!< ESP inside UDP (NAT traversal), normally port 4500
};

/**
 * \ingroup ipsec-nat
 * Why the IPsec layer dropped a packet. Each is counted and traced.
 */
enum class IpsecDropReason : uint8_t
{
    UNKNOWN_SPI = 0,        //!< inbound SPI with no SA (RFC 4303 section 3.4.2)
    REPLAY,                 //!< sequence number already seen or left of the window (3.4.3)
    ICV_MISMATCH,           //!< integrity check failed (3.4.4)
    BAD_PADDING,            //!< pad length or padding octets wrong after decryption (2.4)
    TRUNCATED,              //!< shorter than its headers, IV and ICV, or not block-aligned
    POLICY_DISCARD,         //!< the SPD says discard (RFC 4301 section 5.1)
    POLICY_MISMATCH,        //!< decrypted packet does not match the SA's selectors (5.2)
    NO_SA,                  //!< the SPD says protect but no SA is installed
    SA_EXPIRED,             //!< the SA reached a hard lifetime limit
    SEQUENCE_OVERFLOW,      //!< outbound sequence number would cycle (3.3.3)
    ENCAPSULATION_MISMATCH, //!< raw ESP for a UDP-encapsulated SA or the other way round
    BAD_INNER_PACKET,       //!< next header / inner packet not what the mode needs
    INVALID_ENCAPSULATION,  //!< a UDP 4500 datagram that is neither ESP, IKE nor keepalive
    IKE_UNCLAIMED,          //!< IKE on UDP 4500 but no IKE agent listens
    CRYPTO_FAILURE,         //!< the crypto library failed (should not happen)
    CPU_QUEUE_FULL,         //!< the node's CPU model had no room for the job
};

/// Number of IpsecDropReason values.
constexpr std::size_t kIpsecDropReasonCount = 16;

/** \return the short name of a drop reason ("unknown-spi", "replay", ...). */
std::string ToString(IpsecDropReason reason);
/** \return "esp" or "ah". */
std::string ToString(IpsecProtocol protocol);
/** \return "tunnel" or "transport". */
std::string ToString(IpsecMode mode);
/** \return "none" or "udp". */
std::string ToString(IpsecEncapsulation encapsulation);

} // namespace ns3

#endif /* IPSEC_NAT_IPSEC_TYPES_H */
