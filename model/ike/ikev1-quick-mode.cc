/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKEv1 Quick Mode without PFS (RFC 2409 section 5.5), with the NAT-T
 * encapsulation modes and NAT-OA of RFC 3947 section 5:
 *   QM1  HDR*, HASH(1), SA, Ni, IDci, IDcr [, NAT-OAi, NAT-OAr]
 *   QM2  HDR*, HASH(2), SA, Nr, IDci, IDcr [, NAT-OAi, NAT-OAr]
 *   QM3  HDR*, HASH(3)
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

NS_LOG_COMPONENT_DEFINE("Ikev1QuickMode");

namespace
{
constexpr std::size_t kNonceOctets = 32;
using ikev1::AddressBytes;

Ipv4Address
FromBytes(const std::array<uint8_t, 4>& b)
{
    return Ipv4Address((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8)
                       | b[3]);
}

// An ID payload for one side of a selector (RFC 2407 section 4.6.2).
IdPayload
SelectorId(Ipv4Address address, Ipv4Mask mask, uint8_t protocol)
{
    if (mask == Ipv4Mask::GetOnes())
    {
        return IdPayload::Ipv4Address(AddressBytes(address), protocol);
    }
    Ipv4Address m(mask.Get());
    return IdPayload::Ipv4Subnet(AddressBytes(address.CombineMask(mask)), AddressBytes(m),
                                 protocol);
}

bool
IdMatches(const IdPayload& id, Ipv4Address address, Ipv4Mask mask)
{
    if (auto a = id.GetIpv4Address())
    {
        return mask == Ipv4Mask::GetOnes() && FromBytes(*a) == address;
    }
    if (auto s = id.GetIpv4Subnet())
    {
        return FromBytes(s->address) == address.CombineMask(mask)
               && Ipv4Mask(FromBytes(s->mask).Get()) == mask;
    }
    return false;
}

// The prefix an ID payload names, when it lies inside address/mask
// (a responder template's range): an address as a /32, a subnet as itself.
std::optional<std::pair<Ipv4Address, Ipv4Mask>>
IdWithin(const IdPayload& id, Ipv4Address address, Ipv4Mask mask)
{
    if (auto a = id.GetIpv4Address())
    {
        Ipv4Address host = FromBytes(*a);
        if (mask.IsMatch(address, host))
        {
            return std::make_pair(host, Ipv4Mask::GetOnes());
        }
        return std::nullopt;
    }
    if (auto s = id.GetIpv4Subnet())
    {
        Ipv4Address net = FromBytes(s->address);
        Ipv4Mask netMask(FromBytes(s->mask).Get());
        if (netMask.GetPrefixLength() >= mask.GetPrefixLength() && mask.IsMatch(address, net))
        {
            return std::make_pair(net.CombineMask(netMask), netMask);
        }
    }
    return std::nullopt;
}

uint32_t
SpiOf(const Bytes& spi)
{
    return spi.size() == 4 ? (uint32_t(spi[0]) << 24) | (uint32_t(spi[1]) << 16)
                                 | (uint32_t(spi[2]) << 8) | spi[3]
                           : 0;
}

Bytes
SpiBytes(uint32_t spi)
{
    return {uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi)};
}

uint16_t
IpsecAuthAttribute(IntegrityAlgorithm a)
{
    switch (a)
    {
        case IntegrityAlgorithm::HMAC_MD5_96:
            return IpsecAuthenticationAlgorithm::kHmacMd5;
        case IntegrityAlgorithm::HMAC_SHA1_96:
            return IpsecAuthenticationAlgorithm::kHmacSha1;
        case IntegrityAlgorithm::HMAC_SHA2_256_128:
            return IpsecAuthenticationAlgorithm::kHmacSha256;
        case IntegrityAlgorithm::HMAC_SHA2_384_192:
            return IpsecAuthenticationAlgorithm::kHmacSha384;
        case IntegrityAlgorithm::HMAC_SHA2_512_256:
            return IpsecAuthenticationAlgorithm::kHmacSha512;
    }
    return 0;
}
} // namespace

Bytes
IkeAgent::BuildPhase2Sa(const IkeSa& sa, uint32_t spi) const
{
    const IkeConnection& c = m_connections.at(sa.connection);
    const IpsecTransform& t = c.transform;
    bool transport = t.mode == IpsecMode::TRANSPORT;
    uint16_t mode
        = transport ? IpsecEncapsulationMode::kTransport : IpsecEncapsulationMode::kTunnel;
    if (sa.NatDetected() && t.protocol == IpsecProtocol::ESP)
    {
        // RFC 3947 section 5.1 (draft values 61443/61444 with a draft VID).
        // Only ESP can be UDP-encapsulated: AH keeps its plain modes and
        // fails through the NAT, as it does on real networks.
        bool draft = sa.natt == NatTVariant::DRAFT;
        mode = transport ? (draft ? IpsecEncapsulationMode::kUdpEncapsulatedTransportDraft
                                  : IpsecEncapsulationMode::kUdpEncapsulatedTransport)
                         : (draft ? IpsecEncapsulationMode::kUdpEncapsulatedTunnelDraft
                                  : IpsecEncapsulationMode::kUdpEncapsulatedTunnel);
    }
    TransformPayload tr;
    tr.number = 1;
    const IntegrityDescriptor* integrity = IpsecHelper::IntegrityEntry(t.integrity);
    ProposalPayload prop;
    prop.number = 1;
    prop.spi = SpiBytes(spi);
    if (t.protocol == IpsecProtocol::AH)
    {
        prop.protocolId = IsakmpProtocolId::kAh;
        tr.transformId = uint8_t(integrity ? integrity->ahTransformId : 0);
    }
    else
    {
        prop.protocolId = IsakmpProtocolId::kEsp;
        const EncryptionDescriptor& e = *IpsecHelper::CipherEntry(t.cipher);
        tr.transformId = uint8_t(e.espTransformId);
        if (e.keyLengthBits != 0)
        {
            tr.SetAttribute(IpsecAttributeType::kKeyLength, e.keyLengthBits);
        }
        if (e.IsAead())
        {
            integrity = nullptr;
        }
    }
    tr.SetAttribute(IpsecAttributeType::kSaLifeType, IsakmpLifeType::kSeconds);
    tr.SetAttribute(IpsecAttributeType::kSaLifeDuration, uint64_t(c.ipsecLifetime.GetSeconds()));
    tr.SetAttribute(IpsecAttributeType::kEncapsulationMode, mode);
    if (integrity)
    {
        tr.SetAttribute(IpsecAttributeType::kAuthenticationAlgorithm,
                        IpsecAuthAttribute(integrity->algorithm));
    }
    prop.transforms = {tr};
    SaPayload sap;
    sap.proposals = {prop};
    return sap.Serialize();
}

void
IkeAgent::StartQuickMode(IkeSa& sa)
{
    const IkeConnection& c = m_connections.at(sa.connection);
    QuickMode qm;
    qm.initiator = true;
    qm.connection = sa.connection;
    qm.selector = c.selector;
    do
    {
        qm.messageId = m_random->GetInteger(1, 0xFFFFFFFFU);
    } while (sa.quickModes.count(qm.messageId));
    qm.spiIn = m_random->GetInteger(256, 0xFFFFFFFFU);
    qm.ni = RandomBytes(kNonceOctets);
    // RFC 2409 appendix B: the exchange's IV from the last phase 1 block.
    qm.iv = Ikev1Phase2Iv(sa.chosen.hash, sa.encryptor->GetBlockSize(), sa.iv, qm.messageId);
    std::vector<IsakmpPayload> rest{
        {IsakmpPayloadType::kSa, BuildPhase2Sa(sa, qm.spiIn)},
        {IsakmpPayloadType::kNonce, qm.ni},
        {IsakmpPayloadType::kIdentification,
         SelectorId(c.selector.source, c.selector.sourceMask, c.selector.protocol).Serialize()},
        {IsakmpPayloadType::kIdentification,
         SelectorId(c.selector.destination, c.selector.destinationMask, c.selector.protocol)
             .Serialize()}};
    if (sa.NatDetected() && c.transform.mode == IpsecMode::TRANSPORT)
    {
        // RFC 3947 section 5.2: our address and the peer's as we know them.
        uint8_t type = sa.natt == NatTVariant::DRAFT ? IsakmpPayloadType::kNatOriginalAddressDraft
                                                     : IsakmpPayloadType::kNatOriginalAddress;
        NatOaPayload oai;
        oai.address = AddressBytes(sa.local);
        NatOaPayload oar;
        oar.address = AddressBytes(sa.peer);
        rest.push_back({type, oai.Serialize()});
        rest.push_back({type, oar.Serialize()});
    }
    Bytes restBytes = SerializePayloadChain(rest);
    Bytes hash = Ikev1QmHash1(sa.chosen.hash, sa.keys.skeyidA, qm.messageId, restBytes);
    std::vector<IsakmpPayload> all{{IsakmpPayloadType::kHash, hash}};
    all.insert(all.end(), rest.begin(), rest.end());
    IsakmpHeader h;
    h.initiatorCookie = sa.ckyI;
    h.responderCookie = sa.ckyR;
    h.exchangeType = IsakmpExchangeType::kQuickMode;
    h.messageId = qm.messageId;
    h.nextPayload = IsakmpPayloadType::kHash;
    Bytes message = Encrypt(sa, qm.iv, h, SerializePayloadChain(all));
    sa.quickModes[qm.messageId] = qm;
    NS_LOG_INFO("node " << m_node->GetId() << " QM1 to " << sa.peer << ":" << sa.peerPort);
    Send(sa, message, true);
}

void
IkeAgent::HandleQuickMode(IkeSa& sa, const IsakmpMessage& m)
{
    uint32_t msgId = m.header.messageId;
    auto it = sa.quickModes.find(msgId);
    bool fresh = it == sa.quickModes.end();
    QuickMode qm;
    if (fresh)
    {
        qm.messageId = msgId;
        qm.iv = Ikev1Phase2Iv(sa.chosen.hash, sa.encryptor->GetBlockSize(), sa.iv, msgId);
    }
    else
    {
        qm = it->second;
    }
    Bytes iv = qm.iv;
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
    const auto& payloads = chain.Value().payloads;
    const Bytes& hash = payloads.front().body;
    std::size_t restStart
        = chain.Value().offsets.size() > 1 ? chain.Value().offsets[1] : chain.Value().chainLength;
    Bytes rest(plain->begin() + restStart, plain->begin() + chain.Value().chainLength);
    auto find = [&payloads](uint8_t type, std::size_t nth = 0) -> const IsakmpPayload*
    {
        for (const auto& p : payloads)
        {
            if (p.type == type && nth-- == 0)
            {
                return &p;
            }
        }
        return nullptr;
    };

    if (fresh)
    {
        // Responder: QM1.
        const IsakmpPayload* saP = find(IsakmpPayloadType::kSa);
        const IsakmpPayload* nonce = find(IsakmpPayloadType::kNonce);
        const IsakmpPayload* idci = find(IsakmpPayloadType::kIdentification, 0);
        const IsakmpPayload* idcr = find(IsakmpPayloadType::kIdentification, 1);
        if (!saP || !nonce || !idci || !idcr)
        {
            Drop(sa.peer, IkeDropReason::MALFORMED);
            return;
        }
        if (!Ikev1ConstantTimeEqual(Ikev1QmHash1(sa.chosen.hash, sa.keys.skeyidA, msgId, rest),
                                    hash))
        {
            Drop(sa.peer, IkeDropReason::AUTHENTICATION_FAILED);
            return;
        }
        CommitPeerEndpoint(sa);
        auto offer = SaPayload::Parse(saP->body.data(), saP->body.size());
        auto ci = IdPayload::Parse(idci->body.data(), idci->body.size());
        auto cr = IdPayload::Parse(idcr->body.data(), idcr->body.size());
        if (!offer || offer->proposals.empty() || offer->proposals.front().transforms.empty() || !ci
            || !cr)
        {
            Drop(sa.peer, IkeDropReason::MALFORMED);
            return;
        }
        // The connection whose (mirrored) selector the IDs describe.
        uint32_t conn = 0;
        for (uint32_t id : m_templates)
        {
            const IkeConnection& c = m_connections.at(id);
            if (c.dynamic)
            {
                // IOS dynamic crypto map: any proxy identities inside the
                // template's selector; the peer gets its own instance.
                auto peerSide = IdWithin(*ci, c.selector.destination, c.selector.destinationMask);
                auto ourSide = IdWithin(*cr, c.selector.source, c.selector.sourceMask);
                if (peerSide && ourSide)
                {
                    conn = InstantiateDynamic(id, sa.peer, peerSide->first, peerSide->second,
                                              ourSide->first, ourSide->second);
                    break;
                }
                continue;
            }
            bool local = IdMatches(*cr, c.selector.source, c.selector.sourceMask);
            bool remote = IdMatches(*ci, c.selector.destination, c.selector.destinationMask);
            if (!remote && sa.NatDetected() && c.transform.mode == IpsecMode::TRANSPORT
                && c.selector.destination == sa.peer
                && c.selector.destinationMask == Ipv4Mask::GetOnes())
            {
                // Transport mode through a NAT: the initiator names its own
                // (private) address; we know it by its public one.
                remote = true;
            }
            if (!local && sa.NatDetected() && c.transform.mode == IpsecMode::TRANSPORT
                && c.selector.source == sa.local && c.selector.sourceMask == Ipv4Mask::GetOnes())
            {
                local = true; // and it may know us by our NAT's public address
            }
            if (local && remote)
            {
                conn = id;
                break;
            }
        }
        if (conn == 0)
        {
            Drop(sa.peer, IkeDropReason::NO_CONNECTION);
            return;
        }
        sa.connection = conn;
        const ProposalPayload& prop = offer->proposals.front();
        // The offer must be our transform set (same protocol, cipher,
        // integrity): compare with the proposal we would make.
        Bytes ownOffer = BuildPhase2Sa(sa, 0);
        auto mine = SaPayload::Parse(ownOffer.data(), ownOffer.size());
        const TransformPayload& ours = mine->proposals.front().transforms.front();
        const TransformPayload& theirs = prop.transforms.front();
        bool match = prop.protocolId == mine->proposals.front().protocolId
                     && theirs.transformId == ours.transformId
                     && theirs.GetAttribute(IpsecAttributeType::kAuthenticationAlgorithm)
                            == ours.GetAttribute(IpsecAttributeType::kAuthenticationAlgorithm)
                     && theirs.GetAttribute(IpsecAttributeType::kKeyLength)
                            == ours.GetAttribute(IpsecAttributeType::kKeyLength);
        if (!match)
        {
            Drop(sa.peer, IkeDropReason::NO_PROPOSAL_CHOSEN);
            return;
        }
        qm.connection = conn;
        qm.selector = m_connections.at(conn).selector;
        qm.ni = nonce->body;
        qm.nr = RandomBytes(kNonceOctets);
        qm.spiOut = SpiOf(prop.spi);
        qm.spiIn = m_random->GetInteger(256, 0xFFFFFFFFU);
        qm.encapsulationMode
            = uint16_t(theirs.GetAttribute(IpsecAttributeType::kEncapsulationMode).value_or(1));
        ProposalPayload answer = prop;
        answer.spi = SpiBytes(qm.spiIn);
        answer.transforms = {theirs};
        SaPayload sap;
        sap.proposals = {answer};
        std::vector<IsakmpPayload> restOut{{IsakmpPayloadType::kSa, sap.Serialize()},
                                           {IsakmpPayloadType::kNonce, qm.nr},
                                           *idci,
                                           *idcr};
        const IsakmpPayload* oai = find(IsakmpPayloadType::kNatOriginalAddress, 0);
        const IsakmpPayload* oar = find(IsakmpPayloadType::kNatOriginalAddress, 1);
        if (!oai)
        {
            oai = find(IsakmpPayloadType::kNatOriginalAddressDraft, 0);
            oar = find(IsakmpPayloadType::kNatOriginalAddressDraft, 1);
        }
        if (oai && oar)
        {
            // RFC 3947 section 5.2: NAT-OAi is the initiator's own address,
            // NAT-OAr ours as the initiator knew it. We answer with the
            // initiator's address as we see it and our own.
            auto i = NatOaPayload::Parse(oai->body.data(), oai->body.size());
            auto r = NatOaPayload::Parse(oar->body.data(), oar->body.size());
            if (i && r)
            {
                qm.originalPeer = FromBytes(i->address);
                qm.originalUs = FromBytes(r->address);
            }
            NatOaPayload seen;
            seen.address = AddressBytes(sa.peer);
            NatOaPayload self;
            self.address = AddressBytes(sa.local);
            restOut.push_back({oai->type, seen.Serialize()});
            restOut.push_back({oai->type, self.Serialize()});
        }
        Bytes restBytes = SerializePayloadChain(restOut);
        Bytes h2 = Ikev1QmHash2(sa.chosen.hash, sa.keys.skeyidA, msgId, qm.ni, restBytes);
        std::vector<IsakmpPayload> all{{IsakmpPayloadType::kHash, h2}};
        all.insert(all.end(), restOut.begin(), restOut.end());
        IsakmpHeader h = m.header;
        h.flags = 0;
        h.nextPayload = IsakmpPayloadType::kHash;
        qm.iv = iv;
        Bytes message = Encrypt(sa, qm.iv, h, SerializePayloadChain(all));
        sa.quickModes[msgId] = qm;
        NS_LOG_INFO("node " << m_node->GetId() << " QM2 to " << sa.peer << ":" << sa.peerPort);
        Send(sa, message, false);
        return;
    }
    if (qm.initiator && !qm.done && qm.nr.empty())
    {
        // Initiator: QM2.
        const IsakmpPayload* saP = find(IsakmpPayloadType::kSa);
        const IsakmpPayload* nonce = find(IsakmpPayloadType::kNonce);
        if (!saP || !nonce)
        {
            Drop(sa.peer, IkeDropReason::MALFORMED);
            return;
        }
        if (!Ikev1ConstantTimeEqual(
                Ikev1QmHash2(sa.chosen.hash, sa.keys.skeyidA, msgId, qm.ni, rest), hash))
        {
            Drop(sa.peer, IkeDropReason::AUTHENTICATION_FAILED);
            return;
        }
        CommitPeerEndpoint(sa);
        auto answer = SaPayload::Parse(saP->body.data(), saP->body.size());
        if (!answer || answer->proposals.empty() || answer->proposals.front().transforms.empty())
        {
            Drop(sa.peer, IkeDropReason::MALFORMED);
            return;
        }
        sa.retransmit.Cancel();
        const IsakmpPayload* oai = find(IsakmpPayloadType::kNatOriginalAddress, 0);
        const IsakmpPayload* oar = find(IsakmpPayloadType::kNatOriginalAddress, 1);
        if (!oai)
        {
            oai = find(IsakmpPayloadType::kNatOriginalAddressDraft, 0);
            oar = find(IsakmpPayloadType::kNatOriginalAddressDraft, 1);
        }
        if (oai && oar)
        {
            // The responder's NAT-OAi: us as it saw us; NAT-OAr: its own address.
            auto i = NatOaPayload::Parse(oai->body.data(), oai->body.size());
            auto r = NatOaPayload::Parse(oar->body.data(), oar->body.size());
            if (i && r)
            {
                qm.originalUs = FromBytes(i->address);
                qm.originalPeer = FromBytes(r->address);
            }
        }
        qm.nr = nonce->body;
        qm.spiOut = SpiOf(answer->proposals.front().spi);
        qm.encapsulationMode = uint16_t(answer->proposals.front()
                                            .transforms.front()
                                            .GetAttribute(IpsecAttributeType::kEncapsulationMode)
                                            .value_or(1));
        qm.iv = iv;
        std::vector<IsakmpPayload> all{
            {IsakmpPayloadType::kHash,
             Ikev1QmHash3(sa.chosen.hash, sa.keys.skeyidA, msgId, qm.ni, qm.nr)}};
        IsakmpHeader h = m.header;
        h.flags = 0;
        h.nextPayload = IsakmpPayloadType::kHash;
        Bytes message = Encrypt(sa, qm.iv, h, SerializePayloadChain(all));
        sa.quickModes[msgId] = qm;
        Send(sa, message, false);
        InstallSas(sa, sa.quickModes[msgId]);
        return;
    }
    if (!qm.initiator && !qm.done)
    {
        // Responder: QM3.
        if (!Ikev1ConstantTimeEqual(
                Ikev1QmHash3(sa.chosen.hash, sa.keys.skeyidA, msgId, qm.ni, qm.nr), hash))
        {
            Drop(sa.peer, IkeDropReason::AUTHENTICATION_FAILED);
            return;
        }
        CommitPeerEndpoint(sa);
        qm.iv = iv;
        sa.quickModes[msgId] = qm;
        InstallSas(sa, sa.quickModes[msgId]);
        return;
    }
    Drop(sa.peer, IkeDropReason::UNEXPECTED);
}

void
IkeAgent::InstallSas(IkeSa& sa, QuickMode& qm)
{
    const IkeConnection& c = m_connections.at(qm.connection);
    const IpsecTransform& t = c.transform;
    bool udp = qm.encapsulationMode == IpsecEncapsulationMode::kUdpEncapsulatedTunnel
               || qm.encapsulationMode == IpsecEncapsulationMode::kUdpEncapsulatedTransport
               || qm.encapsulationMode == IpsecEncapsulationMode::kUdpEncapsulatedTunnelDraft
               || qm.encapsulationMode == IpsecEncapsulationMode::kUdpEncapsulatedTransportDraft;
    IpsecSaConfig base = IpsecHelper::SaConfigFor(t);
    base.encapsulation = udp ? IpsecEncapsulation::UDP : IpsecEncapsulation::NONE;
    base.lifetime.hardTime = c.ipsecLifetime;
    if (c.ipsecLifetimeKilobytes > 0)
    {
        base.lifetime.hardBytes = c.ipsecLifetimeKilobytes * 1024;
        base.lifetime.softBytes = uint64_t(double(base.lifetime.hardBytes) * 0.9);
    }
    // Soft expiry (the rekey point) with jitter, so that peers and SAs do
    // not all rekey at once.
    base.lifetime.softTime = c.ipsecLifetime * m_random->GetValue(0.85, 0.9);
    std::size_t encOctets = base.encryption ? base.encryption->KeyMaterialOctets() : 0;
    std::size_t intOctets = base.integrity ? base.integrity->keyOctets : 0;
    uint8_t proto
        = t.protocol == IpsecProtocol::AH ? IsakmpProtocolId::kAh : IsakmpProtocolId::kEsp;
    // RFC 2409 section 5.5: KEYMAT per SA, with the SPI its receiver chose.
    auto keysOut = Ikev1EspKeys(sa.chosen.hash, sa.keys.skeyidD, {}, proto, qm.spiOut, qm.ni, qm.nr,
                                encOctets, intOctets);
    auto keysIn = Ikev1EspKeys(sa.chosen.hash, sa.keys.skeyidD, {}, proto, qm.spiIn, qm.ni, qm.nr,
                               encOctets, intOctets);

    IpsecSaConfig out = base;
    out.spi = qm.spiOut;
    out.source = sa.local;
    out.destination = sa.peer;
    out.sourcePort = kNatTPort;
    out.destinationPort = sa.floated ? sa.peerPort : kNatTPort;
    out.encryptionKey = keysOut.encryptionKey;
    out.integrityKey = keysOut.integrityKey;
    out.selector = c.selector;
    IpsecSaConfig in = base;
    in.spi = qm.spiIn;
    in.source = sa.peer;
    in.destination = sa.local;
    in.sourcePort = out.destinationPort;
    in.destinationPort = kNatTPort;
    in.encryptionKey = keysIn.encryptionKey;
    in.integrityKey = keysIn.integrityKey;
    in.selector = c.selector.Mirror();
    if (t.mode == IpsecMode::TRANSPORT && udp && qm.originalPeer != Ipv4Address::GetAny())
    {
        // RFC 3948 section 3.1.2: the peer's transport checksums cover the
        // addresses it knew; the stack adjusts them with these.
        in.originalSource = qm.originalPeer;
        in.originalDestination = qm.originalUs;
    }
    std::string err = m_stack->AddSa(in, false, qm.connection);
    if (err.empty())
    {
        err = m_stack->AddSa(out, true, qm.connection);
    }
    if (!err.empty())
    {
        NS_LOG_WARN("node " << m_node->GetId() << " cannot install SAs: " << err);
        Drop(sa.peer, IkeDropReason::NO_PROPOSAL_CHOSEN);
        return;
    }
    qm.done = true;
    // The nonces went into HASH(2)/HASH(3) and KEYMAT (RFC 2409 section
    // 5.5) and are not needed again; the entry stays, done, so that a
    // retransmission of this exchange is recognised and dropped.
    Bytes().swap(qm.ni);
    Bytes().swap(qm.nr);
    ++m_phase2Count;
    NS_LOG_INFO("node " << m_node->GetId() << " phase 2 up with " << sa.peer << " spi in "
                        << qm.spiIn << " out " << qm.spiOut << (udp ? " UDP-encapsulated" : ""));
    m_phase2Trace(sa.peer, qm.spiIn, qm.spiOut, udp);
    // Until the next exchange (DPD, rekey, delete) the ISAKMP SA only keeps
    // its key: the next message keys fresh contexts.
    if (sa.encryptor)
    {
        sa.encryptor->ReleaseContexts();
    }
}

} // namespace ns3
