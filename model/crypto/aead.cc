/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "aead.h"

#include "crypto-buffers.h"
#include "openssl-providers.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>

namespace ns3
{

namespace
{

/**
 * Make a GCM context keyed for one direction.
 * \param cipher the implementation
 * \param key the AES key
 * \param encrypt direction
 * \return the context, or null on failure
 */
EvpCipherCtxPtr
NewKeyedGcmContext(const EVP_CIPHER* cipher, const uint8_t* key, bool encrypt)
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
    {
        return nullptr;
    }
    if (EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, encrypt ? 1 : 0, nullptr) != 1)
    {
        return nullptr;
    }
    // 12 octets is GCM's default nonce length, and exactly salt | IV
    // (RFC 4106 section 4); set it explicitly all the same.
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN,
                            static_cast<int>(AeadCipher::kNonceSize), nullptr)
        != 1)
    {
        return nullptr;
    }
    // The AES key schedule and the GHASH key H are computed here, once.
    if (EVP_CipherInit_ex2(ctx.get(), nullptr, key, nullptr, -1, nullptr) != 1)
    {
        return nullptr;
    }
    return ctx;
}

} // namespace

CryptoResult<AeadCipher>
AeadCipher::Create(const EncryptionDescriptor& algorithm, ByteView keyMaterial)
{
    if (!algorithm.IsAead() || algorithm.saltOctets != kSaltSize || algorithm.ivOctets != kIvSize)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (!keyMaterial.IsValid() || keyMaterial.Size() != algorithm.KeyMaterialOctets()
        || algorithm.keyOctets > RetainedKey::kMaxOctets)
    {
        return CryptoError::INVALID_KEY_LENGTH;
    }
    const EVP_CIPHER* cipher = FetchCipherAlgorithm(algorithm.opensslName);
    if (cipher == nullptr)
    {
        return CryptoError::PROVIDER_UNAVAILABLE;
    }
    if (static_cast<std::size_t>(EVP_CIPHER_get_key_length(cipher)) != algorithm.keyOctets)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    // RFC 4106 section 8.1: the salt is the last four octets of the keying
    // material, the key the octets before it.
    // Each direction's context (key schedule and GHASH key) is built when
    // that direction is first used: an ESP SA is one-way.
    return AeadCipher(algorithm, cipher, ByteView(keyMaterial.Data(), algorithm.keyOctets),
                      keyMaterial.Data() + algorithm.keyOctets);
}

AeadCipher::AeadCipher(const EncryptionDescriptor& algorithm, const EVP_CIPHER* cipher,
                       ByteView key, const uint8_t* salt)
    : m_descriptor(algorithm)
    , m_cipher(cipher)
    , m_key(key.Data(), key.Size())
{
    std::memcpy(m_salt, salt, kSaltSize);
}

AeadCipher::AeadCipher(AeadCipher&& other) noexcept = default;
AeadCipher& AeadCipher::operator=(AeadCipher&& other) noexcept = default;

AeadCipher::~AeadCipher()
{
    OPENSSL_cleanse(m_salt, sizeof(m_salt));
}

EVP_CIPHER_CTX*
AeadCipher::Context(bool encrypt)
{
    EvpCipherCtxPtr& ctx = encrypt ? m_encrypt : m_decrypt;
    if (!ctx && m_key.IsPresent())
    {
        ctx = NewKeyedGcmContext(m_cipher, m_key.Data(), encrypt);
        if (!ctx)
        {
            ERR_clear_error();
        }
    }
    return ctx.get();
}

const EncryptionDescriptor&
AeadCipher::GetDescriptor() const
{
    return m_descriptor;
}

std::size_t
AeadCipher::GetIcvSize() const
{
    return m_descriptor.icvOctets;
}

CryptoError
AeadCipher::Prepare(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length,
                    const uint8_t* out, std::size_t icvLength, uint8_t (&nonce)[kNonceSize]) const
{
    if (!iv.IsValid() || iv.Size() != kIvSize)
    {
        return CryptoError::INVALID_IV_LENGTH;
    }
    if (icvLength != m_descriptor.icvOctets)
    {
        return CryptoError::INVALID_ICV_LENGTH;
    }
    if (!FitsInt(length) || !FitsInt(aad.Size()))
    {
        return CryptoError::INVALID_INPUT_LENGTH;
    }
    if (!aad.IsValid() || (length != 0 && (in == nullptr || out == nullptr))
        || BuffersPartiallyOverlap(in, out, length))
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    // RFC 4106 section 4: nonce = salt | explicit IV.
    std::memcpy(nonce, m_salt, kSaltSize);
    std::memcpy(nonce + kSaltSize, iv.Data(), kIvSize);
    return CryptoError::OK;
}

CryptoError
AeadCipher::Seal(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length, uint8_t* out,
                 uint8_t* icv, std::size_t icvLength)
{
    uint8_t nonce[kNonceSize];
    CryptoError e = Prepare(iv, aad, in, length, out, icvLength, nonce);
    if (e != CryptoError::OK)
    {
        return e;
    }
    if (icv == nullptr)
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    EVP_CIPHER_CTX* ctx = Context(true);
    if (ctx == nullptr)
    {
        return CryptoError::OPENSSL_FAILURE; // OpenSSL failed, or a moved-from object
    }
    int n = 0;
    bool ok = EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) == 1;
    if (ok && !aad.Empty())
    {
        ok = EVP_EncryptUpdate(ctx, nullptr, &n, aad.Data(), static_cast<int>(aad.Size())) == 1;
    }
    if (ok && length != 0)
    {
        ok = EVP_EncryptUpdate(ctx, out, &n, in, static_cast<int>(length)) == 1
             && static_cast<std::size_t>(n) == length;
    }
    uint8_t tail[16];
    ok = ok && EVP_EncryptFinal_ex(ctx, tail, &n) == 1 && n == 0;
    ok = ok
         && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(icvLength), icv) == 1;
    if (!ok)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    return CryptoError::OK;
}

CryptoError
AeadCipher::Open(ByteView iv, ByteView aad, const uint8_t* in, std::size_t length, ByteView icv,
                 uint8_t* out)
{
    uint8_t nonce[kNonceSize];
    CryptoError e = Prepare(iv, aad, in, length, out, icv.Size(), nonce);
    if (e != CryptoError::OK)
    {
        return e;
    }
    if (!icv.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    EVP_CIPHER_CTX* ctx = Context(false);
    if (ctx == nullptr)
    {
        return CryptoError::OPENSSL_FAILURE; // OpenSSL failed, or a moved-from object
    }
    // The expected tag goes in before Final, which compares it in constant
    // time and fails on a mismatch.
    uint8_t expected[16];
    std::memcpy(expected, icv.Data(), icv.Size());
    int n = 0;
    bool ok
        = EVP_DecryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) == 1
          && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(icv.Size()), expected)
                 == 1;
    if (ok && !aad.Empty())
    {
        ok = EVP_DecryptUpdate(ctx, nullptr, &n, aad.Data(), static_cast<int>(aad.Size())) == 1;
    }
    if (ok && length != 0)
    {
        ok = EVP_DecryptUpdate(ctx, out, &n, in, static_cast<int>(length)) == 1
             && static_cast<std::size_t>(n) == length;
    }
    if (!ok)
    {
        ERR_clear_error();
        if (length != 0)
        {
            OPENSSL_cleanse(out, length);
        }
        return CryptoError::OPENSSL_FAILURE;
    }
    uint8_t tail[16];
    if (EVP_DecryptFinal_ex(ctx, tail, &n) != 1)
    {
        ERR_clear_error();
        if (length != 0)
        {
            OPENSSL_cleanse(out, length);
        }
        return CryptoError::AUTHENTICATION_FAILED;
    }
    return CryptoError::OK;
}

CryptoResult<Bytes>
AeadCipher::Seal(ByteView iv, ByteView aad, ByteView plaintext)
{
    if (!plaintext.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    const std::size_t icvSize = GetIcvSize();
    Bytes out(plaintext.Size() + icvSize);
    CryptoError e = Seal(iv, aad, plaintext.Data(), plaintext.Size(), out.data(),
                         out.data() + plaintext.Size(), icvSize);
    if (e != CryptoError::OK)
    {
        return e;
    }
    return out;
}

CryptoResult<Bytes>
AeadCipher::Open(ByteView iv, ByteView aad, ByteView ciphertextAndIcv)
{
    const std::size_t icvSize = GetIcvSize();
    if (!ciphertextAndIcv.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    if (ciphertextAndIcv.Size() < icvSize)
    {
        return CryptoError::INVALID_INPUT_LENGTH;
    }
    const std::size_t length = ciphertextAndIcv.Size() - icvSize;
    Bytes out(length);
    CryptoError e = Open(iv, aad, ciphertextAndIcv.Data(), length,
                         ByteView(ciphertextAndIcv.Data() + length, icvSize), out.data());
    if (e != CryptoError::OK)
    {
        return e;
    }
    return out;
}

} // namespace ns3
