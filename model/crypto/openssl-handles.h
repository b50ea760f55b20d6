/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_OPENSSL_HANDLES_H
#define IPSEC_NAT_OPENSSL_HANDLES_H

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

/**
 * \file
 * \ingroup ipsec-nat
 * Owning smart pointers for the OpenSSL objects the crypto layer keeps.
 *
 * Each deleter calls the matching OpenSSL free function (which accepts
 * null). Deleters that own secret material use the clearing variants
 * (BN_clear_free); EVP_CIPHER_CTX_free, EVP_MAC_CTX_free
 * and EVP_PKEY_free cleanse key schedules and private keys themselves. Only
 * <openssl/types.h> is included here, so users of the crypto headers do not
 * pull in the whole OpenSSL API.
 */

namespace ns3
{

/** Frees an EVP_CIPHER_CTX. */
struct EvpCipherCtxDeleter
{
    /** \param ctx the context (may be null) */
    void operator()(EVP_CIPHER_CTX* ctx) const noexcept;
};

/** Frees an EVP_MAC_CTX. */
struct EvpMacCtxDeleter
{
    /** \param ctx the context (may be null) */
    void operator()(EVP_MAC_CTX* ctx) const noexcept;
};

/** Frees an EVP_MD_CTX. */
struct EvpMdCtxDeleter
{
    /** \param ctx the context (may be null) */
    void operator()(EVP_MD_CTX* ctx) const noexcept;
};

/** Frees an EVP_PKEY. */
struct EvpPkeyDeleter
{
    /** \param key the key (may be null) */
    void operator()(EVP_PKEY* key) const noexcept;
};

/** Frees an EVP_PKEY_CTX. */
struct EvpPkeyCtxDeleter
{
    /** \param ctx the context (may be null) */
    void operator()(EVP_PKEY_CTX* ctx) const noexcept;
};

/** Clears and frees a BIGNUM. */
struct BignumDeleter
{
    /** \param bn the number (may be null) */
    void operator()(BIGNUM* bn) const noexcept;
};

/** Frees a BN_CTX. */
struct BnCtxDeleter
{
    /** \param ctx the context (may be null) */
    void operator()(BN_CTX* ctx) const noexcept;
};

/** Frees an OSSL_PARAM_BLD. */
struct OsslParamBldDeleter
{
    /** \param bld the builder (may be null) */
    void operator()(OSSL_PARAM_BLD* bld) const noexcept;
};

/** Frees an OSSL_PARAM array made by OSSL_PARAM_BLD_to_param. */
struct OsslParamDeleter
{
    /** \param params the array (may be null) */
    void operator()(OSSL_PARAM* params) const noexcept;
};

using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, EvpCipherCtxDeleter>; //!< owning
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, EvpMacCtxDeleter>;          //!< owning
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;             //!< owning
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;                 //!< owning
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxDeleter>;       //!< owning
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;                     //!< owning
using BnCtxPtr = std::unique_ptr<BN_CTX, BnCtxDeleter>;                       //!< owning
using OsslParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OsslParamBldDeleter>; //!< owning
using OsslParamPtr = std::unique_ptr<OSSL_PARAM, OsslParamDeleter>;           //!< owning

/**
 * A key kept so that OpenSSL contexts can be keyed when first needed: at
 * most kMaxOctets octets, wiped (OPENSSL_cleanse) when moved from or
 * destroyed. A security association that only ever encrypts never builds a
 * decryption context, and an idle one builds none (see doc/design.md,
 * "Crypto contexts").
 *
 * Moving takes the key and leaves the source without one (IsPresent() false),
 * so an object moved from fails cleanly instead of keying a context: the
 * classes holding a RetainedKey get that from their defaulted moves.
 */
class RetainedKey
{
public:
    static constexpr std::size_t kMaxOctets = 64; //!< HMAC-SHA-512's key

    RetainedKey() = default;
    /**
     * \param data the key
     * \param size its length, at most kMaxOctets (the Create functions
     *        refuse longer keys before they get here)
     */
    RetainedKey(const uint8_t* data, std::size_t size);
    RetainedKey(RetainedKey&& other) noexcept;            //!< takes the key
    RetainedKey& operator=(RetainedKey&& other) noexcept; //!< takes the key, wipes the old
    RetainedKey(const RetainedKey&) = delete;             //!< a key is not copied
    RetainedKey& operator=(const RetainedKey&) = delete;  //!< a key is not copied
    ~RetainedKey();

    /** \return true unless default-constructed or moved from */
    bool IsPresent() const
    {
        return m_present;
    }

    /** \return the key octets */
    const uint8_t* Data() const
    {
        return m_octets.data();
    }

    /** \return the key length */
    std::size_t Size() const
    {
        return m_size;
    }

private:
    /** Wipe the octets and forget the key. */
    void Wipe();

    std::array<uint8_t, kMaxOctets> m_octets{}; //!< the key, then zeros
    std::size_t m_size = 0;                     //!< octets used
    bool m_present = false;                     //!< a key was given (maybe empty)
};

} // namespace ns3

#endif /* IPSEC_NAT_OPENSSL_HANDLES_H */
