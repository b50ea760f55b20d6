/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_SA_PAYLOAD_H
#define IPSEC_NAT_ISAKMP_SA_PAYLOAD_H

#include "isakmp-constants.h"
#include "isakmp-message.h"
#include "ns3/crypto-types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The Security Association payload family (RFC 2408 sections 3.3-3.6,
 * RFC 2407 section 4.6.1): an SA holds proposals, a proposal holds
 * transforms, a transform holds data attributes.
 *
 * \verbatim
 * SA body (RFC 2408 3.4, RFC 2407 4.6.1):
 * !                 Domain of Interpretation  (DOI)               !
 * !                   Situation (SIT_IDENTITY_ONLY)               !
 * ~                   Proposal payloads ...                       ~
 *
 * Proposal (RFC 2408 3.5), a nested payload of type 2:
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Proposal #   !  Protocol-Id  !    SPI Size   !# of Transforms!
 * ~                        SPI (variable)                         ~
 * ~                   Transform payloads ...                      ~
 *
 * Transform (RFC 2408 3.6), a nested payload of type 3:
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Transform #  !  Transform-Id !           RESERVED2           !
 * ~                        SA Attributes                          ~
 *
 * Data attribute (RFC 2408 3.3):
 * !A!       Attribute Type        !    AF=0  Attribute Length     !
 * !O!                             !    AF=1  Attribute Value      !
 * .                   AF=0  Attribute Value                       .
 * \endverbatim
 *
 * Proposals and transforms carry their own generic headers: every Next
 * Payload but the last says 2 (proposal) or 3 (transform), the last says
 * 0. Several proposals may share a number (an AND, e.g. AH and ESP);
 * proposals with different numbers are alternatives (RFC 2408 4.2).
 *
 * Like every typed payload here, Parse() takes the payload body (the
 * IsakmpPayload::body, after the generic header) and must consume it
 * exactly; Serialize() returns such a body, and an empty Bytes when the
 * value cannot be encoded (a field too long for its length field, an
 * empty proposal or transform list).
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * A data attribute (RFC 2408 section 3.3): basic (TV, AF bit set, a
 * two-octet value) or variable (TLV, a length and that many octets).
 */
struct DataAttribute
{
    uint16_t type{0};  //!< Attribute Type, 15 bits (the AF bit is \p basic)
    bool basic{true};  //!< true: TV with \p value; false: TLV with \p variable
    uint16_t value{0}; //!< the value of a basic attribute
    Bytes variable;    //!< the value of a variable attribute (at most 65535 octets)

    /**
     * \param type an attribute type
     * \param value its value
     * \return a basic (TV) attribute
     */
    static DataAttribute Basic(uint16_t type, uint16_t value);

    /**
     * \param type an attribute type
     * \param value its octets
     * \return a variable (TLV) attribute
     */
    static DataAttribute Variable(uint16_t type, Bytes value);

    /**
     * An integer attribute in the shortest form: basic if the value fits
     * two octets (RFC 2407 section 4.5 allows this for variable
     * attributes such as Life Duration), else variable with 4 octets (or
     * 8 beyond 32 bits).
     * \param type an attribute type
     * \param value the value
     * \return the attribute
     */
    static DataAttribute Integer(uint16_t type, uint64_t value);

    /**
     * \return the value as an integer: a basic value, or a variable one of
     *         1 to 8 octets read big-endian; nothing for longer or empty
     *         variable values
     */
    std::optional<uint64_t> IntegerValue() const;

    /** \return the octets on the wire: 4 for basic, 4 + value for variable */
    std::size_t Size() const;

    /**
     * \param data the first octet of the attribute (may be null when \p len is 0)
     * \param len its octets: exactly one attribute
     * \return the attribute, or nothing when \p len is not exactly one attribute
     */
    static std::optional<DataAttribute> Parse(const uint8_t* data, std::size_t len);

    /** \return the octets; empty if the type exceeds 15 bits or the value 65535 octets */
    Bytes Serialize() const;

    /** \return true when both encode the same attribute */
    bool operator==(const DataAttribute& other) const
    {
        return type == other.type && basic == other.basic
               && (basic ? value == other.value : variable == other.variable);
    }

    /** \return true when they encode different attributes */
    bool operator!=(const DataAttribute& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * \param data the first octet of a run of data attributes (may be null when \p len is 0)
 * \param len the octets of the run
 * \return the attributes, or nothing when one is cut off
 */
std::optional<std::vector<DataAttribute>> ParseDataAttributes(const uint8_t* data, std::size_t len);

/**
 * \ingroup ipsec-nat
 * \param attributes the attributes, in order
 * \return their octets; empty when one cannot be encoded (or there are none)
 */
Bytes SerializeDataAttributes(const std::vector<DataAttribute>& attributes);

/**
 * \ingroup ipsec-nat
 * A transform (RFC 2408 section 3.6): an algorithm and its attributes.
 *
 * For PROTO_ISAKMP the Transform-Id is KEY_IKE and the attributes are
 * IkeAttributeType ones; for ESP and AH the Transform-Id names the
 * algorithm (EspTransformId, AhTransformId) and the attributes are
 * IpsecAttributeType ones (RFC 2407 sections 4.4, 4.5).
 */
struct TransformPayload
{
    uint8_t number{1};                     //!< Transform # (libreswan counts from 0)
    uint8_t transformId{0};                //!< Transform-Id
    std::vector<DataAttribute> attributes; //!< SA attributes, in order

    /// The nested payload type of a transform.
    static constexpr uint8_t kType = IsakmpPayloadType::kTransform;

    /**
     * \param type an attribute type
     * \return the first attribute of that type, or null
     */
    const DataAttribute* FindAttribute(uint16_t type) const;

    /**
     * \param type an attribute type
     * \return the integer value of the first attribute of that type
     *         (DataAttribute::IntegerValue()), or nothing
     */
    std::optional<uint64_t> GetAttribute(uint16_t type) const;

    /**
     * Replace the first attribute of that type in place, or append one.
     * \param type an attribute type
     * \param value its value (DataAttribute::Integer())
     */
    void SetAttribute(uint16_t type, uint64_t value);

    /**
     * Replace the first attribute of attribute.type in place, or append it.
     * \param attribute the attribute
     */
    void SetAttribute(const DataAttribute& attribute);

    /**
     * \param type an attribute type
     * \return true if an attribute of that type was there (all are removed)
     */
    bool RemoveAttribute(uint16_t type);

    /**
     * \param data the first octet of the transform body (after its generic header)
     * \param len the octets of the body
     * \return the transform, or nothing when malformed
     */
    static std::optional<TransformPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body (without generic header); empty if not encodable */
    Bytes Serialize() const;

    /** \return true when every field is equal */
    bool operator==(const TransformPayload& other) const
    {
        return number == other.number && transformId == other.transformId
               && attributes == other.attributes;
    }

    /** \return true when a field differs */
    bool operator!=(const TransformPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * A proposal (RFC 2408 section 3.5): a protocol, the SPI the sender wants
 * for it, and the transforms it offers (or the one chosen).
 *
 * Parse() requires # of Transforms to match the nested transforms and
 * the nested Next Payload fields to be 3, then 0 for the last.
 */
struct ProposalPayload
{
    uint8_t number{1};                        //!< Proposal #
    uint8_t protocolId{0};                    //!< an IsakmpProtocolId value
    Bytes spi;                                //!< the SPI (4 octets for ESP/AH, empty in phase 1)
    std::vector<TransformPayload> transforms; //!< at least one

    /// The nested payload type of a proposal.
    static constexpr uint8_t kType = IsakmpPayloadType::kProposal;

    /**
     * \param data the first octet of the proposal body (after its generic header)
     * \param len the octets of the body
     * \return the proposal, or nothing when malformed
     */
    static std::optional<ProposalPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body (without generic header); empty if not encodable */
    Bytes Serialize() const;

    /** \return true when every field is equal */
    bool operator==(const ProposalPayload& other) const
    {
        return number == other.number && protocolId == other.protocolId && spi == other.spi
               && transforms == other.transforms;
    }

    /** \return true when a field differs */
    bool operator!=(const ProposalPayload& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The Security Association payload (RFC 2408 section 3.4) of the IPsec
 * DOI (RFC 2407 section 4.6.1).
 *
 * Only DOI 1 (IPsec) with situation SIT_IDENTITY_ONLY is parsed: the
 * other situations add labelled-domain fields no IKE stack in use sends,
 * and other DOIs have other layouts. Parse() refuses them (the exchange
 * answers DOI-NOT-SUPPORTED / SITUATION-NOT-SUPPORTED; the first 8 octets
 * of the body say which).
 */
struct SaPayload
{
    uint32_t doi{IsakmpDoi::kIpsec};                   //!< Domain of Interpretation
    uint32_t situation{IpsecSituation::kIdentityOnly}; //!< Situation
    std::vector<ProposalPayload> proposals;            //!< at least one

    /// The payload type of an SA.
    static constexpr uint8_t kType = IsakmpPayloadType::kSa;

    /**
     * \param data the first octet of the SA body (IsakmpPayload::body)
     * \param len the octets of the body
     * \return the SA, or nothing when malformed or not IPsec DOI /
     *         SIT_IDENTITY_ONLY
     */
    static std::optional<SaPayload> Parse(const uint8_t* data, std::size_t len);

    /** \return the body (IsakmpPayload::body); empty if not encodable */
    Bytes Serialize() const;

    /** \return the payload to put in a chain: kType and Serialize() */
    IsakmpPayload ToPayload() const
    {
        return IsakmpPayload{kType, Serialize()};
    }

    /** \return true when every field is equal */
    bool operator==(const SaPayload& other) const
    {
        return doi == other.doi && situation == other.situation && proposals == other.proposals;
    }

    /** \return true when a field differs */
    bool operator!=(const SaPayload& other) const
    {
        return !(*this == other);
    }
};

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_SA_PAYLOAD_H */
