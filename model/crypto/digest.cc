/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "digest.h"

#include "openssl-handles.h"
#include "openssl-providers.h"

#include <openssl/err.h>
#include <openssl/evp.h>

namespace ns3
{

CryptoResult<Bytes>
Digest(HashAlgorithm hash, std::initializer_list<ByteView> data)
{
    std::optional<HashDescriptor> descriptor = GetHashDescriptor(hash);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    for (const ByteView& segment : data)
    {
        if (!segment.IsValid())
        {
            return CryptoError::INVALID_ARGUMENT;
        }
    }
    const EVP_MD* md = FetchDigestAlgorithm(descriptor->opensslName);
    if (md == nullptr)
    {
        return CryptoError::PROVIDER_UNAVAILABLE;
    }
    // EVP_DigestFinal_ex writes EVP_MD_get_size() octets: the buffer below
    // is sized from the table, so the two must agree.
    if (static_cast<std::size_t>(EVP_MD_get_size(md)) != descriptor->outputOctets)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    for (const ByteView& segment : data)
    {
        if (!segment.Empty() && EVP_DigestUpdate(ctx.get(), segment.Data(), segment.Size()) != 1)
        {
            ERR_clear_error();
            return CryptoError::OPENSSL_FAILURE;
        }
    }
    Bytes out(descriptor->outputOctets);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1 || length != out.size())
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    return out;
}

} // namespace ns3
