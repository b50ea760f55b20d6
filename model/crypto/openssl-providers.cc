/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "openssl-providers.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <map>
#include <mutex>
#include <string>

namespace ns3
{

namespace
{

/// Everything the crypto layer keeps for the life of the process.
struct ProviderState
{
    OSSL_LIB_CTX* libraryContext{nullptr};      //!< the private library context
    OSSL_PROVIDER* defaultProvider{nullptr};    //!< AES, 3DES, SHA-x, HMAC, DH, EC
    OSSL_PROVIDER* legacyProvider{nullptr};     //!< single DES
    std::mutex mutex;                           //!< guards the caches below
    std::map<std::string, EVP_CIPHER*> ciphers; //!< fetched ciphers by name
    std::map<std::string, EVP_MD*> digests;     //!< fetched digests by name
    EVP_MAC* hmac{nullptr};                     //!< fetched HMAC
};

/**
 * \return the process-wide state, created on first use. Allocated and never
 *         freed on purpose (see the file comment in the header).
 */
ProviderState&
State()
{
    static ProviderState* const state = []
    {
        auto* s = new ProviderState;
        s->libraryContext = OSSL_LIB_CTX_new();
        if (s->libraryContext != nullptr)
        {
            s->defaultProvider = OSSL_PROVIDER_load(s->libraryContext, "default");
            s->legacyProvider = OSSL_PROVIDER_load(s->libraryContext, "legacy");
        }
        // A missing legacy module is not an error of the caller: forget it.
        ERR_clear_error();
        return s;
    }();
    return *state;
}

} // namespace

OSSL_LIB_CTX*
GetCryptoLibraryContext()
{
    return State().libraryContext;
}

bool
IsDefaultProviderAvailable()
{
    return State().defaultProvider != nullptr;
}

bool
IsLegacyProviderAvailable()
{
    return State().legacyProvider != nullptr;
}

const EVP_CIPHER*
FetchCipherAlgorithm(const char* name)
{
    if (name == nullptr)
    {
        return nullptr;
    }
    ProviderState& s = State();
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.ciphers.find(name);
    if (it != s.ciphers.end())
    {
        return it->second;
    }
    EVP_CIPHER* cipher = EVP_CIPHER_fetch(s.libraryContext, name, nullptr);
    if (cipher == nullptr)
    {
        ERR_clear_error();
        return nullptr;
    }
    s.ciphers.emplace(name, cipher);
    return cipher;
}

const EVP_MD*
FetchDigestAlgorithm(const char* name)
{
    if (name == nullptr)
    {
        return nullptr;
    }
    ProviderState& s = State();
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.digests.find(name);
    if (it != s.digests.end())
    {
        return it->second;
    }
    EVP_MD* md = EVP_MD_fetch(s.libraryContext, name, nullptr);
    if (md == nullptr)
    {
        ERR_clear_error();
        return nullptr;
    }
    s.digests.emplace(name, md);
    return md;
}

EVP_MAC*
FetchHmacAlgorithm()
{
    ProviderState& s = State();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.hmac == nullptr)
    {
        s.hmac = EVP_MAC_fetch(s.libraryContext, "HMAC", nullptr);
        if (s.hmac == nullptr)
        {
            ERR_clear_error();
        }
    }
    return s.hmac;
}

} // namespace ns3
