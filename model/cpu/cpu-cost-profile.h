/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CPU_COST_PROFILE_H
#define IPSEC_NAT_CPU_COST_PROFILE_H

#include "ns3/crypto-registry.h"

#include "ns3/nstime.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief How long each crypto operation takes on one simulated processor.
 *
 * OpenSSL computes every result; this table only says how much simulated
 * time the work costs (see CpuModel, which queues the work on N cores).
 * It is a plain value type: copy it, compare it, keep one per node.
 *
 * Costs are kept exactly, in integer picoseconds, so that per-byte costs
 * below a nanosecond (e.g. 0.35 ns/byte) survive. A lookup adds its parts
 * in picoseconds and rounds once, half up, to the Time resolution (1 ns by
 * default).
 *
 * Profile text format (Parse, Load, Serialize), one entry per line:
 * \verbatim
 # comment: '#' starts a comment anywhere on a line; blank lines are ignored
 dh-generate      <group>  <time>   key pair generation, DH group number
 dh-agree         <group>  <time>   shared secret computation, DH group number
 prf              <hash>   <time>   one HMAC PRF call (IKE key derivation, hashes)
 cipher-packet    <cipher> <time>   fixed ESP encryption cost per packet
 cipher-byte      <cipher> <time>   ESP encryption cost per payload byte
 integrity-packet <mac>    <time>   fixed ESP integrity (ICV) cost per packet
 integrity-byte   <mac>    <time>   ESP integrity cost per authenticated byte
 ike-message      <time>            parsing or building one IKE message
 nat-keepalive    <time>            receiving one NAT-T keepalive (RFC 3948 2.3)
 \endverbatim
 * - group: 1, 2, 5, 14, 19, 20, 31
 * - hash and mac: md5, sha1, sha256, sha384, sha512
 * - cipher: null, des, 3des, aes-cbc, aes-gcm (all key lengths and all
 *   AES-GCM ICV lengths share one entry)
 * - time: a non-negative decimal number immediately followed by a unit,
 *   ns, us, ms or s, e.g. "800us", "1.4ns", "0.35ns"; at most picosecond
 *   precision ("0.0001ns" is an error, not silently rounded)
 *
 * Entries not given are zero. Giving the same entry twice is an error.
 * Keys, names and units are case sensitive (lower case).
 *
 * Calibrating a new profile: time the operations with OpenSSL on the
 * machine to imitate (e.g. `openssl speed -evp aes-128-gcm`, `openssl speed
 * ecdhx25519 ffdh2048`, or a loop over the module's own crypto classes),
 * write per-packet cost = time of a 1-byte operation and per-byte cost =
 * (time of an N-byte operation - per-packet cost) / N, and say in a comment
 * where each number comes from (see profiles/software-x86.profile).
 */
class CpuCostProfile
{
public:
    /// The DH group numbers the profile has entries for.
    static constexpr std::array<uint16_t, 7> kDhGroups{1, 2, 5, 14, 19, 20, 31};

    /** Every cost zero. */
    CpuCostProfile() = default;

    /** \return a profile in which every operation is free (the default). */
    static CpuCostProfile Zero();

    /**
     * Read a profile from text in the format above.
     * \param text the profile text
     * \param error set, on failure, to a message naming the line number, the
     *        line's text, what is wrong and what is allowed
     * \return the profile, or nullopt on the first bad line
     */
    static std::optional<CpuCostProfile> Parse(const std::string& text, std::string& error);

    /**
     * Read a profile file.
     * \param path the file
     * \param error set, on failure, to a message starting with the path
     * \return the profile, or nullopt if the file cannot be read or parsed
     */
    static std::optional<CpuCostProfile> Load(const std::string& path, std::string& error);

    /**
     * Resolve a profile by name or path: "zero" gives Zero(); the name of a
     * shipped profile ("software-x86", "hardware-crypto-engine") loads
     * `<dir>/<name>.profile`, where dir is the environment variable
     * IPSEC_NAT_PROFILE_DIR if set, else the module's model/cpu/profiles
     * folder; anything else is read as a file path.
     * \param nameOrPath the name or path
     * \param error set on failure, naming the file and the allowed names
     * \return the profile, or nullopt
     */
    static std::optional<CpuCostProfile> LoadNamed(const std::string& nameOrPath,
                                                   std::string& error);

    /** \return the folder LoadNamed reads shipped profiles from. */
    static std::string ProfileDirectory();

    /**
     * \return the profile as text, every entry in a fixed order, each time in
     *         the largest unit that shows it exactly; Parse(Serialize())
     *         gives back an equal profile
     */
    std::string Serialize() const;

    /**
     * \param group DH group number, one of kDhGroups
     * \return the cost of generating one key pair (aborts for another group)
     */
    Time DhGenerate(uint16_t group) const;
    /**
     * \param group DH group number, one of kDhGroups
     * \return the cost of computing one shared secret (aborts for another group)
     */
    Time DhAgree(uint16_t group) const;
    /**
     * \param hash the hash inside the HMAC
     * \return the cost of one PRF call
     */
    Time Prf(HashAlgorithm hash) const;
    /**
     * The cost of protecting or checking one ESP packet.
     * \param cipher the encryption algorithm
     * \param integrity the integrity algorithm; nullopt for none (AES-GCM)
     * \param bytes the bytes processed
     * \return cipher per-packet + cipher per-byte * bytes
     *         + integrity per-packet + integrity per-byte * bytes
     */
    Time EspPacket(EncryptionAlgorithm cipher, std::optional<IntegrityAlgorithm> integrity,
                   std::size_t bytes) const;
    /** \return the cost of parsing or of building one IKE message */
    Time IkeMessage() const;
    /** \return the cost of receiving one NAT-T keepalive */
    Time NatKeepalive() const;

    /// \name Setters (costs finer than the Time resolution: use Parse)
    /// @{
    /** Set the key pair generation cost of \p group (aborts for an unknown group). */
    void SetDhGenerate(uint16_t group, Time cost);
    /** Set the shared secret cost of \p group (aborts for an unknown group). */
    void SetDhAgree(uint16_t group, Time cost);
    /** Set the cost of one PRF call with \p hash. */
    void SetPrf(HashAlgorithm hash, Time cost);
    /** Set the per-packet and per-byte cost of \p cipher. */
    void SetCipher(EncryptionAlgorithm cipher, Time perPacket, Time perByte);
    /** Set the per-packet and per-byte cost of \p integrity. */
    void SetIntegrity(IntegrityAlgorithm integrity, Time perPacket, Time perByte);
    /** Set the cost of parsing or building one IKE message. */
    void SetIkeMessage(Time cost);
    /// @}

    /** \return true if every cost is equal */
    bool operator==(const CpuCostProfile& other) const;
    /** \return true if some cost differs */
    bool operator!=(const CpuCostProfile& other) const;

private:
    static constexpr std::size_t kHashes = 5;  //!< HashAlgorithm values
    static constexpr std::size_t kCiphers = 5; //!< cipher families
    static constexpr std::size_t kMacs = 5;    //!< IntegrityAlgorithm values

    std::array<int64_t, kDhGroups.size()> m_dhGeneratePs{}; //!< by index in kDhGroups
    std::array<int64_t, kDhGroups.size()> m_dhAgreePs{};    //!< by index in kDhGroups
    std::array<int64_t, kHashes> m_prfPs{};                 //!< by HashAlgorithm
    std::array<int64_t, kCiphers> m_cipherPacketPs{};       //!< by cipher family
    std::array<int64_t, kCiphers> m_cipherBytePs{};         //!< by cipher family
    std::array<int64_t, kMacs> m_macPacketPs{};             //!< by IntegrityAlgorithm
    std::array<int64_t, kMacs> m_macBytePs{};               //!< by IntegrityAlgorithm
    int64_t m_ikeMessagePs{0};                              //!< per IKE message
    int64_t m_natKeepalivePs{0};                            //!< per NAT-T keepalive received
};

} // namespace ns3

#endif /* IPSEC_NAT_CPU_COST_PROFILE_H */
