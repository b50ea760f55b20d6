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

// AES-128-CBC with HMAC-SHA1 costs exactly 1 ms per packet, nothing per byte.
CpuCostProfile
OneMsPerPacket()
{
    std::string error;
    auto p = CpuCostProfile::Parse("cipher-packet aes-cbc 1ms\n", error);
    EXPECT_TRUE(p) << error;
    return p ? *p : CpuCostProfile::Zero();
}

Ptr<CpuModel>
AttachCpu(Ptr<Node> node, Ptr<IpsecStack> stack, uint32_t queueLimit)
{
    Ptr<CpuModel> cpu = CreateObject<CpuModel>();
    cpu->SetAttribute("QueueLimit", UintegerValue(queueLimit));
    node->AggregateObject(cpu);
    stack->SetCpu(cpu, OneMsPerPacket());
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

// A burst larger than the queue: the CPU drops what does not fit, the stack
// counts it as cpu-queue-full, and the simulation goes on.
TEST(IpsecCpu, QueueOverflowDropsWithReason)
{
    VpnNetwork net;
    net.AddTunnel(net.Tunnel());
    Ptr<CpuModel> cpuA = AttachCpu(net.gwA, net.stackA, 2);
    AttachCpu(net.gwB, net.stackB, 1000);
    // A TCP transfer sends segments in bursts far faster than 1 ms each.
    Ptr<PacketSink> sink = net.Bulk(net.hostA, net.hostB, kHostBAddress, 100000, Seconds(1));
    net.RunUntil(Seconds(5));
    EXPECT_GT(cpuA->GetCounters().dropped, 0U)
        << "completed " << cpuA->GetCounters().completed << " rx " << sink->GetTotalRx()
        << " queue limit " << cpuA->GetQueueLength();
    EXPECT_EQ(net.stackA->GetDropCount(IpsecDropReason::CPU_QUEUE_FULL),
              cpuA->GetCounters().dropped);
    EXPECT_GT(sink->GetTotalRx(), 0U);
}

} // namespace test
} // namespace ns3
