/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ike-helper.h"

#include "ns3/abort.h"
#include "ns3/ipsec-helper.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <fstream>

namespace ns3
{

IkeHelper::IkeHelper()
{
    m_factory.SetTypeId(IkeAgent::GetTypeId());
}

void
IkeHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
IkeHelper::EnableKeyExport(const std::string& path)
{
    auto file = std::make_shared<std::ofstream>(path, std::ios::trunc);
    NS_ABORT_MSG_IF(!*file, "IKE: cannot write key file " << path);
    m_keyLog = file;
}

Ptr<IkeAgent>
IkeHelper::Install(Ptr<Node> node) const
{
    Ptr<IpsecStack> stack = IpsecHelper::GetStack(node);
    NS_ABORT_MSG_IF(!stack, "IKE: node " << node->GetId()
                                         << " has no IPsec stack (install IpsecHelper first)");
    NS_ABORT_MSG_IF(GetAgent(node), "IKE: node " << node->GetId() << " already has an agent");
    Ptr<IkeAgent> agent = m_factory.Create<IkeAgent>();
    agent->Install(node, stack);
    if (m_keyLog)
    {
        agent->SetKeyLog(m_keyLog);
    }
    node->AggregateObject(agent);
    return agent;
}

void
IkeHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<IkeAgent>
IkeHelper::GetAgent(Ptr<Node> node)
{
    return node->GetObject<IkeAgent>();
}

namespace
{
void
ShowCrypto(Ptr<Node> node, std::string path)
{
    std::ofstream os(path, std::ios::app);
    os << "node " << node->GetId() << " at " << Simulator::Now().As(Time::S)
       << "\n# show crypto isakmp sa\n";
    if (Ptr<IkeAgent> a = IkeHelper::GetAgent(node))
    {
        a->PrintIsakmpSas(os);
    }
    os << "\n# show crypto ipsec sa detail\n";
    if (Ptr<IpsecStack> s = IpsecHelper::GetStack(node))
    {
        s->PrintSas(os, true);
    }
    os << "\n";
}
} // namespace

void
IkeHelper::ScheduleShowCrypto(Ptr<Node> node, Time at, const std::string& path)
{
    Simulator::Schedule(Max(at - Simulator::Now(), Time(0)), &ShowCrypto, node, path);
}

int64_t
IkeHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<IkeAgent> a = GetAgent(*it))
        {
            used += a->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
