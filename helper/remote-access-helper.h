/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_REMOTE_ACCESS_HELPER_H
#define IPSEC_NAT_REMOTE_ACCESS_HELPER_H

#include "ns3/cpu-cost-profile.h"
#include "ns3/cpu-model.h"
#include "ns3/error-model.h"
#include "ns3/ike-agent.h"
#include "ns3/ipsec-stack.h"
#include "ns3/nat-box.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/remote-access-traffic.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * NAT mapping timeouts for the boxes of a scenario: one value, or a
 * distribution each box draws its own timeout from.
 *
 * Text forms (Parse):
 * - `60` or `60s`: every box 60 s;
 * - `uniform:30:120`: uniform between 30 and 120 s;
 * - `list:30;60;120`: each box picks one of the values, equally likely;
 * - `file:PATH`: as list, with one value per line of PATH ('#' comments).
 */
struct NatTimeoutSpec
{
    std::string text;          //!< as given
    std::vector<double> items; //!< list / file values, or {value}, or {low, high}
    bool uniform{false};       //!< items = {low, high}

    /**
     * \param text the specification
     * \param error set on failure: what is wrong and the allowed forms
     * \return the spec, or nullopt
     */
    static std::optional<NatTimeoutSpec> Parse(const std::string& text, std::string& error);
    /** \return a timeout for one box, drawn from \p random */
    Time Draw(Ptr<UniformRandomVariable> random) const;
    /** \return the mean timeout in seconds */
    double Mean() const;
};

/**
 * \ingroup ipsec-nat
 * The parameters of a remote-access scenario (RemoteAccessHelper). The
 * defaults are a small, quick scenario; Validate() says what is wrong.
 */
struct RemoteAccessConfig
{
    uint32_t peers{100};                 //!< remote-access clients (1..1,000,000)
    uint32_t nats{10};                   //!< NAT/PAT boxes (1..peers); peers spread evenly
    uint32_t natsPerRouter{32};          //!< NATs per aggregation router (fan-out, 1..200)
    Time keepalive{Seconds(20)};         //!< NAT-T keepalive of the clients: 0 or 5..3600 s
    bool keepaliveCountsReceived{false}; //!< IOS idle rule (sent or received); default: sent only
    std::string natTimeout{"60"};        //!< NatTimeoutSpec text
    std::string natMapping{"eim"};       //!< RFC 4787 mapping: eim, adm, apdm
    std::string natFiltering{"eif"};     //!< RFC 4787 filtering: eif, adf, apdf
    bool natInboundRefresh{false};       //!< inbound packets refresh mappings (RFC 4787 REQ-6)
    Time dpd{Seconds(0)};                //!< DPD interval on hub and clients (0: off)
    std::string cpuProfile{
        "zero"};          //!< hub CPU: zero, software-x86, hardware-crypto-engine, or a file
    uint32_t hubCores{4}; //!< hub CPU cores
    uint32_t hubQueueLimit{10000}; //!< hub CPU queue bound (jobs)
    Time startWindow{Seconds(60)}; //!< clients start IKE uniformly in [1 s, 1 s + window]
    Time hubInterval{Seconds(30)}; //!< server-to-client datagram period (0: none)
    PeerTrafficPattern peerTraffic{PeerTrafficPattern::IDLE}; //!< client-to-server traffic
    Time peerInterval{Seconds(10)};                           //!< its period / on-off scale
    double loss{0};                    //!< packet loss probability on each NAT's WAN link (0..1)
    Time wanDelay{MilliSeconds(20)};   //!< one-way delay of each NAT's WAN link
    Time rebootAt{Seconds(0)};         //!< all NATs reboot (lose their mappings) then; 0: never
    bool rebootMovesPorts{true};       //!< after the reboot, new mappings get other public ports
    uint16_t dhGroup{14};              //!< phase 1 DH group (1, 2, 5, 14, 19, 20, 31)
    Time ipsecLifetime{Seconds(3600)}; //!< phase 2 lifetime
    Time sampleInterval{Seconds(10)};  //!< timeseries interval
    bool exportKeys{false};            //!< write esp_sa and ikev1_decryption_table
    /**
     * The plain ns-3 floor of the same topology, for benchmarks: no IPsec,
     * no IKE, routers in place of the NATs; each client sends a 1-octet
     * UDP datagram to the hub every keepalive interval from its start time.
     */
    bool plain{false};
    std::string outDir{"."}; //!< where key files go

    /** \return an empty string when usable, else what is wrong and what is allowed */
    std::string Validate() const;
};

/**
 * \ingroup ipsec-nat
 * \brief Builds and measures a remote-access scenario: N IPsec clients
 *        behind M NAT/PAT boxes, one hub gateway with a server behind it.
 *
 * \verbatim
 *  client -- NAT --+                                       (M NATs, N clients)
 *  client --/      +-- aggregation router --+
 *  client -- NAT --+                        +-- core -- hub -- server
 *            ...        (natsPerRouter each) |          100.64.0.1  172.16.0.2
 *                     aggregation router ---+
 * \endverbatim
 *
 * Every client is its own IPsec endpoint (tunnel mode, its private address
 * 10.x.y.z/32 to the hub's 172.16.0.0/16) and starts IKEv1 Main Mode and
 * Quick Mode (AES-128, SHA-256, the configured DH group; ESP AES-128-CBC
 * with HMAC-SHA-256) at a random time of the start window. The hub answers
 * every client with one dynamic connection (an IOS dynamic crypto map) and a
 * wildcard pre-shared key; each client gets its own SPD entry. The server
 * sends each client a datagram every hubInterval once the client's tunnel
 * is up (what a dead NAT mapping loses), the clients send by their pattern.
 *
 * Built for scale (PERF-NOTES): addresses are added to interfaces directly
 * (no Ipv4AddressHelper), one aggregated route per aggregation router on
 * the core, moderate fan-out, no IPv6, no queue discs, point-to-point
 * links (no ARP), static routing only, WeakEsModel off on the routers, one
 * server socket for all clients. Setup is linear in the number of clients.
 *
 * Measurements: per client setup time and delivery; after a NAT reboot,
 * each client's recovery time (from the reboot to the first server
 * datagram sent after it that arrives); hub CPU utilisation sampled every
 * second; IKE, DPD and keepalive bytes; drops by layer and reason.
 */
class RemoteAccessHelper
{
public:
    /**
     * Check \p config (stops with the Validate() message when it is bad)
     * and load its CPU profile.
     */
    explicit RemoteAccessHelper(const RemoteAccessConfig& config);
    RemoteAccessHelper(const RemoteAccessHelper&) = delete;
    RemoteAccessHelper& operator=(const RemoteAccessHelper&) = delete;
    ~RemoteAccessHelper();

    /**
     * Create nodes, links, NATs, IPsec, IKE and applications, and schedule
     * the clients' IKE starts and the samples.
     * \param stream first random stream number to assign
     * \return the number of streams used
     */
    int64_t Build(int64_t stream = 1000);

    /** Stop collecting at \p end (call before Simulator::Run; Stop is up to the caller). */
    void SetEnd(Time end);

    /// Per-client results.
    struct PeerResult
    {
        uint32_t nat{0};                 //!< index of its NAT
        double natTimeoutS{0};           //!< its NAT's UDP timeout (s)
        std::optional<double> setupS;    //!< IKE start to first phase 2 (s)
        std::optional<double> recoveryS; //!< reboot to first delivery sent after it (s)
        uint64_t hubToPeerSent{0};       //!< server datagrams sent to it
        uint64_t hubToPeerDelivered{0};  //!< of those, received
        uint64_t peerToHubSent{0};       //!< its datagrams sent
        uint64_t peerToHubDelivered{0};  //!< of those, received by the server
        bool upAtEnd{false};             //!< tunnel up at the end (client side)
    };

    /** \return the results of every client (after the run). */
    std::vector<PeerResult> PeerResults() const;

    /** Write summary.csv's header line. */
    void WriteSummaryHeader(std::ostream& os) const;
    /**
     * Write summary.csv's row (after the run). Wall time is not in it, so
     * that the same seed gives the same bytes (the example writes it to
     * run-info.txt).
     */
    void WriteSummaryRow(std::ostream& os) const;
    /** Write timeseries.csv (header and rows). */
    void WriteTimeseries(std::ostream& os) const;
    /** Write peers.csv (header and rows). */
    void WritePeers(std::ostream& os) const;
    /** Print a few lines of what happened (for the terminal). */
    void PrintReport(std::ostream& os) const;

    /// \name The built scenario
    /// @{
    Ptr<Node> GetHub() const;                     //!< \return the hub gateway
    Ptr<Node> GetServer() const;                  //!< \return the server behind it
    Ptr<Node> GetPeer(uint32_t i) const;          //!< \return client i
    Ptr<Node> GetNat(uint32_t j) const;           //!< \return NAT j's node
    Ptr<NatBox> GetNatBox(uint32_t j) const;      //!< \return NAT j
    Ptr<CpuModel> GetHubCpu() const;              //!< \return the hub's CPU
    Ptr<IkeAgent> GetHubAgent() const;            //!< \return the hub's IKE agent
    Ptr<IkeAgent> GetPeerAgent(uint32_t i) const; //!< \return client i's IKE agent
    Ptr<RemoteAccessServer> GetServerApp() const; //!< \return the server application
    Ptr<NetDevice> GetHubWanDevice() const;       //!< \return the hub's WAN device (pcap)
    /** \return NAT j's WAN device and the device toward its first client (pcap). */
    std::pair<Ptr<NetDevice>, Ptr<NetDevice>> GetNatDevices(uint32_t j) const;
    const RemoteAccessConfig& GetConfig() const; //!< \return the configuration
    /** \return clients whose tunnel is up now (client side). */
    uint32_t GetTunnelsUp() const;
    /**
     * \return the hub's mean utilisation after the start window and 30 s
     *         more (the steady state: keepalives, DPD, data; no handshakes),
     *         or nullopt for a run that ends before (summary: hub_cpu_steady)
     */
    std::optional<double> SteadyCpu() const;
    /// @}

private:
    struct Peer;
    struct Sample;

    void BuildTopology();
    void BuildNats(int64_t& stream);
    void BuildIpsec(int64_t& stream);
    void BuildApplications(int64_t& stream);
    void BuildPlain(int64_t& stream);
    void OnPhase2(uint32_t i);
    void OnPeerDead(uint32_t i);
    void OnDelivered(uint32_t i, Time sentAt);
    void Reboot();
    void SampleCpu();
    void SampleSeries();

    RemoteAccessConfig m_config;
    NatTimeoutSpec m_timeouts;
    CpuCostProfile m_profile;
    Time m_end;

    Ptr<Node> m_hub;
    Ptr<Node> m_server;
    Ptr<Node> m_core;
    NodeContainer m_routers;
    NodeContainer m_natNodes;
    NodeContainer m_peerNodes;
    std::vector<Ptr<NatBox>> m_natBoxes;
    std::vector<double> m_natTimeoutS;
    std::vector<std::pair<Ptr<NetDevice>, Ptr<NetDevice>>> m_natDevices;
    Ptr<NetDevice> m_hubWan;
    std::vector<Peer> m_peers;
    Ptr<CpuModel> m_cpu;
    Ptr<RemoteAccessServer> m_serverApp;
    Ptr<UniformRandomVariable> m_random;
    std::vector<Ptr<RateErrorModel>> m_errorModels;

    // Measurements
    std::vector<double> m_cpuSamples; //!< hub utilisation per second
    Time m_lastBusy;
    std::vector<Sample> m_series;
    uint64_t m_seriesSent{0};      //!< server datagrams sent, for the current interval
    uint64_t m_seriesDelivered{0}; //!< delivered in the current interval
    uint32_t m_tunnelsUp{0};
};

} // namespace ns3

#endif /* IPSEC_NAT_REMOTE_ACCESS_HELPER_H */
