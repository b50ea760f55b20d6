/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * IKE work charged to a node's CPU (CpuModel): the responder's parsing,
 * Diffie-Hellman and message building delay its answers by exactly the
 * costs of its profile; a full CPU queue drops IKE messages with a reason
 * and the initiator's retransmission gets through later; IKE and NAT-T
 * bytes are counted by kind, equal to what the wire carries.
 */
#include "ike/ike-scenario.h"

#include "ns3/cpu-cost-profile.h"
#include "ns3/cpu-model.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/// When each side reached phase 1 and phase 2 (the first time).
struct Milestones
{
    Time phase1A;       //!< gwA (initiator) phase 1 up
    Time phase2A;       //!< gwA phase 2 up
    Time phase1B;       //!< gwB (responder) phase 1 up
    Time phase2B;       //!< gwB phase 2 up
    Time busy;          //!< gwB's CPU busy time (zero without a CPU)
    uint64_t completed; //!< gwB's CPU jobs completed
};

CpuCostProfile
TestProfile()
{
    // Only what the test accounts for: DH group 14 and message handling.
    std::string error;
    auto p = CpuCostProfile::Parse("dh-generate 14 10ms\n"
                                   "dh-agree 14 20ms\n"
                                   "ike-message 1ms\n",
                                   error);
    NS_ABORT_MSG_IF(!p, error);
    return *p;
}

Milestones
Handshake(bool withCpu)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    IkeNetwork net(o);
    Ptr<CpuModel> cpu;
    if (withCpu)
    {
        cpu = CreateObject<CpuModel>();
        net.stackB->SetCpu(cpu, TestProfile());
    }
    net.RunUntil(Seconds(10));
    Milestones m{};
    EXPECT_EQ(net.recordA.phase1.size(), 1u);
    EXPECT_EQ(net.recordA.phase2.size(), 1u);
    EXPECT_EQ(net.recordB.phase1.size(), 1u);
    EXPECT_EQ(net.recordB.phase2.size(), 1u);
    if (net.recordA.phase2.empty() || net.recordB.phase2.empty())
    {
        return m;
    }
    m.phase1A = net.recordA.phase1.front().at;
    m.phase2A = net.recordA.phase2.front().at;
    m.phase1B = net.recordB.phase1.front().at;
    m.phase2B = net.recordB.phase2.front().at;
    if (cpu)
    {
        m.busy = cpu->GetBusyTime();
        m.completed = cpu->GetCounters().completed;
    }
    return m;
}

} // namespace

// The responder parses 5 messages (MM1, MM3, MM5, QM1, QM3: 1 ms each),
// builds 4 (MM2, MM4, MM6, QM2: 1 ms each), generates one group 14 key
// pair (10 ms) and computes one shared secret (20 ms): 39 ms of CPU.
// Messages arrive one at a time, so nothing queues: each of the
// initiator's milestones moves by exactly the responder work before it.
TEST(IkeCpu, ResponderWorkDelaysTheHandshakeByItsCost)
{
    Milestones base = Handshake(false);
    Milestones cpu = Handshake(true);
    EXPECT_EQ(base.busy, Time(0));
    // Before MM6 reaches gwA: MM1 + MM2 (2 ms), MM3 + DH + MM4 (32 ms), MM5 + MM6 (2 ms).
    EXPECT_EQ(cpu.phase1A - base.phase1A, MilliSeconds(36));
    // gwB itself is up once MM5 is parsed: 2 + 32 + 1 ms.
    EXPECT_EQ(cpu.phase1B - base.phase1B, MilliSeconds(35));
    // Before QM2 reaches gwA: also QM1 parsed and QM2 built.
    EXPECT_EQ(cpu.phase2A - base.phase2A, MilliSeconds(38));
    // gwB installs its SAs when QM3 is parsed.
    EXPECT_EQ(cpu.phase2B - base.phase2B, MilliSeconds(39));
    EXPECT_EQ(cpu.busy, MilliSeconds(39));
    // 5 parse jobs and 4 jobs for the work each message caused (the
    // handling of QM3 sends nothing and costs nothing more).
    EXPECT_EQ(cpu.completed, 9u);
}

// A CPU with one core, no queue and a long job: MM1 is refused
// (cpu-queue-full, counted and traced), the initiator retransmits, and the
// tunnel comes up once the CPU is free again.
TEST(IkeCpu, FullQueueDropsMessagesWithAReason)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    IkeNetwork net(o);
    Ptr<CpuModel> cpu = CreateObject<CpuModel>();
    cpu->SetAttribute("Cores", UintegerValue(1));
    cpu->SetAttribute("QueueLimit", UintegerValue(0));
    net.stackB->SetCpu(cpu, TestProfile());
    Simulator::Schedule(Seconds(0.5), [cpu]()
                        { EXPECT_TRUE(cpu->Submit(Seconds(12), Callback<void>(), "busy")); });
    net.RunUntil(Seconds(60));
    auto drops = net.recordB.DropsOf(IkeDropReason::CPU_QUEUE_FULL);
    ASSERT_FALSE(drops.empty());
    EXPECT_EQ(net.ikeB->GetDropCount(IkeDropReason::CPU_QUEUE_FULL), drops.size());
    for (const auto& d : drops)
    {
        EXPECT_LT(d.at, Seconds(12.5));
        EXPECT_GE(d.at, Seconds(1));
    }
    EXPECT_EQ(cpu->GetCounters().dropped, drops.size());
    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    EXPECT_GT(net.recordA.phase2.front().at, Seconds(12.5));
    EXPECT_EQ(ToString(IkeDropReason::CPU_QUEUE_FULL), "cpu-queue-full");
}

// GetTxBytes and the Tx trace count IP-level bytes by kind; they equal the
// IKE packets gwA put on its access link, and keepalives are 29 octets.
TEST(IkeCpu, TxBytesByKindMatchTheWire)
{
    IkeNetwork::Options o;
    o.nat = NatPosition::INITIATOR;
    o.keepalive = Seconds(10);
    IkeNetwork net(o);
    uint64_t traced = 0;
    std::function<void(Ipv4Address, IkeTraffic, uint32_t)> count
        = [&traced](Ipv4Address, IkeTraffic, uint32_t bytes) { traced += bytes; };
    net.ikeA->TraceConnectWithoutContext("Tx",
                                         Callback<void, Ipv4Address, IkeTraffic, uint32_t>(count));
    net.RunUntil(Seconds(60));
    ASSERT_EQ(net.recordA.phase2.size(), 1u);
    uint64_t mm = 0;
    uint64_t qm = 0;
    uint64_t keepalive = 0;
    for (const auto& w : net.accessLog.Packets())
    {
        if (!w.sent)
        {
            continue;
        }
        if (w.Ike500() || w.Ike4500())
        {
            Bytes m = w.Isakmp();
            ASSERT_GT(m.size(), 18u);
            (m[18] == 2 ? mm : qm) += w.packet.size(); // exchange type 2: Identity Protection
        }
        else if (w.Keepalive())
        {
            keepalive += w.packet.size();
        }
    }
    EXPECT_EQ(net.ikeA->GetTxBytes(IkeTraffic::MAIN_MODE), mm);
    EXPECT_EQ(net.ikeA->GetTxBytes(IkeTraffic::QUICK_MODE), qm);
    EXPECT_EQ(net.ikeA->GetTxBytes(IkeTraffic::NAT_KEEPALIVE), keepalive);
    EXPECT_EQ(keepalive, 29u * net.recordA.keepalives.size());
    EXPECT_GT(keepalive, 0u);
    EXPECT_EQ(net.ikeA->GetTxBytes(IkeTraffic::RETRANSMISSION), 0u);
    EXPECT_EQ(traced, mm + qm + keepalive);
}

} // namespace test
} // namespace ns3
