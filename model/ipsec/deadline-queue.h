/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_DEADLINE_QUEUE_H
#define IPSEC_NAT_DEADLINE_QUEUE_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * Deadlines of many objects (SA lifetimes of a stack, ISAKMP SA rekeys and
 * ends of an IKE agent) behind one simulator event at the earliest one,
 * instead of one pending event per deadline: a hub keeps tens of thousands
 * of SAs, and each pending event is a node in the simulator's scheduler.
 *
 * A deadline that no longer applies is not removed; the owner's \p Stale
 * member says so when it comes up, and it is skipped (also when the timer
 * is armed, so that the timer does not wake for it). Deadlines due at the
 * same time run in the order they were pushed, as simulator events would.
 * \p Due may push new deadlines; the timer is armed once, after the run.
 *
 * \tparam Owner the class holding the queue (the timer calls it back)
 * \tparam Payload what a deadline is for
 * \tparam Due Owner's handler of a due deadline (time step, payload)
 * \tparam Stale Owner's test whether a queued deadline no longer applies
 */
template<typename Owner, typename Payload, void (Owner::*Due)(int64_t, const Payload&),
         bool (Owner::*Stale)(int64_t, const Payload&) const>
class DeadlineQueue
{
public:
    /** \param owner the object whose members handle the deadlines */
    explicit DeadlineQueue(Owner* owner)
        : m_owner(owner)
    {
    }

    DeadlineQueue(const DeadlineQueue&) = delete;
    DeadlineQueue& operator=(const DeadlineQueue&) = delete;

    /** Queue \p payload for the time step \p at. */
    void Push(int64_t at, const Payload& payload)
    {
        m_queue.push(Entry{at, m_sequence++, payload});
        if (!m_running)
        {
            Arm();
        }
    }

    /** Forget every deadline and stop the timer (DoDispose). */
    void Clear()
    {
        m_timer.Cancel();
        m_queue = {};
    }

private:
    /// A queued deadline.
    struct Entry
    {
        int64_t at;        //!< time step
        uint64_t sequence; //!< push order, for equal deadlines
        Payload payload;   //!< what it is for

        /** \return true if \p o comes first */
        bool operator>(const Entry& o) const
        {
            return at != o.at ? at > o.at : sequence > o.sequence;
        }
    };

    /// Point the timer at the earliest deadline that still applies.
    void Arm()
    {
        while (!m_queue.empty() && (m_owner->*Stale)(m_queue.top().at, m_queue.top().payload))
        {
            m_queue.pop();
        }
        if (m_queue.empty())
        {
            m_timer.Cancel();
            return;
        }
        int64_t at = m_queue.top().at;
        if (m_timer.IsRunning() && int64_t(m_timer.GetTs()) == at)
        {
            return;
        }
        m_timer.Cancel();
        m_timer = Simulator::Schedule(Max(TimeStep(at) - Simulator::Now(), Time(0)),
                                      &DeadlineQueue::Fire, this);
    }

    /// Run the deadlines due now, in order, then arm for the next.
    void Fire()
    {
        int64_t now = Simulator::Now().GetTimeStep();
        m_running = true;
        while (!m_queue.empty() && m_queue.top().at <= now)
        {
            Entry e = m_queue.top();
            m_queue.pop();
            if (!(m_owner->*Stale)(e.at, e.payload))
            {
                (m_owner->*Due)(e.at, e.payload);
            }
        }
        m_running = false;
        Arm();
    }

    Owner* m_owner;                                                         //!< handles them
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_queue; //!< earliest on top
    uint64_t m_sequence{0}; //!< next Entry::sequence
    EventId m_timer;        //!< at the earliest deadline that applies
    bool m_running{false};  //!< Fire runs (it arms the timer at its end)
};

} // namespace ns3

#endif /* IPSEC_NAT_DEADLINE_QUEUE_H */
