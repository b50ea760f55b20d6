/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_TEST_IPSEC_SCENARIO_H
#define IPSEC_NAT_TEST_IPSEC_SCENARIO_H

#include "nat/nat-scenario.h"

#include "ns3/applications-module.h"

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace ns3
{
namespace test
{

/// What sits between gwA and the WAN.
enum class VpnNat
{
    PAT,    //!< PAT ("overload") on 203.0.113.1, the usual home router
    STATIC, //!< static one-to-one NAT: gwA's 192.168.1.2 is 203.0.113.5 outside
    NONE,   //!< a plain router that knows both LANs
};

/// One drop reported by an IpsecStack.
struct IpsecDrop
{
    Time at;                //!< when
    IpsecDropReason reason; //!< why
    uint32_t spi;           //!< the SA concerned (0 if none)

    /** \return true when reason and SPI are equal (the time is not compared). */
    bool operator==(const IpsecDrop& o) const
    {
        return reason == o.reason && spi == o.spi;
    }
};

/** Print a drop for test failure messages. */
std::ostream& operator<<(std::ostream& os, const IpsecDrop& d);

/// Echo traffic counted on both ends.
struct EchoCount
{
    uint32_t requests{0}; //!< requests the server received
    uint32_t replies{0};  //!< replies the client received
};

/**
 * Two sites joined by IPsec between their gateways, with a NAT (or a
 * router) in front of gwA, as in examples/esp-manual-nat.cc:
 *
 * \verbatim
 *  hostA ---- gwA ========== nat ============+=== gwB ---- hostB
 *  10.1.0.2   10.1.0.1       192.168.1.1     |   203.0.113.2  10.2.0.2
 *             192.168.1.2    203.0.113.1     |   10.2.0.1
 *  (LAN A, CSMA) (access, p2p)    (WAN, CSMA)  wan 203.0.113.9
 * \endverbatim
 *
 * "wan" is a host on the WAN segment, for injecting packets. Routes are in
 * place before IPsec is installed (the SPD wrapper hides the static
 * routing from NatHelper::GetStaticRouting). IPsec stacks are on gwA and
 * gwB, with fixed random streams; tunnels are added by the test.
 */
struct VpnNetwork
{
    /// How to build it.
    struct Options
    {
        VpnNat nat{VpnNat::PAT};                          //!< what is in front of gwA
        std::function<void(NatHelper&)> configureNat;     //!< extra NAT settings
        std::function<void(IpsecHelper&)> configureIpsec; //!< IpsecStack attributes
        bool checksums{true};                             //!< ns-3 checksums
    };

    /** Build the topology with \p options. */
    explicit VpnNetwork(const Options& options);
    /** Build the topology with a PAT and default settings. */
    VpnNetwork();
    /** Build the topology with \p nat in front of gwA and default settings. */
    explicit VpnNetwork(VpnNat nat);

    /**
     * \return the tunnel of the example: tunnel mode, ESP AES-128-CBC /
     *         HMAC-SHA1, LAN A <-> LAN B, gwA as gwB sees it through the
     *         NAT; UDP-encapsulated behind a PAT, raw ESP otherwise
     */
    IpsecManualTunnel Tunnel() const;
    /**
     * \return the transport-mode tunnel of gwA <-> gwB (the example's
     *         --mode=transport), UDP-encapsulated behind a PAT
     */
    IpsecManualTunnel TransportTunnel() const;
    /** Key \p t; \return the SPIs (gwA to gwB, gwB to gwA). */
    std::pair<uint32_t, uint32_t> AddTunnel(const IpsecManualTunnel& t);

    /** \return gwA's address as gwB sees it. */
    Ipv4Address GwASeenByB() const;

    /**
     * UDP echo: \p packets requests of \p size octets every \p interval
     * from \p client to \p server at \p to, from \p start.
     */
    std::shared_ptr<EchoCount> Echo(Ptr<Node> client, Ptr<Node> server, Ipv4Address to,
                                    uint32_t packets, Time start, uint16_t port = 9,
                                    Time interval = MilliSeconds(200), uint32_t size = 200);
    /** TCP bulk transfer of \p bytes to \p to : \p port from \p start. \return the sink. */
    Ptr<PacketSink> Bulk(Ptr<Node> client, Ptr<Node> server, Ipv4Address to, uint32_t bytes,
                         Time start, uint16_t port = 5001);

    /** Send \p payload in a UDP datagram from \p socket at \p at. */
    void SendUdpBytes(Time at, Ptr<Socket> socket, Ipv4Address to, uint16_t port, Bytes payload);
    /** Send \p payload through raw socket \p socket at \p at. */
    void SendRawBytes(Time at, Ptr<Socket> socket, Ipv4Address to, Bytes payload);

    /** \return the drops \p stack reported, in order. */
    const std::vector<IpsecDrop>& Drops(Ptr<IpsecStack> stack) const;
    /** \return the sum of \p stack's drop counters over every reason. */
    static uint64_t TotalDrops(Ptr<IpsecStack> stack);

    /** Run until absolute time \p until. */
    void RunUntil(Time until);

    /** \return PrintSas(detail) of \p stack as a string. */
    static std::string ShowSas(Ptr<IpsecStack> stack, bool detail = false);

    Testbed bed;                //!< nodes, links, sockets, NAT drop log
    Ptr<Node> hostA;            //!< 10.1.0.2
    Ptr<Node> gwA;              //!< 10.1.0.1, 192.168.1.2
    Ptr<Node> natNode;          //!< 192.168.1.1, 203.0.113.1
    Ptr<Node> gwB;              //!< 203.0.113.2, 10.2.0.1
    Ptr<Node> hostB;            //!< 10.2.0.2
    Ptr<Node> wan;              //!< 203.0.113.9
    NetDeviceContainer lanA;    //!< hostA, gwA
    NetDeviceContainer access;  //!< gwA, nat
    NetDeviceContainer wanLink; //!< nat, gwB, wan
    NetDeviceContainer lanB;    //!< gwB, hostB
    Ptr<NatBox> nat;            //!< the NAT (null for VpnNat::NONE)
    VpnNat natKind;             //!< what is in front of gwA
    IpsecHelper ipsec;          //!< installed the stacks, keys tunnels
    Ptr<IpsecStack> stackA;     //!< gwA's IPsec
    Ptr<IpsecStack> stackB;     //!< gwB's IPsec

private:
    std::map<Ptr<IpsecStack>, std::vector<IpsecDrop>> m_drops;
};

/** \return LAN \p network /24 to LAN \p other /24, any protocol. */
IpsecSelector Prefixes(const char* network, const char* other);

/**
 * \return \p udp (a UDP header and payload) with its checksum recomputed
 *         for \p src -> \p dst (RFC 768 pseudo-header)
 */
Bytes WithUdpChecksum(Bytes udp, Ipv4Address src, Ipv4Address dst);

/** \return the SPI of the ESP packet at \p esp. */
uint32_t SpiOf(const uint8_t* esp);
/** \return the sequence number of the ESP packet at \p esp. */
uint32_t SequenceOf(const uint8_t* esp);
/** \return "0x%08x(%u)", as PrintSas writes an SPI. */
std::string SpiText(uint32_t spi);

} // namespace test
} // namespace ns3

#endif /* IPSEC_NAT_TEST_IPSEC_SCENARIO_H */
