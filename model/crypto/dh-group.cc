/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dh-group.h"

#include "crypto-work.h"
#include "openssl-providers.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <utility>

namespace ns3
{

namespace
{

/** Frees an EC_GROUP (EC types are not in <openssl/types.h>, so they are
 *  kept out of openssl-handles.h). */
struct EcGroupDeleter
{
    /** \param group the group (may be null) */
    void operator()(EC_GROUP* group) const noexcept
    {
        EC_GROUP_free(group);
    }
};

/** Clears and frees an EC_POINT. */
struct EcPointDeleter
{
    /** \param point the point (may be null) */
    void operator()(EC_POINT* point) const noexcept
    {
        EC_POINT_clear_free(point);
    }
};

using EcGroupPtr = std::unique_ptr<EC_GROUP, EcGroupDeleter>; //!< owning
using EcPointPtr = std::unique_ptr<EC_POINT, EcPointDeleter>; //!< owning

/// How often a private value is redrawn before giving up (each redraw has
/// a probability below 2^-32 for every group here).
constexpr int kMaxDraws = 64;

/// The MODP generator (RFC 2409 section 6, RFC 3526).
constexpr unsigned long kModpGenerator = 2;

/// A MODP prime, as printed in its RFC.
struct ModpPrimeText
{
    uint16_t group;  //!< group number
    const char* hex; //!< the prime in hex, blanks allowed
};

// clang-format off
/// The MODP primes, copied from RFC 2409 section 6 and RFC 3526.
const ModpPrimeText kModpPrimes[] = {
    // RFC 2409 section 6.1, First Oakley Default Group (768 bits)
    {1,
     "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
     "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
     "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
     "E485B576 625E7EC6 F44C42E9 A63A3620 FFFFFFFF FFFFFFFF"},
    // RFC 2409 section 6.2, Second Oakley Group (1024 bits)
    {2,
     "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
     "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
     "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
     "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED"
     "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE65381"
     "FFFFFFFF FFFFFFFF"},
    // RFC 3526 section 2, 1536-bit MODP Group
    {5,
     "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
     "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
     "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
     "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED"
     "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D"
     "C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F"
     "83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D"
     "670C354E 4ABC9804 F1746C08 CA237327 FFFFFFFF FFFFFFFF"},
    // RFC 3526 section 3, 2048-bit MODP Group
    {14,
     "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
     "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
     "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
     "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED"
     "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D"
     "C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F"
     "83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D"
     "670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B"
     "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9"
     "DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510"
     "15728E5A 8AACAA68 FFFFFFFF FFFFFFFF"},
};
// clang-format on

/**
 * \param c a hex digit
 * \return its value, or -1
 */
int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    return -1;
}

/**
 * \param hex hex digits, blanks ignored, an even number of digits
 * \return the octets (empty on a malformed string)
 */
Bytes
ParseHex(const char* hex)
{
    Bytes out;
    int high = -1;
    for (const char* c = hex; *c != '\0'; ++c)
    {
        if (std::isspace(static_cast<unsigned char>(*c)) != 0)
        {
            continue;
        }
        int v = HexValue(*c);
        if (v < 0)
        {
            return {};
        }
        if (high < 0)
        {
            high = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    return high < 0 ? out : Bytes{};
}

/**
 * \param group a MODP group number
 * \return its prime, big-endian, or null if the group is not MODP
 */
const Bytes*
ModpPrime(uint16_t group)
{
    // Parsed once; thread-safe initialisation of a function-local static.
    static const std::map<uint16_t, Bytes> primes = []
    {
        std::map<uint16_t, Bytes> m;
        for (const ModpPrimeText& p : kModpPrimes)
        {
            m.emplace(p.group, ParseHex(p.hex));
        }
        return m;
    }();
    auto it = primes.find(group);
    return it == primes.end() ? nullptr : &it->second;
}

/// An ECP group as OpenSSL names it.
struct EcCurve
{
    const char* name; //!< OSSL_PKEY_PARAM_GROUP_NAME value
    int nid;          //!< for EC_GROUP_new_by_curve_name_ex
};

/**
 * \param group an ECP group number
 * \return its curve (RFC 5903 section 3: group 19 is NIST P-256, 20 is P-384)
 */
std::optional<EcCurve>
EcCurveOf(uint16_t group)
{
    switch (group)
    {
        case 19:
            return EcCurve{"P-256", NID_X9_62_prime256v1};
        case 20:
            return EcCurve{"P-384", NID_secp384r1};
        default:
            return std::nullopt;
    }
}

/**
 * \param value octets
 * \param length how many
 * \return true if all are zero (in constant time over the length)
 */
bool
IsAllZero(const uint8_t* value, std::size_t length)
{
    uint8_t acc = 0;
    for (std::size_t i = 0; i < length; ++i)
    {
        acc |= value[i];
    }
    return acc == 0;
}

/**
 * \param value a big-endian number
 * \return the number as a BIGNUM, or null
 */
BignumPtr
ToBignum(ByteView value)
{
    return BignumPtr(BN_bin2bn(value.Data(), static_cast<int>(value.Size()), nullptr));
}

/**
 * Build an EVP_PKEY from parameters.
 * \param keyType "DH" or "EC"
 * \param bld the parameters
 * \param selection EVP_PKEY_KEYPAIR or EVP_PKEY_PUBLIC_KEY
 * \return the key, or null
 */
EvpPkeyPtr
KeyFromParams(const char* keyType, OSSL_PARAM_BLD* bld, int selection)
{
    OsslParamPtr params(OSSL_PARAM_BLD_to_param(bld));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(GetCryptoLibraryContext(), keyType, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1)
    {
        return nullptr;
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1)
    {
        return nullptr;
    }
    return EvpPkeyPtr(key);
}

/**
 * A DH key over a MODP group: private value or public value.
 * \param prime the prime
 * \param priv the private value, or null
 * \param pub the public value, or null
 * \return the key, or null
 */
EvpPkeyPtr
NewModpKey(const Bytes& prime, const BIGNUM* priv, const BIGNUM* pub)
{
    BignumPtr p = ToBignum(prime);
    BignumPtr g(BN_new());
    OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!p || !g || !bld || BN_set_word(g.get(), kModpGenerator) != 1
        || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) != 1
        || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) != 1)
    {
        return nullptr;
    }
    if (priv != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1)
    {
        return nullptr;
    }
    if (pub != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub) != 1)
    {
        return nullptr;
    }
    return KeyFromParams("DH", bld.get(), priv != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

/**
 * An EC key on a named curve.
 * \param curve the curve
 * \param priv the private scalar, or null
 * \param point the SEC1 uncompressed point 0x04 | x | y
 * \return the key, or null
 */
EvpPkeyPtr
NewEcKey(const EcCurve& curve, const BIGNUM* priv, const Bytes& point)
{
    OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld
        || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.name, 0)
               != 1
        || OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                            point.size())
               != 1)
    {
        return nullptr;
    }
    if (priv != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1)
    {
        return nullptr;
    }
    return KeyFromParams("EC", bld.get(), priv != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

/**
 * EVP_PKEY_derive with an already validated peer.
 * \param own our private key
 * \param peer the peer's public key
 * \param padDh pad a DH result to the prime length
 * \param expected the length the result must have
 * \param[out] out the result
 * \return true on success
 */
bool
Derive(EVP_PKEY* own, EVP_PKEY* peer, bool padDh, std::size_t expected, Bytes& out)
{
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(GetCryptoLibraryContext(), own, nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1)
    {
        return false;
    }
    if (padDh && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1)
    {
        return false;
    }
    // Validation 0: the caller has already checked the peer value as the
    // RFCs require (see dh-group.h); OpenSSL's check would add a y^q
    // exponentiation for MODP.
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) != 1)
    {
        return false;
    }
    std::size_t length = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1 || length != expected)
    {
        return false;
    }
    out.assign(expected, 0);
    if (EVP_PKEY_derive(ctx.get(), out.data(), &length) != 1 || length != expected)
    {
        OPENSSL_cleanse(out.data(), out.size());
        out.clear();
        return false;
    }
    return true;
}

/**
 * The MODP range check of RFC 6989 section 2 for safe primes, and the
 * length rule of RFC 2409 section 5.
 * \param prime the prime
 * \param y the peer public value
 * \return true if y has the prime's length and 1 < y < p-1
 */
bool
ModpPublicValueInRange(const Bytes& prime, ByteView y)
{
    if (!y.IsValid() || y.Size() != prime.size() || prime.empty())
    {
        return false;
    }
    // y > 1: some octet before the last is non-zero, or the last is > 1.
    if (IsAllZero(y.Data(), y.Size() - 1) && y.Data()[y.Size() - 1] <= 1)
    {
        return false;
    }
    // y < p - 1, comparing big-endian octet strings of equal length. Every
    // MODP prime here ends in 0xFF, so p - 1 is p with the last octet 0xFE.
    Bytes pMinus1 = prime;
    pMinus1.back() = static_cast<uint8_t>(pMinus1.back() - 1);
    return std::memcmp(y.Data(), pMinus1.data(), pMinus1.size()) < 0;
}

/**
 * Decode and validate a peer public value into an EVP_PKEY.
 * \param group the group
 * \param peer the KE payload data
 * \param[out] error why it failed
 * \return the peer key, or null
 */
EvpPkeyPtr
ImportPeerPublicValue(const DhGroupDescriptor& group, ByteView peer, CryptoError& error)
{
    error = CryptoError::INVALID_PUBLIC_VALUE;
    if (!peer.IsValid() || peer.Size() != group.publicValueOctets)
    {
        return nullptr;
    }
    switch (group.kind)
    {
        case DhGroupKind::MODP:
        {
            const Bytes* prime = ModpPrime(group.number);
            if (prime == nullptr)
            {
                error = CryptoError::UNSUPPORTED_ALGORITHM;
                return nullptr;
            }
            if (!ModpPublicValueInRange(*prime, peer))
            {
                return nullptr;
            }
            BignumPtr y = ToBignum(peer);
            EvpPkeyPtr key = y ? NewModpKey(*prime, nullptr, y.get()) : nullptr;
            if (!key)
            {
                ERR_clear_error();
                error = CryptoError::OPENSSL_FAILURE;
                return nullptr;
            }
            error = CryptoError::OK;
            return key;
        }
        case DhGroupKind::ECP:
        {
            std::optional<EcCurve> curve = EcCurveOf(group.number);
            if (!curve)
            {
                error = CryptoError::UNSUPPORTED_ALGORITHM;
                return nullptr;
            }
            // IKE sends x | y; SEC1 wants 0x04 | x | y (RFC 5903 section 7).
            Bytes point(1 + peer.Size());
            point[0] = POINT_CONVERSION_UNCOMPRESSED;
            std::memcpy(point.data() + 1, peer.Data(), peer.Size());
            // Decoding already rejects points off the curve; the quick
            // public check makes that explicit (on the curve, not at
            // infinity, coordinates in range). Cofactor 1: no subgroup test.
            EvpPkeyPtr key = NewEcKey(*curve, nullptr, point);
            if (!key)
            {
                ERR_clear_error();
                return nullptr;
            }
            EvpPkeyCtxPtr check(
                EVP_PKEY_CTX_new_from_pkey(GetCryptoLibraryContext(), key.get(), nullptr));
            if (!check || EVP_PKEY_public_check_quick(check.get()) != 1)
            {
                ERR_clear_error();
                return nullptr;
            }
            error = CryptoError::OK;
            return key;
        }
        case DhGroupKind::CURVE25519:
        {
            // RFC 7748 section 5: any 32 octets decode (the top bit is
            // masked); low-order points show up as an all-zero result.
            EvpPkeyPtr key(EVP_PKEY_new_raw_public_key_ex(GetCryptoLibraryContext(), "X25519",
                                                          nullptr, peer.Data(), peer.Size()));
            if (!key)
            {
                ERR_clear_error();
                error = CryptoError::OPENSSL_FAILURE;
                return nullptr;
            }
            error = CryptoError::OK;
            return key;
        }
    }
    error = CryptoError::UNSUPPORTED_ALGORITHM;
    return nullptr;
}

/**
 * \param prime the MODP prime
 * \param x the private exponent (range already checked)
 * \return the private key and the encoded public value g^x mod p
 */
CryptoResult<std::pair<EvpPkeyPtr, Bytes>>
MakeModpKey(const Bytes& prime, const BIGNUM* x)
{
    EvpPkeyPtr key = NewModpKey(prime, x, nullptr);
    // Public value g^x mod p: derive against the "public key" g, which
    // yields g^x padded to the prime length with the same code path (and
    // cost) as the shared secret. OpenSSL's DH import does not compute a
    // public value from a private one.
    BignumPtr g(BN_new());
    EvpPkeyPtr generator = (g && BN_set_word(g.get(), kModpGenerator) == 1)
                               ? NewModpKey(prime, nullptr, g.get())
                               : nullptr;
    Bytes publicValue;
    if (!key || !generator || !Derive(key.get(), generator.get(), true, prime.size(), publicValue))
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    return std::make_pair(std::move(key), std::move(publicValue));
}

/**
 * \param curve the curve
 * \param fieldOctets the coordinate length
 * \param d the private scalar (range already checked)
 * \return the private key and the encoded public value x | y of d * G
 */
CryptoResult<std::pair<EvpPkeyPtr, Bytes>>
MakeEcKey(const EcCurve& curve, std::size_t fieldOctets, const BIGNUM* d)
{
    // Q = d * G. OpenSSL 3.0's EC import does not derive Q from d, so the
    // point multiplication is asked for explicitly.
    EcGroupPtr ecGroup(
        EC_GROUP_new_by_curve_name_ex(GetCryptoLibraryContext(), nullptr, curve.nid));
    BnCtxPtr bnCtx(BN_CTX_new_ex(GetCryptoLibraryContext()));
    EcPointPtr q(ecGroup ? EC_POINT_new(ecGroup.get()) : nullptr);
    if (!ecGroup || !bnCtx || !q
        || EC_POINT_mul(ecGroup.get(), q.get(), d, nullptr, nullptr, bnCtx.get()) != 1)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    Bytes point(1 + 2 * fieldOctets);
    if (EC_POINT_point2oct(ecGroup.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(),
                           point.size(), bnCtx.get())
        != point.size())
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    EvpPkeyPtr key = NewEcKey(curve, d, point);
    if (!key)
    {
        ERR_clear_error();
        return CryptoError::OPENSSL_FAILURE;
    }
    // The KE payload carries x | y without the 0x04 (RFC 5903 section 7).
    return std::make_pair(std::move(key), Bytes(point.begin() + 1, point.end()));
}

/**
 * \param curve the curve
 * \param d the candidate scalar
 * \return true if 1 <= d < n
 */
bool
EcPrivateValueInRange(const EcCurve& curve, const BIGNUM* d)
{
    EcGroupPtr ecGroup(
        EC_GROUP_new_by_curve_name_ex(GetCryptoLibraryContext(), nullptr, curve.nid));
    if (!ecGroup)
    {
        ERR_clear_error();
        return false;
    }
    const BIGNUM* n = EC_GROUP_get0_order(ecGroup.get());
    return n != nullptr && !BN_is_zero(d) && BN_cmp(d, n) < 0;
}

/**
 * \param prime the prime
 * \param x the candidate exponent
 * \param minimum the smallest acceptable value (1 or 2)
 * \return true if minimum <= x <= p-2
 */
bool
ModpPrivateValueInRange(const Bytes& prime, const BIGNUM* x, unsigned long minimum)
{
    BignumPtr pMinus2 = ToBignum(prime);
    if (!pMinus2 || BN_sub_word(pMinus2.get(), 2) != 1)
    {
        ERR_clear_error();
        return false;
    }
    BignumPtr low(BN_new());
    if (!low || BN_set_word(low.get(), minimum) != 1)
    {
        ERR_clear_error();
        return false;
    }
    return BN_cmp(x, low.get()) >= 0 && BN_cmp(x, pMinus2.get()) <= 0;
}

/// Cleanses a buffer of private octets when it goes out of scope.
class ScopedCleanse
{
public:
    /** \param buffer the buffer to cleanse at the end of the scope */
    explicit ScopedCleanse(Bytes& buffer)
        : m_buffer(buffer)
    {
    }

    ~ScopedCleanse()
    {
        if (!m_buffer.empty())
        {
            OPENSSL_cleanse(m_buffer.data(), m_buffer.size());
        }
    }

    ScopedCleanse(const ScopedCleanse&) = delete;            //!< no copies
    ScopedCleanse& operator=(const ScopedCleanse&) = delete; //!< no copies

private:
    Bytes& m_buffer; //!< the buffer
};

} // namespace

CryptoResult<DhKeyPair>
DhKeyPair::FromPrivateValue(uint16_t group, ByteView privateValue)
{
    std::optional<DhGroupDescriptor> descriptor = FindDhGroup(group);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (!privateValue.IsValid() || privateValue.Empty()
        || privateValue.Size() > descriptor->privateValueOctets)
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    switch (descriptor->kind)
    {
        case DhGroupKind::MODP:
        {
            const Bytes* prime = ModpPrime(group);
            BignumPtr x = ToBignum(privateValue);
            if (prime == nullptr || !x)
            {
                return CryptoError::OPENSSL_FAILURE;
            }
            if (!ModpPrivateValueInRange(*prime, x.get(), 1))
            {
                return CryptoError::INVALID_ARGUMENT;
            }
            auto made = MakeModpKey(*prime, x.get());
            if (!made)
            {
                return made.GetError();
            }
            return DhKeyPair(*descriptor, std::move(made->first), std::move(made->second));
        }
        case DhGroupKind::ECP:
        {
            std::optional<EcCurve> curve = EcCurveOf(group);
            if (!curve || privateValue.Size() != descriptor->privateValueOctets)
            {
                return CryptoError::INVALID_ARGUMENT;
            }
            BignumPtr d = ToBignum(privateValue);
            if (!d)
            {
                return CryptoError::OPENSSL_FAILURE;
            }
            if (!EcPrivateValueInRange(*curve, d.get()))
            {
                return CryptoError::INVALID_ARGUMENT;
            }
            auto made = MakeEcKey(*curve, descriptor->sharedSecretOctets, d.get());
            if (!made)
            {
                return made.GetError();
            }
            return DhKeyPair(*descriptor, std::move(made->first), std::move(made->second));
        }
        case DhGroupKind::CURVE25519:
        {
            if (privateValue.Size() != descriptor->privateValueOctets)
            {
                return CryptoError::INVALID_ARGUMENT;
            }
            EvpPkeyPtr key(EVP_PKEY_new_raw_private_key_ex(GetCryptoLibraryContext(), "X25519",
                                                           nullptr, privateValue.Data(),
                                                           privateValue.Size()));
            Bytes publicValue(descriptor->publicValueOctets);
            std::size_t length = publicValue.size();
            if (!key || EVP_PKEY_get_raw_public_key(key.get(), publicValue.data(), &length) != 1
                || length != publicValue.size())
            {
                ERR_clear_error();
                return CryptoError::OPENSSL_FAILURE;
            }
            return DhKeyPair(*descriptor, std::move(key), std::move(publicValue));
        }
    }
    return CryptoError::UNSUPPORTED_ALGORITHM;
}

CryptoResult<DhKeyPair>
DhKeyPair::Generate(uint16_t group, const DhRandomSource& random, std::size_t privateValueOctets)
{
    std::optional<DhGroupDescriptor> descriptor = FindDhGroup(group);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (!random)
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    std::size_t length = descriptor->privateValueOctets;
    if (privateValueOctets != 0)
    {
        if (descriptor->kind != DhGroupKind::MODP || privateValueOctets > length)
        {
            return CryptoError::INVALID_ARGUMENT;
        }
        length = privateValueOctets;
    }
    ++CryptoWorkTally().dhGenerate[group];
    Bytes candidate(length);
    ScopedCleanse cleanse(candidate);
    for (int draw = 0; draw < kMaxDraws; ++draw)
    {
        random(candidate.data(), candidate.size());
        switch (descriptor->kind)
        {
            case DhGroupKind::MODP:
            {
                // Rejection sampling keeps x uniform in [2, p-2]; with a
                // full-length draw a retry happens with probability < 2^-64.
                const Bytes* prime = ModpPrime(group);
                BignumPtr x = ToBignum(candidate);
                if (prime == nullptr || !x)
                {
                    return CryptoError::OPENSSL_FAILURE;
                }
                if (!ModpPrivateValueInRange(*prime, x.get(), 2))
                {
                    continue;
                }
                return FromPrivateValue(group, candidate);
            }
            case DhGroupKind::ECP:
            {
                // Rejection sampling for 1 <= d < n (FIPS 186-4 B.4.2).
                std::optional<EcCurve> curve = EcCurveOf(group);
                BignumPtr d = ToBignum(candidate);
                if (!curve || !d)
                {
                    return CryptoError::OPENSSL_FAILURE;
                }
                if (!EcPrivateValueInRange(*curve, d.get()))
                {
                    continue;
                }
                return FromPrivateValue(group, candidate);
            }
            case DhGroupKind::CURVE25519:
                // Every 32-octet string is a valid X25519 scalar (RFC 7748
                // section 5 clamps it).
                return FromPrivateValue(group, candidate);
        }
    }
    return CryptoError::RANDOM_SOURCE_FAILED;
}

CryptoError
DhKeyPair::CheckPeerPublicValue(uint16_t group, ByteView peerPublicValue)
{
    std::optional<DhGroupDescriptor> descriptor = FindDhGroup(group);
    if (!descriptor)
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    if (descriptor->kind == DhGroupKind::MODP)
    {
        // The length and range check is the whole check (see the class
        // comment); building an OpenSSL key as well cost about 45 us per
        // value on MODP-2048 (bench/README.md) and checks nothing more.
        const Bytes* prime = ModpPrime(group);
        if (prime == nullptr)
        {
            return CryptoError::UNSUPPORTED_ALGORITHM;
        }
        return ModpPublicValueInRange(*prime, peerPublicValue) ? CryptoError::OK
                                                               : CryptoError::INVALID_PUBLIC_VALUE;
    }
    CryptoError error = CryptoError::OK;
    EvpPkeyPtr key = ImportPeerPublicValue(*descriptor, peerPublicValue, error);
    return key ? CryptoError::OK : error;
}

DhKeyPair::DhKeyPair(const DhGroupDescriptor& group, EvpPkeyPtr key, Bytes publicValue)
    : m_group(group)
    , m_key(std::move(key))
    , m_publicValue(std::move(publicValue))
{
}

DhKeyPair::DhKeyPair(DhKeyPair&& other) noexcept = default;
DhKeyPair& DhKeyPair::operator=(DhKeyPair&& other) noexcept = default;
DhKeyPair::~DhKeyPair() = default;

const DhGroupDescriptor&
DhKeyPair::GetGroup() const
{
    return m_group;
}

const Bytes&
DhKeyPair::GetPublicValue() const
{
    return m_publicValue;
}

CryptoResult<Bytes>
DhKeyPair::ComputeSharedSecret(ByteView peerPublicValue) const
{
    if (!m_key)
    {
        return CryptoError::OPENSSL_FAILURE; // a moved-from object
    }
    ++CryptoWorkTally().dhAgree[m_group.number];
    CryptoError error = CryptoError::OK;
    EvpPkeyPtr peer = ImportPeerPublicValue(m_group, peerPublicValue, error);
    if (!peer)
    {
        return error;
    }
    Bytes secret;
    const bool modp = m_group.kind == DhGroupKind::MODP;
    if (!Derive(m_key.get(), peer.get(), modp, m_group.sharedSecretOctets, secret))
    {
        ERR_clear_error();
        // OpenSSL's X25519 derivation fails only when the result is all
        // zero (ossl_x25519 returns 0 then): report it as such.
        return m_group.kind == DhGroupKind::CURVE25519 ? CryptoError::ZERO_SHARED_SECRET
                                                       : CryptoError::OPENSSL_FAILURE;
    }
    if (m_group.kind == DhGroupKind::CURVE25519 && IsAllZero(secret.data(), secret.size()))
    {
        // RFC 8031 section 2, RFC 7748 section 6.1.
        return CryptoError::ZERO_SHARED_SECRET;
    }
    return secret;
}

} // namespace ns3
