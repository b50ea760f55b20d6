/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IOS_CONFIG_COMMON_H
#define IPSEC_NAT_IOS_CONFIG_COMMON_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * What every part of the IOS configuration parser shares: where a typed
 * object came from (ConfigSource), what went wrong (ConfigDiagnostic), a
 * value-or-error result (ConfigResult) and the strict lexical helpers
 * (tokens, numbers, dotted quads, masks).
 *
 * The config layer turns text into typed objects. It knows nothing of
 * sockets, packets or the simulator, and it never throws or aborts on bad
 * input: every failure is a ConfigDiagnostic.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The configuration line a typed object (or one of its settings) was read
 * from. Line 0 and an empty text mean "built in code, not parsed".
 */
struct ConfigSource
{
    uint32_t line{0}; //!< 1-based line number in the parsed text; 0 when not parsed
    std::string text; //!< the line, without leading and trailing blanks
};

/**
 * \ingroup ipsec-nat
 * An error or warning about one configuration line: which line, what it
 * said, and what was wrong or expected.
 */
struct ConfigDiagnostic
{
    uint32_t line{0};    //!< 1-based line number; 0 when not tied to a parsed line
    std::string text;    //!< the line, without leading and trailing blanks
    std::string message; //!< what was expected, e.g. "keepalive must be 5..3600 seconds"

    /**
     * \return e.g. `line 7: "crypto isakmp nat keepalive 3": keepalive must be
     *         5..3600 seconds`; without a line, `"TEXT": MESSAGE`; without
     *         text either, just the message
     */
    std::string ToString() const;
};

/// An error: the parse or the semantic check failed.
using ConfigError = ConfigDiagnostic;
/// A warning: accepted (as IOS accepts it) but probably not what was meant.
using ConfigWarning = ConfigDiagnostic;

/**
 * \ingroup ipsec-nat
 * Either a value or the ConfigError that prevented it; a small stand-in for
 * C++23 std::expected, in the style of CryptoResult. Value() requires
 * IsOk(), exactly like std::optional::operator*.
 *
 * \tparam T the value type
 */
template<typename T>
class ConfigResult
{
public:
    /** \param value the successful result */
    ConfigResult(T value) // NOLINT(google-explicit-constructor)
        : m_value(std::move(value))
    {
    }

    /** \param error why there is no value */
    ConfigResult(ConfigError error) // NOLINT(google-explicit-constructor)
        : m_error(std::move(error))
    {
    }

    /** \return true if a value is held */
    bool IsOk() const
    {
        return m_value.has_value();
    }

    /** \return true if a value is held */
    explicit operator bool() const
    {
        return IsOk();
    }

    /** \return the value (requires IsOk()) */
    const T& Value() const&
    {
        return *m_value;
    }

    /** \return the value (requires IsOk()) */
    T& Value() &
    {
        return *m_value;
    }

    /** \return the value, moved out (requires IsOk()) */
    T&& Value() &&
    {
        return std::move(*m_value);
    }

    /** \return a pointer to the value (requires IsOk()) */
    const T* operator->() const
    {
        return &*m_value;
    }

    /** \return the error (meaningful only when !IsOk()) */
    const ConfigError& GetError() const
    {
        return m_error;
    }

private:
    std::optional<T> m_value; //!< the value, when there is one
    ConfigError m_error;      //!< the error, when there is no value
};

/**
 * \ingroup ipsec-nat
 * Lexical helpers shared by the IOS parsers. All are strict: they accept
 * exactly the documented form and report anything else as "no value".
 */
namespace IosLex
{

/**
 * \param line one configuration line
 * \return its words, split at runs of blanks (spaces and tabs)
 */
std::vector<std::string> Split(std::string_view line);

/** \return \p text with ASCII letters in lower case (IOS keywords ignore case). */
std::string ToLower(std::string_view text);

/** \return \p text without leading and trailing blanks (spaces, tabs, CR). */
std::string_view Trim(std::string_view text);

/**
 * \param text decimal digits only (no sign, no blanks, at most 19 digits)
 * \return the value, or nothing for anything else
 */
std::optional<uint64_t> ParseUnsigned(std::string_view text);

/**
 * \param text a strict dotted quad "a.b.c.d", each part 0..255 in decimal
 *        without leading zeros beyond a single "0"
 * \return the address, or nothing
 */
std::optional<Ipv4Address> ParseAddress(std::string_view text);

/**
 * \param mask a dotted-quad network mask
 * \return true when its one bits are contiguous from the left (255.255.255.0
 *         yes, 255.0.255.0 no); 0.0.0.0 and 255.255.255.255 are contiguous
 */
bool IsContiguousMask(Ipv4Address mask);

/**
 * \param wildcard an IOS wildcard (inverse) mask, e.g. 0.0.0.255
 * \return the network mask it stands for (255.255.255.0), or nothing when
 *         its one bits are not contiguous from the right (0.0.255.0): such
 *         a wildcard is no prefix, and an IpsecSelector holds a prefix
 */
std::optional<Ipv4Mask> WildcardToMask(Ipv4Address wildcard);

/** \return \p address in dotted-quad text. */
std::string ToText(Ipv4Address address);

/** \return \p mask in dotted-quad text. */
std::string ToText(Ipv4Mask mask);

} // namespace IosLex

} // namespace ns3

#endif /* IPSEC_NAT_IOS_CONFIG_COMMON_H */
