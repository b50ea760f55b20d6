/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IKE_SA_H
#define IPSEC_NAT_IKE_SA_H

#include "ike-agent.h"

namespace ns3
{

/// NAT-T flavour agreed through vendor IDs (RFC 3947 section 3.1).
enum class NatTVariant : uint8_t
{
    NONE = 0, //!< no NAT-T
    DRAFT,    //!< draft-ietf-ipsec-nat-t-ike-02/02\n/03: payload 130/131, modes 61443/61444
    RFC3947,  //!< RFC 3947: payload 20/21, modes 3/4
};

/// Main Mode and Quick Mode states, named after the next message expected.
enum class IkeState : uint8_t
{
    MM_WAIT_2,   //!< initiator sent MM1
    MM_WAIT_3,   //!< responder sent MM2
    MM_WAIT_4,   //!< initiator sent MM3
    MM_WAIT_5,   //!< responder sent MM4
    MM_WAIT_6,   //!< initiator sent MM5
    AM_WAIT_2,   //!< initiator sent AM1
    AM_WAIT_3,   //!< responder sent AM2
    ESTABLISHED, //!< phase 1 done (QM_IDLE)
    FAILED,      //!< given up
    EXPIRED,     //!< phase 1 lifetime over (replaced by a rekeyed IKE SA)
};

/**
 * One Quick Mode exchange and the SA pair it negotiates (RFC 2409 5.5).
 */
struct IkeAgent::QuickMode
{
    uint32_t messageId{0};         //!< M-ID
    bool initiator{false};         //!< we sent QM1
    bool done{false};              //!< SAs installed
    Bytes iv;                      //!< the exchange's CBC chain
    Bytes ni;                      //!< Ni_b
    Bytes nr;                      //!< Nr_b
    uint32_t spiIn{0};             //!< the SPI we chose (inbound)
    uint32_t spiOut{0};            //!< the SPI the peer chose (our outbound)
    uint32_t connection{0};        //!< which connection
    uint16_t encapsulationMode{1}; //!< the agreed encapsulation mode attribute
    IpsecSelector selector;        //!< local to remote traffic
    /// NAT-OA (RFC 3947 section 5.2): the peer's own address, and ours as the
    /// peer knew it; any when not exchanged.
    Ipv4Address originalPeer{Ipv4Address::GetAny()};
    Ipv4Address originalUs{Ipv4Address::GetAny()}; //!< see originalPeer
};

/**
 * One ISAKMP SA (phase 1) with its exchanges.
 */
struct IkeAgent::IkeSa
{
    uint64_t id{0};                           //!< local handle
    bool initiator{false};                    //!< we sent MM1
    IkeState state{IkeState::MM_WAIT_2};      //!< where Main Mode is
    std::array<uint8_t, 8> ckyI{};            //!< initiator cookie
    std::array<uint8_t, 8> ckyR{};            //!< responder cookie
    uint32_t connection{0};                   //!< initiator: the connection; responder: found at QM
    Ipv4Address local;                        //!< our address as we send from it
    uint16_t localPort{500};                  //!< 500, 4500 after the float
    Ipv4Address peer;                         //!< the peer's address as we see it
    uint16_t peerPort{500};                   //!< the peer's port as we see it
    IkeProposal chosen{};                     //!< the accepted ISAKMP policy
    Bytes saiB;                               //!< body of the initiator's SA payload (for HASH_I/R)
    std::string psk;                          //!< the pre-shared key in use
    std::unique_ptr<DhKeyPair> dh;            //!< our DH key pair (until g^xy is derived)
    Bytes ni;                                 //!< Ni_b
    Bytes nr;                                 //!< Nr_b
    Bytes gxi;                                //!< initiator's public value
    Bytes gxr;                                //!< responder's public value
    Bytes gxy;                                //!< shared secret
    Ikev1Phase1Keys keys;                     //!< SKEYID and friends
    std::optional<Ikev1Encryptor> encryptor;  //!< keyed with Ka
    Bytes iv;                                 //!< phase 1 CBC chain (last block)
    NatTVariant natt{NatTVariant::NONE};      //!< agreed NAT-T flavour
    bool localBehindNat{false};               //!< NAT-D: our address was changed
    bool peerBehindNat{false};                //!< NAT-D: the peer's address was changed
    bool floated{false};                      //!< moved to port 4500
    Bytes lastSent;                           //!< for retransmission / duplicate answers
    uint32_t lastReceivedHash{0};             //!< checksum of the last message received
    EventId retransmit;                       //!< retransmission timer
    uint32_t retries{0};                      //!< retransmissions so far
    EventId keepalive;                        //!< NAT keepalive timer
    Time established;                         //!< when phase 1 completed
    std::map<uint32_t, QuickMode> quickModes; //!< by M-ID
    bool aggressive{false};                   //!< Aggressive Mode (RFC 2409 5.4)
    Bytes idiB;                               //!< Aggressive Mode: IDii body (for HASH_I)
    Ipv4Address pendingPeer;                  //!< where the message being handled came from
    uint16_t pendingPeerPort{0};              //!< its port
    bool peerDpd{false};                      //!< the peer sent the DPD vendor ID (RFC 3706)
    uint32_t dpdSequence{0};                  //!< last R-U-THERE sequence sent
    uint32_t dpdOutstanding{0};               //!< unanswered R-U-THEREs
    EventId dpdTimer;                         //!< DPD timer
    EventId halfOpenTimer;                    //!< responder: give up if phase 1 stalls
    Time lastHeard;                           //!< last authenticated message or ESP from the peer

    /** \return the NAT status (RFC 3947 section 3.2 outcome). */
    IkeNatStatus NatStatus() const
    {
        if (natt == NatTVariant::NONE)
        {
            return IkeNatStatus::NOT_NEGOTIATED;
        }
        if (localBehindNat && peerBehindNat)
        {
            return IkeNatStatus::BOTH_BEHIND;
        }
        if (localBehindNat)
        {
            return IkeNatStatus::LOCAL_BEHIND;
        }
        return peerBehindNat ? IkeNatStatus::PEER_BEHIND : IkeNatStatus::NO_NAT;
    }

    /** \return whether a NAT sits between the peers. */
    bool NatDetected() const
    {
        return natt != NatTVariant::NONE && (localBehindNat || peerBehindNat);
    }
};

/// Phase 1 building blocks shared by Main and Aggressive Mode (ikev1-main-mode.cc).
namespace ikev1
{
/** \return an address as 4 octets in network order. */
std::array<uint8_t, 4> AddressBytes(Ipv4Address a);
/** \return one ISAKMP policy as a phase 1 transform (RFC 2409 appendix A). */
TransformPayload Phase1Transform(const IkeProposal& p, uint8_t number);
/** \return the transform as a policy, if it is one we can use (pre-shared key). */
std::optional<IkeProposal> FromPhase1Transform(const TransformPayload& t);
/** \return true for the same cipher, key length, hash and group. */
bool SameSuite(const IkeProposal& a, const IkeProposal& b);
/** \return a header with these cookies, exchange and message ID. */
IsakmpHeader MakeHeader(const std::array<uint8_t, 8>& ckyI, const std::array<uint8_t, 8>& ckyR,
                        uint8_t exchange, uint32_t messageId);
/** \return a plaintext message. */
Bytes Plain(const IsakmpHeader& h, std::vector<IsakmpPayload> payloads);
/**
 * \return the private value length to ask DhKeyPair::Generate for:
 * \p modpOctets (the DhPrivateOctets attribute) for a MODP group, 0 (the
 * group's own size) for ECP and Curve25519, which take no shorter value.
 */
std::size_t DhPrivateOctets(uint16_t group, std::size_t modpOctets);
} // namespace ikev1

} // namespace ns3

#endif /* IPSEC_NAT_IKE_SA_H */
