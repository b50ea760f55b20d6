/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Scenario tests of the life of IKEv1 SAs in the site-to-site topology of
 * ike-scenario.h (gwA initiates at 1 s, a PAT in front of neither, either
 * or both gateways): Aggressive Mode with a pre-shared key chosen by
 * identity, AH through a PAT, phase 1 and phase 2 rekeying without loss,
 * Dead Peer Detection (RFC 3706) and the responder's half-open state
 * limit. The assertions are on protocol outcomes: what the agents report,
 * what crosses the wire (DPD notifications decrypted with the exported
 * phase 1 keys), which SAs the IPsec stacks hold and which traffic is
 * delivered.
 */
#include "ike/ike-scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace ns3
{
namespace test
{
namespace
{

const Ipv4Address kHostB("10.2.0.2");
const Ipv4Address kGwAPrivate("192.168.1.2");
const Ipv4Address kPublicA("198.51.100.1");
const Ipv4Address kAttacker("198.51.100.9");
const std::string kIdentity = "gw-a.example";
constexpr uint16_t kRuThere = 36136;    //!< RFC 3706 section 5.1
constexpr uint16_t kRuThereAck = 36137; //!< RFC 3706 section 5.1

/// The tunnel-mode echo: \p n requests of \p size octets from hostA to hostB from \p start.
std::shared_ptr<EchoCount>
LanEcho(IkeNetwork& net, uint32_t n, Time start, Time interval = Seconds(1), uint16_t port = 9,
        uint32_t size = 100)
{
    return net.Echo(net.hostA, net.hostB, kHostB, n, start, interval, port, size);
}

/// \return how many ISAKMP SAs \p agent shows as ACTIVE, and the show output.
std::pair<std::size_t, std::string>
ActiveIsakmpSas(Ptr<IkeAgent> agent)
{
    std::ostringstream show;
    agent->PrintIsakmpSas(show);
    const std::string text = show.str();
    std::size_t active = 0;
    for (std::size_t at = text.find("ACTIVE"); at != std::string::npos;
         at = text.find("ACTIVE", at + 1))
    {
        ++active;
    }
    return {active, text};
}

std::size_t
Count(const WireLog& log, const std::function<bool(const WirePacket&)>& match)
{
    return log.Select(match).size();
}

std::vector<std::string>
Reasons(const std::vector<IkeEvent>& events)
{
    std::vector<std::string> r;
    for (const auto& e : events)
    {
        r.push_back(e.what);
    }
    return r;
}

std::vector<double>
Times(const std::vector<WirePacket>& packets)
{
    std::vector<double> t;
    for (const auto& w : packets)
    {
        t.push_back(w.at.GetSeconds());
    }
    return t;
}

/// \return the ISAKMP message of an IKE packet (UDP 500, or 4500 behind the marker).
std::optional<IsakmpMessage>
IsakmpOf(const WirePacket& w)
{
    if (!w.Ike500() && !w.Ike4500())
    {
        return std::nullopt;
    }
    Bytes b = w.Isakmp();
    auto m = IsakmpMessage::Parse(b.data(), b.size());
    if (!m)
    {
        return std::nullopt;
    }
    return m.Value();
}

/// \return true for an IKE message of exchange type \p exchange.
bool
IsExchange(const WirePacket& w, uint8_t exchange)
{
    auto m = IsakmpOf(w);
    return m && m->header.exchangeType == exchange;
}

/// \return true for a first Main Mode message (zero responder cookie).
bool
IsMm1(const WirePacket& w)
{
    auto m = IsakmpOf(w);
    return m && m->header.exchangeType == IsakmpExchangeType::kMainMode
           && m->header.responderCookie == std::array<uint8_t, 8>{};
}

/// \return true for an Informational exchange message (RFC 2409 section 5.7).
bool
IsInformational(const WirePacket& w)
{
    return IsExchange(w, IsakmpExchangeType::kInformational);
}

/// \return the SPI of a UDP-encapsulated or raw ESP packet.
uint32_t
EspSpi(const WirePacket& w)
{
    return SpiOf(w.payload.data());
}

std::string
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

Bytes
FromHex(const std::string& hex)
{
    Bytes b;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        b.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return b;
}

/// One DPD notification (RFC 3706 section 5.1) on gwA's access link.
struct DpdMessage
{
    Time at;              //!< when gwA sent or received it
    bool fromA{false};    //!< sent by gwA (else received from gwB)
    uint16_t type{0};     //!< R-U-THERE or R-U-THERE-ACK (0: could not be read)
    uint32_t sequence{0}; //!< its sequence number
};

/**
 * \return the Informational messages gwA sent and received, decrypted with
 *         the phase 1 keys of \p keyLog (Wireshark's ikev1_decryption_table
 *         format: CKY-I, Ka). The IV of each is derived from the last CBC
 *         block of phase 1 (the end of MM6) and the message ID (RFC 2409
 *         appendix B), as a third party with the keys would do it.
 */
std::vector<DpdMessage>
DpdMessages(const IkeNetwork& net, const std::string& keyLog)
{
    std::map<std::string, Bytes> keys;
    std::istringstream lines(keyLog);
    std::string line;
    while (std::getline(lines, line))
    {
        auto comma = line.find(',');
        if (comma != std::string::npos)
        {
            keys[line.substr(0, comma)] = FromHex(line.substr(comma + 1));
        }
    }
    std::map<std::string, Bytes> lastPhase1Block;
    std::vector<DpdMessage> out;
    for (const auto& w : net.accessLog.Packets())
    {
        auto m = IsakmpOf(w);
        if (!m || !m->IsEncrypted())
        {
            continue;
        }
        std::string cky = Hex(m->header.initiatorCookie.data(), 8);
        const Bytes& body = m->encryptedBody;
        if (m->header.exchangeType == IsakmpExchangeType::kMainMode && body.size() >= 16)
        {
            lastPhase1Block[cky] = Bytes(body.end() - 16, body.end()); // MM6 comes last
            continue;
        }
        if (m->header.exchangeType != IsakmpExchangeType::kInformational)
        {
            continue;
        }
        DpdMessage d;
        d.at = w.at;
        d.fromA = w.sent;
        auto key = keys.find(cky);
        auto block = lastPhase1Block.find(cky);
        if (key != keys.end() && block != lastPhase1Block.end())
        {
            auto encryptor
                = Ikev1Encryptor::Create(IpsecHelper::ParseCipher("aes128"), key->second);
            Bytes iv
                = Ikev1Phase2Iv(HashAlgorithm::SHA2_256, 16, block->second, m->header.messageId);
            auto plain = encryptor ? encryptor.Value().Decrypt(iv, body)
                                   : CryptoResult<Ikev1CbcOutput>(CryptoError::OPENSSL_FAILURE);
            auto chain
                = plain ? ParsePayloadChain(m->header.nextPayload, plain.Value().data.data(),
                                            plain.Value().data.size())
                        : IsakmpResult<IsakmpPayloadChain>(IsakmpParseError::TRUNCATED_PAYLOAD);
            if (chain)
            {
                for (const auto& p : chain.Value().payloads)
                {
                    auto n = p.type == IsakmpPayloadType::kNotification
                                 ? NotificationPayload::Parse(p.body.data(), p.body.size())
                                 : std::nullopt;
                    if (n && n->DpdSequence())
                    {
                        d.type = n->type;
                        d.sequence = *n->DpdSequence();
                    }
                }
            }
        }
        out.push_back(d);
    }
    return out;
}

std::vector<DpdMessage>
OfType(const std::vector<DpdMessage>& messages, uint16_t type)
{
    std::vector<DpdMessage> out;
    std::copy_if(messages.begin(), messages.end(), std::back_inserter(out),
                 [type](const DpdMessage& d) { return d.type == type; });
    return out;
}

/// Cut (or restore) the core link in both directions.
struct CoreCut
{
    Ptr<RateErrorModel> loss; //!< loses every packet while enabled

    explicit CoreCut(IkeNetwork& net)
        : loss(CreateObject<RateErrorModel>())
    {
        loss->SetRate(1.0);
        loss->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        loss->Disable();
        net.core.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        net.core.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
    }

    /** Lose everything on the core from \p from until \p until. */
    void Schedule(Time from, Time until = Time::Max())
    {
        Simulator::Schedule(from, &ErrorModel::Enable, loss);
        if (until != Time::Max())
        {
            Simulator::Schedule(until, &ErrorModel::Disable, loss);
        }
    }
};

/// \return the time of the last packet gwA received on its access link before \p before.
Time
LastHeardByA(const IkeNetwork& net, Time before)
{
    Time last = Seconds(-1);
    for (const auto& w : net.accessLog.Packets())
    {
        if (!w.sent && w.at < before)
        {
            last = w.at;
        }
    }
    return last;
}

/// The number of SAs \p stack holds, both directions.
std::size_t
SaCount(Ptr<IpsecStack> stack)
{
    return stack->GetSad().Inbound().size() + stack->GetSad().Outbound().size();
}

} // namespace

// ------------------------------------------------------------------------
// 1. Aggressive Mode with a pre-shared key chosen by identity (RFC 2409
//    section 5.4; the Cisco "IPsec NAT Transparency" text).

/// One NAT position and the NAT-D outcome each side must report.
struct AggressiveCase
{
    NatPosition nat;      //!< where the PATs are
    IkeNatStatus statusA; //!< gwA's GetNatStatus
    IkeNatStatus statusB; //!< gwB's GetNatStatus
};

/** Print a case for gtest's parameter names. */
std::ostream&
operator<<(std::ostream& os, const AggressiveCase& c)
{
    return os << ToString(c.nat);
}

class IkeScenarioAggressiveMode : public ::testing::TestWithParam<AggressiveCase>
{
};

// gwA names itself gw-a.example (ID_FQDN) and uses Aggressive Mode; gwB has
// no key for any address, only `crypto isakmp key K hostname gw-a.example`.
// AM1 carries the identity in clear, so gwB finds the key by it whatever
// address the NAT gave gwA: phase 1 and 2 complete and the echo is
// delivered. The exchange is AM1 and AM2 on 500, then AM3 and Quick Mode on
// 4500 when NAT-D (in AM2 and AM3, RFC 3947 section 3.2) found a NAT,
// everything on 500 otherwise; no Main Mode message is sent.
TEST_P(IkeScenarioAggressiveMode, IdentityKeyWorksThroughNat)
{
    const AggressiveCase& c = GetParam();
    const bool nat = c.nat != NatPosition::NONE;
    IkeNetwork::Options o;
    o.nat = c.nat;
    o.defaultKeys = false;
    o.configureConnection = [](IkeConnection& connection, bool initiator)
    {
        if (initiator)
        {
            connection.aggressive = true;
            connection.localIdentity = kIdentity;
        }
    };
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKeyForIdentity(kIdentity, kTestPsk);
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    ASSERT_EQ(net.recordA.phase1.size(), 1u)
        << ::testing::PrintToString(Reasons(net.recordB.drops));
    ASSERT_EQ(net.recordB.phase1.size(), 1u);
    EXPECT_EQ(net.recordA.phase1[0].what, ToString(c.statusA));
    EXPECT_EQ(net.recordB.phase1[0].what, ToString(c.statusB));
    EXPECT_EQ(net.recordB.phase1[0].peer, net.ASeen());
    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    ASSERT_EQ(net.recordB.phase2.size(), 1u);
    EXPECT_EQ(net.recordA.phase2[0].what, nat ? "udp" : "raw");
    EXPECT_EQ(net.recordB.phase2[0].what, nat ? "udp" : "raw");

    // AM1 names gwA by its FQDN, in clear.
    auto am = net.coreLog.Select([](const WirePacket& w)
                                 { return IsExchange(w, IsakmpExchangeType::kAggressive); });
    ASSERT_EQ(am.size(), 3u);
    auto am1 = IsakmpOf(am[0]);
    ASSERT_TRUE(am1.has_value());
    EXPECT_FALSE(am1->IsEncrypted());
    EXPECT_EQ(am1->header.responderCookie, (std::array<uint8_t, 8>{}));
    const IsakmpPayload* id = am1->Find(IsakmpPayloadType::kIdentification);
    ASSERT_NE(id, nullptr);
    auto idi = IdPayload::Parse(id->body.data(), id->body.size());
    ASSERT_TRUE(idi.has_value());
    EXPECT_EQ(idi->GetName(), kIdentity);
    EXPECT_EQ(am[0].source, net.ASeen());
    EXPECT_EQ(am[1].source, net.BSeen());
    EXPECT_EQ(am[2].source, net.ASeen());
    EXPECT_TRUE(am[0].Ike500());
    EXPECT_TRUE(am[1].Ike500());
    EXPECT_EQ(am[2].Ike4500(), nat); // AM3 floats (RFC 3947 section 4)
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w)
                    { return IsExchange(w, IsakmpExchangeType::kMainMode); }),
              0u);
    auto qm = net.coreLog.Select([](const WirePacket& w)
                                 { return IsExchange(w, IsakmpExchangeType::kQuickMode); });
    ASSERT_EQ(qm.size(), 3u);
    for (const auto& w : qm)
    {
        EXPECT_EQ(w.Ike4500(), nat);
    }

    EXPECT_EQ(echo->requests, 5u);
    EXPECT_EQ(echo->replies, 5u);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    IkeScenario, IkeScenarioAggressiveMode,
    ::testing::Values(AggressiveCase{NatPosition::NONE, IkeNatStatus::NO_NAT, IkeNatStatus::NO_NAT},
                      AggressiveCase{NatPosition::INITIATOR, IkeNatStatus::LOCAL_BEHIND,
                                     IkeNatStatus::PEER_BEHIND},
                      AggressiveCase{NatPosition::RESPONDER, IkeNatStatus::PEER_BEHIND,
                                     IkeNatStatus::LOCAL_BEHIND},
                      AggressiveCase{NatPosition::BOTH, IkeNatStatus::BOTH_BEHIND,
                                     IkeNatStatus::BOTH_BEHIND}),
    [](const ::testing::TestParamInfo<AggressiveCase>& info) { return ToString(info.param.nat); });

// The same keys with Main Mode: the responder must choose the key when MM1
// arrives, by its source address (RFC 2409 section 5.4: SKEYID is needed to
// decrypt MM5, which carries the identity). It has no address key, so every
// MM1 (at 1 s and its retransmissions at 3, 7 and 15 s) is dropped as
// no-preshared-key, nothing is answered and no tunnel comes up.
TEST(IkeScenarioAggressiveModeKeys, MainModeCannotUseIdentityKey)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.defaultKeys = false;
    o.configureConnection = [](IkeConnection& connection, bool initiator)
    {
        if (initiator)
        {
            connection.localIdentity = kIdentity;
        }
    };
    IkeNetwork net(o);
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKeyForIdentity(kIdentity, kTestPsk);
    auto echo = LanEcho(net, 3, Seconds(3));
    net.RunUntil(Seconds(20));

    auto mm1 = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    EXPECT_EQ(Times(mm1), (std::vector<double>{1, 3, 7, 15}));
    auto noKey = net.recordB.DropsOf(IkeDropReason::NO_PRESHARED_KEY);
    EXPECT_EQ(noKey.size(), mm1.size());
    for (const auto& d : noKey)
    {
        EXPECT_EQ(d.peer, kPublicA);
    }
    EXPECT_EQ(net.recordB.drops.size(), noKey.size())
        << ::testing::PrintToString(Reasons(net.recordB.drops));
    EXPECT_EQ(Count(net.coreLog, [&net](const WirePacket& w)
                    { return w.Udp(kIkePort) && w.source == net.BSeen(); }),
              0u);
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w)
                    { return IsExchange(w, IsakmpExchangeType::kAggressive); }),
              0u);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 0u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 0u);
    EXPECT_EQ(echo->replies, 0u);
}

// ------------------------------------------------------------------------
// 2. AH (RFC 4302) negotiated by Quick Mode (protocol PROTO_IPSEC_AH,
//    transform AH_SHA, RFC 2407 section 4.4.3).

namespace
{

IkeNetwork::Options
AhOptions(NatPosition nat)
{
    IkeNetwork::Options o;
    o.nat = nat;
    o.configureConnection = [](IkeConnection& connection, bool)
    {
        connection.transform.protocol = IpsecProtocol::AH;
        connection.transform.integrity = "sha1";
    };
    return o;
}

} // namespace

// Without a NAT the AH tunnel carries the echo: 10 packets of IP protocol
// 51 on the core, no ESP. AH authenticates but does not encrypt: the inner
// packet follows the AH header (HMAC-SHA1-96 ICV, 24 octets) in clear.
TEST(IkeScenarioAhTransform, AhTunnelWithoutNatDeliversTraffic)
{
    IkeNetwork net(AhOptions(NatPosition::NONE));
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    ASSERT_EQ(net.recordB.phase2.size(), 1u);
    EXPECT_EQ(net.recordA.phase2[0].what, "raw");
    for (Ptr<IpsecStack> stack : {net.stackA, net.stackB})
    {
        ASSERT_EQ(SaCount(stack), 2u) << VpnNetwork::ShowSas(stack);
        for (SecurityAssociation* sa : stack->GetSad().Inbound())
        {
            EXPECT_EQ(sa->Config().protocol, IpsecProtocol::AH);
            EXPECT_EQ(sa->Config().encapsulation, IpsecEncapsulation::NONE);
        }
    }
    auto ah = net.coreLog.Select([](const WirePacket& w) { return w.protocol == 51; });
    ASSERT_EQ(ah.size(), 10u);
    for (const auto& w : ah)
    {
        ASSERT_GE(w.payload.size(), 48u);
        std::size_t inner = (std::size_t(w.payload[1]) + 2) * 4; // RFC 4302 section 2.2
        EXPECT_EQ(inner, 24u);
        EXPECT_EQ(w.payload[0], 4);           // next header: IPv4 (tunnel mode)
        EXPECT_EQ(w.payload[inner], 0x45);    // the inner IPv4 header, readable
        EXPECT_EQ(w.payload[inner + 9], 17u); // UDP
    }
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.RawEsp() || w.EspInUdp(); }),
              0u);
    EXPECT_EQ(echo->requests, 5u);
    EXPECT_EQ(echo->replies, 5u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u);
}

// Through the PAT in front of gwA: NAT-D finds the NAT and IKE floats to
// 4500, and Quick Mode completes, but AH keeps the plain Tunnel mode (only
// ESP can be UDP-encapsulated, RFC 3948; AH's ICV covers the outer
// addresses the NAT would rewrite, RFC 3715 section 2.1). Every AH packet
// gwA sends is dropped by the PAT as unsupported-protocol (it has no ports
// to translate); nothing reaches hostB.
TEST(IkeScenarioAhTransform, AhThroughPatIsDroppedAsUnsupportedProtocol)
{
    IkeNetwork net(AhOptions(NatPosition::INITIATOR));
    auto echo = LanEcho(net, 5, Seconds(3));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.ikeA->GetNatStatus(net.BSeen()), IkeNatStatus::LOCAL_BEHIND);
    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    ASSERT_EQ(net.recordB.phase2.size(), 1u);
    EXPECT_EQ(net.recordA.phase2[0].what, "raw");
    EXPECT_EQ(net.recordB.phase2[0].what, "raw");
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w)
                    { return IsExchange(w, IsakmpExchangeType::kQuickMode) && w.Ike4500(); }),
              3u);
    for (SecurityAssociation* sa : net.stackA->GetSad().Outbound())
    {
        EXPECT_EQ(sa->Config().protocol, IpsecProtocol::AH);
        EXPECT_EQ(sa->Config().encapsulation, IpsecEncapsulation::NONE);
    }
    EXPECT_EQ(net.stackA->GetCounters().protectedOut, 5u);
    EXPECT_EQ(net.natA->GetDropCount(NatDropReason::UNSUPPORTED_PROTOCOL), 5u);
    ASSERT_EQ(net.natADrops.size(), 5u);
    for (const auto& [at, reason] : net.natADrops)
    {
        EXPECT_EQ(reason, NatDropReason::UNSUPPORTED_PROTOCOL);
    }
    EXPECT_EQ(Count(net.coreLog, [](const WirePacket& w) { return w.protocol == 51; }), 0u);
    EXPECT_EQ(net.stackB->GetCounters().acceptedIn, 0u);
    EXPECT_EQ(echo->requests, 0u);
    EXPECT_EQ(echo->replies, 0u);
    EXPECT_TRUE(net.recordA.drops.empty());
    EXPECT_TRUE(net.recordB.drops.empty());
}

// ------------------------------------------------------------------------
// 3. Rekeying (RFC 2409 section 5.5 and 4.4.2.1 of RFC 4301: a new SA
//    before the old one's lifetime ends, make before break).

// Phase 2 lifetime 20 s, an echo every 0.5 s for 70 s through the PAT:
// gwA starts a Quick Mode at each outbound SA's soft lifetime (85-90% of
// 20 s), gwB, the responder, none. Every echo is answered, the stacks drop
// nothing, each ESP packet gwA sends uses the outbound SPI of the newest
// Phase2Established at that time (so the SPI on the wire changes), what
// gwB sends uses gwA's inbound SPIs, and the expired SAs are removed.
TEST(IkeScenarioRekey, PhaseTwoRekeyLosesNoPackets)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureConnection
        = [](IkeConnection& connection, bool) { connection.ipsecLifetime = Seconds(20); };
    IkeNetwork net(o);
    auto echo = LanEcho(net, 140, Seconds(3), MilliSeconds(500));
    net.RunUntil(Seconds(75));

    EXPECT_GE(net.ikeA->GetRekeyCount(), 3u);
    EXPECT_EQ(net.ikeB->GetRekeyCount(), 0u);
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1 + net.ikeA->GetRekeyCount());
    EXPECT_EQ(net.ikeB->GetPhase2Count(), net.ikeA->GetPhase2Count());
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1u);
    const auto& p2 = net.recordA.phase2;
    for (std::size_t i = 1; i < p2.size(); ++i)
    {
        double gap = (p2[i].at - p2[i - 1].at).GetSeconds();
        EXPECT_GE(gap, 0.85 * 20) << "rekey " << i;
        EXPECT_LE(gap, 0.9 * 20 + 0.2) << "rekey " << i;
    }
    EXPECT_EQ(echo->requests, 140u);
    EXPECT_EQ(echo->replies, 140u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u) << VpnNetwork::ShowSas(net.stackA, true);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u) << VpnNetwork::ShowSas(net.stackB, true);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));

    // The outbound SPI in use is the newest one.
    const auto& spis = net.recordA.phase2Spis;
    ASSERT_EQ(spis.size(), p2.size());
    std::set<uint32_t> usedOut;
    for (const auto& w :
         net.accessLog.Select([](const WirePacket& w) { return w.sent && w.EspInUdp(); }))
    {
        std::size_t newest = 0;
        while (newest + 1 < p2.size() && p2[newest + 1].at <= w.at)
        {
            ++newest;
        }
        EXPECT_EQ(EspSpi(w), spis[newest].second) << "ESP at " << w.at.As(Time::S);
        usedOut.insert(EspSpi(w));
    }
    EXPECT_GE(usedOut.size(), 3u);
    std::set<uint32_t> ours;
    for (const auto& s : spis)
    {
        ours.insert(s.first);
    }
    std::set<uint32_t> usedIn;
    for (const auto& w :
         net.accessLog.Select([](const WirePacket& w) { return !w.sent && w.EspInUdp(); }))
    {
        EXPECT_EQ(ours.count(EspSpi(w)), 1u) << "ESP at " << w.at.As(Time::S);
        usedIn.insert(EspSpi(w));
    }
    EXPECT_GE(usedIn.size(), 3u);
    // Hard-expired SAs are gone: at most the current and the previous pair.
    EXPECT_LE(net.stackA->GetSad().Outbound().size(), 2u) << VpnNetwork::ShowSas(net.stackA);
    EXPECT_LE(net.stackA->GetSad().Inbound().size(), 2u) << VpnNetwork::ShowSas(net.stackA);
    EXPECT_LE(net.stackB->GetSad().Inbound().size(), 2u) << VpnNetwork::ShowSas(net.stackB);
}

// Phase 1 lifetime 30 s (RFC 2409 appendix A, Life Duration) and phase 2
// lifetime 20 s, an echo every 0.5 s for 105 s: gwA negotiates a new Main
// Mode before each ISAKMP SA's lifetime ends (at least three times), the
// old ISAKMP SAs expire on both sides, Quick Modes keep succeeding on the
// newest ISAKMP SA, and every echo is answered.
TEST(IkeScenarioRekey, PhaseOneRekeyLosesNoPackets)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureConnection = [](IkeConnection& connection, bool)
    {
        connection.ipsecLifetime = Seconds(20);
        for (auto& p : connection.proposals)
        {
            p.lifetime = Seconds(30);
        }
    };
    IkeNetwork net(o);
    auto echo = LanEcho(net, 210, Seconds(3), MilliSeconds(500));
    net.RunUntil(Seconds(110));

    EXPECT_GE(net.ikeA->GetPhase1RekeyCount(), 3u);
    EXPECT_EQ(net.ikeB->GetPhase1RekeyCount(), 0u);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1 + net.ikeA->GetPhase1RekeyCount());
    EXPECT_EQ(net.ikeB->GetPhase1Count(), net.ikeA->GetPhase1Count());
    const auto& p1 = net.recordA.phase1;
    for (std::size_t i = 1; i < p1.size(); ++i)
    {
        double gap = (p1[i].at - p1[i - 1].at).GetSeconds();
        EXPECT_GE(gap, 0.85 * 30) << "rekey " << i;
        EXPECT_LE(gap, 0.9 * 30 + 0.2) << "rekey " << i;
        EXPECT_EQ(p1[i].what, ToString(IkeNatStatus::LOCAL_BEHIND));
    }
    // A new phase 1 brings its Quick Mode; phase 2 rekeys add theirs.
    EXPECT_GE(net.ikeA->GetPhase2Count(), net.ikeA->GetPhase1Count());
    EXPECT_EQ(net.ikeB->GetPhase2Count(), net.ikeA->GetPhase2Count());
    // At the end: one or two ISAKMP SAs active (the newest, and the one it
    // replaces until its lifetime ends); the older ones expired.
    for (Ptr<IkeAgent> agent : {net.ikeA, net.ikeB})
    {
        auto [active, show] = ActiveIsakmpSas(agent);
        EXPECT_GE(active, 1u) << show;
        EXPECT_LE(active, 2u) << show;
    }
    EXPECT_EQ(echo->requests, 210u);
    EXPECT_EQ(echo->replies, 210u);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u) << VpnNetwork::ShowSas(net.stackA, true);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u) << VpnNetwork::ShowSas(net.stackB, true);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
}

// Phase 2 lifetime 20 KB (IOS `set security-association lifetime kilobytes
// 20`) and 1 KB echoes every 0.5 s: gwA rekeys by volume, at the soft
// limit (90%), before an SA would refuse a packet at its hard limit; no
// SA carries more than 20 KB (19 inner packets of 1052 octets), every echo
// is answered and nothing is dropped.
TEST(IkeScenarioRekey, VolumeRekeyLosesNoPackets)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureConnection
        = [](IkeConnection& connection, bool) { connection.ipsecLifetimeKilobytes = 20; };
    IkeNetwork net(o);
    auto echo = LanEcho(net, 60, Seconds(3), MilliSeconds(500), 9, 1024);
    net.RunUntil(Seconds(35));

    EXPECT_GE(net.ikeA->GetRekeyCount(), 3u);
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1 + net.ikeA->GetRekeyCount());
    EXPECT_EQ(net.ikeB->GetPhase2Count(), net.ikeA->GetPhase2Count());
    EXPECT_EQ(echo->requests, 60u);
    EXPECT_EQ(echo->replies, 60u);
    std::set<uint32_t> negotiated;
    for (const auto& [in, out] : net.recordA.phase2Spis)
    {
        negotiated.insert(in);
        negotiated.insert(out);
    }
    std::map<uint32_t, std::size_t> perSpi;
    for (const auto& w : net.accessLog.Select([](const WirePacket& w) { return w.EspInUdp(); }))
    {
        ++perSpi[EspSpi(w)];
    }
    EXPECT_GE(perSpi.size(), 2u * 3u);
    for (const auto& [spi, packets] : perSpi)
    {
        EXPECT_EQ(negotiated.count(spi), 1u) << SpiText(spi);
        EXPECT_LE(packets, 19u) << SpiText(spi);
    }
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 0u) << VpnNetwork::ShowSas(net.stackA, true);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackB), 0u) << VpnNetwork::ShowSas(net.stackB, true);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
}

// ------------------------------------------------------------------------
// 4. Dead Peer Detection (RFC 3706; IOS `crypto isakmp keepalive 10 2`).

namespace
{

const Time kDpdInterval = Seconds(10);
const Time kDpdRetryInterval = Seconds(2); // the attribute's default
constexpr uint32_t kDpdRetries = 3;        // the attribute's default

/// DPD on both agents, \p onDemand or periodic, \p restart after a dead peer.
std::function<void(IkeHelper&)>
Dpd(bool onDemand, bool restart = true)
{
    return [onDemand, restart](IkeHelper& h)
    {
        h.SetAttribute("DpdInterval", TimeValue(kDpdInterval));
        h.SetAttribute("DpdOnDemand", BooleanValue(onDemand));
        h.SetAttribute("DpdRestart", BooleanValue(restart));
    };
}

} // namespace

// Periodic DPD, echo every 0.5 s until 19.5 s, then the core is cut from 20
// to 45 s. Both gateways last heard from each other just before 20 s; each
// sends an R-U-THERE kDpdInterval after that and kDpdRetries - 1 retries
// kDpdRetryInterval apart, none answered, and declares the peer dead one
// retry interval after the last: PeerDead at last-heard + 10 + 3 x 2 s. The
// IPsec SAs with the peer are gone from both stacks at that moment. gwA,
// the initiator, restarts (DpdRestart): a new MM1 at once, retransmitted
// at +2, +6 and +14 s; the last gets through the restored core, phase 1
// and 2 come up again and a new echo is delivered. gwB does not initiate.
TEST(IkeScenarioDpd, DeadPeerIsDetectedAndTunnelRestarted)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureIke = Dpd(false);
    IkeNetwork net(o);
    auto keyLog = std::make_shared<std::stringstream>();
    net.ikeA->SetKeyLog(keyLog);
    std::vector<std::size_t> sasAtDeathA;
    std::vector<std::size_t> sasAtDeathB;
    net.ikeA->TraceConnectWithoutContext(
        "PeerDead", Callback<void, Ipv4Address>([&](Ipv4Address)
                                                { sasAtDeathA.push_back(SaCount(net.stackA)); }));
    net.ikeB->TraceConnectWithoutContext(
        "PeerDead", Callback<void, Ipv4Address>([&](Ipv4Address)
                                                { sasAtDeathB.push_back(SaCount(net.stackB)); }));
    CoreCut cut(net);
    cut.Schedule(Seconds(20), Seconds(45));
    auto before = LanEcho(net, 34, Seconds(3), MilliSeconds(500));
    auto after = LanEcho(net, 5, Seconds(55), Seconds(1), 10);
    net.RunUntil(Seconds(62));

    EXPECT_EQ(before->replies, 34u);
    const Time heardA = LastHeardByA(net, Seconds(20));
    const Time deadA = heardA + kDpdInterval + kDpdRetryInterval * kDpdRetries;
    ASSERT_EQ(net.recordA.peerDead.size(), 1u);
    EXPECT_EQ(net.recordA.peerDead[0].peer, net.BSeen());
    EXPECT_NEAR(net.recordA.peerDead[0].at.GetSeconds(), deadA.GetSeconds(), 0.001);
    ASSERT_EQ(net.recordB.peerDead.size(), 1u);
    EXPECT_EQ(net.recordB.peerDead[0].peer, net.ASeen());
    // gwB last heard the last request, sent by gwA at 19.5 s.
    auto sentA
        = net.accessLog.Select([](const WirePacket& w) { return w.sent && w.at < Seconds(20); });
    ASSERT_FALSE(sentA.empty());
    double deadB = (sentA.back().at + kDpdInterval + kDpdRetryInterval * kDpdRetries).GetSeconds();
    EXPECT_GE(net.recordB.peerDead[0].at.GetSeconds(), deadB);
    EXPECT_LE(net.recordB.peerDead[0].at.GetSeconds(), deadB + 0.1);
    // The SAs with the dead peer were removed before the trace fired.
    EXPECT_EQ(sasAtDeathA, (std::vector<std::size_t>{0}));
    EXPECT_EQ(sasAtDeathB, (std::vector<std::size_t>{0}));

    // gwA's R-U-THEREs: three, unanswered, with consecutive sequence numbers.
    auto dpd = DpdMessages(net, keyLog->str());
    std::vector<DpdMessage> cutOff;
    std::copy_if(dpd.begin(), dpd.end(), std::back_inserter(cutOff),
                 [&](const DpdMessage& d) { return d.at > heardA && d.at <= deadA; });
    ASSERT_EQ(cutOff.size(), kDpdRetries);
    for (uint32_t i = 0; i < kDpdRetries; ++i)
    {
        EXPECT_TRUE(cutOff[i].fromA);
        EXPECT_EQ(cutOff[i].type, kRuThere);
        EXPECT_EQ(cutOff[i].sequence, cutOff[0].sequence + i);
        EXPECT_NEAR(cutOff[i].at.GetSeconds(),
                    (heardA + kDpdInterval + kDpdRetryInterval * i).GetSeconds(), 0.001);
    }
    EXPECT_TRUE(OfType(dpd, kRuThereAck).empty());

    // The restart: a new MM1 (new cookie) at once, retransmitted until the
    // core is back.
    auto mm1 = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    ASSERT_EQ(mm1.size(), 5u) << ::testing::PrintToString(Times(mm1));
    EXPECT_EQ(mm1[1].at, net.recordA.peerDead[0].at);
    EXPECT_NE(mm1[1].Isakmp(), mm1[0].Isakmp());
    for (std::size_t i = 2; i < 5; ++i)
    {
        EXPECT_EQ(mm1[i].Isakmp(), mm1[1].Isakmp());
    }
    EXPECT_NEAR((mm1[2].at - mm1[1].at).GetSeconds(), 2, 1e-6);
    EXPECT_NEAR((mm1[3].at - mm1[1].at).GetSeconds(), 6, 1e-6);
    EXPECT_NEAR((mm1[4].at - mm1[1].at).GetSeconds(), 14, 1e-6);
    ASSERT_EQ(net.recordA.phase1.size(), 2u);
    EXPECT_GT(net.recordA.phase1[1].at, mm1[4].at);
    EXPECT_LT(net.recordA.phase1[1].at, mm1[4].at + Seconds(1));
    ASSERT_EQ(net.recordA.phase2.size(), 2u);
    ASSERT_EQ(net.recordA.phase2Spis.size(), 2u);
    EXPECT_NE(net.recordA.phase2Spis[1], net.recordA.phase2Spis[0]);
    EXPECT_EQ(Count(net.coreLog,
                    [&net](const WirePacket& w) { return IsMm1(w) && w.source == net.BSeen(); }),
              0u);
    EXPECT_EQ(after->requests, 5u);
    EXPECT_EQ(after->replies, 5u);
    EXPECT_EQ(SaCount(net.stackA), 2u) << VpnNetwork::ShowSas(net.stackA);
    EXPECT_EQ(SaCount(net.stackB), 2u) << VpnNetwork::ShowSas(net.stackB);
    EXPECT_TRUE(net.recordA.drops.empty()) << ::testing::PrintToString(Reasons(net.recordA.drops));
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
}

// Phase 1 lifetime 60 s, and the core cut from 20 to 45 s: DPD declares
// the ISAKMP SA of 1 s dead at about 35 s and gwA starts a new one, which
// comes up once the core is back (its retransmissions back off: at about
// 57 s). The dead SA's own deadlines (rekey at 52-55 s, end at 61 s) no
// longer apply: nothing rekeys, nothing expires, the new SA carries every
// echo from 60 to 74 s and is the only active one.
TEST(IkeScenarioRekey, DeadIsakmpSaIsNeitherRekeyedNorExpired)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureIke = Dpd(false);
    o.configureConnection = [](IkeConnection& connection, bool)
    {
        for (auto& p : connection.proposals)
        {
            p.lifetime = Seconds(60);
        }
    };
    IkeNetwork net(o);
    CoreCut cut(net);
    cut.Schedule(Seconds(20), Seconds(45));
    auto late = LanEcho(net, 15, Seconds(60), Seconds(1), 10);
    net.RunUntil(Seconds(75));

    ASSERT_EQ(net.recordA.peerDead.size(), 1u);
    EXPECT_LT(net.recordA.peerDead[0].at, Seconds(40));
    ASSERT_EQ(net.recordA.phase1.size(), 2u);
    EXPECT_GT(net.recordA.phase1[1].at, Seconds(45));
    EXPECT_LT(net.recordA.phase1[1].at, Seconds(60));
    EXPECT_EQ(net.ikeA->GetPhase1RekeyCount(), 0u);
    EXPECT_EQ(net.ikeB->GetPhase1RekeyCount(), 0u);
    EXPECT_EQ(late->requests, 15u);
    EXPECT_EQ(late->replies, 15u);
    for (Ptr<IkeAgent> agent : {net.ikeA, net.ikeB})
    {
        auto [active, show] = ActiveIsakmpSas(agent);
        EXPECT_EQ(active, 1u) << show;
    }
}

// Periodic DPD on gwA only, path intact. An idle tunnel: gwA sends an
// R-U-THERE whenever it heard nothing for kDpdInterval, and gwB answers
// each with an R-U-THERE-ACK carrying the same sequence number (RFC 3706
// section 5.1); the sequence numbers go up by one (section 7). Nobody is
// declared dead and the SAs stay. With an echo every second instead,
// traffic proves liveness (section 5.4): no R-U-THERE at all.
TEST(IkeScenarioDpd, LivePeerAnswersAndTrafficSuppressesRuThere)
{
    for (bool traffic : {false, true})
    {
        SCOPED_TRACE(traffic ? "echo every second" : "idle tunnel");
        IkeNetwork::Options o;
        o.nat = NatPosition::INITIATOR;
        o.configureIke = Dpd(false);
        IkeNetwork net(o);
        net.ikeB->SetAttribute("DpdInterval", TimeValue(Seconds(0)));
        auto keyLog = std::make_shared<std::stringstream>();
        net.ikeA->SetKeyLog(keyLog);
        std::shared_ptr<EchoCount> echo;
        if (traffic)
        {
            echo = LanEcho(net, 60, Seconds(2));
        }
        net.RunUntil(Seconds(62));

        EXPECT_TRUE(net.recordA.peerDead.empty());
        EXPECT_TRUE(net.recordB.peerDead.empty());
        EXPECT_EQ(SaCount(net.stackA), 2u);
        EXPECT_EQ(SaCount(net.stackB), 2u);
        auto dpd = DpdMessages(net, keyLog->str());
        if (traffic)
        {
            EXPECT_TRUE(dpd.empty()) << ::testing::PrintToString(Times(
                net.accessLog.Select([](const WirePacket& w) { return IsInformational(w); })));
            EXPECT_EQ(echo->replies, 60u);
            continue;
        }
        auto ru = OfType(dpd, kRuThere);
        auto ack = OfType(dpd, kRuThereAck);
        EXPECT_EQ(dpd.size(), ru.size() + ack.size()); // nothing else, all readable
        ASSERT_GE(ru.size(), 5u);
        ASSERT_EQ(ack.size(), ru.size());
        for (std::size_t i = 0; i < ru.size(); ++i)
        {
            EXPECT_TRUE(ru[i].fromA);
            EXPECT_FALSE(ack[i].fromA);
            EXPECT_EQ(ru[i].sequence, ru[0].sequence + i);
            EXPECT_EQ(ack[i].sequence, ru[i].sequence);
            EXPECT_GT(ack[i].at, ru[i].at);
            EXPECT_LT(ack[i].at, ru[i].at + MilliSeconds(100));
            // An interval after gwA last heard gwB: QM2 for the first,
            // then the previous ACK.
            EXPECT_NEAR(ru[i].at.GetSeconds(),
                        (LastHeardByA(net, ru[i].at) + kDpdInterval).GetSeconds(), 0.001);
            if (i > 0)
            {
                EXPECT_EQ(LastHeardByA(net, ru[i].at), ack[i - 1].at);
            }
        }
    }
}

// On-demand DPD (IOS `crypto isakmp keepalive 10 periodic` absent): an
// idle tunnel, path intact, for 60 s: nothing is sent, so no R-U-THERE
// either way and no Informational message at all.
TEST(IkeScenarioDpd, OnDemandSendsNothingWhileIdle)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureIke = Dpd(true);
    IkeNetwork net(o);
    net.RunUntil(Seconds(62));

    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(Count(net.coreLog, IsInformational), 0u);
    EXPECT_TRUE(net.recordA.peerDead.empty());
    EXPECT_TRUE(net.recordB.peerDead.empty());
    EXPECT_EQ(SaCount(net.stackA), 2u);
    EXPECT_EQ(SaCount(net.stackB), 2u);
}

class IkeScenarioDpdOnDemand : public ::testing::TestWithParam<NatPosition>
{
};

// On-demand DPD without restart; hostA keeps sending (an echo every 0.5 s
// until 32.5 s) into a core cut at 20 s. gwA keeps sending and hears
// nothing: its R-U-THEREs go out 10, 12 and 14 s after it last heard gwB,
// it declares gwB dead 16 s after, removing the SAs, and (DpdRestart
// false) sends no new MM1. gwB's last packet was its reply to the last
// request, sent after it last heard gwA, so it too has unanswered traffic
// and declares gwA dead 16 s after that request. The same with raw ESP (no
// NAT) and UDP-encapsulated ESP (PAT): what counts as sent is any
// protected packet, not only NAT-T traffic.
TEST_P(IkeScenarioDpdOnDemand, SendingIntoDeadPathDeclaresPeerDead)
{
    IkeNetwork::Options o;
    o.nat = GetParam();
    o.configureIke = Dpd(true, false);
    IkeNetwork net(o);
    auto keyLog = std::make_shared<std::stringstream>();
    net.ikeA->SetKeyLog(keyLog);
    CoreCut cut(net);
    cut.Schedule(Seconds(20));
    auto echo = LanEcho(net, 60, Seconds(3), MilliSeconds(500));
    net.RunUntil(Seconds(40));

    EXPECT_EQ(echo->replies, 34u);
    const Time heard = LastHeardByA(net, Seconds(20));
    ASSERT_EQ(net.recordA.peerDead.size(), 1u);
    EXPECT_NEAR(net.recordA.peerDead[0].at.GetSeconds(),
                (heard + kDpdInterval + kDpdRetryInterval * kDpdRetries).GetSeconds(), 0.001);
    auto dpd = DpdMessages(net, keyLog->str());
    ASSERT_EQ(dpd.size(), kDpdRetries);
    for (uint32_t i = 0; i < kDpdRetries; ++i)
    {
        EXPECT_TRUE(dpd[i].fromA);
        EXPECT_EQ(dpd[i].type, kRuThere);
        EXPECT_NEAR(dpd[i].at.GetSeconds(),
                    (heard + kDpdInterval + kDpdRetryInterval * i).GetSeconds(), 0.001);
    }
    EXPECT_EQ(SaCount(net.stackA), 0u) << VpnNetwork::ShowSas(net.stackA);
    EXPECT_EQ(net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); }).size(),
              1u); // the first one, at 1 s: no restart
    auto sentA
        = net.accessLog.Select([](const WirePacket& w) { return w.sent && w.at < Seconds(20); });
    ASSERT_FALSE(sentA.empty());
    double deadB = (sentA.back().at + kDpdInterval + kDpdRetryInterval * kDpdRetries).GetSeconds();
    ASSERT_EQ(net.recordB.peerDead.size(), 1u);
    EXPECT_GE(net.recordB.peerDead[0].at.GetSeconds(), deadB);
    EXPECT_LE(net.recordB.peerDead[0].at.GetSeconds(), deadB + 0.1);
    EXPECT_EQ(SaCount(net.stackB), 0u) << VpnNetwork::ShowSas(net.stackB);
}

INSTANTIATE_TEST_SUITE_P(IkeScenario, IkeScenarioDpdOnDemand,
                         ::testing::Values(NatPosition::NONE, NatPosition::INITIATOR),
                         [](const ::testing::TestParamInfo<NatPosition>& info)
                         { return ToString(info.param); });

// ------------------------------------------------------------------------
// 5. The responder's state limit (MaxHalfOpen): a defence against floods of
//    first messages (RFC 2408 section 2.5.3: cookies; the limit bounds the
//    state they cost).

namespace
{

/// \return a real MM1 from gwA (a run without NAT).
Bytes
CaptureMm1()
{
    IkeNetwork::Options o;
    o.nat = NatPosition::NONE;
    IkeNetwork net(o);
    net.RunUntil(Seconds(1.5));
    auto mm1 = net.coreLog.Select(IsMm1);
    return mm1.empty() ? Bytes{} : mm1[0].Isakmp();
}

/// \return \p mm1 with the initiator cookie 0xA0+i, 1, 2, ..., 7.
Bytes
WithCookie(Bytes mm1, uint8_t i)
{
    for (uint8_t k = 0; k < 8; ++k)
    {
        mm1[k] = k == 0 ? uint8_t(0xA0 + i) : k;
    }
    return mm1;
}

/// gwB with MaxHalfOpen 2 and a wildcard key (it must answer unknown peers).
IkeNetwork::Options
StateLimitOptions()
{
    IkeNetwork::Options o;
    o.nat = NatPosition::NONE;
    o.attacker = true;
    o.defaultKeys = false;
    o.configureIke = [](IkeHelper& h) { h.SetAttribute("MaxHalfOpen", UintegerValue(2)); };
    return o;
}

std::size_t
Occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

// A host on the core sends gwB five MM1s with fresh initiator cookies
// (copies of a real MM1) between 0.2 and 0.6 s, and the first again at
// 0.7 s. gwB answers the first two with MM2 (2 half-open SAs), drops the
// other three as state-limit, and answers the repeated one with its MM2
// again (a retransmission costs no new state). gwA's MM1 at 1 s and its
// retransmissions are dropped as state-limit while the attacker's
// half-open SAs hold the places; HalfOpenTimeout (30 s) gives them up at
// 30.2 and 30.3 s, and gwA's retransmission at 31 s is accepted.
TEST(IkeScenarioStateLimit, FloodOfMm1FillsHalfOpenLimit)
{
    Bytes mm1 = CaptureMm1();
    ASSERT_GE(mm1.size(), 28u);
    IkeNetwork net(StateLimitOptions());
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(Ipv4Address::GetAny(), Ipv4Mask::GetZero(), kTestPsk);
    Ptr<Socket> s = net.bed.Udp(net.attacker, kIkePort);
    for (uint8_t i = 0; i < 5; ++i)
    {
        net.SendBytes(Seconds(0.2 + 0.1 * i), s, net.BSeen(), kIkePort, WithCookie(mm1, i));
    }
    net.SendBytes(Seconds(0.7), s, net.BSeen(), kIkePort, WithCookie(mm1, 0));
    net.RunUntil(Seconds(130));

    std::vector<IkeEvent> fromAttacker;
    std::vector<IkeEvent> fromA;
    for (const auto& d : net.recordB.drops)
    {
        (d.peer == kAttacker ? fromAttacker : fromA).push_back(d);
    }
    EXPECT_EQ(Reasons(fromAttacker),
              (std::vector<std::string>{"state-limit", "state-limit", "state-limit", "timeout",
                                        "timeout"}));
    auto answers = net.bed.Received(s);
    ASSERT_EQ(answers.size(), 3u);
    std::vector<uint8_t> cookies;
    for (const auto& r : answers)
    {
        ASSERT_GE(r.bytes.size(), 28u);
        EXPECT_EQ(r.bytes[18], IsakmpExchangeType::kMainMode);
        EXPECT_NE(std::vector<uint8_t>(r.bytes.begin() + 8, r.bytes.begin() + 16),
                  std::vector<uint8_t>(8, 0)); // a responder cookie: MM2
        cookies.push_back(r.bytes[0]);
    }
    EXPECT_EQ(cookies, (std::vector<uint8_t>{0xA0, 0xA1, 0xA0}));
    EXPECT_EQ(answers[2].bytes, answers[0].bytes);

    auto mm1A = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    EXPECT_EQ(Times(mm1A), (std::vector<double>{1, 3, 7, 15, 31}));
    EXPECT_EQ(Reasons(fromA), std::vector<std::string>(4, "state-limit"));
    for (const auto& d : fromA)
    {
        EXPECT_EQ(d.peer, kGwAPrivate);
    }
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::STATE_LIMIT), 3u + 4u);
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::TIMEOUT), 2u); // the two half-open SAs
    EXPECT_TRUE(net.recordA.drops.empty());
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase1Count(), 1u);
    std::ostringstream show;
    net.ikeB->PrintIsakmpSas(show);
    EXPECT_EQ(Occurrences(show.str(), "MM_SA_SETUP"), 0u) << show.str();
    EXPECT_EQ(Occurrences(show.str(), "QM_IDLE"), 1u) << show.str();
}

// The same flood, but at 2 s the attacker continues both half-open
// exchanges with an MM3 whose KE is 0 (RFC 2409 section 5: an invalid
// Diffie-Hellman public value). gwB fails both (invalid-key-exchange), a
// failed exchange no longer counts as half-open, and gwA's MM1
// retransmission at 3 s is accepted: the tunnel comes up and carries the
// echo.
TEST(IkeScenarioStateLimit, FailedHalfOpenSasFreeTheLimit)
{
    Bytes mm1 = CaptureMm1();
    ASSERT_GE(mm1.size(), 28u);
    IkeNetwork net(StateLimitOptions());
    net.ikeA->AddPreSharedKey(net.BSeen(), Ipv4Mask::GetOnes(), kTestPsk);
    net.ikeB->AddPreSharedKey(Ipv4Address::GetAny(), Ipv4Mask::GetZero(), kTestPsk);
    Ptr<Socket> s = net.bed.Udp(net.attacker, kIkePort);
    for (uint8_t i = 0; i < 5; ++i)
    {
        net.SendBytes(Seconds(0.2 + 0.1 * i), s, net.BSeen(), kIkePort, WithCookie(mm1, i));
    }
    Simulator::Schedule(Seconds(2),
                        [&net, s]()
                        {
                            for (const auto& r : net.bed.Received(s))
                            {
                                IsakmpMessage mm3;
                                std::copy(r.bytes.begin(), r.bytes.begin() + 8,
                                          mm3.header.initiatorCookie.begin());
                                std::copy(r.bytes.begin() + 8, r.bytes.begin() + 16,
                                          mm3.header.responderCookie.begin());
                                mm3.header.exchangeType = IsakmpExchangeType::kMainMode;
                                mm3.payloads = {{IsakmpPayloadType::kKeyExchange, Bytes(256, 0)},
                                                {IsakmpPayloadType::kNonce, Bytes(32, 0x11)}};
                                Bytes b = mm3.Serialize();
                                s->SendTo(Create<Packet>(b.data(), b.size()), 0,
                                          InetSocketAddress(net.BSeen(), kIkePort));
                            }
                        });
    auto echo = LanEcho(net, 3, Seconds(5));
    net.RunUntil(Seconds(10));

    EXPECT_EQ(net.bed.Received(s).size(), 2u);
    std::vector<std::string> fromAttacker;
    std::vector<std::string> fromA;
    for (const auto& d : net.recordB.drops)
    {
        (d.peer == kAttacker ? fromAttacker : fromA).push_back(d.what);
    }
    EXPECT_EQ(fromAttacker,
              (std::vector<std::string>{"state-limit", "state-limit", "state-limit",
                                        "invalid-key-exchange", "invalid-key-exchange"}));
    EXPECT_EQ(fromA, (std::vector<std::string>{"state-limit"})); // the MM1 at 1 s
    auto mm1A = net.accessLog.Select([](const WirePacket& w) { return w.sent && IsMm1(w); });
    EXPECT_EQ(Times(mm1A), (std::vector<double>{1, 3}));
    ASSERT_EQ(net.recordA.phase1.size(), 1u);
    EXPECT_GT(net.recordA.phase1[0].at, Seconds(3));
    EXPECT_LT(net.recordA.phase1[0].at, Seconds(4));
    EXPECT_EQ(net.ikeA->GetPhase2Count(), 1u);
    EXPECT_EQ(net.ikeB->GetPhase2Count(), 1u);
    EXPECT_EQ(echo->replies, 3u);
}

// An ISAKMP SA whose lifetime ended is not an exchange in progress: with
// MaxHalfOpen 2 on gwB and a phase 1 lifetime of 30 s, gwA rekeys phase 1
// again and again (each old ISAKMP SA expires on gwB) and every new Main
// Mode is accepted; nothing is dropped as state-limit.
TEST(IkeScenarioStateLimit, ExpiredIsakmpSasDoNotCountAsHalfOpen)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.configureIke = [](IkeHelper& h) { h.SetAttribute("MaxHalfOpen", UintegerValue(2)); };
    o.configureConnection = [](IkeConnection& connection, bool)
    {
        for (auto& p : connection.proposals)
        {
            p.lifetime = Seconds(30);
        }
    };
    IkeNetwork net(o);
    auto echo = LanEcho(net, 100, Seconds(3));
    net.RunUntil(Seconds(110));

    EXPECT_GE(net.ikeA->GetPhase1RekeyCount(), 3u);
    EXPECT_EQ(net.ikeA->GetPhase1Count(), 1 + net.ikeA->GetPhase1RekeyCount());
    EXPECT_EQ(net.ikeB->GetPhase1Count(), net.ikeA->GetPhase1Count());
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::STATE_LIMIT), 0u);
    EXPECT_TRUE(net.recordB.drops.empty()) << ::testing::PrintToString(Reasons(net.recordB.drops));
    EXPECT_EQ(echo->replies, 100u);
}

} // namespace test
} // namespace ns3
