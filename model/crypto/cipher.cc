/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "cipher.h"

#include "crypto-buffers.h"
#include "openssl-providers.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>

namespace ns3
{

namespace
{

/**
 * Make a context keyed for one direction, padding off.
 * \param cipher the implementation
 * \param key the key
 * \param encrypt direction
 * \return the context, or null on failure
 */
EvpCipherCtxPtr
NewKeyedContext(const EVP_CIPHER* cipher, ByteView key, bool encrypt)
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
    {
        return nullptr;
    }
    // The key schedule runs here, once per SA; per packet only the IV is set.
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.Data(), nullptr, encrypt ? 1 : 0, nullptr) != 1)
    {
        return nullptr;
    }
    // ESP and IKEv1 pad the plaintext themselves (RFC 4303 section 2.4,
    // RFC 2409 appendix B); PKCS#7 padding would corrupt the trailer.
    if (EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    {
        return nullptr;
    }
    return ctx;
}

} // namespace

CryptoResult<Cipher>
Cipher::Create(const EncryptionDescriptor& algorithm, ByteView key)
{
    if (algorithm.IsAead())
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (!key.IsValid() || key.Size() != algorithm.keyOctets
        || algorithm.keyOctets > RetainedKey::kMaxOctets)
    {
        return CryptoError::INVALID_KEY_LENGTH;
    }
    if (algorithm.algorithm == EncryptionAlgorithm::NULL_ENCRYPTION)
    {
        return Cipher(algorithm, nullptr, ByteView());
    }
    const EVP_CIPHER* cipher = FetchCipherAlgorithm(algorithm.opensslName);
    if (cipher == nullptr)
    {
        return CryptoError::PROVIDER_UNAVAILABLE;
    }
    // Guard the descriptor table against a mismatch with OpenSSL.
    if (static_cast<std::size_t>(EVP_CIPHER_get_key_length(cipher)) != algorithm.keyOctets
        || static_cast<std::size_t>(EVP_CIPHER_get_iv_length(cipher)) != algorithm.ivOctets
        || static_cast<std::size_t>(EVP_CIPHER_get_block_size(cipher)) != algorithm.blockOctets)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    // The contexts are keyed when first used (Context()); OpenSSL cannot
    // refuse a key of the right length for these ciphers, so no error is
    // put off by this.
    return Cipher(algorithm, cipher, key);
}

Cipher::Cipher(const EncryptionDescriptor& algorithm, const EVP_CIPHER* cipher, ByteView key)
    : m_descriptor(algorithm)
    , m_cipher(cipher)
    , m_key(key.Data(), key.Size())
{
}

Cipher::Cipher(Cipher&& other) noexcept = default;
Cipher& Cipher::operator=(Cipher&& other) noexcept = default;
Cipher::~Cipher() = default;

void
Cipher::ReleaseContexts()
{
    m_encrypt.reset();
    m_decrypt.reset();
}

EVP_CIPHER_CTX*
Cipher::Context(bool encrypt)
{
    EvpCipherCtxPtr& ctx = encrypt ? m_encrypt : m_decrypt;
    if (!ctx && m_key.IsPresent())
    {
        ctx = NewKeyedContext(m_cipher, ByteView(m_key.Data(), m_key.Size()), encrypt);
        if (!ctx)
        {
            ERR_clear_error();
        }
    }
    return ctx.get();
}

const EncryptionDescriptor&
Cipher::GetDescriptor() const
{
    return m_descriptor;
}

std::size_t
Cipher::GetBlockSize() const
{
    return m_descriptor.blockOctets;
}

std::size_t
Cipher::GetIvSize() const
{
    return m_descriptor.ivOctets;
}

CryptoError
Cipher::Run(bool encrypt, ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out)
{
    if (!iv.IsValid() || iv.Size() != m_descriptor.ivOctets)
    {
        return CryptoError::INVALID_IV_LENGTH;
    }
    if (length % m_descriptor.blockOctets != 0 || !FitsInt(length))
    {
        return CryptoError::INVALID_INPUT_LENGTH;
    }
    if (length == 0)
    {
        return CryptoError::OK;
    }
    if (in == nullptr || out == nullptr || BuffersPartiallyOverlap(in, out, length))
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    if (m_descriptor.algorithm == EncryptionAlgorithm::NULL_ENCRYPTION)
    {
        // RFC 2410 section 2: NULL(P) = P.
        if (in != out)
        {
            std::memcpy(out, in, length);
        }
        return CryptoError::OK;
    }
    EVP_CIPHER_CTX* ctx = Context(encrypt);
    if (ctx == nullptr)
    {
        return CryptoError::OPENSSL_FAILURE; // OpenSSL failed, or a moved-from object
    }
    // Key and cipher null: keep the key schedule, set only the IV; enc -1
    // keeps the direction the context was created with.
    if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.Data(), -1, nullptr) != 1)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    int written = 0;
    if (EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(length)) != 1
        || static_cast<std::size_t>(written) != length)
    {
        // With padding off and whole blocks, Update emits everything; no
        // Final is needed and the next IV set resets the chaining state.
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    return CryptoError::OK;
}

CryptoError
Cipher::Encrypt(ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out)
{
    return Run(true, iv, in, length, out);
}

CryptoError
Cipher::Decrypt(ByteView iv, const uint8_t* in, std::size_t length, uint8_t* out)
{
    return Run(false, iv, in, length, out);
}

CryptoResult<Bytes>
Cipher::Encrypt(ByteView iv, ByteView plaintext)
{
    if (!plaintext.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    Bytes out(plaintext.Size());
    CryptoError e = Run(true, iv, plaintext.Data(), plaintext.Size(), out.data());
    if (e != CryptoError::OK)
    {
        return e;
    }
    return out;
}

CryptoResult<Bytes>
Cipher::Decrypt(ByteView iv, ByteView ciphertext)
{
    if (!ciphertext.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    Bytes out(ciphertext.Size());
    CryptoError e = Run(false, iv, ciphertext.Data(), ciphertext.Size(), out.data());
    if (e != CryptoError::OK)
    {
        return e;
    }
    return out;
}

} // namespace ns3
