/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NAT Traversal for IKEv1 (RFC 3947): NAT-D payloads and their check, and
 * NAT keepalives (RFC 3948 section 4, IOS `crypto isakmp nat keepalive`).
 */
#include "ike-agent.h"
#include "ike-sa.h"

#include "ns3/isakmp-constants.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev1NatTraversal");

std::vector<IsakmpPayload>
IkeAgent::NatDPayloads(const IkeSa& sa, Ipv4Address remote, uint16_t remotePort, Ipv4Address local,
                       uint16_t localPort) const
{
    // RFC 3947 section 3.2: HASH(CKY-I | CKY-R | IP | Port) with the
    // negotiated hash; the first payload is the peer's (destination)
    // address, then ours (source). Drafts use payload type 130.
    uint8_t type = sa.natt == NatTVariant::DRAFT ? IsakmpPayloadType::kNatDiscoveryDraft
                                                 : IsakmpPayloadType::kNatDiscovery;
    return {
        {type, NatDetectionHashIpv4(sa.chosen.hash, sa.ckyI, sa.ckyR, remote.Get(), remotePort)},
        {type, NatDetectionHashIpv4(sa.chosen.hash, sa.ckyI, sa.ckyR, local.Get(), localPort)}};
}

void
IkeAgent::CheckNatD(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort,
                    Ipv4Address to, uint16_t toPort)
{
    if (sa.natt == NatTVariant::NONE)
    {
        return;
    }
    uint8_t type = sa.natt == NatTVariant::DRAFT ? IsakmpPayloadType::kNatDiscoveryDraft
                                                 : IsakmpPayloadType::kNatDiscovery;
    auto natd = m.FindAll(type);
    if (natd.size() < 2)
    {
        // A peer that announced NAT-T but sends no NAT-D: treat the path as
        // NATed on both ends, the safe choice (UDP encapsulation works
        // without NAT too).
        sa.localBehindNat = true;
        sa.peerBehindNat = true;
        return;
    }
    // The first hash is of our address as the peer sent to it: if it does
    // not match where the packet arrived, a NAT changed it on the way.
    Bytes me = NatDetectionHashIpv4(sa.chosen.hash, sa.ckyI, sa.ckyR, to.Get(), toPort);
    sa.localBehindNat = natd.front()->body != me;
    // The others are the peer's own addresses: if none matches where the
    // packet came from, the peer is behind a NAT.
    Bytes them = NatDetectionHashIpv4(sa.chosen.hash, sa.ckyI, sa.ckyR, from.Get(), fromPort);
    bool seen = false;
    for (std::size_t i = 1; i < natd.size(); ++i)
    {
        seen = seen || natd[i]->body == them;
    }
    sa.peerBehindNat = !seen;
    NS_LOG_INFO("node " << m_node->GetId() << " NAT-D with " << from << ": "
                        << ToString(sa.NatStatus()));
}

void
IkeAgent::ScheduleKeepalive(IkeSa& sa, Time sinceActivity)
{
    if (m_natKeepalive == Time(0))
    {
        return;
    }
    // Only the side behind the NAT keeps its mapping alive (RFC 3948 4).
    if (!sa.localBehindNat || sa.state != IkeState::ESTABLISHED)
    {
        return;
    }
    // The Cisco text: the interval is jittered by 5%. The timer runs from
    // the last activity, as strongSwan's keepalive job does: a packet sent
    // just after the timer started must not stretch the gap to two intervals.
    double jitter = m_random->GetValue(-0.05, 0.05);
    Time delay = m_natKeepalive * (1.0 + jitter) - sinceActivity;
    if (delay < m_natKeepalive * 0.05)
    {
        delay = m_natKeepalive * 0.05;
    }
    sa.keepalive.Cancel();
    sa.keepalive = Simulator::Schedule(delay, &IkeAgent::Keepalive, this, sa.id);
}

void
IkeAgent::Keepalive(uint64_t saId)
{
    auto it = m_sas.find(saId);
    if (it == m_sas.end())
    {
        return;
    }
    IkeSa& sa = *it->second;
    Time last = m_keepaliveCountsReceived ? m_stack->GetLastNatTActivity(sa.peer)
                                          : m_stack->GetLastNatTSent(sa.peer);
    // Sent only when nothing went to or came from the peer for the interval
    // (with KeepaliveCountsReceived; else when nothing was sent).
    Time idle = last < Time(0) ? m_natKeepalive : Simulator::Now() - last;
    if (idle >= m_natKeepalive * 0.95)
    {
        m_stack->SendNatKeepalive(sa.peer, sa.peerPort);
        m_keepaliveTrace(sa.peer, sa.peerPort);
        constexpr uint32_t kKeepaliveIpBytes = 20 + 8 + 1; // IP, UDP, the 0xFF octet
        m_txBytes[static_cast<std::size_t>(IkeTraffic::NAT_KEEPALIVE)] += kKeepaliveIpBytes;
        m_txTrace(sa.peer, IkeTraffic::NAT_KEEPALIVE, kKeepaliveIpBytes);
        ScheduleKeepalive(sa, Time(0));
        return;
    }
    ScheduleKeepalive(sa, idle); // next check one interval after that activity
}

} // namespace ns3
