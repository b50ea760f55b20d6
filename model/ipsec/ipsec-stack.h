/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IPSEC_STACK_H
#define IPSEC_NAT_IPSEC_STACK_H

#include "deadline-queue.h"
#include "ipsec-types.h"
#include "security-association-database.h"
#include "security-policy-database.h"
#include "udp-port.h"

#include "ns3/cpu-cost-profile.h"
#include "ns3/cpu-model.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/virtual-net-device.h"

#include <array>
#include <map>
#include <memory>
#include <unordered_map>

namespace ns3
{

class IpsecRoutingProtocol;
class IpsecL4Protocol;

/**
 * \ingroup ipsec-nat
 * \brief The IPsec data plane of a node: SPD, SAD, ESP and AH, UDP
 * encapsulation (RFC 4301, 4303, 4302, 3948).
 *
 * Hooks into an unmodified ns-3 IPv4 stack through public extension points:
 * - an IpsecRoutingProtocol wraps the node's routing protocol and applies
 *   the SPD: traffic to protect is routed into a tunnel interface (a
 *   VirtualNetDevice without address), discard traffic is dropped;
 * - the tunnel interface's send callback is the outbound path: select the
 *   SA, build ESP/AH, send the outer packet with Ipv4::Send (or
 *   SendWithHeader for AH, whose ICV covers the identification field);
 * - IpsecL4Protocol objects receive IP protocols 50 and 51, a UdpPort (an
 *   endpoint on ns-3's UDP demultiplexer, like a kernel's encapsulation
 *   hook) on port 4500 receives UDP-encapsulated ESP (and IKE behind the non-ESP
 *   marker, handed to the IKE agent, and NAT keepalives, swallowed);
 * - decrypted packets re-enter the IP layer through the tunnel interface
 *   (VirtualNetDevice::Receive), so the node forwards or delivers them as
 *   usual.
 *
 * Every drop is counted and traced with an IpsecDropReason.
 */
class IpsecStack : public Object
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    IpsecStack();
    ~IpsecStack() override;

    /// Stack-wide counters.
    struct Counters
    {
        uint64_t protectedOut{0}; //!< packets protected and sent
        uint64_t acceptedIn{0};   //!< packets verified and re-injected
        uint64_t bypassed{0};     //!< packets the SPD let through in clear
        uint64_t keepalivesIn{0}; //!< NAT keepalives received on 4500
        uint64_t ikeIn{0};        //!< IKE messages received on 4500
        uint64_t peerMoves{0};    //!< peer endpoint changes (NAT mapping changed)
        std::array<uint64_t, kIpsecDropReasonCount> drops{}; //!< drops by reason
    };

    /// Callback for IKE messages received on UDP 4500 (non-ESP marker removed).
    typedef Callback<void, Ptr<Packet>, Ipv4Address, uint16_t, Ipv4Address> IkeReceiveCallback;

    /**
     * Install on \p node: tunnel interface, routing wrapper, protocol 50/51
     * handlers, UDP 4500 socket. Called by IpsecHelper.
     */
    void Install(Ptr<Node> node);

    /** \return the SPD. Policies are looked up in order, first match wins. */
    SecurityPolicyDatabase& GetSpd();
    /** \return the SAD. */
    const SecurityAssociationDatabase& GetSad() const;

    /**
     * Install an SA.
     * \param config the SA
     * \param outbound true for an outbound SA, false for inbound
     * \param bundle outbound: the SA bundle (SPD entry's saBundle) it serves
     * \return an empty string, or why it was refused
     */
    std::string AddSa(const IpsecSaConfig& config, bool outbound, uint32_t bundle = 0);
    /** Remove an SA. \return true if there was one. */
    bool RemoveSa(uint32_t spi, bool outbound);

    /**
     * Charge ESP/AH processing to a CPU model: every protected or verified
     * packet waits for \p cpu for the time \p profile gives (OpenSSL still
     * computes the result at once; only its time is simulated). Without a
     * CPU model, protection costs no simulated time.
     */
    void SetCpu(Ptr<CpuModel> cpu, const CpuCostProfile& profile);
    /** \return the CPU model set by SetCpu (null when none). */
    Ptr<CpuModel> GetCpu() const;
    /** \return the cost profile set by SetCpu (all zero when none). */
    const CpuCostProfile& GetCpuProfile() const;

    /** Register the IKE agent's receiver for IKE on UDP 4500. */
    void SetIkeReceiveCallback(IkeReceiveCallback cb);
    /**
     * Send an IKE message from the NAT-T port (RFC 3947 section 4: after the
     * port float), behind the 4-octet non-ESP marker (RFC 3948 section 2.2).
     */
    void SendIkeOnNatTPort(Ptr<Packet> ike, Ipv4Address destination, uint16_t port);
    /** Send a NAT keepalive (one octet 0xFF, RFC 3948 section 2.3) from the NAT-T port. */
    void SendNatKeepalive(Ipv4Address destination, uint16_t port);
    /**
     * \return when a packet was last sent to or accepted from \p peer on the
     *         NAT-T port (ESP, IKE or keepalive), or -1 s if never: what a
     *         keepalive timer looks at
     */
    Time GetLastNatTActivity(Ipv4Address peer) const;
    /**
     * Move every UDP-encapsulated SA with the peer endpoint \p oldAddress :
     * \p oldPort to the new one (the peer's NAT mapping changed; the caller
     * has authenticated a packet from the new endpoint). Traced as PeerMoved.
     */
    void MovePeer(Ipv4Address oldAddress, uint16_t oldPort, Ipv4Address newAddress,
                  uint16_t newPort, uint32_t spi = 0);
    /** \return the SA bundle an installed SA belongs to (0 if unknown). */
    uint32_t GetBundleOfSpi(uint32_t spi) const;
    /** Remove every SA installed for \p bundle (both directions). */
    void RemoveBundle(uint32_t bundle);
    /**
     * \param peer the peer's address
     * \param port its UDP port for UDP-encapsulated SAs, 0 for raw ESP/AH:
     *        peers behind one PAT share an address and differ by port
     * \return when an authenticated ESP/AH packet last came from that
     *         endpoint, or -1 s
     */
    Time GetLastReceived(Ipv4Address peer, uint16_t port) const;
    /** \return when a packet was last sent to \p peer on the NAT-T port, or -1 s. */
    Time GetLastNatTSent(Ipv4Address peer) const;
    /**
     * \param peer the peer's address
     * \param port as for GetLastReceived
     * \return when an ESP or AH packet (raw or UDP-encapsulated) was last
     *         sent to that endpoint, or -1 s: what on-demand DPD looks at
     */
    Time GetLastSent(Ipv4Address peer, uint16_t port) const;

    /** \return the tunnel interface (its index in the node's Ipv4). */
    uint32_t GetTunnelInterface() const;
    /** \return the tunnel device. */
    /**
     * Add the virtual device that transport-mode SAs send through (MTU
     * 65535: transport mode does not fragment before protection). Idempotent.
     * AddSa calls it, and IkeAgent does for a transport-mode connection when
     * the connection is added: call it before the simulation runs, because
     * ns-3 cannot add an interface while a packet is being received.
     */
    void EnableTransportMode();

    Ptr<VirtualNetDevice> GetTunnelDevice() const;
    /**
     * \return the interface device that traffic of \p policy is routed to:
     *         the tunnel device (MTU TunnelMtu: inner packets are fragmented
     *         before protection) for tunnel-mode SAs, the transport device
     *         (no MTU limit: a protected packet larger than the link MTU is
     *         fragmented after protection) for transport-mode SAs, which can
     *         only protect whole packets (RFC 4301 section 7)
     */
    Ptr<NetDevice> DeviceFor(const IpsecPolicy& policy) const;

    /** \return counters. */
    const Counters& GetCounters() const;
    /** \return drops for \p reason. */
    uint64_t GetDropCount(IpsecDropReason reason) const;

    /** Print the SAs like IOS `show crypto ipsec sa` (\p detail adds error counters). */
    void PrintSas(std::ostream& os, bool detail = false) const;

    /**
     * Assign a fixed random stream to the IV generator.
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    // Internal entry points (routing wrapper, L4 protocol, tunnel device).

    /**
     * SPD verdict for a packet about to be forwarded or sent.
     * \param header its IP header
     * \param payload the packet; null when the ports are not known yet
     * \param swapPorts match the mirror image (inbound check)
     * \param offset where the transport header starts in \p payload: 0 when
     *        \p payload is the IP payload, the header size when it is the
     *        whole packet
     */
    const IpsecPolicy* Classify(const Ipv4Header& header, Ptr<const Packet> payload,
                                bool swapPorts = false, uint32_t offset = 0) const;
    /** Drop with a reason (counted and traced). */
    void Drop(Ptr<const Packet> packet, IpsecDropReason reason, uint32_t spi);
    /** Raw ESP or AH arrived (IP protocol 50/51). */
    void ReceiveRawIpsec(Ptr<Packet> packet, const Ipv4Header& header);
    /** Packets carrying this tag are the stack's own output: the SPD lets them pass. */
    static bool IsOwnOutput(Ptr<const Packet> packet);
    /** Tag \p packet as IPsec's own output (IKE uses it so the SPD lets it through). */
    static void MarkOwnOutput(Ptr<Packet> packet);

    /// TracedCallback signature of a drop.
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, IpsecDropReason reason,
                                       uint32_t spi);
    /// TracedCallback signature of protect / unprotect: the packet and the SA's SPI.
    typedef void (*PacketTracedCallback)(Ptr<const Packet> packet, uint32_t spi);
    /// TracedCallback signature of an SA lifetime event.
    typedef void (*LifetimeTracedCallback)(uint32_t spi, bool outbound, SaLifetimeEvent event);
    /// TracedCallback signature of an SA installation.
    typedef void (*SaTracedCallback)(const IpsecSaConfig& config, bool outbound);
    /// TracedCallback signature of a peer endpoint change.
    typedef void (*PeerTracedCallback)(uint32_t spi, Ipv4Address oldAddress, uint16_t oldPort,
                                       Ipv4Address newAddress, uint16_t newPort);

protected:
    void DoDispose() override;

private:
    bool TunnelSend(Ptr<Packet> packet, const Address& src, const Address& dst, uint16_t proto);
    void SendClear(Ptr<Packet> packetWithHeader);
    void ProtectAndSend(SecurityAssociation& sa, Ptr<Packet> packetWithHeader);
    void SendOuter(Ptr<Packet> packet, const IpsecSaConfig& sa, uint8_t protocol,
                   const Ipv4Header* header);
    void ReceiveUdp(Ptr<Packet> p, Ipv4Header header, uint16_t sourcePort,
                    Ptr<Ipv4Interface> incoming);
    void ReceiveEsp(const uint8_t* esp, std::size_t len, Ipv4Address src, Ipv4Address dst,
                    uint8_t ttl, bool udp, uint16_t srcPort, Ptr<const Packet> original);
    void ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header);
    void RunOnCpu(const IpsecSaConfig& c, std::size_t bytes, std::function<void()> job,
                  Ptr<const Packet> packet, const char* what);
    void Deliver(const IpsecSaConfig& c, Bytes& payload, uint8_t nextHeader, Ipv4Address src,
                 Ipv4Address dst, uint8_t ttl, Ptr<const Packet> original);
    void OnLifetimeEvent(SecurityAssociation& sa, bool outbound, SaLifetimeEvent event);
    /// An SA in the lifetime queue: its SPI and direction.
    struct LifetimeRef
    {
        uint32_t spi;  //!< the SA
        bool outbound; //!< its direction
    };

    void ScheduleLifetime(uint32_t spi, bool outbound);
    /** The SA's queued deadline came up: check its limits now. */
    void LifetimeDue(int64_t at, const LifetimeRef& ref);
    /** \return true if \p at is no longer the SA's live deadline. */
    bool LifetimeStale(int64_t at, const LifetimeRef& ref) const;
    void RandomBytes(uint8_t* out, std::size_t len);

    Ptr<Node> m_node;
    Ptr<Ipv4> m_ipv4;
    Ptr<VirtualNetDevice> m_tunnel;
    Ptr<VirtualNetDevice> m_transport;
    uint32_t m_tunnelInterface{0};
    Ptr<IpsecRoutingProtocol> m_routing;
    Ptr<IpsecL4Protocol> m_esp;
    Ptr<IpsecL4Protocol> m_ah;
    UdpPort m_natTPortEndpoint; //!< UDP 4500: ESP-in-UDP, IKE, keepalives
    Ptr<CpuModel> m_cpu;
    std::shared_ptr<const CpuCostProfile> m_cpuProfile; //!< absent: the zero-cost profile
    SecurityPolicyDatabase m_spd;
    SecurityAssociationDatabase m_sad;
    /// Deadlines of every SA's time limits (ScheduleLifetime), behind one timer.
    DeadlineQueue<IpsecStack, LifetimeRef, &IpsecStack::LifetimeDue, &IpsecStack::LifetimeStale>
        m_lifetimeDeadlines{this};
    std::unordered_map<uint64_t, int64_t> m_lifetimeQueued; //!< SA -> its live queue deadline
    /// An installed SA and whether it is outbound.
    using SaRef = std::pair<SecurityAssociation*, bool>;
    // Ordered maps: a client's stack holds one peer and one bundle, and an
    // empty or one-entry std::map allocates no bucket array.
    /// UDP-encapsulated SAs by peer endpoint (address and port): MovePeer
    /// touches a peer's SAs, not every SA of a hub.
    std::map<uint64_t, std::vector<SaRef>> m_sasOfPeer;
    /// SAs by bundle: RemoveBundle touches the bundle's SAs only.
    std::map<uint32_t, std::vector<SaRef>> m_sasOfBundle;
    /** Drop \p ref from the index vector of \p key in \p index. */
    template<typename Key>
    static void Unindex(std::map<Key, std::vector<SaRef>>& index, Key key, SaRef ref);
    /// NAT-T traffic with one peer address (for the keepalive timer).
    struct NatTTimes
    {
        Time activity{Seconds(-1)}; //!< last sent or received (ESP or IKE)
        Time sent{Seconds(-1)};     //!< last sent (anything on the NAT-T port)

        /// Something was sent at \p now.
        void Sent(Time now)
        {
            activity = now;
            sent = now;
        }
    };

    std::unordered_map<uint32_t, NatTTimes> m_natT;    //!< by peer address
    std::unordered_map<uint64_t, Time> m_lastReceived; //!< by EndpointKey
    std::unordered_map<uint64_t, Time> m_lastSent;     //!< by EndpointKey
    IkeReceiveCallback m_ike;
    Ptr<UniformRandomVariable> m_random;
    Counters m_counters;
    uint16_t m_ahIdentification{0};
    // Per-packet work buffers, kept so that their capacity is reused: a
    // packet's octets, its protected or decrypted form. Each is dead once
    // its content has been copied into a Packet, before any call that could
    // re-enter the stack.
    Bytes m_packetBytes;
    Bytes m_espBytes;
    Bytes m_payloadBytes;

    // Attributes
    uint16_t m_natTPort;
    bool m_legacyNonIkeMarker;
    bool m_peerFloat;
    uint16_t m_tunnelMtu;
    uint8_t m_outerTtl;

    TracedCallback<Ptr<const Packet>, IpsecDropReason, uint32_t> m_dropTrace;
    TracedCallback<Ptr<const Packet>, uint32_t> m_protectTrace;
    TracedCallback<Ptr<const Packet>, uint32_t> m_unprotectTrace;
    TracedCallback<uint32_t, bool, SaLifetimeEvent> m_lifetimeTrace;
    TracedCallback<const IpsecSaConfig&, bool> m_saInstalledTrace;
    TracedCallback<uint32_t, Ipv4Address, uint16_t, Ipv4Address, uint16_t> m_peerTrace;
    TracedCallback<Ipv4Address, uint16_t> m_keepaliveTrace;
};

} // namespace ns3

#endif /* IPSEC_NAT_IPSEC_STACK_H */
