/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_REMOTE_ACCESS_TRAFFIC_H
#define IPSEC_NAT_REMOTE_ACCESS_TRAFFIC_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * What a remote-access client sends toward the hub's server.
 */
enum class PeerTrafficPattern : uint8_t
{
    IDLE,     //!< nothing: only IKE, NAT keepalives and DPD keep the tunnel
    PERIODIC, //!< one datagram every interval, from a random phase
    ON_OFF,   //!< bursts: on periods (mean interval / 2) sending every second, off periods
              //!< (mean 2 x interval), both exponential
};

/** \return "idle", "periodic" or "onoff". */
std::string ToString(PeerTrafficPattern pattern);

/**
 * \ingroup ipsec-nat
 * \brief The server behind a remote-access hub: one UDP socket that sends
 *        a datagram to every connected client each interval.
 *
 * Clients are added with Connect() when their tunnel comes up and removed
 * with Disconnect(); each gets its own send phase (the first datagram no
 * sooner than one second after Connect, so that the hub has installed its
 * SAs). One socket for all clients keeps the node's UDP demultiplexer at
 * one endpoint, whatever the number of clients.
 *
 * Every datagram carries, in its first 12 octets, the client index and the
 * send time in nanoseconds (big-endian), so a receiver can tell when it was
 * sent. Datagrams from clients are counted by client index.
 */
class RemoteAccessServer : public Application
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    RemoteAccessServer();
    ~RemoteAccessServer() override;

    /** Start sending to client \p index at \p address (every Interval; no-op if 0). */
    void Connect(uint32_t index, Ipv4Address address);
    /** Stop sending to client \p index. */
    void Disconnect(uint32_t index);
    /** Send nothing from \p at on (receiving goes on); 0: no limit. */
    void SetStopSending(Time at);
    /** \return datagrams sent to client \p index. */
    uint64_t GetSent(uint32_t index) const;
    /** \return datagrams received from client \p index. */
    uint64_t GetReceived(uint32_t index) const;
    /** \return datagrams sent to all clients. */
    uint64_t GetTotalSent() const;

    /**
     * Use a fixed random stream (send phases).
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// Trace signature: a datagram to (or from) client index.
    typedef void (*DatagramTracedCallback)(uint32_t index);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;
    void Send(uint32_t index, uint64_t generation);
    void Receive(Ptr<Socket> socket);

    /// One client.
    struct Client
    {
        Ipv4Address address;    //!< its inner address
        bool connected{false};  //!< sending to it
        uint64_t generation{0}; //!< bumped by Connect/Disconnect: stale timers stop
        uint64_t sent{0};       //!< datagrams sent to it
        uint64_t received{0};   //!< datagrams received from it
    };

    Ptr<Socket> m_socket;
    Ptr<UniformRandomVariable> m_random;
    std::vector<Client> m_clients;
    uint64_t m_totalSent{0};
    Time m_stopSending;
    // Attributes
    uint16_t m_port;
    Time m_interval;
    uint32_t m_size;

    TracedCallback<uint32_t> m_txTrace;
    TracedCallback<uint32_t> m_rxTrace;
};

/**
 * \ingroup ipsec-nat
 * \brief A remote-access client's traffic: receives the server's datagrams
 *        (counting them and noting when each was sent) and sends its own
 *        by a PeerTrafficPattern.
 *
 * A client that sends nothing (idle) and is told that the server sends
 * nothing either (Listen false) opens no socket.
 */
class RemoteAccessClient : public Application
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    RemoteAccessClient();
    ~RemoteAccessClient() override;

    /** Send toward \p server (the pattern starts when StartSending is called). */
    void SetServer(Ipv4Address server);
    /** Set this client's index (carried in its datagrams). */
    void SetIndex(uint32_t index);
    /** Send nothing from \p at on (receiving goes on); 0: no limit. */
    void SetStopSending(Time at);
    /** Start the sending pattern now (its tunnel is up); idempotent. */
    void StartSending();
    /** \return datagrams received from the server. */
    uint64_t GetReceived() const;
    /** \return datagrams sent. */
    uint64_t GetSent() const;

    /**
     * Use a fixed random stream (phases, on/off periods).
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// Trace signature: a server datagram arrived; when it was sent.
    typedef void (*ReceivedTracedCallback)(Time sentAt);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;
    void Receive(Ptr<Socket> socket);
    void SendOne();
    PeerTrafficPattern Pattern() const;
    void Next();

    Ptr<Socket> m_socket;
    Ptr<UniformRandomVariable> m_random;
    Ipv4Address m_server;
    uint32_t m_index{0};
    bool m_sending{false};
    bool m_on{false};
    Time m_onUntil;
    Time m_stopSending;
    EventId m_event;
    uint64_t m_received{0};
    uint64_t m_sent{0};
    // Attributes
    uint16_t m_port;
    uint16_t m_serverPort;
    int m_pattern; //!< a PeerTrafficPattern (EnumValue holds an int)
    Time m_interval;
    uint32_t m_size;
    bool m_listen; //!< bind the port even when sending nothing

    TracedCallback<Time> m_rxTrace;
};

} // namespace ns3

#endif /* IPSEC_NAT_REMOTE_ACCESS_TRAFFIC_H */
