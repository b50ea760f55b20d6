/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nat-helper.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatHelper");

NatHelper::NatHelper()
    : m_publicAddress(Ipv4Address::GetAny())
{
    m_factory.SetTypeId(NatBox::GetTypeId());
}

void
NatHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
NatHelper::SetMode(const std::string& mode)
{
    auto m = ParseNatMode(mode);
    NS_ABORT_MSG_IF(!m, "NAT mode '" << mode << "' is unknown: allowed static, pool, pat");
    m_factory.Set("Mode", EnumValue(static_cast<int>(*m)));
}

void
NatHelper::SetMappingBehaviour(const std::string& behaviour)
{
    auto b = ParseNatMappingBehaviour(behaviour);
    NS_ABORT_MSG_IF(!b, "NAT mapping behaviour '" << behaviour
                                                  << "' is unknown: allowed eim, adm, apdm");
    m_factory.Set("MappingBehaviour", EnumValue(static_cast<int>(*b)));
}

void
NatHelper::SetFilteringBehaviour(const std::string& behaviour)
{
    auto b = ParseNatFilteringBehaviour(behaviour);
    NS_ABORT_MSG_IF(!b, "NAT filtering behaviour '" << behaviour
                                                    << "' is unknown: allowed eif, adf, apdf");
    m_factory.Set("FilteringBehaviour", EnumValue(static_cast<int>(*b)));
}

void
NatHelper::SetPublicAddress(Ipv4Address address)
{
    m_publicAddress = address;
    m_factory.Set("PublicAddress", Ipv4AddressValue(address));
}

void
NatHelper::SetPortRange(uint32_t min, uint32_t max)
{
    NS_ABORT_MSG_IF(min < 1 || max > 65535 || min > max,
                    "NAT port range " << min << "-" << max
                                      << " is invalid: need 1 <= min <= max <= 65535");
    m_factory.Set("PortRangeMin", UintegerValue(min));
    m_factory.Set("PortRangeMax", UintegerValue(max));
}

void
NatHelper::AddPoolAddress(Ipv4Address address)
{
    m_pool.push_back(address);
}

void
NatHelper::AddStaticMapping(Ipv4Address inside, Ipv4Address global)
{
    m_static.emplace_back(inside, global);
}

void
NatHelper::AddStaticPortMapping(uint8_t protocol, Ipv4Address inside, uint16_t insidePort,
                                uint16_t publicPort)
{
    m_staticPorts.emplace_back(protocol, inside, insidePort, publicPort);
}

void
NatHelper::SetAssignPublicAddresses(bool assign)
{
    m_assignPublicAddresses = assign;
}

Ptr<NatBox>
NatHelper::Install(Ptr<Node> node, const std::vector<Ptr<NetDevice>>& inside,
                   Ptr<NetDevice> outside) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "NAT: node " << node->GetId() << " has no Ipv4 (install the internet "
                                        << "stack first)");
    std::vector<uint32_t> in;
    for (const auto& d : inside)
    {
        int32_t i = ipv4->GetInterfaceForDevice(d);
        NS_ABORT_MSG_IF(i < 0, "NAT: inside device "
                                   << d->GetIfIndex() << " of node " << node->GetId()
                                   << " has no IPv4 interface (assign an address)");
        in.push_back(static_cast<uint32_t>(i));
    }
    int32_t out = ipv4->GetInterfaceForDevice(outside);
    NS_ABORT_MSG_IF(out < 0, "NAT: outside device "
                                 << outside->GetIfIndex() << " of node " << node->GetId()
                                 << " has no IPv4 interface (assign an address)");
    return Install(node, in, static_cast<uint32_t>(out));
}

Ptr<NatBox>
NatHelper::Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside) const
{
    return Install(node, std::vector<Ptr<NetDevice>>{inside}, outside);
}

Ptr<NatBox>
NatHelper::Install(Ptr<Node> node, const std::vector<uint32_t>& insideInterfaces,
                   uint32_t outsideInterface) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "NAT: node " << node->GetId() << " has no Ipv4");
    Ptr<Ipv4RoutingProtocol> inner = ipv4->GetRoutingProtocol();
    NS_ABORT_MSG_IF(!inner, "NAT: node " << node->GetId() << " has no routing protocol to wrap");
    NS_ABORT_MSG_IF(DynamicCast<NatBox>(inner),
                    "NAT: node " << node->GetId() << " already has a NAT installed");
    NS_ABORT_MSG_IF(outsideInterface >= ipv4->GetNInterfaces(),
                    "NAT: outside interface " << outsideInterface << " of node " << node->GetId()
                                              << " does not exist");

    Ptr<NatBox> nat = m_factory.Create<NatBox>();
    nat->SetInnerRoutingProtocol(inner);
    for (uint32_t i : insideInterfaces)
    {
        nat->AddInsideInterface(i);
    }
    nat->SetOutsideInterface(outsideInterface);
    std::vector<Ipv4Address> publics = m_pool;
    for (const auto& [in, global] : m_static)
    {
        nat->AddStaticMapping(in, global);
        publics.push_back(global);
    }
    for (const auto& a : m_pool)
    {
        nat->AddPoolAddress(a);
    }
    for (const auto& [proto, in, inPort, pubPort] : m_staticPorts)
    {
        nat->AddStaticPortMapping(proto, in, inPort, pubPort);
    }
    if (m_assignPublicAddresses && ipv4->GetNAddresses(outsideInterface) > 0)
    {
        Ipv4Mask mask = ipv4->GetAddress(outsideInterface, 0).GetMask();
        for (const auto& a : publics)
        {
            bool present = false;
            for (uint32_t k = 0; k < ipv4->GetNAddresses(outsideInterface); ++k)
            {
                present = present || ipv4->GetAddress(outsideInterface, k).GetLocal() == a;
            }
            if (!present)
            {
                ipv4->AddAddress(outsideInterface, Ipv4InterfaceAddress(a, mask));
            }
        }
    }
    ipv4->SetRoutingProtocol(nat);
    nat->Configure();
    NS_LOG_INFO("NAT installed on node " << node->GetId());
    return nat;
}

Ptr<NatBox>
NatHelper::GetNat(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    return ipv4 ? DynamicCast<NatBox>(ipv4->GetRoutingProtocol()) : nullptr;
}

Ptr<Ipv4StaticRouting>
NatHelper::GetStaticRouting(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        return nullptr;
    }
    Ptr<Ipv4RoutingProtocol> rp = ipv4->GetRoutingProtocol();
    if (auto nat = DynamicCast<NatBox>(rp))
    {
        rp = nat->GetInnerRoutingProtocol();
    }
    if (auto s = DynamicCast<Ipv4StaticRouting>(rp))
    {
        return s;
    }
    if (auto list = DynamicCast<Ipv4ListRouting>(rp))
    {
        for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
        {
            int16_t priority;
            if (auto s = DynamicCast<Ipv4StaticRouting>(list->GetRoutingProtocol(i, priority)))
            {
                return s;
            }
        }
    }
    return nullptr;
}

void
NatHelper::ScheduleReboot(Ptr<Node> node, Time at, bool movePorts)
{
    Ptr<NatBox> nat = GetNat(node);
    NS_ABORT_MSG_IF(!nat, "NAT: node " << node->GetId() << " has no NAT to reboot");
    nat->ScheduleReboot(at, movePorts);
}

int64_t
NatHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<NatBox> nat = GetNat(*it))
        {
            used += nat->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
