/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_MAPPING_TABLE_H
#define IPSEC_NAT_NAT_MAPPING_TABLE_H

#include "nat-port-allocator.h"
#include "nat-types.h"

#include <functional>
#include <map>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Mapping timeouts per protocol (RFC 4787 REQ-5, RFC 5382 REQ-5, RFC 5508).
 */
struct NatTimeouts
{
    Time udp{Seconds(300)};             //!< UDP mapping timer
    Time tcpEstablished{Seconds(7440)}; //!< TCP established (RFC 5382: 2 h 4 min)
    Time tcpTransitory{Seconds(240)};   //!< TCP opening or closing (RFC 5382: 4 min)
    Time icmp{Seconds(60)};             //!< ICMP query (RFC 5508 REQ-1)
    Time esp{Seconds(300)};             //!< ESP passthrough entries
    Time address{Seconds(86400)};       //!< static-less address bindings of pool NAT
};

/**
 * \ingroup ipsec-nat
 * Everything that decides how a NAT box translates.
 */
struct NatConfig
{
    NatMode mode{NatMode::PAT};                                             //!< what is translated
    NatMappingBehaviour mapping{NatMappingBehaviour::ENDPOINT_INDEPENDENT}; //!< RFC 4787 mapping
    NatFilteringBehaviour filtering{
        NatFilteringBehaviour::ADDRESS_AND_PORT_DEPENDENT}; //!< filtering
    bool portPreservation{true}; //!< keep the inside port when it is free
    NatPortAllocation allocation{NatPortAllocation::SEQUENTIAL}; //!< how other ports are picked
    uint32_t portMin{1024};                                      //!< dynamic port range, low end
    uint32_t portMax{65535};                                     //!< dynamic port range, high end
    bool inboundRefresh{false};    //!< inbound packets refresh the mapping timer (RFC 4787 REQ-6)
    bool hairpinning{true};        //!< RFC 4787 REQ-9
    bool espPassthrough{false};    //!< PAT tracks raw ESP by remote address ("IPsec passthrough")
    NatTimeouts timeouts;          //!< mapping timers
    Ipv4Address patAddress;        //!< PAT: the one public address
    std::vector<Ipv4Address> pool; //!< POOL: the public addresses
    /// STATIC: inside local / inside global pairs.
    std::vector<std::pair<Ipv4Address, Ipv4Address>> staticPairs;

    /**
     * \return an empty string when the configuration is usable, else a
     *         message that names what is wrong and what is allowed
     */
    std::string Validate() const;
};

/**
 * \ingroup ipsec-nat
 * What the table needs to know of a packet to translate it.
 *
 * Ports mean the transport ports; for ICMP echo the identifier travels in
 * the inside/public port and the remote port is 0; for ESP the SPI.
 */
struct NatPacketInfo
{
    uint8_t protocol{0};         //!< IP protocol
    Ipv4Address source;          //!< IP source
    uint16_t sourcePort{0};      //!< L4 source port (ICMP outbound: identifier)
    Ipv4Address destination;     //!< IP destination
    uint16_t destinationPort{0}; //!< L4 destination port (ICMP inbound: identifier)
    uint8_t tcpFlags{0};         //!< TCP flags byte (TCP only)
    uint32_t spi{0};             //!< ESP SPI (ESP only)
};

/**
 * \ingroup ipsec-nat
 * The table's answer: translate to (address, port), or drop with a reason.
 */
struct NatVerdict
{
    bool translate{false};                           //!< true: rewrite; false: drop with \c reason
    NatDropReason reason{NatDropReason::NO_MAPPING}; //!< why not, when not
    Ipv4Address address;   //!< new source (outbound) or destination (inbound)
    uint16_t port{0};      //!< new source / destination port (or ICMP identifier)
    uint64_t mappingId{0}; //!< the mapping used
};

/**
 * \ingroup ipsec-nat
 * The translation state of one NAT box: mappings, public address and port
 * allocation, RFC 4787 mapping and filtering, timers.
 *
 * Pure logic over value types: no packets, no simulator. The caller passes
 * the current time in; expiry is exact (a mapping is live while
 * now < lastRefresh + timeout) and lazy, so a packet costs no timer event.
 * ExpireUntil() retires mappings in deadline order from a heap that holds at
 * most one entry per mapping, re-queued when a refresh moved the deadline:
 * at most one heap operation per mapping per timeout period, whatever the
 * packet rate.
 */
class NatMappingTable
{
public:
    /// Observer of a mapping event.
    using MappingCallback = std::function<void(const NatMapping&)>;

    /**
     * \param config a configuration that Validate() accepted
     * \param random random source for NatPortAllocation::RANDOM (may be empty otherwise)
     */
    NatMappingTable(const NatConfig& config, NatPortAllocator::Random random);

    /** Called when a mapping is created. */
    void SetCreatedCallback(MappingCallback cb);
    /** Called when a packet refreshes a mapping's timer. */
    void SetRefreshedCallback(MappingCallback cb);
    /** Called when a mapping times out (at its deadline); not for mappings Reboot() flushes. */
    void SetExpiredCallback(MappingCallback cb);

    /**
     * A packet from an inside host leaves through the outside interface.
     * Finds or creates its mapping, refreshes it, records the remote for
     * filtering.
     * \return the public source to write, or a drop reason
     */
    NatVerdict Outbound(const NatPacketInfo& info, Time now);

    /**
     * A packet from outside arrives for a public address.
     * \return the inside destination to write, or a drop reason
     *         (NO_MAPPING, FILTERED, UNSUPPORTED_PROTOCOL)
     */
    NatVerdict Inbound(const NatPacketInfo& info, Time now);

    /**
     * Add a static port mapping (PAT port forwarding, like IOS `ip nat inside
     * source static udp A P interface X P`).
     * \return an empty string, or why it cannot be added
     */
    std::string AddStaticPortMapping(uint8_t protocol, Ipv4Address insideAddress,
                                     uint16_t insidePort, uint16_t publicPort);

    /** Retire every dynamic mapping whose deadline is <= \p now. */
    void ExpireUntil(Time now);
    /** \return the earliest time ExpireUntil() has work to do, or Time::Max(). */
    Time NextDeadline() const;

    /**
     * Forget every dynamic mapping, as a power cycle does. Static entries stay.
     * \param movePorts when true, ports in use before the reboot are not
     *        handed out again until the range runs out of other ports
     * \return the number of mappings flushed
     */
    std::size_t Reboot(bool movePorts);

    /** \return true when \p address is one of this box's public addresses. */
    bool IsPublicAddress(Ipv4Address address) const;
    /** \return all public addresses (PAT address, pool, static globals). */
    std::vector<Ipv4Address> PublicAddresses() const;
    /** \return the live mappings (those whose deadline has not passed at \p now), by id. */
    std::vector<NatMapping> List(Time now) const;
    /** \return the number of stored mappings (including ones awaiting lazy expiry). */
    std::size_t Size() const;
    /** \return the mapping with this id, or nullptr. */
    const NatMapping* Find(uint64_t id) const;
    /** \return the configuration. */
    const NatConfig& Config() const;

private:
    /// Hash key of the outbound (inside endpoint + remote) or inbound (public endpoint) index.
    struct Key
    {
        uint64_t a; //!< protocol, port and address
        uint64_t b; //!< remote part (outbound index) or 0
        bool operator==(const Key& o) const
        {
            return a == o.a && b == o.b;
        }
    };

    /// Hash of Key.
    struct KeyHash
    {
        std::size_t operator()(const Key& k) const
        {
            return std::hash<uint64_t>()(k.a * 0x9E3779B97F4A7C15ULL ^ k.b);
        }
    };

    /// Heap entry: (deadline, mapping id); the smallest deadline on top.
    using HeapEntry = std::pair<int64_t, uint64_t>;

    Key OutboundKey(uint8_t protocol, Ipv4Address inside, uint16_t insidePort, Ipv4Address remote,
                    uint16_t remotePort) const;
    static Key InboundKey(uint8_t protocol, Ipv4Address address, uint16_t port);
    Time TimeoutFor(const NatMapping& m) const;
    NatVerdict OutboundAddressOnly(const NatPacketInfo& info, Time now);
    NatVerdict InboundAddressOnly(const NatPacketInfo& info, Time now);
    NatVerdict OutboundEsp(const NatPacketInfo& info, Time now);
    NatVerdict InboundEsp(const NatPacketInfo& info, Time now);
    /// A stored mapping with its index keys and the deadline queued for it.
    struct Entry
    {
        NatMapping mapping; //!< the mapping
        Key out;            //!< its key in m_outbound
        Key in;             //!< its key in m_inbound
        int64_t queued;     //!< the smallest deadline (ns) in the heap for it
    };

    /// An index: key -> the entry in m_mappings (whose nodes never move).
    using Index = std::unordered_map<Key, Entry*, KeyHash>;
    Entry* Lookup(const Index& index, const Key& key, Time now);
    Entry& Insert(NatMapping m, const Key& out, const Key& in);
    void Queue(Entry& e);
    void Remove(uint64_t id, bool notify);
    void Refresh(Entry& e, Time now);
    void TrackTcp(NatMapping& m, uint8_t flags, bool outbound);
    bool Permitted(const NatMapping& m, Ipv4Address remote, uint16_t remotePort) const;
    void Permit(NatMapping& m, Ipv4Address remote, uint16_t remotePort);
    NatPortAllocator& Allocator(uint8_t protocol);
    std::optional<uint16_t> AllocatePort(uint8_t protocol, uint16_t insidePort);

    NatConfig m_config;
    NatPortAllocator::Random m_random;
    uint64_t m_nextId{1};
    std::unordered_map<uint64_t, Entry> m_mappings;
    Index m_outbound;
    Index m_inbound;
    /// Static port mappings by inside endpoint: they match any remote.
    Index m_staticOut;
    std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> m_heap;
    std::map<uint8_t, NatPortAllocator> m_allocators;
    std::vector<bool> m_poolInUse;
    std::size_t m_poolCursor{0};
    MappingCallback m_created;
    MappingCallback m_refreshed;
    MappingCallback m_expired;
};

} // namespace ns3

#endif /* IPSEC_NAT_NAT_MAPPING_TABLE_H */
