/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_TEST_NAT_SCENARIO_H
#define IPSEC_NAT_TEST_NAT_SCENARIO_H

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"

#include <functional>
#include <map>
#include <vector>

namespace ns3
{
namespace test
{

/// What a test socket received.
struct Receipt
{
    Time at;                    //!< when
    Ipv4Address from;           //!< IP source as received
    uint16_t fromPort{0};       //!< UDP source port (0 for raw)
    std::vector<uint8_t> bytes; //!< payload (raw sockets: from the IP payload on)
};

/**
 * Small topologies for NAT scenario tests: nodes, links, addresses, routes,
 * UDP and raw sockets that record what they receive, and NAT drop logs.
 * Destroys the simulator and resets global checksum state when it goes.
 */
class Testbed
{
public:
    /** \param checksums enable ns-3 checksums (GlobalValue ChecksumEnabled) */
    explicit Testbed(bool checksums = true);
    ~Testbed();
    Testbed(const Testbed&) = delete;
    Testbed& operator=(const Testbed&) = delete;

    /** A node with an IPv4-only internet stack and static routing. */
    Ptr<Node> AddNode();
    /** Link nodes: point-to-point for two with \p p2p, else one CSMA segment. */
    NetDeviceContainer Link(const std::vector<Ptr<Node>>& nodes, bool p2p,
                            Time delay = MilliSeconds(1));
    /** Give a device an address; \return the Ipv4 interface index. */
    uint32_t Address(Ptr<NetDevice> dev, const char* address, const char* mask = "255.255.255.0");
    /** Default route of \p node via \p gateway. */
    void DefaultRoute(Ptr<Node> node, const char* gateway);
    /** Route to a network via \p gateway. */
    void Route(Ptr<Node> node, const char* network, const char* mask, const char* gateway);

    /** A UDP socket bound to \p port on \p node that records what it receives. */
    Ptr<Socket> Udp(Ptr<Node> node, uint16_t port);
    /** A raw IPv4 socket for \p protocol that records what it receives. */
    Ptr<Socket> Raw(Ptr<Node> node, uint8_t protocol);
    /** Send \p size octets from \p socket at \p at to \p to : \p port. */
    void SendUdp(Time at, Ptr<Socket> socket, const char* to, uint16_t port, uint32_t size = 32);
    /** Same, with an Ipv4Address. */
    void SendUdpTo(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, uint32_t size = 32);
    /** Send \p payload through a raw socket at \p at. */
    void SendRaw(Time at, Ptr<Socket> socket, const char* to, std::vector<uint8_t> payload);
    /** \return what \p socket received so far. */
    const std::vector<Receipt>& Received(Ptr<Socket> socket) const;

    /** Record the drops of \p nat. */
    void WatchDrops(Ptr<NatBox> nat);
    /** \return the recorded drops (time, reason). */
    const std::vector<std::pair<Time, NatDropReason>>& Drops() const;
    /** \return how many recorded drops had \p reason. */
    std::size_t DropCount(NatDropReason reason) const;

    /** Run until \p stop. */
    void Run(Time stop);

private:
    void OnReceive(Ptr<Socket> socket);

    std::map<Ptr<Socket>, std::vector<Receipt>> m_received;
    std::vector<std::pair<Time, NatDropReason>> m_drops;
    std::map<Ptr<Socket>, bool> m_raw;
};

/**
 * The usual home set-up: inside hosts 192.168.1.10+i behind a NAT
 * (inside 192.168.1.1, outside 203.0.113.1), remotes 203.0.113.10+i on the
 * outside segment. Remotes have no route to 192.168.1.0/24, as on the
 * Internet. Point-to-point links when there is one host on a side and
 * \p p2p is set, CSMA otherwise.
 */
struct HomeNetwork
{
    /**
     * \param insideHosts number of inside hosts
     * \param remotes number of outside hosts
     * \param configure sets up the NatHelper before Install
     * \param p2p point-to-point links where possible
     * \param checksums ns-3 checksums on
     */
    HomeNetwork(uint32_t insideHosts, uint32_t remotes,
                const std::function<void(NatHelper&)>& configure, bool p2p = false,
                bool checksums = true);

    /** \return the address of inside host \p i. */
    static Ipv4Address InsideAddress(uint32_t i);
    /** \return the address of remote \p i. */
    static Ipv4Address RemoteAddress(uint32_t i);
    /** \return the NAT's public address. */
    static Ipv4Address PublicAddress();

    Testbed bed;                   //!< the testbed
    std::vector<Ptr<Node>> inside; //!< inside hosts
    std::vector<Ptr<Node>> remote; //!< outside hosts
    Ptr<Node> natNode;             //!< the NAT's node
    Ptr<NatBox> nat;               //!< the NAT
};

} // namespace test
} // namespace ns3

#endif /* IPSEC_NAT_TEST_NAT_SCENARIO_H */
