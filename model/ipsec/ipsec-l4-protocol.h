/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IPSEC_L4_PROTOCOL_H
#define IPSEC_NAT_IPSEC_L4_PROTOCOL_H

#include "ns3/ip-l4-protocol.h"

namespace ns3
{

class IpsecStack;

/**
 * \ingroup ipsec-nat
 * Receives IP protocol 50 (ESP) or 51 (AH) from the node's IPv4 layer and
 * hands it to the node's IpsecStack. ns-3's public extension point for a new
 * IP protocol: inserted with Ipv4::Insert().
 */
class IpsecL4Protocol : public IpL4Protocol
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    IpsecL4Protocol();

    /**
     * \param stack the stack to deliver to
     * \param protocol 50 or 51
     */
    void Setup(Ptr<IpsecStack> stack, uint8_t protocol);

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

protected:
    void DoDispose() override;

private:
    Ptr<IpsecStack> m_stack;
    uint8_t m_protocol{50};
    DownTargetCallback m_downTarget;
    DownTargetCallback6 m_downTarget6;
};

} // namespace ns3

#endif /* IPSEC_NAT_IPSEC_L4_PROTOCOL_H */
