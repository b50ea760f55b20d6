/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ESP_CODEC_H
#define IPSEC_NAT_ESP_CODEC_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The clear-text framing of an ESP packet (RFC 4303): the header in front
 * of the IV and the trailer at the end of the plaintext.
 *
 * \verbatim
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Security Parameters Index (SPI)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Sequence Number                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    IV (if the cipher uses one)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  ^
 * ~                    Payload Data (variable)                    ~  |
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  | encrypted
 * |               |     Padding (0-255 bytes)                     |  |
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  |
 * |                               |  Pad Length   | Next Header   |  v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Integrity Check Value (variable)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \endverbatim
 *
 * These are pure functions over octets: no cipher, no MAC, no ns-3
 * Packet. The IPsec data plane puts them together with the crypto layer.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * ESP Next Header values (RFC 4303 section 2.6; IANA protocol numbers).
 */
namespace EspNextHeader
{
constexpr uint8_t kIcmp = 1;          //!< ICMP, transport mode
constexpr uint8_t kIpv4 = 4;          //!< IP-in-IP: an IPv4 packet, tunnel mode
constexpr uint8_t kTcp = 6;           //!< TCP, transport mode
constexpr uint8_t kUdp = 17;          //!< UDP, transport mode
constexpr uint8_t kNoNextHeader = 59; //!< dummy packet, discarded by the receiver (section 2.6)
} // namespace EspNextHeader

/**
 * \ingroup ipsec-nat
 * The ESP header: SPI and sequence number (RFC 4303 sections 2.1, 2.2),
 * both in network byte order.
 *
 * SPI 0 is reserved for local use and is never sent (section 2.1); the
 * codec still parses it, and the SA lookup simply finds no SA for it.
 * With extended sequence numbers only the low 32 bits are on the wire
 * (section 2.2.1).
 */
struct EspHeader
{
    uint32_t spi{0};      //!< Security Parameters Index
    uint32_t sequence{0}; //!< Sequence Number (low 32 bits)

    /// Octets on the wire.
    static constexpr std::size_t kSize = 8;

    /**
     * \param data the first octet of the ESP header (may be null when \p len is 0)
     * \param len the octets available from \p data
     * \return the header, or nothing when fewer than kSize octets are available
     */
    static std::optional<EspHeader> Parse(const uint8_t* data, std::size_t len);

    /**
     * Write the header, the mirror image of Parse().
     * \param out where the kSize octets go
     */
    void Write(uint8_t* out) const;

    /** \return true when SPI and sequence number are equal */
    bool operator==(const EspHeader& other) const
    {
        return spi == other.spi && sequence == other.sequence;
    }

    /** \return true when SPI or sequence number differ */
    bool operator!=(const EspHeader& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup ipsec-nat
 * The minimum ESP padding (RFC 4303 section 2.4).
 *
 * The plaintext that gets encrypted is payload | padding | pad length |
 * next header. Its length must be a multiple of the cipher block size, and
 * the two trailer octets must end on a 4-octet boundary in any case. So
 * the alignment used is the least common multiple of \p alignment and 4:
 * 4 for NULL, AES-GCM and AES-CTR (block size 1), 8 for 3DES, 16 for
 * AES-CBC. An alignment of 0 or 1 means 4.
 *
 * \param payloadLength the octets of Payload Data (the inner packet)
 * \param alignment the cipher block size
 * \return the padding octets, in [0, lcm(alignment, 4) - 1]; the Pad
 *         Length field holds at most 255, which is enough for every
 *         alignment up to 256
 */
std::size_t EspPaddingLength(std::size_t payloadLength, std::size_t alignment);

/**
 * \ingroup ipsec-nat
 * Build the ESP trailer to append to the payload before encryption: the
 * minimum padding (EspPaddingLength()) filled with 1, 2, 3, ... (the
 * default monotonic padding of RFC 4303 section 2.4), then the Pad Length
 * and Next Header octets.
 *
 * \param payloadLength the octets of Payload Data
 * \param nextHeader the Next Header value (e.g. EspNextHeader::kIpv4)
 * \param alignment the cipher block size (as for EspPaddingLength())
 * \return the trailer, EspPaddingLength() + 2 octets; empty if the padding
 *         would exceed the 255 octets the Pad Length field can express
 *         (only possible for an alignment above 256)
 */
std::vector<uint8_t> EspBuildTrailer(std::size_t payloadLength, uint8_t nextHeader,
                                     std::size_t alignment);

/**
 * \ingroup ipsec-nat
 * Why a decrypted ESP payload was refused.
 */
enum class EspParseError
{
    TRUNCATED,   //!< fewer octets than the two-octet trailer
    BAD_PADDING, //!< Pad Length longer than the plaintext, or padding not 1, 2, 3, ...
};

/**
 * \ingroup ipsec-nat
 * \param error an error
 * \return its name, e.g. "BAD_PADDING" (never null)
 */
const char* EspParseErrorName(EspParseError error);

/**
 * \ingroup ipsec-nat
 * Print the name of an error.
 * \param os the stream
 * \param error the error
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, EspParseError error);

/**
 * \ingroup ipsec-nat
 * What the trailer of a decrypted ESP payload says (RFC 4303 sections
 * 2.4-2.6).
 */
struct EspTrailer
{
    std::size_t payloadLength{0}; //!< octets of Payload Data before the padding
    uint8_t padLength{0};         //!< Pad Length field
    uint8_t nextHeader{0};        //!< Next Header field
};

/**
 * \ingroup ipsec-nat
 * Either a parsed EspTrailer or the EspParseError that prevented it.
 *
 * Value() requires IsOk(), exactly like std::optional::operator*.
 */
class EspTrailerResult
{
public:
    /** \param trailer the parsed trailer */
    EspTrailerResult(const EspTrailer& trailer) // NOLINT(google-explicit-constructor)
        : m_ok(true)
        , m_trailer(trailer)
    {
    }

    /** \param error why there is no trailer */
    EspTrailerResult(EspParseError error) // NOLINT(google-explicit-constructor)
        : m_ok(false)
        , m_error(error)
    {
    }

    /** \return true if a trailer is held */
    bool IsOk() const
    {
        return m_ok;
    }

    /** \return true if a trailer is held */
    explicit operator bool() const
    {
        return m_ok;
    }

    /** \return the trailer (requires IsOk()) */
    const EspTrailer& Value() const
    {
        return m_trailer;
    }

    /** \return a pointer to the trailer (requires IsOk()) */
    const EspTrailer* operator->() const
    {
        return &m_trailer;
    }

    /** \return the error (meaningful only when !IsOk()) */
    EspParseError GetError() const
    {
        return m_error;
    }

private:
    bool m_ok;                                       //!< which of the two is held
    EspTrailer m_trailer{};                          //!< the trailer when m_ok
    EspParseError m_error{EspParseError::TRUNCATED}; //!< the error when !m_ok
};

/**
 * \ingroup ipsec-nat
 * Parse the trailer at the end of a decrypted ESP payload (the mirror of
 * EspBuildTrailer()).
 *
 * The last octet is Next Header, the one before it Pad Length (section
 * 2.5, 2.6). The Pad Length must leave room for itself and Next Header
 * (len >= padLength + 2), and, since this stack sends and expects the
 * default monotonic padding, the padding octets must be 1, 2, 3, ...
 * ("the receiver SHOULD inspect the Padding field", section 2.4). A
 * plaintext that fails either check is BAD_PADDING: typically the result
 * of decrypting with the wrong key, which the ICV should have caught
 * already, or of a peer using non-default padding.
 *
 * \param plaintext the decrypted octets (Payload Data through Next Header,
 *        no IV, no ICV); may be null when \p len is 0
 * \param len their number
 * \return the trailer, or TRUNCATED (len < 2) or BAD_PADDING
 */
EspTrailerResult EspParseTrailer(const uint8_t* plaintext, std::size_t len);

} // namespace ns3

#endif /* IPSEC_NAT_ESP_CODEC_H */
