/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer and validation tests of the IKE Diffie-Hellman groups:
// - Curve25519: RFC 7748 section 5.2 (X25519 function, including the
//   1- and 1000-iteration results) and section 6.1 (Alice and Bob);
// - ECP 19/20: RFC 5903 sections 8.1 and 8.2 (i, g^i, r, g^r, g^ir);
// - MODP 1/2/5/14: no published IKE vectors exist, so the public value is
//   checked against independent computations with OpenSSL's BIGNUM and its
//   own copies of the RFC 2409 / RFC 3526 primes, and two sides agree.

#include "crypto-test-util.h"

#include "ns3/crypto-registry.h"
#include "ns3/dh-group.h"

#include <openssl/bn.h>
#include <openssl/err.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace ns3
{
namespace test
{
namespace
{

/// A deterministic random source (xorshift64*) that remembers its last draw.
struct TestRandom
{
    uint64_t state; //!< generator state
    Bytes last;     //!< the octets of the last call

    /** \param seed non-zero seed */
    explicit TestRandom(uint64_t seed)
        : state(seed)
    {
    }

    /** \return a DhRandomSource drawing from this generator */
    DhRandomSource Source()
    {
        return [this](uint8_t* out, std::size_t length)
        {
            for (std::size_t i = 0; i < length; ++i)
            {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                out[i] = static_cast<uint8_t>((state * 2685821657736338717ULL) >> 56);
            }
            last.assign(out, out + length);
        };
    }
};

/// BIGNUM owner for the test oracle.
struct BnFree
{
    /** \param bn the number */
    void operator()(BIGNUM* bn) const
    {
        BN_free(bn);
    }
};

using Bn = std::unique_ptr<BIGNUM, BnFree>; //!< owning BIGNUM

/// \return a number from octets
Bn
BnFrom(const Bytes& bytes)
{
    return Bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

/// \return the number, big-endian, left-padded to length
Bytes
BnTo(const BIGNUM* bn, std::size_t length)
{
    Bytes out(length);
    EXPECT_EQ(BN_bn2binpad(bn, out.data(), static_cast<int>(length)), static_cast<int>(length));
    return out;
}

/// \return OpenSSL's own copy of the prime of a MODP group
Bn
OpensslModpPrime(uint16_t group)
{
    switch (group)
    {
        case 1:
            return Bn(BN_get_rfc2409_prime_768(nullptr));
        case 2:
            return Bn(BN_get_rfc2409_prime_1024(nullptr));
        case 5:
            return Bn(BN_get_rfc3526_prime_1536(nullptr));
        case 14:
            return Bn(BN_get_rfc3526_prime_2048(nullptr));
        default:
            return nullptr;
    }
}

/// \return a value of the given length: big-endian small integer
Bytes
SmallValue(std::size_t length, unsigned value)
{
    Bytes out(length, 0);
    out[length - 1] = static_cast<uint8_t>(value);
    return out;
}

// ---------------------------------------------------------------------------
// Curve25519

/// \return X25519(k, u) computed through DhKeyPair
std::string
X25519(const Bytes& k, const Bytes& u)
{
    auto pair = DhKeyPair::FromPrivateValue(31, k);
    if (!pair)
    {
        return std::string("error ") + CryptoErrorName(pair.GetError());
    }
    auto shared = pair->ComputeSharedSecret(u);
    if (!shared)
    {
        return std::string("error ") + CryptoErrorName(shared.GetError());
    }
    return ToHex(*shared);
}

TEST(Rfc7748, Section52X25519Vectors)
{
    EXPECT_EQ(X25519(FromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                     FromHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")),
              Hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"));
    // The u coordinate has its top bit set, which X25519 masks.
    EXPECT_EQ(X25519(FromHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                     FromHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")),
              Hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"));
}

TEST(Rfc7748, Section52IteratedX25519)
{
    // k = u = 9; repeat: (k, u) = (X25519(k, u), k).
    Bytes k(32, 0);
    Bytes u(32, 0);
    k[0] = 9;
    u[0] = 9;
    for (int i = 1; i <= 1000; ++i)
    {
        Bytes next = FromHex(X25519(k, u));
        ASSERT_EQ(next.size(), 32U) << "iteration " << i;
        u = k;
        k = next;
        if (i == 1)
        {
            EXPECT_EQ(ToHex(k),
                      Hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
        }
    }
    EXPECT_EQ(ToHex(k), Hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
}

TEST(Rfc7748, Section61AliceAndBob)
{
    auto alice = DhKeyPair::FromPrivateValue(
        31, FromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    auto bob = DhKeyPair::FromPrivateValue(
        31, FromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    ASSERT_TRUE(alice && bob);
    EXPECT_EQ(ToHex(alice->GetPublicValue()),
              Hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    EXPECT_EQ(ToHex(bob->GetPublicValue()),
              Hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
    auto k1 = alice->ComputeSharedSecret(bob->GetPublicValue());
    auto k2 = bob->ComputeSharedSecret(alice->GetPublicValue());
    ASSERT_TRUE(k1 && k2);
    const std::string shared
        = Hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    EXPECT_EQ(ToHex(*k1), shared);
    EXPECT_EQ(ToHex(*k2), shared);
}

TEST(Rfc8031, AllZeroSharedSecretIsRejected)
{
    // Low-order points give an all-zero result (RFC 7748 section 6.1); IKE
    // must reject it (RFC 8031 section 2).
    auto pair = DhKeyPair::FromPrivateValue(
        31, FromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    ASSERT_TRUE(pair);
    EXPECT_EQ(pair->ComputeSharedSecret(Bytes(32, 0)).GetError(), CryptoError::ZERO_SHARED_SECRET);
    Bytes one(32, 0);
    one[0] = 1;
    EXPECT_EQ(pair->ComputeSharedSecret(one).GetError(), CryptoError::ZERO_SHARED_SECRET);
    EXPECT_EQ(pair->ComputeSharedSecret(Bytes(31, 9)).GetError(),
              CryptoError::INVALID_PUBLIC_VALUE);
    EXPECT_EQ(pair->ComputeSharedSecret(Bytes(33, 9)).GetError(),
              CryptoError::INVALID_PUBLIC_VALUE);
    EXPECT_EQ(ERR_peek_error(), 0UL);
}

// ---------------------------------------------------------------------------
// ECP

/// One RFC 5903 section 8 test.
struct EcpVector
{
    uint16_t group;   //!< group number
    Bytes i;          //!< initiator private value
    std::string gi;   //!< gix | giy, hex
    Bytes r;          //!< responder private value
    std::string gr;   //!< grx | gry, hex
    std::string girx; //!< shared secret (x coordinate), hex
};

/// \return RFC 5903 sections 8.1 and 8.2
std::vector<EcpVector>
Rfc5903Vectors()
{
    return {
        {19, FromHex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433"),
         Hex("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
             "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3"),
         FromHex("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53"),
         Hex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
             "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB"),
         Hex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE")},
        {20,
         FromHex("099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
                 "E35B538041E649EE3FAEF896783AB194"),
         Hex("667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
             "DE3AC808ACB4BDB4C88732AEE95F41AA"
             "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
             "EB9FCFF3C2C947DAE69B4C634573A81C"),
         FromHex("41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
                 "E0308312916B8ED2960E4BD55A7448FC"),
         Hex("E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
             "0D1AC43A0336DEF96FDA41D0774A3571"
             "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
             "F83FA40142209DFF5EAAD96DB9E6386C"),
         Hex("11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
             "D603135569B9E9D09CF5D4A270F59746")},
    };
}

TEST(Rfc5903, Section8EcpAgreement)
{
    for (const EcpVector& v : Rfc5903Vectors())
    {
        auto i = DhKeyPair::FromPrivateValue(v.group, v.i);
        auto r = DhKeyPair::FromPrivateValue(v.group, v.r);
        ASSERT_TRUE(i) << v.group << ": " << i.GetError();
        ASSERT_TRUE(r) << v.group << ": " << r.GetError();
        // The KE payload is x | y without the 0x04 prefix (section 7).
        EXPECT_EQ(ToHex(i->GetPublicValue()), v.gi) << "group " << v.group;
        EXPECT_EQ(ToHex(r->GetPublicValue()), v.gr) << "group " << v.group;
        auto gir = i->ComputeSharedSecret(r->GetPublicValue());
        auto gri = r->ComputeSharedSecret(i->GetPublicValue());
        ASSERT_TRUE(gir && gri) << "group " << v.group;
        // The shared secret is the x coordinate only (section 9).
        EXPECT_EQ(ToHex(*gir), v.girx) << "group " << v.group;
        EXPECT_EQ(ToHex(*gri), v.girx) << "group " << v.group;
    }
}

TEST(Rfc5903, InvalidPeerPointsAreRejected)
{
    for (const EcpVector& v : Rfc5903Vectors())
    {
        auto i = DhKeyPair::FromPrivateValue(v.group, v.i);
        ASSERT_TRUE(i);
        const Bytes gr = FromHex(v.gr);
        ASSERT_EQ(DhKeyPair::CheckPeerPublicValue(v.group, gr), CryptoError::OK);

        Bytes offCurve = gr;
        offCurve.back() ^= 1; // y changed: not on the curve any more
        EXPECT_EQ(i->ComputeSharedSecret(offCurve).GetError(), CryptoError::INVALID_PUBLIC_VALUE)
            << "group " << v.group;
        EXPECT_EQ(DhKeyPair::CheckPeerPublicValue(v.group, offCurve),
                  CryptoError::INVALID_PUBLIC_VALUE);

        // (0, 0) is how the point at infinity would look; it is not on the curve.
        EXPECT_EQ(i->ComputeSharedSecret(Bytes(gr.size(), 0)).GetError(),
                  CryptoError::INVALID_PUBLIC_VALUE);
        // Coordinates of all ones are above p.
        EXPECT_EQ(i->ComputeSharedSecret(Bytes(gr.size(), 0xff)).GetError(),
                  CryptoError::INVALID_PUBLIC_VALUE);
        // Wrong lengths, including the SEC1 form with 0x04 in front.
        EXPECT_EQ(i->ComputeSharedSecret(Slice(gr, 0, gr.size() - 1)).GetError(),
                  CryptoError::INVALID_PUBLIC_VALUE);
        EXPECT_EQ(i->ComputeSharedSecret(Concat({Bytes{4}, gr})).GetError(),
                  CryptoError::INVALID_PUBLIC_VALUE);
        EXPECT_EQ(i->ComputeSharedSecret(Bytes{}).GetError(), CryptoError::INVALID_PUBLIC_VALUE);
        // Failures are return values: nothing is left on OpenSSL's error queue.
        EXPECT_EQ(ERR_peek_error(), 0UL);
    }
}

TEST(Rfc5903, PrivateValueRange)
{
    // d must satisfy 1 <= d < n.
    EXPECT_EQ(DhKeyPair::FromPrivateValue(19, Bytes(32, 0)).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::FromPrivateValue(19, Bytes(32, 0xff)).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::FromPrivateValue(19, Bytes(31, 1)).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_TRUE(DhKeyPair::FromPrivateValue(19, SmallValue(32, 1)));
    EXPECT_EQ(DhKeyPair::FromPrivateValue(20, Bytes(48, 0)).GetError(),
              CryptoError::INVALID_ARGUMENT);
}

// ---------------------------------------------------------------------------
// MODP

/// \return the MODP group numbers
std::vector<uint16_t>
ModpGroups()
{
    return {1, 2, 5, 14};
}

TEST(Modp, PublicValueForSmallExponentsIsKnown)
{
    // g = 2: g^1 = 2, g^2 = 4, g^100 = 2^100, each padded to the prime
    // length (RFC 2409 section 5).
    for (uint16_t group : ModpGroups())
    {
        auto d = FindDhGroup(group);
        ASSERT_TRUE(d);
        const std::size_t len = d->publicValueOctets;

        auto one = DhKeyPair::FromPrivateValue(group, Bytes{1});
        ASSERT_TRUE(one) << group << ": " << one.GetError();
        EXPECT_EQ(ToHex(one->GetPublicValue()), ToHex(SmallValue(len, 2))) << group;

        auto two = DhKeyPair::FromPrivateValue(group, Bytes{2});
        ASSERT_TRUE(two);
        EXPECT_EQ(ToHex(two->GetPublicValue()), ToHex(SmallValue(len, 4))) << group;

        auto hundred = DhKeyPair::FromPrivateValue(group, Bytes{100});
        ASSERT_TRUE(hundred);
        Bytes expected(len, 0);
        expected[len - 1 - 100 / 8] = static_cast<uint8_t>(1U << (100 % 8));
        EXPECT_EQ(ToHex(hundred->GetPublicValue()), ToHex(expected)) << group;
    }
}

TEST(Modp, PrimesMatchOpensslsCopiesOfTheRfcs)
{
    // x = number of bits of p: 2^bits mod p = 2^bits - p (p < 2^bits < 2p),
    // which pins every octet of the module's prime to OpenSSL's independent
    // copy of RFC 2409 / RFC 3526 (BN_get_rfc2409_prime_*,
    // BN_get_rfc3526_prime_*).
    for (uint16_t group : ModpGroups())
    {
        auto d = FindDhGroup(group);
        ASSERT_TRUE(d);
        Bn p = OpensslModpPrime(group);
        ASSERT_TRUE(p);
        const int bits = BN_num_bits(p.get());
        ASSERT_EQ(static_cast<std::size_t>(bits), d->publicValueOctets * 8) << group;

        Bn expected(BN_new());
        ASSERT_TRUE(BN_set_bit(expected.get(), bits));
        ASSERT_TRUE(BN_sub(expected.get(), expected.get(), p.get()));

        Bytes x(2);
        x[0] = static_cast<uint8_t>(bits >> 8);
        x[1] = static_cast<uint8_t>(bits & 0xff);
        auto pair = DhKeyPair::FromPrivateValue(group, x);
        ASSERT_TRUE(pair) << group;
        EXPECT_EQ(ToHex(pair->GetPublicValue()), ToHex(BnTo(expected.get(), d->publicValueOctets)))
            << group;
    }
}

TEST(Modp, TwoSidesAgreeAndPublicValueIsGToTheX)
{
    for (uint16_t group : ModpGroups())
    {
        auto d = FindDhGroup(group);
        ASSERT_TRUE(d);
        TestRandom randomA(0x0123456789abcdefULL + group);
        TestRandom randomB(0xfedcba9876543210ULL + group);
        auto a = DhKeyPair::Generate(group, randomA.Source());
        auto b = DhKeyPair::Generate(group, randomB.Source());
        ASSERT_TRUE(a) << group << ": " << a.GetError();
        ASSERT_TRUE(b) << group << ": " << b.GetError();
        ASSERT_EQ(a->GetPublicValue().size(), d->publicValueOctets);
        ASSERT_EQ(randomA.last.size(), d->privateValueOctets); // full-length exponent

        // Independent check: g^x mod p with BN_mod_exp and OpenSSL's prime.
        Bn p = OpensslModpPrime(group);
        Bn g(BN_new());
        Bn y(BN_new());
        BN_CTX* ctx = BN_CTX_new();
        ASSERT_TRUE(p && g && y && ctx);
        ASSERT_TRUE(BN_set_word(g.get(), 2));
        Bn x = BnFrom(randomA.last);
        ASSERT_TRUE(BN_mod_exp(y.get(), g.get(), x.get(), p.get(), ctx));
        EXPECT_EQ(ToHex(a->GetPublicValue()), ToHex(BnTo(y.get(), d->publicValueOctets))) << group;

        auto ab = a->ComputeSharedSecret(b->GetPublicValue());
        auto ba = b->ComputeSharedSecret(a->GetPublicValue());
        ASSERT_TRUE(ab && ba) << group;
        EXPECT_EQ(ab->size(), d->sharedSecretOctets);
        EXPECT_EQ(ToHex(*ab), ToHex(*ba)) << group;

        // g^xy = (g^y)^x, computed independently.
        Bn gy = BnFrom(b->GetPublicValue());
        Bn z(BN_new());
        ASSERT_TRUE(BN_mod_exp(z.get(), gy.get(), x.get(), p.get(), ctx));
        EXPECT_EQ(ToHex(*ab), ToHex(BnTo(z.get(), d->sharedSecretOctets))) << group;
        BN_CTX_free(ctx);
    }
}

TEST(Modp, SharedSecretIsLeftPadded)
{
    // Peer value 4 = g^2 with x = 1: the secret is 4, padded to the prime
    // length, not a one-octet string.
    auto d = FindDhGroup(14);
    ASSERT_TRUE(d);
    auto one = DhKeyPair::FromPrivateValue(14, Bytes{1});
    ASSERT_TRUE(one);
    auto secret = one->ComputeSharedSecret(SmallValue(256, 4));
    ASSERT_TRUE(secret);
    EXPECT_EQ(ToHex(*secret), ToHex(SmallValue(256, 4)));
}

TEST(Modp, PeerValuesOutsideOneToPMinusOneAreRejected)
{
    // RFC 6989 section 2 for safe primes: 1 < y < p-1.
    for (uint16_t group : ModpGroups())
    {
        auto d = FindDhGroup(group);
        ASSERT_TRUE(d);
        const std::size_t len = d->publicValueOctets;
        Bn p = OpensslModpPrime(group);
        ASSERT_TRUE(p);
        Bn pMinus1(BN_dup(p.get()));
        Bn pMinus2(BN_dup(p.get()));
        ASSERT_TRUE(BN_sub_word(pMinus1.get(), 1) && BN_sub_word(pMinus2.get(), 2));

        TestRandom random(7 + group);
        auto pair = DhKeyPair::Generate(group, random.Source());
        ASSERT_TRUE(pair);

        const std::vector<std::pair<const char*, Bytes>> bad = {
            {"0", Bytes(len, 0)},
            {"1", SmallValue(len, 1)},
            {"p-1", BnTo(pMinus1.get(), len)},
            {"p", BnTo(p.get(), len)},
            {"2^bits-1", Bytes(len, 0xff)},
            {"short", SmallValue(len - 1, 2)},
            {"long", SmallValue(len + 1, 2)},
            {"empty", Bytes{}},
        };
        for (const auto& [label, value] : bad)
        {
            EXPECT_EQ(pair->ComputeSharedSecret(value).GetError(),
                      CryptoError::INVALID_PUBLIC_VALUE)
                << "group " << group << " y = " << label;
            EXPECT_EQ(DhKeyPair::CheckPeerPublicValue(group, value),
                      CryptoError::INVALID_PUBLIC_VALUE)
                << "group " << group << " y = " << label;
        }
        // The extremes that are allowed.
        EXPECT_EQ(DhKeyPair::CheckPeerPublicValue(group, SmallValue(len, 2)), CryptoError::OK);
        EXPECT_EQ(DhKeyPair::CheckPeerPublicValue(group, BnTo(pMinus2.get(), len)),
                  CryptoError::OK);
        EXPECT_TRUE(pair->ComputeSharedSecret(BnTo(pMinus2.get(), len))) << group;
    }
}

TEST(Modp, PrivateValueRange)
{
    // FromPrivateValue takes 1 <= x <= p-2.
    EXPECT_EQ(DhKeyPair::FromPrivateValue(2, Bytes{0}).GetError(), CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::FromPrivateValue(2, Bytes(128, 0xff)).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::FromPrivateValue(2, Bytes(129, 1)).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::FromPrivateValue(2, Bytes{}).GetError(), CryptoError::INVALID_ARGUMENT);
}

// ---------------------------------------------------------------------------
// Generation from the caller's random source

TEST(DhKeyPair, SameSeedSameKeysEveryGroup)
{
    for (const DhGroupDescriptor& d : AllDhGroupDescriptors())
    {
        TestRandom r1(42);
        TestRandom r2(42);
        TestRandom r3(43);
        auto a = DhKeyPair::Generate(d.number, r1.Source());
        auto b = DhKeyPair::Generate(d.number, r2.Source());
        auto c = DhKeyPair::Generate(d.number, r3.Source());
        ASSERT_TRUE(a && b && c) << d.name;
        EXPECT_EQ(ToHex(a->GetPublicValue()), ToHex(b->GetPublicValue())) << d.name;
        EXPECT_NE(ToHex(a->GetPublicValue()), ToHex(c->GetPublicValue())) << d.name;
        EXPECT_EQ(a->GetPublicValue().size(), d.publicValueOctets) << d.name;
        EXPECT_EQ(a->GetGroup().number, d.number);
        auto ab = a->ComputeSharedSecret(c->GetPublicValue());
        auto ba = c->ComputeSharedSecret(a->GetPublicValue());
        ASSERT_TRUE(ab && ba) << d.name;
        EXPECT_EQ(ToHex(*ab), ToHex(*ba)) << d.name;
        EXPECT_EQ(ab->size(), d.sharedSecretOctets) << d.name;
    }
}

TEST(DhKeyPair, X25519PrivateValueIsTheDrawnOctets)
{
    TestRandom random(99);
    auto a = DhKeyPair::Generate(31, random.Source());
    ASSERT_TRUE(a);
    auto same = DhKeyPair::FromPrivateValue(31, random.last);
    ASSERT_TRUE(same);
    EXPECT_EQ(ToHex(a->GetPublicValue()), ToHex(same->GetPublicValue()));
}

TEST(DhKeyPair, ShortModpExponentOnRequest)
{
    TestRandom random(5);
    auto a = DhKeyPair::Generate(14, random.Source(), 32);
    ASSERT_TRUE(a) << a.GetError();
    EXPECT_EQ(random.last.size(), 32U);
    EXPECT_EQ(a->GetPublicValue().size(), 256U);
    auto same = DhKeyPair::FromPrivateValue(14, random.last);
    ASSERT_TRUE(same);
    EXPECT_EQ(ToHex(a->GetPublicValue()), ToHex(same->GetPublicValue()));
    // Only MODP takes a length, and not more than the prime's.
    EXPECT_EQ(DhKeyPair::Generate(14, random.Source(), 257).GetError(),
              CryptoError::INVALID_ARGUMENT);
    EXPECT_EQ(DhKeyPair::Generate(19, random.Source(), 32).GetError(),
              CryptoError::INVALID_ARGUMENT);
}

TEST(DhKeyPair, BrokenRandomSourceIsReported)
{
    // A source of zeros never yields a usable MODP or ECP private value.
    DhRandomSource zeros
        = [](uint8_t* out, std::size_t length) { std::fill(out, out + length, 0); };
    EXPECT_EQ(DhKeyPair::Generate(14, zeros).GetError(), CryptoError::RANDOM_SOURCE_FAILED);
    EXPECT_EQ(DhKeyPair::Generate(19, zeros).GetError(), CryptoError::RANDOM_SOURCE_FAILED);
    EXPECT_EQ(DhKeyPair::Generate(14, DhRandomSource{}).GetError(), CryptoError::INVALID_ARGUMENT);
}

TEST(DhKeyPair, UnknownGroupsAreRejected)
{
    TestRandom random(1);
    for (uint16_t group : {0, 3, 4, 15, 21, 24, 32, 65535})
    {
        EXPECT_EQ(DhKeyPair::Generate(group, random.Source()).GetError(),
                  CryptoError::UNSUPPORTED_ALGORITHM)
            << group;
        EXPECT_EQ(DhKeyPair::FromPrivateValue(group, Bytes{1}).GetError(),
                  CryptoError::UNSUPPORTED_ALGORITHM)
            << group;
        EXPECT_EQ(DhKeyPair::CheckPeerPublicValue(group, Bytes{2}),
                  CryptoError::UNSUPPORTED_ALGORITHM)
            << group;
    }
}

} // namespace
} // namespace test
} // namespace ns3
