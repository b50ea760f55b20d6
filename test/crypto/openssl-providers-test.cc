/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The private OpenSSL library context: both providers loaded, fetches
// cached, safe to use from several threads.

#include "crypto-test-util.h"

#include "ns3/openssl-providers.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

TEST(OpensslProviders, PrivateContextWithDefaultAndLegacy)
{
    OSSL_LIB_CTX* ctx = GetCryptoLibraryContext();
    ASSERT_NE(ctx, nullptr); // null would mean OpenSSL's default context
    EXPECT_EQ(GetCryptoLibraryContext(), ctx);
    EXPECT_TRUE(IsDefaultProviderAvailable());
    EXPECT_TRUE(IsLegacyProviderAvailable());
}

TEST(OpensslProviders, FetchesAreCachedAndUnknownNamesFail)
{
    const EVP_CIPHER* a = FetchCipherAlgorithm("AES-128-CBC");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(FetchCipherAlgorithm("AES-128-CBC"), a);
    EXPECT_NE(FetchCipherAlgorithm("DES-CBC"), nullptr); // legacy provider
    EXPECT_EQ(FetchCipherAlgorithm("NO-SUCH-CIPHER"), nullptr);
    EXPECT_EQ(FetchCipherAlgorithm(nullptr), nullptr);

    const EVP_MD* md = FetchDigestAlgorithm("SHA256");
    ASSERT_NE(md, nullptr);
    EXPECT_EQ(FetchDigestAlgorithm("SHA256"), md);
    EXPECT_EQ(FetchDigestAlgorithm("NO-SUCH-DIGEST"), nullptr);

    EVP_MAC* mac = FetchHmacAlgorithm();
    ASSERT_NE(mac, nullptr);
    EXPECT_EQ(FetchHmacAlgorithm(), mac);
}

TEST(OpensslProviders, ConcurrentFetchesAgree)
{
    const char* names[] = {"AES-192-CBC", "AES-256-GCM", "DES-EDE3-CBC", "AES-192-GCM"};
    std::vector<const EVP_CIPHER*> seen(16, nullptr);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
    {
        threads.emplace_back([&seen, &names, i] { seen[i] = FetchCipherAlgorithm(names[i % 4]); });
    }
    for (auto& t : threads)
    {
        t.join();
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
    {
        ASSERT_NE(seen[i], nullptr) << i;
        EXPECT_EQ(seen[i], seen[i % 4]) << i;
    }
}

} // namespace
} // namespace test
} // namespace ns3
