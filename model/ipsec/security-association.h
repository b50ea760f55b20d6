/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_SECURITY_ASSOCIATION_H
#define IPSEC_NAT_SECURITY_ASSOCIATION_H

#include "anti-replay-window.h"
#include "ipsec-types.h"
#include "sa-lifetime.h"
#include "security-policy-database.h"

#include "ns3/aead.h"
#include "ns3/cipher.h"
#include "ns3/crypto-registry.h"
#include "ns3/integrity.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Everything that defines one (unidirectional) SA, as manual keying or IKE
 * installs it (RFC 4301 section 4.4.2.1).
 *
 * For an outbound SA \c source is the local address and \c destination the
 * peer; for an inbound SA the other way round. Addresses and ports are the
 * ones on the wire at this node (with NAT in the path: the peer's public
 * endpoint).
 */
struct IpsecSaConfig
{
    uint32_t spi{0};                                            //!< SPI, never 0
    IpsecProtocol protocol{IpsecProtocol::ESP};                 //!< ESP or AH
    IpsecMode mode{IpsecMode::TUNNEL};                          //!< tunnel or transport
    Ipv4Address source;                                         //!< outer source
    Ipv4Address destination;                                    //!< outer destination
    IpsecEncapsulation encapsulation{IpsecEncapsulation::NONE}; //!< raw or in UDP
    uint16_t sourcePort{4500};                                  //!< UDP source port (encapsulation)
    uint16_t destinationPort{4500};                             //!< UDP destination port
    /// ESP cipher (none for AH): a registry entry (RegistryEntry), shared by every SA
    const EncryptionDescriptor* encryption{nullptr};
    Bytes encryptionKey; //!< key, plus salt for GCM
    /// ICV algorithm (none for GCM): a registry entry (RegistryEntry)
    const IntegrityDescriptor* integrity{nullptr};
    Bytes integrityKey;        //!< ICV key
    IpsecSelector selector;    //!< traffic the SA carries (RFC 4301 4.4.2.1)
    SaLifetimeLimits lifetime; //!< soft and hard limits
    uint32_t replayWindow{64}; //!< inbound anti-replay window (0 = off)
    /// Transport mode with NAT-T: the addresses the sender used in its
    /// transport checksum (NAT-OA, RFC 3947 section 5.2); any = not needed.
    Ipv4Address originalSource{Ipv4Address::GetAny()};
    Ipv4Address originalDestination{Ipv4Address::GetAny()}; //!< see originalSource

    /** \return an empty string if the SA can be installed, else what is wrong. */
    std::string Validate() const;
    /** \return bytes that ESP (or AH) adds per packet at most, outer IP/UDP headers included. */
    std::size_t Overhead() const;
};

/**
 * \ingroup ipsec-nat
 * Counters of one SA, as IOS `show crypto ipsec sa` shows them.
 */
struct IpsecSaCounters
{
    uint64_t packetsEncapsulated{0}; //!< outbound packets
    uint64_t packetsEncrypted{0};    //!< outbound packets encrypted
    uint64_t packetsDigested{0};     //!< outbound packets with an ICV
    uint64_t packetsDecapsulated{0}; //!< inbound packets accepted
    uint64_t packetsDecrypted{0};    //!< inbound packets decrypted
    uint64_t packetsVerified{0};     //!< inbound ICVs verified
    uint64_t bytesOut{0};            //!< protected payload octets out
    uint64_t bytesIn{0};             //!< protected payload octets in
    uint64_t replayErrors{0};        //!< inbound replays
    uint64_t authErrors{0};          //!< inbound ICV failures
    uint64_t paddingErrors{0};       //!< inbound padding failures
    uint64_t otherErrors{0};         //!< inbound truncated / other
};

/**
 * \ingroup ipsec-nat
 * One SA with its keyed crypto contexts, sequence counter, anti-replay
 * window, lifetime and counters; builds and checks ESP and AH packets.
 *
 * Pure processing over bytes: no packets, no simulator. Crypto contexts are
 * keyed once here and reused for every packet.
 */
class SecurityAssociation
{
public:
    /// Fills a buffer with random octets (IVs); the stack draws them from an ns-3 stream.
    using RandomBytes = std::function<void(uint8_t* out, std::size_t len)>;

    /// Outcome of processing one packet.
    struct Result
    {
        bool ok{false};                                     //!< processed
        IpsecDropReason reason{IpsecDropReason::TRUNCATED}; //!< why not
        SaLifetimeEvent event{SaLifetimeEvent::NONE};       //!< lifetime event this packet caused
        uint8_t nextHeader{0};                              //!< inbound: the protected protocol
        uint32_t sequence{0};                               //!< sequence number used / received
    };

    /**
     * Key the SA.
     * \param config a configuration that Validate() accepts
     * \param now installation time (lifetimes count from it)
     * \param error set to what is wrong when nullptr is returned
     * \return the SA, or nullptr
     */
    static std::unique_ptr<SecurityAssociation> Create(const IpsecSaConfig& config, Time now,
                                                       std::string& error);

    /** \return the configuration. */
    const IpsecSaConfig& Config() const;
    /** \return the SA bundle the SA was installed with (IpsecStack::AddSa; 0 if none). */
    uint32_t GetBundle() const;
    /** Record the SA bundle it belongs to (IpsecStack::AddSa). */
    void SetBundle(uint32_t bundle);
    /** \return the counters. */
    const IpsecSaCounters& Counters() const;
    /** \return the lifetime state. */
    const SaLifetime& Lifetime() const;
    /** \return the last outbound sequence number used (0 before the first packet). */
    uint32_t LastSequence() const;

    /**
     * Build an ESP packet (RFC 4303 section 3.3): SPI | sequence | IV |
     * encrypted (payload | padding | pad length | next header) | ICV.
     * \param payload the inner IP packet (tunnel) or transport payload
     * \param nextHeader 4 (tunnel) or the transport protocol
     * \param random IV source
     * \param now current time (lifetime)
     * \param out receives the ESP packet
     */
    Result ProtectEsp(ByteView payload, uint8_t nextHeader, const RandomBytes& random, Time now,
                      Bytes& out);

    /**
     * Check and open an ESP packet (RFC 4303 section 3.4): replay check,
     * ICV, replay window update, decryption, padding check.
     * \param packet the ESP packet from the SPI on
     * \param now current time (lifetime)
     * \param payload receives the protected payload
     */
    Result UnprotectEsp(ByteView packet, Time now, Bytes& payload);

    /**
     * Build an AH header (RFC 4302 section 3.3) for an outer IPv4 header
     * (protocol 51, final total length and identification) and payload.
     * \param ipv4Header the serialized IPv4 header the packet will carry
     * \param payload what follows AH
     * \param nextHeader the protocol of \p payload
     * \param now current time
     * \param out receives the AH header with its ICV
     */
    Result ProtectAh(ByteView ipv4Header, ByteView payload, uint8_t nextHeader, Time now,
                     Bytes& out);

    /**
     * Check an AH packet (RFC 4302 section 3.4).
     * \param ipv4Header the received IPv4 header, serialized
     * \param ahAndPayload AH header, ICV and payload
     * \param now current time
     * \param payloadOffset receives where the payload starts in \p ahAndPayload
     */
    Result UnprotectAh(ByteView ipv4Header, ByteView ahAndPayload, Time now,
                       std::size_t& payloadOffset);

    /** Time-based lifetime check. */
    SaLifetimeEvent OnTime(Time now);

    /** Move the peer end (its NAT mapping changed): outer address and UDP port. */
    void UpdatePeer(Ipv4Address address, uint16_t port, bool outbound);

private:
    SecurityAssociation(const IpsecSaConfig& config, Time now);
    std::size_t IcvLength() const;
    /** \return true for AES-GCM (an AeadCipher, no separate MAC) */
    bool IsAead() const;
    /**
     * Builds the cipher and MAC the configuration asks for, or only checks
     * that they can be built where an output pointer is null.
     * \return empty, or what is wrong
     */
    static std::string BuildCrypto(const IpsecSaConfig& config, std::unique_ptr<Cipher>* cipher,
                                   std::unique_ptr<AeadCipher>* aead,
                                   std::unique_ptr<IntegrityMac>* mac);
    /** Builds the cipher and MAC on first use. \return false if that failed */
    bool Keyed();
    /** \return the inbound replay window (made on first use), or null when off */
    AntiReplayWindow* Window();
    /** \return the counters, allocated on first use */
    IpsecSaCounters& MutableCounters();
    /// Lifetime check of one packet: \p lifetimeBytes is what the SA's byte
    /// limits count (RFC 4301 4.4.2.1), \p payloadBytes what bytesOut/bytesIn count.
    Result Count(Result r, std::size_t payloadBytes, std::size_t lifetimeBytes, Time now,
                 bool outbound);

    IpsecSaConfig m_config;
    // Built on the heap when the first packet needs them (Keyed): an SA
    // has one of the two ciphers, a hub keeps tens of thousands of SAs, and
    // an idle or superseded SA never carries a packet.
    std::unique_ptr<Cipher> m_cipher;           //!< CBC or NULL encryption
    std::unique_ptr<AeadCipher> m_aead;         //!< AES-GCM
    std::unique_ptr<IntegrityMac> m_mac;        //!< HMAC (none for GCM)
    std::unique_ptr<AntiReplayWindow> m_window; //!< inbound: made by the first packet
    SaLifetime m_lifetime;
    uint32_t m_sequence{0};
    uint32_t m_bundle{0}; //!< the SA bundle (fills the padding after m_sequence)
    // Counted from the first packet on: an idle SA (a hub's many, the
    // superseded ones after a rekey) holds none.
    std::unique_ptr<IpsecSaCounters> m_counters; //!< absent: all zero
};

} // namespace ns3

#endif /* IPSEC_NAT_SECURITY_ASSOCIATION_H */
