/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "remote-access-traffic.h"

#include "ns3/boolean.h"

#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RemoteAccessTraffic");
NS_OBJECT_ENSURE_REGISTERED(RemoteAccessServer);
NS_OBJECT_ENSURE_REGISTERED(RemoteAccessClient);

namespace
{
constexpr uint32_t kHeaderOctets = 12; // client index (4), send time in ns (8)

Ptr<Packet>
Datagram(uint32_t index, uint32_t size)
{
    if (size < kHeaderOctets)
    {
        std::vector<uint8_t> b(size, 0xFF);
        return Create<Packet>(b.data(), b.size());
    }
    std::vector<uint8_t> b(size, 0);
    uint64_t now = static_cast<uint64_t>(Simulator::Now().GetNanoSeconds());
    for (int i = 0; i < 4; ++i)
    {
        b[i] = static_cast<uint8_t>(index >> (24 - 8 * i));
    }
    for (int i = 0; i < 8; ++i)
    {
        b[4 + i] = static_cast<uint8_t>(now >> (56 - 8 * i));
    }
    return Create<Packet>(b.data(), b.size());
}

/// \return the client index and send time of a datagram, if it has them.
bool
ReadDatagram(Ptr<Packet> p, uint32_t& index, Time& sentAt)
{
    if (p->GetSize() < kHeaderOctets)
    {
        return false;
    }
    std::array<uint8_t, kHeaderOctets> b{};
    p->CopyData(b.data(), b.size());
    index = 0;
    for (int i = 0; i < 4; ++i)
    {
        index = (index << 8) | b[i];
    }
    uint64_t ns = 0;
    for (int i = 0; i < 8; ++i)
    {
        ns = (ns << 8) | b[4 + i];
    }
    sentAt = NanoSeconds(static_cast<int64_t>(ns));
    return true;
}
} // namespace

std::string
ToString(PeerTrafficPattern pattern)
{
    switch (pattern)
    {
        case PeerTrafficPattern::IDLE:
            return "idle";
        case PeerTrafficPattern::PERIODIC:
            return "periodic";
        case PeerTrafficPattern::ON_OFF:
            return "onoff";
    }
    return "unknown";
}

// ------------------------------------------------------------------ server

TypeId
RemoteAccessServer::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::RemoteAccessServer")
              .SetParent<Application>()
              .SetGroupName("IpsecNat")
              .AddConstructor<RemoteAccessServer>()
              .AddAttribute("Port", "UDP port of the server and of the clients.", UintegerValue(9),
                            MakeUintegerAccessor(&RemoteAccessServer::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("Interval", "Time between two datagrams to one client; 0 sends none.",
                            TimeValue(Seconds(30)),
                            MakeTimeAccessor(&RemoteAccessServer::m_interval),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("Size", "UDP payload octets (at least 12).", UintegerValue(64),
                            MakeUintegerAccessor(&RemoteAccessServer::m_size),
                            MakeUintegerChecker<uint32_t>(12, 1400))
              .AddTraceSource("Tx", "A datagram was sent to a client (its index).",
                              MakeTraceSourceAccessor(&RemoteAccessServer::m_txTrace),
                              "ns3::RemoteAccessServer::DatagramTracedCallback")
              .AddTraceSource("Rx", "A datagram came from a client (its index).",
                              MakeTraceSourceAccessor(&RemoteAccessServer::m_rxTrace),
                              "ns3::RemoteAccessServer::DatagramTracedCallback");
    return tid;
}

RemoteAccessServer::RemoteAccessServer()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

RemoteAccessServer::~RemoteAccessServer() = default;

void
RemoteAccessServer::DoDispose()
{
    m_socket = nullptr;
    m_random = nullptr;
    m_clients.clear();
    Application::DoDispose();
}

int64_t
RemoteAccessServer::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
RemoteAccessServer::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetRecvCallback(MakeCallback(&RemoteAccessServer::Receive, this));
}

void
RemoteAccessServer::StopApplication()
{
    for (auto& c : m_clients)
    {
        c.connected = false;
        ++c.generation;
    }
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
RemoteAccessServer::Connect(uint32_t index, Ipv4Address address)
{
    if (index >= m_clients.size())
    {
        m_clients.resize(index + 1);
    }
    Client& c = m_clients[index];
    c.address = address;
    if (c.connected || m_interval == Time(0))
    {
        return;
    }
    c.connected = true;
    ++c.generation;
    // A random phase, and at least a second for the hub's Quick Mode to end.
    Time first = Seconds(1) + m_interval * m_random->GetValue(0, 1);
    Simulator::Schedule(first, &RemoteAccessServer::Send, this, index, c.generation);
}

void
RemoteAccessServer::Disconnect(uint32_t index)
{
    if (index < m_clients.size() && m_clients[index].connected)
    {
        m_clients[index].connected = false;
        ++m_clients[index].generation;
    }
}

void
RemoteAccessServer::SetStopSending(Time at)
{
    m_stopSending = at;
}

void
RemoteAccessServer::Send(uint32_t index, uint64_t generation)
{
    Client& c = m_clients[index];
    if (!c.connected || c.generation != generation || !m_socket
        || (m_stopSending > Time(0) && Simulator::Now() >= m_stopSending))
    {
        return;
    }
    m_socket->SendTo(Datagram(index, m_size), 0, InetSocketAddress(c.address, m_port));
    ++c.sent;
    ++m_totalSent;
    m_txTrace(index);
    Simulator::Schedule(m_interval, &RemoteAccessServer::Send, this, index, generation);
}

void
RemoteAccessServer::Receive(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        uint32_t index = 0;
        Time sentAt;
        if (ReadDatagram(p, index, sentAt) && index < m_clients.size())
        {
            ++m_clients[index].received;
            m_rxTrace(index);
        }
    }
}

uint64_t
RemoteAccessServer::GetSent(uint32_t index) const
{
    return index < m_clients.size() ? m_clients[index].sent : 0;
}

uint64_t
RemoteAccessServer::GetReceived(uint32_t index) const
{
    return index < m_clients.size() ? m_clients[index].received : 0;
}

uint64_t
RemoteAccessServer::GetTotalSent() const
{
    return m_totalSent;
}

// ------------------------------------------------------------------ client

TypeId
RemoteAccessClient::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::RemoteAccessClient")
              .SetParent<Application>()
              .SetGroupName("IpsecNat")
              .AddConstructor<RemoteAccessClient>()
              .AddAttribute("Port", "UDP port the client listens on.", UintegerValue(9),
                            MakeUintegerAccessor(&RemoteAccessClient::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("ServerPort", "UDP port of the server.", UintegerValue(9),
                            MakeUintegerAccessor(&RemoteAccessClient::m_serverPort),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("Pattern", "What the client sends.",
                            EnumValue(static_cast<int>(PeerTrafficPattern::IDLE)),
                            MakeEnumAccessor(&RemoteAccessClient::m_pattern),
                            MakeEnumChecker(static_cast<int>(PeerTrafficPattern::IDLE), "idle",
                                            static_cast<int>(PeerTrafficPattern::PERIODIC),
                                            "periodic",
                                            static_cast<int>(PeerTrafficPattern::ON_OFF), "onoff"))
              .AddAttribute("Interval",
                            "Periodic: time between datagrams. On-off: on periods last "
                            "Interval/2 and off periods 2 x Interval on average.",
                            TimeValue(Seconds(10)),
                            MakeTimeAccessor(&RemoteAccessClient::m_interval),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("Listen",
                            "Bind Port to receive the server's datagrams. An idle client "
                            "(Pattern idle) of a server that sends nothing needs no socket.",
                            BooleanValue(true), MakeBooleanAccessor(&RemoteAccessClient::m_listen),
                            MakeBooleanChecker())
              .AddAttribute("Size", "UDP payload octets (at least 12).", UintegerValue(64),
                            MakeUintegerAccessor(&RemoteAccessClient::m_size),
                            MakeUintegerChecker<uint32_t>(1, 1400))
              .AddTraceSource("Rx", "A datagram from the server arrived: when it was sent.",
                              MakeTraceSourceAccessor(&RemoteAccessClient::m_rxTrace),
                              "ns3::RemoteAccessClient::ReceivedTracedCallback");
    return tid;
}

RemoteAccessClient::RemoteAccessClient()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

RemoteAccessClient::~RemoteAccessClient() = default;

void
RemoteAccessClient::DoDispose()
{
    m_event.Cancel();
    m_socket = nullptr;
    m_random = nullptr;
    Application::DoDispose();
}

int64_t
RemoteAccessClient::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

PeerTrafficPattern
RemoteAccessClient::Pattern() const
{
    return static_cast<PeerTrafficPattern>(m_pattern);
}

void
RemoteAccessClient::SetServer(Ipv4Address server)
{
    m_server = server;
}

void
RemoteAccessClient::SetIndex(uint32_t index)
{
    m_index = index;
}

void
RemoteAccessClient::StartApplication()
{
    if (!m_listen && Pattern() == PeerTrafficPattern::IDLE)
    {
        return; // nothing to send or receive
    }
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetRecvCallback(MakeCallback(&RemoteAccessClient::Receive, this));
}

void
RemoteAccessClient::StopApplication()
{
    m_event.Cancel();
    m_sending = false;
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
RemoteAccessClient::StartSending()
{
    if (m_sending || Pattern() == PeerTrafficPattern::IDLE || !m_socket)
    {
        return;
    }
    m_sending = true;
    m_on = false;
    Time first = Seconds(1) + m_interval * m_random->GetValue(0, 1);
    m_event = Simulator::Schedule(first, &RemoteAccessClient::Next, this);
}

void
RemoteAccessClient::Next()
{
    if (Pattern() == PeerTrafficPattern::PERIODIC)
    {
        SendOne();
        m_event = Simulator::Schedule(m_interval, &RemoteAccessClient::Next, this);
        return;
    }
    // On-off: exponential periods drawn by inversion from the uniform stream.
    auto exponential
        = [this](Time mean) { return mean * -std::log(1.0 - m_random->GetValue(0, 1) * 0.999999); };
    if (!m_on)
    {
        m_on = true;
        m_onUntil = Simulator::Now() + exponential(m_interval / 2);
    }
    if (Simulator::Now() < m_onUntil)
    {
        SendOne();
        m_event = Simulator::Schedule(Seconds(1), &RemoteAccessClient::Next, this);
        return;
    }
    m_on = false;
    m_event = Simulator::Schedule(exponential(m_interval * 2), &RemoteAccessClient::Next, this);
}

void
RemoteAccessClient::SetStopSending(Time at)
{
    m_stopSending = at;
}

void
RemoteAccessClient::SendOne()
{
    if (m_stopSending > Time(0) && Simulator::Now() >= m_stopSending)
    {
        return;
    }
    m_socket->SendTo(Datagram(m_index, m_size), 0, InetSocketAddress(m_server, m_serverPort));
    ++m_sent;
}

void
RemoteAccessClient::Receive(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        uint32_t index = 0;
        Time sentAt;
        if (ReadDatagram(p, index, sentAt) && index == m_index)
        {
            ++m_received;
            m_rxTrace(sentAt);
        }
    }
}

uint64_t
RemoteAccessClient::GetReceived() const
{
    return m_received;
}

uint64_t
RemoteAccessClient::GetSent() const
{
    return m_sent;
}

} // namespace ns3
