/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_NAT_HELPER_H
#define IPSEC_NAT_NAT_HELPER_H

#include "ns3/ipv4-static-routing.h"
#include "ns3/nat-box.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief Installs and configures NatBox on nodes.
 *
 * \code
 *   NatHelper nat;
 *   nat.SetMode("pat");
 *   nat.SetMappingBehaviour("eim");
 *   nat.SetFilteringBehaviour("apdf");
 *   nat.SetAttribute("UdpTimeout", TimeValue(Seconds(30)));
 *   Ptr<NatBox> box = nat.Install(natNode, insideDevice, outsideDevice);
 * \endcode
 *
 * Install() wraps the node's current routing protocol, so configure routing
 * (static routes, global routing) before or through
 * NatHelper::GetStaticRouting() after. A bad configuration stops with a
 * message naming the problem and the allowed values.
 */
class NatHelper
{
public:
    NatHelper();

    /** Set an attribute of the NatBox objects to be created. */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /** "static", "pool" or "pat"; anything else stops with the allowed names. */
    void SetMode(const std::string& mode);
    /** "eim", "adm" or "apdm" (RFC 4787 section 4.1). */
    void SetMappingBehaviour(const std::string& behaviour);
    /** "eif", "adf" or "apdf" (RFC 4787 section 5). */
    void SetFilteringBehaviour(const std::string& behaviour);
    /** PAT public address (default: the outside interface's first address). */
    void SetPublicAddress(Ipv4Address address);
    /** Dynamic public port range of PAT. */
    void SetPortRange(uint32_t min, uint32_t max);
    /** Add a pool address (mode pool). */
    void AddPoolAddress(Ipv4Address address);
    /** Add a static one-to-one pair (mode static). */
    void AddStaticMapping(Ipv4Address inside, Ipv4Address global);
    /** Forward a public TCP (6) or UDP (17) port to an inside endpoint (mode pat). */
    void AddStaticPortMapping(uint8_t protocol, Ipv4Address inside, uint16_t insidePort,
                              uint16_t publicPort);
    /**
     * Whether Install() adds pool and static public addresses to the outside
     * interface when they are not on it yet (so the box answers ARP for
     * them). Default true.
     */
    void SetAssignPublicAddresses(bool assign);

    /**
     * Make \p node a NAT between the given inside devices and the outside one.
     * \return the box
     */
    Ptr<NatBox> Install(Ptr<Node> node, const std::vector<Ptr<NetDevice>>& inside,
                        Ptr<NetDevice> outside) const;
    /** Install with one inside device. */
    Ptr<NatBox> Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside) const;
    /** Install by Ipv4 interface indices. */
    Ptr<NatBox> Install(Ptr<Node> node, const std::vector<uint32_t>& insideInterfaces,
                        uint32_t outsideInterface) const;

    /** \return the NatBox on \p node, or nullptr. */
    static Ptr<NatBox> GetNat(Ptr<Node> node);
    /**
     * \return the Ipv4StaticRouting of \p node, also when a NatBox wraps it
     *         (directly or inside an Ipv4ListRouting); nullptr when none
     */
    static Ptr<Ipv4StaticRouting> GetStaticRouting(Ptr<Node> node);
    /** Reboot the NAT of \p node at absolute time \p at. */
    static void ScheduleReboot(Ptr<Node> node, Time at, bool movePorts);
    /**
     * Assign random streams to the NATs of \p nodes.
     * \return the number of streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

private:
    ObjectFactory m_factory;
    Ipv4Address m_publicAddress;
    std::vector<Ipv4Address> m_pool;
    std::vector<std::pair<Ipv4Address, Ipv4Address>> m_static;
    std::vector<std::tuple<uint8_t, Ipv4Address, uint16_t, uint16_t>> m_staticPorts;
    bool m_assignPublicAddresses{true};
};

} // namespace ns3

#endif /* IPSEC_NAT_NAT_HELPER_H */
