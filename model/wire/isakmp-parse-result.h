/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_PARSE_RESULT_H
#define IPSEC_NAT_ISAKMP_PARSE_RESULT_H

#include <optional>
#include <ostream>
#include <utility>

/**
 * \file
 * \ingroup ipsec-nat
 * Why an ISAKMP message or payload chain was refused, and the result type
 * that carries either a parsed value or that reason.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Why an ISAKMP message or payload chain was refused. Each maps onto the
 * RFC 2408 section 5 check that fails and the notification a receiver may
 * send (most are simply dropped before any SA exists).
 */
enum class IsakmpParseError
{
    TRUNCATED_MESSAGE,   //!< fewer octets than the 28-octet ISAKMP header
    UNSUPPORTED_VERSION, //!< Major Version not 1, e.g. an IKEv2 message (RFC 2408 5.1)
    BAD_MESSAGE_LENGTH,  //!< header Length under 28 or not the octets received (RFC 2408 3.1)
    TRUNCATED_PAYLOAD, //!< a generic payload header, or the payload it announces, runs past the end
    BAD_PAYLOAD_LENGTH, //!< a Payload Length under 4, the generic header's own size (RFC 2408 3.2)
};

/**
 * \ingroup ipsec-nat
 * \param error an error
 * \return its name, e.g. "TRUNCATED_PAYLOAD" (never null)
 */
const char* IsakmpParseErrorName(IsakmpParseError error);

/**
 * \ingroup ipsec-nat
 * Print the name of an error.
 * \param os the stream
 * \param error the error
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, IsakmpParseError error);

/**
 * \ingroup ipsec-nat
 * Either a parsed value or the IsakmpParseError that prevented it.
 *
 * The same shape as CryptoResult: Value() and the dereference operators
 * require IsOk(), exactly like std::optional::operator*.
 *
 * \tparam T the value type
 */
template<typename T>
class IsakmpResult
{
public:
    /** \param value the parsed value */
    IsakmpResult(T value) // NOLINT(google-explicit-constructor)
        : m_value(std::move(value))
    {
    }

    /** \param error why there is no value */
    IsakmpResult(IsakmpParseError error) // NOLINT(google-explicit-constructor)
        : m_error(error)
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

    /** \return the error (meaningful only when !IsOk()) */
    IsakmpParseError GetError() const
    {
        return m_error;
    }

    /** \return the value (requires IsOk()) */
    T& Value() &
    {
        return *m_value;
    }

    /** \return the value (requires IsOk()) */
    const T& Value() const&
    {
        return *m_value;
    }

    /** \return the value, moved out (requires IsOk()) */
    T&& Value() &&
    {
        return std::move(*m_value);
    }

    /** \return the value (requires IsOk()) */
    T& operator*() &
    {
        return *m_value;
    }

    /** \return the value (requires IsOk()) */
    const T& operator*() const&
    {
        return *m_value;
    }

    /** \return a pointer to the value (requires IsOk()) */
    T* operator->()
    {
        return &*m_value;
    }

    /** \return a pointer to the value (requires IsOk()) */
    const T* operator->() const
    {
        return &*m_value;
    }

private:
    std::optional<T> m_value;                                      //!< the value, if any
    IsakmpParseError m_error{IsakmpParseError::TRUNCATED_MESSAGE}; //!< the error when there is none
};

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_PARSE_RESULT_H */
