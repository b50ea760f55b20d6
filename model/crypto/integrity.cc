/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "integrity.h"

#include "crypto-work.h"
#include "openssl-providers.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>

namespace ns3
{

namespace
{

/**
 * Make an HMAC context and key it.
 * \param hash the hash inside the HMAC
 * \param key the key (any length)
 * \param[out] error why it failed
 * \return the keyed context, or null
 */
EvpMacCtxPtr
NewKeyedHmac(const HashDescriptor& hash, ByteView key, CryptoError& error)
{
    if (!key.IsValid())
    {
        error = CryptoError::INVALID_ARGUMENT;
        return nullptr;
    }
    EVP_MAC* mac = FetchHmacAlgorithm();
    if (mac == nullptr || FetchDigestAlgorithm(hash.opensslName) == nullptr)
    {
        error = CryptoError::PROVIDER_UNAVAILABLE;
        return nullptr;
    }
    EvpMacCtxPtr ctx(EVP_MAC_CTX_new(mac));
    if (!ctx)
    {
        error = CryptoError::OPENSSL_FAILURE;
        return nullptr;
    }
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(hash.opensslName),
                                         0),
        OSSL_PARAM_construct_end(),
    };
    // A null key pointer means "keep the previous key" to EVP_MAC_init, so
    // an empty key (HMAC allows it, RFC 2104 section 2) gets a real pointer.
    static const uint8_t kNoKey = 0;
    const uint8_t* keyData = key.Empty() ? &kNoKey : key.Data();
    if (EVP_MAC_init(ctx.get(), keyData, key.Size(), params) != 1)
    {
        ERR_clear_error();
        error = CryptoError::OPENSSL_FAILURE;
        return nullptr;
    }
    error = CryptoError::OK;
    return ctx;
}

/**
 * Run a keyed HMAC over segments, full-length output.
 * \param ctx the keyed context; re-initialised with its key
 * \param data the segments
 * \param out at least EVP_MAX_MD_SIZE octets
 * \param[out] outLength the output length
 * \return OK, INVALID_ARGUMENT or OPENSSL_FAILURE
 */
CryptoError
RunHmac(EVP_MAC_CTX* ctx, std::initializer_list<ByteView> data, uint8_t (&out)[EVP_MAX_MD_SIZE],
        std::size_t& outLength)
{
    if (ctx == nullptr)
    {
        return CryptoError::OPENSSL_FAILURE; // a moved-from object
    }
    for (const ByteView& segment : data)
    {
        if (!segment.IsValid())
        {
            return CryptoError::INVALID_ARGUMENT;
        }
    }
    // Null key: restart from the stored inner/outer key states; the key
    // schedule is not redone.
    if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    for (const ByteView& segment : data)
    {
        if (!segment.Empty() && EVP_MAC_update(ctx, segment.Data(), segment.Size()) != 1)
        {
            ERR_clear_error();
            return CryptoError::OPENSSL_FAILURE;
        }
    }
    if (EVP_MAC_final(ctx, out, &outLength, sizeof(out)) != 1)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    return CryptoError::OK;
}

} // namespace

// ---------------------------------------------------------------------------
// IntegrityMac

CryptoResult<IntegrityMac>
IntegrityMac::Create(const IntegrityDescriptor& algorithm, ByteView key)
{
    std::optional<HashDescriptor> hash = GetHashDescriptor(algorithm.hash);
    if (!hash || algorithm.icvOctets == 0 || algorithm.icvOctets > hash->outputOctets)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (!key.IsValid() || key.Size() != algorithm.keyOctets
        || algorithm.keyOctets > RetainedKey::kMaxOctets)
    {
        return CryptoError::INVALID_KEY_LENGTH;
    }
    if (FetchHmacAlgorithm() == nullptr || FetchDigestAlgorithm(hash->opensslName) == nullptr)
    {
        return CryptoError::PROVIDER_UNAVAILABLE;
    }
    // The HMAC context is keyed when first used (Context()).
    return IntegrityMac(algorithm, *hash, key);
}

IntegrityMac::IntegrityMac(const IntegrityDescriptor& algorithm, const HashDescriptor& hash,
                           ByteView key)
    : m_descriptor(algorithm)
    , m_hash(hash)
    , m_key(key.Data(), key.Size())
{
}

IntegrityMac::IntegrityMac(IntegrityMac&& other) noexcept = default;
IntegrityMac& IntegrityMac::operator=(IntegrityMac&& other) noexcept = default;
IntegrityMac::~IntegrityMac() = default;

EVP_MAC_CTX*
IntegrityMac::Context(CryptoError& error)
{
    error = CryptoError::OK;
    if (!m_ctx)
    {
        if (!m_key.IsPresent())
        {
            error = CryptoError::OPENSSL_FAILURE; // a moved-from object
            return nullptr;
        }
        m_ctx = NewKeyedHmac(m_hash, ByteView(m_key.Data(), m_key.Size()), error);
    }
    return m_ctx.get();
}

const IntegrityDescriptor&
IntegrityMac::GetDescriptor() const
{
    return m_descriptor;
}

std::size_t
IntegrityMac::GetIcvSize() const
{
    return m_descriptor.icvOctets;
}

CryptoError
IntegrityMac::Compute(std::initializer_list<ByteView> data, uint8_t* icv, std::size_t icvLength)
{
    if (icvLength != m_descriptor.icvOctets)
    {
        return CryptoError::INVALID_ICV_LENGTH;
    }
    if (icv == nullptr)
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    ++CryptoWorkTally().prf[static_cast<std::size_t>(m_descriptor.algorithm)];
    uint8_t full[EVP_MAX_MD_SIZE];
    std::size_t fullLength = 0;
    CryptoError e = CryptoError::OK;
    EVP_MAC_CTX* ctx = Context(e);
    if (ctx == nullptr)
    {
        return e;
    }
    e = RunHmac(ctx, data, full, fullLength);
    if (e != CryptoError::OK)
    {
        return e;
    }
    if (fullLength < icvLength)
    {
        return CryptoError::OPENSSL_FAILURE;
    }
    // Truncation keeps the leftmost octets (RFC 2104 section 5).
    std::copy(full, full + icvLength, icv);
    OPENSSL_cleanse(full, sizeof(full));
    return CryptoError::OK;
}

CryptoError
IntegrityMac::Compute(ByteView data, uint8_t* icv, std::size_t icvLength)
{
    return Compute({data}, icv, icvLength);
}

CryptoResult<Bytes>
IntegrityMac::Compute(ByteView data)
{
    Bytes icv(m_descriptor.icvOctets);
    CryptoError e = Compute({data}, icv.data(), icv.size());
    if (e != CryptoError::OK)
    {
        return e;
    }
    return icv;
}

CryptoError
IntegrityMac::Verify(std::initializer_list<ByteView> data, ByteView icv)
{
    if (!icv.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    uint8_t expected[EVP_MAX_MD_SIZE];
    CryptoError e = Compute(data, expected, m_descriptor.icvOctets);
    if (e != CryptoError::OK)
    {
        return e;
    }
    // A received ICV of the wrong length is a forgery like any other.
    const bool match = icv.Size() == m_descriptor.icvOctets
                       && CRYPTO_memcmp(expected, icv.Data(), m_descriptor.icvOctets) == 0;
    OPENSSL_cleanse(expected, sizeof(expected));
    return match ? CryptoError::OK : CryptoError::AUTHENTICATION_FAILED;
}

CryptoError
IntegrityMac::Verify(ByteView data, ByteView icv)
{
    return Verify({data}, icv);
}

// ---------------------------------------------------------------------------
// Prf

CryptoResult<Prf>
Prf::Create(HashAlgorithm hash, ByteView key)
{
    std::optional<HashDescriptor> descriptor = GetHashDescriptor(hash);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    CryptoError error = CryptoError::OK;
    EvpMacCtxPtr ctx = NewKeyedHmac(*descriptor, key, error);
    if (!ctx)
    {
        return error;
    }
    return Prf(*descriptor, std::move(ctx));
}

CryptoResult<Bytes>
Prf::Compute(HashAlgorithm hash, ByteView key, std::initializer_list<ByteView> data)
{
    CryptoResult<Prf> prf = Create(hash, key);
    if (!prf)
    {
        return prf.GetError();
    }
    return prf->Compute(data);
}

Prf::Prf(const HashDescriptor& hash, EvpMacCtxPtr ctx)
    : m_descriptor(hash)
    , m_ctx(std::move(ctx))
{
}

Prf::Prf(Prf&& other) noexcept = default;
Prf& Prf::operator=(Prf&& other) noexcept = default;
Prf::~Prf() = default;

const HashDescriptor&
Prf::GetDescriptor() const
{
    return m_descriptor;
}

std::size_t
Prf::GetOutputSize() const
{
    return m_descriptor.outputOctets;
}

CryptoError
Prf::Compute(std::initializer_list<ByteView> data, uint8_t* out, std::size_t outLength)
{
    if (out == nullptr || outLength != m_descriptor.outputOctets)
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    uint8_t full[EVP_MAX_MD_SIZE];
    std::size_t fullLength = 0;
    CryptoError e = RunHmac(m_ctx.get(), data, full, fullLength);
    if (e != CryptoError::OK)
    {
        return e;
    }
    if (fullLength != outLength)
    {
        return CryptoError::OPENSSL_FAILURE;
    }
    std::copy(full, full + outLength, out);
    OPENSSL_cleanse(full, sizeof(full));
    return CryptoError::OK;
}

CryptoResult<Bytes>
Prf::Compute(std::initializer_list<ByteView> data)
{
    Bytes out(m_descriptor.outputOctets);
    CryptoError e = Compute(data, out.data(), out.size());
    if (e != CryptoError::OK)
    {
        return e;
    }
    return out;
}

} // namespace ns3
