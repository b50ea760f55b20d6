/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IKE_AGENT_H
#define IPSEC_NAT_IKE_AGENT_H

#include "ikev1-crypto.h"

#include "ns3/deadline-queue.h"
#include "ns3/dh-group.h"
#include "ns3/event-id.h"
#include "ns3/ipsec-helper.h"
#include "ns3/ipsec-stack.h"
#include "ns3/isakmp-message.h"
#include "ns3/isakmp-payloads.h"
#include "ns3/isakmp-sa-payload.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/udp-port.h"

#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * One ISAKMP policy (IOS `crypto isakmp policy N`): what phase 1 may use.
 */
struct IkeProposal
{
    EncryptionDescriptor encryption; //!< CBC cipher (des, 3des, aes 128/192/256)
    HashAlgorithm hash;              //!< hash and PRF
    uint16_t group{14};              //!< Diffie-Hellman group
    Time lifetime{Seconds(86400)};   //!< phase 1 lifetime
};

/**
 * \ingroup ipsec-nat
 * One IKEv1 connection (IOS crypto map entry): the peer, the ISAKMP
 * policies, the transform set and the protected traffic.
 */
struct IkeConnection
{
    std::string name;                   //!< for traces and show output
    Ipv4Address localAddress;           //!< this node's outer address
    Ipv4Address peerAddress;            //!< the peer's address (`set peer`)
    std::vector<IkeProposal> proposals; //!< ISAKMP policies, in priority order
    IpsecTransform transform;           //!< `set transform-set`
    IpsecSelector selector;             //!< protected traffic, local to remote (`match address`)
    Time ipsecLifetime{Seconds(3600)};  //!< phase 2 lifetime
    /// Phase 1 exchange: Main Mode (false) or Aggressive Mode (true).
    bool aggressive{false};
    /// Our phase 1 identity: an FQDN (ID_FQDN), or empty for our address (ID_IPV4_ADDR).
    std::string localIdentity;
    /// Phase 2 lifetime in kilobytes (IOS `set security-association lifetime
    /// kilobytes`); 0 = no volume limit.
    uint64_t ipsecLifetimeKilobytes{0};
    /**
     * A responder template, like an IOS `crypto dynamic-map` entry: it
     * accepts Quick Mode from any authenticated peer whose proxy identities
     * fall inside \c selector (source: our side, destination: the peers'
     * side) and gives each peer its own instance connection with the
     * narrowed selector and its own SPD entry (a per-host entry when the
     * peer names one address, which the SPD finds without scanning the
     * others). peerAddress is ignored. A template installs no SPD entry and
     * cannot be initiated; its instances never initiate (IOS dynamic maps do
     * not either): rekeying is up to the peers.
     */
    bool dynamic{false};
    /// For an instance: the dynamic template it was made from (0 otherwise).
    uint32_t instanceOf{0};
};

/**
 * \ingroup ipsec-nat
 * What NAT detection (RFC 3947 section 3.2) found for one IKE SA.
 */
enum class IkeNatStatus : uint8_t
{
    NO_NAT = 0,     //!< both NAT-D hashes matched
    LOCAL_BEHIND,   //!< this side is behind a NAT
    PEER_BEHIND,    //!< the peer is behind a NAT
    BOTH_BEHIND,    //!< both are
    NOT_NEGOTIATED, //!< no NAT-T vendor ID agreed (or NAT-T disabled)
};

/** \return "no-nat", "local-behind-nat", "peer-behind-nat", "both-behind-nat", "not-negotiated". */
std::string ToString(IkeNatStatus status);

/**
 * \ingroup ipsec-nat
 * Why the IKE agent dropped a message or gave up on an exchange.
 */
enum class IkeDropReason : uint8_t
{
    MALFORMED = 0,         //!< does not parse (lengths, payloads)
    UNKNOWN_SA,            //!< cookies of no IKE SA here
    UNEXPECTED,            //!< not the message the exchange expects now
    NO_PROPOSAL_CHOSEN,    //!< no acceptable proposal
    NO_PRESHARED_KEY,      //!< no key for the peer's address
    AUTHENTICATION_FAILED, //!< HASH_I / HASH_R / QM HASH mismatch
    DECRYPTION_FAILED,     //!< not a whole number of blocks, bad key
    INVALID_KEY_EXCHANGE,  //!< the peer's public value failed validation
    TIMEOUT,               //!< retransmissions exhausted
    NO_CONNECTION,         //!< quick mode for traffic no connection covers
    STATE_LIMIT,           //!< too many half-open exchanges (responder protection)
    CPU_QUEUE_FULL,        //!< the node's CPU queue was full (CpuModel)
};

/// Number of IkeDropReason values.
constexpr std::size_t kIkeDropReasonCount = 12;

/** \return the short name ("malformed", "unknown-sa", ...). */
std::string ToString(IkeDropReason reason);

/**
 * \ingroup ipsec-nat
 * What IKE and NAT-T send, for byte accounting (IkeAgent::GetTxBytes).
 */
enum class IkeTraffic : uint8_t
{
    MAIN_MODE = 0,   //!< phase 1, Main Mode
    AGGRESSIVE_MODE, //!< phase 1, Aggressive Mode
    QUICK_MODE,      //!< phase 2
    DPD,             //!< R-U-THERE / R-U-THERE-ACK (RFC 3706)
    INFORMATIONAL,   //!< other Informational exchanges (Delete, notifications)
    NAT_KEEPALIVE,   //!< NAT-T keepalives (RFC 3948 section 2.3)
    RETRANSMISSION,  //!< any message sent again
};

/** \return "main-mode", "aggressive-mode", "quick-mode", "dpd", "informational", "nat-keepalive",
 * "retransmission". */
std::string ToString(IkeTraffic kind);

/**
 * \ingroup ipsec-nat
 * \brief IKEv1 (RFC 2409) with NAT Traversal (RFC 3947) for one node.
 *
 * Main Mode with pre-shared keys and Quick Mode without PFS; NAT-T vendor
 * IDs (RFC 3947 and the drafts 02, 02\n, 03), NAT-D payloads in messages 3
 * and 4, the port float to 4500 from message 5 on, UDP-encapsulated
 * encapsulation modes in Quick Mode, NAT-OA for transport mode; NAT
 * keepalives from the side behind the NAT, only when idle. Retransmission
 * with exponential backoff. SAs are installed into the node's IpsecStack.
 *
 * The responder chooses the pre-shared key by the source address of the
 * first message, before it sees the (encrypted) identity, as RFC 2409 Main
 * Mode requires: a NAT that rewrites that address makes the lookup miss (no
 * key) or pick another peer's key (HASH_I fails), the limitation the Cisco
 * "IPsec NAT Transparency" text describes.
 */
class IkeAgent : public Object
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    IkeAgent();
    ~IkeAgent() override;

    /** Install on \p node next to its IpsecStack (UDP port 500, 4500 via the stack). */
    void Install(Ptr<Node> node, Ptr<IpsecStack> stack);

    /** `crypto isakmp key K address A M`. */
    void AddPreSharedKey(Ipv4Address address, Ipv4Mask mask, const std::string& key);
    /**
     * `crypto isakmp key K hostname H`: a key chosen by the peer's identity,
     * which the responder learns in Aggressive Mode message 1 (in clear).
     */
    void AddPreSharedKeyForIdentity(const std::string& identity, const std::string& key);
    /** Add a connection; its SPD entry is installed now (traffic waits for the SA). */
    uint32_t AddConnection(const IkeConnection& connection);
    /** Start Main Mode for connection \p id now. */
    void Initiate(uint32_t id);

    /**
     * Write every phase 1 key, as it is derived, to \p log in Wireshark's
     * ikev1_decryption_table format (one line: initiator cookie, encryption
     * key, both hex). Several agents may share one log.
     */
    void SetKeyLog(std::shared_ptr<std::ostream> log);

    /** Print the IKE SAs like IOS `show crypto isakmp sa`. */
    void PrintIsakmpSas(std::ostream& os) const;
    /** \return the NAT status of the newest established IKE SA with \p peer. */
    IkeNatStatus GetNatStatus(Ipv4Address peer) const;
    /** \return phase 1 exchanges completed. */
    uint32_t GetPhase1Count() const;
    /** \return phase 2 exchanges completed. */
    uint32_t GetPhase2Count() const;
    /** \return phase 2 rekeys started (Quick Modes after an SA's soft lifetime). */
    uint32_t GetRekeyCount() const;
    /** \return phase 1 rekeys started (new Main/Aggressive Modes before the lifetime ends). */
    uint32_t GetPhase1RekeyCount() const;
    /** \return drops for \p reason. */
    uint64_t GetDropCount(IkeDropReason reason) const;
    /**
     * \return the IP-level bytes (IP and UDP headers, non-ESP marker
     *         included) this agent sent of \p kind
     */
    uint64_t GetTxBytes(IkeTraffic kind) const;

    /**
     * Use fixed random streams (cookies, nonces, DH private values, SPIs, jitter).
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// Trace signature: phase 1 up (peer, NAT status).
    typedef void (*Phase1TracedCallback)(Ipv4Address peer, IkeNatStatus status);
    /// Trace signature: phase 2 up (peer, inbound SPI, outbound SPI, UDP-encapsulated).
    typedef void (*Phase2TracedCallback)(Ipv4Address peer, uint32_t spiIn, uint32_t spiOut,
                                         bool udpEncapsulated);
    /// Trace signature: a drop or failure.
    typedef void (*DropTracedCallback)(Ipv4Address peer, IkeDropReason reason);
    /// Trace signature: an IKE message or keepalive left (peer, kind, IP-level bytes).
    typedef void (*TxTracedCallback)(Ipv4Address peer, IkeTraffic kind, uint32_t bytes);
    /// Trace signature: DPD declared the peer dead.
    typedef void (*PeerDeadTracedCallback)(Ipv4Address peer);

protected:
    void DoDispose() override;

private:
    struct QuickMode;
    struct IkeSa;

    // ike-agent.cc: plumbing
    void ReceiveIke500(Ptr<Packet> packet, Ipv4Header header, uint16_t sourcePort,
                       Ptr<Ipv4Interface> incoming);
    void ReceiveIke4500(Ptr<Packet> packet, Ipv4Address from, uint16_t port, Ipv4Address to);
    void CommitPeerEndpoint(IkeSa& sa);
    void OnSaLifetime(uint32_t spi, bool outbound, SaLifetimeEvent event);
    uint32_t HalfOpenCount();
    void Phase1Rekey(uint64_t saId);
    void HalfOpenExpire(uint64_t saId);
    void StartHalfOpenTimer(IkeSa& sa);
    void Phase1Expire(uint64_t saId);
    /// A phase 1 deadline: the initiator's rekey or the ISAKMP SA's end.
    struct Phase1Deadline
    {
        uint64_t saId; //!< the ISAKMP SA
        bool expire;   //!< its end (else the initiator's rekey)
    };

    /** Queue a phase 1 deadline of \p saId \p delay from now. */
    void QueuePhase1Deadline(uint64_t saId, Time delay, bool expire);
    /** A phase 1 deadline came up: rekey or end the SA. */
    void Phase1Due(int64_t at, const Phase1Deadline& d);
    /** \return true if the deadline's SA is no longer established. */
    bool Phase1Stale(int64_t at, const Phase1Deadline& d) const;
    void Established(IkeSa& sa);
    void Dispatch(const Bytes& data, Ipv4Address from, uint16_t fromPort, Ipv4Address to,
                  bool natT);
    void Send(IkeSa& sa, const Bytes& message, bool request, bool dpd = false);
    void Retransmit(uint64_t saId);
    void Drop(Ipv4Address peer, IkeDropReason reason);
    void Fail(IkeSa& sa, IkeDropReason reason);
    Bytes RandomBytes(std::size_t n);
    /**
     * Charge a piece of IKE work to the node's CPU (IpsecStack::SetCpu):
     * run \p work now, count what it asked OpenSSL to do (CryptoWork) and
     * the messages it built and encrypted, and hold the messages it sends
     * until a CPU job of that cost finishes. Without a CPU, just run it.
     */
    void RunMetered(const std::function<void()>& work);
    /**
     * For timer and API entry points: when a CPU is set and no metered
     * work is running, run \p self (the same call again) metered.
     * \return true if it did (the caller returns), false to go on
     */
    bool Metered(const std::function<void()>& self);
    /** Receive path: a CPU job for parsing, then the metered handling. */
    void Admit(Bytes data, Ipv4Address from, uint16_t fromPort, Ipv4Address to, bool natT);
    /** Put an IKE message on the wire now, or hold it while metered work runs. */
    void Transmit(const Bytes& message, Ipv4Address peer, uint16_t port, bool natTPort,
                  IkeTraffic kind);
    /** \return what kind of traffic a message of exchange \p exchangeType is (not DPD) */
    static IkeTraffic TrafficOf(uint8_t exchangeType);
    /** \return the node's CPU cost profile (IpsecStack::GetCpuProfile). */
    const CpuCostProfile& CpuProfile() const;
    IkeSa* FindSa(const std::array<uint8_t, 8>& ckyI, const std::array<uint8_t, 8>& ckyR);
    /** Take ownership of a new SA, index it; \return it. */
    IkeSa& RegisterSa(std::unique_ptr<IkeSa> sa);
    /** \return a responder SA for the initiator cookie that has sent a reply, or nullptr. */
    IkeSa* FindAnsweredResponderSa(const std::array<uint8_t, 8>& ckyI);
    /** \return the connection for \p id; instances of dynamic templates included. */
    uint32_t InstantiateDynamic(uint32_t templateId, Ipv4Address peer, Ipv4Address peerNet,
                                Ipv4Mask peerMask, Ipv4Address localNet, Ipv4Mask localMask);
    const std::string* FindPsk(Ipv4Address address) const;
    Bytes Encrypt(IkeSa& sa, Bytes& iv, const IsakmpHeader& header, const Bytes& chain);
    std::optional<Bytes> Decrypt(IkeSa& sa, Bytes& iv, const IsakmpMessage& message);

    // ikev1-main-mode.cc: phase 1
    void SendMm1(IkeSa& sa);
    void HandleMm1(const IsakmpMessage& m, Ipv4Address from, uint16_t port, Ipv4Address to);
    void HandleMm2(IkeSa& sa, const IsakmpMessage& m);
    void SendKeNonce(IkeSa& sa, uint8_t exchangeMessage);
    void HandleKeNonce(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort,
                       Ipv4Address to);
    bool DeriveKeys(IkeSa& sa);
    void SendIdHash(IkeSa& sa);
    void HandleIdHash(IkeSa& sa, const IsakmpMessage& m);
    Bytes BuildPhase1Sa(const std::vector<IkeProposal>& proposals) const;
    std::optional<std::pair<IkeProposal, TransformPayload>> ChoosePhase1(
        const SaPayload& offer) const;
    void ReadVendorIds(IkeSa& sa, const IsakmpMessage& m) const;
    std::vector<IsakmpPayload> VendorIds() const;

    // ikev1-aggressive-mode.cc: phase 1 in three messages
    void SendAm1(IkeSa& sa);
    void HandleAm1(const IsakmpMessage& m, Ipv4Address from, uint16_t port, Ipv4Address to);
    void HandleAm2(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort);
    void HandleAm3(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort);
    IdPayload LocalId(const IkeSa& sa) const;

    // ikev1-informational.cc: protected notifications, deletes, DPD (RFC 3706)
    void SendInformational(IkeSa& sa, const std::vector<IsakmpPayload>& payloads);
    void HandleInformational(IkeSa& sa, const IsakmpMessage& m);
    void ScheduleDpd(uint64_t saId, Time delay);
    void DpdTimer(uint64_t saId);
    void PeerDead(IkeSa& sa);

    // ikev1-nat-t.cc: NAT-T
    std::vector<IsakmpPayload> NatDPayloads(const IkeSa& sa, Ipv4Address remote,
                                            uint16_t remotePort, Ipv4Address local,
                                            uint16_t localPort) const;
    void CheckNatD(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort,
                   Ipv4Address to, uint16_t toPort);
    void ScheduleKeepalive(IkeSa& sa, Time sinceActivity);
    void Keepalive(uint64_t saId);

    // ikev1-quick-mode.cc: phase 2
    void StartQuickMode(IkeSa& sa);
    void HandleQuickMode(IkeSa& sa, const IsakmpMessage& m);
    Bytes BuildPhase2Sa(const IkeSa& sa, uint32_t spi) const;
    void InstallSas(IkeSa& sa, QuickMode& qm);

    Ptr<Node> m_node;
    Ptr<IpsecStack> m_stack;
    UdpPort m_port500; //!< UDP 500: IKE before (or without) NAT-T
    Ptr<UniformRandomVariable> m_random;
    std::vector<std::tuple<Ipv4Address, Ipv4Mask, std::string>> m_keys;
    std::map<std::string, std::string> m_identityKeys;
    std::map<uint32_t, IkeConnection> m_connections;
    std::map<uint64_t, std::unique_ptr<IkeSa>> m_sas;
    /// Initiator cookie -> SA ids (FindSa without a scan of every SA).
    std::unordered_multimap<uint64_t, uint64_t> m_saByCookie;
    /// Responder SAs that were half-open when last looked at (pruned lazily).
    std::set<uint64_t> m_halfOpen;
    /// SAs this agent initiated: none on a pure responder such as a hub,
    /// whose rekey check then skips its thousands of SAs.
    uint64_t m_initiatedSaCount{0};
    /// Connections a responder matches offers against: the ones added by
    /// AddConnection, not the per-peer instances of dynamic templates.
    std::vector<uint32_t> m_templates;
    /// (template, peer-side ID, our-side ID) -> instance connection.
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>, uint32_t> m_instances;
    /// Phase 1 deadlines of every ISAKMP SA (its initiator's rekey, its
    /// end) behind one timer; those of an SA no longer established are
    /// skipped.
    DeadlineQueue<IkeAgent, Phase1Deadline, &IkeAgent::Phase1Due, &IkeAgent::Phase1Stale>
        m_phase1Deadlines{this};
    uint64_t m_nextSaId{1};
    uint32_t m_nextConnection{1};
    std::shared_ptr<std::ostream> m_keyLog;
    uint32_t m_phase1Count{0};
    uint32_t m_phase2Count{0};
    uint32_t m_rekeyCount{0};
    uint32_t m_phase1RekeyCount{0};
    std::array<uint64_t, kIkeDropReasonCount> m_drops{};

    // CPU accounting (IpsecStack::SetCpu): see RunMetered.
    uint32_t m_meterDepth{0};                  //!< >0 while metered work runs
    Time m_meterCost;                          //!< cost of builds and CBC in the running work
    std::vector<std::function<void()>> m_held; //!< transmissions waiting for the CPU
    std::array<uint64_t, 7> m_txBytes{};       //!< IP-level bytes sent, by IkeTraffic

    // Attributes
    bool m_natTraversal;
    Time m_natKeepalive;
    bool m_keepaliveCountsReceived;
    Time m_retransmitTimeout;
    uint32_t m_retransmitLimit;
    uint32_t m_dhPrivateOctets;
    uint32_t m_maxHalfOpen;
    Time m_halfOpenTimeout;
    Time m_dpdInterval;
    Time m_dpdRetryInterval;
    uint32_t m_dpdRetries;
    bool m_dpdOnDemand;
    bool m_dpdRestart;

    TracedCallback<Ipv4Address, IkeNatStatus> m_phase1Trace;
    TracedCallback<Ipv4Address, uint32_t, uint32_t, bool> m_phase2Trace;
    TracedCallback<Ipv4Address, IkeDropReason> m_dropTrace;
    TracedCallback<Ipv4Address, uint16_t> m_keepaliveTrace;
    TracedCallback<Ipv4Address> m_peerDeadTrace;
    TracedCallback<Ipv4Address, IkeTraffic, uint32_t> m_txTrace;
};

} // namespace ns3

#endif /* IPSEC_NAT_IKE_AGENT_H */
