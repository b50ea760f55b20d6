/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known answers for the plain hashes IKEv1 uses (NAT-D, phase 1 IV, vendor
// IDs): the "abc" and two-block vectors of RFC 1321 appendix A.5 (MD5) and
// FIPS 180-2 appendices (SHA-1, SHA-256, SHA-384, SHA-512), and the RFC 3947
// vendor IDs, which are MD5 of strings (values checked in WIRE.md).

#include "crypto-test-util.h"

#include "ns3/digest.h"

#include <gtest/gtest.h>

#include <string>

namespace ns3
{
namespace test
{
namespace
{

/// \return the digest as hex, or a failure marker
std::string
DigestHex(HashAlgorithm hash, std::initializer_list<ByteView> data)
{
    auto d = Digest(hash, data);
    return d ? ToHex(*d) : std::string("error ") + CryptoErrorName(d.GetError());
}

TEST(Digest, AbcVectors)
{
    const Bytes abc = FromAscii("abc");
    EXPECT_EQ(DigestHex(HashAlgorithm::MD5, {abc}), Hex("900150983cd24fb0d6963f7d28e17f72"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA1, {abc}),
              Hex("a9993e364706816aba3e25717850c26c9cd0d89d"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA2_256, {abc}),
              Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA2_384, {abc}),
              Hex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                  "8086072ba1e7cc2358baeca134c825a7"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA2_512, {abc}),
              Hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
}

TEST(Digest, TwoBlockVectorsInSegments)
{
    // "abcdbcdecdef...nopq" (448 bits), fed in three segments.
    const Bytes a = FromAscii("abcdbcdecdefdefgefgh");
    const Bytes b = FromAscii("fghighijhijkijkljklmklmnlmnomno");
    const Bytes c = FromAscii("pnopq");
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA1, {a, b, c}),
              Hex("84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA2_256, {a, b, c}),
              Hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA2_384, {a, b, c}),
              Hex("3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
                  "b0455a8520bc4e6f5fe95b1fe3c8452b"));
}

TEST(Digest, Rfc3947VendorIds)
{
    // RFC 3947 section 2 and the drafts: vendor ID = MD5 of the name.
    EXPECT_EQ(DigestHex(HashAlgorithm::MD5, {FromAscii("RFC 3947")}),
              Hex("4a131c81070358455c5728f20e95452f"));
    EXPECT_EQ(DigestHex(HashAlgorithm::MD5, {FromAscii("draft-ietf-ipsec-nat-t-ike-02")}),
              Hex("cd60464335df21f87cfdb2fc68b6a448"));
    EXPECT_EQ(DigestHex(HashAlgorithm::MD5, {FromAscii("draft-ietf-ipsec-nat-t-ike-02\n")}),
              Hex("90cb80913ebb696e086381b5ec427b1f"));
    EXPECT_EQ(DigestHex(HashAlgorithm::MD5, {FromAscii("draft-ietf-ipsec-nat-t-ike-03")}),
              Hex("7d9419a65310ca6f2c179d9215529d56"));
}

TEST(Digest, Errors)
{
    EXPECT_EQ(Digest(static_cast<HashAlgorithm>(77), {FromAscii("abc")}).GetError(),
              CryptoError::UNSUPPORTED_ALGORITHM);
    EXPECT_EQ(Digest(HashAlgorithm::SHA1, {ByteView(nullptr, 3)}).GetError(),
              CryptoError::INVALID_ARGUMENT);
    // Empty input is fine: SHA-1("") = da39a3ee...
    EXPECT_EQ(DigestHex(HashAlgorithm::SHA1, {}), Hex("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
}

} // namespace
} // namespace test
} // namespace ns3
