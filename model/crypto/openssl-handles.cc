/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "openssl-handles.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

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

} // namespace ns3
