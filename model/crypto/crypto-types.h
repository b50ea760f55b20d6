/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CRYPTO_TYPES_H
#define IPSEC_NAT_CRYPTO_TYPES_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Owned octets: keys, packets, public values, shared secrets.
 */
using Bytes = std::vector<uint8_t>;

/**
 * \ingroup ipsec-nat
 * A read-only, non-owning view of octets (pointer and length).
 *
 * The crypto layer takes its inputs as views so that callers can pass a
 * Bytes, a std::array or a slice of a packet buffer without copying. The
 * viewed octets must outlive the call they are passed to.
 */
class ByteView
{
public:
    /** An empty view. */
    constexpr ByteView() = default;

    /**
     * \param data first octet (may be null only when \p size is 0)
     * \param size number of octets
     */
    constexpr ByteView(const uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size)
    {
    }

    /** \param bytes the octets to view (implicit, for convenience) */
    ByteView(const Bytes& bytes) // NOLINT(google-explicit-constructor)
        : m_data(bytes.data())
        , m_size(bytes.size())
    {
    }

    /** \param bytes the octets to view (implicit, for convenience) */
    template<std::size_t N>
    constexpr ByteView(const std::array<uint8_t, N>& bytes) // NOLINT(google-explicit-constructor)
        : m_data(bytes.data())
        , m_size(N)
    {
    }

    /** \return the first octet (null for a default-constructed view) */
    constexpr const uint8_t* Data() const
    {
        return m_data;
    }

    /** \return the number of octets */
    constexpr std::size_t Size() const
    {
        return m_size;
    }

    /** \return true if the view holds no octets */
    constexpr bool Empty() const
    {
        return m_size == 0;
    }

    /**
     * \return true if the view is usable: a null pointer is only allowed
     *         together with a zero length
     */
    constexpr bool IsValid() const
    {
        return m_data != nullptr || m_size == 0;
    }

    /** \return a copy of the viewed octets */
    Bytes ToBytes() const
    {
        return m_size == 0 ? Bytes{} : Bytes(m_data, m_data + m_size);
    }

private:
    const uint8_t* m_data{nullptr}; //!< first octet
    std::size_t m_size{0};          //!< number of octets
};

/**
 * \ingroup ipsec-nat
 * Why a crypto operation failed. The crypto layer reports failures as
 * values; it never throws and never aborts.
 */
enum class CryptoError : uint8_t
{
    OK = 0,                //!< success
    INVALID_ARGUMENT,      //!< null pointer with a non-zero length, overlapping buffers, ...
    INVALID_KEY_LENGTH,    //!< the key does not have the length the algorithm needs
    INVALID_IV_LENGTH,     //!< the IV does not have the length the algorithm needs
    INVALID_INPUT_LENGTH,  //!< not a multiple of the block size, or too long
    INVALID_ICV_LENGTH,    //!< the ICV buffer or value has the wrong length
    AUTHENTICATION_FAILED, //!< ICV / AEAD tag mismatch
    INVALID_PUBLIC_VALUE,  //!< a peer's Diffie-Hellman public value failed validation
    ZERO_SHARED_SECRET,    //!< X25519 produced the all-zero value (RFC 8031 section 2)
    UNSUPPORTED_ALGORITHM, //!< the algorithm is unknown or not usable with this class
    PROVIDER_UNAVAILABLE,  //!< no loaded OpenSSL provider implements the algorithm
    RANDOM_SOURCE_FAILED,  //!< no usable private value could be drawn from the random source
    OPENSSL_FAILURE,       //!< an OpenSSL call failed unexpectedly
};

/**
 * \ingroup ipsec-nat
 * \param error an error code
 * \return its name, e.g. "AUTHENTICATION_FAILED" (never null)
 */
const char* CryptoErrorName(CryptoError error);

/**
 * \ingroup ipsec-nat
 * Print the name of an error code.
 * \param os the stream
 * \param error the error code
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, CryptoError error);

/**
 * \ingroup ipsec-nat
 * Either a value or the CryptoError that prevented it.
 *
 * A small stand-in for C++23 std::expected. Value() and the dereference
 * operators require IsOk(), exactly like std::optional::operator*.
 *
 * \tparam T the value type (may be move-only)
 */
template<typename T>
class CryptoResult
{
public:
    /** \param value the successful result */
    CryptoResult(T value) // NOLINT(google-explicit-constructor)
        : m_value(std::move(value))
    {
    }

    /**
     * \param error why there is no value; OK is not a failure and is
     *        mapped to OPENSSL_FAILURE so that a result without a value
     *        never claims success
     */
    CryptoResult(CryptoError error) // NOLINT(google-explicit-constructor)
        : m_error(error == CryptoError::OK ? CryptoError::OPENSSL_FAILURE : error)
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

    /** \return OK if a value is held, else the failure */
    CryptoError GetError() const
    {
        return IsOk() ? CryptoError::OK : m_error;
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
    std::optional<T> m_value;             //!< the value, if any
    CryptoError m_error{CryptoError::OK}; //!< the failure when there is no value
};

} // namespace ns3

#endif /* IPSEC_NAT_CRYPTO_TYPES_H */
