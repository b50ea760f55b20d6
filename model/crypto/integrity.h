/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_INTEGRITY_H
#define IPSEC_NAT_INTEGRITY_H

#include "crypto-registry.h"
#include "crypto-types.h"
#include "openssl-handles.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * An HMAC integrity check value with truncated output, keyed once for a
 * security association: HMAC-MD5-96 (RFC 2403), HMAC-SHA1-96 (RFC 2404),
 * HMAC-SHA-256-128, HMAC-SHA-384-192, HMAC-SHA-512-256 (RFC 4868).
 *
 * The ICV is the leftmost (most significant) octets of the HMAC output
 * (RFC 2104 section 5, RFC 2404 section 2, RFC 4868 section 2).
 * Verification compares in constant time (CRYPTO_memcmp), so the time to
 * reject a forged packet does not tell how many octets were right.
 *
 * The HMAC key is processed once, on first use (OpenSSL keeps the inner and
 * outer padded-key states; an idle SA never builds them); per packet the
 * context is re-initialised from those states. Not thread-safe: one object
 * per SA and thread.
 */
class IntegrityMac
{
public:
    /**
     * Create and key an integrity algorithm.
     * \param algorithm the descriptor (see crypto-registry.h)
     * \param key the key, exactly algorithm.keyOctets long (RFC 2403/2404
     *        section 3, RFC 4868 section 2)
     * \return the object, or INVALID_KEY_LENGTH, UNSUPPORTED_ALGORITHM,
     *         PROVIDER_UNAVAILABLE or OPENSSL_FAILURE
     */
    static CryptoResult<IntegrityMac> Create(const IntegrityDescriptor& algorithm, ByteView key);

    IntegrityMac(IntegrityMac&& other) noexcept;            //!< move
    IntegrityMac& operator=(IntegrityMac&& other) noexcept; //!< move
    IntegrityMac(const IntegrityMac&) = delete;             //!< a keyed context is not copied
    IntegrityMac& operator=(const IntegrityMac&) = delete;  //!< a keyed context is not copied
    ~IntegrityMac();

    /** \return the algorithm */
    const IntegrityDescriptor& GetDescriptor() const;

    /** \return the ICV length in octets */
    std::size_t GetIcvSize() const;

    /**
     * Compute the ICV over the concatenation of \p data (ESP: SPI through
     * Next Header, then the high ESN octets if used, RFC 4303 section 2.8).
     * \param data the covered octets, in order
     * \param icv where the ICV goes
     * \param icvLength must equal GetIcvSize()
     * \return OK, INVALID_ICV_LENGTH, INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Compute(std::initializer_list<ByteView> data, uint8_t* icv, std::size_t icvLength);

    /**
     * Compute the ICV of one buffer.
     * \param data the covered octets
     * \param icv where the ICV goes
     * \param icvLength must equal GetIcvSize()
     * \return as the list form
     */
    CryptoError Compute(ByteView data, uint8_t* icv, std::size_t icvLength);

    /**
     * \param data the covered octets
     * \return the ICV, or the error of Compute()
     */
    CryptoResult<Bytes> Compute(ByteView data);

    /**
     * Check a received ICV, in constant time.
     * \param data the covered octets, in order
     * \param icv the received ICV
     * \return OK, AUTHENTICATION_FAILED (mismatch or wrong ICV length),
     *         INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Verify(std::initializer_list<ByteView> data, ByteView icv);

    /**
     * Check a received ICV of one buffer, in constant time.
     * \param data the covered octets
     * \param icv the received ICV
     * \return as the list form
     */
    CryptoError Verify(ByteView data, ByteView icv);

private:
    /**
     * \param algorithm the algorithm
     * \param hash the hash inside the HMAC
     * \param key the key, kept until the context is keyed
     */
    IntegrityMac(const IntegrityDescriptor& algorithm, const HashDescriptor& hash, ByteView key);

    /**
     * Key the context on first use.
     * \param[out] error why it failed
     * \return the context, or null
     */
    EVP_MAC_CTX* Context(CryptoError& error);

    IntegrityDescriptor m_descriptor; //!< the algorithm
    HashDescriptor m_hash;            //!< the hash inside the HMAC
    RetainedKey m_key;                //!< until the context is keyed; absent once moved from
    EvpMacCtxPtr m_ctx;               //!< keyed on first use, re-initialised per packet
};

/**
 * \ingroup ipsec-nat
 * A pseudo-random function: HMAC with the full output of the hash, keyed
 * once and usable many times (IKEv1: RFC 2409 section 5, where prf is the
 * HMAC version of the negotiated hash; IKEv2: RFC 7296 section 2.13 with
 * PRF_HMAC_*).
 *
 * IKE keys the PRF with values of any length (a pre-shared key, SKEYID, a
 * nonce concatenation); HMAC hashes keys longer than the block and pads
 * shorter ones (RFC 2104 section 2), so every key length is accepted.
 */
class Prf
{
public:
    /**
     * Create and key a PRF.
     * \param hash the hash inside the HMAC
     * \param key the key (any length, including 0)
     * \return the PRF, or UNSUPPORTED_ALGORITHM, PROVIDER_UNAVAILABLE,
     *         INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    static CryptoResult<Prf> Create(HashAlgorithm hash, ByteView key);

    /**
     * One-shot prf(key, data...).
     * \param hash the hash inside the HMAC
     * \param key the key
     * \param data the input, concatenated in order
     * \return the full-length output, or an error of Create() / Compute()
     */
    static CryptoResult<Bytes> Compute(HashAlgorithm hash, ByteView key,
                                       std::initializer_list<ByteView> data);

    Prf(Prf&& other) noexcept;            //!< move
    Prf& operator=(Prf&& other) noexcept; //!< move
    Prf(const Prf&) = delete;             //!< a keyed context is not copied
    Prf& operator=(const Prf&) = delete;  //!< a keyed context is not copied
    ~Prf();

    /** \return the hash descriptor */
    const HashDescriptor& GetDescriptor() const;

    /** \return the output length in octets (the hash length) */
    std::size_t GetOutputSize() const;

    /**
     * \param data the input, concatenated in order
     * \param out where the output goes
     * \param outLength must equal GetOutputSize()
     * \return OK, INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Compute(std::initializer_list<ByteView> data, uint8_t* out, std::size_t outLength);

    /**
     * \param data the input, concatenated in order
     * \return the output, or the error of the buffer form
     */
    CryptoResult<Bytes> Compute(std::initializer_list<ByteView> data);

private:
    /**
     * \param hash the hash
     * \param ctx the keyed HMAC context
     */
    Prf(const HashDescriptor& hash, EvpMacCtxPtr ctx);

    HashDescriptor m_descriptor; //!< the hash
    EvpMacCtxPtr m_ctx;          //!< keyed once, re-initialised per use
};

} // namespace ns3

#endif /* IPSEC_NAT_INTEGRITY_H */
