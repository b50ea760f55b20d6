/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The data plane charges its crypto work to the node's CPU model: known
 * costs give known counts, busy times and delays, and an overflowing queue
 * drops packets with a reason.
 */
#include "ipsec/ipsec-scenario.h"

#include "ns3/cpu-cost-profile.h"
#include "ns3/cpu-model.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

const Ipv4Address kHostBAddress("10.2.0.2");

// AES-128-CBC with HMAC-SHA1 costs exactly \p cost per packet, nothing per byte.
CpuCostProfile
CbcPacketCost(const std::string& cost)
{
    std::string error;
    auto p = CpuCostProfile::Parse("cipher-packet aes-cbc " + cost + "\n", error);
    EXPECT_TRUE(p) << error;
    return p ? *p : CpuCostProfile::Zero();
}

Ptr<CpuModel>
AttachCpu(Ptr<Node> node, Ptr<IpsecStack> stack, uint32_t queueLimit,
          const std::string& perPacket = "1ms")
{
    Ptr<CpuModel> cpu = CreateObject<CpuModel>();
    cpu->SetAttribute("QueueLimit", UintegerValue(queueLimit));
    node->AggregateObject(cpu);
    stack->SetCpu(cpu, CbcPacketCost(perPacket));
    return cpu;
}

} // namespace

// Five UDP echoes: each gateway protects five packets and verifies five,
// so each CPU runs ten 1 ms jobs, and every packet still arrives.
TEST(IpsecCpu, CryptoWorkIsChargedToTheCpu)
{
    VpnNetwork net;
    net.AddTunnel(net.Tunnel());
    Ptr<CpuModel> cpuA = AttachCpu(net.gwA, net.stackA, 1000);
    Ptr<CpuModel> cpuB = AttachCpu(net.gwB, net.stackB, 1000);
    auto echo = net.Echo(net.hostA, net.hostB, kHostBAddress, 5, Seconds(1));
    net.RunUntil(Seconds(3));
    EXPECT_EQ(echo->replies, 5U);
    EXPECT_EQ(cpuA->GetCounters().completed, 10U);
    EXPECT_EQ(cpuB->GetCounters().completed, 10U);
    EXPECT_EQ(cpuA->GetBusyTime(), MilliSeconds(10));
    EXPECT_EQ(cpuB->GetBusyTime(), MilliSeconds(10));
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::CPU_QUEUE_FULL), 0U);
}

// A burst larger than the queue: at 1 s hostA sends ten datagrams at once;
// CSMA on LAN A spaces them out by 1-1.5 ms (a sender defers while a frame
// propagates, with random backoff), so they all reach gwA within 20 ms,
// while its one core needs 100 ms per packet and two jobs may wait: one is
// served, two wait, seven are dropped by the CPU and counted by the stack as
// cpu-queue-full. A datagram at 0.5 s resolves ARP on the way; the
// simulation goes on and one at 2 s gets through. Exact counts, whatever
// the random streams (ARP jitter, CSMA backoff) are.
TEST(IpsecCpu, QueueOverflowDropsWithReason)
{
    VpnNetwork net;
    net.AddTunnel(net.Tunnel());
    Ptr<CpuModel> cpuA = AttachCpu(net.gwA, net.stackA, 2, "100ms");
    AttachCpu(net.gwB, net.stackB, 1000);
    PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 9));
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(net.hostB).Get(0));
    Ptr<Socket> tx = Socket::CreateSocket(net.hostA, UdpSocketFactory::GetTypeId());
    net.SendUdpBytes(MilliSeconds(500), tx, kHostBAddress, 9, Bytes(100, 0x01));
    for (uint8_t i = 0; i < 10; ++i)
    {
        net.SendUdpBytes(Seconds(1), tx, kHostBAddress, 9, Bytes(100, i));
    }
    net.SendUdpBytes(Seconds(2), tx, kHostBAddress, 9, Bytes(100, 0x02));
    net.RunUntil(Seconds(3));

    EXPECT_EQ(cpuA->GetCounters().dropped, 7U);
    EXPECT_EQ(cpuA->GetCounters().completed, 5U);
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::CPU_QUEUE_FULL), 7U);
    EXPECT_EQ(VpnNetwork::TotalDrops(net.stackA), 7U);
    EXPECT_EQ(sink->GetTotalRx(), 5U * 100U);
}

// The same CPU under a TCP bulk transfer: whatever the queue drops, TCP
// retransmits, and every byte arrives.
TEST(IpsecCpu, TcpRecoversFromCpuDrops)
{
    VpnNetwork net;
    net.AddTunnel(net.Tunnel());
    Ptr<CpuModel> cpuA = AttachCpu(net.gwA, net.stackA, 2);
    AttachCpu(net.gwB, net.stackB, 1000);
    Ptr<PacketSink> sink = net.Bulk(net.hostA, net.hostB, kHostBAddress, 100000, Seconds(1));
    net.RunUntil(Seconds(10));
    EXPECT_EQ(sink->GetTotalRx(), 100000U);
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::CPU_QUEUE_FULL),
              cpuA->GetCounters().dropped);
}

} // namespace test
} // namespace ns3
