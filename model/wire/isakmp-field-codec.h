/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ISAKMP_FIELD_CODEC_H
#define IPSEC_NAT_ISAKMP_FIELD_CODEC_H

#include "ns3/crypto-types.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The two halves of the ISAKMP payload codecs' declarative field layouts:
 * a checked reader and a writer with the same vocabulary (used by the
 * isakmp-*.cc files; not needed by callers of the codecs).
 *
 * Each payload describes its layout once, as a function template over
 * the codec:
 *
 * \code
 * template <typename Io, typename Self>
 * void
 * IdFields(Io& io, Self& id)         // RFC 2407 section 4.6.2
 * {
 *     io.U8(id.idType);
 *     io.U8(id.protocolId);
 *     io.U16(id.port);
 *     io.Rest(id.data);
 * }
 * \endcode
 *
 * Instantiated with IsakmpFieldReader and a fresh value it is the parser,
 * with IsakmpFieldWriter and a const value the emitter, so parse and emit
 * are mirror images by construction (as in strongSwan's encoding rules).
 * Both halves fail sticky: after the first failure every call is a no-op
 * and Ok() stays false. The reader is a checked view in smoltcp's sense:
 * every read is bounds-checked against the octets it was given, so no
 * layout, however wrong the input, reads outside them.
 *
 * Vocabulary (reader / writer):
 * - U8, U16, U32: a big-endian integer field.
 * - Array: a fixed-size octet field.
 * - Reserved(n): n octets ignored on receipt / sent as zero (RFC 2408
 *   section 3: "RESERVED ... MUST be set to 0").
 * - Octets(v, n): n octets, n from an earlier size field / checks that
 *   the value has n octets.
 * - Rest(v): everything up to the end / the whole value.
 * - SizeOf8, SizeOf16(size, v): a size field read into \p size / computed
 *   from v.size() (failing if it does not fit) and written.
 * - Count8, Count16(count, list): the same for element counts.
 * - Resize(list, count, elementSize): make room for \p count elements
 *   (failing first if they cannot fit) / check the size.
 * - FlagAndType(flag, type): the AF bit and 15-bit type of a data
 *   attribute (RFC 2408 section 3.3).
 * - List(list, fields): elements up to the end of the octets / each one.
 * - NestedList(list, type, fields): a run of nested payloads, each with
 *   its own generic header (next payload, reserved, length), \p type in
 *   every next-payload field but the last, which is 0 (RFC 2408 sections
 *   3.4-3.6: proposals in an SA, transforms in a proposal). At least one
 *   element.
 * - Require(condition): a consistency check on values read / to write.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The parsing half of the field-layout codec: a bounds-checked cursor.
 */
class IsakmpFieldReader
{
public:
    /**
     * \param data the first octet (may be null when \p len is 0)
     * \param len the octets the reader may read
     */
    IsakmpFieldReader(const uint8_t* data, std::size_t len)
        : m_data(data)
        , m_len(data == nullptr ? 0 : len)
        , m_ok(data != nullptr || len == 0)
    {
    }

    /** \return false once any read failed */
    bool Ok() const
    {
        return m_ok;
    }

    /** \return the octets not yet read */
    std::size_t Remaining() const
    {
        return m_len - m_pos;
    }

    /** \return the octets read so far */
    std::size_t Position() const
    {
        return m_pos;
    }

    /** \return true when nothing failed and every octet was read */
    bool Finished() const
    {
        return m_ok && m_pos == m_len;
    }

    /** \param v where the octet goes */
    void U8(uint8_t& v)
    {
        if (Take(1))
        {
            v = m_data[m_pos - 1];
        }
    }

    /** \param v where the big-endian 16-bit value goes */
    void U16(uint16_t& v)
    {
        if (Take(2))
        {
            const uint8_t* p = m_data + m_pos - 2;
            v = static_cast<uint16_t>((p[0] << 8) | p[1]);
        }
    }

    /** \param v where the big-endian 32-bit value goes */
    void U32(uint32_t& v)
    {
        if (Take(4))
        {
            const uint8_t* p = m_data + m_pos - 4;
            v = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
        }
    }

    /** \param v where the N octets go */
    template<std::size_t N>
    void Array(std::array<uint8_t, N>& v)
    {
        if (Take(N))
        {
            std::memcpy(v.data(), m_data + m_pos - N, N);
        }
    }

    /** \param n octets to skip; their content is ignored on receipt */
    void Reserved(std::size_t n)
    {
        Take(n);
    }

    /**
     * \param v where the octets go
     * \param n how many
     */
    void Octets(Bytes& v, std::size_t n)
    {
        if (Take(n))
        {
            v.assign(m_data + m_pos - n, m_data + m_pos);
        }
    }

    /** \param v where every remaining octet goes */
    void Rest(Bytes& v)
    {
        Octets(v, Remaining());
    }

    /**
     * \param size where the one-octet size field goes
     * \param of the field it sizes (filled later by Octets())
     */
    void SizeOf8(uint8_t& size, const Bytes& of)
    {
        (void)of;
        U8(size);
    }

    /**
     * \param size where the two-octet size field goes
     * \param of the field it sizes (filled later by Octets())
     */
    void SizeOf16(uint16_t& size, const Bytes& of)
    {
        (void)of;
        U16(size);
    }

    /**
     * \param count where the one-octet count field goes
     * \param of the list it counts
     */
    template<typename V>
    void Count8(uint8_t& count, const V& of)
    {
        (void)of;
        U8(count);
    }

    /**
     * \param count where the two-octet count field goes
     * \param of the list it counts
     */
    template<typename V>
    void Count16(uint16_t& count, const V& of)
    {
        (void)of;
        U16(count);
    }

    /**
     * \param list the list to size
     * \param count its number of elements (from a count field)
     * \param elementSize the octets each element takes; the reader fails
     *        before allocating if the remaining octets cannot hold them
     */
    template<typename V>
    void Resize(V& list, std::size_t count, std::size_t elementSize)
    {
        Require(elementSize == 0 || count <= Remaining() / elementSize);
        if (m_ok)
        {
            list.resize(count);
        }
    }

    /**
     * Read the first two octets of a data attribute (RFC 2408 section 3.3).
     * \param flag where the Attribute Format bit goes (true: basic, TV)
     * \param type where the 15-bit Attribute Type goes
     */
    void FlagAndType(bool& flag, uint16_t& type)
    {
        uint16_t word = 0;
        U16(word);
        flag = (word & 0x8000) != 0;
        type = word & 0x7fff;
    }

    /**
     * Read elements up to the end of the octets.
     * \param list where they go (appended)
     * \param fields the element layout
     */
    template<typename V, typename F>
    void List(V& list, F fields)
    {
        while (m_ok && Remaining() > 0)
        {
            list.emplace_back();
            fields(*this, list.back());
        }
    }

    /**
     * Read a run of nested payloads (see the file description).
     * \param list where they go (appended)
     * \param type the payload type every element has
     * \param fields the element's body layout
     */
    template<typename V, typename F>
    void NestedList(V& list, uint8_t type, F fields)
    {
        uint8_t next = type;
        while (m_ok && next != 0)
        {
            Require(next == type);
            uint16_t length = 0;
            U8(next);
            Reserved(1);
            U16(length);
            Require(length >= 4 && std::size_t(length - 4) <= Remaining());
            if (!m_ok)
            {
                return;
            }
            IsakmpFieldReader body(m_data + m_pos, length - 4);
            m_pos += length - 4;
            list.emplace_back();
            fields(body, list.back());
            Require(body.Finished());
        }
    }

    /** \param condition fail unless true */
    void Require(bool condition)
    {
        m_ok = m_ok && condition;
    }

private:
    /**
     * \param n octets to consume
     * \return true if they were available (and are now consumed)
     */
    bool Take(std::size_t n)
    {
        if (!m_ok || n > Remaining())
        {
            m_ok = false;
            return false;
        }
        m_pos += n;
        return true;
    }

    const uint8_t* m_data; //!< the octets
    std::size_t m_len;     //!< their number
    std::size_t m_pos{0};  //!< the next octet to read
    bool m_ok;             //!< false after the first failure
};

/**
 * \ingroup ipsec-nat
 * The emitting half of the field-layout codec: appends to a buffer.
 */
class IsakmpFieldWriter
{
public:
    /**
     * \param capacity octets reserved up front: most payload bodies fit in
     * the default, so writing them octet by octet does not reallocate
     */
    explicit IsakmpFieldWriter(std::size_t capacity = 64)
    {
        m_out.reserve(capacity);
    }

    /** \return false once any value could not be encoded */
    bool Ok() const
    {
        return m_ok;
    }

    /** \return the octets written, or nothing after a failure */
    Bytes Take()
    {
        return m_ok ? std::move(m_out) : Bytes{};
    }

    /** \param v the octet */
    void U8(const uint8_t& v)
    {
        if (m_ok)
        {
            m_out.push_back(v);
        }
    }

    /** \param v the value, written big-endian */
    void U16(const uint16_t& v)
    {
        U8(static_cast<uint8_t>(v >> 8));
        U8(static_cast<uint8_t>(v));
    }

    /** \param v the value, written big-endian */
    void U32(const uint32_t& v)
    {
        U16(static_cast<uint16_t>(v >> 16));
        U16(static_cast<uint16_t>(v));
    }

    /** \param v the octets */
    template<std::size_t N>
    void Array(const std::array<uint8_t, N>& v)
    {
        if (m_ok)
        {
            m_out.insert(m_out.end(), v.begin(), v.end());
        }
    }

    /** \param n zero octets to write */
    void Reserved(std::size_t n)
    {
        if (m_ok)
        {
            m_out.insert(m_out.end(), n, 0);
        }
    }

    /**
     * \param v the octets
     * \param n the size an earlier size field announced; must be v.size()
     */
    void Octets(const Bytes& v, std::size_t n)
    {
        Require(v.size() == n);
        if (m_ok)
        {
            m_out.insert(m_out.end(), v.begin(), v.end());
        }
    }

    /** \param v the octets */
    void Rest(const Bytes& v)
    {
        Octets(v, v.size());
    }

    /**
     * \param size set to of.size()
     * \param of the field sized; fails if over 255 octets
     */
    void SizeOf8(uint8_t& size, const Bytes& of)
    {
        Count8(size, of);
    }

    /**
     * \param size set to of.size()
     * \param of the field sized; fails if over 65535 octets
     */
    void SizeOf16(uint16_t& size, const Bytes& of)
    {
        Count16(size, of);
    }

    /**
     * \param count set to of.size()
     * \param of the list counted; fails if over 255 elements
     */
    template<typename V>
    void Count8(uint8_t& count, const V& of)
    {
        Require(of.size() <= 0xff);
        count = static_cast<uint8_t>(of.size());
        U8(count);
    }

    /**
     * \param count set to of.size()
     * \param of the list counted; fails if over 65535 elements
     */
    template<typename V>
    void Count16(uint16_t& count, const V& of)
    {
        Require(of.size() <= 0xffff);
        count = static_cast<uint16_t>(of.size());
        U16(count);
    }

    /**
     * \param list the list
     * \param count the count written earlier; must be list.size()
     * \param elementSize the octets each element takes (checked by Octets())
     */
    template<typename V>
    void Resize(const V& list, std::size_t count, std::size_t elementSize)
    {
        (void)elementSize;
        Require(list.size() == count);
    }

    /**
     * Write the first two octets of a data attribute (RFC 2408 3.3).
     * \param flag the Attribute Format bit (true: basic, TV)
     * \param type the Attribute Type; fails if over 15 bits
     */
    void FlagAndType(const bool& flag, const uint16_t& type)
    {
        Require(type <= 0x7fff);
        U16(static_cast<uint16_t>((flag ? 0x8000 : 0) | (type & 0x7fff)));
    }

    /**
     * \param list the elements
     * \param fields the element layout
     */
    template<typename V, typename F>
    void List(const V& list, F fields)
    {
        for (const auto& element : list)
        {
            fields(*this, element);
        }
    }

    /**
     * Write a run of nested payloads (see the file description).
     * \param list the elements; fails if empty
     * \param type the payload type of every element
     * \param fields the element's body layout
     */
    template<typename V, typename F>
    void NestedList(const V& list, uint8_t type, F fields)
    {
        Require(!list.empty());
        for (std::size_t i = 0; m_ok && i < list.size(); ++i)
        {
            IsakmpFieldWriter body;
            fields(body, list[i]);
            Require(body.Ok() && body.m_out.size() <= 0xffff - 4);
            U8(i + 1 < list.size() ? type : uint8_t{0});
            Reserved(1);
            U16(static_cast<uint16_t>(body.m_out.size() + 4));
            if (m_ok)
            {
                m_out.insert(m_out.end(), body.m_out.begin(), body.m_out.end());
            }
        }
    }

    /** \param condition fail unless true */
    void Require(bool condition)
    {
        m_ok = m_ok && condition;
    }

private:
    Bytes m_out;     //!< the octets written
    bool m_ok{true}; //!< false after the first failure
};

/**
 * \ingroup ipsec-nat
 * Parse a whole body with a field layout.
 * \tparam T the value type (default-constructible)
 * \param data the first octet (may be null when \p len is 0)
 * \param len the octets, all of which the layout must consume
 * \param fields the layout, called as fields(reader, value)
 * \return the value, or nothing when a read failed or octets are left over
 */
template<typename T, typename F>
std::optional<T>
IsakmpParseWith(const uint8_t* data, std::size_t len, F fields)
{
    IsakmpFieldReader reader(data, len);
    T value;
    fields(reader, value);
    if (!reader.Finished())
    {
        return std::nullopt;
    }
    return value;
}

/**
 * \ingroup ipsec-nat
 * Emit a value with a field layout.
 * \param value the value
 * \param fields the layout, called as fields(writer, value)
 * \return the octets, or empty when the value cannot be encoded
 */
template<typename T, typename F>
Bytes
IsakmpSerializeWith(const T& value, F fields)
{
    IsakmpFieldWriter writer;
    fields(writer, value);
    return writer.Take();
}

} // namespace ns3

#endif /* IPSEC_NAT_ISAKMP_FIELD_CODEC_H */
