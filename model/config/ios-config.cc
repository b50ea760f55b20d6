/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ios-config.h"

#include <algorithm>
#include <set>

namespace ns3
{

namespace
{

/** Which sub-mode the parser is in. */
enum class Mode
{
    GLOBAL,
    ISAKMP_POLICY,
    TRANSFORM_SET,
    CRYPTO_MAP,
    INTERFACE,
    ACL,
};

/** A problem with a line: the message, or nothing when the line is fine. */
using Problem = std::optional<std::string>;

/** One non-comment line, split into words. */
struct Line
{
    uint32_t number{0};             //!< 1-based
    std::string text;               //!< trimmed
    std::vector<std::string> words; //!< as written
    std::vector<std::string> kw;    //!< lower case, for keyword comparison
    bool indented{false};           //!< starts with a blank

    std::size_t Size() const
    {
        return words.size();
    }

    /** \return word \p i in lower case, or "" past the end */
    const std::string& Kw(std::size_t i) const
    {
        static const std::string empty;
        return i < kw.size() ? kw[i] : empty;
    }

    /** \return where this line is */
    ConfigSource Source() const
    {
        return ConfigSource{number, text};
    }

    /** \return the words from \p from on, joined with \p separator */
    std::string Join(std::size_t from, const std::string& separator = " ") const
    {
        std::string out;
        for (std::size_t i = from; i < words.size(); ++i)
        {
            if (i > from)
            {
                out += separator;
            }
            out += words[i];
        }
        return out;
    }
};

/**
 * \return the number at word \p i when it is within [lo, hi], else nothing
 */
std::optional<uint64_t>
NumberAt(const Line& l, std::size_t i, uint64_t lo, uint64_t hi)
{
    if (i >= l.Size())
    {
        return std::nullopt;
    }
    auto n = IosLex::ParseUnsigned(l.words[i]);
    if (!n || *n < lo || *n > hi)
    {
        return std::nullopt;
    }
    return n;
}

/** \return the message for a word that should be an IPv4 address. */
std::string
BadAddress(const Line& l, std::size_t i, const std::string& expected)
{
    if (i >= l.Size())
    {
        return "missing address: expected " + expected;
    }
    return "\"" + l.words[i] + "\" is not an IPv4 address: expected " + expected;
}

/** \return the message for a word that should be a contiguous network mask. */
std::string
BadMask(const Line& l, std::size_t i, const std::string& expected)
{
    if (i < l.Size() && IosLex::ParseAddress(l.words[i]))
    {
        return "\"" + l.words[i] + "\" is not a contiguous network mask: expected " + expected;
    }
    return BadAddress(l, i, expected);
}

/** How a transform-set word counts. */
enum class TransformKind
{
    ESP_CIPHER,
    ESP_AUTH,
    AH,
};

/** One IOS transform keyword. */
struct TransformWord
{
    const char* word;
    TransformKind kind;
    EncryptionAlgorithm cipher;   //!< ESP_CIPHER
    IntegrityAlgorithm integrity; //!< ESP_AUTH and AH
};

const std::vector<TransformWord>&
TransformWords()
{
    using E = EncryptionAlgorithm;
    using I = IntegrityAlgorithm;
    static const std::vector<TransformWord> words = {
        {"esp-des", TransformKind::ESP_CIPHER, E::DES_CBC, I::HMAC_MD5_96},
        {"esp-3des", TransformKind::ESP_CIPHER, E::TRIPLE_DES_CBC, I::HMAC_MD5_96},
        {"esp-aes", TransformKind::ESP_CIPHER, E::AES_CBC, I::HMAC_MD5_96},
        {"esp-gcm", TransformKind::ESP_CIPHER, E::AES_GCM_16, I::HMAC_MD5_96},
        {"esp-null", TransformKind::ESP_CIPHER, E::NULL_ENCRYPTION, I::HMAC_MD5_96},
        {"esp-md5-hmac", TransformKind::ESP_AUTH, E::NULL_ENCRYPTION, I::HMAC_MD5_96},
        {"esp-sha-hmac", TransformKind::ESP_AUTH, E::NULL_ENCRYPTION, I::HMAC_SHA1_96},
        {"esp-sha256-hmac", TransformKind::ESP_AUTH, E::NULL_ENCRYPTION, I::HMAC_SHA2_256_128},
        {"esp-sha384-hmac", TransformKind::ESP_AUTH, E::NULL_ENCRYPTION, I::HMAC_SHA2_384_192},
        {"esp-sha512-hmac", TransformKind::ESP_AUTH, E::NULL_ENCRYPTION, I::HMAC_SHA2_512_256},
        {"ah-md5-hmac", TransformKind::AH, E::NULL_ENCRYPTION, I::HMAC_MD5_96},
        {"ah-sha-hmac", TransformKind::AH, E::NULL_ENCRYPTION, I::HMAC_SHA1_96},
        {"ah-sha256-hmac", TransformKind::AH, E::NULL_ENCRYPTION, I::HMAC_SHA2_256_128},
    };
    return words;
}

const char* const kTransformList
    = "esp-des, esp-3des, esp-aes [128|192|256], esp-gcm [128|256], esp-null, esp-md5-hmac, "
      "esp-sha-hmac, esp-sha256-hmac, esp-sha384-hmac, esp-sha512-hmac, ah-md5-hmac, "
      "ah-sha-hmac or ah-sha256-hmac";

/** \return the IpsecTransform integrity name of \p a. */
std::string
IntegrityName(IntegrityAlgorithm a)
{
    switch (a)
    {
        case IntegrityAlgorithm::HMAC_MD5_96:
            return "md5";
        case IntegrityAlgorithm::HMAC_SHA1_96:
            return "sha1";
        case IntegrityAlgorithm::HMAC_SHA2_256_128:
            return "sha256";
        case IntegrityAlgorithm::HMAC_SHA2_384_192:
            return "sha384";
        case IntegrityAlgorithm::HMAC_SHA2_512_256:
            return "sha512";
    }
    return "";
}

/** \return the IpsecTransform cipher name, or "" when it has none. */
std::string
CipherName(EncryptionAlgorithm a, uint16_t bits)
{
    const bool aesBits = bits == 128 || bits == 192 || bits == 256;
    switch (a)
    {
        case EncryptionAlgorithm::NULL_ENCRYPTION:
            return "null";
        case EncryptionAlgorithm::DES_CBC:
            return "des";
        case EncryptionAlgorithm::TRIPLE_DES_CBC:
            return "3des";
        case EncryptionAlgorithm::AES_CBC:
            return aesBits ? "aes" + std::to_string(bits) : "";
        case EncryptionAlgorithm::AES_GCM_16:
            return bits == 128 || bits == 256 ? "aes" + std::to_string(bits) + "gcm" : "";
        case EncryptionAlgorithm::AES_GCM_8:
        case EncryptionAlgorithm::AES_GCM_12:
            return "";
    }
    return "";
}

/** Which sub-mode a sub-mode keyword belongs to, for "outside a mode" errors. */
std::string
OwnerOf(const Line& l)
{
    const std::string& k = l.Kw(0);
    if (k == "encryption" || k == "encr" || k == "hash" || k == "authentication" || k == "group"
        || k == "lifetime")
    {
        return "crypto isakmp policy N";
    }
    if (k == "mode")
    {
        return "crypto ipsec transform-set NAME ...";
    }
    if (k == "set" || k == "match")
    {
        return "crypto map NAME SEQ ipsec-isakmp";
    }
    if ((k == "ip" && l.Kw(1) == "address") || k == "description" || k == "shutdown"
        || (k == "no" && l.Kw(1) == "shutdown") || k == "duplex" || k == "speed"
        || k == "negotiation" || (k == "crypto" && l.Kw(1) == "map" && l.Size() == 3))
    {
        return "interface NAME";
    }
    if (k == "permit" || k == "deny" || k == "remark")
    {
        return "ip access-list extended NAME";
    }
    return "";
}

/** \return the problem of a line that needs a sub-mode when none is open. */
std::string
OutsideMode(const Line& l)
{
    std::string owner = OwnerOf(l);
    if (!owner.empty())
    {
        std::string command = l.words[0];
        if (l.Kw(0) == "no" && l.Size() > 1)
        {
            command += " " + l.words[1];
        }
        return "sub-mode command outside a mode: \"" + command + "\" belongs under " + owner;
    }
    return "indented line outside a mode: expected it under crypto isakmp policy, crypto ipsec "
           "transform-set, crypto map, interface or ip access-list extended (global commands "
           "are not indented)";
}

/** Turns lines into an IosConfig. */
class Parser
{
public:
    /**
     * \param text the configuration
     * \param options see IosParseOptions
     * \return the configuration or the first error
     */
    ConfigResult<IosConfig> Run(std::string_view text, const IosParseOptions& options);

private:
    /** Send one line to the open sub-mode or to the global commands. */
    Problem Dispatch(const Line& l);
    /** \return true when an unindented \p l is a command of the open sub-mode (IOS). */
    bool Claims(const Line& l) const;
    /** Apply a line of the open sub-mode. */
    Problem Sub(const Line& l);

    // Global commands, one handler per command family.

    Problem Global(const Line& l);
    Problem CryptoIsakmp(const Line& l);
    Problem IsakmpKeyLine(const Line& l);
    Problem CryptoIpsec(const Line& l);
    Problem TransformSetLine(const Line& l);
    Problem CryptoMapLine(const Line& l);
    Problem AccessListLine(const Line& l);
    Problem NamedAclLine(const Line& l);
    Problem InterfaceLine(const Line& l);
    Problem No(const Line& l);

    // Sub-mode commands, one handler per sub-mode.
    Problem PolicySub(const Line& l);
    Problem TransformSetSub(const Line& l);
    Problem CryptoMapSub(const Line& l);
    Problem InterfaceSub(const Line& l);
    Problem AclSub(const Line& l);

    /** Add an ACL entry parsed from words [from, end) of \p l to \p name. */
    Problem AddAclEntry(const Line& l, const std::string& name, std::size_t from);
    /** \return the open crypto map entry */
    CryptoMapEntry& OpenMapEntry();

    IosConfig m_c;              //!< what has been read
    Mode m_mode{Mode::GLOBAL};  //!< the open sub-mode
    uint32_t m_policy{0};       //!< ISAKMP_POLICY: its priority
    std::string m_name;         //!< TRANSFORM_SET, CRYPTO_MAP, ACL: the name
    uint32_t m_sequence{0};     //!< CRYPTO_MAP: the sequence number
    std::size_t m_interface{0}; //!< INTERFACE: index in m_c.interfaces
};

ConfigResult<IosConfig>
Parser::Run(std::string_view text, const IosParseOptions& options)
{
    uint32_t number = 0;
    std::size_t pos = 0;
    while (pos <= text.size())
    {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
        {
            end = text.size();
        }
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (end == text.size() && raw.empty())
        {
            break; // the text ended with a newline
        }
        std::string_view trimmed = IosLex::Trim(raw);
        if (trimmed.empty() || trimmed[0] == '!')
        {
            continue;
        }
        Line l;
        l.number = number;
        l.text = std::string(trimmed);
        l.words = IosLex::Split(trimmed);
        for (const auto& w : l.words)
        {
            l.kw.push_back(IosLex::ToLower(w));
        }
        l.indented = raw[0] == ' ' || raw[0] == '\t';
        if (Problem p = Dispatch(l))
        {
            return ConfigError{l.number, l.text, *p};
        }
    }

    if (options.validate)
    {
        ValidationReport report = m_c.Validate();
        if (!report.errors.empty())
        {
            return report.errors.front();
        }
        m_c.warnings = report.warnings;
    }
    return m_c;
}

Problem
Parser::Dispatch(const Line& l)
{
    if (l.indented)
    {
        if (m_mode == Mode::GLOBAL)
        {
            return OutsideMode(l);
        }
        return Sub(l);
    }
    if (m_mode != Mode::GLOBAL && Claims(l))
    {
        return Sub(l); // IOS: an unindented sub-mode command stays in the mode
    }
    m_mode = Mode::GLOBAL;
    return Global(l);
}

bool
Parser::Claims(const Line& l) const
{
    const std::string& k = l.Kw(0);
    if (k == "exit")
    {
        return true;
    }
    switch (m_mode)
    {
        case Mode::ISAKMP_POLICY:
            return k == "encryption" || k == "encr" || k == "hash" || k == "authentication"
                   || k == "group" || k == "lifetime";
        case Mode::TRANSFORM_SET:
            return k == "mode";
        case Mode::CRYPTO_MAP:
            return k == "set" || k == "match";
        case Mode::INTERFACE:
            return (k == "ip" && l.Kw(1) == "address")
                   || (k == "no"
                       && (l.Kw(1) == "shutdown" || (l.Kw(1) == "ip" && l.Kw(2) == "address")))
                   || (k == "crypto" && l.Kw(1) == "map" && l.Size() == 3) || k == "description"
                   || k == "shutdown" || k == "duplex" || k == "speed" || k == "negotiation";
        case Mode::ACL:
            return k == "permit" || k == "deny" || k == "remark";
        case Mode::GLOBAL:
            return false;
    }
    return false;
}

Problem
Parser::Sub(const Line& l)
{
    if (l.Kw(0) == "exit")
    {
        if (l.Size() != 1)
        {
            return std::string("expected exit alone");
        }
        m_mode = Mode::GLOBAL;
        return std::nullopt;
    }
    switch (m_mode)
    {
        case Mode::ISAKMP_POLICY:
            return PolicySub(l);
        case Mode::TRANSFORM_SET:
            return TransformSetSub(l);
        case Mode::CRYPTO_MAP:
            return CryptoMapSub(l);
        case Mode::INTERFACE:
            return InterfaceSub(l);
        case Mode::ACL:
            return AclSub(l);
        case Mode::GLOBAL:
            break;
    }
    return OutsideMode(l);
}

// ----- global commands -----

Problem
Parser::Global(const Line& l)
{
    const std::string& k = l.Kw(0);
    if (k == "hostname")
    {
        if (l.Size() != 2)
        {
            return std::string("expected hostname NAME");
        }
        m_c.hostname = l.words[1];
        return std::nullopt;
    }
    if (k == "crypto")
    {
        if (l.Kw(1) == "isakmp")
        {
            return CryptoIsakmp(l);
        }
        if (l.Kw(1) == "ipsec")
        {
            return CryptoIpsec(l);
        }
        if (l.Kw(1) == "map")
        {
            return CryptoMapLine(l);
        }
        return std::string("unknown crypto command: expected crypto isakmp, crypto ipsec or "
                           "crypto map");
    }
    if (k == "access-list")
    {
        return AccessListLine(l);
    }
    if (k == "ip" && l.Kw(1) == "access-list")
    {
        return NamedAclLine(l);
    }
    if (k == "interface")
    {
        return InterfaceLine(l);
    }
    if (k == "no")
    {
        return No(l);
    }
    if (k == "end" || k == "exit")
    {
        if (l.Size() != 1)
        {
            return "expected " + k + " alone";
        }
        return std::nullopt;
    }
    std::string owner = OwnerOf(l);
    if (!owner.empty())
    {
        return OutsideMode(l);
    }
    return std::string("unknown command: expected hostname, crypto isakmp ..., crypto ipsec ..., "
                       "crypto map ..., access-list, ip access-list extended, interface, "
                       "no crypto ipsec nat-transparency udp-encapsulation or end");
}

Problem
Parser::CryptoIsakmp(const Line& l)
{
    const std::string& k = l.Kw(2);
    if (k == "policy")
    {
        auto n = NumberAt(l, 3, 1, 10000);
        if (!n || l.Size() != 4)
        {
            return std::string("policy priority must be 1..10000: expected crypto isakmp policy N");
        }
        uint32_t priority = static_cast<uint32_t>(*n);
        auto it = m_c.policies.find(priority);
        if (it == m_c.policies.end())
        {
            IsakmpPolicy p;
            p.priority = priority;
            p.source = l.Source();
            m_c.policies.emplace(priority, p);
        }
        m_mode = Mode::ISAKMP_POLICY;
        m_policy = priority;
        return std::nullopt;
    }
    if (k == "key")
    {
        return IsakmpKeyLine(l);
    }
    if (k == "nat")
    {
        if (l.Kw(3) != "keepalive")
        {
            return std::string("expected crypto isakmp nat keepalive SECONDS");
        }
        auto n = NumberAt(l, 4, 5, 3600);
        if (!n || l.Size() != 5)
        {
            return std::string("keepalive must be 5..3600 seconds");
        }
        m_c.natKeepalive = static_cast<uint32_t>(*n);
        return std::nullopt;
    }
    if (k == "identity")
    {
        if (l.Size() == 4 && l.Kw(3) == "address")
        {
            m_c.identity = IsakmpIdentity::ADDRESS;
            return std::nullopt;
        }
        if (l.Size() == 4 && l.Kw(3) == "hostname")
        {
            m_c.identity = IsakmpIdentity::HOSTNAME;
            return std::nullopt;
        }
        return std::string("identity must be address or hostname");
    }
    return std::string("unknown crypto isakmp command: expected crypto isakmp policy N, key KEY "
                       "address A [MASK], key KEY hostname H, nat keepalive SECONDS or "
                       "identity address|hostname");
}

Problem
Parser::IsakmpKeyLine(const Line& l)
{
    const std::string usage
        = "expected crypto isakmp key KEY address A [MASK] or crypto isakmp key KEY hostname H";
    std::size_t i = 3;
    // An optional encryption type before the key: 0 (clear) or 6 (encrypted).
    if (l.Size() > 5 && (l.Kw(3) == "0" || l.Kw(3) == "6") && l.Kw(4) != "address"
        && l.Kw(4) != "hostname")
    {
        if (l.Kw(3) == "6")
        {
            return std::string("type 6 (encrypted) keys are not supported: write the key in clear "
                               "(type 0)");
        }
        i = 4;
    }
    if (l.Size() < i + 3)
    {
        return "incomplete command: " + usage;
    }
    IsakmpKey key;
    key.key = l.words[i];
    key.source = l.Source();
    std::size_t end = l.Size();
    if (l.Kw(end - 1) == "no-xauth")
    {
        key.noXauth = true;
        --end;
    }
    const std::string& kind = l.Kw(i + 1);
    if (kind == "hostname")
    {
        if (end != i + 3)
        {
            return usage;
        }
        key.byHostname = true;
        key.hostname = l.words[i + 2];
        auto same = [&key](const IsakmpKey& k)
        { return k.byHostname && IosLex::ToLower(k.hostname) == IosLex::ToLower(key.hostname); };
        m_c.keys.erase(std::remove_if(m_c.keys.begin(), m_c.keys.end(), same), m_c.keys.end());
        m_c.keys.push_back(key);
        return std::nullopt;
    }
    if (kind != "address")
    {
        return usage;
    }
    if (end != i + 3 && end != i + 4)
    {
        return usage;
    }
    auto a = IosLex::ParseAddress(l.words[i + 2]);
    if (!a)
    {
        return BadAddress(l, i + 2, "crypto isakmp key KEY address a.b.c.d [MASK]");
    }
    Ipv4Mask mask = Ipv4Mask::GetOnes();
    if (end == i + 4)
    {
        auto m = IosLex::ParseAddress(l.words[i + 3]);
        if (!m || !IosLex::IsContiguousMask(*m))
        {
            return BadMask(l, i + 3, "a network mask such as 255.255.255.0 after the address");
        }
        mask = Ipv4Mask(m->Get());
    }
    else if (*a == Ipv4Address::GetAny())
    {
        mask = Ipv4Mask::GetZero(); // "address 0.0.0.0" alone is the wildcard, as IOS shows it
    }
    key.address = a->CombineMask(mask);
    key.mask = mask;
    auto same = [&key](const IsakmpKey& k)
    { return !k.byHostname && k.address == key.address && k.mask == key.mask; };
    m_c.keys.erase(std::remove_if(m_c.keys.begin(), m_c.keys.end(), same), m_c.keys.end());
    m_c.keys.push_back(key);
    return std::nullopt;
}

Problem
Parser::CryptoIpsec(const Line& l)
{
    const std::string& k = l.Kw(2);
    if (k == "transform-set")
    {
        return TransformSetLine(l);
    }
    if (k == "security-association")
    {
        if (l.Kw(3) == "lifetime" && l.Kw(4) == "seconds")
        {
            auto n = NumberAt(l, 5, 120, 86400);
            if (!n || l.Size() != 6)
            {
                return std::string("lifetime seconds must be 120..86400");
            }
            m_c.saLifetime.seconds = static_cast<uint32_t>(*n);
            return std::nullopt;
        }
        if (l.Kw(3) == "lifetime" && l.Kw(4) == "kilobytes")
        {
            auto n = NumberAt(l, 5, 2560, 4294967295ULL);
            if (!n || l.Size() != 6)
            {
                return std::string("lifetime kilobytes must be 2560..4294967295");
            }
            m_c.saLifetime.kilobytes = *n;
            return std::nullopt;
        }
        return std::string("expected crypto ipsec security-association lifetime seconds S or "
                           "kilobytes K");
    }
    if (k == "nat-transparency")
    {
        if (l.Size() != 4 || l.Kw(3) != "udp-encapsulation")
        {
            return std::string("expected crypto ipsec nat-transparency udp-encapsulation");
        }
        m_c.natTraversal = true;
        return std::nullopt;
    }
    return std::string("unknown crypto ipsec command: expected crypto ipsec transform-set, "
                       "security-association lifetime or nat-transparency udp-encapsulation");
}

Problem
Parser::TransformSetLine(const Line& l)
{
    if (l.Size() < 5)
    {
        return std::string("expected crypto ipsec transform-set NAME TRANSFORM [TRANSFORM "
                           "[TRANSFORM]]");
    }
    TransformSet ts;
    ts.name = l.words[3];
    ts.source = l.Source();
    auto existing = m_c.transformSets.find(ts.name);
    if (existing != m_c.transformSets.end())
    {
        ts.mode = existing->second.mode; // IOS keeps the mode when the transforms are redefined
    }
    std::string cipherWord;
    std::string espAuthWord;
    std::string ahWord;
    for (std::size_t i = 4; i < l.Size(); ++i)
    {
        const std::string& w = l.Kw(i);
        auto t = std::find_if(TransformWords().begin(), TransformWords().end(),
                              [&w](const TransformWord& t) { return w == t.word; });
        if (t == TransformWords().end())
        {
            return "unknown transform \"" + l.words[i] + "\": expected " + kTransformList;
        }
        std::string written = w;
        uint16_t bits = 0;
        if (w == "esp-aes" || w == "esp-gcm")
        {
            bits = 128;
            if (i + 1 < l.Size() && IosLex::ParseUnsigned(l.words[i + 1]))
            {
                auto n = IosLex::ParseUnsigned(l.words[i + 1]);
                bool ok = w == "esp-aes" ? (*n == 128 || *n == 192 || *n == 256)
                                         : (*n == 128 || *n == 256);
                if (!ok)
                {
                    return w + " key length must be "
                           + (w == "esp-aes" ? "128, 192 or 256" : "128 or 256") + ", not "
                           + l.words[i + 1];
                }
                bits = static_cast<uint16_t>(*n);
                written += " " + l.words[i + 1];
                ++i;
            }
        }
        switch (t->kind)
        {
            case TransformKind::ESP_CIPHER:
                if (ts.espCipher)
                {
                    return "more than one ESP cipher (" + cipherWord + " and " + written
                           + "): a transform set has at most one";
                }
                ts.espCipher = t->cipher;
                ts.espKeyBits = bits;
                cipherWord = written;
                break;
            case TransformKind::ESP_AUTH:
                if (ts.espIntegrity)
                {
                    return "more than one ESP authentication transform (" + espAuthWord + " and "
                           + written + "): a transform set has at most one";
                }
                ts.espIntegrity = t->integrity;
                espAuthWord = written;
                break;
            case TransformKind::AH:
                if (ts.ahIntegrity)
                {
                    return "more than one AH transform (" + ahWord + " and " + written
                           + "): a transform set has at most one";
                }
                ts.ahIntegrity = t->integrity;
                ahWord = written;
                break;
        }
        ts.transforms.push_back(written);
    }
    if (ts.espCipher == EncryptionAlgorithm::AES_GCM_16 && ts.espIntegrity)
    {
        return "esp-gcm is a combined-mode cipher with its own integrity: remove " + espAuthWord;
    }
    if (ts.espCipher == EncryptionAlgorithm::NULL_ENCRYPTION && !ts.espIntegrity)
    {
        return std::string("esp-null needs an ESP authentication transform: ESP without "
                           "confidentiality and integrity is not allowed (RFC 4303)");
    }
    m_c.transformSets[ts.name] = ts;
    m_mode = Mode::TRANSFORM_SET;
    m_name = ts.name;
    return std::nullopt;
}

Problem
Parser::CryptoMapLine(const Line& l)
{
    const std::string usage = "expected crypto map NAME SEQ ipsec-isakmp";
    if (l.Size() == 3)
    {
        return "crypto map NAME needs a sequence number here: " + usage
               + " (crypto map NAME alone belongs under interface NAME)";
    }
    if (l.Size() < 4)
    {
        return usage;
    }
    auto n = NumberAt(l, 3, 1, 65535);
    if (!n)
    {
        if (IosLex::ParseUnsigned(l.words[3]))
        {
            return "sequence number must be 1..65535: " + usage;
        }
        return "crypto map NAME " + l.words[3] + " is not supported: " + usage;
    }
    if (l.Size() > 5 || (l.Size() == 5 && l.Kw(4) != "ipsec-isakmp"))
    {
        return "only ipsec-isakmp crypto map entries are supported: " + usage;
    }
    const std::string& name = l.words[2];
    uint32_t seq = static_cast<uint32_t>(*n);
    auto& entries = m_c.cryptoMaps[name];
    auto it = std::lower_bound(entries.begin(), entries.end(), seq,
                               [](const CryptoMapEntry& e, uint32_t s) { return e.sequence < s; });
    if (it == entries.end() || it->sequence != seq)
    {
        CryptoMapEntry e;
        e.map = name;
        e.sequence = seq;
        e.source = l.Source();
        entries.insert(it, e);
    }
    m_mode = Mode::CRYPTO_MAP;
    m_name = name;
    m_sequence = seq;
    return std::nullopt;
}

Problem
Parser::AddAclEntry(const Line& l, const std::string& name, std::size_t from)
{
    ConfigResult<AclEntry> entry = ParseAclEntry(l.Join(from));
    if (!entry)
    {
        return entry.GetError().message;
    }
    AclEntry e = entry.Value();
    e.source = l.Source();
    AccessList& acl = m_c.acls[name];
    if (acl.name.empty())
    {
        acl.name = name;
        acl.source = l.Source();
    }
    acl.entries.push_back(e);
    return std::nullopt;
}

Problem
Parser::AccessListLine(const Line& l)
{
    if (l.Size() < 2 || !IsExtendedAclNumber(l.words[1]))
    {
        return std::string("access-list number must be 100-199 or 2000-2699 (extended access "
                           "lists)");
    }
    if (l.Kw(2) == "remark")
    {
        return std::nullopt;
    }
    return AddAclEntry(l, l.words[1], 2);
}

Problem
Parser::NamedAclLine(const Line& l)
{
    if (l.Size() != 4 || l.Kw(2) != "extended")
    {
        return std::string("expected ip access-list extended NAME (only extended access lists)");
    }
    const std::string& name = l.words[3];
    if (IosLex::ParseUnsigned(name) && !IsExtendedAclNumber(name))
    {
        return std::string("access-list number must be 100-199 or 2000-2699 (extended access "
                           "lists)");
    }
    AccessList& acl = m_c.acls[name];
    if (acl.name.empty())
    {
        acl.name = name;
        acl.source = l.Source();
    }
    m_mode = Mode::ACL;
    m_name = name;
    return std::nullopt;
}

Problem
Parser::InterfaceLine(const Line& l)
{
    if (l.Size() < 2)
    {
        return std::string("expected interface NAME");
    }
    std::string name = l.Join(1, ""); // IOS writes "Ethernet 0" as Ethernet0
    auto it = std::find_if(m_c.interfaces.begin(), m_c.interfaces.end(),
                           [&name](const InterfaceConfig& i) { return i.name == name; });
    if (it == m_c.interfaces.end())
    {
        InterfaceConfig i;
        i.name = name;
        i.source = l.Source();
        m_c.interfaces.push_back(i);
        it = m_c.interfaces.end() - 1;
    }
    m_mode = Mode::INTERFACE;
    m_interface = static_cast<std::size_t>(it - m_c.interfaces.begin());
    return std::nullopt;
}

Problem
Parser::No(const Line& l)
{
    if (l.Size() == 5 && l.Kw(1) == "crypto" && l.Kw(2) == "ipsec" && l.Kw(3) == "nat-transparency"
        && l.Kw(4) == "udp-encapsulation")
    {
        m_c.natTraversal = false;
        return std::nullopt;
    }
    if (l.Size() == 5 && l.Kw(1) == "crypto" && l.Kw(2) == "isakmp" && l.Kw(3) == "nat"
        && l.Kw(4) == "keepalive")
    {
        m_c.natKeepalive.reset();
        return std::nullopt;
    }
    std::string owner = OwnerOf(l);
    if (!owner.empty())
    {
        return OutsideMode(l);
    }
    return std::string("unknown command: the global no commands are no crypto ipsec "
                       "nat-transparency udp-encapsulation and no crypto isakmp nat keepalive");
}

// ----- sub-mode commands -----

Problem
Parser::PolicySub(const Line& l)
{
    IsakmpPolicy& p = m_c.policies[m_policy];
    const std::string& k = l.Kw(0);
    const std::string& v = l.Kw(1);
    if (k == "encryption" || k == "encr") // show running-config prints "encr"
    {
        const std::string msg = "encryption must be des, 3des or aes [128|192|256]";
        if (v == "des" && l.Size() == 2)
        {
            p.encryption = EncryptionAlgorithm::DES_CBC;
            p.encryptionKeyBits = 0;
        }
        else if (v == "3des" && l.Size() == 2)
        {
            p.encryption = EncryptionAlgorithm::TRIPLE_DES_CBC;
            p.encryptionKeyBits = 0;
        }
        else if (v == "aes" && l.Size() == 2)
        {
            p.encryption = EncryptionAlgorithm::AES_CBC;
            p.encryptionKeyBits = 128;
        }
        else if (v == "aes" && l.Size() == 3)
        {
            auto n = IosLex::ParseUnsigned(l.words[2]);
            if (!n || (*n != 128 && *n != 192 && *n != 256))
            {
                return msg;
            }
            p.encryption = EncryptionAlgorithm::AES_CBC;
            p.encryptionKeyBits = static_cast<uint16_t>(*n);
        }
        else
        {
            return msg;
        }
        return std::nullopt;
    }
    if (k == "hash")
    {
        static const std::map<std::string, HashAlgorithm> hashes = {
            {"md5", HashAlgorithm::MD5},         {"sha", HashAlgorithm::SHA1},
            {"sha256", HashAlgorithm::SHA2_256}, {"sha384", HashAlgorithm::SHA2_384},
            {"sha512", HashAlgorithm::SHA2_512},
        };
        auto it = hashes.find(v);
        if (it == hashes.end() || l.Size() != 2)
        {
            return std::string("hash must be md5, sha, sha256, sha384 or sha512");
        }
        p.hash = it->second;
        return std::nullopt;
    }
    if (k == "authentication")
    {
        if (v == "pre-share" && l.Size() == 2)
        {
            p.authentication = IsakmpAuthentication::PRE_SHARE;
        }
        else if (v == "rsa-sig" && l.Size() == 2)
        {
            p.authentication = IsakmpAuthentication::RSA_SIG;
        }
        else
        {
            return std::string("authentication must be pre-share or rsa-sig");
        }
        return std::nullopt;
    }
    if (k == "group")
    {
        static const std::set<uint64_t> groups = {1, 2, 5, 14, 19, 20, 31};
        auto n = NumberAt(l, 1, 1, 65535);
        if (!n || l.Size() != 2 || groups.count(*n) == 0)
        {
            return std::string("group must be one of 1, 2, 5, 14, 19, 20, 31");
        }
        p.group = static_cast<uint16_t>(*n);
        return std::nullopt;
    }
    if (k == "lifetime")
    {
        auto n = NumberAt(l, 1, 60, 86400);
        if (!n || l.Size() != 2)
        {
            return std::string("lifetime must be 60..86400 seconds");
        }
        p.lifetimeSeconds = static_cast<uint32_t>(*n);
        return std::nullopt;
    }
    return std::string("not a crypto isakmp policy command: expected encryption, hash, "
                       "authentication, group, lifetime or exit");
}

Problem
Parser::TransformSetSub(const Line& l)
{
    TransformSet& ts = m_c.transformSets[m_name];
    if (l.Kw(0) == "mode")
    {
        if (l.Size() == 2 && l.Kw(1) == "tunnel")
        {
            ts.mode = IpsecMode::TUNNEL;
            return std::nullopt;
        }
        if (l.Size() == 2 && l.Kw(1) == "transport")
        {
            ts.mode = IpsecMode::TRANSPORT;
            return std::nullopt;
        }
        return std::string("mode must be tunnel or transport");
    }
    return std::string("not a crypto ipsec transform-set command: expected mode tunnel, "
                       "mode transport or exit");
}

CryptoMapEntry&
Parser::OpenMapEntry()
{
    auto& entries = m_c.cryptoMaps[m_name];
    auto it = std::find_if(entries.begin(), entries.end(),
                           [this](const CryptoMapEntry& e) { return e.sequence == m_sequence; });
    return *it; // CryptoMapLine created it and nothing removes entries
}

Problem
Parser::CryptoMapSub(const Line& l)
{
    CryptoMapEntry& e = OpenMapEntry();
    const std::string& k = l.Kw(0);
    const std::string& what = l.Kw(1);
    if (k == "set" && what == "peer")
    {
        const std::string usage = "set peer a.b.c.d";
        if (l.Size() != 3)
        {
            return "expected " + usage;
        }
        auto a = IosLex::ParseAddress(l.words[2]);
        if (!a)
        {
            return BadAddress(l, 2, usage);
        }
        if (std::find(e.peers.begin(), e.peers.end(), *a) == e.peers.end())
        {
            e.peers.push_back(*a);
        }
        return std::nullopt;
    }
    if (k == "set" && what == "transform-set")
    {
        if (l.Size() < 3 || l.Size() > 8)
        {
            return std::string("expected set transform-set NAME [NAME ...] (1 to 6 names)");
        }
        e.transformSets.assign(l.words.begin() + 2, l.words.end());
        e.transformSetSource = l.Source();
        return std::nullopt;
    }
    if (k == "set" && what == "pfs")
    {
        static const std::map<std::string, uint16_t> groups = {
            {"group1", 1},   {"group2", 2},   {"group5", 5},
            {"group14", 14}, {"group19", 19}, {"group20", 20},
        };
        if (l.Size() == 2)
        {
            e.pfsGroup = 1; // IOS: a bare set pfs is group1
            return std::nullopt;
        }
        auto it = groups.find(l.Kw(2));
        if (it == groups.end() || l.Size() != 3)
        {
            return std::string("set pfs group must be group1, group2, group5, group14, group19 "
                               "or group20");
        }
        e.pfsGroup = it->second;
        return std::nullopt;
    }
    if (k == "set" && what == "security-association")
    {
        if (l.Kw(2) == "lifetime" && l.Kw(3) == "seconds")
        {
            auto n = NumberAt(l, 4, 120, 86400);
            if (!n || l.Size() != 5)
            {
                return std::string("lifetime seconds must be 120..86400");
            }
            e.lifetimeSeconds = static_cast<uint32_t>(*n);
            return std::nullopt;
        }
        if (l.Kw(2) == "lifetime" && l.Kw(3) == "kilobytes")
        {
            auto n = NumberAt(l, 4, 2560, 4294967295ULL);
            if (!n || l.Size() != 5)
            {
                return std::string("lifetime kilobytes must be 2560..4294967295");
            }
            e.lifetimeKilobytes = *n;
            return std::nullopt;
        }
        return std::string("expected set security-association lifetime seconds S or kilobytes K");
    }
    if (k == "match" && what == "address")
    {
        if (l.Size() != 3)
        {
            return std::string("expected match address ACL (a number or a name)");
        }
        const std::string& acl = l.words[2];
        if (IosLex::ParseUnsigned(acl) && !IsExtendedAclNumber(acl))
        {
            return std::string("a crypto ACL is an extended access list: 100-199, 2000-2699 or a "
                               "name");
        }
        e.matchAddress = acl;
        e.matchAddressSource = l.Source();
        return std::nullopt;
    }
    return std::string("not a crypto map command: expected set peer, set transform-set, set pfs, "
                       "set security-association lifetime, match address or exit");
}

Problem
Parser::InterfaceSub(const Line& l)
{
    InterfaceConfig& i = m_c.interfaces[m_interface];
    const std::string& k = l.Kw(0);
    if (k == "ip" && l.Kw(1) == "address")
    {
        const std::string usage = "ip address a.b.c.d MASK";
        if (l.Size() == 5 && l.Kw(4) == "secondary")
        {
            return std::string("secondary addresses are not supported");
        }
        if (l.Size() != 4)
        {
            return "only a static address is supported: expected " + usage;
        }
        auto a = IosLex::ParseAddress(l.words[2]);
        if (!a)
        {
            return BadAddress(l, 2, usage);
        }
        auto m = IosLex::ParseAddress(l.words[3]);
        if (!m || !IosLex::IsContiguousMask(*m))
        {
            return BadMask(l, 3, usage);
        }
        i.address = *a;
        i.mask = Ipv4Mask(m->Get());
        return std::nullopt;
    }
    if (k == "no" && l.Kw(1) == "ip" && l.Kw(2) == "address" && l.Size() == 3)
    {
        i.address.reset();
        i.mask = Ipv4Mask::GetOnes();
        return std::nullopt;
    }
    if (k == "crypto" && l.Kw(1) == "map" && l.Size() == 3)
    {
        i.cryptoMap = l.words[2];
        i.cryptoMapSource = l.Source();
        return std::nullopt;
    }
    // Accepted and ignored: they do not change what the IPsec model does.
    if (k == "description" || k == "shutdown" || (k == "no" && l.Kw(1) == "shutdown")
        || k == "duplex" || k == "speed" || k == "negotiation")
    {
        return std::nullopt;
    }
    return std::string("not an interface command: expected ip address A MASK, crypto map NAME, "
                       "exit, or (accepted and ignored) description, shutdown, no shutdown, "
                       "duplex, speed, negotiation");
}

Problem
Parser::AclSub(const Line& l)
{
    const std::string& k = l.Kw(0);
    if (k == "remark")
    {
        return std::nullopt;
    }
    if (k == "permit" || k == "deny")
    {
        return AddAclEntry(l, m_name, 0);
    }
    return std::string("not an ip access-list extended command: expected permit, deny, remark "
                       "or exit (sequence numbers are not supported)");
}

} // namespace

// ----- the model -----

std::string
ToString(IsakmpAuthentication authentication)
{
    return authentication == IsakmpAuthentication::PRE_SHARE ? "pre-share" : "rsa-sig";
}

std::string
ToString(IsakmpIdentity identity)
{
    return identity == IsakmpIdentity::ADDRESS ? "address" : "hostname";
}

bool
IsakmpKey::IsWildcard() const
{
    return !byHostname && mask.Get() == 0;
}

bool
IsakmpKey::Matches(Ipv4Address peer) const
{
    return !byHostname && mask.IsMatch(peer, address);
}

bool
TransformSet::UsesEsp() const
{
    return espCipher.has_value() || espIntegrity.has_value();
}

bool
TransformSet::UsesAh() const
{
    return ahIntegrity.has_value();
}

ConfigResult<IpsecTransformNames>
TransformSet::ToIpsecTransform() const
{
    auto fail = [this](const std::string& why) {
        return ConfigError{source.line, source.text, "transform set " + name + " " + why};
    };
    if (UsesAh() && UsesEsp())
    {
        return fail("combines AH and ESP: an IpsecTransform holds one protocol");
    }
    IpsecTransformNames names;
    names.mode = mode;
    if (UsesAh())
    {
        names.protocol = IpsecProtocol::AH;
        names.cipher = "null";
        names.integrity = IntegrityName(*ahIntegrity);
        return names;
    }
    if (!UsesEsp())
    {
        return fail("has no transform");
    }
    names.protocol = IpsecProtocol::ESP;
    names.cipher = espCipher ? CipherName(*espCipher, espKeyBits) : "null";
    if (names.cipher.empty())
    {
        return fail("has a cipher or key length an IpsecTransform cannot name");
    }
    const bool aead = espCipher == EncryptionAlgorithm::AES_GCM_16;
    names.integrity = espIntegrity && !aead ? IntegrityName(*espIntegrity) : "none";
    if (names.cipher == "null" && names.integrity == "none")
    {
        return fail("has neither a cipher nor an integrity algorithm");
    }
    return names;
}

IosSaLifetime
CryptoMapEntry::EffectiveLifetime(const IosSaLifetime& global) const
{
    IosSaLifetime l = global;
    if (lifetimeSeconds)
    {
        l.seconds = *lifetimeSeconds;
    }
    if (lifetimeKilobytes)
    {
        l.kilobytes = *lifetimeKilobytes;
    }
    return l;
}

const IsakmpKey*
IosConfig::FindKeyForAddress(Ipv4Address peer) const
{
    const IsakmpKey* best = nullptr;
    for (const IsakmpKey& k : keys)
    {
        if (k.Matches(peer)
            && (best == nullptr || k.mask.GetPrefixLength() > best->mask.GetPrefixLength()))
        {
            best = &k;
        }
    }
    return best;
}

const IsakmpKey*
IosConfig::FindKeyForHostname(std::string_view name) const
{
    const std::string wanted = IosLex::ToLower(name);
    for (const IsakmpKey& k : keys)
    {
        if (k.byHostname && IosLex::ToLower(k.hostname) == wanted)
        {
            return &k;
        }
    }
    return nullptr;
}

const CryptoMapEntry*
IosConfig::FindCryptoMapEntry(const std::string& map, uint32_t sequence) const
{
    auto it = cryptoMaps.find(map);
    if (it == cryptoMaps.end())
    {
        return nullptr;
    }
    for (const CryptoMapEntry& e : it->second)
    {
        if (e.sequence == sequence)
        {
            return &e;
        }
    }
    return nullptr;
}

const InterfaceConfig*
IosConfig::FindInterface(const std::string& name) const
{
    for (const InterfaceConfig& i : interfaces)
    {
        if (i.name == name)
        {
            return &i;
        }
    }
    return nullptr;
}

ValidationReport
IosConfig::Validate() const
{
    ValidationReport r;
    auto add = [](std::vector<ConfigDiagnostic>& to, const ConfigSource& at, std::string message) {
        to.push_back(ConfigDiagnostic{at.line, at.text, std::move(message)});
    };

    bool allPreShare = !policies.empty();
    for (const auto& [priority, p] : policies)
    {
        allPreShare = allPreShare && p.authentication == IsakmpAuthentication::PRE_SHARE;
    }

    for (const auto& [name, entries] : cryptoMaps)
    {
        for (const CryptoMapEntry& e : entries)
        {
            const std::string label = "crypto map " + name + " " + std::to_string(e.sequence);
            if (e.peers.empty())
            {
                add(r.errors, e.source, label + " has no set peer");
            }
            if (e.transformSets.empty())
            {
                add(r.errors, e.source, label + " has no set transform-set");
            }
            for (const std::string& ts : e.transformSets)
            {
                if (transformSets.count(ts) == 0)
                {
                    add(r.errors, e.transformSetSource,
                        "transform-set " + ts + " is not defined (no crypto ipsec transform-set "
                            + ts + ")");
                }
            }
            if (!e.matchAddress)
            {
                add(r.warnings, e.source,
                    label + " has no match address: IOS keeps it disabled until it has one");
            }
            else
            {
                auto acl = acls.find(*e.matchAddress);
                if (acl == acls.end())
                {
                    add(r.warnings, e.matchAddressSource,
                        "access-list " + *e.matchAddress
                            + " is not defined: IOS accepts this, but the map protects no traffic "
                              "until it is");
                }
                else if (std::none_of(acl->second.entries.begin(), acl->second.entries.end(),
                                      [](const AclEntry& a)
                                      { return a.action == AclAction::PERMIT; }))
                {
                    add(r.warnings, e.matchAddressSource,
                        "access-list " + *e.matchAddress
                            + " has no permit entry: the map protects no traffic");
                }
            }
            if (allPreShare)
            {
                for (const Ipv4Address& peer : e.peers)
                {
                    if (FindKeyForAddress(peer) == nullptr)
                    {
                        add(r.warnings, e.source,
                            "no crypto isakmp key matches peer " + IosLex::ToText(peer)
                                + " and every ISAKMP policy uses pre-share");
                    }
                }
            }
        }
    }

    for (const InterfaceConfig& i : interfaces)
    {
        if (i.cryptoMap && cryptoMaps.count(*i.cryptoMap) == 0)
        {
            add(r.errors, i.cryptoMapSource,
                "crypto map " + *i.cryptoMap + " is not defined (no crypto map " + *i.cryptoMap
                    + " SEQ ipsec-isakmp)");
        }
    }

    auto byLine
        = [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) { return a.line < b.line; };
    std::stable_sort(r.errors.begin(), r.errors.end(), byLine);
    std::stable_sort(r.warnings.begin(), r.warnings.end(), byLine);
    return r;
}

ConfigResult<IosConfig>
ParseIosConfig(std::string_view text, const IosParseOptions& options)
{
    Parser parser;
    return parser.Run(text, options);
}

} // namespace ns3
