/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv1 Main Mode with pre-shared keys (RFC 2409 section 5.4):
 *   MM1  HDR, SA, VID...                  initiator -> responder
 *   MM2  HDR, SA, VID...                  responder -> initiator
 *   MM3  HDR, KE, Ni, NAT-D, NAT-D        (RFC 3947 section 3.2)
 *   MM4  HDR, KE, Nr, NAT-D, NAT-D
 *   MM5  HDR*, IDii, HASH_I               on 4500 when a NAT was found
 *   MM6  HDR*, IDir, HASH_R
 */
#include "ike-agent.h"
#include "ike-sa.h"

#include "ns3/isakmp-constants.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/udp-encapsulation.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ikev1MainMode");

namespace ikev1
{

std::array<uint8_t, 4>
AddressBytes(Ipv4Address a)
{
    uint32_t v = a.Get();
    return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}

static std::string
Hex(const uint8_t* p, std::size_t n)
{
    std::ostringstream s;
    s << std::hex << std::setfill('0');
    for (std::size_t i = 0; i < n; ++i)
    {
        s << std::setw(2) << unsigned(p[i]);
    }
    return s.str();
}

// One ISAKMP policy as a phase 1 transform (RFC 2409 appendix A).
TransformPayload
Phase1Transform(const IkeProposal& p, uint8_t number)
{
    TransformPayload t;
    t.number = number;
    t.transformId = IsakmpTransformId::kKeyIke;
    t.SetAttribute(IkeAttributeType::kEncryptionAlgorithm, p.encryption.ikeEncryptionId);
    if (p.encryption.keyLengthBits != 0)
    {
        t.SetAttribute(IkeAttributeType::kKeyLength, p.encryption.keyLengthBits);
    }
    auto hash = GetHashDescriptor(p.hash);
    t.SetAttribute(IkeAttributeType::kHashAlgorithm, hash ? hash->ikeHashId : 2);
    t.SetAttribute(IkeAttributeType::kAuthenticationMethod, IkeAuthenticationMethod::kPreSharedKey);
    t.SetAttribute(IkeAttributeType::kGroupDescription, p.group);
    t.SetAttribute(IkeAttributeType::kLifeType, IsakmpLifeType::kSeconds);
    t.SetAttribute(IkeAttributeType::kLifeDuration, uint64_t(p.lifetime.GetSeconds()));
    return t;
}

// The transform as an IkeProposal, if its attributes are ones we know.
std::optional<IkeProposal>
FromPhase1Transform(const TransformPayload& t)
{
    auto enc = t.GetAttribute(IkeAttributeType::kEncryptionAlgorithm);
    auto hash = t.GetAttribute(IkeAttributeType::kHashAlgorithm);
    auto auth = t.GetAttribute(IkeAttributeType::kAuthenticationMethod);
    auto group = t.GetAttribute(IkeAttributeType::kGroupDescription);
    if (!enc || !hash || !auth || !group || *auth != IkeAuthenticationMethod::kPreSharedKey)
    {
        return std::nullopt;
    }
    auto keyLength = t.GetAttribute(IkeAttributeType::kKeyLength);
    auto e = FindEncryptionByIkeAttribute(uint16_t(*enc), uint16_t(keyLength.value_or(0)));
    auto h = FindHashByIkeAttribute(uint16_t(*hash));
    if (!e || !h)
    {
        return std::nullopt;
    }
    IkeProposal p{*e, h->algorithm, uint16_t(*group), Seconds(86400)};
    if (auto life = t.GetAttribute(IkeAttributeType::kLifeDuration))
    {
        p.lifetime = Seconds(double(*life));
    }
    return p;
}

bool
SameSuite(const IkeProposal& a, const IkeProposal& b)
{
    return a.encryption.algorithm == b.encryption.algorithm
           && a.encryption.keyLengthBits == b.encryption.keyLengthBits && a.hash == b.hash
           && a.group == b.group;
}

IsakmpHeader
MakeHeader(const std::array<uint8_t, 8>& ckyI, const std::array<uint8_t, 8>& ckyR, uint8_t exchange,
           uint32_t messageId)
{
    IsakmpHeader h;
    h.initiatorCookie = ckyI;
    h.responderCookie = ckyR;
    h.exchangeType = exchange;
    h.messageId = messageId;
    return h;
}

Bytes
Plain(const IsakmpHeader& h, std::vector<IsakmpPayload> payloads)
{
    IsakmpMessage m;
    m.header = h;
    m.payloads = std::move(payloads);
    return m.Serialize();
}

std::size_t
DhPrivateOctets(uint16_t group, std::size_t modpOctets)
{
    std::optional<DhGroupDescriptor> d = FindDhGroup(group);
    return d && d->kind == DhGroupKind::MODP ? modpOctets : 0;
}
} // namespace ikev1

using namespace ikev1;

namespace
{
constexpr std::size_t kNonceOctets = 32;
} // namespace

Bytes
IkeAgent::BuildPhase1Sa(const std::vector<IkeProposal>& proposals) const
{
    ProposalPayload prop;
    prop.number = 1;
    prop.protocolId = IsakmpProtocolId::kIsakmp;
    for (std::size_t i = 0; i < proposals.size(); ++i)
    {
        prop.transforms.push_back(Phase1Transform(proposals[i], uint8_t(i + 1)));
    }
    SaPayload sa;
    sa.proposals.push_back(prop);
    return sa.Serialize();
}

std::vector<IsakmpPayload>
IkeAgent::VendorIds() const
{
    std::vector<IsakmpPayload> v;
    auto add = [&v](const auto& id) {
        v.push_back({IsakmpPayloadType::kVendorId, Bytes(id.begin(), id.end())});
    };
    if (m_natTraversal)
    {
        // RFC 3947 section 3.1, plus the drafts real peers still look for.
        add(IsakmpVendorId::kRfc3947);
        add(IsakmpVendorId::kNatTDraft02N);
        add(IsakmpVendorId::kNatTDraft02);
        add(IsakmpVendorId::kNatTDraft03);
    }
    add(IsakmpVendorId::kDpd);
    return v;
}

std::optional<std::pair<IkeProposal, TransformPayload>>
IkeAgent::ChoosePhase1(const SaPayload& offer) const
{
    // The first offered transform that one of our policies accepts (RFC 2409
    // section 5: the responder picks one transform of the offer).
    for (const auto& t : offer.proposals.front().transforms)
    {
        auto p = FromPhase1Transform(t);
        if (!p)
        {
            continue;
        }
        for (uint32_t id : m_templates)
        {
            for (const auto& ours : m_connections.at(id).proposals)
            {
                if (SameSuite(*p, ours))
                {
                    IkeProposal chosen = *p;
                    chosen.lifetime = std::min(p->lifetime, ours.lifetime);
                    return std::make_pair(chosen, t);
                }
            }
        }
    }
    return std::nullopt;
}

void
IkeAgent::ReadVendorIds(IkeSa& sa, const IsakmpMessage& m) const
{
    // DPD support (RFC 3706) and the NAT-T flavour (RFC 3947 section 3.1,
    // preferred over the drafts) from the peer's vendor IDs.
    for (const IsakmpPayload* v : m.FindAll(IsakmpPayloadType::kVendorId))
    {
        auto is = [&v](const auto& id) {
            return v->body.size() == id.size() && std::equal(id.begin(), id.end(), v->body.begin());
        };
        sa.peerDpd = sa.peerDpd || is(IsakmpVendorId::kDpd);
        if (!m_natTraversal)
        {
            continue;
        }
        if (is(IsakmpVendorId::kRfc3947))
        {
            sa.natt = NatTVariant::RFC3947;
        }
        else if (sa.natt == NatTVariant::NONE
                 && (is(IsakmpVendorId::kNatTDraft02) || is(IsakmpVendorId::kNatTDraft02N)
                     || is(IsakmpVendorId::kNatTDraft03)))
        {
            sa.natt = NatTVariant::DRAFT;
        }
    }
}

void
IkeAgent::Initiate(uint32_t id)
{
    if (Metered([=]() { Initiate(id); }))
    {
        return; // ran again, charged to the CPU
    }
    auto it = m_connections.find(id);
    NS_ABORT_MSG_IF(it == m_connections.end(), "IKE: no connection " << id);
    const IkeConnection& c = it->second;
    NS_ABORT_MSG_IF(c.dynamic || c.instanceOf != 0,
                    "IKE: connection '" << c.name
                                        << "' is a dynamic (responder-only) template or an "
                                           "instance of one; it cannot initiate");
    auto sa = std::make_unique<IkeSa>();
    sa->id = m_nextSaId++;
    sa->initiator = true;
    sa->connection = id;
    Bytes cookie = RandomBytes(8);
    std::copy(cookie.begin(), cookie.end(), sa->ckyI.begin());
    sa->local = c.localAddress;
    sa->peer = c.peerAddress;
    const std::string* psk = FindPsk(c.peerAddress);
    if (!psk)
    {
        Drop(c.peerAddress, IkeDropReason::NO_PRESHARED_KEY);
        return;
    }
    sa->psk = *psk;
    sa->aggressive = c.aggressive;
    IkeSa& ref = RegisterSa(std::move(sa));
    if (ref.aggressive)
    {
        SendAm1(ref);
    }
    else
    {
        SendMm1(ref);
    }
}

void
IkeAgent::SendMm1(IkeSa& sa)
{
    const IkeConnection& c = m_connections.at(sa.connection);
    sa.saiB = BuildPhase1Sa(c.proposals);
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kSa, sa.saiB}};
    for (auto& v : VendorIds())
    {
        payloads.push_back(v);
    }
    sa.state = IkeState::MM_WAIT_2;
    NS_LOG_INFO("node " << m_node->GetId() << " MM1 to " << sa.peer);
    Send(sa, Plain(MakeHeader(sa.ckyI, sa.ckyR, IsakmpExchangeType::kMainMode, 0), payloads), true);
}

void
IkeAgent::HandleMm1(const IsakmpMessage& m, Ipv4Address from, uint16_t port, Ipv4Address to)
{
    const IsakmpPayload* saPayload = m.Find(IsakmpPayloadType::kSa);
    auto offer = saPayload ? SaPayload::Parse(saPayload->body.data(), saPayload->body.size())
                           : std::nullopt;
    if (!offer || offer->proposals.empty())
    {
        Drop(from, IkeDropReason::MALFORMED);
        return;
    }
    // RFC 2409 Main Mode with pre-shared keys: the key must be chosen now, by
    // the source address, before the peer's identity is known.
    const std::string* psk = FindPsk(from);
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
    auto sa = std::make_unique<IkeSa>();
    sa->id = m_nextSaId++;
    sa->initiator = false;
    sa->ckyI = m.header.initiatorCookie;
    Bytes cookie = RandomBytes(8);
    std::copy(cookie.begin(), cookie.end(), sa->ckyR.begin());
    sa->local = to;
    sa->peer = from;
    sa->peerPort = port;
    sa->psk = *psk;
    sa->chosen = choice->first;
    sa->saiB = saPayload->body;
    ReadVendorIds(*sa, m);
    ProposalPayload prop = offer->proposals.front();
    prop.transforms = {choice->second};
    SaPayload reply;
    reply.doi = offer->doi;
    reply.situation = offer->situation;
    reply.proposals = {prop};
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kSa, reply.Serialize()}};
    if (sa->natt == NatTVariant::RFC3947)
    {
        payloads.push_back({IsakmpPayloadType::kVendorId, Bytes(IsakmpVendorId::kRfc3947.begin(),
                                                                IsakmpVendorId::kRfc3947.end())});
    }
    else if (sa->natt == NatTVariant::DRAFT)
    {
        payloads.push_back(
            {IsakmpPayloadType::kVendorId,
             Bytes(IsakmpVendorId::kNatTDraft02N.begin(), IsakmpVendorId::kNatTDraft02N.end())});
    }
    payloads.push_back({IsakmpPayloadType::kVendorId,
                        Bytes(IsakmpVendorId::kDpd.begin(), IsakmpVendorId::kDpd.end())});
    sa->state = IkeState::MM_WAIT_3;
    IkeSa& ref = RegisterSa(std::move(sa));
    StartHalfOpenTimer(ref);
    NS_LOG_INFO("node " << m_node->GetId() << " MM2 to " << from);
    Send(ref, Plain(MakeHeader(ref.ckyI, ref.ckyR, IsakmpExchangeType::kMainMode, 0), payloads),
         false);
}

void
IkeAgent::HandleMm2(IkeSa& sa, const IsakmpMessage& m)
{
    const IsakmpPayload* saPayload = m.Find(IsakmpPayloadType::kSa);
    auto answer = saPayload ? SaPayload::Parse(saPayload->body.data(), saPayload->body.size())
                            : std::nullopt;
    if (!answer || answer->proposals.empty() || answer->proposals.front().transforms.size() != 1)
    {
        Drop(sa.peer, IkeDropReason::MALFORMED);
        return;
    }
    auto p = FromPhase1Transform(answer->proposals.front().transforms.front());
    const IkeConnection& c = m_connections.at(sa.connection);
    bool ours = false;
    for (const auto& q : c.proposals)
    {
        ours = ours || (p && SameSuite(*p, q));
    }
    if (!ours)
    {
        Fail(sa, IkeDropReason::NO_PROPOSAL_CHOSEN);
        return;
    }
    sa.chosen = *p;
    sa.ckyR = m.header.responderCookie;
    ReadVendorIds(sa, m);
    SendKeNonce(sa, 3);
}

void
IkeAgent::SendKeNonce(IkeSa& sa, uint8_t exchangeMessage)
{
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
    Bytes nonce = RandomBytes(kNonceOctets);
    (sa.initiator ? sa.gxi : sa.gxr) = sa.dh->GetPublicValue();
    (sa.initiator ? sa.ni : sa.nr) = nonce;
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kKeyExchange, sa.dh->GetPublicValue()},
                                        {IsakmpPayloadType::kNonce, nonce}};
    if (sa.natt != NatTVariant::NONE)
    {
        // RFC 3947 section 3.2: the peer's address and port as we send to
        // them first, then our own.
        for (auto& p : NatDPayloads(sa, sa.peer, sa.peerPort, sa.local, sa.localPort))
        {
            payloads.push_back(p);
        }
    }
    sa.state = exchangeMessage == 3 ? IkeState::MM_WAIT_4 : IkeState::MM_WAIT_5;
    NS_LOG_INFO("node " << m_node->GetId() << " MM" << unsigned(exchangeMessage) << " to "
                        << sa.peer);
    Send(sa, Plain(MakeHeader(sa.ckyI, sa.ckyR, IsakmpExchangeType::kMainMode, 0), payloads),
         sa.initiator);
}

void
IkeAgent::HandleKeNonce(IkeSa& sa, const IsakmpMessage& m, Ipv4Address from, uint16_t fromPort,
                        Ipv4Address to)
{
    const IsakmpPayload* ke = m.Find(IsakmpPayloadType::kKeyExchange);
    const IsakmpPayload* nonce = m.Find(IsakmpPayloadType::kNonce);
    if (!ke || !nonce || nonce->body.size() < 8 || nonce->body.size() > 256)
    {
        Drop(from, IkeDropReason::MALFORMED);
        return;
    }
    if (DhKeyPair::CheckPeerPublicValue(sa.chosen.group, ke->body) != CryptoError::OK)
    {
        Fail(sa, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    sa.retransmit.Cancel();
    if (sa.initiator)
    {
        sa.gxr = ke->body;
        sa.nr = nonce->body;
    }
    else
    {
        sa.gxi = ke->body;
        sa.ni = nonce->body;
        if (to != Ipv4Address::GetAny())
        {
            sa.local = to;
        }
    }
    CheckNatD(sa, m, from, fromPort, sa.local, sa.localPort);
    if (!sa.initiator)
    {
        SendKeNonce(sa, 4); // generates our DH pair; then the keys
    }
    if (!DeriveKeys(sa))
    {
        Fail(sa, IkeDropReason::INVALID_KEY_EXCHANGE);
        return;
    }
    if (sa.initiator)
    {
        SendIdHash(sa);
    }
}

bool
IkeAgent::DeriveKeys(IkeSa& sa)
{
    const Bytes& peerPublic = sa.initiator ? sa.gxr : sa.gxi;
    auto gxy = sa.dh->ComputeSharedSecret(peerPublic);
    if (!gxy)
    {
        return false;
    }
    sa.gxy = gxy.Value();
    Ikev1Suite suite{sa.chosen.hash, sa.chosen.encryption, sa.chosen.group};
    Bytes psk(sa.psk.begin(), sa.psk.end());
    sa.keys = DeriveIkev1PhaseOneKeysPsk(suite, psk, sa.ni, sa.nr, sa.gxy, sa.ckyI, sa.ckyR);
    if (!sa.keys.IsValid())
    {
        return false;
    }
    auto enc = Ikev1Encryptor::Create(sa.chosen.encryption, sa.keys.encryptionKey);
    if (!enc)
    {
        return false;
    }
    sa.encryptor.emplace(std::move(enc).Value());
    // The DH key pair and g^xy are not needed once SKEYID and its
    // derivatives exist: drop them (memory at thousands of peers, and the
    // secret does not linger).
    sa.dh.reset();
    std::fill(sa.gxy.begin(), sa.gxy.end(), 0);
    sa.gxy.clear();
    sa.gxy.shrink_to_fit();
    // RFC 2409 appendix B: IV = hash(g^xi | g^xr), to the block size.
    sa.iv = Ikev1Phase1Iv(sa.chosen.hash, sa.encryptor->GetBlockSize(), sa.gxi, sa.gxr);
    if (m_keyLog)
    {
        // Wireshark's ikev1_decryption_table: initiator cookie, encryption key.
        *m_keyLog << Hex(sa.ckyI.data(), 8) << ","
                  << Hex(sa.keys.encryptionKey.data(), sa.keys.encryptionKey.size()) << "\n";
        m_keyLog->flush();
    }
    return true;
}

void
IkeAgent::SendIdHash(IkeSa& sa)
{
    if (sa.NatDetected() && !sa.floated)
    {
        // RFC 3947 section 4: a NAT is in the path; from message 5 on, IKE
        // uses port 4500 with the non-ESP marker.
        sa.floated = true;
        sa.localPort = kNatTPort;
        sa.peerPort = kNatTPort;
    }
    IdPayload id = IdPayload::Ipv4Address(AddressBytes(sa.local));
    Bytes idB = id.Serialize();
    Bytes hash = sa.initiator ? Ikev1HashI(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.ckyI,
                                           sa.ckyR, sa.saiB, idB)
                              : Ikev1HashR(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.ckyI,
                                           sa.ckyR, sa.saiB, idB);
    std::vector<IsakmpPayload> payloads{{IsakmpPayloadType::kIdentification, idB},
                                        {IsakmpPayloadType::kHash, hash}};
    Bytes chain = SerializePayloadChain(payloads);
    IsakmpHeader h = MakeHeader(sa.ckyI, sa.ckyR, IsakmpExchangeType::kMainMode, 0);
    h.nextPayload = IsakmpPayloadType::kIdentification;
    Bytes message = Encrypt(sa, sa.iv, h, chain);
    if (sa.initiator)
    {
        sa.state = IkeState::MM_WAIT_6;
    }
    NS_LOG_INFO("node " << m_node->GetId() << " MM" << (sa.initiator ? 5 : 6) << " to " << sa.peer
                        << ":" << sa.peerPort);
    Send(sa, message, sa.initiator);
}

void
IkeAgent::HandleIdHash(IkeSa& sa, const IsakmpMessage& m)
{
    Bytes iv = sa.iv;
    auto plain = Decrypt(sa, iv, m);
    if (!plain)
    {
        Drop(sa.peer, IkeDropReason::DECRYPTION_FAILED);
        return;
    }
    auto chain = ParsePayloadChain(m.header.nextPayload, plain->data(), plain->size());
    const IsakmpPayload* id = nullptr;
    const IsakmpPayload* hash = nullptr;
    if (chain)
    {
        for (const auto& p : chain.Value().payloads)
        {
            id = (p.type == IsakmpPayloadType::kIdentification && !id) ? &p : id;
            hash = (p.type == IsakmpPayloadType::kHash && !hash) ? &p : hash;
        }
    }
    if (!id || !hash)
    {
        // Garbage after decryption: the usual sign of a wrong pre-shared key.
        Fail(sa, IkeDropReason::AUTHENTICATION_FAILED);
        return;
    }
    Bytes expected = sa.initiator ? Ikev1HashR(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr,
                                               sa.ckyI, sa.ckyR, sa.saiB, id->body)
                                  : Ikev1HashI(sa.chosen.hash, sa.keys.skeyid, sa.gxi, sa.gxr,
                                               sa.ckyI, sa.ckyR, sa.saiB, id->body);
    if (!Ikev1ConstantTimeEqual(expected, hash->body))
    {
        Fail(sa, IkeDropReason::AUTHENTICATION_FAILED);
        return;
    }
    sa.iv = iv; // commit the CBC chain only for an authentic message
    sa.retransmit.Cancel();
    CommitPeerEndpoint(sa);
    if (!sa.initiator)
    {
        SendIdHash(sa); // MM6
    }
    Established(sa);
}

} // namespace ns3
