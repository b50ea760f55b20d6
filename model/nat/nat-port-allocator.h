/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_PORT_ALLOCATOR_H
#define IPSEC_NAT_NAT_PORT_ALLOCATOR_H

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Public ports (or ICMP identifiers) of one public address and protocol.
 *
 * A bitmap of the 65536 values, in pages of 1024 allocated when a port in
 * them is first taken (a PAT with a few clients holds a few hundred octets,
 * not 8 KB): O(1) to test, take and release. Ports handed
 * out dynamically come from [min, max]; a preserved inside port may lie
 * outside that range (as IOS keeps UDP 500 for IKE). After a reboot that
 * "moves" the allocator, the ports in use before it are quarantined so new
 * mappings get ports the outside world has not seen, until the range runs
 * out of other ports.
 */
class NatPortAllocator
{
public:
    /// Random source: returns a uniform integer in [0, n).
    using Random = std::function<uint32_t(uint32_t n)>;

    /**
     * \param min lowest dynamic port (>= 1)
     * \param max highest dynamic port (>= min)
     */
    NatPortAllocator(uint16_t min, uint16_t max);

    /** \return true when \p port is neither in use nor quarantined. */
    bool IsFree(uint16_t port) const;
    /** Mark \p port in use (it must be free). */
    void Take(uint16_t port);
    /** Mark \p port free again. */
    void Release(uint16_t port);
    /**
     * Hand out a free port of the dynamic range.
     * \param random when set, pick uniformly at random (then probe upward);
     *        when empty, sequentially after the last port handed out
     * \return the port, or nothing when the range is exhausted
     */
    std::optional<uint16_t> Allocate(const Random& random);
    /** Free every port; with \p quarantine, keep the ones in use now off limits. */
    void Reset(bool quarantine);
    /** \return ports of the dynamic range in use or quarantined. */
    uint32_t UsedInRange() const;

private:
    /// One bit per port, in pages allocated on first use (absent = all clear).
    class Bitmap
    {
    public:
        bool Test(uint16_t port) const;
        void Set(uint16_t port);
        void Clear(uint16_t port);
        /** Sets every bit that is set in \p other. */
        void Merge(const Bitmap& other);
        /** Frees every page: all bits clear. */
        void Reset();

    private:
        static constexpr std::size_t kPagePorts = 1024;
        static constexpr std::size_t kPageWords = kPagePorts / 64;
        static constexpr std::size_t kPages = 65536 / kPagePorts;
        using Page = std::array<uint64_t, kPageWords>;
        std::array<std::unique_ptr<Page>, kPages> m_pages;
    };

    std::optional<uint16_t> Scan(uint16_t start);

    uint16_t m_min;
    uint16_t m_max;
    uint16_t m_cursor;
    uint32_t m_usedInRange{0};
    uint32_t m_quarantinedInRange{0};
    Bitmap m_used;
    Bitmap m_quarantine;
};

} // namespace ns3

#endif /* IPSEC_NAT_NAT_PORT_ALLOCATOR_H */
