/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IOS_CONFIG_HELPER_H
#define IPSEC_NAT_IOS_CONFIG_HELPER_H

#include "ns3/ike-agent.h"
#include "ns3/ios-config.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class AttributeValue;
class Node;

/**
 * \ingroup ipsec-nat
 * \brief Configures IPsec and IKEv1 on a node from an IOS-style configuration
 * (the subset ParseIosConfig() reads, see ios-config.h).
 *
 * \code
 *   IpsecHelper ipsec;  ipsec.Install(NodeContainer(gwA, gwB));   // optional
 *   IosConfigHelper ios;
 *   ios.EnableKeyExport("out/ikev1_decryption_table");
 *   IosConfigHelper::ParseResult a = IosConfigHelper::Load("site-a.cfg");
 *   ios.Apply(gwA, a.config, Ipv4Address::GetAny());
 *   ios.Apply(gwB, IosConfigHelper::Load("site-b.cfg").config, Ipv4Address::GetAny());
 *   IkeHelper::AssignStreams(NodeContainer(gwA, gwB), 10);
 *   ios.InitiateAll(gwA, Seconds(1));
 * \endcode
 *
 * What Apply() does with each part of the configuration:
 *
 * - `crypto isakmp key K address A [MASK]`: IkeAgent::AddPreSharedKey (the
 *   agent picks the longest matching prefix, as IOS does). Hostname keys
 *   cannot be used by Main Mode with pre-shared keys (the responder picks
 *   the key by address, RFC 2409); they are kept for Aggressive Mode, see
 *   GetHostnameKeys().
 * - `crypto isakmp policy N`: one IkeProposal per policy, in priority order,
 *   with IOS's defaults (des, sha, group 1, 86400 s) for what the policy does
 *   not set. A policy with `authentication rsa-sig` (the IOS default when
 *   `authentication` is not given) stops Apply with a message naming the
 *   policy: the agent only has pre-shared keys.
 * - `crypto isakmp nat keepalive S` and `no crypto ipsec nat-transparency
 *   udp-encapsulation`: the IkeAgent attributes NatKeepalive and
 *   NatTraversal. IkeAgent::Install checks NatKeepalive, so both must be set
 *   before it: Apply installs the agent itself (through an IkeHelper with
 *   those attributes set, plus any SetIkeAttribute() ones) when the node has
 *   none. A node whose agent was installed elsewhere is accepted only when
 *   its NatKeepalive and NatTraversal already equal the configuration's;
 *   otherwise Apply stops and says so. An IpsecStack is installed first when
 *   the node has none (attributes from SetIpsecAttribute()).
 * - `interface X` with `crypto map NAME`: every entry of map NAME becomes
 *   one IkeConnection per permit line of its `match address` ACL, from the
 *   interface's `ip address` (which must be an address of the node) to the
 *   entry's first `set peer`, with its one transform set and the lifetime of
 *   `set security-association lifetime seconds` or the global `crypto ipsec
 *   security-association lifetime seconds` (default 3600 s). A deny line
 *   becomes an SPD BYPASS entry at its place in the ACL's order.
 *   When the text has no interface section at all (the Cisco text's own
 *   example has none), every crypto map is applied from the address the
 *   caller gives.
 *
 * Like IOS, Apply accepts and installs nothing for: a map entry whose
 * `match address` names an ACL that does not exist (the Cisco example's
 * `match address 101`) or that has no permit line, an entry without `match
 * address`, and a map no interface uses. Each is recorded as a warning
 * (GetWarnings()) naming the line. Also recorded: backup peers (only the
 * first `set peer` is used), kilobyte lifetimes (not modelled: the SA
 * expires by time only), `crypto isakmp identity hostname` (the agent sends
 * its address) and deny lines in a map entry that is not the map's last (the
 * SPD is one ordered list, so such traffic is not offered to later entries
 * as IOS would).
 *
 * Bad configuration stops (NS_ABORT_MSG) with the configuration's hostname,
 * the line number, its text, what is wrong and what is allowed: an rsa-sig
 * policy, more than one transform set in a map entry, a transform set that
 * is not one IpsecTransform (AH with ESP), `set pfs` (Quick Mode has no
 * PFS here), a crypto map to install without any ISAKMP policy, an interface
 * address that is not the node's.
 */
class IosConfigHelper
{
public:
    /**
     * A configuration file read by Load() or a text read by Parse().
     */
    struct ParseResult
    {
        std::string path; //!< the file name (or the name given to Parse())
        IosConfig config; //!< the configuration; its \c warnings are the parser's

        /**
         * \param diagnostic a warning (or error) of this configuration
         * \return e.g. `site-a.cfg: line 12: "match address 101": ...`
         */
        std::string Describe(const ConfigDiagnostic& diagnostic) const;
    };

    IosConfigHelper();

    /**
     * Read and parse a configuration file. An unreadable file, or a line the
     * parser does not accept, stops the program with the file name, the line
     * number, the line and what was expected.
     * \param path the file; relative paths are relative to the current directory
     * \return the configuration, with the parser's warnings
     */
    static ParseResult Load(const std::string& path);

    /**
     * Parse a configuration text; an error stops the program like Load().
     * \param text the configuration
     * \param name what to call it in messages (e.g. a file name)
     * \return the configuration, with the parser's warnings
     */
    static ParseResult Parse(const std::string& text, const std::string& name);

    /** Set an attribute of the IkeAgent objects Apply() installs (not NatKeepalive and
     * NatTraversal: the configuration sets those). */
    void SetIkeAttribute(const std::string& name, const AttributeValue& value);

    /** Set an attribute of the IpsecStack objects Apply() installs on nodes without one. */
    void SetIpsecAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Write the phase 1 keys of every agent Apply() installs from now on to
     * \p path (Wireshark's ikev1_decryption_table), as IkeHelper::EnableKeyExport.
     */
    void EnableKeyExport(const std::string& path);

    /**
     * Configure \p node from \p config (see the class description).
     * \param node the router; gets an IpsecStack and an IkeAgent if it has none
     * \param config a parsed configuration
     * \param defaultLocalAddress the node's outer address, used when the text
     *        has no interface section (or the interface has no ip address);
     *        Ipv4Address::GetAny() when there is none to give
     * \return the IkeAgent connection ids, in the order installed (map, sequence, ACL line)
     */
    std::vector<uint32_t> Apply(Ptr<Node> node, const IosConfig& config,
                                Ipv4Address defaultLocalAddress);

    /**
     * Start Main Mode for every connection Apply() installed on \p node, at
     * the absolute simulation time \p at (IOS initiates when traffic first
     * matches a crypto ACL; the model initiates at a fixed time).
     */
    void InitiateAll(Ptr<Node> node, Time at) const;

    /** \return the connection ids Apply() installed on \p node, in order. */
    std::vector<uint32_t> GetConnectionIds(Ptr<Node> node) const;

    /**
     * \return the connection Apply() gave the agent of \p node under \p id;
     *         stops when there is none
     */
    const IkeConnection& GetConnection(Ptr<Node> node, uint32_t id) const;

    /**
     * \return the hostname keys (crypto isakmp key K hostname H) applied to
     *         \p node: lower-case hostname to key. Not used by Main Mode.
     */
    std::map<std::string, std::string> GetHostnameKeys(Ptr<Node> node) const;

    /** \return what Apply() accepted but did not install on \p node, in line order. */
    std::vector<ConfigWarning> GetWarnings(Ptr<Node> node) const;

    /**
     * \param config a configuration
     * \return its ISAKMP policies as IkeProposals, in priority order; stops on
     *         an rsa-sig policy, naming its number
     */
    static std::vector<IkeProposal> ToProposals(const IosConfig& config);

    /**
     * \param config the configuration
     * \param entry one of its crypto map entries
     * \return the entry's transform set as an IpsecTransform; stops when the
     *         entry names more than one set or the set is not one IpsecTransform
     */
    static IpsecTransform ToTransform(const IosConfig& config, const CryptoMapEntry& entry);

    /** Print the connections Apply() installed on \p node, like IOS `show crypto map`. */
    void PrintCryptoMap(Ptr<Node> node, std::ostream& os) const;

private:
    /** What Apply() did on one node. */
    struct NodeState
    {
        std::string hostname;                            //!< of the last configuration applied
        std::vector<uint32_t> ids;                       //!< connection ids, in order
        std::map<uint32_t, IkeConnection> connection;    //!< by id
        std::map<std::string, std::string> hostnameKeys; //!< lower-case hostname to key
        std::vector<ConfigWarning> warnings;             //!< in line order
    };

    /** \return the node's agent, installed with the configuration's attributes if missing. */
    Ptr<IkeAgent> AgentFor(Ptr<Node> node, const IosConfig& config);

    /// Attributes for the agents Apply() installs.
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_ikeAttributes;
    /// Attributes for the stacks Apply() installs.
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_ipsecAttributes;
    std::shared_ptr<std::ostream> m_keyLog; //!< phase 1 key export, shared by the agents
    std::map<uint32_t, NodeState> m_nodes;  //!< by node id
};

} // namespace ns3

#endif /* IPSEC_NAT_IOS_CONFIG_HELPER_H */
