/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "openssl-handles.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstring>

namespace ns3
{

void
EvpCipherCtxDeleter::operator()(EVP_CIPHER_CTX* ctx) const noexcept
{
    EVP_CIPHER_CTX_free(ctx);
}

void
EvpMacCtxDeleter::operator()(EVP_MAC_CTX* ctx) const noexcept
{
    EVP_MAC_CTX_free(ctx);
}

void
EvpMdCtxDeleter::operator()(EVP_MD_CTX* ctx) const noexcept
{
    EVP_MD_CTX_free(ctx);
}

void
EvpPkeyDeleter::operator()(EVP_PKEY* key) const noexcept
{
    EVP_PKEY_free(key);
}

void
EvpPkeyCtxDeleter::operator()(EVP_PKEY_CTX* ctx) const noexcept
{
    EVP_PKEY_CTX_free(ctx);
}

void
BignumDeleter::operator()(BIGNUM* bn) const noexcept
{
    BN_clear_free(bn);
}

void
BnCtxDeleter::operator()(BN_CTX* ctx) const noexcept
{
    BN_CTX_free(ctx);
}

void
OsslParamBldDeleter::operator()(OSSL_PARAM_BLD* bld) const noexcept
{
    OSSL_PARAM_BLD_free(bld);
}

void
OsslParamDeleter::operator()(OSSL_PARAM* params) const noexcept
{
    OSSL_PARAM_free(params);
}

RetainedKey::RetainedKey(const uint8_t* data, std::size_t size)
    : m_size(std::min(size, kMaxOctets))
    , m_present(true)
{
    if (m_size != 0)
    {
        std::memcpy(m_octets.data(), data, m_size);
    }
}

RetainedKey::RetainedKey(RetainedKey&& other) noexcept
    : m_octets(other.m_octets)
    , m_size(other.m_size)
    , m_present(other.m_present)
{
    other.Wipe();
}

RetainedKey&
RetainedKey::operator=(RetainedKey&& other) noexcept
{
    if (this != &other)
    {
        Wipe();
        m_octets = other.m_octets;
        m_size = other.m_size;
        m_present = other.m_present;
        other.Wipe();
    }
    return *this;
}

RetainedKey::~RetainedKey()
{
    Wipe();
}

void
RetainedKey::Wipe()
{
    OPENSSL_cleanse(m_octets.data(), m_octets.size());
    m_size = 0;
    m_present = false;
}

} // namespace ns3
