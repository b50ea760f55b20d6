/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Wall time of IKEv1 handshakes (Main Mode with pre-shared keys + Quick
 * Mode) simulated by IkeAgent, against the bare cryptographic work of the
 * same handshakes done directly with the module's crypto functions (issue
 * #5, handshake target: ratio at most 1.5).
 *
 * Simulated: `--handshakes` pairs of gateways in one simulation, each pair
 * joined by its own point-to-point link (no NAT in the path; NAT Traversal
 * is on, as by default, so NAT-D payloads are built and checked and find no
 * NAT). Each initiator starts Main Mode; the simulation stops as soon as
 * every agent has installed its phase 2 SAs. The CPU model is the default
 * (none: nothing is charged). Phase 1: AES-128-CBC, SHA-256, the group under
 * test; phase 2: ESP AES-128-GCM, tunnel mode, no PFS. Only the wall time of
 * Simulator::Run is counted, divided by the handshakes.
 *
 * Bare: the same cryptographic operations, in the order IkeAgent does them
 * (model/ike/ikev1-main-mode.cc, ikev1-quick-mode.cc, ikev1-nat-t.cc),
 * with the same functions and input sizes, per handshake (both sides):
 *  - DH: 2 DhKeyPair::Generate (private value of IkeAgent's DhPrivateOctets
 *    default for MODP, full size for ECP/Curve25519), 2 CheckPeerPublicValue,
 *    2 ComputeSharedSecret (which checks the peer value again);
 *  - phase 1 keys: 2 DeriveIkev1PhaseOneKeysPsk (SKEYID, SKEYID_d/a/e, Ka),
 *    2 Ikev1Encryptor::Create, 2 Ikev1Phase1Iv;
 *  - NAT-D (RFC 3947 3.2): 8 NatDetectionHashIpv4 (each side sends 2 and
 *    computes 2 to check);
 *  - HASH_I and HASH_R: 4 (each computed by its sender and its checker);
 *  - Quick Mode: 2 Ikev1Phase2Iv, HASH(1), HASH(2), HASH(3) 2 each, 4
 *    Ikev1EspKeys (each side keys its inbound and outbound SA);
 *  - CBC: 5 encryptions (MM5, MM6, QM1-3) and 5 decryptions.
 * This list was counted from the sources and checked with callgrind call
 * counts of simulated handshakes against bare ones (bench/README.md).
 * What the bare side leaves out is the module's own work: ISAKMP parsing
 * and building, SA selection, ns-3 packets and events, SA installation.
 *
 * Udp, for the breakdown only: the same node pairs without IPsec or IKE
 * exchange nine UDP datagrams of the sizes of the handshake's messages,
 * each sent when the previous one arrives: what ns-3 charges for carrying
 * the messages. The three variants run in a rotating order.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipsec-nat-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("BenchIkeHandshake");

namespace
{

using Clock = std::chrono::steady_clock;

/// IkeAgent's DhPrivateOctets default (model/ike/ike-agent.cc).
constexpr std::size_t kDhPrivateOctets = 32;

double
WallSeconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

uint32_t
Attach(Ptr<NetDevice> dev, Ipv4Address address)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    uint32_t i = ipv4->AddInterface(dev);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(address, Ipv4Mask("255.255.255.0")));
    ipv4->SetUp(i);
    return i;
}

IpsecSelector
Lans(Ipv4Address local, Ipv4Address remote)
{
    IpsecSelector s;
    s.source = local;
    s.sourceMask = Ipv4Mask("255.255.255.0");
    s.destination = remote;
    s.destinationMask = Ipv4Mask("255.255.255.0");
    return s;
}

/// Stops the simulation when every agent has finished Quick Mode.
struct Completion
{
    uint32_t expected{0};
    uint32_t done{0};

    void Phase2(Ipv4Address, uint32_t, uint32_t, bool)
    {
        if (++done == expected)
        {
            Simulator::Stop();
        }
    }
};

/// One simulated run.
struct SimResult
{
    double run{0};         //!< wall seconds of Simulator::Run
    uint32_t phase1{0};    //!< phase 1 completions, both sides
    uint32_t phase2{0};    //!< phase 2 completions, both sides
    uint64_t drops{0};     //!< IKE drops of any reason
    uint32_t noNat{0};     //!< initiators whose NAT-D found no NAT
    uint32_t installed{0}; //!< SAs installed in the IpsecStacks
};

SimResult
SimulateHandshakes(uint16_t group, uint32_t handshakes, uint32_t seed, Time spacing)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(seed);
    NodeContainer initiators;
    NodeContainer responders;
    initiators.Create(handshakes);
    responders.Create(handshakes);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(initiators);
    stack.Install(responders);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
    IpsecHelper ipsec;
    ipsec.Install(initiators);
    ipsec.Install(responders);
    IkeHelper ike;
    ike.Install(initiators);
    ike.Install(responders);
    ipsec.AssignStreams(initiators, 10);
    ipsec.AssignStreams(responders, 10 + handshakes);
    IkeHelper::AssignStreams(initiators, 10 + 2 * handshakes);
    IkeHelper::AssignStreams(responders, 10 + 3 * handshakes);

    IkeProposal policy{IpsecHelper::ParseCipher("aes128"), HashAlgorithm::SHA2_256, group,
                       Seconds(86400)};
    IpsecTransform transform;
    transform.cipher = "aes128gcm";
    transform.mode = IpsecMode::TUNNEL;
    Completion completion;
    completion.expected = 2 * handshakes;
    for (uint32_t i = 0; i < handshakes; ++i)
    {
        Ptr<Node> a = initiators.Get(i);
        Ptr<Node> b = responders.Get(i);
        NetDeviceContainer link = p2p.Install(a, b);
        // Pair i uses 10.<i / 256>.<i % 256>.0/24 on its link.
        uint32_t net = (10u << 24) | (i << 8);
        Ipv4Address aAddr(net | 1);
        Ipv4Address bAddr(net | 2);
        Attach(link.Get(0), aAddr);
        Attach(link.Get(1), bAddr);
        Ptr<IkeAgent> ia = IkeHelper::GetAgent(a);
        Ptr<IkeAgent> ib = IkeHelper::GetAgent(b);
        ia->AddPreSharedKey(bAddr, Ipv4Mask::GetOnes(), "bench-psk");
        ib->AddPreSharedKey(aAddr, Ipv4Mask::GetOnes(), "bench-psk");
        IkeConnection ca;
        ca.name = "to-b";
        ca.localAddress = aAddr;
        ca.peerAddress = bAddr;
        ca.proposals = {policy};
        ca.transform = transform;
        ca.selector = Lans(Ipv4Address("172.16.1.0"), Ipv4Address("172.17.1.0"));
        IkeConnection cb = ca;
        cb.name = "to-a";
        cb.localAddress = bAddr;
        cb.peerAddress = aAddr;
        cb.selector = ca.selector.Mirror();
        uint32_t id = ia->AddConnection(ca);
        ib->AddConnection(cb);
        for (auto agent : {ia, ib})
        {
            agent->TraceConnectWithoutContext("Phase2Established",
                                              MakeCallback(&Completion::Phase2, &completion));
        }
        Simulator::Schedule(Seconds(1) + spacing * i, &IkeAgent::Initiate, ia, id);
    }
    // A safety net: a failed handshake must not run to the end of time.
    Simulator::Stop(Seconds(600) + spacing * handshakes);

    Clock::time_point t0 = Clock::now();
    Simulator::Run();
    Clock::time_point t1 = Clock::now();

    SimResult r;
    r.run = WallSeconds(t1 - t0);
    for (uint32_t i = 0; i < handshakes; ++i)
    {
        for (Ptr<Node> n : {initiators.Get(i), responders.Get(i)})
        {
            Ptr<IkeAgent> agent = IkeHelper::GetAgent(n);
            r.phase1 += agent->GetPhase1Count();
            r.phase2 += agent->GetPhase2Count();
            for (uint8_t k = 0; k <= static_cast<uint8_t>(IkeDropReason::STATE_LIMIT); ++k)
            {
                r.drops += agent->GetDropCount(static_cast<IkeDropReason>(k));
            }
            const SecurityAssociationDatabase& sad = IpsecHelper::GetStack(n)->GetSad();
            r.installed += sad.Inbound().size() + sad.Outbound().size();
        }
        Ipv4Address bAddr((10u << 24) | (i << 8) | 2);
        r.noNat
            += IkeHelper::GetAgent(initiators.Get(i))->GetNatStatus(bAddr) == IkeNatStatus::NO_NAT;
    }
    Simulator::Destroy();
    return r;
}

/**
 * The ns-3 floor: the nine messages of a handshake (Main Mode 1-6, Quick
 * Mode 1-3) as plain UDP datagrams of about the same sizes, each sent when
 * the previous one arrives, between the same kind of node pairs, without
 * IPsec or IKE. What simulating the exchange costs before any IKE work.
 */
struct MessageExchange
{
    Ptr<Socket> initiator;
    Ptr<Socket> responder;
    InetSocketAddress initiatorAddress{Ipv4Address::GetAny(), 0};
    InetSocketAddress responderAddress{Ipv4Address::GetAny(), 0};
    std::vector<uint32_t> sizes;
    uint32_t sent{0};
    uint32_t* finished{nullptr};
    uint32_t expected{0};

    void Send()
    {
        // Even messages go from the initiator, odd ones from the responder.
        bool fromInitiator = sent % 2 == 0;
        (fromInitiator ? initiator : responder)
            ->SendTo(Create<Packet>(sizes[sent]), 0,
                     fromInitiator ? responderAddress : initiatorAddress);
        ++sent;
    }

    void Receive(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            if (sent < sizes.size())
            {
                Send();
            }
            else if (++*finished == expected)
            {
                Simulator::Stop();
            }
        }
    }
};

/// Wall seconds of Simulator::Run for \p pairs message exchanges; \p ok false if one stalled.
double
SimulateMessages(uint16_t group, uint32_t pairs, Time spacing, bool& ok)
{
    std::size_t ke = FindDhGroup(group) ? FindDhGroup(group)->publicValueOctets : 256;
    // Sizes of the real messages with NAT-T vendor IDs and NAT-D payloads
    // (captured from the simulated handshake, rounded).
    std::vector<uint32_t> sizes{184, 164, uint32_t(140 + ke), uint32_t(140 + ke), 76, 76, 204,
                                204, 60};
    NodeContainer a;
    NodeContainer b;
    a.Create(pairs);
    b.Create(pairs);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(a);
    stack.Install(b);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(5)));
    uint32_t finished = 0;
    std::vector<MessageExchange> exchanges(pairs);
    for (uint32_t i = 0; i < pairs; ++i)
    {
        NetDeviceContainer link = p2p.Install(a.Get(i), b.Get(i));
        uint32_t net = (10u << 24) | (i << 8);
        Attach(link.Get(0), Ipv4Address(net | 1));
        Attach(link.Get(1), Ipv4Address(net | 2));
        MessageExchange& x = exchanges[i];
        x.initiator = Socket::CreateSocket(a.Get(i), UdpSocketFactory::GetTypeId());
        x.responder = Socket::CreateSocket(b.Get(i), UdpSocketFactory::GetTypeId());
        x.initiator->Bind(InetSocketAddress(Ipv4Address::GetAny(), 500));
        x.responder->Bind(InetSocketAddress(Ipv4Address::GetAny(), 500));
        x.initiatorAddress = InetSocketAddress(Ipv4Address(net | 1), 500);
        x.responderAddress = InetSocketAddress(Ipv4Address(net | 2), 500);
        x.sizes = sizes;
        x.finished = &finished;
        x.expected = pairs;
        x.initiator->SetRecvCallback(MakeCallback(&MessageExchange::Receive, &x));
        x.responder->SetRecvCallback(MakeCallback(&MessageExchange::Receive, &x));
        Simulator::Schedule(Seconds(1) + spacing * i, &MessageExchange::Send, &x);
    }
    Simulator::Stop(Seconds(600) + spacing * pairs);
    Clock::time_point t0 = Clock::now();
    Simulator::Run();
    Clock::time_point t1 = Clock::now();
    ok = finished == pairs;
    Simulator::Destroy();
    return WallSeconds(t1 - t0);
}

/// The bare cryptographic work of one handshake (see the file comment).
class BareHandshake
{
public:
    BareHandshake(uint16_t group, uint32_t seed)
        : m_group(group)
        , m_rng(seed)
    {
        m_suite = Ikev1Suite{HashAlgorithm::SHA2_256, IpsecHelper::ParseCipher("aes128"), group};
        m_esp = IpsecHelper::ParseCipher("aes128gcm");
        // Sizes of what the agent hashes and encrypts (captured from one run):
        // SAi_b of one phase 1 transform, ID payload bodies, Quick Mode
        // payload chains, Main Mode 5/6 and Quick Mode bodies.
        m_saiB = Random(48);
        m_idB = Random(8);
        m_qmRest1 = Random(132);
        m_qmRest2 = Random(132);
        m_mmBody = Random(48);
        m_qm1Body = Random(168);
        m_qm3Body = Random(36);
    }

    /// One handshake, both sides. \return false if any step failed.
    bool Run()
    {
        bool ok = true;
        auto random = [this](uint8_t* out, std::size_t n)
        {
            for (std::size_t i = 0; i < n; ++i)
            {
                out[i] = static_cast<uint8_t>(m_rng());
            }
        };
        std::size_t privateOctets = m_group <= 14 ? kDhPrivateOctets : 0;
        Bytes ckyI = Random(8);
        Bytes ckyR = Random(8);
        Bytes ni = Random(32);
        Bytes nr = Random(32);
        // MM3 (initiator): DH pair and two NAT-D hashes.
        auto dhI = DhKeyPair::Generate(m_group, random, privateOctets);
        ok = ok && dhI;
        NatD(ckyI, ckyR, 2);
        // MM3 at the responder: check the value, check NAT-D; MM4: DH pair,
        // NAT-D; keys.
        ok = ok
             && DhKeyPair::CheckPeerPublicValue(m_group, dhI->GetPublicValue()) == CryptoError::OK;
        NatD(ckyI, ckyR, 2);
        auto dhR = DhKeyPair::Generate(m_group, random, privateOctets);
        ok = ok && dhR;
        NatD(ckyI, ckyR, 2);
        const Bytes& gxi = dhI->GetPublicValue();
        const Bytes& gxr = dhR->GetPublicValue();
        Side r = Keys(*dhR, gxi, gxi, gxr, ni, nr, ckyI, ckyR, ok);
        // MM4 at the initiator.
        ok = ok && DhKeyPair::CheckPeerPublicValue(m_group, gxr) == CryptoError::OK;
        NatD(ckyI, ckyR, 2);
        Side i = Keys(*dhI, gxr, gxi, gxr, ni, nr, ckyI, ckyR, ok);
        // MM5: HASH_I, sent and checked; MM6: HASH_R, sent and checked.
        Bytes hashI = Ikev1HashI(m_suite.hash, i.keys.skeyid, gxi, gxr, ckyI, ckyR, m_saiB, m_idB);
        Bytes iv = i.iv;
        ok = ok && Cbc(i, iv, m_mmBody, r, i.iv);
        ok = ok
             && Ikev1ConstantTimeEqual(
                 Ikev1HashI(m_suite.hash, r.keys.skeyid, gxi, gxr, ckyI, ckyR, m_saiB, m_idB),
                 hashI);
        Bytes hashR = Ikev1HashR(m_suite.hash, r.keys.skeyid, gxi, gxr, ckyI, ckyR, m_saiB, m_idB);
        ok = ok && Cbc(r, iv, m_mmBody, i, r.iv);
        ok = ok
             && Ikev1ConstantTimeEqual(
                 Ikev1HashR(m_suite.hash, i.keys.skeyid, gxi, gxr, ckyI, ckyR, m_saiB, m_idB),
                 hashR);
        // Quick Mode, no PFS.
        uint32_t msgId = static_cast<uint32_t>(m_rng());
        Bytes qni = Random(32);
        Bytes qnr = Random(32);
        Bytes qivI = Ikev1Phase2Iv(m_suite.hash, 16, iv, msgId);
        Bytes h1 = Ikev1QmHash1(m_suite.hash, i.keys.skeyidA, msgId, m_qmRest1);
        Bytes qivR = Ikev1Phase2Iv(m_suite.hash, 16, iv, msgId);
        ok = ok && Cbc(i, qivI, m_qm1Body, r, qivR);
        ok = ok
             && Ikev1ConstantTimeEqual(Ikev1QmHash1(m_suite.hash, r.keys.skeyidA, msgId, m_qmRest1),
                                       h1);
        Bytes h2 = Ikev1QmHash2(m_suite.hash, r.keys.skeyidA, msgId, qni, m_qmRest2);
        ok = ok && Cbc(r, qivR, m_qm1Body, i, qivI);
        ok = ok
             && Ikev1ConstantTimeEqual(
                 Ikev1QmHash2(m_suite.hash, i.keys.skeyidA, msgId, qni, m_qmRest2), h2);
        Bytes h3 = Ikev1QmHash3(m_suite.hash, i.keys.skeyidA, msgId, qni, qnr);
        ok = ok && Cbc(i, qivI, m_qm3Body, r, qivR);
        EspKeys(i.keys.skeyidD, qni, qnr, ok);
        ok = ok
             && Ikev1ConstantTimeEqual(Ikev1QmHash3(m_suite.hash, r.keys.skeyidA, msgId, qni, qnr),
                                       h3);
        EspKeys(r.keys.skeyidD, qni, qnr, ok);
        return ok;
    }

private:
    /// One side's phase 1 state.
    struct Side
    {
        Ikev1Phase1Keys keys;
        std::optional<Ikev1Encryptor> encryptor;
        Bytes iv;
    };

    Bytes Random(std::size_t n)
    {
        Bytes b(n);
        for (auto& x : b)
        {
            x = static_cast<uint8_t>(m_rng());
        }
        return b;
    }

    void NatD(const Bytes& ckyI, const Bytes& ckyR, int n)
    {
        for (int k = 0; k < n; ++k)
        {
            m_sink ^= NatDetectionHashIpv4(m_suite.hash, ckyI, ckyR, 0x0a000001u + k, 500)[0];
        }
    }

    /// IkeAgent::DeriveKeys: g^xy, the phase 1 keys, the encryptor, the IV.
    Side Keys(const DhKeyPair& own, const Bytes& peer, const Bytes& gxi, const Bytes& gxr,
              const Bytes& ni, const Bytes& nr, const Bytes& ckyI, const Bytes& ckyR, bool& ok)
    {
        Side s;
        auto gxy = own.ComputeSharedSecret(peer);
        ok = ok && gxy;
        if (!gxy)
        {
            return s;
        }
        Bytes psk{'b', 'e', 'n', 'c', 'h', '-', 'p', 's', 'k'};
        s.keys = DeriveIkev1PhaseOneKeysPsk(m_suite, psk, ni, nr, *gxy, ckyI, ckyR);
        ok = ok && s.keys.IsValid();
        auto enc = Ikev1Encryptor::Create(m_suite.cipher, s.keys.encryptionKey);
        ok = ok && enc;
        if (enc)
        {
            s.encryptor.emplace(std::move(enc).Value());
            s.iv = Ikev1Phase1Iv(m_suite.hash, s.encryptor->GetBlockSize(), gxi, gxr);
        }
        return s;
    }

    /// One encrypted message: the sender encrypts, the receiver decrypts.
    bool Cbc(Side& from, Bytes& fromIv, const Bytes& body, Side& to, Bytes& toIv)
    {
        if (!from.encryptor || !to.encryptor)
        {
            return false;
        }
        auto c = from.encryptor->Encrypt(fromIv, body);
        if (!c)
        {
            return false;
        }
        fromIv = c->nextIv;
        auto p = to.encryptor->Decrypt(toIv, c->data);
        if (!p)
        {
            return false;
        }
        toIv = p->nextIv;
        return true;
    }

    /// One side's KEYMAT, outbound and inbound SA (RFC 2409 5.5).
    void EspKeys(const Bytes& skeyidD, const Bytes& qni, const Bytes& qnr, bool& ok)
    {
        for (uint32_t spi : {0x1000u, 0x2000u})
        {
            auto k = Ikev1EspKeys(m_suite.hash, skeyidD, {}, 3, spi, qni, qnr,
                                  m_esp.KeyMaterialOctets(), 0);
            ok = ok && !k.encryptionKey.empty();
        }
    }

    uint16_t m_group;
    std::mt19937 m_rng;
    Ikev1Suite m_suite;
    EncryptionDescriptor m_esp;
    Bytes m_saiB;
    Bytes m_idB;
    Bytes m_qmRest1;
    Bytes m_qmRest2;
    Bytes m_mmBody;
    Bytes m_qm1Body;
    Bytes m_qm3Body;
    uint8_t m_sink{0};
};

/**
 * "Measure and choose" for the MODP peer value check (issue #5): wall time
 * of the module's check of a group 14 public value (length and 1 < y < p-1,
 * what the module does) against OpenSSL's full public key check of the same
 * value as a key of the named group modp_2048, which also computes
 * y^q mod p. The two alternate; \return the medians in microseconds, or
 * {-1, -1} if OpenSSL would not build or check the key.
 */
std::pair<double, double>
MeasurePeerValueChecks(uint32_t iterations)
{
    std::mt19937 rng(7);
    auto random = [&rng](uint8_t* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = static_cast<uint8_t>(rng());
        }
    };
    auto pair = DhKeyPair::Generate(14, random, kDhPrivateOctets);
    if (!pair)
    {
        return {-1, -1};
    }
    const Bytes& y = pair->GetPublicValue();
    BIGNUM* pub = BN_bin2bn(y.data(), static_cast<int>(y.size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM* params = nullptr;
    EVP_PKEY_CTX* fromData = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
    EVP_PKEY* key = nullptr;
    EVP_PKEY_CTX* check = nullptr;
    bool ok = pub && bld && fromData
              && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "modp_2048", 0)
              && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub)
              && (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr
              && EVP_PKEY_fromdata_init(fromData) == 1
              && EVP_PKEY_fromdata(fromData, &key, EVP_PKEY_PUBLIC_KEY, params) == 1
              && (check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr)) != nullptr;
    std::vector<double> module;
    std::vector<double> full;
    for (uint32_t i = 0; ok && i < iterations; ++i)
    {
        Clock::time_point t0 = Clock::now();
        ok = DhKeyPair::CheckPeerPublicValue(14, y) == CryptoError::OK;
        Clock::time_point t1 = Clock::now();
        ok = ok && EVP_PKEY_public_check(check) == 1;
        Clock::time_point t2 = Clock::now();
        module.push_back(WallSeconds(t1 - t0) * 1e6);
        full.push_back(WallSeconds(t2 - t1) * 1e6);
    }
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(fromData);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(pub);
    if (!ok)
    {
        return {-1, -1};
    }
    std::sort(module.begin(), module.end());
    std::sort(full.begin(), full.end());
    return {module[module.size() / 2], full[full.size() / 2]};
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<uint16_t>
ParseGroups(const std::string& text)
{
    std::vector<uint16_t> groups;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        groups.push_back(static_cast<uint16_t>(std::stoul(item)));
    }
    return groups;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t handshakes = 50;
    uint32_t reps = 5;
    std::string groupsText = "14,19,31";
    std::string only;
    double spacingMs = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("spacing", "time between two initiations (ms; a handshake takes 45 ms)",
                 spacingMs);
    cmd.AddValue("handshakes", "handshakes per run (gateway pairs in one simulation)", handshakes);
    cmd.AddValue("reps", "repetitions of each (variant, group) pair", reps);
    cmd.AddValue("groups", "DH groups, comma-separated (1, 2, 5, 14, 19, 20, 31)", groupsText);
    cmd.AddValue("only", "run one variant only (sim|bare|udp), for profiling", only);
    cmd.Parse(argc, argv);
    std::vector<uint16_t> groups = ParseGroups(groupsText);
    NS_ABORT_MSG_IF(groups.empty() || handshakes == 0 || handshakes > 65536 || reps == 0,
                    "nothing to run (or more than 65536 handshakes)");
    NS_ABORT_MSG_IF(only != "" && only != "sim" && only != "bare" && only != "udp",
                    "--only='" << only << "' is unknown: allowed sim, bare, udp");

    std::cout << "bench-ike-handshake: " << handshakes << " handshakes per run, " << reps
              << " repetitions; IKEv1 Main Mode (PSK, AES-128-CBC, SHA-256) + Quick Mode "
                 "(ESP AES-128-GCM), no NAT, NAT-T on, no CPU model\n";
    std::printf("%5s %-5s %12s %12s %12s\n", "group", "what", "us/hs med", "us/hs min",
                "us/hs max");
    bool allOk = true;
    std::vector<std::string> ratioLines;
    for (uint16_t group : groups)
    {
        std::vector<double> sim;
        std::vector<double> bare;
        std::vector<double> udp;
        std::vector<double> ratio;
        for (uint32_t rep = 0; rep < reps; ++rep)
        {
            // The three variants in a rotating order: sim, bare, udp; bare,
            // udp, sim; udp, sim, bare; ...
            double t[3] = {0, 0, 0};
            for (int k = 0; k < 3; ++k)
            {
                int variant = (k + rep) % 3;
                if ((only == "sim" && variant != 0) || (only == "bare" && variant != 1)
                    || (only == "udp" && variant != 2))
                {
                    continue;
                }
                if (variant == 0)
                {
                    SimResult r
                        = SimulateHandshakes(group, handshakes, rep + 1, MilliSeconds(spacingMs));
                    bool ok = r.phase1 == 2 * handshakes && r.phase2 == 2 * handshakes
                              && r.drops == 0 && r.noNat == handshakes
                              && r.installed == 4 * handshakes;
                    if (!ok)
                    {
                        std::cout << "FAIL: group " << group << ": phase 1 " << r.phase1
                                  << ", phase 2 " << r.phase2 << " of " << 2 * handshakes
                                  << ", drops " << r.drops << ", no-NAT " << r.noNat
                                  << ", SAs installed " << r.installed << "\n";
                        allOk = false;
                    }
                    t[0] = r.run / handshakes;
                    sim.push_back(t[0] * 1e6);
                }
                else if (variant == 1)
                {
                    BareHandshake b(group, rep + 1);
                    bool ok = true;
                    Clock::time_point t0 = Clock::now();
                    for (uint32_t h = 0; h < handshakes; ++h)
                    {
                        ok = b.Run() && ok;
                    }
                    Clock::time_point t1 = Clock::now();
                    if (!ok)
                    {
                        std::cout << "FAIL: group " << group << ": bare handshake failed\n";
                        allOk = false;
                    }
                    t[1] = WallSeconds(t1 - t0) / handshakes;
                    bare.push_back(t[1] * 1e6);
                }
                else
                {
                    bool ok = true;
                    t[2] = SimulateMessages(group, handshakes, MilliSeconds(spacingMs), ok)
                           / handshakes;
                    if (!ok)
                    {
                        std::cout << "FAIL: group " << group << ": a message exchange stalled\n";
                        allOk = false;
                    }
                    udp.push_back(t[2] * 1e6);
                }
            }
            if (only.empty())
            {
                ratio.push_back(t[0] / t[1]);
            }
        }
        auto row = [group](const char* name, const std::vector<double>& v)
        {
            if (v.empty())
            {
                return;
            }
            std::printf("%5u %-5s %12.1f %12.1f %12.1f\n", group, name, Median(v),
                        *std::min_element(v.begin(), v.end()),
                        *std::max_element(v.begin(), v.end()));
        };
        row("sim", sim);
        row("bare", bare);
        row("udp", udp);
        if (!ratio.empty())
        {
            char line[160];
            std::snprintf(line, sizeof(line),
                          "ratio sim/bare group %2u: median %.3f (min %.3f, max %.3f) over %zu "
                          "paired runs (target <= 1.5)",
                          group, Median(ratio), *std::min_element(ratio.begin(), ratio.end()),
                          *std::max_element(ratio.begin(), ratio.end()), ratio.size());
            ratioLines.push_back(line);
            double agent = Median(sim) - Median(bare) - Median(udp);
            std::snprintf(line, sizeof(line),
                          "  group %2u per handshake: bare crypto %.0f us, ns-3 message floor "
                          "%.0f us, the rest (IKE agent, SA install) %.0f us",
                          group, Median(bare), Median(udp), agent);
            ratioLines.push_back(line);
        }
    }
    for (const auto& l : ratioLines)
    {
        std::cout << l << "\n";
    }
    if (std::find(groups.begin(), groups.end(), 14) != groups.end() && only.empty())
    {
        auto [range, full] = MeasurePeerValueChecks(21);
        std::printf("group 14 peer value check: the module's range check %.1f us, OpenSSL's full "
                    "check (y^q mod p) %.0f us per value (medians of 21)\n",
                    range, full);
    }
    std::cout << (allOk ? "handshakes: every tunnel came up in every run\n"
                        : "handshakes: FAILED\n");
    return allOk ? 0 : 1;
}
