/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CIPHER_H
#define IPSEC_NAT_CIPHER_H

#include "crypto-registry.h"
#include "crypto-types.h"
#include "openssl-handles.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * A block cipher in CBC mode, or NULL encryption, keyed once for a
 * security association and used for every packet of it.
 *
 * Covers ESP (RFC 2405 DES-CBC, RFC 2451 3DES-CBC, RFC 3602 AES-CBC,
 * RFC 2410 NULL) and IKEv1 message encryption (RFC 2409 appendix B; the
 * caller chains the IVs). AES-GCM is an AEAD and lives in AeadCipher.
 *
 * No padding is added or removed: ESP pads the plaintext itself (RFC 4303
 * section 2.4) and so does IKEv1 (RFC 2409 appendix B), so the input must
 * be a whole number of blocks.
 *
 * The key is expanded once per direction into an OpenSSL context (AES
 * decryption uses a different key schedule), when that direction is first
 * used: an ESP SA is one-way, so it only ever builds one of the two, and an
 * idle SA builds none. Per packet only the IV is set, which avoids
 * re-running the key schedule (a measured 1.5x cost, see PERF-NOTES). An
 * object is therefore not thread-safe; use one per SA and thread.
 *
 * Single DES comes from OpenSSL's legacy provider (see
 * openssl-providers.h); if that is not installed, Create() returns
 * PROVIDER_UNAVAILABLE for DES and everything else still works.
 */
class Cipher
{
public:
    /**
     * Create and key a cipher.
     * \param algorithm a non-AEAD encryption descriptor (see crypto-registry.h)
     * \param key the key, exactly algorithm.keyOctets long (0 for NULL)
     * \return the cipher, or UNSUPPORTED_ALGORITHM (an AEAD descriptor),
     *         INVALID_KEY_LENGTH, PROVIDER_UNAVAILABLE or OPENSSL_FAILURE
     */
    static CryptoResult<Cipher> Create(const EncryptionDescriptor& algorithm, ByteView key);

    Cipher(Cipher&& other) noexcept;            //!< move
    Cipher& operator=(Cipher&& other) noexcept; //!< move
    Cipher(const Cipher&) = delete;             //!< a keyed context is not copied
    Cipher& operator=(const Cipher&) = delete;  //!< a keyed context is not copied
    ~Cipher();

    /** \return the algorithm */
    const EncryptionDescriptor& GetDescriptor() const;

    /** \return the block size in octets (1 for NULL) */
    std::size_t GetBlockSize() const;

    /** \return the IV size in octets (0 for NULL) */
    std::size_t GetIvSize() const;

    /**
     * Encrypt \p length octets in CBC mode, without padding.
     * \param iv the IV, exactly GetIvSize() octets
     * \param in the plaintext
     * \param length a multiple of GetBlockSize()
     * \param out where the ciphertext goes (length octets); may be \p in
     *        itself (in place) but must not otherwise overlap it
     * \return OK, INVALID_IV_LENGTH, INVALID_INPUT_LENGTH,
     *         INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Encrypt(ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out);

    /**
     * Decrypt \p length octets in CBC mode, without removing padding.
     * \param iv the IV, exactly GetIvSize() octets
     * \param in the ciphertext
     * \param length a multiple of GetBlockSize()
     * \param out where the plaintext goes (length octets); may be \p in
     *        itself (in place) but must not otherwise overlap it
     * \return OK, INVALID_IV_LENGTH, INVALID_INPUT_LENGTH,
     *         INVALID_ARGUMENT or OPENSSL_FAILURE
     */
    CryptoError Decrypt(ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out);

    /**
     * Encrypt into a new buffer.
     * \param iv the IV
     * \param plaintext a whole number of blocks
     * \return the ciphertext, or the error of Encrypt()
     */
    CryptoResult<Bytes> Encrypt(ByteView iv, ByteView plaintext);

    /**
     * Decrypt into a new buffer.
     * \param iv the IV
     * \param ciphertext a whole number of blocks
     * \return the plaintext, or the error of Decrypt()
     */
    CryptoResult<Bytes> Decrypt(ByteView iv, ByteView ciphertext);

    /**
     * Free the OpenSSL contexts; the next Encrypt() or Decrypt() keys a new
     * one. For a cipher used in bursts with long pauses between them (an
     * IKE SA between exchanges), so that thousands of idle ones hold only
     * their keys.
     */
    void ReleaseContexts();

private:
    /**
     * \param algorithm the algorithm
     * \param cipher OpenSSL's implementation (null for NULL encryption)
     * \param key the key, kept until both directions are keyed
     */
    Cipher(const EncryptionDescriptor& algorithm, const EVP_CIPHER* cipher, ByteView key);

    /**
     * \param encrypt direction
     * \return the context of that direction, keyed on first use; null if
     *         OpenSSL fails or the object was moved from
     */
    EVP_CIPHER_CTX* Context(bool encrypt);

    /**
     * The common part of Encrypt() and Decrypt().
     * \param encrypt direction
     * \param iv the IV
     * \param in input
     * \param length input length
     * \param out output
     * \return as Encrypt()
     */
    CryptoError Run(bool encrypt, ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out);

    EncryptionDescriptor m_descriptor; //!< the algorithm
    const EVP_CIPHER* m_cipher;        //!< fetched implementation (not owned)
    RetainedKey m_key;                 //!< for the direction not keyed yet; absent once moved from
    EvpCipherCtxPtr m_encrypt;         //!< keyed on first use, IV set per packet
    EvpCipherCtxPtr m_decrypt;         //!< keyed on first use, IV set per packet
};

} // namespace ns3

#endif /* IPSEC_NAT_CIPHER_H */
