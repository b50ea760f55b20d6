/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_AEAD_H
#define IPSEC_NAT_AEAD_H

#include "crypto-registry.h"
#include "crypto-types.h"
#include "openssl-handles.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * AES-GCM for ESP as RFC 4106 uses it, keyed once per security
 * association.
 *
 * - Keying material is the key followed by a 4-octet salt (RFC 4106
 *   section 8.1): Create() takes both, in that order, as IKE derives them.
 * - The nonce is salt | explicit IV, 12 octets (RFC 4106 section 4); the
 *   8-octet explicit IV travels in each packet and must never repeat under
 *   one key.
 * - The AAD is SPI | sequence number (8 octets), or SPI | ESN high | ESN
 *   low (12 octets) with extended sequence numbers (RFC 4106 section 5).
 * - The ICV is 8, 12 or 16 octets (ESP transforms 18, 19, 20), the leading
 *   octets of the GCM tag (RFC 4106 section 6, NIST SP 800-38D 5.2.1.2).
 * - No padding is added: GCM has a block size of one octet (RFC 4106
 *   section 3); ESP still aligns its trailer to 4 octets itself.
 *
 * The key schedule and GHASH key are computed once per direction, when that
 * direction is first used (an ESP SA is one-way, so it builds one context,
 * and an idle one none); per packet only the nonce is set. Not thread-safe:
 * one object per SA and thread.
 */
class AeadCipher
{
public:
    static constexpr std::size_t kSaltSize = 4;   //!< RFC 4106 section 8.1
    static constexpr std::size_t kIvSize = 8;     //!< RFC 4106 section 3.1
    static constexpr std::size_t kNonceSize = 12; //!< salt | IV, RFC 4106 section 4

    /**
     * Create and key an AEAD.
     * \param algorithm an AES-GCM descriptor (see crypto-registry.h)
     * \param keyMaterial key | salt, exactly algorithm.KeyMaterialOctets() long
     * \return the AEAD, or UNSUPPORTED_ALGORITHM (not an AEAD descriptor),
     *         INVALID_KEY_LENGTH, PROVIDER_UNAVAILABLE or OPENSSL_FAILURE
     */
    static CryptoResult<AeadCipher> Create(const EncryptionDescriptor& algorithm,
                                           ByteView keyMaterial);

    AeadCipher(AeadCipher&& other) noexcept;            //!< move
    AeadCipher& operator=(AeadCipher&& other) noexcept; //!< move
    AeadCipher(const AeadCipher&) = delete;             //!< a keyed context is not copied
    AeadCipher& operator=(const AeadCipher&) = delete;  //!< a keyed context is not copied
    ~AeadCipher();

    /** \return the algorithm */
    const EncryptionDescriptor& GetDescriptor() const;

    /** \return the ICV length in octets (8, 12 or 16) */
    std::size_t GetIcvSize() const;

    /**
     * Encrypt and authenticate.
     * \param iv the explicit IV, kIvSize octets
     * \param aad the additional authenticated data (SPI | sequence number)
     * \param in the plaintext
     * \param length plaintext length (any)
     * \param out where the ciphertext goes (length octets); may be \p in
     * \param icv where the ICV goes
     * \param icvLength must equal GetIcvSize()
     * \return OK, INVALID_IV_LENGTH, INVALID_ICV_LENGTH, INVALID_INPUT_LENGTH,
     *         INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Seal(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length, uint8_t* out,
                     uint8_t* icv, std::size_t icvLength);

    /**
     * Verify and decrypt. On any failure the output is zeroed: unverified
     * plaintext never leaves this function.
     * \param iv the explicit IV, kIvSize octets
     * \param aad the additional authenticated data
     * \param in the ciphertext
     * \param length ciphertext length (without the ICV)
     * \param icv the received ICV, GetIcvSize() octets
     * \param out where the plaintext goes (length octets); may be \p in
     * \return OK, AUTHENTICATION_FAILED, INVALID_IV_LENGTH,
     *         INVALID_ICV_LENGTH, INVALID_INPUT_LENGTH, INVALID_ARGUMENT or
     *         OPENSSL_FAILURE
     */
    CryptoError Open(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length, ByteView icv,
                     uint8_t* out);

    /**
     * Encrypt into a new buffer.
     * \param iv the explicit IV
     * \param aad the additional authenticated data
     * \param plaintext the plaintext
     * \return ciphertext | ICV, or the error of Seal()
     */
    CryptoResult<Bytes> Seal(ByteView iv, ByteView aad, ByteView plaintext);

    /**
     * Verify and decrypt into a new buffer.
     * \param iv the explicit IV
     * \param aad the additional authenticated data
     * \param ciphertextAndIcv ciphertext | ICV
     * \return the plaintext, or the error of Open()
     */
    CryptoResult<Bytes> Open(ByteView iv, ByteView aad, ByteView ciphertextAndIcv);

private:
    /**
     * \param algorithm the algorithm
     * \param cipher OpenSSL's implementation
     * \param key the AES key, kept until both directions are keyed
     * \param salt the 4-octet salt
     */
    AeadCipher(const EncryptionDescriptor& algorithm, const EVP_CIPHER* cipher, ByteView key,
               const uint8_t* salt);

    /**
     * \param encrypt direction
     * \return the context of that direction, keyed on first use; null if
     *         OpenSSL fails or the object was moved from
     */
    EVP_CIPHER_CTX* Context(bool encrypt);

    /**
     * Check the arguments common to Seal() and Open() and build the nonce.
     * \param iv the explicit IV
     * \param aad the AAD
     * \param in input
     * \param length input length
     * \param out output
     * \param icvLength ICV length
     * \param nonce where the nonce goes
     * \return OK or the argument error
     */
    CryptoError Prepare(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length,
                        const uint8_t* out, std::size_t icvLength,
                        uint8_t (&nonce)[kNonceSize]) const;

    EncryptionDescriptor m_descriptor; //!< the algorithm
    uint8_t m_salt[kSaltSize]{};       //!< implicit part of the nonce
    const EVP_CIPHER* m_cipher;        //!< fetched implementation (not owned)
    RetainedKey m_key;                 //!< for the direction not keyed yet; absent once moved from
    EvpCipherCtxPtr m_encrypt;         //!< keyed on first use, nonce set per packet
    EvpCipherCtxPtr m_decrypt;         //!< keyed on first use, nonce set per packet
};

} // namespace ns3

#endif /* IPSEC_NAT_AEAD_H */
