/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IKE_HELPER_H
#define IPSEC_NAT_IKE_HELPER_H

#include "ns3/ike-agent.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief Installs IkeAgent on nodes that have an IpsecStack.
 *
 * \code
 *   IpsecHelper ipsec;  ipsec.Install(gateways);
 *   IkeHelper ike;
 *   ike.SetAttribute("NatKeepalive", TimeValue(Seconds(20)));
 *   ike.EnableKeyExport("out/ikev1_decryption_table");
 *   ike.Install(gateways);
 *   Ptr<IkeAgent> a = IkeHelper::GetAgent(gwA);
 *   a->AddPreSharedKey(peer, Ipv4Mask("255.255.255.255"), "secret");
 *   uint32_t c = a->AddConnection(connection);
 *   Simulator::Schedule(Seconds(1), &IkeAgent::Initiate, a, c);
 * \endcode
 */
class IkeHelper
{
public:
    IkeHelper();
    /** Set an attribute of the IkeAgent objects to be created. */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /** Write the phase 1 keys of every agent installed from now on to \p path. */
    void EnableKeyExport(const std::string& path);
    /** Install an agent on \p node (it must have an IpsecStack). */
    Ptr<IkeAgent> Install(Ptr<Node> node) const;
    /** Install on each node. */
    void Install(NodeContainer nodes) const;
    /** \return the agent of \p node, or nullptr. */
    static Ptr<IkeAgent> GetAgent(Ptr<Node> node);
    /**
     * Append IOS `show crypto isakmp sa` and `show crypto ipsec sa detail` of
     * \p node to the file \p path at simulated time \p at.
     */
    static void ScheduleShowCrypto(Ptr<Node> node, Time at, const std::string& path);
    /**
     * Fixed random streams for the agents of \p nodes.
     * \return streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

private:
    ObjectFactory m_factory;
    std::shared_ptr<std::ostream> m_keyLog;
};

} // namespace ns3

#endif /* IPSEC_NAT_IKE_HELPER_H */
