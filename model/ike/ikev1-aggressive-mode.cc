/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv1 Aggressive Mode with pre-shared keys (RFC 2409 section 5.4):
 *   AM1  HDR, SA, KE, Ni, IDii, VID...
 *   AM2  HDR, SA, KE, Nr, IDir, HASH_R, VID..., NAT-D, NAT-D
 *   AM3  HDR*, HASH_I, NAT-D, NAT-D        (on 4500 when a NAT was found)
 * The identity travels in clear in AM1, so the responder can choose the
 * pre-shared key by identity (IOS `crypto isakmp key K hostname H`): unlike
 * Main Mode, a NAT rewriting the initiator's address does not break it.
 */
#include "ike-agent.h"
#include "ike-sa.h"

#include "ns3/isakmp-constants.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-encapsulation.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev1AggressiveMode");

using namespace ikev1;

namespace
{
constexpr std::size_t kNonceOctets = 32;

} // namespace

IdPayload
IkeAgent::LocalId(const IkeSa& sa) const
{
    if (sa.connection != 0)
    {
        auto it = m_connections.find(sa.connection);
        if (it != m_connections.end() && !it->second.localIdentity.empty())
        {
            return IdPayload::Fqdn(it->second.localIdentity);
        }
    }
    return IdPayload::Ipv4Address(AddressBytes(sa.local));
}

void
IkeAgent::SendAm1(IkeSa& sa)
{
    const IkeConnection& c = m_connections.at(sa.connection);
    // KE is in the first message, so every offered transform uses the first
    // policy's group (RFC 2409 section 5.4).
    std::vector<IkeProposal> offer;
    for (const auto& p : c.proposals)
    {
        if (p.group == c.proposals.front().group)
        {
            offer.push_back(p);
        }
    }
    sa.saiB = BuildPhase1Sa(offer);
    sa.chosen = offer.front();
    auto dh = DhKeyPair::Generate(
        sa.chosen.group,
        [this](uint8_t* out, std::size_t n)
        {
            Bytes b = RandomBytes(n);
            std::copy(b.begin(), b.end(), out);
        },
        DhPrivateOctets(sa.chosen.group, m_dhPrivateOctets));
    if (!dh)
    {
        Fail(sa, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    sa.dh = std::make_unique<DhKeyPair>(std::move(dh).Value());
    sa.gxi = sa.dh->GetPublicValue();
    sa.ni = RandomBytes(kNonceOctets);
    sa.idiB = LocalId(sa).Serialize();
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kSa, sa.saiB},
                                        {IsakmpPayloadType::kKeyExchange, sa.gxi},
                                        {IsakmpPayloadType::kNonce, sa.ni},
                                        {IsakmpPayloadType::kIdentification, sa.idiB}};
    for (auto& v : VendorIds())
    {
        payloads.push_back(v);
    }
    sa.state = IkeState::AM_WAIT_2;
    NS_LOG_INFO("node " << m_node->GetId() << " AM1 to " << sa.peer);
    Send(sa, Plain(MakeHeader(sa.ckyI, sa.ckyR, IsakmpExchangeType::kAggressive, 0), payloads),
         true);
}

void
IkeAgent::HandleAm1(const IsakmpMessage& m, Ipv4Address from, uint16_t port, Ipv4Address to)
{
    const IsakmpPayload* saPayload = m.Find(IsakmpPayloadType::kSa);
    const IsakmpPayload* ke = m.Find(IsakmpPayloadType::kKeyExchange);
    const IsakmpPayload* nonce = m.Find(IsakmpPayloadType::kNonce);
    const IsakmpPayload* id = m.Find(IsakmpPayloadType::kIdentification);
    auto offer = saPayload ? SaPayload::Parse(saPayload->body.data(), saPayload->body.size())
                           : std::nullopt;
    auto idi = id ? IdPayload::Parse(id->body.data(), id->body.size()) : std::nullopt;
    if (!offer || offer->proposals.empty() || !ke || !nonce || !idi || nonce->body.size() < 8)
    {
        Drop(from, IkeDropReason::MALFORMED);
        return;
    }
    // The key by identity when the peer names itself, else by address.
    const std::string* psk = nullptr;
    if (auto name = idi->GetName())
    {
        auto it = m_identityKeys.find(*name);
        psk = it == m_identityKeys.end() ? nullptr : &it->second;
    }
    if (!psk)
    {
        psk = FindPsk(from);
    }
    if (!psk)
    {
        Drop(from, IkeDropReason::NO_PRESHARED_KEY);
        return;
    }
    auto choice = ChoosePhase1(*offer);
    if (!choice)
    {
        Drop(from, IkeDropReason::NO_PROPOSAL_CHOSEN);
        return;
    }
    const IkeProposal* chosen = &choice->first;
    if (DhKeyPair::CheckPeerPublicValue(chosen->group, ke->body) != CryptoError::OK)
    {
        Drop(from, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    auto sa = std::make_unique<IkeSa>();
    sa->id = m_nextSaId++;
    sa->aggressive = true;
    sa->ckyI = m.header.initiatorCookie;
    Bytes cookie = RandomBytes(8);
    std::copy(cookie.begin(), cookie.end(), sa->ckyR.begin());
    sa->local = to;
    sa->peer = from;
    sa->peerPort = port;
    sa->psk = *psk;
    sa->chosen = *chosen;
    sa->saiB = saPayload->body;
    sa->gxi = ke->body;
    sa->ni = nonce->body;
    sa->idiB = id->body;
    ReadVendorIds(*sa, m);
    auto dh = DhKeyPair::Generate(
        chosen->group,
        [this](uint8_t* out, std::size_t n)
        {
            Bytes b = RandomBytes(n);
            std::copy(b.begin(), b.end(), out);
        },
        DhPrivateOctets(chosen->group, m_dhPrivateOctets));
    if (!dh)
    {
        Drop(from, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    sa->dh = std::make_unique<DhKeyPair>(std::move(dh).Value());
    sa->gxr = sa->dh->GetPublicValue();
    sa->nr = RandomBytes(kNonceOctets);
    IkeSa& ref = RegisterSa(std::move(sa));
    StartHalfOpenTimer(ref);
    if (!DeriveKeys(ref))
    {
        Fail(ref, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    Bytes idrB = LocalId(ref).Serialize();
    Bytes hashR = Ikev1HashR(ref.chosen.hash, ref.keys.skeyid, ref.gxi, ref.gxr, ref.ckyI, ref.ckyR,
                             ref.saiB, idrB);
    ProposalPayload prop = offer->proposals.front();
    prop.transforms = {choice->second};
    SaPayload reply;
    reply.proposals = {prop};
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kSa, reply.Serialize()},
                                        {IsakmpPayloadType::kKeyExchange, ref.gxr},
                                        {IsakmpPayloadType::kNonce, ref.nr},
                                        {IsakmpPayloadType::kIdentification, idrB},
                                        {IsakmpPayloadType::kHash, hashR}};
    if (ref.natt == NatTVariant::RFC3947)
    {
        payloads.push_back({IsakmpPayloadType::kVendorId, Bytes(IsakmpVendorId::kRfc3947.begin(),
                                                                IsakmpVendorId::kRfc3947.end())});
    }
    payloads.push_back({IsakmpPayloadType::kVendorId,
                        Bytes(IsakmpVendorId::kDpd.begin(), IsakmpVendorId::kDpd.end())});
    if (ref.natt != NatTVariant::NONE)
    {
        for (auto& p : NatDPayloads(ref, ref.peer, ref.peerPort, ref.local, ref.localPort))
        {
            payloads.push_back(p);
        }
    }
    ref.state = IkeState::AM_WAIT_3;
    NS_LOG_INFO("node " << m_node->GetId() << " AM2 to " << from);
    Send(ref, Plain(MakeHeader(ref.ckyI, ref.ckyR, IsakmpExchangeType::kAggressive, 0), payloads),
         false);
}

void
IkeAgent::HandleAm2(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort)
{
    const IsakmpPayload* saPayload = m.Find(IsakmpPayloadType::kSa);
    const IsakmpPayload* ke = m.Find(IsakmpPayloadType::kKeyExchange);
    const IsakmpPayload* nonce = m.Find(IsakmpPayloadType::kNonce);
    const IsakmpPayload* id = m.Find(IsakmpPayloadType::kIdentification);
    const IsakmpPayload* hash = m.Find(IsakmpPayloadType::kHash);
    auto answer = saPayload ? SaPayload::Parse(saPayload->body.data(), saPayload->body.size())
                            : std::nullopt;
    if (!answer || answer->proposals.empty() || answer->proposals.front().transforms.size() != 1
        || !ke || !nonce || !id || !hash)
    {
        Drop(from, IkeDropReason::MALFORMED);
        return;
    }
    auto p = FromPhase1Transform(answer->proposals.front().transforms.front());
    if (!p || !SameSuite(*p, sa.chosen))
    {
        Fail(sa, IkeDropReason::NO_PROPOSAL_CHOSEN);
        return;
    }
    if (DhKeyPair::CheckPeerPublicValue(sa.chosen.group, ke->body) != CryptoError::OK)
    {
        Fail(sa, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    sa.ckyR = m.header.responderCookie;
    sa.gxr = ke->body;
    sa.nr = nonce->body;
    ReadVendorIds(sa, m);
    if (!DeriveKeys(sa))
    {
        Fail(sa, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    Bytes expected = Ikev1HashR(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.ckyI, sa.ckyR,
                                sa.saiB, id->body);
    if (!Ikev1ConstantTimeEqual(expected, hash->body))
    {
        Fail(sa, IkeDropReason::AUTHENTICATION_FAILED);
        return;
    }
    CheckNatD(sa, m, from, fromPort, sa.local, sa.localPort);
    CommitPeerEndpoint(sa);
    if (sa.NatDetected())
    {
        // RFC 3947 section 4: Aggressive Mode floats at message 3.
        sa.floated = true;
        sa.localPort = kNatTPort;
        sa.peerPort = kNatTPort;
    }
    Bytes hashI = Ikev1HashI(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.ckyI, sa.ckyR,
                             sa.saiB, sa.idiB);
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kHash, hashI}};
    if (sa.natt != NatTVariant::NONE)
    {
        for (auto& q : NatDPayloads(sa, from, fromPort, sa.local, kIkePort))
        {
            payloads.push_back(q);
        }
    }
    IsakmpHeader h = MakeHeader(sa.ckyI, sa.ckyR, IsakmpExchangeType::kAggressive, 0);
    h.nextPayload = IsakmpPayloadType::kHash;
    Bytes message = Encrypt(sa, sa.iv, h, SerializePayloadChain(payloads));
    NS_LOG_INFO("node " << m_node->GetId() << " AM3 to " << sa.peer << ":" << sa.peerPort);
    sa.retransmit.Cancel();
    Send(sa, message, false);
    Established(sa);
}

void
IkeAgent::HandleAm3(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort)
{
    Bytes iv = sa.iv;
    std::vector<IsakmpPayload> payloads;
    if (m.IsEncrypted())
    {
        auto plain = Decrypt(sa, iv, m);
        auto chain = plain ? ParsePayloadChain(m.header.nextPayload, plain->data(), plain->size())
                           : IsakmpResult<IsakmpPayloadChain>(IsakmpParseError::TRUNCATED_PAYLOAD);
        if (!chain)
        {
            Fail(sa, IkeDropReason::AUTHENTICATION_FAILED);
            return;
        }
        payloads = chain.Value().payloads;
    }
    else
    {
        payloads = m.payloads;
    }
    const IsakmpPayload* hash = nullptr;
    for (const auto& p : payloads)
    {
        hash = (p.type == IsakmpPayloadType::kHash && !hash) ? &p : hash;
    }
    Bytes expected = Ikev1HashI(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.ckyI, sa.ckyR,
                                sa.saiB, sa.idiB);
    if (!hash || !Ikev1ConstantTimeEqual(expected, hash->body))
    {
        Fail(sa, IkeDropReason::AUTHENTICATION_FAILED);
        return;
    }
    sa.iv = iv;
    IsakmpMessage clear = m;
    clear.payloads = payloads;
    // The NAT-D of AM3 describe the path of messages 1 and 2 (port 500):
    // check them against where message 1 came from, before adopting the
    // floated endpoint this message may come from.
    CheckNatD(sa, clear, sa.peer, sa.peerPort, sa.local, kIkePort);
    CommitPeerEndpoint(sa);
    Established(sa);
}

} // namespace ns3
