/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_BOX_H
#define IPSEC_NAT_NAT_BOX_H

#include "nat-mapping-table.h"
#include "nat-types.h"
#include "own-address-set.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief A NAT / PAT box: translates IPv4 between inside and outside interfaces.
 *
 * The box is an Ipv4RoutingProtocol that wraps the node's own routing
 * protocol (installed with Ipv4::SetRoutingProtocol, see NatHelper). It sees
 * every packet the node receives before local delivery is decided, which a
 * child of Ipv4ListRouting would not (Ipv4ListRouting delivers packets for
 * the node's own addresses before asking its children). What it does not
 * translate it hands to the wrapped protocol unchanged.
 *
 * - Outbound (arrives on an inside interface, routed out of the outside
 *   interface): source address (and port / ICMP identifier for PAT) rewritten.
 * - Inbound (arrives on the outside interface for a public address):
 *   destination rewritten from the mapping, if the mapping is live and the
 *   filtering behaviour lets the remote in.
 * - Hairpin (inside host to a public endpoint): both, RFC 4787 REQ-9.
 *
 * Transport checksums are adjusted incrementally (RFC 1624) when ns-3
 * checksums are enabled; a UDP checksum of 0 stays 0. Payloads are never
 * rewritten (no ALGs): addresses embedded in FTP, SIP, IKE ID payloads and
 * the like keep their inside values, as the Cisco "IPsec NAT Transparency"
 * text notes.
 */
class NatBox : public Ipv4RoutingProtocol
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    NatBox();
    ~NatBox() override;

    /// Counters of one box.
    struct Counters
    {
        uint64_t translatedOutbound{0};                    //!< packets translated inside to outside
        uint64_t translatedInbound{0};                     //!< packets translated outside to inside
        uint64_t hairpinned{0};                            //!< packets translated both ways
        uint64_t mappingsCreated{0};                       //!< mappings created
        uint64_t mappingsExpired{0};                       //!< mappings that timed out
        uint64_t reboots{0};                               //!< Reboot() calls
        std::array<uint64_t, kNatDropReasonCount> drops{}; //!< drops by NatDropReason
    };

    /**
     * Set the routing protocol that does the node's routing; the box hands
     * it everything it does not translate.
     */
    void SetInnerRoutingProtocol(Ptr<Ipv4RoutingProtocol> inner);
    /** \return the wrapped routing protocol. */
    Ptr<Ipv4RoutingProtocol> GetInnerRoutingProtocol() const;

    /** Declare an Ipv4 interface index as inside (private). */
    void AddInsideInterface(uint32_t interface);
    /** Declare the Ipv4 interface index facing the outside (public). */
    void SetOutsideInterface(uint32_t interface);
    /** Add a public address to the pool (mode pool). */
    void AddPoolAddress(Ipv4Address address);
    /** Add a static one-to-one pair (mode static). */
    void AddStaticMapping(Ipv4Address inside, Ipv4Address global);
    /**
     * Forward a public port to an inside endpoint (mode pat), like IOS
     * `ip nat inside source static udp A P interface X Q`.
     * \param protocol 6 (TCP) or 17 (UDP)
     */
    void AddStaticPortMapping(uint8_t protocol, Ipv4Address inside, uint16_t insidePort,
                              uint16_t publicPort);

    /**
     * Check the configuration and build the translation state. Called by
     * NatHelper::Install and, if not yet done, when the node starts. A bad
     * configuration stops the simulation with a message saying what is
     * wrong and what is allowed.
     */
    void Configure();

    /**
     * Power-cycle the box now: every dynamic mapping is forgotten (static
     * ones stay).
     * \param movePorts when true, ports used before the reboot are not handed
     *        out again until the range runs out of others
     */
    void Reboot(bool movePorts);
    /** Schedule Reboot(movePorts) at absolute simulation time \p at. */
    void ScheduleReboot(Time at, bool movePorts);

    /** \return the live mappings, in creation order. */
    std::vector<NatMapping> GetMappings() const;
    /** Print the live mappings like IOS `show ip nat translations`. */
    void PrintMappings(std::ostream& os) const;
    /** \return the counters. */
    const Counters& GetCounters() const;
    /** \return how many packets were dropped for \p reason. */
    uint64_t GetDropCount(NatDropReason reason) const;
    /** \return the configuration in force (after Configure()). */
    const NatConfig& GetConfig() const;

    /**
     * Assign a fixed random variable stream number to the random variables
     * used by this model.
     * \return the number of streams assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

    // Ipv4RoutingProtocol
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /// TracedCallback signature of mapping events.
    typedef void (*MappingTracedCallback)(const NatMapping& mapping);
    /// TracedCallback signature of a translation: packet after, IP header before and after.
    typedef void (*TranslateTracedCallback)(Ptr<const Packet> packet, const Ipv4Header& before,
                                            const Ipv4Header& after);
    /// TracedCallback signature of a drop.
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const Ipv4Header& header,
                                       NatDropReason reason);
    /// TracedCallback signature of a reboot: number of mappings flushed.
    typedef void (*RebootTracedCallback)(uint32_t flushed);

protected:
    void DoInitialize() override;
    void DoDispose() override;

private:
    /// The transport header prefix of a packet, parsed.
    struct L4
    {
        std::array<uint8_t, 20> bytes{}; //!< copied octets
        uint32_t length{0};              //!< how many were copied
        bool present{false};             //!< false for a non-first fragment
    };

    bool IsInside(int32_t interface) const;
    bool ReadL4(Ptr<const Packet> p, const Ipv4Header& h, L4& l4, NatPacketInfo& info) const;
    Ptr<Packet> Rewrite(Ptr<const Packet> p, Ipv4Header& h, L4& l4, bool source,
                        Ipv4Address address, uint16_t port) const;
    bool Drop(Ptr<const Packet> p, const Ipv4Header& h, NatDropReason reason);
    void ForwardFromInside(Ptr<Ipv4Route> route, Ptr<const Packet> p, const Ipv4Header& header);
    bool TranslateInbound(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                          const UnicastForwardCallback& ucb, const MulticastForwardCallback& mcb,
                          const LocalDeliverCallback& lcb, const ErrorCallback& ecb);
    bool Hairpin(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                 const UnicastForwardCallback& ucb, const MulticastForwardCallback& mcb,
                 const LocalDeliverCallback& lcb, const ErrorCallback& ecb);
    void ScheduleExpiry();
    void ExpiryTimer();

    Ptr<Ipv4> m_ipv4;
    Ptr<Ipv4RoutingProtocol> m_inner;
    OwnAddressSet m_ownAddresses; //!< the node's addresses (instead of IsDestinationAddress)
    /// ForwardFromInside as the inner protocol's forward callback, built once.
    UnicastForwardCallback m_forwardFromInside;
    /// The IP layer's forward callback of the latest inside packet (see RouteInput).
    UnicastForwardCallback m_insideForward;
    std::vector<uint32_t> m_inside; //!< sorted; a box has one or a few
    int32_t m_outside{-1};
    // Attributes; Configure() copies them into m_config.
    // (ns-3.37's EnumValue holds an int, so the enum attributes are ints.)
    int m_mode;
    int m_mapping;
    int m_filtering;
    int m_allocation;
    bool m_portPreservation;
    uint32_t m_portMin;
    uint32_t m_portMax;
    bool m_inboundRefresh;
    bool m_hairpinning;
    bool m_espPassthrough;
    Time m_udpTimeout;
    Time m_tcpEstablishedTimeout;
    Time m_tcpTransitoryTimeout;
    Time m_icmpTimeout;
    Time m_espTimeout;
    Time m_addressTimeout;
    Ipv4Address m_publicAddress;

    NatConfig m_config;
    std::vector<std::tuple<uint8_t, Ipv4Address, uint16_t, uint16_t>> m_staticPorts;
    std::unique_ptr<NatMappingTable> m_table;
    Ptr<UniformRandomVariable> m_random;
    EventId m_expiryEvent;
    Counters m_counters;

    TracedCallback<const NatMapping&> m_mappingCreatedTrace;
    TracedCallback<const NatMapping&> m_mappingRefreshedTrace;
    TracedCallback<const NatMapping&> m_mappingExpiredTrace;
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, const Ipv4Header&> m_translateTrace;
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, NatDropReason> m_dropTrace;
    TracedCallback<uint32_t> m_rebootTrace;
};

} // namespace ns3

#endif /* IPSEC_NAT_NAT_BOX_H */
