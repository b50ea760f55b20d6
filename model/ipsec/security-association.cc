/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-association.h"

#include "ns3/ah-codec.h"
#include "ns3/esp-codec.h"

#include <sstream>

namespace ns3
{

std::string
IpsecSaConfig::Validate() const
{
    // The message stream is built only for a failure: a valid SA (every
    // installation) costs no stream.
    if (spi == 0)
    {
        return "SPI 0 is reserved (RFC 4303 section 2.1): use 1..0xffffffff (256 and up by "
               "convention)";
    }
    if (protocol == IpsecProtocol::AH)
    {
        if (encryption)
        {
            return "AH has no encryption: give only an integrity algorithm";
        }
        if (!integrity)
        {
            return "AH needs an integrity algorithm (md5, sha1, sha256)";
        }
        if (encapsulation == IpsecEncapsulation::UDP)
        {
            return "AH cannot be UDP-encapsulated (RFC 3948 covers ESP only)";
        }
    }
    else
    {
        if (!encryption)
        {
            return "ESP needs an encryption algorithm (null, des, 3des, aes128, aes192, "
                   "aes256, aes128gcm, aes256gcm)";
        }
        if (encryption->IsAead() && integrity)
        {
            return "AES-GCM provides integrity itself: give no separate integrity algorithm";
        }
        if (encryption->algorithm == EncryptionAlgorithm::NULL_ENCRYPTION && !integrity)
        {
            return "ESP with NULL encryption needs an integrity algorithm (RFC 4303 section 3.2)";
        }
        if (encryptionKey.size() != encryption->KeyMaterialOctets())
        {
            std::ostringstream err;
            err << "encryption key for " << encryption->name << " has " << encryptionKey.size()
                << " octets: it needs " << encryption->KeyMaterialOctets();
            return err.str();
        }
    }
    if (integrity && integrityKey.size() != integrity->keyOctets)
    {
        std::ostringstream err;
        err << "integrity key for " << integrity->name << " has " << integrityKey.size()
            << " octets: it needs " << integrity->keyOctets;
        return err.str();
    }
    if (replayWindow != 0 && !AntiReplayWindow::Create(replayWindow))
    {
        std::ostringstream err;
        err << "anti-replay window " << replayWindow
            << " is not allowed: 0 (off) or 32..4096 in multiples of 32";
        return err.str();
    }
    std::string life = lifetime.Validate();
    if (!life.empty())
    {
        return "SA lifetime: " + life;
    }
    return "";
}

std::size_t
IpsecSaConfig::Overhead() const
{
    std::size_t n = mode == IpsecMode::TUNNEL ? 20 : 0;
    if (protocol == IpsecProtocol::AH)
    {
        std::size_t icv = integrity ? integrity->icvOctets : 0;
        return n + 12 + ((icv + 3) / 4) * 4;
    }
    n += encapsulation == IpsecEncapsulation::UDP ? 8 : 0;
    n += EspHeader::kSize;
    if (encryption)
    {
        std::size_t block = std::max<std::size_t>(encryption->blockOctets, 4);
        n += encryption->ivOctets + (block - 1) + 2 + encryption->icvOctets;
    }
    n += integrity ? integrity->icvOctets : 0;
    return n;
}

SecurityAssociation::SecurityAssociation(const IpsecSaConfig& config, Time now)
    : m_config(config)
    , m_lifetime(config.lifetime, now)
{
}

std::string
SecurityAssociation::BuildCrypto(const IpsecSaConfig& config, std::unique_ptr<Cipher>* cipher,
                                 std::unique_ptr<AeadCipher>* aead,
                                 std::unique_ptr<IntegrityMac>* mac)
{
    if (config.encryption && config.encryption->IsAead())
    {
        const auto& d = *config.encryption;
        auto c = AeadCipher::Create(d, config.encryptionKey); // key | salt (RFC 4106 8.1)
        if (!c)
        {
            return std::string("cannot key ") + d.name + ": " + CryptoErrorName(c.GetError());
        }
        if (aead)
        {
            *aead = std::make_unique<AeadCipher>(std::move(c).Value());
        }
    }
    else if (config.encryption)
    {
        auto c = Cipher::Create(*config.encryption, config.encryptionKey);
        if (!c)
        {
            return std::string("cannot key ") + config.encryption->name + ": "
                   + CryptoErrorName(c.GetError());
        }
        if (cipher)
        {
            *cipher = std::make_unique<Cipher>(std::move(c).Value());
        }
    }
    if (config.integrity)
    {
        auto m = IntegrityMac::Create(*config.integrity, config.integrityKey);
        if (!m)
        {
            return std::string("cannot key ") + config.integrity->name + ": "
                   + CryptoErrorName(m.GetError());
        }
        if (mac)
        {
            *mac = std::make_unique<IntegrityMac>(std::move(m).Value());
        }
    }
    return std::string();
}

bool
SecurityAssociation::Keyed()
{
    // Every valid SA has at least one of the three (ESP a cipher, AH a MAC).
    if (m_cipher || m_aead || m_mac)
    {
        return true;
    }
    // Built into locals and kept only whole: never half a transform.
    std::unique_ptr<Cipher> cipher;
    std::unique_ptr<AeadCipher> aead;
    std::unique_ptr<IntegrityMac> mac;
    if (!BuildCrypto(m_config, &cipher, &aead, &mac).empty())
    {
        return false;
    }
    m_cipher = std::move(cipher);
    m_aead = std::move(aead);
    m_mac = std::move(mac);
    return true;
}

bool
SecurityAssociation::IsAead() const
{
    return m_config.encryption && m_config.encryption->IsAead();
}

std::unique_ptr<SecurityAssociation>
SecurityAssociation::Create(const IpsecSaConfig& config, Time now, std::string& error)
{
    error = config.Validate();
    if (!error.empty())
    {
        return nullptr;
    }
    // The transform is checked now (a cipher OpenSSL cannot provide is
    // refused at installation); the cipher and MAC objects are built when
    // the first packet needs them (Keyed): a hub holds tens of thousands of
    // SAs, and a superseded or idle one never carries a packet.
    error = BuildCrypto(config, nullptr, nullptr, nullptr);
    if (!error.empty())
    {
        return nullptr;
    }
    // The replay window (checked by Validate) is made by the first inbound
    // packet (Window): an outbound SA never has one.
    return std::unique_ptr<SecurityAssociation>(new SecurityAssociation(config, now));
}

const IpsecSaConfig&
SecurityAssociation::Config() const
{
    return m_config;
}

uint32_t
SecurityAssociation::GetBundle() const
{
    return m_bundle;
}

void
SecurityAssociation::SetBundle(uint32_t bundle)
{
    m_bundle = bundle;
}

const IpsecSaCounters&
SecurityAssociation::Counters() const
{
    static const IpsecSaCounters kNone{};
    return m_counters ? *m_counters : kNone;
}

AntiReplayWindow*
SecurityAssociation::Window()
{
    if (!m_window && m_config.replayWindow != 0)
    {
        auto w = AntiReplayWindow::Create(m_config.replayWindow);
        if (w)
        {
            m_window = std::make_unique<AntiReplayWindow>(std::move(*w));
        }
    }
    return m_window.get();
}

IpsecSaCounters&
SecurityAssociation::MutableCounters()
{
    if (!m_counters)
    {
        m_counters = std::make_unique<IpsecSaCounters>();
    }
    return *m_counters;
}

const SaLifetime&
SecurityAssociation::Lifetime() const
{
    return m_lifetime;
}

uint32_t
SecurityAssociation::LastSequence() const
{
    return m_sequence;
}

std::size_t
SecurityAssociation::IcvLength() const
{
    if (IsAead())
    {
        return m_config.encryption->icvOctets;
    }
    return m_config.integrity ? m_config.integrity->icvOctets : 0;
}

SecurityAssociation::Result
SecurityAssociation::Count(Result r, std::size_t payloadBytes, std::size_t lifetimeBytes, Time now,
                           bool outbound)
{
    r.event = m_lifetime.OnPacket(lifetimeBytes, now);
    if (r.event == SaLifetimeEvent::HARD_EXPIRED)
    {
        // The packet does not fit under a hard limit: refused, not counted.
        r.ok = false;
        r.reason = IpsecDropReason::SA_EXPIRED;
        return r;
    }
    IpsecSaCounters& c = MutableCounters();
    (outbound ? c.bytesOut : c.bytesIn) += payloadBytes;
    return r;
}

SecurityAssociation::Result
SecurityAssociation::ProtectEsp(ByteView payload, uint8_t nextHeader, const RandomBytes& random,
                                Time now, Bytes& out)
{
    Result r;
    if (m_lifetime.IsHardExpired())
    {
        r.reason = IpsecDropReason::SA_EXPIRED;
        return r;
    }
    if (m_sequence == 0xFFFFFFFFU)
    {
        // RFC 4303 section 3.3.3: the counter must not cycle; the SA must be rekeyed.
        r.reason = IpsecDropReason::SEQUENCE_OVERFLOW;
        return r;
    }
    if (!Keyed())
    {
        r.reason = IpsecDropReason::CRYPTO_FAILURE;
        return r;
    }
    const EncryptionDescriptor& enc = *m_config.encryption;
    std::size_t align = IsAead() ? 4 : std::max<std::size_t>(enc.blockOctets, 4);
    Bytes trailer = EspBuildTrailer(payload.Size(), nextHeader, align);
    Bytes aliased;
    if (!out.empty() && payload.Data() >= out.data() && payload.Data() < out.data() + out.size())
    {
        // The payload lives in the output buffer, which is rebuilt below.
        aliased.assign(payload.Data(), payload.Data() + payload.Size());
        payload = ByteView(aliased);
    }

    uint32_t seq = m_sequence + 1;
    std::size_t ivLen = enc.ivOctets;
    std::size_t icvLen = IcvLength();
    std::size_t plainSize = payload.Size() + trailer.size();
    // The plaintext is laid out where it is encrypted, and encrypted in
    // place: no per-packet copy of it elsewhere. resize() keeps the
    // capacity of a reused buffer; every octet is written below.
    out.resize(EspHeader::kSize + ivLen + plainSize + icvLen);
    EspHeader{m_config.spi, seq}.Write(out.data());
    uint8_t* iv = out.data() + EspHeader::kSize;
    uint8_t* body = iv + ivLen;
    std::copy(payload.Data(), payload.Data() + payload.Size(), body);
    std::copy(trailer.begin(), trailer.end(), body + payload.Size());
    std::fill(body + plainSize, body + plainSize + icvLen, 0);
    if (IsAead())
    {
        // RFC 4106 section 3.1: the IV must not repeat under a key; the
        // sequence number (zero-extended to 64 bits) is such a counter.
        for (std::size_t k = 0; k < ivLen; ++k)
        {
            iv[ivLen - 1 - k] = k < 4 ? uint8_t(seq >> (8 * k)) : 0;
        }
        // AAD = SPI | sequence number (RFC 4106 section 5, no ESN).
        CryptoError e = m_aead->Seal(ByteView(iv, ivLen), ByteView(out.data(), EspHeader::kSize),
                                     body, plainSize, body, body + plainSize, icvLen);
        if (e != CryptoError::OK)
        {
            r.reason = IpsecDropReason::CRYPTO_FAILURE;
            return r;
        }
    }
    else
    {
        if (ivLen > 0)
        {
            random(iv, ivLen); // CBC: an unpredictable IV (RFC 3602 section 3)
        }
        if (enc.algorithm != EncryptionAlgorithm::NULL_ENCRYPTION
            && m_cipher->Encrypt(ByteView(iv, ivLen), body, plainSize, body) != CryptoError::OK)
        {
            r.reason = IpsecDropReason::CRYPTO_FAILURE;
            return r;
        }
        if (m_mac)
        {
            // The ICV covers SPI, sequence, IV and ciphertext (section 3.3.4).
            std::size_t covered = EspHeader::kSize + ivLen + plainSize;
            if (m_mac->Compute(ByteView(out.data(), covered), out.data() + covered, icvLen)
                != CryptoError::OK)
            {
                r.reason = IpsecDropReason::CRYPTO_FAILURE;
                return r;
            }
            ++MutableCounters().packetsDigested;
        }
    }
    // RFC 4301 section 4.4.2.1: byte limits count what the encryption
    // algorithm is applied to, padding and trailer included.
    r = Count(Result{true, r.reason, SaLifetimeEvent::NONE, nextHeader, seq}, payload.Size(),
              plainSize, now, true);
    if (!r.ok)
    {
        out.clear();
        return r;
    }
    m_sequence = seq;
    ++MutableCounters().packetsEncapsulated;
    if (enc.algorithm != EncryptionAlgorithm::NULL_ENCRYPTION)
    {
        ++MutableCounters().packetsEncrypted;
    }
    if (IsAead())
    {
        ++MutableCounters().packetsDigested;
    }
    return r;
}

SecurityAssociation::Result
SecurityAssociation::UnprotectEsp(ByteView packet, Time now, Bytes& payload)
{
    Result r;
    const EncryptionDescriptor& enc = *m_config.encryption;
    std::size_t ivLen = enc.ivOctets;
    std::size_t icvLen = IcvLength();
    std::size_t block = IsAead() ? 4 : std::max<std::size_t>(enc.blockOctets, 4);
    auto header = EspHeader::Parse(packet.Data(), packet.Size());
    if (!header || packet.Size() < EspHeader::kSize + ivLen + icvLen + 2)
    {
        ++MutableCounters().otherErrors;
        r.reason = IpsecDropReason::TRUNCATED;
        return r;
    }
    std::size_t bodyLen = packet.Size() - EspHeader::kSize - ivLen - icvLen;
    if (bodyLen % block != 0)
    {
        ++MutableCounters().otherErrors;
        r.reason = IpsecDropReason::TRUNCATED; // not a whole number of blocks
        return r;
    }
    r.sequence = header->sequence;
    if (m_lifetime.IsHardExpired())
    {
        r.reason = IpsecDropReason::SA_EXPIRED;
        return r;
    }
    // Section 3.4.3: check the window before the (costly) ICV, update after.
    AntiReplayWindow* window = Window();
    if (window && window->Check(header->sequence) != AntiReplayWindow::Verdict::OK)
    {
        ++MutableCounters().replayErrors;
        r.reason = IpsecDropReason::REPLAY;
        return r;
    }
    if (!Keyed())
    {
        r.reason = IpsecDropReason::CRYPTO_FAILURE;
        return r;
    }
    const uint8_t* iv = packet.Data() + EspHeader::kSize;
    const uint8_t* body = iv + ivLen;
    payload.assign(bodyLen, 0);
    if (IsAead())
    {
        CryptoError e
            = m_aead->Open(ByteView(iv, ivLen), ByteView(packet.Data(), EspHeader::kSize), body,
                           bodyLen, ByteView(body + bodyLen, icvLen), payload.data());
        if (e == CryptoError::AUTHENTICATION_FAILED)
        {
            ++MutableCounters().authErrors;
            r.reason = IpsecDropReason::ICV_MISMATCH;
            return r;
        }
        if (e != CryptoError::OK)
        {
            r.reason = IpsecDropReason::CRYPTO_FAILURE;
            return r;
        }
        ++MutableCounters().packetsVerified;
    }
    else
    {
        if (m_mac)
        {
            std::size_t covered = packet.Size() - icvLen;
            if (m_mac->Verify(ByteView(packet.Data(), covered),
                              ByteView(packet.Data() + covered, icvLen))
                != CryptoError::OK)
            {
                ++MutableCounters().authErrors;
                r.reason = IpsecDropReason::ICV_MISMATCH;
                return r;
            }
            ++MutableCounters().packetsVerified;
        }
        if (enc.algorithm == EncryptionAlgorithm::NULL_ENCRYPTION)
        {
            std::copy(body, body + bodyLen, payload.begin());
        }
        else if (m_cipher->Decrypt(ByteView(iv, ivLen), body, bodyLen, payload.data())
                 != CryptoError::OK)
        {
            r.reason = IpsecDropReason::CRYPTO_FAILURE;
            return r;
        }
    }
    if (window)
    {
        window->Update(header->sequence);
    }
    auto trailer = EspParseTrailer(payload.data(), payload.size());
    if (!trailer.IsOk())
    {
        ++MutableCounters().paddingErrors;
        r.reason = trailer.GetError() == EspParseError::BAD_PADDING ? IpsecDropReason::BAD_PADDING
                                                                    : IpsecDropReason::TRUNCATED;
        return r;
    }
    payload.resize(trailer.Value().payloadLength);
    if (enc.algorithm != EncryptionAlgorithm::NULL_ENCRYPTION)
    {
        ++MutableCounters().packetsDecrypted;
    }
    r = Count(Result{true, r.reason, SaLifetimeEvent::NONE, trailer.Value().nextHeader, r.sequence},
              payload.size(), bodyLen, now, false);
    if (r.ok)
    {
        ++MutableCounters().packetsDecapsulated;
    }
    return r;
}

SecurityAssociation::Result
SecurityAssociation::ProtectAh(ByteView ipv4Header, ByteView payload, uint8_t nextHeader, Time now,
                               Bytes& out)
{
    Result r;
    if (m_lifetime.IsHardExpired())
    {
        r.reason = IpsecDropReason::SA_EXPIRED;
        return r;
    }
    if (m_sequence == 0xFFFFFFFFU)
    {
        r.reason = IpsecDropReason::SEQUENCE_OVERFLOW;
        return r;
    }
    if (!Keyed())
    {
        r.reason = IpsecDropReason::CRYPTO_FAILURE;
        return r;
    }
    uint32_t seq = m_sequence + 1;
    AhHeader ah{nextHeader, m_config.spi, seq, m_config.integrity->icvOctets};
    out.assign(ah.Size(), 0);
    ah.Write(out.data(), nullptr);
    // RFC 4302 section 3.3.3: ICV over the IP header with mutable fields
    // zeroed, AH with a zero ICV, and the payload.
    Bytes input = AhIcvInput(ipv4Header.Data(), ipv4Header.Size(), out.data(), out.size(),
                             payload.Data(), payload.Size());
    Bytes icv(ah.icvLength);
    if (m_mac->Compute(ByteView(input), icv.data(), icv.size()) != CryptoError::OK)
    {
        r.reason = IpsecDropReason::CRYPTO_FAILURE;
        return r;
    }
    ah.Write(out.data(), icv.data());
    r = Count(Result{true, r.reason, SaLifetimeEvent::NONE, nextHeader, seq}, payload.Size(),
              payload.Size(), now, true);
    if (!r.ok)
    {
        return r;
    }
    m_sequence = seq;
    ++MutableCounters().packetsEncapsulated;
    ++MutableCounters().packetsDigested;
    return r;
}

SecurityAssociation::Result
SecurityAssociation::UnprotectAh(ByteView ipv4Header, ByteView ahAndPayload, Time now,
                                 std::size_t& payloadOffset)
{
    Result r;
    auto ah = AhHeader::Parse(ahAndPayload.Data(), ahAndPayload.Size());
    if (!ah || ah->icvLength < m_config.integrity->icvOctets)
    {
        ++MutableCounters().otherErrors;
        r.reason = IpsecDropReason::TRUNCATED;
        return r;
    }
    r.sequence = ah->sequence;
    r.nextHeader = ah->nextHeader;
    if (m_lifetime.IsHardExpired())
    {
        r.reason = IpsecDropReason::SA_EXPIRED;
        return r;
    }
    AntiReplayWindow* window = Window();
    if (window && window->Check(ah->sequence) != AntiReplayWindow::Verdict::OK)
    {
        ++MutableCounters().replayErrors;
        r.reason = IpsecDropReason::REPLAY;
        return r;
    }
    if (!Keyed())
    {
        r.reason = IpsecDropReason::CRYPTO_FAILURE;
        return r;
    }
    std::size_t ahLen = ah->Size();
    Bytes zeroed(ahAndPayload.Data(), ahAndPayload.Data() + ahLen);
    std::fill(zeroed.begin() + 12, zeroed.end(), 0);
    Bytes input = AhIcvInput(ipv4Header.Data(), ipv4Header.Size(), zeroed.data(), zeroed.size(),
                             ahAndPayload.Data() + ahLen, ahAndPayload.Size() - ahLen);
    if (m_mac->Verify(ByteView(input),
                      ByteView(ahAndPayload.Data() + 12, m_config.integrity->icvOctets))
        != CryptoError::OK)
    {
        ++MutableCounters().authErrors;
        r.reason = IpsecDropReason::ICV_MISMATCH;
        return r;
    }
    ++MutableCounters().packetsVerified;
    if (window)
    {
        window->Update(ah->sequence);
    }
    payloadOffset = ahLen;
    r = Count(Result{true, r.reason, SaLifetimeEvent::NONE, ah->nextHeader, ah->sequence},
              ahAndPayload.Size() - ahLen, ahAndPayload.Size() - ahLen, now, false);
    if (r.ok)
    {
        ++MutableCounters().packetsDecapsulated;
    }
    return r;
}

SaLifetimeEvent
SecurityAssociation::OnTime(Time now)
{
    return m_lifetime.OnTime(now);
}

void
SecurityAssociation::UpdatePeer(Ipv4Address address, uint16_t port, bool outbound)
{
    if (outbound)
    {
        m_config.destination = address;
        m_config.destinationPort = port;
    }
    else
    {
        m_config.source = address;
        m_config.sourcePort = port;
    }
}

} // namespace ns3
