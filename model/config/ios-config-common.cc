/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ios-config-common.h"

#include <sstream>

namespace ns3
{

std::string
ConfigDiagnostic::ToString() const
{
    std::ostringstream os;
    if (line != 0)
    {
        os << "line " << line << ": ";
    }
    if (!text.empty())
    {
        os << '"' << text << "\": ";
    }
    os << message;
    return os.str();
}

namespace IosLex
{

namespace
{
/** \return true for the characters that separate words on a line. */
bool
IsBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
} // namespace

std::vector<std::string>
Split(std::string_view line)
{
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size())
    {
        while (i < line.size() && IsBlank(line[i]))
        {
            ++i;
        }
        std::size_t start = i;
        while (i < line.size() && !IsBlank(line[i]))
        {
            ++i;
        }
        if (i > start)
        {
            words.emplace_back(line.substr(start, i - start));
        }
    }
    return words;
}

std::string
ToLower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
    {
        if (c >= 'A' && c <= 'Z')
        {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view
Trim(std::string_view text)
{
    std::size_t begin = 0;
    while (begin < text.size() && IsBlank(text[begin]))
    {
        ++begin;
    }
    std::size_t end = text.size();
    while (end > begin && IsBlank(text[end - 1]))
    {
        --end;
    }
    return text.substr(begin, end - begin);
}

std::optional<uint64_t>
ParseUnsigned(std::string_view text)
{
    if (text.empty() || text.size() > 19)
    {
        return std::nullopt; // 19 digits always fit in 64 bits
    }
    uint64_t value = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return std::nullopt;
        }
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value;
}

std::optional<Ipv4Address>
ParseAddress(std::string_view text)
{
    uint32_t address = 0;
    std::size_t pos = 0;
    for (int part = 0; part < 4; ++part)
    {
        if (part > 0)
        {
            if (pos >= text.size() || text[pos] != '.')
            {
                return std::nullopt;
            }
            ++pos;
        }
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 4)
        {
            ++pos;
        }
        std::string_view digits = text.substr(start, pos - start);
        if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0'))
        {
            return std::nullopt;
        }
        uint64_t octet = *ParseUnsigned(digits);
        if (octet > 255)
        {
            return std::nullopt;
        }
        address = (address << 8) | static_cast<uint32_t>(octet);
    }
    if (pos != text.size())
    {
        return std::nullopt;
    }
    return Ipv4Address(address);
}

bool
IsContiguousMask(Ipv4Address mask)
{
    // Contiguous from the left: the inverse is 2^n - 1.
    uint32_t inverse = ~mask.Get();
    return (inverse & (inverse + 1)) == 0;
}

std::optional<Ipv4Mask>
WildcardToMask(Ipv4Address wildcard)
{
    uint32_t w = wildcard.Get();
    if ((w & (w + 1)) != 0)
    {
        return std::nullopt; // not of the form 2^n - 1
    }
    return Ipv4Mask(~w);
}

std::string
ToText(Ipv4Address address)
{
    std::ostringstream os;
    os << address;
    return os.str();
}

std::string
ToText(Ipv4Mask mask)
{
    std::ostringstream os;
    os << mask;
    return os.str();
}

} // namespace IosLex

} // namespace ns3
