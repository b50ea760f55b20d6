/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CRYPTO_REGISTRY_H
#define IPSEC_NAT_CRYPTO_REGISTRY_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The algorithms the crypto layer implements, as small typed descriptors,
 * and lookups by the numbers IKE puts on the wire and by the names people
 * write in configurations.
 *
 * Numbers (checked against the IANA "Internet Key Exchange (IKE)
 * Attributes", "ISAKMP Identifiers" and IKEv2 registries, and strongSwan's
 * proposal_substructure.c):
 * - ESP transform IDs, IPsec DOI (RFC 2407 section 4.4.4): DES 2, 3DES 3,
 *   NULL 11, AES-CBC 12 (RFC 3602 section 5), AES-GCM with 8/12/16-octet ICV
 *   18/19/20 (RFC 4106 section 8). IKEv2 uses the same numbers for ENCR_*.
 * - IKEv1 phase 1 encryption attribute (RFC 2409 appendix A): DES-CBC 1,
 *   3DES-CBC 5, AES-CBC 7 (RFC 3602 section 5.1).
 * - IKEv1 hash attribute (RFC 2409 appendix A, RFC 4868):
 *   MD5 1, SHA 2, SHA2-256 4, SHA2-384 5, SHA2-512 6.
 * - IPsec DOI authentication algorithm, SA attribute 5 (RFC 2407 section
 *   4.5, RFC 4868): HMAC-MD5 1, HMAC-SHA 2, HMAC-SHA2-256 5,
 *   HMAC-SHA2-384 6, HMAC-SHA2-512 7. AH transform IDs: 2, 3, 5, 6, 7.
 * - IKEv2 (RFC 7296 section 3.3.2, RFC 4868): integrity 1, 2, 12, 13, 14;
 *   PRF 1, 2, 5, 6, 7.
 * - Diffie-Hellman groups: 1, 2 (RFC 2409 section 6), 5, 14 (RFC 3526),
 *   19, 20 (RFC 5903), 31 (RFC 8031).
 *
 * Every lookup returns std::nullopt for anything unknown; none aborts.
 * Name lookups ignore case and treat runs of blanks as one space, so
 * "esp-aes 256", "ESP-AES  256" and "aes256" find the same descriptor.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Encryption algorithms (ESP and IKE).
 */
enum class EncryptionAlgorithm : uint8_t
{
    NULL_ENCRYPTION, //!< RFC 2410
    DES_CBC,         //!< RFC 2405 (OpenSSL legacy provider)
    TRIPLE_DES_CBC,  //!< RFC 2451
    AES_CBC,         //!< RFC 3602
    AES_GCM_8,       //!< RFC 4106, 8-octet ICV
    AES_GCM_12,      //!< RFC 4106, 12-octet ICV
    AES_GCM_16,      //!< RFC 4106, 16-octet ICV
};

/**
 * \ingroup ipsec-nat
 * Hash functions, used as IKE PRFs (HMAC, full output) and plain hashes.
 */
enum class HashAlgorithm : uint8_t
{
    MD5,      //!< RFC 1321
    SHA1,     //!< FIPS 180-4
    SHA2_256, //!< FIPS 180-4
    SHA2_384, //!< FIPS 180-4
    SHA2_512, //!< FIPS 180-4
};

/**
 * \ingroup ipsec-nat
 * Integrity algorithms with truncated ICVs (ESP, AH).
 */
enum class IntegrityAlgorithm : uint8_t
{
    HMAC_MD5_96,       //!< RFC 2403
    HMAC_SHA1_96,      //!< RFC 2404
    HMAC_SHA2_256_128, //!< RFC 4868
    HMAC_SHA2_384_192, //!< RFC 4868
    HMAC_SHA2_512_256, //!< RFC 4868
};

/**
 * \ingroup ipsec-nat
 * Kinds of Diffie-Hellman group.
 */
enum class DhGroupKind : uint8_t
{
    MODP,       //!< modular exponentiation group, generator 2
    ECP,        //!< elliptic curve over GF[P] (NIST curves), RFC 5903
    CURVE25519, //!< X25519, RFC 7748 / RFC 8031
};

/**
 * \ingroup ipsec-nat
 * What a user of an encryption algorithm needs to know about it.
 */
struct EncryptionDescriptor
{
    EncryptionAlgorithm algorithm; //!< which algorithm
    const char* name;              //!< canonical name, e.g. "aes-cbc-256"
    const char* opensslName;       //!< OpenSSL fetch name; null for NULL encryption
    uint16_t espTransformId;       //!< ESP transform ID (also the IKEv2 ENCR ID)
    uint16_t ikeEncryptionId;      //!< IKEv1 phase 1 attribute value; 0 if not usable there
    uint16_t keyLengthBits;        //!< Key Length attribute value; 0 for fixed-length ciphers
    std::size_t keyOctets;         //!< cipher key length
    std::size_t saltOctets;        //!< salt taken from the end of the keying material
    std::size_t
        blockOctets;       //!< cipher block size, 1 for NULL and GCM (RFC 2410, RFC 4106 section 3)
    std::size_t ivOctets;  //!< explicit IV carried in every packet
    std::size_t icvOctets; //!< AEAD ICV length; 0 for non-AEAD ciphers

    /** \return true for AES-GCM (use AeadCipher), false for the others (use Cipher) */
    bool IsAead() const
    {
        return icvOctets != 0;
    }

    /** \return the keying material to draw for one direction: key plus salt (RFC 4106 section 8.1)
     */
    std::size_t KeyMaterialOctets() const
    {
        return keyOctets + saltOctets;
    }
};

/**
 * \ingroup ipsec-nat
 * What a user of a hash function (plain or as HMAC PRF) needs to know.
 */
struct HashDescriptor
{
    HashAlgorithm algorithm;  //!< which hash
    const char* name;         //!< canonical name, e.g. "sha2-256"
    const char* opensslName;  //!< OpenSSL fetch name
    uint16_t ikeHashId;       //!< IKEv1 hash attribute value
    uint16_t ikev2PrfId;      //!< IKEv2 PRF transform ID of HMAC with this hash
    std::size_t outputOctets; //!< digest length, also the PRF output length
    std::size_t blockOctets;  //!< input block length (HMAC pads keys to it)
};

/**
 * \ingroup ipsec-nat
 * What a user of an integrity algorithm needs to know.
 */
struct IntegrityDescriptor
{
    IntegrityAlgorithm algorithm; //!< which algorithm
    const char* name;             //!< canonical name, e.g. "hmac-sha2-256-128"
    HashAlgorithm hash;           //!< the hash inside the HMAC
    uint16_t espAuthAlgorithm;    //!< IPsec DOI SA attribute 5 value (ESP in IKEv1)
    uint16_t ahTransformId;       //!< AH transform ID (IKEv1)
    uint16_t ikev2IntegrityId;    //!< IKEv2 integrity transform ID
    std::size_t keyOctets;        //!< key length (RFC 2403 and 2404 section 3, RFC 4868)
    std::size_t icvOctets;        //!< truncated ICV length
};

/**
 * \ingroup ipsec-nat
 * What a user of a Diffie-Hellman group needs to know.
 */
struct DhGroupDescriptor
{
    uint16_t number;                //!< IANA group number
    const char* name;               //!< canonical name, e.g. "modp2048"
    DhGroupKind kind;               //!< MODP, ECP or Curve25519
    std::size_t publicValueOctets;  //!< length of the KE payload data
    std::size_t sharedSecretOctets; //!< length of g^xy
    std::size_t privateValueOctets; //!< octets drawn for a full-length private value
};

/**
 * \ingroup ipsec-nat
 * \return every encryption descriptor, in a fixed order
 */
const std::vector<EncryptionDescriptor>& AllEncryptionDescriptors();

/**
 * \ingroup ipsec-nat
 * \return every integrity descriptor, in a fixed order
 */
const std::vector<IntegrityDescriptor>& AllIntegrityDescriptors();

/**
 * \ingroup ipsec-nat
 * \return the registry's own entry for \p d (same algorithm and key
 *         length): an address that lives as long as the program, for
 *         structures that keep many references to a descriptor; null if
 *         \p d is not in the registry
 */
const EncryptionDescriptor* RegistryEntry(const EncryptionDescriptor& d);
/** \copydoc RegistryEntry(const EncryptionDescriptor&) */
const IntegrityDescriptor* RegistryEntry(const IntegrityDescriptor& d);
/** \return RegistryEntry(*d), or null when \p d is empty */
const IntegrityDescriptor* RegistryEntry(const std::optional<IntegrityDescriptor>& d);

/**
 * \ingroup ipsec-nat
 * \return every hash descriptor, in a fixed order
 */
const std::vector<HashDescriptor>& AllHashDescriptors();

/**
 * \ingroup ipsec-nat
 * \return every Diffie-Hellman group descriptor, in a fixed order
 */
const std::vector<DhGroupDescriptor>& AllDhGroupDescriptors();

/**
 * \ingroup ipsec-nat
 * \param algorithm the algorithm
 * \param keyLengthBits 128, 192 or 256 for AES; 0 for fixed-length ciphers
 * \return its descriptor, or nullopt for an invalid combination
 */
std::optional<EncryptionDescriptor> GetEncryptionDescriptor(EncryptionAlgorithm algorithm,
                                                            uint16_t keyLengthBits = 0);

/**
 * \ingroup ipsec-nat
 * Look up an ESP transform as proposed in an IKE SA payload.
 *
 * The Key Length attribute is required for AES (RFC 3602 section 5.3,
 * RFC 4106 section 8) and must be absent (0) for the fixed-length
 * ciphers (RFC 2407 section 4.5).
 *
 * \param transformId the ESP transform ID (IKEv1) or ENCR ID (IKEv2)
 * \param keyLengthBits the Key Length attribute value, 0 if absent
 * \return the descriptor, or nullopt
 */
std::optional<EncryptionDescriptor> FindEncryptionByEspTransform(uint16_t transformId,
                                                                 uint16_t keyLengthBits = 0);

/**
 * \ingroup ipsec-nat
 * Look up an IKEv1 phase 1 encryption attribute (RFC 2409 appendix A).
 * \param encryptionId the attribute value (1 DES, 5 3DES, 7 AES-CBC)
 * \param keyLengthBits the Key Length attribute (class 14) value, 0 if absent
 * \return the descriptor, or nullopt
 */
std::optional<EncryptionDescriptor> FindEncryptionByIkeAttribute(uint16_t encryptionId,
                                                                 uint16_t keyLengthBits = 0);

/**
 * \ingroup ipsec-nat
 * Look up an encryption algorithm by name: the canonical names
 * ("aes-cbc-256", "aes-gcm16-128", "3des-cbc", "null"), strongSwan-style
 * names ("aes256", "aes128gcm16", "3des") and Cisco IOS transform-set and
 * ISAKMP policy words ("esp-aes 256", "esp-gcm 128", "esp-3des", "aes 192").
 * A bare "aes", "esp-aes" or "esp-gcm" means 128 bits, as in IOS.
 * \param name the name
 * \return the descriptor, or nullopt
 */
std::optional<EncryptionDescriptor> FindEncryptionByName(std::string_view name);

/**
 * \ingroup ipsec-nat
 * \param algorithm the algorithm
 * \return its descriptor, or nullopt for a value outside the enumeration
 */
std::optional<IntegrityDescriptor> GetIntegrityDescriptor(IntegrityAlgorithm algorithm);

/**
 * \ingroup ipsec-nat
 * \param value IPsec DOI authentication algorithm (SA attribute 5)
 * \return the descriptor, or nullopt
 */
std::optional<IntegrityDescriptor> FindIntegrityByEspAuthAlgorithm(uint16_t value);

/**
 * \ingroup ipsec-nat
 * \param transformId AH transform ID (IKEv1)
 * \return the descriptor, or nullopt
 */
std::optional<IntegrityDescriptor> FindIntegrityByAhTransform(uint16_t transformId);

/**
 * \ingroup ipsec-nat
 * \param transformId IKEv2 integrity transform ID
 * \return the descriptor, or nullopt
 */
std::optional<IntegrityDescriptor> FindIntegrityByIkev2Id(uint16_t transformId);

/**
 * \ingroup ipsec-nat
 * Look up an integrity algorithm by name: canonical ("hmac-sha1-96"),
 * short ("sha1", "sha256") or Cisco transform-set words ("esp-sha-hmac",
 * "esp-sha256-hmac", "esp-md5-hmac").
 * \param name the name
 * \return the descriptor, or nullopt
 */
std::optional<IntegrityDescriptor> FindIntegrityByName(std::string_view name);

/**
 * \ingroup ipsec-nat
 * \param algorithm the hash
 * \return its descriptor, or nullopt for a value outside the enumeration
 */
std::optional<HashDescriptor> GetHashDescriptor(HashAlgorithm algorithm);

/**
 * \ingroup ipsec-nat
 * \param value IKEv1 hash attribute (class 2) value
 * \return the descriptor, or nullopt
 */
std::optional<HashDescriptor> FindHashByIkeAttribute(uint16_t value);

/**
 * \ingroup ipsec-nat
 * \param transformId IKEv2 PRF transform ID
 * \return the descriptor of the hash inside that HMAC PRF, or nullopt
 */
std::optional<HashDescriptor> FindHashByIkev2PrfId(uint16_t transformId);

/**
 * \ingroup ipsec-nat
 * Look up a hash by name: "md5", "sha"/"sha1", "sha256"/"sha2-256", ...
 * (the IOS "hash" words included).
 * \param name the name
 * \return the descriptor, or nullopt
 */
std::optional<HashDescriptor> FindHashByName(std::string_view name);

/**
 * \ingroup ipsec-nat
 * \param number IANA Diffie-Hellman group number (IKEv1 attribute 4, IKEv2
 *        transform type 4)
 * \return the descriptor, or nullopt for a group the layer does not implement
 */
std::optional<DhGroupDescriptor> FindDhGroup(uint16_t number);

/**
 * \ingroup ipsec-nat
 * Look up a Diffie-Hellman group by name: "modp2048", "ecp256",
 * "curve25519"/"x25519", or by IOS-style "group 14" / "group14" / "14".
 * \param name the name
 * \return the descriptor, or nullopt
 */
std::optional<DhGroupDescriptor> FindDhGroupByName(std::string_view name);

} // namespace ns3

#endif /* IPSEC_NAT_CRYPTO_REGISTRY_H */
