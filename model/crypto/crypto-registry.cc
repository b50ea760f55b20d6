/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "crypto-registry.h"

#include <cctype>
#include <string>

namespace ns3
{

namespace
{

/**
 * \return a name folded for comparison: lower case, leading and trailing
 *         blanks removed, inner runs of blanks made one space
 * \param name the name as written
 */
std::string
NormaliseName(std::string_view name)
{
    std::string out;
    out.reserve(name.size());
    bool pendingSpace = false;
    for (char c : name)
    {
        auto u = static_cast<unsigned char>(c);
        if (std::isspace(u) != 0)
        {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
        {
            out.push_back(' ');
            pendingSpace = false;
        }
        out.push_back(static_cast<char>(std::tolower(u)));
    }
    return out;
}

/// One spelling of a name and the table row it denotes.
struct Alias
{
    const char* spelling; //!< normalised spelling
    std::size_t index;    //!< row in the descriptor table
};

/**
 * \return the row whose alias matches \p name, if any
 * \param aliases the alias table
 * \param name the name as written
 */
template<std::size_t N>
std::optional<std::size_t>
FindAlias(const Alias (&aliases)[N], std::string_view name)
{
    const std::string folded = NormaliseName(name);
    for (const Alias& a : aliases)
    {
        if (folded == a.spelling)
        {
            return a.index;
        }
    }
    return std::nullopt;
}

// Row indices of the encryption table below.
constexpr std::size_t kNull = 0;
constexpr std::size_t kDes = 1;
constexpr std::size_t k3Des = 2;
constexpr std::size_t kAes128 = 3;
constexpr std::size_t kAes192 = 4;
constexpr std::size_t kAes256 = 5;
constexpr std::size_t kGcm8x128 = 6;
constexpr std::size_t kGcm8x192 = 7;
constexpr std::size_t kGcm8x256 = 8;
constexpr std::size_t kGcm12x128 = 9;
constexpr std::size_t kGcm12x192 = 10;
constexpr std::size_t kGcm12x256 = 11;
constexpr std::size_t kGcm16x128 = 12;
constexpr std::size_t kGcm16x192 = 13;
constexpr std::size_t kGcm16x256 = 14;

/// \return the encryption table (order matches the k* row constants)
const std::vector<EncryptionDescriptor>&
EncryptionTable()
{
    using E = EncryptionAlgorithm;
    // clang-format off
    static const std::vector<EncryptionDescriptor> table = {
        // algorithm, name, OpenSSL name, ESP transform ID, IKEv1 attribute,
        // Key Length bits, key, salt, block, IV, ICV (octets)
        // RFC 2410 section 2: NULL has a block size of 1 and no IV.
        {E::NULL_ENCRYPTION, "null",          nullptr,        11,  0,  0,   0,  0, 1,  0,  0},
        // RFC 2405, RFC 2451: 8-octet blocks, 8-octet explicit IV.
        {E::DES_CBC,         "des-cbc",       "DES-CBC",      2,   1,  0,   8,  0, 8,  8,  0},
        {E::TRIPLE_DES_CBC,  "3des-cbc",      "DES-EDE3-CBC", 3,   5,  0,   24, 0, 8,  8,  0},
        // RFC 3602: 16-octet blocks, 16-octet explicit IV.
        {E::AES_CBC,         "aes-cbc-128",   "AES-128-CBC",  12,  7,  128, 16, 0, 16, 16, 0},
        {E::AES_CBC,         "aes-cbc-192",   "AES-192-CBC",  12,  7,  192, 24, 0, 16, 16, 0},
        {E::AES_CBC,         "aes-cbc-256",   "AES-256-CBC",  12,  7,  256, 32, 0, 16, 16, 0},
        // RFC 4106 sections 3 and 8.1: 4-octet salt, 8-octet explicit IV.
        {E::AES_GCM_8,       "aes-gcm8-128",  "AES-128-GCM",  18,  0,  128, 16, 4, 1,  8,  8},
        {E::AES_GCM_8,       "aes-gcm8-192",  "AES-192-GCM",  18,  0,  192, 24, 4, 1,  8,  8},
        {E::AES_GCM_8,       "aes-gcm8-256",  "AES-256-GCM",  18,  0,  256, 32, 4, 1,  8,  8},
        {E::AES_GCM_12,      "aes-gcm12-128", "AES-128-GCM",  19,  0,  128, 16, 4, 1,  8,  12},
        {E::AES_GCM_12,      "aes-gcm12-192", "AES-192-GCM",  19,  0,  192, 24, 4, 1,  8,  12},
        {E::AES_GCM_12,      "aes-gcm12-256", "AES-256-GCM",  19,  0,  256, 32, 4, 1,  8,  12},
        {E::AES_GCM_16,      "aes-gcm16-128", "AES-128-GCM",  20,  0,  128, 16, 4, 1,  8,  16},
        {E::AES_GCM_16,      "aes-gcm16-192", "AES-192-GCM",  20,  0,  192, 24, 4, 1,  8,  16},
        {E::AES_GCM_16,      "aes-gcm16-256", "AES-256-GCM",  20,  0,  256, 32, 4, 1,  8,  16},
    };
    // clang-format on
    return table;
}

/// Encryption names: canonical, strongSwan-style and Cisco IOS words.
const Alias kEncryptionAliases[] = {
    {"null", kNull},
    {"esp-null", kNull},
    {"des-cbc", kDes},
    {"des", kDes},
    {"esp-des", kDes},
    {"3des-cbc", k3Des},
    {"3des", k3Des},
    {"des-ede3-cbc", k3Des},
    {"esp-3des", k3Des},
    {"aes-cbc-128", kAes128},
    {"aes128", kAes128},
    {"aes", kAes128},
    {"aes 128", kAes128},
    {"esp-aes", kAes128},
    {"esp-aes 128", kAes128},
    {"aes-cbc-192", kAes192},
    {"aes192", kAes192},
    {"aes 192", kAes192},
    {"esp-aes 192", kAes192},
    {"aes-cbc-256", kAes256},
    {"aes256", kAes256},
    {"aes 256", kAes256},
    {"esp-aes 256", kAes256},
    {"aes-gcm8-128", kGcm8x128},
    {"aes128gcm8", kGcm8x128},
    {"aes128gcm64", kGcm8x128},
    {"aes-gcm8-192", kGcm8x192},
    {"aes192gcm8", kGcm8x192},
    {"aes192gcm64", kGcm8x192},
    {"aes-gcm8-256", kGcm8x256},
    {"aes256gcm8", kGcm8x256},
    {"aes256gcm64", kGcm8x256},
    {"aes-gcm12-128", kGcm12x128},
    {"aes128gcm12", kGcm12x128},
    {"aes128gcm96", kGcm12x128},
    {"aes-gcm12-192", kGcm12x192},
    {"aes192gcm12", kGcm12x192},
    {"aes192gcm96", kGcm12x192},
    {"aes-gcm12-256", kGcm12x256},
    {"aes256gcm12", kGcm12x256},
    {"aes256gcm96", kGcm12x256},
    {"aes-gcm16-128", kGcm16x128},
    {"aes128gcm16", kGcm16x128},
    {"aes128gcm128", kGcm16x128},
    {"esp-gcm", kGcm16x128},
    {"esp-gcm 128", kGcm16x128},
    {"aes-gcm16-192", kGcm16x192},
    {"aes192gcm16", kGcm16x192},
    {"aes192gcm128", kGcm16x192},
    {"esp-gcm 192", kGcm16x192},
    {"aes-gcm16-256", kGcm16x256},
    {"aes256gcm16", kGcm16x256},
    {"aes256gcm128", kGcm16x256},
    {"esp-gcm 256", kGcm16x256},
};

/// \return the integrity table, in IntegrityAlgorithm order
const std::vector<IntegrityDescriptor>&
IntegrityTable()
{
    using I = IntegrityAlgorithm;
    using H = HashAlgorithm;
    // clang-format off
    static const std::vector<IntegrityDescriptor> table = {
        // algorithm, name, hash, ESP auth algorithm, AH transform, IKEv2 ID, key, ICV.
        // RFC 2403 (MD5), RFC 2404 (SHA1), RFC 4868 (SHA-2).
        {I::HMAC_MD5_96,       "hmac-md5-96",       H::MD5,      1,        2,  1,     16,  12},
        {I::HMAC_SHA1_96,      "hmac-sha1-96",      H::SHA1,     2,        3,  2,     20,  12},
        {I::HMAC_SHA2_256_128, "hmac-sha2-256-128", H::SHA2_256, 5,        5,  12,    32,  16},
        {I::HMAC_SHA2_384_192, "hmac-sha2-384-192", H::SHA2_384, 6,        6,  13,    48,  24},
        {I::HMAC_SHA2_512_256, "hmac-sha2-512-256", H::SHA2_512, 7,        7,  14,    64,  32},
    };
    // clang-format on
    return table;
}

/// Integrity names: canonical, short and Cisco transform-set words.
const Alias kIntegrityAliases[] = {
    {"hmac-md5-96", 0},
    {"hmac-md5", 0},
    {"md5", 0},
    {"esp-md5-hmac", 0},
    {"hmac-sha1-96", 1},
    {"hmac-sha1", 1},
    {"sha1", 1},
    {"sha", 1},
    {"esp-sha-hmac", 1},
    {"hmac-sha2-256-128", 2},
    {"hmac-sha256", 2},
    {"sha256", 2},
    {"sha2-256", 2},
    {"esp-sha256-hmac", 2},
    {"hmac-sha2-384-192", 3},
    {"hmac-sha384", 3},
    {"sha384", 3},
    {"sha2-384", 3},
    {"esp-sha384-hmac", 3},
    {"hmac-sha2-512-256", 4},
    {"hmac-sha512", 4},
    {"sha512", 4},
    {"sha2-512", 4},
    {"esp-sha512-hmac", 4},
};

/// \return the hash table, in HashAlgorithm order
const std::vector<HashDescriptor>&
HashTable()
{
    using H = HashAlgorithm;
    // clang-format off
    static const std::vector<HashDescriptor> table = {
        // algorithm,  name,       openssl,  IKEv1, IKEv2 PRF, out, block
        {H::MD5,       "md5",      "MD5",    1,     1,         16,  64},
        {H::SHA1,      "sha1",     "SHA1",   2,     2,         20,  64},
        {H::SHA2_256,  "sha2-256", "SHA256", 4,     5,         32,  64},
        {H::SHA2_384,  "sha2-384", "SHA384", 5,     6,         48,  128},
        {H::SHA2_512,  "sha2-512", "SHA512", 6,     7,         64,  128},
    };
    // clang-format on
    return table;
}

/// Hash names, including the words of IOS "hash" commands.
const Alias kHashAliases[] = {
    {"md5", 0},      {"sha1", 1},    {"sha", 1},      {"sha-1", 1},  {"sha2-256", 2},
    {"sha256", 2},   {"sha-256", 2}, {"sha2-384", 3}, {"sha384", 3}, {"sha-384", 3},
    {"sha2-512", 4}, {"sha512", 4},  {"sha-512", 4},
};

/// \return the Diffie-Hellman group table
const std::vector<DhGroupDescriptor>&
DhGroupTable()
{
    using K = DhGroupKind;
    // clang-format off
    static const std::vector<DhGroupDescriptor> table = {
        // number, name,         kind,          public, secret, private
        {1,        "modp768",    K::MODP,       96,     96,     96},  // RFC 2409 section 6.1
        {2,        "modp1024",   K::MODP,       128,    128,    128}, // RFC 2409 section 6.2
        {5,        "modp1536",   K::MODP,       192,    192,    192}, // RFC 3526 section 2
        {14,       "modp2048",   K::MODP,       256,    256,    256}, // RFC 3526 section 3
        {19,       "ecp256",     K::ECP,        64,     32,     32},  // RFC 5903 sections 3.1, 7
        {20,       "ecp384",     K::ECP,        96,     48,     48},  // RFC 5903 sections 3.2, 7
        {31,       "curve25519", K::CURVE25519, 32,     32,     32},  // RFC 8031 section 2
    };
    // clang-format on
    return table;
}

/// Diffie-Hellman group names, including IOS "group N" words.
// clang-format off
const Alias kDhAliases[] = {
    {"modp768", 0},    {"group1", 0},  {"group 1", 0},  {"1", 0},
    {"modp1024", 1},   {"group2", 1},  {"group 2", 1},  {"2", 1},
    {"modp1536", 2},   {"group5", 2},  {"group 5", 2},  {"5", 2},
    {"modp2048", 3},   {"group14", 3}, {"group 14", 3}, {"14", 3},
    {"ecp256", 4},     {"group19", 4}, {"group 19", 4}, {"19", 4},
    {"ecp384", 5},     {"group20", 5}, {"group 20", 5}, {"20", 5},
    {"curve25519", 6}, {"x25519", 6},  {"group31", 6},  {"group 31", 6}, {"31", 6},
};
// clang-format on

/**
 * \return the descriptor if \p keyLengthBits is acceptable for it
 * \param d the candidate
 * \param keyLengthBits the Key Length attribute, 0 if absent
 */
std::optional<EncryptionDescriptor>
MatchKeyLength(const EncryptionDescriptor& d, uint16_t keyLengthBits)
{
    // Variable-length ciphers need the attribute, fixed-length ones must
    // not carry it (RFC 2407 section 4.5, RFC 3602 section 5.3).
    if (d.keyLengthBits == keyLengthBits)
    {
        return d;
    }
    return std::nullopt;
}

} // namespace

const std::vector<EncryptionDescriptor>&
AllEncryptionDescriptors()
{
    return EncryptionTable();
}

const std::vector<IntegrityDescriptor>&
AllIntegrityDescriptors()
{
    return IntegrityTable();
}

const EncryptionDescriptor*
RegistryEntry(const EncryptionDescriptor& d)
{
    for (const auto& e : EncryptionTable())
    {
        if (e.algorithm == d.algorithm && e.keyOctets == d.keyOctets)
        {
            return &e;
        }
    }
    return nullptr;
}

const IntegrityDescriptor*
RegistryEntry(const IntegrityDescriptor& d)
{
    for (const auto& e : IntegrityTable())
    {
        if (e.algorithm == d.algorithm)
        {
            return &e;
        }
    }
    return nullptr;
}

const IntegrityDescriptor*
RegistryEntry(const std::optional<IntegrityDescriptor>& d)
{
    return d ? RegistryEntry(*d) : nullptr;
}

const std::vector<HashDescriptor>&
AllHashDescriptors()
{
    return HashTable();
}

const std::vector<DhGroupDescriptor>&
AllDhGroupDescriptors()
{
    return DhGroupTable();
}

std::optional<EncryptionDescriptor>
GetEncryptionDescriptor(EncryptionAlgorithm algorithm, uint16_t keyLengthBits)
{
    for (const EncryptionDescriptor& d : EncryptionTable())
    {
        if (d.algorithm == algorithm && d.keyLengthBits == keyLengthBits)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<EncryptionDescriptor>
FindEncryptionByEspTransform(uint16_t transformId, uint16_t keyLengthBits)
{
    for (const EncryptionDescriptor& d : EncryptionTable())
    {
        if (d.espTransformId == transformId)
        {
            if (auto match = MatchKeyLength(d, keyLengthBits))
            {
                return match;
            }
        }
    }
    return std::nullopt;
}

std::optional<EncryptionDescriptor>
FindEncryptionByIkeAttribute(uint16_t encryptionId, uint16_t keyLengthBits)
{
    if (encryptionId == 0)
    {
        return std::nullopt; // 0 marks "not usable in phase 1" in the table
    }
    for (const EncryptionDescriptor& d : EncryptionTable())
    {
        if (d.ikeEncryptionId == encryptionId)
        {
            if (auto match = MatchKeyLength(d, keyLengthBits))
            {
                return match;
            }
        }
    }
    return std::nullopt;
}

std::optional<EncryptionDescriptor>
FindEncryptionByName(std::string_view name)
{
    if (auto index = FindAlias(kEncryptionAliases, name))
    {
        return EncryptionTable()[*index];
    }
    return std::nullopt;
}

std::optional<IntegrityDescriptor>
GetIntegrityDescriptor(IntegrityAlgorithm algorithm)
{
    for (const IntegrityDescriptor& d : IntegrityTable())
    {
        if (d.algorithm == algorithm)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<IntegrityDescriptor>
FindIntegrityByEspAuthAlgorithm(uint16_t value)
{
    for (const IntegrityDescriptor& d : IntegrityTable())
    {
        if (d.espAuthAlgorithm == value)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<IntegrityDescriptor>
FindIntegrityByAhTransform(uint16_t transformId)
{
    for (const IntegrityDescriptor& d : IntegrityTable())
    {
        if (d.ahTransformId == transformId)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<IntegrityDescriptor>
FindIntegrityByIkev2Id(uint16_t transformId)
{
    for (const IntegrityDescriptor& d : IntegrityTable())
    {
        if (d.ikev2IntegrityId == transformId)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<IntegrityDescriptor>
FindIntegrityByName(std::string_view name)
{
    if (auto index = FindAlias(kIntegrityAliases, name))
    {
        return IntegrityTable()[*index];
    }
    return std::nullopt;
}

std::optional<HashDescriptor>
GetHashDescriptor(HashAlgorithm algorithm)
{
    for (const HashDescriptor& d : HashTable())
    {
        if (d.algorithm == algorithm)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<HashDescriptor>
FindHashByIkeAttribute(uint16_t value)
{
    for (const HashDescriptor& d : HashTable())
    {
        if (d.ikeHashId == value)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<HashDescriptor>
FindHashByIkev2PrfId(uint16_t transformId)
{
    for (const HashDescriptor& d : HashTable())
    {
        if (d.ikev2PrfId == transformId)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<HashDescriptor>
FindHashByName(std::string_view name)
{
    if (auto index = FindAlias(kHashAliases, name))
    {
        return HashTable()[*index];
    }
    return std::nullopt;
}

std::optional<DhGroupDescriptor>
FindDhGroup(uint16_t number)
{
    for (const DhGroupDescriptor& d : DhGroupTable())
    {
        if (d.number == number)
        {
            return d;
        }
    }
    return std::nullopt;
}

std::optional<DhGroupDescriptor>
FindDhGroupByName(std::string_view name)
{
    if (auto index = FindAlias(kDhAliases, name))
    {
        return DhGroupTable()[*index];
    }
    return std::nullopt;
}

} // namespace ns3
