/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IPSEC_HELPER_H
#define IPSEC_NAT_IPSEC_HELPER_H

#include "ns3/esp-sa-export.h"
#include "ns3/ipsec-stack.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * What IOS calls a transform set: protocol, algorithms and mode.
 */
struct IpsecTransform
{
    IpsecProtocol protocol{IpsecProtocol::ESP}; //!< ESP or AH
    /// ESP cipher: null, des, 3des, aes128 (aes), aes192, aes256, aes128gcm, aes256gcm
    std::string cipher{"aes128"};
    /// Integrity: none, md5, sha1 (sha), sha256, sha384, sha512. Ignored with GCM.
    std::string integrity{"sha1"};
    IpsecMode mode{IpsecMode::TUNNEL}; //!< tunnel or transport
};

/**
 * \ingroup ipsec-nat
 * A manually keyed SA pair between two nodes (RFC 4301 section 4.5: manual
 * keying), with the SPD entries that use it.
 */
struct IpsecManualTunnel
{
    Ptr<Node> a;          //!< one end
    Ptr<Node> b;          //!< the other end
    Ipv4Address aAddress; //!< a's own outer address
    Ipv4Address bAddress; //!< b's own outer address
    /// How b sees a (a's NAT's public address); default aAddress.
    Ipv4Address aSeenByB{Ipv4Address::GetAny()};
    uint16_t aPortSeenByB{4500}; //!< a's NAT-T port as b sees it
    /// How a sees b; default bAddress.
    Ipv4Address bSeenByA{Ipv4Address::GetAny()};
    uint16_t bPortSeenByA{4500}; //!< b's NAT-T port as a sees it
    /// Traffic a protects toward b (tunnel mode: the two LAN prefixes); b
    /// protects the mirror image. Transport mode uses the two hosts'
    /// addresses and keeps only the protocol and ports of this selector.
    IpsecSelector aToB;
    IpsecTransform transform;                                   //!< protocol, algorithms, mode
    IpsecEncapsulation encapsulation{IpsecEncapsulation::NONE}; //!< raw ESP or ESP in UDP 4500
    SaLifetimeLimits lifetime; //!< lifetime of every SA of the pair
    uint32_t replayWindow{64}; //!< anti-replay window
};

/**
 * \ingroup ipsec-nat
 * \brief Installs IpsecStack on nodes and keys SAs by hand.
 *
 * \code
 *   IpsecHelper ipsec;
 *   ipsec.Install(NodeContainer(gwA, gwB));
 *   ipsec.EnableKeyExport("out/esp_sa");
 *   IpsecManualTunnel t;
 *   t.a = gwA; t.aAddress = "192.168.1.2"; t.aSeenByB = "203.0.113.1";
 *   t.b = gwB; t.bAddress = "203.0.113.2";
 *   t.aToB = {10.1.0.0/24 -> 10.2.0.0/24};
 *   t.encapsulation = IpsecEncapsulation::UDP;
 *   ipsec.AddManualTunnel(t);
 * \endcode
 *
 * Keys and SPIs come from an ns-3 random stream (AssignStreams), so runs are
 * reproducible. Bad input (unknown algorithm names, a node without a stack)
 * stops with a message naming the allowed values.
 */
class IpsecHelper
{
public:
    IpsecHelper();

    /** Set an attribute of the IpsecStack objects to be created. */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /** Install a stack on \p node. */
    Ptr<IpsecStack> Install(Ptr<Node> node);
    /** Install a stack on each node. */
    void Install(NodeContainer nodes);
    /** \return the stack of \p node, or nullptr. */
    static Ptr<IpsecStack> GetStack(Ptr<Node> node);

    /**
     * Key an SA pair and add the SPD entries on both nodes.
     * \return the SPIs: (a to b, b to a)
     */
    std::pair<uint32_t, uint32_t> AddManualTunnel(const IpsecManualTunnel& tunnel);

    /**
     * Write every ESP SA installed on the stacks this helper installed (from
     * now on) to \p path in Wireshark's esp_sa format.
     */
    void EnableKeyExport(const std::string& path);

    /**
     * \param name a cipher name (see IpsecTransform::cipher)
     * \return the descriptor; stops with the allowed names when unknown
     */
    static EncryptionDescriptor ParseCipher(const std::string& name);
    /**
     * \param name an integrity name (see IpsecTransform::integrity)
     * \return the descriptor, or nothing for "none"; stops when unknown
     */
    static std::optional<IntegrityDescriptor> ParseIntegrity(const std::string& name);
    /**
     * ParseCipher without the copy, for code that resolves a transform per
     * SA (one map lookup).
     * \param name a cipher name (see IpsecTransform::cipher)
     * \return the registry's descriptor; stops with the allowed names when unknown
     */
    static const EncryptionDescriptor* CipherEntry(const std::string& name);
    /**
     * ParseIntegrity without the copy.
     * \param name an integrity name (see IpsecTransform::integrity)
     * \return the registry's descriptor, or null for "none"; stops when unknown
     */
    static const IntegrityDescriptor* IntegrityEntry(const std::string& name);
    /**
     * The part of an SA's configuration a transform decides: protocol,
     * mode, and the registry's encryption (ESP) and integrity algorithms
     * (none with an AEAD cipher). Keys, SPI, addresses, encapsulation and
     * lifetimes are the caller's.
     * \param transform the transform; unknown names stop with the allowed ones
     * \return the configuration with those fields set
     */
    static IpsecSaConfig SaConfigFor(const IpsecTransform& transform);

    /**
     * Use fixed random streams for keys and SPIs, and for the IVs of the
     * stacks of \p nodes.
     * \return the number of streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream);

private:
    Bytes RandomKey(std::size_t octets);
    uint32_t NewSpi();
    void Install(Ptr<Node> a, const IpsecSaConfig& config, bool outbound, uint32_t bundle);

    ObjectFactory m_factory;
    Ptr<UniformRandomVariable> m_random;
    std::shared_ptr<EspSaKeyLog> m_keyLog;
    std::vector<Ptr<IpsecStack>> m_stacks;
    uint32_t m_nextBundle{1};
};

} // namespace ns3

#endif /* IPSEC_NAT_IPSEC_HELPER_H */
