/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_MESSAGE_H
#define IPSEC_NAT_ISAKMP_MESSAGE_H

#include "isakmp-constants.h"
#include "isakmp-header.h"
#include "isakmp-parse-result.h"
#include "ns3/crypto-types.h"

#include <cstddef>
#include <cstdint>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * An ISAKMP message as a header and a chain of generic payloads (RFC 2408
 * sections 3.1, 3.2), and the walker over that chain.
 *
 * Every payload starts with the generic payload header:
 *
 * \verbatim
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \endverbatim
 *
 * The type of a payload is in the field in front of it (the header's
 * Next Payload for the first, the previous payload's for the others); a
 * 0 ends the chain. Payload Length includes these 4 octets.
 *
 * The chain layer keeps each payload's body (the octets after the generic
 * header) as raw octets. The typed codecs (isakmp-sa-payload.h,
 * isakmp-payloads.h) turn a body into a value and back. KE, NONCE, HASH,
 * SIG, VID, CERT, CR and NAT-D have no inner structure and stay raw
 * bodies: KE is the Diffie-Hellman public value (RFC 2409 section 5: for
 * MODP groups the full length of the prime, 256 octets for group 14),
 * NONCE 8 to 256 random octets (RFC 2409 section 5), HASH and SIG the
 * hash or signature, VID an opaque vendor string (IsakmpVendorId), NAT-D
 * one HASH(CKY-I | CKY-R | IP | Port) (RFC 3947 section 3.2).
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * One payload of a chain: its type and its body (after the 4-octet
 * generic header).
 */
struct IsakmpPayload
{
    uint8_t type{0}; //!< an IsakmpPayloadType value (never 0, which ends a chain)
    Bytes body;      //!< the payload's octets after the generic header

    /// Octets of the generic payload header (RFC 2408 section 3.2).
    static constexpr std::size_t kGenericHeaderSize = 4;

    /// The largest body the 16-bit Payload Length can describe.
    static constexpr std::size_t kMaxBodySize = 0xffff - kGenericHeaderSize;

    /** \return true when type and body are equal */
    bool operator==(const IsakmpPayload& other) const
    {
        return type == other.type && body == other.body;
    }

    /** \return true when type or body differ */
    bool operator!=(const IsakmpPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * What ParsePayloadChain() found.
 */
struct IsakmpPayloadChain
{
    std::vector<IsakmpPayload> payloads; //!< in order
    /// Where each payload's generic header starts in the parsed octets
    /// (same index as payloads). IKEv1 hashes some payloads as sent,
    /// generic headers included, e.g. Quick Mode's HASH(1) covers the
    /// message after the HASH payload, "excluding any padding added for
    /// encryption" (RFC 2409 section 5.5): that is the octets from
    /// offsets[1] to chainLength.
    std::vector<std::size_t> offsets;
    /// Octets from the start through the end of the last payload.
    std::size_t chainLength{0};
    /// Octets after the last payload, ignored: the padding of a decrypted
    /// message (RFC 2409 section 5.3 and appendix B).
    std::size_t ignoredOctets{0};
};

/// The result of ParsePayloadChain().
using IsakmpPayloadChainResult = IsakmpResult<IsakmpPayloadChain>;

/**
 * \ingroup ipsec-nat
 * Walk a chain of generic payloads (RFC 2408 section 3.2).
 *
 * Starting with \p firstType, each payload's generic header is checked
 * before it is used: 4 octets must remain for it, its Payload Length must
 * be at least 4 and must not run past \p len. The walk stops at Next
 * Payload 0. Octets after the last payload are allowed and counted in
 * ignoredOctets, because a decrypted IKEv1 message ends with padding that
 * has no length field of its own (RFC 2409 appendix B); the caller can
 * refuse them where it knows there is none. Payload types are not
 * checked: the exchange that reads the chain decides which it expects
 * (and answers INVALID-PAYLOAD-TYPE). RESERVED octets are ignored.
 *
 * \param firstType the type of the first payload (0: an empty chain)
 * \param data the first octet of the first payload (may be null when \p len is 0)
 * \param len the octets available
 * \return the chain, or TRUNCATED_PAYLOAD or BAD_PAYLOAD_LENGTH
 */
IsakmpResult<IsakmpPayloadChain> ParsePayloadChain(uint8_t firstType, const uint8_t* data,
                                                   std::size_t len);

/**
 * \ingroup ipsec-nat
 * Emit a chain of payloads, the mirror image of ParsePayloadChain():
 * generic headers with Next Payload set to the following payload's type
 * (0 for the last), RESERVED 0 and Payload Length filled in. The first
 * payload's type goes in the ISAKMP header's Next Payload, not here.
 *
 * \param payloads the payloads, in order
 * \return the octets; empty for an empty list, and also when a payload
 *         cannot be encoded (type 0, or a body over kMaxBodySize octets)
 */
Bytes SerializePayloadChain(const std::vector<IsakmpPayload>& payloads);

/**
 * \ingroup ipsec-nat
 * A whole ISAKMP message: header and payloads, or header and encrypted
 * body.
 */
struct IsakmpMessage
{
    IsakmpHeader header;                 //!< the header
    std::vector<IsakmpPayload> payloads; //!< the payloads of a plaintext message
    /// Everything after the header of a message with the E flag set,
    /// still encrypted (IV and padding handling are the IKE layer's, RFC
    /// 2409 appendix B). Empty for a plaintext message.
    Bytes encryptedBody;
    /// Octets after the last payload that Parse() or ParseDecrypted()
    /// ignored (see IsakmpPayloadChain::ignoredOctets).
    std::size_t ignoredOctets{0};

    /**
     * Parse a message received in a UDP datagram (after the non-ESP
     * marker, on port 4500).
     *
     * The header must be there, its major version must be 1 and its
     * Length must be at least 28 and exactly \p len (RFC 2408 section
     * 3.1: the length of the total message). With the E flag set, the
     * body is kept in encryptedBody and nothing more is parsed: decrypt
     * it and call ParseDecrypted(). Otherwise the payload chain is walked
     * as ParsePayloadChain() does.
     *
     * \param data the first octet of the header (may be null when \p len is 0)
     * \param len the octets of the message
     * \return the message, or the reason it was refused
     */
    static IsakmpResult<IsakmpMessage> Parse(const uint8_t* data, std::size_t len);

    /**
     * Parse the payloads of a message whose body has been decrypted.
     *
     * \param header the message's header (header.nextPayload is the type
     *        of the first encrypted payload, RFC 2408 section 3.1)
     * \param plaintext the decrypted body, padding included (may be null
     *        when \p len is 0)
     * \param len its octets
     * \return the message (header as given, payloads, ignoredOctets = the
     *         padding), or the reason the chain was refused
     */
    static IsakmpResult<IsakmpMessage> ParseDecrypted(const IsakmpHeader& header,
                                                      const uint8_t* plaintext, std::size_t len);

    /**
     * Emit the message, the mirror image of Parse().
     *
     * Without the E flag: the header with Next Payload set to the first
     * payload's type (0 if there is none) and Length filled in, then
     * SerializePayloadChain(payloads). With the E flag: the header with
     * Length filled in and Next Payload as set, then encryptedBody;
     * payloads are not used (the IKE layer encrypts
     * SerializePayloadChain(payloads) plus padding itself).
     * ignoredOctets is not reproduced.
     *
     * \return the octets, or nothing when a payload cannot be encoded
     */
    Bytes Serialize() const;

    /** \return true when the header's E flag is set */
    bool IsEncrypted() const
    {
        return header.IsEncrypted();
    }

    /**
     * \param type a payload type
     * \return the first payload of that type, or null
     */
    const IsakmpPayload* Find(uint8_t type) const;

    /**
     * \param type a payload type
     * \return every payload of that type, in order
     */
    std::vector<const IsakmpPayload*> FindAll(uint8_t type) const;

    /** \return the types of the payloads, in order */
    std::vector<uint8_t> PayloadTypes() const;
};

/// The result of IsakmpMessage::Parse() and IsakmpMessage::ParseDecrypted().
using IsakmpMessageResult = IsakmpResult<IsakmpMessage>;

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_MESSAGE_H */
