/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CPU_MODEL_H
#define IPSEC_NAT_CPU_MODEL_H

#include "cpu-cost-profile.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief The processor of a simulated node: crypto work queued on N cores.
 *
 * Work is submitted as jobs with a cost in simulated time (usually taken
 * from a CpuCostProfile). Jobs are served first in, first out by Cores
 * identical cores; a job occupies one core for exactly its cost and then
 * its callback runs. Only simulator time is used, never the wall clock, so
 * runs are deterministic.
 *
 * Rules:
 * - A job starts at once if a core is free and no job is waiting;
 *   otherwise it waits in the FIFO queue. At most QueueLimit jobs wait
 *   (jobs in service do not count); a job that finds the queue full is
 *   dropped: Submit returns false, the Drop trace fires with reason
 *   "queue-full", and its callback never runs.
 * - A zero-cost job is an ordinary job: it waits its FIFO turn behind the
 *   jobs submitted before it and occupies a core for no time.
 * - A callback never runs inside Submit: even a zero-cost job on an idle
 *   model completes in a later event at the same simulated time, so callers
 *   need not be re-entrant.
 * - When a job finishes, the next waiting job starts on the freed core
 *   first, then the finished job's callback runs (a job the callback
 *   submits queues behind the jobs already waiting).
 *
 * Utilisation is sampled at simulated times k * UtilisationInterval
 * (k = 1, 2, ...), each sample covering the interval just ended: busy
 * core-time in the interval / (Cores * UtilisationInterval), exactly (busy
 * time is integrated in Time steps, not estimated). So that an idle model
 * schedules no events and Simulator::Run() can end without Simulator::Stop,
 * sampling stops after the first sample taken while no job is in service
 * or waiting, and resumes at the next Submit; intervals without a sample
 * had utilisation 0. Cores and UtilisationInterval must be set before the
 * first Submit.
 *
 * The model is meant to be aggregated to a Node; it does not need the node.
 */
class CpuModel : public Object
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    CpuModel();
    ~CpuModel() override;

    /// Counters of one model.
    struct Counters
    {
        uint64_t submitted{0}; //!< jobs accepted by Submit (dropped ones excluded)
        uint64_t completed{0}; //!< jobs whose callback ran
        uint64_t dropped{0};   //!< jobs rejected by Submit
    };

    /**
     * Queue a job.
     * \param cost the core time the job needs (must not be negative)
     * \param done called when the job finishes (may be a null callback)
     * \param what a short description, for traces and logs (e.g. "dh-generate 14")
     * \return true if the job was accepted, false if it was dropped
     */
    bool Submit(Time cost, Callback<void> done, std::string what);

    /** \return the counters */
    const Counters& GetCounters() const;
    /**
     * \return the core-time spent on jobs so far, including the elapsed part
     *         of jobs now in service
     */
    Time GetBusyTime() const;
    /** \return jobs waiting (not in service) */
    uint32_t GetQueueLength() const;
    /** \return cores busy now */
    uint32_t GetBusyCores() const;
    /**
     * \return busy core-time / (Cores * time since the model was created);
     *         0 before any simulated time has passed
     */
    double GetMeanUtilisation() const;

    /// TracedCallback signature of a queueing delay: how long a job waited before service.
    typedef void (*QueueingDelayTracedCallback)(Time waited);
    /// TracedCallback signature of a drop: the job's description and the reason.
    typedef void (*DropTracedCallback)(const std::string& what, const std::string& reason);
    /// TracedCallback signature of a utilisation sample (0..1).
    typedef void (*UtilisationTracedCallback)(double utilisation);

protected:
    void DoDispose() override;

private:
    /// A job waiting for a core.
    struct Job
    {
        Time cost;           //!< core time needed
        Callback<void> done; //!< run when finished
        std::string what;    //!< description
        Time submitted;      //!< when Submit accepted it
    };

    /** Put \p job on a free core now. */
    void Start(Job job);
    /** The job \p id finished. */
    void Finish(uint64_t id, Callback<void> done);
    /** Add busy core-time up to now. */
    void Integrate();
    /** Schedule the next utilisation sample, if not already scheduled. */
    void StartSampling();
    /** Take a utilisation sample. */
    void Sample();

    uint32_t m_cores;                        //!< number of cores
    uint32_t m_queueLimit;                   //!< maximum waiting jobs
    Time m_interval;                         //!< utilisation sampling interval
    std::deque<Job> m_queue;                 //!< waiting jobs, oldest first
    uint32_t m_busyCores{0};                 //!< cores serving a job
    uint64_t m_nextJobId{0};                 //!< id of the next job to start
    std::map<uint64_t, EventId> m_inService; //!< finish events of jobs in service
    Time m_created;                          //!< when the model was created
    Time m_lastChange;                       //!< when m_busyTime was last integrated
    Time m_busyTime;                         //!< core-time busy up to m_lastChange
    Time m_busyAtLastSample;                 //!< m_busyTime at the previous sample
    EventId m_sampleEvent;                   //!< the next utilisation sample
    Counters m_counters;                     //!< counters

    TracedCallback<Time> m_queueingDelayTrace;                          //!< QueueingDelay
    TracedCallback<const std::string&, const std::string&> m_dropTrace; //!< Drop
    TracedCallback<double> m_utilisationTrace;                          //!< Utilisation
};

} // namespace ns3

#endif /* IPSEC_NAT_CPU_MODEL_H */
