/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IkeAgent plumbing: UDP ports, dispatch, retransmission, encryption of
 * message bodies, key export, show output. The exchanges live in
 * ikev1-main-mode.cc, ikev1-quick-mode.cc and ikev1-nat-t.cc.
 */
#include "ike-agent.h"

#include "ike-sa.h"

#include "ns3/boolean.h"
#include "ns3/cpu-model.h"
#include "ns3/crypto-work.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-encapsulation.h"
#include "ns3/uinteger.h"

#include <functional>
#include <iomanip>
#include <sstream>
#include <string_view>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeAgent");
NS_OBJECT_ENSURE_REGISTERED(IkeAgent);

std::string
ToString(IkeNatStatus status)
{
    switch (status)
    {
        case IkeNatStatus::NO_NAT:
            return "no-nat";
        case IkeNatStatus::LOCAL_BEHIND:
            return "local-behind-nat";
        case IkeNatStatus::PEER_BEHIND:
            return "peer-behind-nat";
        case IkeNatStatus::BOTH_BEHIND:
            return "both-behind-nat";
        case IkeNatStatus::NOT_NEGOTIATED:
            return "not-negotiated";
    }
    return "unknown";
}

std::string
ToString(IkeDropReason reason)
{
    switch (reason)
    {
        case IkeDropReason::MALFORMED:
            return "malformed";
        case IkeDropReason::UNKNOWN_SA:
            return "unknown-sa";
        case IkeDropReason::UNEXPECTED:
            return "unexpected";
        case IkeDropReason::NO_PROPOSAL_CHOSEN:
            return "no-proposal-chosen";
        case IkeDropReason::NO_PRESHARED_KEY:
            return "no-preshared-key";
        case IkeDropReason::AUTHENTICATION_FAILED:
            return "authentication-failed";
        case IkeDropReason::DECRYPTION_FAILED:
            return "decryption-failed";
        case IkeDropReason::INVALID_KEY_EXCHANGE:
            return "invalid-key-exchange";
        case IkeDropReason::TIMEOUT:
            return "timeout";
        case IkeDropReason::NO_CONNECTION:
            return "no-connection";
        case IkeDropReason::STATE_LIMIT:
            return "state-limit";
        case IkeDropReason::CPU_QUEUE_FULL:
            return "cpu-queue-full";
    }
    return "unknown";
}

std::string
ToString(IkeTraffic kind)
{
    switch (kind)
    {
        case IkeTraffic::MAIN_MODE:
            return "main-mode";
        case IkeTraffic::AGGRESSIVE_MODE:
            return "aggressive-mode";
        case IkeTraffic::QUICK_MODE:
            return "quick-mode";
        case IkeTraffic::DPD:
            return "dpd";
        case IkeTraffic::INFORMATIONAL:
            return "informational";
        case IkeTraffic::NAT_KEEPALIVE:
            return "nat-keepalive";
        case IkeTraffic::RETRANSMISSION:
            return "retransmission";
    }
    return "unknown";
}

TypeId
IkeAgent::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::IkeAgent")
              .SetParent<Object>()
              .SetGroupName("IpsecNat")
              .AddConstructor<IkeAgent>()
              .AddAttribute("NatTraversal",
                            "Offer and accept NAT Traversal (RFC 3947). Off is IOS `no crypto "
                            "ipsec nat-transparency udp-encapsulation`: no NAT-T vendor IDs, "
                            "raw ESP.",
                            BooleanValue(true), MakeBooleanAccessor(&IkeAgent::m_natTraversal),
                            MakeBooleanChecker())
              .AddAttribute("NatKeepalive",
                            "NAT keepalive interval (IOS `crypto isakmp nat keepalive`): 0 (off) "
                            "or 5..3600 s. Sent by the side behind a NAT, only when nothing was "
                            "sent or received for the interval, with 5% jitter.",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&IkeAgent::m_natKeepalive),
                            MakeTimeChecker())
              .AddAttribute("KeepaliveCountsReceived",
                            "What makes the SA not idle for the keepalive timer: true (the Cisco "
                            "text) counts packets sent or received; false counts only packets "
                            "sent, which are what refresh the NAT's mapping (RFC 4787 REQ-6). "
                            "With true and a NAT that inbound packets do not refresh, a mapping "
                            "can lapse after up to twice the interval.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&IkeAgent::m_keepaliveCountsReceived),
                            MakeBooleanChecker())
              .AddAttribute("RetransmitTimeout",
                            "First retransmission timeout; doubles at each retransmission.",
                            TimeValue(Seconds(2)), MakeTimeAccessor(&IkeAgent::m_retransmitTimeout),
                            MakeTimeChecker(MilliSeconds(10)))
              .AddAttribute("RetransmitLimit", "Retransmissions before an exchange is given up.",
                            UintegerValue(5), MakeUintegerAccessor(&IkeAgent::m_retransmitLimit),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("DhPrivateOctets",
                            "Length of MODP private exponents (0 = the prime's length).",
                            UintegerValue(32), MakeUintegerAccessor(&IkeAgent::m_dhPrivateOctets),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("MaxHalfOpen",
                            "Responder state limit: phase 1 exchanges in progress beyond which new "
                            "ones are refused (dropped as state-limit), a defence against floods "
                            "of first messages.",
                            UintegerValue(1000), MakeUintegerAccessor(&IkeAgent::m_maxHalfOpen),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("HalfOpenTimeout",
                            "A responder's phase 1 exchange not completed within this time is "
                            "given up (timeout), freeing its place under MaxHalfOpen.",
                            TimeValue(Seconds(30)), MakeTimeAccessor(&IkeAgent::m_halfOpenTimeout),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("DpdInterval",
                            "Dead Peer Detection (RFC 3706) interval, IOS `crypto isakmp "
                            "keepalive S R`: 0 = off.",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&IkeAgent::m_dpdInterval),
                            MakeTimeChecker())
              .AddAttribute("DpdRetryInterval",
                            "Time between R-U-THERE retries once one went unanswered.",
                            TimeValue(Seconds(2)), MakeTimeAccessor(&IkeAgent::m_dpdRetryInterval),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("DpdRetries",
                            "Unanswered R-U-THEREs after which the peer is declared dead.",
                            UintegerValue(3), MakeUintegerAccessor(&IkeAgent::m_dpdRetries),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("DpdOnDemand",
                            "true: R-U-THERE only when we sent traffic and heard nothing for the "
                            "interval (IOS on-demand); false: whenever nothing was heard for the "
                            "interval (IOS periodic).",
                            BooleanValue(false), MakeBooleanAccessor(&IkeAgent::m_dpdOnDemand),
                            MakeBooleanChecker())
              .AddAttribute("DpdRestart",
                            "After a dead peer, an initiator starts a new Main Mode (strongSwan "
                            "dpdaction=restart); else the SAs are just cleared.",
                            BooleanValue(true), MakeBooleanAccessor(&IkeAgent::m_dpdRestart),
                            MakeBooleanChecker())
              .AddTraceSource("PeerDead", "DPD declared the peer dead; its SAs were deleted.",
                              MakeTraceSourceAccessor(&IkeAgent::m_peerDeadTrace),
                              "ns3::Ipv4Address::TracedCallback")
              .AddTraceSource("Phase1Established", "Main Mode completed: peer, NAT status.",
                              MakeTraceSourceAccessor(&IkeAgent::m_phase1Trace),
                              "ns3::IkeAgent::Phase1TracedCallback")
              .AddTraceSource("Phase2Established", "Quick Mode completed and SAs installed.",
                              MakeTraceSourceAccessor(&IkeAgent::m_phase2Trace),
                              "ns3::IkeAgent::Phase2TracedCallback")
              .AddTraceSource("Drop",
                              "A message was dropped or an exchange failed, with the reason.",
                              MakeTraceSourceAccessor(&IkeAgent::m_dropTrace),
                              "ns3::IkeAgent::DropTracedCallback")
              .AddTraceSource("KeepaliveSent", "A NAT keepalive was sent: peer, port.",
                              MakeTraceSourceAccessor(&IkeAgent::m_keepaliveTrace),
                              "ns3::Ipv4Address::TracedCallback")
              .AddTraceSource(
                  "Tx", "An IKE message or NAT keepalive left: peer, kind, IP-level bytes.",
                  MakeTraceSourceAccessor(&IkeAgent::m_txTrace), "ns3::IkeAgent::TxTracedCallback");
    return tid;
}

IkeAgent::IkeAgent()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

IkeAgent::~IkeAgent() = default;

void
IkeAgent::Install(Ptr<Node> node, Ptr<IpsecStack> stack)
{
    m_node = node;
    m_stack = stack;
    for (const auto& [id, c] : m_connections)
    {
        if (c.transform.mode == IpsecMode::TRANSPORT)
        {
            m_stack->EnableTransportMode();
        }
    }
    double ka = m_natKeepalive.GetSeconds();
    NS_ABORT_MSG_IF(m_natKeepalive != Time(0) && (ka < 5 || ka > 3600),
                    "IKE on node " << node->GetId() << ": NAT keepalive " << ka
                                   << " s is out of range: allowed 5..3600 s (or 0 = off)");
    NS_ABORT_MSG_IF(!m_port500.Open(node, kIkePort, MakeCallback(&IkeAgent::ReceiveIke500, this)),
                    "IKE on node " << node->GetId() << ": cannot bind UDP 500");
    stack->SetIkeReceiveCallback(MakeCallback(&IkeAgent::ReceiveIke4500, this));
    stack->TraceConnectWithoutContext("Lifetime", MakeCallback(&IkeAgent::OnSaLifetime, this));
}

void
IkeAgent::AddPreSharedKey(Ipv4Address address, Ipv4Mask mask, const std::string& key)
{
    m_keys.emplace_back(address, mask, key);
}

void
IkeAgent::AddPreSharedKeyForIdentity(const std::string& identity, const std::string& key)
{
    m_identityKeys[identity] = key;
}

uint32_t
IkeAgent::AddConnection(const IkeConnection& connection)
{
    NS_ABORT_MSG_IF(connection.proposals.empty(),
                    "IKE connection '" << connection.name << "' has no ISAKMP policy");
    uint32_t id = m_nextConnection++;
    m_connections[id] = connection;
    m_connections[id].instanceOf = 0;
    m_templates.push_back(id);
    if (connection.transform.mode == IpsecMode::TRANSPORT && m_stack)
    {
        m_stack->EnableTransportMode();
    }
    if (connection.dynamic)
    {
        return id; // instances get SPD entries (InstantiateDynamic)
    }
    // The SPD entry exists from now on: traffic waits (no-sa) until Quick
    // Mode installs the SAs, as on a router whose crypto map has no SA yet.
    IpsecPolicy policy;
    policy.name = connection.name;
    policy.selector = connection.selector;
    policy.action = IpsecPolicyAction::PROTECT;
    policy.saBundle = id;
    m_stack->GetSpd().Add(policy);
    return id;
}

void
IkeAgent::SetKeyLog(std::shared_ptr<std::ostream> log)
{
    m_keyLog = std::move(log);
}

int64_t
IkeAgent::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

Bytes
IkeAgent::RandomBytes(std::size_t n)
{
    // Two octets per draw of the stream (cookies, nonces and DH private
    // values take 8 to 256 octets). An MRG32k3a draw is a multiple of
    // 1/(m1 + 1), m1 close to 2^32, so the 16 bits taken from it are
    // uniform to within 2^-16; a handshake makes half the draws it would
    // with one octet per draw.
    Bytes b(n);
    for (std::size_t i = 0; i < n; i += 2)
    {
        uint32_t v = m_random->GetInteger(0, 0xFFFF);
        b[i] = static_cast<uint8_t>(v >> 8);
        if (i + 1 < n)
        {
            b[i + 1] = static_cast<uint8_t>(v);
        }
    }
    return b;
}

const std::string*
IkeAgent::FindPsk(Ipv4Address address) const
{
    // Longest mask wins; the wildcard 0.0.0.0/0 is the last resort.
    const std::string* best = nullptr;
    int bestLen = -1;
    for (const auto& [a, m, k] : m_keys)
    {
        if (m.IsMatch(a, address) && int(m.GetPrefixLength()) > bestLen)
        {
            best = &k;
            bestLen = m.GetPrefixLength();
        }
    }
    return best;
}

uint32_t
IkeAgent::InstantiateDynamic(uint32_t templateId, Ipv4Address peer, Ipv4Address peerNet,
                             Ipv4Mask peerMask, Ipv4Address localNet, Ipv4Mask localMask)
{
    // One instance per template and pair of proxy identities: a peer that
    // comes back (new phase 1 after a NAT reboot, rekey) reuses its SPD
    // entry, and its new SAs join the same bundle.
    auto key = std::make_tuple(templateId, peerNet.Get(), peerMask.Get(), localNet.Get(),
                               localMask.Get());
    auto found = m_instances.find(key);
    if (found != m_instances.end())
    {
        m_connections[found->second].peerAddress = peer;
        return found->second;
    }
    IkeConnection c = m_connections.at(templateId);
    std::ostringstream name;
    name << c.name << " " << peerNet;
    c.name = name.str();
    c.dynamic = false;
    c.instanceOf = templateId;
    c.peerAddress = peer;
    c.selector.source = localNet;
    c.selector.sourceMask = localMask;
    c.selector.destination = peerNet;
    c.selector.destinationMask = peerMask;
    uint32_t id = m_nextConnection++;
    m_connections[id] = c;
    m_instances[key] = id;
    IpsecPolicy policy;
    policy.name = c.name;
    policy.selector = c.selector;
    policy.action = IpsecPolicyAction::PROTECT;
    policy.saBundle = id;
    m_stack->GetSpd().Add(policy);
    NS_LOG_INFO("node " << m_node->GetId() << " dynamic connection " << c.name << " for peer "
                        << peer);
    return id;
}

namespace
{
uint64_t
CookieKey(const std::array<uint8_t, 8>& cookie)
{
    uint64_t k = 0;
    for (uint8_t b : cookie)
    {
        k = (k << 8) | b;
    }
    return k;
}
} // namespace

IkeAgent::IkeSa&
IkeAgent::RegisterSa(std::unique_ptr<IkeSa> sa)
{
    IkeSa& ref = *sa;
    m_saByCookie.emplace(CookieKey(sa->ckyI), sa->id);
    if (sa->initiator)
    {
        ++m_initiatedSaCount;
    }
    else
    {
        m_halfOpen.insert(sa->id);
    }
    m_sas[sa->id] = std::move(sa);
    return ref;
}

IkeAgent::IkeSa*
IkeAgent::FindAnsweredResponderSa(const std::array<uint8_t, 8>& ckyI)
{
    auto [first, last] = m_saByCookie.equal_range(CookieKey(ckyI));
    for (auto it = first; it != last; ++it)
    {
        IkeSa& sa = *m_sas.at(it->second);
        if (!sa.initiator && !sa.lastSent.empty())
        {
            return &sa;
        }
    }
    return nullptr;
}

IkeAgent::IkeSa*
IkeAgent::FindSa(const std::array<uint8_t, 8>& ckyI, const std::array<uint8_t, 8>& ckyR)
{
    IkeSa* found = nullptr;
    auto [first, last] = m_saByCookie.equal_range(CookieKey(ckyI));
    for (auto it = first; it != last; ++it)
    {
        IkeSa* sa = m_sas.at(it->second).get();
        if ((sa->ckyR == ckyR
             || (sa->initiator
                 && (sa->state == IkeState::MM_WAIT_2 || sa->state == IkeState::AM_WAIT_2)))
            && (!found || sa->id < found->id))
        {
            found = sa; // the oldest, as a scan in id order finds
        }
    }
    return found;
}

void
IkeAgent::Drop(Ipv4Address peer, IkeDropReason reason)
{
    NS_LOG_INFO("node " << m_node->GetId() << " IKE drop from " << peer << ": "
                        << ToString(reason));
    ++m_drops[static_cast<std::size_t>(reason)];
    m_dropTrace(peer, reason);
}

void
IkeAgent::Fail(IkeSa& sa, IkeDropReason reason)
{
    sa.retransmit.Cancel();
    sa.keepalive.Cancel();
    sa.dpdTimer.Cancel();
    sa.halfOpenTimer.Cancel();
    sa.state = IkeState::FAILED; // its phase 1 deadlines are skipped now
    Drop(sa.peer, reason);
}

uint64_t
IkeAgent::GetDropCount(IkeDropReason reason) const
{
    return m_drops[static_cast<std::size_t>(reason)];
}

uint32_t
IkeAgent::GetPhase1Count() const
{
    return m_phase1Count;
}

uint32_t
IkeAgent::HalfOpenCount()
{
    // Responder exchanges still in progress: not the established, failed or
    // expired (lifetime over) ones. The set holds every responder SA until
    // it is seen to have left the half-open states.
    for (auto it = m_halfOpen.begin(); it != m_halfOpen.end();)
    {
        const IkeSa& sa = *m_sas.at(*it);
        bool open = sa.state != IkeState::ESTABLISHED && sa.state != IkeState::FAILED
                    && sa.state != IkeState::EXPIRED;
        it = open ? std::next(it) : m_halfOpen.erase(it);
    }
    return static_cast<uint32_t>(m_halfOpen.size());
}

uint32_t
IkeAgent::GetRekeyCount() const
{
    return m_rekeyCount;
}

void
IkeAgent::OnSaLifetime(uint32_t spi, bool outbound, SaLifetimeEvent event)
{
    if (Metered([=]() { OnSaLifetime(spi, outbound, event); }))
    {
        return; // ran again, charged to the CPU
    }
    if (event != SaLifetimeEvent::SOFT_EXPIRED || !outbound)
    {
        return;
    }
    // Make before break (RFC 2409 section 5.5 / 4.4.2.1 of RFC 4301): a new
    // Quick Mode while the old SAs still carry traffic; the newest outbound
    // SA of the bundle is used as soon as it is installed, the old inbound
    // one keeps accepting until its hard lifetime. The phase 1 initiator
    // rekeys, so the two sides do not both start one.
    // Newest first (ids grow), and only where this agent initiated any: a
    // hub is the responder of thousands of SAs and rekeys none of them.
    uint32_t bundle = m_stack->GetBundleOfSpi(spi);
    IkeSa* newest = nullptr;
    if (m_initiatedSaCount > 0)
    {
        for (auto it = m_sas.rbegin(); it != m_sas.rend(); ++it)
        {
            IkeSa& sa = *it->second;
            if (sa.initiator && sa.connection == bundle && sa.state == IkeState::ESTABLISHED)
            {
                newest = &sa;
                break;
            }
        }
    }
    if (newest)
    {
        ++m_rekeyCount;
        NS_LOG_INFO("node " << m_node->GetId() << " rekey of connection " << bundle);
        StartQuickMode(*newest);
    }
}

uint32_t
IkeAgent::GetPhase2Count() const
{
    return m_phase2Count;
}

IkeNatStatus
IkeAgent::GetNatStatus(Ipv4Address peer) const
{
    IkeNatStatus status = IkeNatStatus::NOT_NEGOTIATED;
    for (const auto& [id, sa] : m_sas)
    {
        if (sa->peer == peer && sa->state == IkeState::ESTABLISHED)
        {
            status = sa->NatStatus();
        }
    }
    return status;
}

void
IkeAgent::ReceiveIke500(Ptr<Packet> packet, Ipv4Header header, uint16_t sourcePort,
                        Ptr<Ipv4Interface> /* incoming */)
{
    Bytes b(packet->GetSize());
    packet->CopyData(b.data(), b.size());
    Admit(std::move(b), header.GetSource(), sourcePort, header.GetDestination(), false);
}

void
IkeAgent::ReceiveIke4500(Ptr<Packet> packet, Ipv4Address from, uint16_t port, Ipv4Address to)
{
    Bytes b(packet->GetSize());
    packet->CopyData(b.data(), b.size());
    Admit(std::move(b), from, port, to, true);
}

// ------------------------------------------------------------ CPU accounting

void
IkeAgent::Admit(Bytes data, Ipv4Address from, uint16_t fromPort, Ipv4Address to, bool natT)
{
    Ptr<CpuModel> cpu = m_stack->GetCpu();
    if (!cpu)
    {
        Dispatch(data, from, fromPort, to, natT);
        return;
    }
    // Parsing waits for the CPU (and is refused when its queue is full);
    // the handling that follows is charged for what it really computes.
    auto shared = std::make_shared<Bytes>(std::move(data));
    auto handle = [this, shared, from, fromPort, to, natT]()
    {
        RunMetered([this, shared, from, fromPort, to, natT]()
                   { Dispatch(*shared, from, fromPort, to, natT); });
    };
    if (!cpu->Submit(CpuProfile().IkeMessage(), Callback<void>(std::function<void()>(handle)),
                     "ike-parse"))
    {
        Drop(from, IkeDropReason::CPU_QUEUE_FULL);
    }
}

void
IkeAgent::RunMetered(const std::function<void()>& work)
{
    Ptr<CpuModel> cpu = m_stack->GetCpu();
    if (!cpu || m_meterDepth > 0)
    {
        work();
        return;
    }
    const CpuCostProfile& profile = CpuProfile();
    CryptoWork before = CryptoWorkTally();
    m_meterCost = Time(0);
    ++m_meterDepth;
    work();
    --m_meterDepth;
    CryptoWork done = CryptoWorkTally() - before;
    Time cost = m_meterCost;
    for (const auto& [group, n] : done.dhGenerate)
    {
        cost += profile.DhGenerate(group) * int64_t(n);
    }
    for (const auto& [group, n] : done.dhAgree)
    {
        cost += profile.DhAgree(group) * int64_t(n);
    }
    for (std::size_t h = 0; h < done.prf.size(); ++h)
    {
        cost += profile.Prf(static_cast<HashAlgorithm>(h)) * int64_t(done.prf[h]);
    }
    std::vector<std::function<void()>> held;
    held.swap(m_held);
    if (held.empty() && cost == Time(0))
    {
        return;
    }
    auto release = [held = std::move(held)]()
    {
        for (const auto& send : held)
        {
            send();
        }
    };
    if (!cpu->Submit(cost, Callback<void>(std::function<void()>(release)), "ike"))
    {
        // The computation happened but its results never leave: as if the
        // router had dropped the work (the peer retransmits).
        Drop(Ipv4Address::GetAny(), IkeDropReason::CPU_QUEUE_FULL);
    }
}

bool
IkeAgent::Metered(const std::function<void()>& self)
{
    if (!m_stack || !m_stack->GetCpu() || m_meterDepth > 0)
    {
        return false;
    }
    RunMetered(self);
    return true;
}

const CpuCostProfile&
IkeAgent::CpuProfile() const
{
    return m_stack->GetCpuProfile();
}

IkeTraffic
IkeAgent::TrafficOf(uint8_t exchangeType)
{
    switch (exchangeType)
    {
        case IsakmpExchangeType::kMainMode:
            return IkeTraffic::MAIN_MODE;
        case IsakmpExchangeType::kAggressive:
            return IkeTraffic::AGGRESSIVE_MODE;
        case IsakmpExchangeType::kQuickMode:
            return IkeTraffic::QUICK_MODE;
        default:
            return IkeTraffic::INFORMATIONAL;
    }
}

void
IkeAgent::Transmit(const Bytes& message, Ipv4Address peer, uint16_t port, bool natTPort,
                   IkeTraffic kind)
{
    if (m_meterDepth > 0)
    {
        m_held.emplace_back([this, message, peer, port, natTPort, kind]()
                            { Transmit(message, peer, port, natTPort, kind); });
        return;
    }
    Ptr<Packet> p = Create<Packet>(message.data(), message.size());
    // IP (20) + UDP (8) headers, and the non-ESP marker on port 4500.
    uint32_t bytes = static_cast<uint32_t>(message.size()) + 28 + (natTPort ? 4 : 0);
    m_txBytes[static_cast<std::size_t>(kind)] += bytes;
    m_txTrace(peer, kind, bytes);
    if (natTPort)
    {
        m_stack->SendIkeOnNatTPort(p, peer, port);
    }
    else
    {
        IpsecStack::MarkOwnOutput(p);
        m_port500.SendTo(p, peer, port);
    }
}

uint64_t
IkeAgent::GetTxBytes(IkeTraffic kind) const
{
    return m_txBytes[static_cast<std::size_t>(kind)];
}

void
IkeAgent::Dispatch(const Bytes& data, Ipv4Address from, uint16_t fromPort, Ipv4Address to,
                   bool natT)
{
    auto parsed = IsakmpMessage::Parse(data.data(), data.size());
    if (!parsed)
    {
        Drop(from, IkeDropReason::MALFORMED);
        return;
    }
    const IsakmpMessage& m = parsed.Value();
    const IsakmpHeader& h = m.header;
    std::array<uint8_t, 8> zero{};
    if (h.exchangeType == IsakmpExchangeType::kAggressive && h.responderCookie == zero)
    {
        if (IkeSa* sa = FindAnsweredResponderSa(h.initiatorCookie))
        {
            Send(*sa, sa->lastSent, false);
            return;
        }
        if (HalfOpenCount() >= m_maxHalfOpen)
        {
            Drop(from, IkeDropReason::STATE_LIMIT);
            return;
        }
        HandleAm1(m, from, fromPort, to);
        return;
    }
    if (h.exchangeType == IsakmpExchangeType::kMainMode && h.responderCookie == zero)
    {
        if (IkeSa* sa = FindAnsweredResponderSa(h.initiatorCookie))
        {
            Send(*sa, sa->lastSent, false); // a retransmitted MM1: answer again
            return;
        }
        if (HalfOpenCount() >= m_maxHalfOpen)
        {
            Drop(from, IkeDropReason::STATE_LIMIT);
            return;
        }
        HandleMm1(m, from, fromPort, to);
        return;
    }
    IkeSa* sa = FindSa(h.initiatorCookie, h.responderCookie);
    if (!sa)
    {
        Drop(from, IkeDropReason::UNKNOWN_SA);
        return;
    }
    // A retransmission of the message we already answered: answer again
    // (RFC 2408 section 5: the peer lost our reply).
    // A checksum of the whole message, folded to 32 bits (std::hash of the
    // octets reads them eight at a time).
    const uint64_t h64 = std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    const auto digest = static_cast<uint32_t>(h64 ^ (h64 >> 32));
    if (digest == sa->lastReceivedHash)
    {
        // Not from an exchange that failed: its last message answers nothing.
        if (!sa->lastSent.empty() && sa->state != IkeState::FAILED)
        {
            Send(*sa, sa->lastSent, false);
        }
        return;
    }
    if (natT && !sa->floated
        && (sa->state == IkeState::MM_WAIT_5 || sa->state == IkeState::AM_WAIT_3))
    {
        // RFC 3947 section 4: the initiator floated to 4500 at MM5 (AM3).
        sa->floated = true;
        sa->localPort = kNatTPort;
    }
    // Where this message came from; adopted only once it authenticates.
    sa->pendingPeer = from;
    sa->pendingPeerPort = fromPort;
    auto dropsSoFar = [this]()
    {
        uint64_t n = 0;
        for (uint64_t d : m_drops)
        {
            n += d;
        }
        return n;
    };
    const uint64_t dropsBefore = dropsSoFar();
    bool handled = true;
    switch (h.exchangeType)
    {
        case IsakmpExchangeType::kMainMode:
            switch (sa->state)
            {
                case IkeState::MM_WAIT_2:
                    HandleMm2(*sa, m);
                    break;
                case IkeState::MM_WAIT_3:
                case IkeState::MM_WAIT_4:
                    HandleKeNonce(*sa, m, from, fromPort, to);
                    break;
                case IkeState::MM_WAIT_5:
                case IkeState::MM_WAIT_6:
                    HandleIdHash(*sa, m);
                    break;
                default:
                    handled = false;
            }
            break;
        case IsakmpExchangeType::kAggressive:
            if (sa->state == IkeState::AM_WAIT_2)
            {
                HandleAm2(*sa, m, from, fromPort);
            }
            else if (sa->state == IkeState::AM_WAIT_3)
            {
                HandleAm3(*sa, m, from, fromPort);
            }
            else
            {
                handled = false;
            }
            break;
        case IsakmpExchangeType::kQuickMode:
            if (sa->state == IkeState::ESTABLISHED)
            {
                HandleQuickMode(*sa, m);
            }
            else
            {
                handled = false;
            }
            break;
        case IsakmpExchangeType::kInformational:
            if (sa->state == IkeState::ESTABLISHED && m.IsEncrypted())
            {
                HandleInformational(*sa, m);
            }
            else
            {
                // Notifications before phase 1 completes are unauthenticated:
                // note them and let the exchange time out (RFC 2408 5.3).
                NS_LOG_INFO("node " << m_node->GetId() << " unprotected informational from "
                                    << from);
            }
            break;
        default:
            handled = false;
    }
    if (!handled)
    {
        Drop(from, IkeDropReason::UNEXPECTED);
        return;
    }
    // Only an accepted message is one whose retransmission we answer with
    // our last message: a dropped one (HASH mismatch, failed decryption),
    // sent again, is dropped again. Otherwise a responder that rejected MM5
    // would answer its retransmission with MM4, which the initiator takes
    // for a retransmission and answers with MM5, and so on without end.
    if (dropsSoFar() == dropsBefore)
    {
        sa->lastReceivedHash = digest;
    }
}

void
IkeAgent::CommitPeerEndpoint(IkeSa& sa)
{
    sa.lastHeard = Simulator::Now();
    if (sa.pendingPeerPort == 0 || (sa.pendingPeer == sa.peer && sa.pendingPeerPort == sa.peerPort))
    {
        return;
    }
    // An authenticated message from a new address/port: the peer's NAT
    // mapping changed (reboot, expiry). Follow it, with the IPsec SAs.
    Ipv4Address oldPeer = sa.peer;
    uint16_t oldPort = sa.peerPort;
    sa.peer = sa.pendingPeer;
    sa.peerPort = sa.pendingPeerPort;
    if (sa.state == IkeState::ESTABLISHED && sa.floated)
    {
        NS_LOG_INFO("node " << m_node->GetId() << " IKE peer moved " << oldPeer << ":" << oldPort
                            << " -> " << sa.peer << ":" << sa.peerPort);
        m_stack->MovePeer(oldPeer, oldPort, sa.peer, sa.peerPort);
    }
}

void
IkeAgent::Established(IkeSa& sa)
{
    sa.retransmit.Cancel();
    sa.halfOpenTimer.Cancel();
    sa.state = IkeState::ESTABLISHED;
    // Both hashes are checked: the exchange's public values, nonces and SA
    // and ID bodies (RFC 2409 section 5) are not needed again; SKEYID_d and
    // SKEYID_a, the encryptor, the IV chain and the cookies are. A hub keeps
    // thousands of these.
    for (Bytes* b : {&sa.saiB, &sa.idiB, &sa.ni, &sa.nr, &sa.gxi, &sa.gxr})
    {
        Bytes().swap(*b);
    }
    // SKEYID authenticated the exchange and SKEYID_e gave Ka, which keys
    // the encryptor now: wipe and free them.
    for (Bytes* b : {&sa.keys.skeyid, &sa.keys.skeyidE, &sa.keys.encryptionKey})
    {
        std::fill(b->begin(), b->end(), 0);
        Bytes().swap(*b);
    }
    sa.established = Simulator::Now();
    sa.lastHeard = Simulator::Now();
    ++m_phase1Count;
    NS_LOG_INFO("node " << m_node->GetId() << " phase 1 up with " << sa.peer << ":" << sa.peerPort
                        << " NAT " << ToString(sa.NatStatus()));
    m_phase1Trace(sa.peer, sa.NatStatus());
    ScheduleKeepalive(sa, Time(0));
    if (m_dpdInterval > Time(0) && sa.peerDpd)
    {
        ScheduleDpd(sa.id, m_dpdInterval);
    }
    // Phase 1 lifetime (RFC 2409 appendix A attribute 12): the initiator
    // negotiates a new ISAKMP SA before it ends (with jitter); both sides
    // retire the old one at the end. Quick Modes use the newest.
    if (sa.chosen.lifetime > Time(0))
    {
        if (sa.initiator)
        {
            QueuePhase1Deadline(sa.id, sa.chosen.lifetime * m_random->GetValue(0.85, 0.9), false);
        }
        QueuePhase1Deadline(sa.id, sa.chosen.lifetime, true);
    }
    if (sa.initiator)
    {
        StartQuickMode(sa);
    }
}

void
IkeAgent::StartHalfOpenTimer(IkeSa& sa)
{
    sa.halfOpenTimer
        = Simulator::Schedule(m_halfOpenTimeout, &IkeAgent::HalfOpenExpire, this, sa.id);
}

void
IkeAgent::HalfOpenExpire(uint64_t saId)
{
    auto it = m_sas.find(saId);
    if (it == m_sas.end() || it->second->state == IkeState::ESTABLISHED
        || it->second->state == IkeState::FAILED || it->second->state == IkeState::EXPIRED)
    {
        return;
    }
    Fail(*it->second, IkeDropReason::TIMEOUT);
}

void
IkeAgent::Phase1Rekey(uint64_t saId)
{
    if (Metered([=]() { Phase1Rekey(saId); }))
    {
        return; // ran again, charged to the CPU
    }
    auto it = m_sas.find(saId);
    if (it == m_sas.end() || it->second->state != IkeState::ESTABLISHED)
    {
        return;
    }
    ++m_phase1RekeyCount;
    NS_LOG_INFO("node " << m_node->GetId() << " phase 1 rekey with " << it->second->peer);
    Initiate(it->second->connection);
}

void
IkeAgent::Phase1Expire(uint64_t saId)
{
    if (Metered([=]() { Phase1Expire(saId); }))
    {
        return; // ran again, charged to the CPU
    }
    auto it = m_sas.find(saId);
    if (it == m_sas.end() || it->second->state != IkeState::ESTABLISHED)
    {
        return;
    }
    IkeSa& sa = *it->second;
    sa.state = IkeState::EXPIRED;
    sa.keepalive.Cancel();
    sa.dpdTimer.Cancel();
    NS_LOG_INFO("node " << m_node->GetId() << " phase 1 SA with " << sa.peer << " expired");
}

void
IkeAgent::QueuePhase1Deadline(uint64_t saId, Time delay, bool expire)
{
    m_phase1Deadlines.Push((Simulator::Now() + delay).GetTimeStep(), Phase1Deadline{saId, expire});
}

bool
IkeAgent::Phase1Stale(int64_t /* at */, const Phase1Deadline& d) const
{
    auto it = m_sas.find(d.saId);
    return it == m_sas.end() || it->second->state != IkeState::ESTABLISHED;
}

void
IkeAgent::Phase1Due(int64_t /* at */, const Phase1Deadline& d)
{
    if (d.expire)
    {
        Phase1Expire(d.saId);
    }
    else
    {
        Phase1Rekey(d.saId);
    }
}

uint32_t
IkeAgent::GetPhase1RekeyCount() const
{
    return m_phase1RekeyCount;
}

void
IkeAgent::Send(IkeSa& sa, const Bytes& message, bool request, bool dpd)
{
    sa.lastSent = message;
    if (m_meterDepth > 0)
    {
        m_meterCost += CpuProfile().IkeMessage(); // built by the metered work
    }
    auto header = IsakmpHeader::Parse(message.data(), message.size());
    IkeTraffic kind = dpd ? IkeTraffic::DPD : TrafficOf(header ? header->exchangeType : 0);
    Transmit(message, sa.peer, sa.peerPort, sa.floated, kind);
    if (request)
    {
        sa.retransmit.Cancel();
        sa.retries = 0;
        sa.retransmit
            = Simulator::Schedule(m_retransmitTimeout, &IkeAgent::Retransmit, this, sa.id);
    }
}

void
IkeAgent::Retransmit(uint64_t saId)
{
    auto it = m_sas.find(saId);
    if (it == m_sas.end())
    {
        return;
    }
    IkeSa& sa = *it->second;
    if (sa.retries >= m_retransmitLimit)
    {
        Fail(sa, IkeDropReason::TIMEOUT);
        return;
    }
    ++sa.retries;
    Transmit(sa.lastSent, sa.peer, sa.peerPort, sa.floated, IkeTraffic::RETRANSMISSION);
    Time next = m_retransmitTimeout * std::pow(2.0, double(sa.retries));
    sa.retransmit = Simulator::Schedule(next, &IkeAgent::Retransmit, this, saId);
}

Bytes
IkeAgent::Encrypt(IkeSa& sa, Bytes& iv, const IsakmpHeader& header, const Bytes& chain)
{
    if (m_meterDepth > 0)
    {
        m_meterCost
            += CpuProfile().EspPacket(sa.chosen.encryption.algorithm, std::nullopt, chain.size());
    }
    auto out = sa.encryptor->Encrypt(iv, chain);
    NS_ABORT_MSG_IF(!out, "IKE: encryption failed: " << CryptoErrorName(out.GetError()));
    iv = out.Value().nextIv;
    IsakmpHeader h = header;
    h.flags |= IsakmpHeader::kFlagEncryption;
    h.length = static_cast<uint32_t>(IsakmpHeader::kSize + out.Value().data.size());
    Bytes message(IsakmpHeader::kSize);
    h.Write(message.data());
    message.insert(message.end(), out.Value().data.begin(), out.Value().data.end());
    return message;
}

std::optional<Bytes>
IkeAgent::Decrypt(IkeSa& sa, Bytes& iv, const IsakmpMessage& m)
{
    if (!m.IsEncrypted() || !sa.encryptor)
    {
        return std::nullopt;
    }
    if (m_meterDepth > 0)
    {
        m_meterCost += CpuProfile().EspPacket(sa.chosen.encryption.algorithm, std::nullopt,
                                              m.encryptedBody.size());
    }
    auto out = sa.encryptor->Decrypt(iv, m.encryptedBody);
    if (!out)
    {
        return std::nullopt;
    }
    iv = out.Value().nextIv;
    return out.Value().data;
}

void
IkeAgent::PrintIsakmpSas(std::ostream& os) const
{
    os << "IPv4 Crypto ISAKMP SA\n";
    os << std::left << std::setw(16) << "dst" << std::setw(16) << "src" << std::setw(15) << "state"
       << std::setw(8) << "conn-id"
       << "status\n";
    for (const auto& [id, sa] : m_sas)
    {
        const char* state = "MM_NO_STATE";
        switch (sa->state)
        {
            case IkeState::MM_WAIT_2:
            case IkeState::MM_WAIT_3:
                state = "MM_SA_SETUP";
                break;
            case IkeState::MM_WAIT_4:
            case IkeState::MM_WAIT_5:
                state = "MM_KEY_EXCH";
                break;
            case IkeState::MM_WAIT_6:
                state = "MM_KEY_EXCH";
                break;
            case IkeState::AM_WAIT_2:
            case IkeState::AM_WAIT_3:
                state = "AG_INIT_EXCH";
                break;
            case IkeState::ESTABLISHED:
                state = "QM_IDLE";
                break;
            case IkeState::FAILED:
                state = "MM_NO_STATE";
                break;
            case IkeState::EXPIRED:
                state = "MM_NO_STATE";
                break;
        }
        std::ostringstream dst;
        std::ostringstream src;
        (sa->initiator ? dst : src) << sa->peer;
        (sa->initiator ? src : dst) << sa->local;
        os << std::setw(16) << dst.str() << std::setw(16) << src.str() << std::setw(15) << state
           << std::setw(8) << 1000 + id
           << (sa->state == IkeState::ESTABLISHED ? "ACTIVE"
                                                  : (sa->state == IkeState::FAILED ? "FAILED" : ""))
           << "\n";
    }
}

void
IkeAgent::DoDispose()
{
    for (auto& [id, sa] : m_sas)
    {
        sa->retransmit.Cancel();
        sa->keepalive.Cancel();
        sa->dpdTimer.Cancel();
        sa->halfOpenTimer.Cancel();
    }
    m_phase1Deadlines.Clear();
    m_sas.clear();
    m_saByCookie.clear();
    m_halfOpen.clear();
    m_port500.Close();
    m_stack = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

} // namespace ns3
