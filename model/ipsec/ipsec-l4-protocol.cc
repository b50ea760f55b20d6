/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-l4-protocol.h"

#include "ipsec-stack.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecL4Protocol);

TypeId
IpsecL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecL4Protocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("IpsecNat")
                            .AddConstructor<IpsecL4Protocol>();
    return tid;
}

IpsecL4Protocol::IpsecL4Protocol() = default;

void
IpsecL4Protocol::Setup(Ptr<IpsecStack> stack, uint8_t protocol)
{
    m_stack = stack;
    m_protocol = protocol;
}

int
IpsecL4Protocol::GetProtocolNumber() const
{
    return m_protocol;
}

IpL4Protocol::RxStatus
IpsecL4Protocol::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface>)
{
    if (m_stack)
    {
        m_stack->ReceiveRawIpsec(p, header);
    }
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
IpsecL4Protocol::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    return IpL4Protocol::RX_ENDPOINT_UNREACH; // IPv4 only
}

void
IpsecL4Protocol::SetDownTarget(DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
IpsecL4Protocol::SetDownTarget6(DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
IpsecL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
IpsecL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

void
IpsecL4Protocol::DoDispose()
{
    m_stack = nullptr;
    IpL4Protocol::DoDispose();
}

} // namespace ns3
