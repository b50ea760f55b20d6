/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_TEST_IKE_SCENARIO_H
#define IPSEC_NAT_TEST_IKE_SCENARIO_H

#include "ipsec/ipsec-scenario.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{

/// Where a PAT sits in the site-to-site topology.
enum class NatPosition
{
    NONE,      //!< plain routers on both sides
    INITIATOR, //!< a PAT in front of gwA (the initiator)
    RESPONDER, //!< a PAT in front of gwB that forwards UDP 500 and 4500 to it
    BOTH,      //!< both
};

/** \return "none", "initiator", "responder" or "both" (the example's --nat). */
std::string ToString(NatPosition position);

/// One IPv4 packet as it was handed to an interface or received from one.
struct WirePacket
{
    Time at;                     //!< when
    bool sent{true};             //!< sent on the interface (else received)
    Ipv4Address source;          //!< IP source
    Ipv4Address destination;     //!< IP destination
    uint8_t protocol{0};         //!< IP protocol
    uint16_t sourcePort{0};      //!< UDP source port (0 for other protocols)
    uint16_t destinationPort{0}; //!< UDP destination port (0 for other protocols)
    Bytes payload;               //!< the UDP payload, or the IP payload of other protocols
    Bytes packet;                //!< the whole packet, IP header included

    /** \return true for UDP from or to \p port. */
    bool Udp(uint16_t port) const;
    /** \return true for an IKE message on UDP 500. */
    bool Ike500() const;
    /** \return true for an IKE message behind the non-ESP marker on UDP 4500 (RFC 3948 2.2). */
    bool Ike4500() const;
    /** \return true for UDP-encapsulated ESP (RFC 3948 2.1). */
    bool EspInUdp() const;
    /** \return true for a NAT keepalive (RFC 3948 2.3). */
    bool Keepalive() const;
    /** \return true for raw ESP (IP protocol 50). */
    bool RawEsp() const;
    /** \return the ISAKMP message of an IKE packet (marker removed). */
    Bytes Isakmp() const;
};

/// Records the packets an Ipv4 interface sends and receives.
class WireLog
{
public:
    /** Record what \p node sends (\p tx) and receives (\p rx) on Ipv4 interface \p interface. */
    void Watch(Ptr<Node> node, uint32_t interface, bool tx = true, bool rx = true);
    /** \return every packet, in order. */
    const std::vector<WirePacket>& Packets() const;
    /** \return the packets for which \p match is true. */
    std::vector<WirePacket> Select(const std::function<bool(const WirePacket&)>& match) const;

private:
    void Record(Ptr<const Packet> p, bool sent);

    std::vector<WirePacket> m_packets;
};

/// A timed event with a peer address, for IKE and IPsec traces.
struct IkeEvent
{
    Time at;          //!< when
    Ipv4Address peer; //!< the peer as the agent sees it
    std::string what; //!< the NAT status, drop reason, "udp"/"raw" for phase 2, port for keepalives
};

/// What one IKE agent reported.
struct IkeRecord
{
    std::vector<IkeEvent> phase1;     //!< Phase1Established (what: NAT status)
    std::vector<IkeEvent> phase2;     //!< Phase2Established (what: "udp" or "raw")
    std::vector<IkeEvent> drops;      //!< Drop (what: reason)
    std::vector<IkeEvent> keepalives; //!< KeepaliveSent (what: port)
    std::vector<IkeEvent> peerMoves;  //!< the IpsecStack's PeerMoved (what: "old -> new")
    std::vector<IkeEvent> peerDead;   //!< PeerDead (DPD, RFC 3706; what: empty)
    /// (inbound SPI, outbound SPI) of each Phase2Established, in order.
    std::vector<std::pair<uint32_t, uint32_t>> phase2Spis;

    /** \return the drops with \p reason. */
    std::vector<IkeEvent> DropsOf(IkeDropReason reason) const;
};

/**
 * The topology of examples/ipsec-nat-site-to-site.cc, with IKEv1 between
 * the gateways:
 *
 * \verbatim
 *  hostA -- gwA -- rA ============== rB -- gwB -- hostB
 *  10.1.0.2  |  192.168.1.1 | 198.51.100.1  198.51.100.2 | 192.168.2.1 | 10.2.0.2
 *         10.1.0.1                 (core)                        10.2.0.1
 *         192.168.1.2         [attacker 198.51.100.9]            192.168.2.2
 * \endverbatim
 *
 * rA and rB are PATs (NatPosition) or plain routers; a PAT in front of gwB
 * forwards UDP 500 and 4500 to it. Point-to-point links (no ARP, so two
 * runs give the same timings), except the core when an attacker host is
 * asked for. Checksums are on. gwA and gwB run an IpsecStack and an
 * IkeAgent with one connection each (ESP AES-128-CBC / HMAC-SHA-256,
 * ISAKMP policy AES-128 / SHA-256 / group 14), the pre-shared key for the
 * peer as it is seen, and gwA initiates at 1 s. Everything is traced into
 * records and wire logs (the core, and gwA's access link).
 */
class IkeNetwork
{
public:
    /// How to build it.
    struct Options
    {
        NatPosition nat{NatPosition::INITIATOR};          //!< where PATs are
        bool natTraversal{true};                          //!< IkeAgent NatTraversal
        Time keepalive{Seconds(0)};                       //!< IkeAgent NatKeepalive
        Time natTimeout{Seconds(300)};                    //!< PAT UdpTimeout
        IpsecMode mode{IpsecMode::TUNNEL};                //!< phase 2 mode
        bool defaultKeys{true};                           //!< each side's key for the peer as seen
        bool initiate{true};                              //!< gwA initiates at initiateAt
        Time initiateAt{Seconds(1)};                      //!< when
        bool attacker{false};                             //!< a host on the core (CSMA)
        uint32_t run{1};                                  //!< RngRun (the seed is 1)
        std::function<void(IkeHelper&)> configureIke;     //!< extra agent attributes
        std::function<void(NatHelper&)> configureNat;     //!< extra PAT settings (both PATs)
        std::function<void(IpsecHelper&)> configureIpsec; //!< IpsecStack attributes
        /// Changes to each connection before it is added (initiator: gwA's).
        std::function<void(IkeConnection&, bool initiator)> configureConnection;
    };

    /** Build with \p options. */
    explicit IkeNetwork(const Options& options);
    IkeNetwork(const IkeNetwork&) = delete;
    IkeNetwork& operator=(const IkeNetwork&) = delete;

    /** \return true if a PAT is in front of gwA. */
    bool NatA() const;
    /** \return true if a PAT is in front of gwB. */
    bool NatB() const;
    /** \return gwA's address as gwB sees it. */
    Ipv4Address ASeen() const;
    /** \return gwB's address as gwA sees it. */
    Ipv4Address BSeen() const;

    /**
     * UDP echo: \p packets requests of \p size octets every \p interval
     * from \p client to \p server at \p to, from \p start.
     */
    std::shared_ptr<EchoCount> Echo(Ptr<Node> client, Ptr<Node> server, Ipv4Address to,
                                    uint32_t packets, Time start, Time interval = Seconds(1),
                                    uint16_t port = 9, uint32_t size = 100);
    /** Send \p payload in a UDP datagram from \p socket to \p to : \p port at \p at. */
    void SendBytes(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, Bytes payload);

    /** Run until absolute time \p until. */
    void RunUntil(Time until);

    Testbed bed;                //!< nodes, links, sockets
    Options options;            //!< as built
    Ptr<Node> hostA;            //!< 10.1.0.2
    Ptr<Node> gwA;              //!< 10.1.0.1, 192.168.1.2
    Ptr<Node> rA;               //!< 192.168.1.1, 198.51.100.1
    Ptr<Node> rB;               //!< 198.51.100.2, 192.168.2.1
    Ptr<Node> gwB;              //!< 192.168.2.2, 10.2.0.1
    Ptr<Node> hostB;            //!< 10.2.0.2
    Ptr<Node> attacker;         //!< 198.51.100.9 on the core (Options::attacker)
    NetDeviceContainer lanA;    //!< hostA, gwA
    NetDeviceContainer accessA; //!< gwA, rA
    NetDeviceContainer core;    //!< rA, rB [, attacker]
    NetDeviceContainer accessB; //!< rB, gwB
    NetDeviceContainer lanB;    //!< gwB, hostB
    Ptr<NatBox> natA;           //!< rA's PAT (or null)
    Ptr<NatBox> natB;           //!< rB's PAT (or null)
    std::vector<std::pair<Time, NatDropReason>> natADrops; //!< what rA's PAT dropped
    Ptr<IpsecStack> stackA;                                //!< gwA's IPsec
    Ptr<IpsecStack> stackB;                                //!< gwB's IPsec
    Ptr<IkeAgent> ikeA;                                    //!< gwA's IKE (initiator)
    Ptr<IkeAgent> ikeB;                                    //!< gwB's IKE (responder)
    uint32_t connectionA{0};                               //!< gwA's connection
    uint32_t connectionB{0};                               //!< gwB's connection
    IkeRecord recordA;                                     //!< what gwA's agent and stack reported
    IkeRecord recordB;                                     //!< what gwB's agent and stack reported
    WireLog coreLog;              //!< everything rA and rB sent onto the core
    WireLog accessLog;            //!< what gwA sent and received on its access link
    uint32_t accessAInterface{0}; //!< gwA's Ipv4 interface toward rA
    uint32_t accessBInterface{0}; //!< gwB's Ipv4 interface toward rB

private:
    void Watch(Ptr<IkeAgent> agent, Ptr<IpsecStack> stack, IkeRecord& record);
};

/// The psk the fixture gives both sides.
extern const char* const kTestPsk;

} // namespace test
} // namespace ns3

#endif /* IPSEC_NAT_TEST_IKE_SCENARIO_H */
