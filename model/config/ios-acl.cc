/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ios-acl.h"

#include <map>

namespace ns3
{

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

/** The ACL protocol keywords and their IP protocol numbers. */
const std::map<std::string, uint8_t>&
ProtocolNames()
{
    static const std::map<std::string, uint8_t> names = {
        {"ip", 0}, {"icmp", 1}, {"tcp", kTcp}, {"udp", kUdp}, {"gre", 47}, {"esp", 50}, {"ahp", 51},
    };
    return names;
}

/** The IOS port keywords accepted after eq, range, lt and gt. */
const std::map<std::string, uint16_t>&
PortNames()
{
    static const std::map<std::string, uint16_t> names = {
        {"bgp", 179}, {"bootpc", 68},  {"bootps", 67}, {"domain", 53},
        {"ftp", 21},  {"isakmp", 500}, {"ntp", 123},   {"non500-isakmp", 4500},
        {"smtp", 25}, {"snmp", 161},   {"telnet", 23}, {"tftp", 69},
        {"www", 80},
    };
    return names;
}

/** An error with only a message: ParseAclEntry's caller adds the line. */
ConfigError
Fail(std::string message)
{
    ConfigError e;
    e.message = std::move(message);
    return e;
}

/** Reads the words of one clause left to right. */
class Cursor
{
public:
    explicit Cursor(std::vector<std::string> words)
        : m_words(std::move(words))
    {
    }

    bool AtEnd() const
    {
        return m_pos >= m_words.size();
    }

    /** \return the next word as written, or "" at the end */
    const std::string& Peek() const
    {
        static const std::string empty;
        return AtEnd() ? empty : m_words[m_pos];
    }

    /** \return the next word in lower case, or "" at the end */
    std::string PeekKeyword() const
    {
        return IosLex::ToLower(Peek());
    }

    /** \return the next word as written, and step over it ("" at the end) */
    std::string Next()
    {
        std::string w = Peek();
        if (!AtEnd())
        {
            ++m_pos;
        }
        return w;
    }

private:
    std::vector<std::string> m_words;
    std::size_t m_pos{0};
};

/** A prefix, or the message saying why there is none. */
struct PrefixResult
{
    Ipv4Address address;
    Ipv4Mask mask;
    std::string error; //!< empty on success
};

/**
 * Read `any`, `host A` or `A WILDCARD`.
 * \param c the cursor
 * \param which "source" or "destination", for messages
 */
PrefixResult
ReadPrefix(Cursor& c, const std::string& which)
{
    PrefixResult r;
    if (c.AtEnd())
    {
        r.error = "missing " + which + ": expected any, host A or A WILDCARD";
        return r;
    }
    std::string word = c.Next();
    std::string kw = IosLex::ToLower(word);
    if (kw == "any")
    {
        r.address = Ipv4Address::GetAny();
        r.mask = Ipv4Mask::GetZero();
        return r;
    }
    if (kw == "host")
    {
        std::string text = c.Next();
        auto a = IosLex::ParseAddress(text);
        if (text.empty())
        {
            r.error = "missing address after host in the " + which;
            return r;
        }
        if (!a)
        {
            r.error
                = "\"" + text + "\" is not an IPv4 address: expected host a.b.c.d as the " + which;
            return r;
        }
        r.address = *a;
        r.mask = Ipv4Mask::GetOnes();
        return r;
    }
    auto a = IosLex::ParseAddress(word);
    if (!a)
    {
        r.error = "\"" + word
                  + "\" is not an IPv4 address: expected any, host A or A WILDCARD as the " + which;
        return r;
    }
    std::string wtext = c.Next();
    auto w = IosLex::ParseAddress(wtext);
    if (!w)
    {
        r.error = "expected a wildcard mask after " + word + " (or host " + word + ") as the "
                  + which + (wtext.empty() ? std::string() : ", not \"" + wtext + "\"");
        return r;
    }
    auto mask = IosLex::WildcardToMask(*w);
    if (!mask)
    {
        r.error = "non-contiguous wildcard " + wtext + " in the " + which
                  + ": an IPsec selector is a prefix, so the wildcard must be 2^n-1 "
                    "(e.g. 0.0.0.255)";
        return r;
    }
    r.mask = *mask;
    r.address = a->CombineMask(*mask);
    return r;
}

/**
 * Read one port word.
 * \return the port, or nothing
 */
std::optional<uint16_t>
ReadPort(const std::string& word)
{
    if (auto n = IosLex::ParseUnsigned(word))
    {
        if (*n <= 65535)
        {
            return static_cast<uint16_t>(*n);
        }
        return std::nullopt;
    }
    auto it = PortNames().find(IosLex::ToLower(word));
    if (it == PortNames().end())
    {
        return std::nullopt;
    }
    return it->second;
}

/**
 * When the next word starts a port match, read it into [min, max].
 * \return an error message, or "" (also when there is no port match)
 */
std::string
ReadPorts(Cursor& c, uint8_t protocol, const std::string& which, uint16_t& min, uint16_t& max)
{
    std::string op = c.PeekKeyword();
    if (op != "eq" && op != "range" && op != "lt" && op != "gt" && op != "neq")
    {
        return "";
    }
    if (protocol != kTcp && protocol != kUdp)
    {
        return "a " + which + " port match (" + op + ") needs protocol tcp or udp";
    }
    c.Next();
    if (op == "neq")
    {
        return "neq has no IPsec selector equivalent (a selector holds one port range): use eq, "
               "range, lt or gt";
    }
    const std::string badPort = " must be a port 0..65535 or a port name";
    std::string first = c.Next();
    auto p = ReadPort(first);
    if (!p)
    {
        return "the " + which + " port after " + op + badPort
               + (first.empty() ? std::string() : ", not \"" + first + "\"");
    }
    if (op == "eq")
    {
        min = max = *p;
    }
    else if (op == "lt")
    {
        if (*p == 0)
        {
            return "lt 0 matches no port";
        }
        min = 0;
        max = static_cast<uint16_t>(*p - 1);
    }
    else if (op == "gt")
    {
        if (*p == 65535)
        {
            return "gt 65535 matches no port";
        }
        min = static_cast<uint16_t>(*p + 1);
        max = 65535;
    }
    else
    {
        std::string second = c.Next();
        auto q = ReadPort(second);
        if (!q)
        {
            return "the second " + which + " port of range" + badPort
                   + (second.empty() ? std::string() : ", not \"" + second + "\"");
        }
        if (*q < *p)
        {
            return "range " + first + " " + second + " is empty (low end above high end)";
        }
        min = *p;
        max = *q;
    }
    return "";
}
} // namespace

std::string
ToString(AclAction action)
{
    return action == AclAction::PERMIT ? "permit" : "deny";
}

IpsecPolicyAction
AclEntry::ToPolicyAction() const
{
    return action == AclAction::PERMIT ? IpsecPolicyAction::PROTECT : IpsecPolicyAction::BYPASS;
}

std::vector<IpsecPolicy>
AccessList::ToPolicies(const std::string& policyName) const
{
    std::vector<IpsecPolicy> policies;
    policies.reserve(entries.size());
    for (const AclEntry& e : entries)
    {
        IpsecPolicy p;
        p.name = policyName;
        p.selector = e.selector;
        p.action = e.ToPolicyAction();
        policies.push_back(p);
    }
    return policies;
}

bool
IsExtendedAclNumber(std::string_view name)
{
    auto n = IosLex::ParseUnsigned(name);
    return n && ((*n >= 100 && *n <= 199) || (*n >= 2000 && *n <= 2699));
}

ConfigResult<AclEntry>
ParseAclEntry(std::string_view clause)
{
    Cursor c(IosLex::Split(clause));
    AclEntry entry;

    std::string action = c.PeekKeyword();
    if (action == "permit")
    {
        entry.action = AclAction::PERMIT;
    }
    else if (action == "deny")
    {
        entry.action = AclAction::DENY;
    }
    else
    {
        return Fail("expected permit or deny"
                    + (c.AtEnd() ? std::string() : ", not \"" + c.Peek() + "\""));
    }
    c.Next();

    const std::string protocols = "ip, tcp, udp, icmp, esp, ahp, gre or a protocol number 0..255";
    std::string proto = c.Next();
    if (proto.empty())
    {
        return Fail("missing protocol: expected " + protocols);
    }
    auto it = ProtocolNames().find(IosLex::ToLower(proto));
    if (it != ProtocolNames().end())
    {
        entry.selector.protocol = it->second;
    }
    else if (auto n = IosLex::ParseUnsigned(proto); n && *n <= 255)
    {
        entry.selector.protocol = static_cast<uint8_t>(*n);
    }
    else
    {
        return Fail("unknown protocol \"" + proto + "\": expected " + protocols);
    }
    const uint8_t protocol = entry.selector.protocol;

    PrefixResult src = ReadPrefix(c, "source");
    if (!src.error.empty())
    {
        return Fail(src.error);
    }
    entry.selector.source = src.address;
    entry.selector.sourceMask = src.mask;
    std::string err = ReadPorts(c, protocol, "source", entry.selector.sourcePortMin,
                                entry.selector.sourcePortMax);
    if (!err.empty())
    {
        return Fail(err);
    }

    PrefixResult dst = ReadPrefix(c, "destination");
    if (!dst.error.empty())
    {
        return Fail(dst.error);
    }
    entry.selector.destination = dst.address;
    entry.selector.destinationMask = dst.mask;
    err = ReadPorts(c, protocol, "destination", entry.selector.destinationPortMin,
                    entry.selector.destinationPortMax);
    if (!err.empty())
    {
        return Fail(err);
    }

    if (!c.AtEnd())
    {
        return Fail("unexpected \"" + c.Peek()
                    + "\" after the destination: expected nothing more (ports only as eq, "
                      "range, lt or gt after tcp or udp addresses)");
    }
    std::string invalid = entry.selector.Validate();
    if (!invalid.empty())
    {
        return Fail(invalid);
    }
    return entry;
}

} // namespace ns3
