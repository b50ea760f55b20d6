/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "cpu-cost-profile.h"

#include "ns3/abort.h"

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

constexpr int64_t kPsPerNs = 1000;
constexpr int64_t kPsPerUs = 1000 * kPsPerNs;
constexpr int64_t kPsPerMs = 1000 * kPsPerUs;
constexpr int64_t kPsPerS = 1000 * kPsPerMs;

/// Names of the hashes, indexed by HashAlgorithm (also the integrity names).
constexpr std::array<const char*, 5> kHashNames{"md5", "sha1", "sha256", "sha384", "sha512"};
/// Names of the cipher families, indexed by CipherIndex().
constexpr std::array<const char*, 5> kCipherNames{"null", "des", "3des", "aes-cbc", "aes-gcm"};

/// Units a time may carry, largest first (Serialize picks the first exact one).
struct Unit
{
    const char* name; //!< suffix
    int64_t ps;       //!< picoseconds in one unit
};

constexpr std::array<Unit, 4> kUnits{
    {{"s", kPsPerS}, {"ms", kPsPerMs}, {"us", kPsPerUs}, {"ns", kPsPerNs}}};

const char* const kAllowedKeys
    = "dh-generate, dh-agree, prf, cipher-packet, cipher-byte, integrity-packet, "
      "integrity-byte, ike-message, nat-keepalive";
const char* const kAllowedGroups = "1, 2, 5, 14, 19, 20, 31";
const char* const kAllowedHashes = "md5, sha1, sha256, sha384, sha512";
const char* const kAllowedCiphers = "null, des, 3des, aes-cbc, aes-gcm";
const char* const kAllowedTime = "a non-negative decimal number followed by a unit (ns, us, ms or "
                                 "s), with at most picosecond precision, e.g. 800us or 1.4ns";

std::size_t
CipherIndex(EncryptionAlgorithm cipher)
{
    switch (cipher)
    {
        case EncryptionAlgorithm::NULL_ENCRYPTION:
            return 0;
        case EncryptionAlgorithm::DES_CBC:
            return 1;
        case EncryptionAlgorithm::TRIPLE_DES_CBC:
            return 2;
        case EncryptionAlgorithm::AES_CBC:
            return 3;
        case EncryptionAlgorithm::AES_GCM_8:
        case EncryptionAlgorithm::AES_GCM_12:
        case EncryptionAlgorithm::AES_GCM_16:
            return 4;
    }
    NS_ABORT_MSG("CpuCostProfile: unknown EncryptionAlgorithm " << static_cast<int>(cipher));
    return 0;
}

std::size_t
HashIndex(HashAlgorithm hash)
{
    auto i = static_cast<std::size_t>(hash);
    NS_ABORT_MSG_IF(i >= kHashNames.size(),
                    "CpuCostProfile: unknown HashAlgorithm " << static_cast<int>(hash));
    return i;
}

std::size_t
MacIndex(IntegrityAlgorithm mac)
{
    auto i = static_cast<std::size_t>(mac);
    NS_ABORT_MSG_IF(i >= kHashNames.size(),
                    "CpuCostProfile: unknown IntegrityAlgorithm " << static_cast<int>(mac));
    return i;
}

std::optional<std::size_t>
GroupIndex(uint16_t group)
{
    for (std::size_t i = 0; i < CpuCostProfile::kDhGroups.size(); ++i)
    {
        if (CpuCostProfile::kDhGroups[i] == group)
        {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t
GroupIndexOrAbort(uint16_t group)
{
    auto i = GroupIndex(group);
    NS_ABORT_MSG_IF(!i, "CpuCostProfile: no cost for Diffie-Hellman group "
                            << group << " (groups: " << kAllowedGroups << ")");
    return *i;
}

/// Find \p name in \p names.
template<std::size_t N>
std::optional<std::size_t>
FindName(const std::array<const char*, N>& names, const std::string& name)
{
    for (std::size_t i = 0; i < N; ++i)
    {
        if (name == names[i])
        {
            return i;
        }
    }
    return std::nullopt;
}

/**
 * Parse "<digits>[.<digits>]<unit>" exactly into picoseconds.
 * \return false if the text is not such a time, has finer than picosecond
 *         precision or does not fit
 */
bool
ParseTimePs(const std::string& text, int64_t& ps)
{
    std::size_t pos = 0;
    std::string whole;
    std::string fraction;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
    {
        whole += text[pos++];
    }
    if (pos < text.size() && text[pos] == '.')
    {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        {
            fraction += text[pos++];
        }
        if (fraction.empty())
        {
            return false;
        }
    }
    if (whole.empty())
    {
        return false;
    }
    const std::string unitName = text.substr(pos);
    int64_t unitPs = 0;
    for (const auto& unit : kUnits)
    {
        if (unitName == unit.name)
        {
            unitPs = unit.ps;
        }
    }
    if (unitPs == 0)
    {
        return false;
    }
    // value = whole * unitPs + fraction * unitPs / 10^digits, all exact.
    const int64_t max = std::numeric_limits<int64_t>::max();
    int64_t wholeValue = 0;
    for (char c : whole)
    {
        if (wholeValue > (max - (c - '0')) / 10)
        {
            return false;
        }
        wholeValue = wholeValue * 10 + (c - '0');
    }
    if (wholeValue > max / unitPs)
    {
        return false;
    }
    int64_t result = wholeValue * unitPs;
    int64_t scale = unitPs;
    for (char c : fraction)
    {
        if (c == '0' && scale == 1)
        {
            continue; // trailing zeros below 1 ps are harmless
        }
        if (scale % 10 != 0)
        {
            return false; // finer than a picosecond
        }
        scale /= 10;
        if (result > max - (c - '0') * scale)
        {
            return false;
        }
        result += (c - '0') * scale;
    }
    ps = result;
    return true;
}

/// Format picoseconds in the largest unit that shows them exactly with at most three decimals.
std::string
FormatPs(int64_t ps)
{
    for (const auto& unit : kUnits)
    {
        if (ps >= unit.ps && ps % (unit.ps / 1000) == 0)
        {
            std::ostringstream os;
            os << ps / unit.ps;
            int64_t rest = ps % unit.ps;
            if (rest != 0)
            {
                std::string digits = std::to_string(rest / (unit.ps / 1000));
                digits = std::string(3 - digits.size(), '0') + digits;
                while (digits.back() == '0')
                {
                    digits.pop_back();
                }
                os << '.' << digits;
            }
            os << unit.name;
            return os.str();
        }
    }
    // Below 1 ns, or not a whole number of 1/1000 of any unit: nanoseconds with
    // picosecond decimals.
    std::ostringstream os;
    os << ps / kPsPerNs;
    int64_t rest = ps % kPsPerNs;
    if (rest != 0)
    {
        std::string digits = std::to_string(rest);
        digits = std::string(3 - digits.size(), '0') + digits;
        while (digits.back() == '0')
        {
            digits.pop_back();
        }
        os << '.' << digits;
    }
    os << "ns";
    return os.str();
}

/// Round picoseconds half up to the Time resolution.
Time
PsToTime(int64_t ps)
{
    int64_t factor = 0;
    Time::Unit unit = Time::GetResolution();
    switch (unit)
    {
        case Time::FS:
            NS_ABORT_MSG_IF(ps > std::numeric_limits<int64_t>::max() / 1000,
                            "CpuCostProfile: cost too large for femtosecond resolution");
            return Time::FromInteger(static_cast<uint64_t>(ps) * 1000, Time::FS);
        case Time::PS:
            factor = 1;
            break;
        case Time::NS:
            factor = kPsPerNs;
            break;
        case Time::US:
            factor = kPsPerUs;
            break;
        case Time::MS:
            factor = kPsPerMs;
            break;
        case Time::S:
            factor = kPsPerS;
            break;
        default:
            return Time::From(int64x64_t(ps), Time::PS);
    }
    int64_t rounded = ps / factor + ((ps % factor) * 2 >= factor ? 1 : 0);
    return Time::FromInteger(static_cast<uint64_t>(rounded), unit);
}

int64_t
TimeToPs(Time t, const char* what)
{
    NS_ABORT_MSG_IF(t.IsStrictlyNegative(), "CpuCostProfile: negative " << what << " cost " << t);
    return t.GetPicoSeconds();
}

int64_t
AddPs(int64_t a, int64_t b)
{
    NS_ABORT_MSG_IF(a > std::numeric_limits<int64_t>::max() - b,
                    "CpuCostProfile: cost overflows 2^63 picoseconds");
    return a + b;
}

int64_t
MulPs(int64_t perByte, std::size_t bytes)
{
    int64_t result = 0;
    NS_ABORT_MSG_IF(bytes > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                        || __builtin_mul_overflow(perByte, static_cast<int64_t>(bytes), &result),
                    "CpuCostProfile: per-byte cost times " << bytes << " bytes overflows");
    return result;
}

/// Split a line (comment removed) into blank-separated words.
std::vector<std::string>
Words(const std::string& line)
{
    std::vector<std::string> words;
    std::istringstream is(line);
    std::string word;
    while (is >> word)
    {
        words.push_back(word);
    }
    return words;
}

} // namespace

CpuCostProfile
CpuCostProfile::Zero()
{
    return CpuCostProfile();
}

std::optional<CpuCostProfile>
CpuCostProfile::Parse(const std::string& text, std::string& error)
{
    CpuCostProfile profile;
    // Where each entry was first given, to reject duplicates.
    std::vector<std::pair<std::string, std::size_t>> seen;
    std::istringstream in(text);
    std::string rawLine;
    std::size_t lineNumber = 0;
    while (std::getline(in, rawLine))
    {
        ++lineNumber;
        if (!rawLine.empty() && rawLine.back() == '\r')
        {
            rawLine.pop_back();
        }
        const std::string line = rawLine.substr(0, rawLine.find('#'));
        const std::vector<std::string> words = Words(line);
        if (words.empty())
        {
            continue;
        }
        auto fail = [&](const std::string& why)
        {
            std::ostringstream os;
            os << "line " << lineNumber << ": '" << rawLine << "': " << why;
            error = os.str();
            return std::nullopt;
        };
        const std::string& key = words[0];

        int64_t* slot = nullptr;
        std::string entry; // key and argument, to detect duplicates
        std::size_t expectedWords = 3;
        std::string usage;
        if (key == "dh-generate" || key == "dh-agree")
        {
            usage = key + " <group> <time>";
            if (words.size() != 3)
            {
                return fail("expected '" + usage + "'");
            }
            std::optional<std::size_t> index;
            if (words[1].find_first_not_of("0123456789") == std::string::npos
                && words[1].size() <= 5 && std::stoul(words[1]) <= 65535)
            {
                index = GroupIndex(static_cast<uint16_t>(std::stoul(words[1])));
            }
            if (!index)
            {
                return fail("unknown Diffie-Hellman group '" + words[1]
                            + "' (allowed groups: " + kAllowedGroups + ")");
            }
            slot = key == "dh-generate" ? &profile.m_dhGeneratePs[*index]
                                        : &profile.m_dhAgreePs[*index];
        }
        else if (key == "prf" || key == "integrity-packet" || key == "integrity-byte")
        {
            usage = key + (key == "prf" ? " <hash> <time>" : " <mac> <time>");
            if (words.size() != 3)
            {
                return fail("expected '" + usage + "'");
            }
            auto index = FindName(kHashNames, words[1]);
            if (!index)
            {
                return fail("unknown hash '" + words[1] + "' (allowed: " + kAllowedHashes + ")");
            }
            slot = key == "prf"                ? &profile.m_prfPs[*index]
                   : key == "integrity-packet" ? &profile.m_macPacketPs[*index]
                                               : &profile.m_macBytePs[*index];
        }
        else if (key == "cipher-packet" || key == "cipher-byte")
        {
            usage = key + " <cipher> <time>";
            if (words.size() != 3)
            {
                return fail("expected '" + usage + "'");
            }
            auto index = FindName(kCipherNames, words[1]);
            if (!index)
            {
                return fail("unknown cipher '" + words[1] + "' (allowed: " + kAllowedCiphers + ")");
            }
            slot = key == "cipher-packet" ? &profile.m_cipherPacketPs[*index]
                                          : &profile.m_cipherBytePs[*index];
        }
        else if (key == "ike-message")
        {
            usage = "ike-message <time>";
            expectedWords = 2;
            if (words.size() != 2)
            {
                return fail("expected '" + usage + "'");
            }
            slot = &profile.m_ikeMessagePs;
        }
        else if (key == "nat-keepalive")
        {
            usage = "nat-keepalive <time>";
            expectedWords = 2;
            if (words.size() != 2)
            {
                return fail("expected '" + usage + "'");
            }
            slot = &profile.m_natKeepalivePs;
        }
        else
        {
            return fail("unknown key '" + key + "' (allowed keys: " + kAllowedKeys + ")");
        }
        entry = expectedWords == 3 ? key + " " + words[1] : key;
        for (const auto& [name, firstLine] : seen)
        {
            if (name == entry)
            {
                return fail("'" + entry + "' given again (first on line "
                            + std::to_string(firstLine) + ")");
            }
        }
        seen.emplace_back(entry, lineNumber);
        const std::string& value = words[expectedWords - 1];
        if (!ParseTimePs(value, *slot))
        {
            return fail("bad time '" + value + "' (expected " + kAllowedTime + ")");
        }
    }
    return profile;
}

std::optional<CpuCostProfile>
CpuCostProfile::Load(const std::string& path, std::string& error)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
    {
        error = path + ": cannot open the file";
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad())
    {
        error = path + ": cannot read the file";
        return std::nullopt;
    }
    std::string parseError;
    auto profile = Parse(text.str(), parseError);
    if (!profile)
    {
        error = path + ": " + parseError;
    }
    return profile;
}

std::string
CpuCostProfile::ProfileDirectory()
{
    if (const char* dir = std::getenv("IPSEC_NAT_PROFILE_DIR"); dir && *dir)
    {
        return dir;
    }
#ifdef IPSEC_NAT_PROFILE_DIR
    return IPSEC_NAT_PROFILE_DIR;
#else
    return "model/cpu/profiles";
#endif
}

std::optional<CpuCostProfile>
CpuCostProfile::LoadNamed(const std::string& nameOrPath, std::string& error)
{
    if (nameOrPath == "zero")
    {
        return Zero();
    }
    if (nameOrPath == "software-x86" || nameOrPath == "hardware-crypto-engine")
    {
        return Load(ProfileDirectory() + "/" + nameOrPath + ".profile", error);
    }
    if (nameOrPath.find('/') == std::string::npos && nameOrPath.find('.') == std::string::npos)
    {
        error = "CPU profile '" + nameOrPath
                + "' is unknown: allowed zero, software-x86, hardware-crypto-engine, or the path "
                  "of a profile file";
        return std::nullopt;
    }
    return Load(nameOrPath, error);
}

std::string
CpuCostProfile::Serialize() const
{
    std::ostringstream os;
    os << "# ipsec-nat CPU cost profile (CpuCostProfile::Serialize)\n";
    for (std::size_t i = 0; i < kDhGroups.size(); ++i)
    {
        os << "dh-generate " << kDhGroups[i] << ' ' << FormatPs(m_dhGeneratePs[i]) << '\n';
    }
    for (std::size_t i = 0; i < kDhGroups.size(); ++i)
    {
        os << "dh-agree " << kDhGroups[i] << ' ' << FormatPs(m_dhAgreePs[i]) << '\n';
    }
    for (std::size_t i = 0; i < kHashes; ++i)
    {
        os << "prf " << kHashNames[i] << ' ' << FormatPs(m_prfPs[i]) << '\n';
    }
    for (std::size_t i = 0; i < kCiphers; ++i)
    {
        os << "cipher-packet " << kCipherNames[i] << ' ' << FormatPs(m_cipherPacketPs[i]) << '\n';
        os << "cipher-byte " << kCipherNames[i] << ' ' << FormatPs(m_cipherBytePs[i]) << '\n';
    }
    for (std::size_t i = 0; i < kMacs; ++i)
    {
        os << "integrity-packet " << kHashNames[i] << ' ' << FormatPs(m_macPacketPs[i]) << '\n';
        os << "integrity-byte " << kHashNames[i] << ' ' << FormatPs(m_macBytePs[i]) << '\n';
    }
    os << "ike-message " << FormatPs(m_ikeMessagePs) << '\n';
    os << "nat-keepalive " << FormatPs(m_natKeepalivePs) << '\n';
    return os.str();
}

Time
CpuCostProfile::DhGenerate(uint16_t group) const
{
    return PsToTime(m_dhGeneratePs[GroupIndexOrAbort(group)]);
}

Time
CpuCostProfile::DhAgree(uint16_t group) const
{
    return PsToTime(m_dhAgreePs[GroupIndexOrAbort(group)]);
}

Time
CpuCostProfile::Prf(HashAlgorithm hash) const
{
    return PsToTime(m_prfPs[HashIndex(hash)]);
}

Time
CpuCostProfile::EspPacket(EncryptionAlgorithm cipher, std::optional<IntegrityAlgorithm> integrity,
                          std::size_t bytes) const
{
    const std::size_t c = CipherIndex(cipher);
    int64_t ps = AddPs(m_cipherPacketPs[c], MulPs(m_cipherBytePs[c], bytes));
    if (integrity)
    {
        const std::size_t m = MacIndex(*integrity);
        ps = AddPs(ps, AddPs(m_macPacketPs[m], MulPs(m_macBytePs[m], bytes)));
    }
    return PsToTime(ps);
}

Time
CpuCostProfile::IkeMessage() const
{
    return PsToTime(m_ikeMessagePs);
}

Time
CpuCostProfile::NatKeepalive() const
{
    return PsToTime(m_natKeepalivePs);
}

void
CpuCostProfile::SetDhGenerate(uint16_t group, Time cost)
{
    m_dhGeneratePs[GroupIndexOrAbort(group)] = TimeToPs(cost, "dh-generate");
}

void
CpuCostProfile::SetDhAgree(uint16_t group, Time cost)
{
    m_dhAgreePs[GroupIndexOrAbort(group)] = TimeToPs(cost, "dh-agree");
}

void
CpuCostProfile::SetPrf(HashAlgorithm hash, Time cost)
{
    m_prfPs[HashIndex(hash)] = TimeToPs(cost, "prf");
}

void
CpuCostProfile::SetCipher(EncryptionAlgorithm cipher, Time perPacket, Time perByte)
{
    const std::size_t c = CipherIndex(cipher);
    m_cipherPacketPs[c] = TimeToPs(perPacket, "cipher-packet");
    m_cipherBytePs[c] = TimeToPs(perByte, "cipher-byte");
}

void
CpuCostProfile::SetIntegrity(IntegrityAlgorithm integrity, Time perPacket, Time perByte)
{
    const std::size_t m = MacIndex(integrity);
    m_macPacketPs[m] = TimeToPs(perPacket, "integrity-packet");
    m_macBytePs[m] = TimeToPs(perByte, "integrity-byte");
}

void
CpuCostProfile::SetIkeMessage(Time cost)
{
    m_ikeMessagePs = TimeToPs(cost, "ike-message");
}

bool
CpuCostProfile::operator==(const CpuCostProfile& other) const
{
    return m_dhGeneratePs == other.m_dhGeneratePs && m_dhAgreePs == other.m_dhAgreePs
           && m_prfPs == other.m_prfPs && m_cipherPacketPs == other.m_cipherPacketPs
           && m_cipherBytePs == other.m_cipherBytePs && m_macPacketPs == other.m_macPacketPs
           && m_macBytePs == other.m_macBytePs && m_ikeMessagePs == other.m_ikeMessagePs
           && m_natKeepalivePs == other.m_natKeepalivePs;
}

bool
CpuCostProfile::operator!=(const CpuCostProfile& other) const
{
    return !(*this == other);
}

} // namespace ns3
