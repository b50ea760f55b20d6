/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Protected Informational exchanges (RFC 2409 section 5.7):
 *   HDR*, HASH(1), N/D    HASH(1) = prf(SKEYID_a, M-ID | N/D)
 * carrying Dead Peer Detection (RFC 3706: R-U-THERE 36136 / R-U-THERE-ACK
 * 36137 with a sequence number) and Delete payloads.
 */
#include "ike-agent.h"
#include "ike-sa.h"

#include "ns3/isakmp-constants.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev1Informational");

namespace
{
constexpr uint16_t kRuThere = 36136;
constexpr uint16_t kRuThereAck = 36137;
} // namespace

void
IkeAgent::SendInformational(IkeSa& sa, const std::vector<IsakmpPayload>& payloads)
{
    uint32_t msgId = m_random->GetInteger(1, 0xFFFFFFFFU);
    // Each Informational exchange starts its own CBC chain from the last
    // phase 1 block (RFC 2409 appendix B).
    Bytes iv = Ikev1Phase2Iv(sa.chosen.hash, sa.encryptor->GetBlockSize(), sa.iv, msgId);
    Bytes rest = SerializePayloadChain(payloads);
    Bytes hash = Ikev1InformationalHash(sa.chosen.hash, sa.keys.skeyidA, msgId, rest);
    std::vector<IsakmpPayload> all{{IsakmpPayloadType::kHash, hash}};
    all.insert(all.end(), payloads.begin(), payloads.end());
    IsakmpHeader h;
    h.initiatorCookie = sa.ckyI;
    h.responderCookie = sa.ckyR;
    h.exchangeType = IsakmpExchangeType::kInformational;
    h.messageId = msgId;
    h.nextPayload = IsakmpPayloadType::kHash;
    Bytes message = Encrypt(sa, iv, h, SerializePayloadChain(all));
    Bytes keep = sa.lastSent; // an informational is not something to retransmit
    bool dpd = false;
    for (const IsakmpPayload& p : payloads)
    {
        if (p.type == IsakmpPayloadType::kNotification)
        {
            auto n = NotificationPayload::Parse(p.body.data(), p.body.size());
            dpd = dpd
                  || (n
                      && (n->type == IsakmpNotifyType::kRUThere
                          || n->type == IsakmpNotifyType::kRUThereAck));
        }
    }
    Send(sa, message, false, dpd);
    sa.lastSent = keep;
}

void
IkeAgent::HandleInformational(IkeSa& sa, const IsakmpMessage& m)
{
    Bytes iv
        = Ikev1Phase2Iv(sa.chosen.hash, sa.encryptor->GetBlockSize(), sa.iv, m.header.messageId);
    auto plain = Decrypt(sa, iv, m);
    if (!plain)
    {
        Drop(sa.peer, IkeDropReason::DECRYPTION_FAILED);
        return;
    }
    auto chain = ParsePayloadChain(m.header.nextPayload, plain->data(), plain->size());
    if (!chain || chain.Value().payloads.empty()
        || chain.Value().payloads.front().type != IsakmpPayloadType::kHash)
    {
        Drop(sa.peer, IkeDropReason::MALFORMED);
        return;
    }
    const auto& c = chain.Value();
    std::size_t restStart = c.offsets.size() > 1 ? c.offsets[1] : c.chainLength;
    Bytes rest(plain->begin() + restStart, plain->begin() + c.chainLength);
    Bytes expected
        = Ikev1InformationalHash(sa.chosen.hash, sa.keys.skeyidA, m.header.messageId, rest);
    if (!Ikev1ConstantTimeEqual(expected, c.payloads.front().body))
    {
        Drop(sa.peer, IkeDropReason::AUTHENTICATION_FAILED);
        return;
    }
    CommitPeerEndpoint(sa);
    for (std::size_t i = 1; i < c.payloads.size(); ++i)
    {
        const IsakmpPayload& p = c.payloads[i];
        if (p.type == IsakmpPayloadType::kNotification)
        {
            auto n = NotificationPayload::Parse(p.body.data(), p.body.size());
            if (!n)
            {
                continue;
            }
            if (n->type == kRuThere)
            {
                auto ack = NotificationPayload::Dpd(true, sa.ckyI, sa.ckyR,
                                                    n->DpdSequence().value_or(0));
                SendInformational(sa, {{IsakmpPayloadType::kNotification, ack.Serialize()}});
            }
            else if (n->type == kRuThereAck && n->DpdSequence() == sa.dpdSequence)
            {
                sa.dpdOutstanding = 0;
            }
        }
        else if (p.type == IsakmpPayloadType::kDelete)
        {
            auto d = DeletePayload::Parse(p.body.data(), p.body.size());
            if (d && d->protocolId == IsakmpProtocolId::kIsakmp)
            {
                NS_LOG_INFO("node " << m_node->GetId() << " peer deleted the ISAKMP SA");
                sa.state = IkeState::FAILED;
                sa.keepalive.Cancel();
                sa.dpdTimer.Cancel();
            }
            else if (d)
            {
                // The peer stopped using these SPIs (its inbound SAs): our
                // outbound SAs with them go too.
                for (uint32_t spi : d->GetSpis32().value_or(std::vector<uint32_t>{}))
                {
                    m_stack->RemoveSa(spi, true);
                }
            }
        }
    }
}

void
IkeAgent::ScheduleDpd(uint64_t saId, Time delay)
{
    auto it = m_sas.find(saId);
    if (it == m_sas.end())
    {
        return;
    }
    it->second->dpdTimer.Cancel();
    it->second->dpdTimer = Simulator::Schedule(delay, &IkeAgent::DpdTimer, this, saId);
}

void
IkeAgent::DpdTimer(uint64_t saId)
{
    if (Metered([=]() { DpdTimer(saId); }))
    {
        return; // ran again, charged to the CPU
    }
    auto it = m_sas.find(saId);
    if (it == m_sas.end() || it->second->state != IkeState::ESTABLISHED)
    {
        return;
    }
    IkeSa& sa = *it->second;
    if (sa.dpdOutstanding >= m_dpdRetries)
    {
        PeerDead(sa);
        return;
    }
    // Per endpoint: peers behind one PAT share an address.
    uint16_t port = sa.floated ? sa.peerPort : 0;
    Time heard = std::max(sa.lastHeard, m_stack->GetLastReceived(sa.peer, port));
    Time idle = Simulator::Now() - heard;
    // Any protected packet sent counts, raw ESP and AH too, not only NAT-T.
    bool sentSince = m_stack->GetLastSent(sa.peer, port) > heard;
    bool due = sa.dpdOutstanding > 0 || (idle >= m_dpdInterval && (!m_dpdOnDemand || sentSince));
    if (!due)
    {
        ScheduleDpd(saId, m_dpdInterval - idle > Time(0) ? m_dpdInterval - idle : m_dpdInterval);
        return;
    }
    // RFC 3706 section 5.1: R-U-THERE with a new sequence number.
    sa.dpdSequence = sa.dpdSequence == 0 ? m_random->GetInteger(1, 0x7FFFFFFF) : sa.dpdSequence + 1;
    ++sa.dpdOutstanding;
    auto ru = NotificationPayload::Dpd(false, sa.ckyI, sa.ckyR, sa.dpdSequence);
    SendInformational(sa, {{IsakmpPayloadType::kNotification, ru.Serialize()}});
    ScheduleDpd(saId, m_dpdRetryInterval);
}

void
IkeAgent::PeerDead(IkeSa& sa)
{
    NS_LOG_INFO("node " << m_node->GetId() << " DPD: peer " << sa.peer << " is dead");
    Ipv4Address peer = sa.peer;
    for (const auto& [msgId, qm] : sa.quickModes)
    {
        m_stack->RemoveBundle(qm.connection);
    }
    uint32_t connection = sa.connection;
    bool restart = sa.initiator && m_dpdRestart;
    sa.keepalive.Cancel();
    sa.retransmit.Cancel();
    sa.state = IkeState::FAILED;
    m_peerDeadTrace(peer);
    if (restart)
    {
        Initiate(connection);
    }
}

} // namespace ns3
