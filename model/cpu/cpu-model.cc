/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "cpu-model.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CpuModel");
NS_OBJECT_ENSURE_REGISTERED(CpuModel);

TypeId
CpuModel::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::CpuModel")
              .SetParent<Object>()
              .SetGroupName("IpsecNat")
              .AddConstructor<CpuModel>()
              .AddAttribute("Cores", "Number of identical cores serving the job queue (>= 1).",
                            UintegerValue(1), MakeUintegerAccessor(&CpuModel::m_cores),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("QueueLimit",
                            "Most jobs that may wait for a core (jobs in service not counted); "
                            "a job that finds the queue full is dropped.",
                            UintegerValue(1000), MakeUintegerAccessor(&CpuModel::m_queueLimit),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("UtilisationInterval",
                            "Length of the intervals over which the Utilisation trace source "
                            "reports the busy fraction (> 0).",
                            TimeValue(Seconds(1)), MakeTimeAccessor(&CpuModel::m_interval),
                            MakeTimeChecker(TimeStep(1)))
              .AddTraceSource("QueueingDelay",
                              "A job started service, after waiting this long in the queue.",
                              MakeTraceSourceAccessor(&CpuModel::m_queueingDelayTrace),
                              "ns3::CpuModel::QueueingDelayTracedCallback")
              .AddTraceSource("Drop", "A job was dropped: its description and the reason.",
                              MakeTraceSourceAccessor(&CpuModel::m_dropTrace),
                              "ns3::CpuModel::DropTracedCallback")
              .AddTraceSource("Utilisation",
                              "Busy core-time / (Cores * UtilisationInterval) over the interval "
                              "just ended, sampled at multiples of UtilisationInterval.",
                              MakeTraceSourceAccessor(&CpuModel::m_utilisationTrace),
                              "ns3::CpuModel::UtilisationTracedCallback");
    return tid;
}

CpuModel::CpuModel()
    : m_cores(1)
    , m_queueLimit(1000)
    , m_interval(Seconds(1))
    , m_created(Simulator::Now())
    , m_lastChange(Simulator::Now())
{
    NS_LOG_FUNCTION(this);
}

CpuModel::~CpuModel()
{
    NS_LOG_FUNCTION(this);
}

void
CpuModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& [id, event] : m_inService)
    {
        Simulator::Cancel(event);
    }
    m_inService.clear();
    m_queue.clear();
    Simulator::Cancel(m_sampleEvent);
    Object::DoDispose();
}

bool
CpuModel::Submit(Time cost, Callback<void> done, std::string what)
{
    NS_LOG_FUNCTION(this << cost << what);
    NS_ABORT_MSG_IF(cost.IsStrictlyNegative(),
                    "CpuModel::Submit: negative cost " << cost << " for job '" << what << "'");
    if (m_busyCores < m_cores && m_queue.empty())
    {
        ++m_counters.submitted;
        StartSampling();
        Start(Job{cost, std::move(done), std::move(what), Simulator::Now()});
        return true;
    }
    if (m_queue.size() >= m_queueLimit)
    {
        NS_LOG_LOGIC("drop '" << what << "': " << m_queue.size() << " jobs waiting, limit "
                              << m_queueLimit);
        ++m_counters.dropped;
        m_dropTrace(what, "queue-full");
        return false;
    }
    ++m_counters.submitted;
    StartSampling();
    m_queue.push_back(Job{cost, std::move(done), std::move(what), Simulator::Now()});
    return true;
}

void
CpuModel::Start(Job job)
{
    Integrate();
    ++m_busyCores;
    const Time waited = Simulator::Now() - job.submitted;
    NS_LOG_LOGIC("start '" << job.what << "' cost " << job.cost << " after waiting " << waited);
    m_queueingDelayTrace(waited);
    const uint64_t id = m_nextJobId++;
    m_inService[id] = Simulator::Schedule(job.cost, &CpuModel::Finish, this, id, job.done);
}

void
CpuModel::Finish(uint64_t id, Callback<void> done)
{
    NS_LOG_FUNCTION(this << id);
    m_inService.erase(id);
    Integrate();
    --m_busyCores;
    ++m_counters.completed;
    if (!m_queue.empty())
    {
        Job next = std::move(m_queue.front());
        m_queue.pop_front();
        Start(std::move(next));
    }
    if (!done.IsNull())
    {
        done();
    }
}

void
CpuModel::Integrate()
{
    const Time now = Simulator::Now();
    m_busyTime += TimeStep((now - m_lastChange).GetTimeStep() * m_busyCores);
    m_lastChange = now;
}

void
CpuModel::StartSampling()
{
    if (!m_sampleEvent.IsExpired())
    {
        return;
    }
    // Idle since the last sample (or since creation): nothing busy to carry over.
    Integrate();
    m_busyAtLastSample = m_busyTime;
    const int64_t now = Simulator::Now().GetTimeStep();
    const int64_t step = m_interval.GetTimeStep();
    const Time next = TimeStep((now / step + 1) * step);
    m_sampleEvent = Simulator::Schedule(next - Simulator::Now(), &CpuModel::Sample, this);
}

void
CpuModel::Sample()
{
    Integrate();
    const Time busy = m_busyTime - m_busyAtLastSample;
    m_busyAtLastSample = m_busyTime;
    const double utilisation
        = static_cast<double>(busy.GetTimeStep())
          / (static_cast<double>(m_cores) * static_cast<double>(m_interval.GetTimeStep()));
    NS_LOG_LOGIC("utilisation " << utilisation);
    m_utilisationTrace(utilisation);
    if (m_busyCores == 0 && m_queue.empty())
    {
        m_sampleEvent = EventId();
        return;
    }
    m_sampleEvent = Simulator::Schedule(m_interval, &CpuModel::Sample, this);
}

const CpuModel::Counters&
CpuModel::GetCounters() const
{
    return m_counters;
}

Time
CpuModel::GetBusyTime() const
{
    return m_busyTime + TimeStep((Simulator::Now() - m_lastChange).GetTimeStep() * m_busyCores);
}

uint32_t
CpuModel::GetQueueLength() const
{
    return static_cast<uint32_t>(m_queue.size());
}

uint32_t
CpuModel::GetBusyCores() const
{
    return m_busyCores;
}

double
CpuModel::GetMeanUtilisation() const
{
    const int64_t elapsed = (Simulator::Now() - m_created).GetTimeStep();
    if (elapsed <= 0)
    {
        return 0.0;
    }
    return static_cast<double>(GetBusyTime().GetTimeStep())
           / (static_cast<double>(m_cores) * static_cast<double>(elapsed));
}

} // namespace ns3
