/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IOS_CONFIG_H
#define IPSEC_NAT_IOS_CONFIG_H

#include "ns3/crypto-registry.h"
#include "ns3/ios-acl.h"
#include "ns3/ios-config-common.h"
#include "ns3/ipsec-types.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/**
 * \file
 * \ingroup ipsec-nat
 * The IOS configuration subset of Cisco's "IPsec NAT Transparency" text, as
 * typed objects, and its parser.
 *
 * Accepted lines (keywords in any case, no abbreviations; `!` lines and
 * blank lines are comments):
 * \verbatim
 * hostname NAME
 * crypto isakmp policy 1..10000
 *   encryption des | 3des | aes [128|192|256]   (also "encr", as running-config prints it)
 *   hash md5 | sha | sha256 | sha384 | sha512
 *   authentication pre-share | rsa-sig
 *   group 1 | 2 | 5 | 14 | 19 | 20 | 31
 *   lifetime 60..86400
 * crypto isakmp key [0] KEY address A [MASK] [no-xauth]
 * crypto isakmp key [0] KEY hostname H [no-xauth]
 * crypto isakmp nat keepalive 5..3600
 * no crypto isakmp nat keepalive
 * crypto isakmp identity address | hostname
 * crypto ipsec transform-set NAME T1 [T2 [T3]]
 *   mode tunnel | transport
 * crypto ipsec security-association lifetime seconds 120..86400
 * crypto ipsec security-association lifetime kilobytes 2560..4294967295
 * [no] crypto ipsec nat-transparency udp-encapsulation
 * crypto map NAME 1..65535 [ipsec-isakmp]
 *   set peer A                       (repeatable: backup peers, in order)
 *   set transform-set NAME [NAME ...] (1 to 6)
 *   set pfs [group1|group2|group5|group14|group19|group20]
 *   set security-association lifetime seconds S | kilobytes K
 *   match address 100..199 | 2000..2699 | NAME
 * access-list 100..199|2000..2699 permit|deny ... (see ios-acl.h)
 * access-list 100..199|2000..2699 remark ...     (ignored)
 * ip access-list extended NAME
 *   permit|deny ...  |  remark ...
 * interface NAME
 *   ip address A MASK  |  no ip address
 *   crypto map NAME
 *   description, shutdown, no shutdown, duplex, speed, negotiation (accepted, ignored)
 * exit   (leaves a sub-mode)      end   (leaves any mode)
 * \endverbatim
 *
 * Modes work as in IOS: a mode command (crypto isakmp policy, crypto ipsec
 * transform-set, crypto map NAME SEQ, interface, ip access-list extended)
 * opens a sub-mode, and a later line that is a command of that sub-mode
 * belongs to it whether or not it is indented. The Cisco text's own example
 * is printed without indentation, and IOS reads it that way. Any other
 * unindented line is a global command and leaves the sub-mode. An indented
 * line must be a command of the open sub-mode; with no sub-mode open it is
 * an error. `!` lines do not leave a mode.
 *
 * The transform names are IOS's: esp-des, esp-3des, esp-aes [128|192|256]
 * (bare: 128), esp-gcm [128|256] (bare: 128; 16-octet ICV), esp-null,
 * esp-md5-hmac, esp-sha-hmac, esp-sha256-hmac, esp-sha384-hmac,
 * esp-sha512-hmac, ah-md5-hmac, ah-sha-hmac, ah-sha256-hmac. A set holds at
 * most one ESP cipher, one ESP authentication and one AH transform; esp-gcm
 * takes no ESP authentication (it is AEAD) and esp-null needs one (ESP
 * without confidentiality and integrity is not allowed, RFC 4303).
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * IKE phase 1 authentication method of an ISAKMP policy.
 */
enum class IsakmpAuthentication : uint8_t
{
    PRE_SHARE, //!< pre-shared keys (crypto isakmp key)
    RSA_SIG,   //!< RSA signatures (certificates); the IOS default
};

/** \return "pre-share" or "rsa-sig". */
std::string ToString(IsakmpAuthentication authentication);

/**
 * \ingroup ipsec-nat
 * The identity IKE phase 1 sends (crypto isakmp identity).
 */
enum class IsakmpIdentity : uint8_t
{
    ADDRESS,  //!< ID_IPV4_ADDR; the IOS default
    HOSTNAME, //!< ID_FQDN
};

/** \return "address" or "hostname". */
std::string ToString(IsakmpIdentity identity);

/**
 * \ingroup ipsec-nat
 * One `crypto isakmp policy N`: an IKE phase 1 proposal. The defaults are
 * IOS's: DES, SHA-1, RSA signatures, group 1, 86400 s.
 */
struct IsakmpPolicy
{
    uint32_t priority{1}; //!< 1..10000; lower numbers are proposed first
    /// DES_CBC, TRIPLE_DES_CBC or AES_CBC (crypto-registry.h).
    EncryptionAlgorithm encryption{EncryptionAlgorithm::DES_CBC};
    uint16_t encryptionKeyBits{0};           //!< 128, 192 or 256 for AES; 0 for DES and 3DES
    HashAlgorithm hash{HashAlgorithm::SHA1}; //!< the hash (PRF) of the policy
    /// How the peers prove who they are.
    IsakmpAuthentication authentication{IsakmpAuthentication::RSA_SIG};
    uint16_t group{1};               //!< Diffie-Hellman group: 1, 2, 5, 14, 19, 20 or 31
    uint32_t lifetimeSeconds{86400}; //!< ISAKMP SA lifetime, 60..86400
    ConfigSource source;             //!< the crypto isakmp policy line
};

/**
 * \ingroup ipsec-nat
 * One `crypto isakmp key`: a pre-shared key for a peer address prefix or a
 * peer hostname.
 */
struct IsakmpKey
{
    std::string key;                            //!< the secret, as written (case kept)
    bool byHostname{false};                     //!< true: hostname key; false: address key
    Ipv4Address address{Ipv4Address::GetAny()}; //!< address key: the peer prefix
    Ipv4Mask mask{Ipv4Mask::GetOnes()};         //!< address key: 255.255.255.255 unless given
    std::string hostname;                       //!< hostname key: the peer name
    bool noXauth{false};                        //!< `no-xauth` was given (no effect here)
    ConfigSource source;                        //!< the crypto isakmp key line

    /** \return true for an address key with mask 0.0.0.0 (any peer). */
    bool IsWildcard() const;

    /** \return true when this is an address key whose prefix holds \p peer. */
    bool Matches(Ipv4Address peer) const;
};

/**
 * \ingroup ipsec-nat
 * A transform set in the names IpsecTransform (ipsec-helper.h) uses, so the
 * scenario layer can fill one in field by field:
 * cipher null, des, 3des, aes128, aes192, aes256, aes128gcm, aes256gcm;
 * integrity none, md5, sha1, sha256, sha384, sha512.
 */
struct IpsecTransformNames
{
    IpsecProtocol protocol{IpsecProtocol::ESP}; //!< ESP or AH
    std::string cipher{"null"};                 //!< ESP cipher; "null" for AH
    std::string integrity{"none"};              //!< "none" with GCM or without ESP auth
    IpsecMode mode{IpsecMode::TUNNEL};          //!< tunnel or transport
};

/**
 * \ingroup ipsec-nat
 * One `crypto ipsec transform-set`.
 */
struct TransformSet
{
    std::string name;                    //!< as written (case kept)
    std::vector<std::string> transforms; //!< the transforms in IOS words, e.g. "esp-aes 256"
    std::optional<EncryptionAlgorithm> espCipher;   //!< ESP cipher; GCM is AES_GCM_16
    uint16_t espKeyBits{0};                         //!< 128/192/256 for AES and GCM, else 0
    std::optional<IntegrityAlgorithm> espIntegrity; //!< ESP authentication
    std::optional<IntegrityAlgorithm> ahIntegrity;  //!< AH authentication
    IpsecMode mode{IpsecMode::TUNNEL};              //!< the IOS default is tunnel
    ConfigSource source;                            //!< the transform-set line

    /** \return true when the set uses ESP (a cipher or an ESP authentication). */
    bool UsesEsp() const;

    /** \return true when the set uses AH. */
    bool UsesAh() const;

    /**
     * \return the IpsecTransform names, or an error when the set cannot be
     *         one IpsecTransform (it combines AH and ESP, or is empty)
     */
    ConfigResult<IpsecTransformNames> ToIpsecTransform() const;
};

/**
 * \ingroup ipsec-nat
 * IPsec SA lifetime; the defaults are IOS's global ones.
 */
struct IosSaLifetime
{
    uint32_t seconds{3600};      //!< 120..86400
    uint64_t kilobytes{4608000}; //!< 2560..4294967295
};

/**
 * \ingroup ipsec-nat
 * One `crypto map NAME SEQ ipsec-isakmp` entry.
 */
struct CryptoMapEntry
{
    std::string map;                           //!< the map name
    uint32_t sequence{0};                      //!< 1..65535; lower is tried first
    std::vector<Ipv4Address> peers;            //!< set peer, in order (first is primary)
    std::vector<std::string> transformSets;    //!< set transform-set, in order of preference
    std::optional<uint16_t> pfsGroup;          //!< set pfs: 1, 2, 5, 14, 19 or 20
    std::optional<uint32_t> lifetimeSeconds;   //!< set security-association lifetime seconds
    std::optional<uint64_t> lifetimeKilobytes; //!< set security-association lifetime kilobytes
    std::optional<std::string> matchAddress;   //!< match address: ACL number or name
    ConfigSource source;                       //!< the crypto map line
    ConfigSource transformSetSource;           //!< the last set transform-set line
    ConfigSource matchAddressSource;           //!< the match address line

    /**
     * \param global the crypto ipsec security-association lifetime
     * \return this entry's lifetime: its own values where set, else \p global
     */
    IosSaLifetime EffectiveLifetime(const IosSaLifetime& global) const;
};

/**
 * \ingroup ipsec-nat
 * One `interface NAME` block.
 */
struct InterfaceConfig
{
    std::string name;                     //!< e.g. "GigabitEthernet0/0" ("Ethernet 0" is joined)
    std::optional<Ipv4Address> address;   //!< ip address
    Ipv4Mask mask{Ipv4Mask::GetOnes()};   //!< its mask (meaningful with address)
    std::optional<std::string> cryptoMap; //!< crypto map NAME
    ConfigSource source;                  //!< the interface line
    ConfigSource cryptoMapSource;         //!< the crypto map line under it
};

/**
 * \ingroup ipsec-nat
 * What IosConfig::Validate() found, each list in line order.
 */
struct ValidationReport
{
    std::vector<ConfigError> errors;     //!< the configuration cannot be used
    std::vector<ConfigWarning> warnings; //!< IOS accepts it, but it is probably not meant

    /** \return true when there is no error */
    bool IsOk() const
    {
        return errors.empty();
    }
};

/**
 * \ingroup ipsec-nat
 * A router configuration: the typed result of ParseIosConfig().
 */
struct IosConfig
{
    std::string hostname{"Router"};            //!< hostname (IOS default "Router")
    std::map<uint32_t, IsakmpPolicy> policies; //!< ISAKMP policies by priority
    std::vector<IsakmpKey> keys;               //!< pre-shared keys, in order written
    std::optional<uint32_t> natKeepalive;      //!< crypto isakmp nat keepalive (s); off if unset
    IsakmpIdentity identity{IsakmpIdentity::ADDRESS}; //!< crypto isakmp identity
    bool natTraversal{true}; //!< false after no crypto ipsec nat-transparency udp-encapsulation
    std::map<std::string, TransformSet> transformSets; //!< by name
    /// crypto maps by name; each map's entries sorted by sequence number
    std::map<std::string, std::vector<CryptoMapEntry>> cryptoMaps;
    std::map<std::string, AccessList> acls;  //!< extended ACLs by number or name
    std::vector<InterfaceConfig> interfaces; //!< in order written
    IosSaLifetime saLifetime;                //!< crypto ipsec security-association lifetime
    std::vector<ConfigWarning> warnings;     //!< set by ParseIosConfig from Validate()

    /**
     * The pre-shared key for a peer address, as IOS picks it: among the
     * address keys whose prefix holds \p peer, the longest mask wins, so a
     * wildcard key (0.0.0.0 0.0.0.0) is the last resort.
     * \return the key, or nullptr; valid until \c keys changes
     */
    const IsakmpKey* FindKeyForAddress(Ipv4Address peer) const;

    /**
     * \param name the peer's hostname (compared ignoring case)
     * \return the hostname key, or nullptr; valid until \c keys changes
     */
    const IsakmpKey* FindKeyForHostname(std::string_view name) const;

    /** \return the crypto map entry, or nullptr */
    const CryptoMapEntry* FindCryptoMapEntry(const std::string& map, uint32_t sequence) const;

    /** \return the interface, or nullptr */
    const InterfaceConfig* FindInterface(const std::string& name) const;

    /**
     * The semantic check, independent of the order lines came in.
     *
     * Errors: a crypto map entry without set peer, without set
     * transform-set, or naming a transform set that is not defined; an
     * interface naming a crypto map that is not defined.
     *
     * Warnings (IOS accepts these): match address naming an ACL that is
     * not defined (the Cisco text's own example does this), a map entry
     * without match address, an ACL with no permit entry, a map peer no
     * pre-shared key matches when every ISAKMP policy uses pre-share.
     */
    ValidationReport Validate() const;
};

/**
 * \ingroup ipsec-nat
 * How ParseIosConfig() works.
 */
struct IosParseOptions
{
    /// Run IosConfig::Validate(): its first error fails the parse, its
    /// warnings go to IosConfig::warnings.
    bool validate{true};
};

/**
 * \ingroup ipsec-nat
 * Parse an IOS configuration (see the file comment for the language).
 *
 * Never throws and never aborts. The first line that is not understood
 * stops the parse, and the error names its line number, its text and what
 * was expected, e.g. `line 7: "crypto isakmp nat keepalive 3": keepalive
 * must be 5..3600 seconds`.
 *
 * \param text the configuration, lines separated by LF or CRLF
 * \param options see IosParseOptions
 * \return the configuration or the first error
 */
ConfigResult<IosConfig> ParseIosConfig(std::string_view text, const IosParseOptions& options = {});

} // namespace ns3

#endif /* IPSEC_NAT_IOS_CONFIG_H */
