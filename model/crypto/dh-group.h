/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_DH_GROUP_H
#define IPSEC_NAT_DH_GROUP_H

#include "crypto-registry.h"
#include "crypto-types.h"
#include "openssl-handles.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Where private values come from: fill \p out with \p length random octets.
 *
 * The module passes a function that draws from an ns-3 random variable
 * stream, so the same RngSeed/RngRun gives the same private values, public
 * values and shared secrets (DESIGN.md, "Determinism"). OpenSSL's own RNG
 * is never used for private values.
 */
using DhRandomSource = std::function<void(uint8_t* out, std::size_t length)>;

/**
 * \ingroup ipsec-nat
 * One side of a Diffie-Hellman exchange in one IKE group: a private value,
 * the public value sent in the KE payload, and the shared secret g^xy.
 *
 * Groups and encodings (everything big-endian unless noted):
 * - MODP 1, 2 (RFC 2409 section 6), 5, 14 (RFC 3526), generator 2. The
 *   public value and the shared secret are left-padded with zeros to the
 *   length of the prime (RFC 2409 section 5, RFC 7296 section 3.4).
 * - ECP 19, 20 (RFC 5903): the public value is x | y, each coordinate
 *   padded to the field length, without the 0x04 prefix of SEC1
 *   (RFC 5903 section 7); the shared secret is the x coordinate of the
 *   shared point only (RFC 5903 section 9, the change from RFC 4753).
 * - Curve25519, group 31 (RFC 8031): 32-octet little-endian u
 *   coordinates, private scalars clamped by X25519 itself (RFC 7748
 *   section 5).
 *
 * Peer public value checks (ComputeSharedSecret and CheckPeerPublicValue):
 * - MODP: the length must be the prime length (RFC 2409 section 5) and
 *   1 < y < p-1 (for these safe-prime groups this range check is all
 *   IKE requires, RFC 6989 section 2). OpenSSL's full check additionally tests
 *   y^q mod p = 1, a second full-size exponentiation that costs about 85%
 *   of an exchange (PERF-NOTES.md); it is skipped on purpose, by handing
 *   the peer key to EVP_PKEY_derive_set_peer_ex with validation off after
 *   the range check above.
 * - ECP: the length must be twice the field length and the point must be
 *   on the curve, with coordinates below p (RFC 6989 section 2;
 *   EVP_PKEY_public_check_quick). Both curves have cofactor 1, so no
 *   subgroup check is needed.
 * - Curve25519: any 32 octets are accepted, but an all-zero shared secret
 *   is rejected (RFC 8031 section 2, RFC 7748 section 6.1).
 *
 * Private values: MODP draws a full-length exponent by default (as
 * strongSwan does with its default dh_exponent_ansi_x9_42 = yes) and
 * accepts 2 <= x <= p-2 only; a shorter exponent can be asked for to
 * save simulation wall time (MODP-2048, key generation plus shared secret,
 * measured with -O2 on a 2-core development machine: about 5.8 ms with the
 * full 256-octet exponent, 0.8 ms with a 32-octet one; this is wall time of
 * the simulator, not the simulated cost, which model/cpu/ charges). ECP
 * draws d with 1 <= d < n by rejection
 * sampling. Curve25519 draws 32 octets. The public value of a MODP or ECP
 * private value is computed once, at construction.
 */
class DhKeyPair
{
public:
    /**
     * Draw a private value and compute the public value.
     * \param group IANA group number (see FindDhGroup)
     * \param random the random source
     * \param privateValueOctets MODP only: length of the private exponent
     *        (1 .. prime length, 0 = prime length). Must be 0 for ECP and
     *        Curve25519.
     * \return the key pair, or UNSUPPORTED_ALGORITHM (unknown group),
     *         INVALID_ARGUMENT, RANDOM_SOURCE_FAILED (the source kept giving
     *         values out of range) or OPENSSL_FAILURE
     */
    static CryptoResult<DhKeyPair> Generate(uint16_t group, const DhRandomSource& random,
                                            std::size_t privateValueOctets = 0);

    /**
     * Use a given private value (known-answer tests, imported keys).
     * \param group IANA group number
     * \param privateValue MODP: big-endian x, 1 <= x <= p-2, at most the
     *        prime length; ECP: big-endian d of exactly the field length,
     *        1 <= d < n; Curve25519: the 32-octet scalar
     * \return the key pair, or UNSUPPORTED_ALGORITHM, INVALID_ARGUMENT
     *         (value out of range or of the wrong length) or OPENSSL_FAILURE
     */
    static CryptoResult<DhKeyPair> FromPrivateValue(uint16_t group, ByteView privateValue);

    /**
     * Check a peer's public value without computing anything with it.
     * \param group IANA group number
     * \param peerPublicValue the KE payload data
     * \return OK, INVALID_PUBLIC_VALUE or UNSUPPORTED_ALGORITHM
     */
    static CryptoError CheckPeerPublicValue(uint16_t group, ByteView peerPublicValue);

    DhKeyPair(DhKeyPair&& other) noexcept;            //!< move
    DhKeyPair& operator=(DhKeyPair&& other) noexcept; //!< move
    DhKeyPair(const DhKeyPair&) = delete;             //!< private keys are not copied
    DhKeyPair& operator=(const DhKeyPair&) = delete;  //!< private keys are not copied
    ~DhKeyPair();

    /** \return the group */
    const DhGroupDescriptor& GetGroup() const;

    /** \return the public value, as sent in the KE payload */
    const Bytes& GetPublicValue() const;

    /**
     * Validate the peer's public value and compute g^xy.
     * \param peerPublicValue the peer's KE payload data
     * \return the shared secret (prime length for MODP, the x coordinate
     *         for ECP, 32 octets for Curve25519), or INVALID_PUBLIC_VALUE,
     *         ZERO_SHARED_SECRET or OPENSSL_FAILURE
     */
    CryptoResult<Bytes> ComputeSharedSecret(ByteView peerPublicValue) const;

private:
    /**
     * \param group the group
     * \param key the private key (with its public part for ECP)
     * \param publicValue the encoded public value
     */
    DhKeyPair(const DhGroupDescriptor& group, EvpPkeyPtr key, Bytes publicValue);

    DhGroupDescriptor m_group; //!< the group
    EvpPkeyPtr m_key;          //!< the private key, held by OpenSSL
    Bytes m_publicValue;       //!< KE payload encoding of the public value
};

} // namespace ns3

#endif /* IPSEC_NAT_DH_GROUP_H */
