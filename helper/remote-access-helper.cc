/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "remote-access-helper.h"

#include "ike-helper.h"
#include "ipsec-helper.h"
#include "nat-helper.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RemoteAccessHelper");

namespace
{
const char* const kPsk = "remote-access-secret";
const Ipv4Address kHubWan("100.64.0.1");
const Ipv4Address kCoreToHub("100.64.0.2");
const Ipv4Address kHubLan("172.16.0.1");
const Ipv4Address kServer("172.16.0.2");
const Ipv4Mask kP2pMask("255.255.255.252");
constexpr uint32_t kRouterLinkBase = 0x64410000U; // 100.65.0.0: core - aggregation /30s
constexpr uint32_t kNatWanBase = 0xC6120000U;     // 198.18.0.0/15: aggregation - NAT /30s
constexpr uint32_t kNatBlock = 512;               // addresses per aggregation router (/23)
constexpr uint32_t kPeerBase = 0x0A000000U;       // 10.0.0.0/8: NAT - client /30s

uint32_t
AddInterface(Ptr<Node> node, Ptr<NetDevice> device, Ipv4Address address, Ipv4Mask mask)
{
    Ptr<Ipv4> ip = node->GetObject<Ipv4>();
    int32_t i = ip->AddInterface(device);
    ip->AddAddress(i, Ipv4InterfaceAddress(address, mask));
    ip->SetMetric(i, 1);
    ip->SetUp(i);
    return static_cast<uint32_t>(i);
}

Ptr<Ipv4StaticRouting>
Static(Ptr<Node> node)
{
    Ipv4StaticRoutingHelper h;
    return h.GetStaticRouting(node->GetObject<Ipv4>());
}

std::string
Num(double v)
{
    std::ostringstream os;
    os << std::setprecision(9) << v;
    return os.str();
}

std::string
Opt(const std::optional<double>& v)
{
    return v ? Num(*v) : "";
}

std::string
Ratio(uint64_t num, uint64_t den)
{
    return den == 0 ? "" : Num(double(num) / double(den));
}

/// Nearest-rank percentile of sorted values.
std::optional<double>
Percentile(std::vector<double> v, double p)
{
    if (v.empty())
    {
        return std::nullopt;
    }
    std::sort(v.begin(), v.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * double(v.size())));
    return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

std::string
Column(std::string name)
{
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

std::optional<double>
ParseSeconds(std::string t)
{
    if (!t.empty() && t.back() == 's')
    {
        t.pop_back();
    }
    try
    {
        std::size_t used = 0;
        double v = std::stod(t, &used);
        if (used != t.size() || !(v > 0))
        {
            return std::nullopt;
        }
        return v;
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}

constexpr const char* kTimeoutForms
    = "allowed: a number of seconds (60 or 60s), uniform:LOW:HIGH, list:A;B;C, file:PATH "
      "(one value per line); every value > 0";
} // namespace

// ----------------------------------------------------------- NatTimeoutSpec

std::optional<NatTimeoutSpec>
NatTimeoutSpec::Parse(const std::string& text, std::string& error)
{
    NatTimeoutSpec spec;
    spec.text = text;
    auto bad = [&](const std::string& what)
    {
        error = "NAT timeout '" + text + "': " + what + "; " + kTimeoutForms;
        return std::nullopt;
    };
    auto values = [&](const std::vector<std::string>& parts) -> bool
    {
        for (const auto& part : parts)
        {
            auto v = ParseSeconds(part);
            if (!v)
            {
                error = "NAT timeout '" + text + "': '" + part + "' is not a positive number; "
                        + kTimeoutForms;
                return false;
            }
            spec.items.push_back(*v);
        }
        return true;
    };
    auto split = [](const std::string& s, char sep)
    {
        std::vector<std::string> out;
        std::stringstream ss(s);
        std::string item;
        while (std::getline(ss, item, sep))
        {
            out.push_back(item);
        }
        return out;
    };
    if (text.rfind("uniform:", 0) == 0)
    {
        auto parts = split(text.substr(8), ':');
        if (parts.size() != 2)
        {
            return bad("uniform needs two values");
        }
        if (!values(parts))
        {
            return std::nullopt;
        }
        if (spec.items[0] > spec.items[1])
        {
            return bad("the low end is above the high end");
        }
        spec.uniform = true;
        return spec;
    }
    if (text.rfind("list:", 0) == 0)
    {
        auto parts = split(text.substr(5), ';');
        if (parts.empty())
        {
            return bad("the list is empty");
        }
        if (!values(parts))
        {
            return std::nullopt;
        }
        return spec;
    }
    if (text.rfind("file:", 0) == 0)
    {
        std::string path = text.substr(5);
        std::ifstream in(path);
        if (!in)
        {
            return bad("cannot read " + path);
        }
        std::string line;
        uint32_t number = 0;
        while (std::getline(in, line))
        {
            ++number;
            line = line.substr(0, line.find('#'));
            line.erase(0, line.find_first_not_of(" \t\r"));
            line.erase(line.find_last_not_of(" \t\r") + 1);
            if (line.empty())
            {
                continue;
            }
            auto v = ParseSeconds(line);
            if (!v)
            {
                return bad(path + " line " + std::to_string(number) + " '" + line
                           + "' is not a positive number");
            }
            spec.items.push_back(*v);
        }
        if (spec.items.empty())
        {
            return bad(path + " has no values");
        }
        return spec;
    }
    if (!values({text}))
    {
        return std::nullopt;
    }
    return spec;
}

Time
NatTimeoutSpec::Draw(Ptr<UniformRandomVariable> random) const
{
    if (uniform)
    {
        return Seconds(random->GetValue(items[0], items[1]));
    }
    if (items.size() == 1)
    {
        return Seconds(items[0]);
    }
    uint32_t k = random->GetInteger(0, static_cast<uint32_t>(items.size() - 1));
    return Seconds(items[k]);
}

double
NatTimeoutSpec::Mean() const
{
    if (uniform)
    {
        return (items[0] + items[1]) / 2;
    }
    double sum = 0;
    for (double v : items)
    {
        sum += v;
    }
    return sum / double(items.size());
}

// ------------------------------------------------------- RemoteAccessConfig

std::string
RemoteAccessConfig::Validate() const
{
    std::ostringstream e;
    if (peers < 1 || peers > 1000000)
    {
        e << "peers=" << peers << " is out of range: allowed 1..1000000";
    }
    else if (nats < 1 || nats > peers)
    {
        e << "nats=" << nats << " is out of range: allowed 1..peers (" << peers << ")";
    }
    else if (nats > 100000)
    {
        e << "nats=" << nats << " is out of range: allowed at most 100000";
    }
    else if (natsPerRouter < 1 || natsPerRouter > 120)
    {
        e << "natsPerRouter=" << natsPerRouter << " is out of range: allowed 1..120";
    }
    else if (keepalive != Time(0) && (keepalive < Seconds(5) || keepalive > Seconds(3600)))
    {
        e << "keepalive=" << keepalive.GetSeconds()
          << " s is out of range: allowed 0 (off) or 5..3600 s (IOS crypto isakmp nat keepalive)";
    }
    else if (dpd < Time(0) || (dpd != Time(0) && (dpd < Seconds(10) || dpd > Seconds(3600))))
    {
        e << "dpd=" << dpd.GetSeconds() << " s is out of range: allowed 0 (off) or 10..3600 s";
    }
    else if (natMapping != "eim" && natMapping != "adm" && natMapping != "apdm")
    {
        e << "natMapping='" << natMapping << "' is unknown: allowed eim, adm, apdm";
    }
    else if (natFiltering != "eif" && natFiltering != "adf" && natFiltering != "apdf")
    {
        e << "natFiltering='" << natFiltering << "' is unknown: allowed eif, adf, apdf";
    }
    else if (hubCores < 1 || hubCores > 1024)
    {
        e << "hubCores=" << hubCores << " is out of range: allowed 1..1024";
    }
    else if (startWindow < Time(0))
    {
        e << "startWindow must not be negative";
    }
    else if (hubInterval < Time(0) || (hubInterval != Time(0) && hubInterval < Seconds(1)))
    {
        e << "hubInterval=" << hubInterval.GetSeconds()
          << " s is out of range: allowed 0 (no server traffic) or >= 1 s";
    }
    else if (peerInterval < Seconds(1))
    {
        e << "peerInterval=" << peerInterval.GetSeconds() << " s is out of range: allowed >= 1 s";
    }
    else if (!(loss >= 0 && loss < 1))
    {
        e << "loss=" << loss << " is out of range: allowed 0 <= loss < 1";
    }
    else if (wanDelay < Time(0))
    {
        e << "wanDelay must not be negative";
    }
    else if (rebootAt < Time(0))
    {
        e << "rebootAt must not be negative (0: never)";
    }
    else if (std::find(CpuCostProfile::kDhGroups.begin(), CpuCostProfile::kDhGroups.end(), dhGroup)
             == CpuCostProfile::kDhGroups.end())
    {
        e << "dhGroup=" << dhGroup << " is unknown: allowed 1, 2, 5, 14, 19, 20, 31";
    }
    else if (ipsecLifetime < Seconds(120))
    {
        e << "ipsecLifetime=" << ipsecLifetime.GetSeconds()
          << " s is out of range: allowed >= 120 s";
    }
    else if (sampleInterval < Seconds(1))
    {
        e << "sampleInterval must be at least 1 s";
    }
    else
    {
        std::string error;
        if (!NatTimeoutSpec::Parse(natTimeout, error))
        {
            e << error;
        }
    }
    return e.str();
}

// ------------------------------------------------------- RemoteAccessHelper

struct RemoteAccessHelper::Peer
{
    Ptr<Node> node;                //!< the client
    Ipv4Address address;           //!< its address (inner and outer)
    uint32_t nat{0};               //!< its NAT
    Ptr<IkeAgent> agent;           //!< its IKE
    Ptr<RemoteAccessClient> app;   //!< its traffic
    Time start;                    //!< when it starts IKE
    std::optional<Time> firstUp;   //!< first phase 2
    bool up{false};                //!< tunnel up now (client side)
    bool upAtReboot{false};        //!< was up when the NATs rebooted
    std::optional<Time> recovered; //!< first delivery of a datagram sent after the reboot
};

struct RemoteAccessHelper::Sample
{
    Time at;            //!< end of the interval
    double cpu;         //!< hub utilisation in the interval
    uint32_t tunnelsUp; //!< at the end of the interval
    uint64_t sent;      //!< server datagrams sent in the interval
    uint64_t delivered; //!< server datagrams delivered in the interval
};

RemoteAccessHelper::RemoteAccessHelper(const RemoteAccessConfig& config)
    : m_config(config)
    , m_end(Seconds(0))
    , m_random(CreateObject<UniformRandomVariable>())
{
    std::string error = config.Validate();
    NS_ABORT_MSG_IF(!error.empty(), "remote-access scenario: " << error);
    m_timeouts = *NatTimeoutSpec::Parse(config.natTimeout, error);
    auto profile = CpuCostProfile::LoadNamed(config.cpuProfile, error);
    NS_ABORT_MSG_IF(!profile, "remote-access scenario: " << error);
    m_profile = *profile;
}

RemoteAccessHelper::~RemoteAccessHelper() = default;

const RemoteAccessConfig&
RemoteAccessHelper::GetConfig() const
{
    return m_config;
}

int64_t
RemoteAccessHelper::Build(int64_t stream)
{
    int64_t first = stream;
    m_random->SetStream(stream++);
    BuildTopology();
    if (m_config.plain)
    {
        BuildPlain(stream);
    }
    else
    {
        BuildNats(stream);
        BuildIpsec(stream);
        BuildApplications(stream);
    }
    Simulator::Schedule(Seconds(1), &RemoteAccessHelper::SampleCpu, this);
    Simulator::Schedule(m_config.sampleInterval, &RemoteAccessHelper::SampleSeries, this);
    if (m_config.rebootAt > Time(0))
    {
        Simulator::Schedule(m_config.rebootAt, &RemoteAccessHelper::Reboot, this);
    }
    return stream - first;
}

void
RemoteAccessHelper::SetEnd(Time end)
{
    m_end = end;
    // Senders stop a second early so that nothing counted is in flight at
    // the end; receivers listen to the end.
    Time stop = std::max(end - Seconds(1), Seconds(0));
    m_serverApp->SetStopSending(stop);
    for (auto& p : m_peers)
    {
        p.app->SetStopSending(stop);
    }
    // The last samples at the end itself (scheduled now, before the
    // caller's Simulator::Stop, so they run first at that time).
    Simulator::Schedule(end, &RemoteAccessHelper::SampleCpu, this);
    Simulator::Schedule(end, &RemoteAccessHelper::SampleSeries, this);
}

void
RemoteAccessHelper::BuildTopology()
{
    const uint32_t n = m_config.peers;
    const uint32_t m = m_config.nats;
    const uint32_t routers = (m + m_config.natsPerRouter - 1) / m_config.natsPerRouter;
    NS_ABORT_MSG_IF(uint64_t(routers) * kNatBlock > (1U << 17),
                    "remote-access scenario: too many NATs for the 198.18.0.0/15 WAN range");
    m_hub = CreateObject<Node>();
    m_server = CreateObject<Node>();
    m_core = CreateObject<Node>();
    m_routers.Create(routers);
    m_natNodes.Create(m);
    m_peerNodes.Create(n);

    InternetStackHelper internet;
    internet.SetIpv6StackInstall(false);
    Ipv4StaticRoutingHelper staticRouting;
    internet.SetRoutingHelper(staticRouting);
    internet.Install(NodeContainer(NodeContainer(m_hub, m_server, m_core), m_routers));
    internet.Install(m_natNodes);
    internet.Install(m_peerNodes);
    m_core->GetObject<Ipv4L3Protocol>()->SetAttribute("WeakEsModel", BooleanValue(false));
    for (uint32_t k = 0; k < routers; ++k)
    {
        m_routers.Get(k)->GetObject<Ipv4L3Protocol>()->SetAttribute("WeakEsModel",
                                                                    BooleanValue(false));
    }

    PointToPointHelper fast;
    fast.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    fast.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    access.SetChannelAttribute("Delay", TimeValue(m_config.wanDelay));
    PointToPointHelper lan;
    lan.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    lan.SetChannelAttribute("Delay", TimeValue(MicroSeconds(100)));

    // server -- hub -- core
    NetDeviceContainer sh = lan.Install(m_server, m_hub);
    AddInterface(m_server, sh.Get(0), kServer, kP2pMask);
    AddInterface(m_hub, sh.Get(1), kHubLan, kP2pMask);
    Static(m_server)->SetDefaultRoute(kHubLan, 1);
    NetDeviceContainer hc = fast.Install(m_hub, m_core);
    m_hubWan = hc.Get(0);
    AddInterface(m_hub, hc.Get(0), kHubWan, kP2pMask);
    uint32_t coreToHub = AddInterface(m_core, hc.Get(1), kCoreToHub, kP2pMask);
    Static(m_hub)->SetDefaultRoute(kCoreToHub, 2);
    Static(m_core)->AddNetworkRouteTo(Ipv4Address("172.16.0.0"), Ipv4Mask("255.255.0.0"), kHubWan,
                                      coreToHub);

    // core -- aggregation routers: one /23 of NAT WAN addresses each.
    for (uint32_t k = 0; k < routers; ++k)
    {
        Ptr<Node> r = m_routers.Get(k);
        NetDeviceContainer cr = fast.Install(m_core, r);
        Ipv4Address coreSide(kRouterLinkBase + 4 * k + 1);
        Ipv4Address routerSide(kRouterLinkBase + 4 * k + 2);
        uint32_t coreIf = AddInterface(m_core, cr.Get(0), coreSide, kP2pMask);
        uint32_t routerIf = AddInterface(r, cr.Get(1), routerSide, kP2pMask);
        Static(r)->SetDefaultRoute(coreSide, routerIf);
        Static(m_core)->AddNetworkRouteTo(Ipv4Address(kNatWanBase + kNatBlock * k),
                                          Ipv4Mask("255.255.254.0"), routerSide, coreIf);
    }

    // aggregation router -- NAT, NAT -- clients
    m_natDevices.resize(m);
    for (uint32_t j = 0; j < m; ++j)
    {
        uint32_t k = j / m_config.natsPerRouter;
        uint32_t slot = j % m_config.natsPerRouter;
        Ptr<Node> r = m_routers.Get(k);
        Ptr<Node> nat = m_natNodes.Get(j);
        NetDeviceContainer rn = access.Install(r, nat);
        Ipv4Address routerSide(kNatWanBase + kNatBlock * k + 4 * slot + 1);
        Ipv4Address natSide(kNatWanBase + kNatBlock * k + 4 * slot + 2);
        AddInterface(r, rn.Get(0), routerSide, kP2pMask);
        uint32_t wanIf = AddInterface(nat, rn.Get(1), natSide, kP2pMask);
        Static(nat)->SetDefaultRoute(routerSide, wanIf);
        m_natDevices[j].first = rn.Get(1);
        if (m_config.loss > 0)
        {
            for (uint32_t d = 0; d < 2; ++d)
            {
                Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
                em->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
                em->SetAttribute("ErrorRate", DoubleValue(m_config.loss));
                rn.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(em));
                m_errorModels.push_back(em);
            }
        }
    }
    m_peers.resize(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        // Clients spread evenly: NAT j has clients [j*n/m, (j+1)*n/m).
        uint32_t j = static_cast<uint32_t>(uint64_t(i) * m / n);
        Ptr<Node> nat = m_natNodes.Get(j);
        Ptr<Node> peer = m_peerNodes.Get(i);
        NetDeviceContainer np = lan.Install(nat, peer);
        Ipv4Address natSide(kPeerBase + 4 * i + 1);
        Ipv4Address peerSide(kPeerBase + 4 * i + 2);
        AddInterface(nat, np.Get(0), natSide, kP2pMask);
        uint32_t peerIf = AddInterface(peer, np.Get(1), peerSide, kP2pMask);
        Static(peer)->SetDefaultRoute(natSide, peerIf);
        if (!m_natDevices[j].second)
        {
            m_natDevices[j].second = np.Get(0);
        }
        Peer& p = m_peers[i];
        p.node = peer;
        p.address = peerSide;
        p.nat = j;
    }
}

void
RemoteAccessHelper::BuildNats(int64_t& stream)
{
    NatHelper nat;
    nat.SetMode("pat");
    nat.SetMappingBehaviour(m_config.natMapping);
    nat.SetFilteringBehaviour(m_config.natFiltering);
    nat.SetAttribute("InboundRefresh", BooleanValue(m_config.natInboundRefresh));
    m_natBoxes.resize(m_config.nats);
    m_natTimeoutS.resize(m_config.nats);
    for (uint32_t j = 0; j < m_config.nats; ++j)
    {
        Time timeout = m_timeouts.Draw(m_random);
        m_natTimeoutS[j] = timeout.GetSeconds();
        nat.SetAttribute("UdpTimeout", TimeValue(timeout));
        Ptr<Node> node = m_natNodes.Get(j);
        Ptr<Ipv4> ip = node->GetObject<Ipv4>();
        std::vector<uint32_t> inside;
        for (uint32_t i = 2; i < ip->GetNInterfaces(); ++i)
        {
            inside.push_back(i); // 0 loopback, 1 WAN, then the clients
        }
        m_natBoxes[j] = nat.Install(node, inside, 1);
    }
    stream += NatHelper::AssignStreams(m_natNodes, stream);
    for (const auto& em : m_errorModels)
    {
        stream += em->AssignStreams(stream); // in creation order: fixed
    }
}

void
RemoteAccessHelper::BuildIpsec(int64_t& stream)
{
    IpsecHelper ipsec;
    ipsec.SetAttribute("TunnelMtu", UintegerValue(1400));
    if (m_config.exportKeys)
    {
        ipsec.EnableKeyExport(m_config.outDir + "/esp_sa");
    }
    ipsec.Install(m_hub);
    ipsec.Install(m_peerNodes);
    stream += ipsec.AssignStreams(NodeContainer(NodeContainer(m_hub), m_peerNodes), stream);

    IkeHelper ike;
    ike.SetAttribute("NatKeepalive", TimeValue(m_config.keepalive));
    ike.SetAttribute("KeepaliveCountsReceived", BooleanValue(m_config.keepaliveCountsReceived));
    ike.SetAttribute("DpdInterval", TimeValue(m_config.dpd));
    if (m_config.exportKeys)
    {
        ike.EnableKeyExport(m_config.outDir + "/ikev1_decryption_table");
    }
    ike.Install(m_hub);
    ike.Install(m_peerNodes);
    stream += IkeHelper::AssignStreams(NodeContainer(NodeContainer(m_hub), m_peerNodes), stream);

    // The hub's CPU.
    m_cpu = CreateObject<CpuModel>();
    m_cpu->SetAttribute("Cores", UintegerValue(m_config.hubCores));
    m_cpu->SetAttribute("QueueLimit", UintegerValue(m_config.hubQueueLimit));
    m_hub->AggregateObject(m_cpu);
    if (m_profile != CpuCostProfile::Zero())
    {
        // With every cost zero the model would only add a zero-length job
        // (an event) per packet and message: leave it detached; its busy
        // time stays zero for the summary.
        IpsecHelper::GetStack(m_hub)->SetCpu(m_cpu, m_profile);
    }

    IkeProposal policy{IpsecHelper::ParseCipher("aes128"), HashAlgorithm::SHA2_256,
                       m_config.dhGroup, Seconds(86400)};
    IpsecTransform transform;
    transform.cipher = "aes128";
    transform.integrity = "sha256";
    transform.mode = IpsecMode::TUNNEL;

    // The hub: one dynamic connection for every client (IOS crypto dynamic-map).
    Ptr<IkeAgent> hub = IkeHelper::GetAgent(m_hub);
    hub->AddPreSharedKey(Ipv4Address::GetAny(), Ipv4Mask::GetZero(), kPsk);
    IkeConnection dyn;
    dyn.name = "dynmap";
    dyn.localAddress = kHubWan;
    dyn.proposals = {policy};
    dyn.transform = transform;
    dyn.ipsecLifetime = m_config.ipsecLifetime;
    dyn.selector.source = Ipv4Address("172.16.0.0");
    dyn.selector.sourceMask = Ipv4Mask("255.255.0.0");
    dyn.selector.destination = Ipv4Address("10.0.0.0");
    dyn.selector.destinationMask = Ipv4Mask("255.0.0.0");
    dyn.dynamic = true;
    hub->AddConnection(dyn);

    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        Peer& p = m_peers[i];
        p.agent = IkeHelper::GetAgent(p.node);
        p.agent->AddPreSharedKey(kHubWan, Ipv4Mask::GetOnes(), kPsk);
        IkeConnection c;
        c.name = "hub";
        c.localAddress = p.address;
        c.peerAddress = kHubWan;
        c.proposals = {policy};
        c.transform = transform;
        c.ipsecLifetime = m_config.ipsecLifetime;
        c.selector.source = p.address;
        c.selector.sourceMask = Ipv4Mask::GetOnes();
        c.selector.destination = Ipv4Address("172.16.0.0");
        c.selector.destinationMask = Ipv4Mask("255.255.0.0");
        uint32_t id = p.agent->AddConnection(c);
        p.start = Seconds(1) + m_config.startWindow * m_random->GetValue(0, 1);
        Simulator::Schedule(p.start, &IkeAgent::Initiate, p.agent, id);
        p.agent->TraceConnectWithoutContext(
            "Phase2Established",
            Callback<void, Ipv4Address, uint32_t, uint32_t, bool>(
                std::function<void(Ipv4Address, uint32_t, uint32_t, bool)>(
                    [this, i](Ipv4Address, uint32_t, uint32_t, bool) { OnPhase2(i); })));
        p.agent->TraceConnectWithoutContext(
            "PeerDead", Callback<void, Ipv4Address>(std::function<void(Ipv4Address)>(
                            [this, i](Ipv4Address) { OnPeerDead(i); })));
    }
}

void
RemoteAccessHelper::BuildApplications(int64_t& stream)
{
    m_serverApp = CreateObject<RemoteAccessServer>();
    m_serverApp->SetAttribute("Interval", TimeValue(m_config.hubInterval));
    m_server->AddApplication(m_serverApp);
    m_serverApp->SetStartTime(Seconds(0));
    stream += m_serverApp->AssignStreams(stream);
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        Peer& p = m_peers[i];
        p.app = CreateObject<RemoteAccessClient>();
        p.app->SetAttribute("Pattern", EnumValue(static_cast<int>(m_config.peerTraffic)));
        p.app->SetAttribute("Interval", TimeValue(m_config.peerInterval));
        p.app->SetAttribute("Listen", BooleanValue(m_config.hubInterval > Time(0)));
        p.app->SetServer(kServer);
        p.app->SetIndex(i);
        p.node->AddApplication(p.app);
        p.app->SetStartTime(Seconds(0));
        stream += p.app->AssignStreams(stream);
        p.app->TraceConnectWithoutContext("Rx",
                                          Callback<void, Time>(std::function<void(Time)>(
                                              [this, i](Time sentAt) { OnDelivered(i, sentAt); })));
    }
}

void
RemoteAccessHelper::BuildPlain(int64_t& stream)
{
    // Routers in place of the NATs (their static default routes already
    // lead to the aggregation routers), and no queue of crypto work.
    m_natTimeoutS.assign(m_config.nats, 0);
    m_cpu = CreateObject<CpuModel>();
    m_cpu->SetAttribute("Cores", UintegerValue(m_config.hubCores));
    m_serverApp = CreateObject<RemoteAccessServer>();
    m_serverApp->SetAttribute("Interval", TimeValue(Seconds(0)));
    m_serverApp->SetAttribute("Port", UintegerValue(4500));
    m_hub->AddApplication(m_serverApp);
    stream += m_serverApp->AssignStreams(stream);
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        Peer& p = m_peers[i];
        p.app = CreateObject<RemoteAccessClient>();
        p.app->SetAttribute("Pattern", EnumValue(static_cast<int>(PeerTrafficPattern::PERIODIC)));
        p.app->SetAttribute(
            "Interval", TimeValue(m_config.keepalive > Time(0) ? m_config.keepalive : Seconds(20)));
        p.app->SetAttribute("Size", UintegerValue(1));
        p.app->SetAttribute("Port", UintegerValue(4500));
        p.app->SetAttribute("ServerPort", UintegerValue(4500));
        p.app->SetServer(kHubWan);
        p.node->AddApplication(p.app);
        stream += p.app->AssignStreams(stream);
        p.start = Seconds(1) + m_config.startWindow * m_random->GetValue(0, 1);
        Simulator::Schedule(p.start, &RemoteAccessClient::StartSending, p.app);
    }
}

void
RemoteAccessHelper::OnPhase2(uint32_t i)
{
    Peer& p = m_peers[i];
    if (!p.firstUp)
    {
        p.firstUp = Simulator::Now();
    }
    if (!p.up)
    {
        p.up = true;
        ++m_tunnelsUp;
    }
    m_serverApp->Connect(i, p.address);
    p.app->StartSending();
}

void
RemoteAccessHelper::OnPeerDead(uint32_t i)
{
    Peer& p = m_peers[i];
    if (p.up)
    {
        p.up = false;
        --m_tunnelsUp;
    }
    m_serverApp->Disconnect(i);
}

void
RemoteAccessHelper::OnDelivered(uint32_t i, Time sentAt)
{
    ++m_seriesDelivered;
    Peer& p = m_peers[i];
    if (p.upAtReboot && !p.recovered && sentAt >= m_config.rebootAt)
    {
        p.recovered = Simulator::Now();
    }
}

void
RemoteAccessHelper::Reboot()
{
    for (auto& p : m_peers)
    {
        p.upAtReboot = p.up;
    }
    for (auto& box : m_natBoxes)
    {
        box->Reboot(m_config.rebootMovesPorts);
    }
}

void
RemoteAccessHelper::SampleCpu()
{
    Time busy = m_cpu->GetBusyTime();
    double u = (busy - m_lastBusy).GetSeconds() / double(m_config.hubCores);
    m_lastBusy = busy;
    m_cpuSamples.push_back(u);
    if (m_end == Time(0) || Simulator::Now() + Seconds(1) < m_end)
    {
        Simulator::Schedule(Seconds(1), &RemoteAccessHelper::SampleCpu, this);
    }
}

void
RemoteAccessHelper::SampleSeries()
{
    uint64_t sent = m_serverApp->GetTotalSent();
    Sample s;
    s.at = Simulator::Now();
    std::size_t seconds = static_cast<std::size_t>(m_config.sampleInterval.GetSeconds());
    double sum = 0;
    std::size_t have = std::min(seconds, m_cpuSamples.size());
    for (std::size_t k = m_cpuSamples.size() - have; k < m_cpuSamples.size(); ++k)
    {
        sum += m_cpuSamples[k];
    }
    s.cpu = have == 0 ? 0 : sum / double(have);
    s.tunnelsUp = m_tunnelsUp;
    s.sent = sent - m_seriesSent;
    s.delivered = m_seriesDelivered;
    m_seriesSent = sent;
    m_seriesDelivered = 0;
    m_series.push_back(s);
    if (m_end == Time(0) || Simulator::Now() + m_config.sampleInterval < m_end)
    {
        Simulator::Schedule(m_config.sampleInterval, &RemoteAccessHelper::SampleSeries, this);
    }
}

std::optional<double>
RemoteAccessHelper::SteadyCpu() const
{
    // One sample per second from t = 1 s: skip the start window and the 30 s
    // after it, where the handshakes are.
    std::size_t first
        = static_cast<std::size_t>(std::ceil((m_config.startWindow + Seconds(30)).GetSeconds()));
    if (m_cpuSamples.size() <= first)
    {
        return std::nullopt;
    }
    double sum = 0;
    for (std::size_t k = first; k < m_cpuSamples.size(); ++k)
    {
        sum += m_cpuSamples[k];
    }
    return sum / double(m_cpuSamples.size() - first);
}

uint32_t
RemoteAccessHelper::GetTunnelsUp() const
{
    return m_tunnelsUp;
}

std::vector<RemoteAccessHelper::PeerResult>
RemoteAccessHelper::PeerResults() const
{
    std::vector<PeerResult> out;
    out.reserve(m_peers.size());
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        const Peer& p = m_peers[i];
        PeerResult r;
        r.nat = p.nat;
        r.natTimeoutS = m_natTimeoutS[p.nat];
        if (p.firstUp)
        {
            r.setupS = (*p.firstUp - p.start).GetSeconds();
        }
        if (p.recovered)
        {
            r.recoveryS = (*p.recovered - m_config.rebootAt).GetSeconds();
        }
        r.hubToPeerSent = m_serverApp->GetSent(i);
        r.hubToPeerDelivered = p.app->GetReceived();
        r.peerToHubSent = p.app->GetSent();
        r.peerToHubDelivered = m_serverApp->GetReceived(i);
        r.upAtEnd = p.up;
        out.push_back(r);
    }
    return out;
}

namespace
{
/// Summary columns of drop counts: name, count.
using DropColumns = std::vector<std::pair<std::string, uint64_t>>;

/// One column per drop reason of a layer: the sum over \p objects.
template<typename Reason, typename Object>
void
AddDropColumns(DropColumns& out, const std::string& layer, std::size_t reasons,
               const std::vector<Ptr<Object>>& objects)
{
    for (std::size_t r = 0; r < reasons; ++r)
    {
        auto reason = static_cast<Reason>(r);
        uint64_t sum = 0;
        for (const auto& o : objects)
        {
            sum += o->GetDropCount(reason);
        }
        out.emplace_back("drop_" + layer + "_" + Column(ToString(reason)), sum);
    }
}

/// Every drop column, in a fixed order (empty inputs: the names, all zero).
DropColumns
CountDrops(const std::vector<Ptr<NatBox>>& nats, const std::vector<Ptr<IpsecStack>>& stacks,
           const std::vector<Ptr<IkeAgent>>& agents, Ptr<CpuModel> cpu)
{
    DropColumns columns;
    AddDropColumns<NatDropReason>(columns, "nat", kNatDropReasonCount, nats);
    AddDropColumns<IpsecDropReason>(columns, "ipsec", kIpsecDropReasonCount, stacks);
    AddDropColumns<IkeDropReason>(columns, "ike", kIkeDropReasonCount, agents);
    columns.emplace_back("drop_cpu_queue_full", cpu ? cpu->GetCounters().dropped : 0);
    return columns;
}
} // namespace

void
RemoteAccessHelper::WriteSummaryHeader(std::ostream& os) const
{
    os << "peers,nats,keepalive_s,nat_timeout,dpd_s,cpu_profile,hub_cores,duration_s,seed,run,"
          "hub_interval_s,peer_traffic,loss,wan_delay_ms,reboot_at_s,keepalive_counts_received,"
          "tunnels_established,tunnels_up_end,setup_median_s,setup_p95_s,setup_max_s,"
          "hub_to_peer_sent,hub_to_peer_delivered,hub_to_peer_delivery,peer_to_hub_sent,"
          "peer_to_hub_delivered,peer_to_hub_delivery,keepalives_sent,keepalive_bytes_per_s,"
          "dpd_bytes_per_s,ike_bytes_per_s,hub_cpu_mean,hub_cpu_p95,hub_cpu_max,"
          "recovered_peers,recovery_median_s,recovery_p95_s,hub_cpu_steady";
    for (const auto& [name, n] : CountDrops({}, {}, {}, nullptr))
    {
        os << "," << name;
    }
    os << "\n";
}

void
RemoteAccessHelper::WriteSummaryRow(std::ostream& os) const
{
    const RemoteAccessConfig& c = m_config;
    auto results = PeerResults();
    std::vector<double> setup;
    std::vector<double> recovery;
    uint64_t h2pSent = 0;
    uint64_t h2pDelivered = 0;
    uint64_t p2hSent = 0;
    uint64_t p2hDelivered = 0;
    uint32_t upEnd = 0;
    for (const auto& r : results)
    {
        if (r.setupS)
        {
            setup.push_back(*r.setupS);
        }
        if (r.recoveryS)
        {
            recovery.push_back(*r.recoveryS);
        }
        h2pSent += r.hubToPeerSent;
        h2pDelivered += r.hubToPeerDelivered;
        p2hSent += r.peerToHubSent;
        p2hDelivered += r.peerToHubDelivered;
        upEnd += r.upAtEnd ? 1 : 0;
    }
    std::vector<Ptr<IkeAgent>> agents;
    std::vector<Ptr<IpsecStack>> stacks;
    if (!c.plain)
    {
        agents.push_back(GetHubAgent());
        stacks.push_back(IpsecHelper::GetStack(m_hub));
        for (const auto& p : m_peers)
        {
            agents.push_back(p.agent);
            stacks.push_back(IpsecHelper::GetStack(p.node));
        }
    }
    uint64_t keepaliveBytes = 0;
    uint64_t dpdBytes = 0;
    uint64_t ikeBytes = 0;
    for (const auto& a : agents)
    {
        keepaliveBytes += a->GetTxBytes(IkeTraffic::NAT_KEEPALIVE);
        dpdBytes += a->GetTxBytes(IkeTraffic::DPD);
        for (IkeTraffic k :
             {IkeTraffic::MAIN_MODE, IkeTraffic::AGGRESSIVE_MODE, IkeTraffic::QUICK_MODE,
              IkeTraffic::INFORMATIONAL, IkeTraffic::RETRANSMISSION})
        {
            ikeBytes += a->GetTxBytes(k);
        }
    }
    double duration = m_end > Time(0) ? m_end.GetSeconds() : Simulator::Now().GetSeconds();
    double perS = duration > 0 ? 1.0 / duration : 0;
    double cpuMean = duration > 0 ? m_cpu->GetBusyTime().GetSeconds() / (duration * c.hubCores) : 0;
    auto cpuP95 = Percentile(m_cpuSamples, 95);
    auto cpuMax = m_cpuSamples.empty()
                      ? std::optional<double>()
                      : *std::max_element(m_cpuSamples.begin(), m_cpuSamples.end());

    os << c.peers << "," << c.nats << "," << Num(c.keepalive.GetSeconds()) << "," << c.natTimeout
       << "," << Num(c.dpd.GetSeconds()) << "," << c.cpuProfile << "," << c.hubCores << ","
       << Num(duration) << "," << RngSeedManager::GetSeed() << "," << RngSeedManager::GetRun()
       << "," << Num(c.hubInterval.GetSeconds()) << "," << ToString(c.peerTraffic) << ","
       << Num(c.loss) << "," << Num(c.wanDelay.GetSeconds() * 1000) << ","
       << Num(c.rebootAt.GetSeconds()) << "," << (c.keepaliveCountsReceived ? 1 : 0) << ","
       << setup.size() << "," << upEnd << "," << Opt(Percentile(setup, 50)) << ","
       << Opt(Percentile(setup, 95)) << "," << Opt(Percentile(setup, 100)) << "," << h2pSent << ","
       << h2pDelivered << "," << Ratio(h2pDelivered, h2pSent) << "," << p2hSent << ","
       << p2hDelivered << "," << Ratio(p2hDelivered, p2hSent) << "," << keepaliveBytes / 29 << ","
       << Num(double(keepaliveBytes) * perS) << "," << Num(double(dpdBytes) * perS) << ","
       << Num(double(ikeBytes) * perS) << "," << Num(cpuMean) << "," << Opt(cpuP95) << ","
       << Opt(cpuMax) << "," << recovery.size() << "," << Opt(Percentile(recovery, 50)) << ","
       << Opt(Percentile(recovery, 95)) << "," << Opt(SteadyCpu());
    for (const auto& [name, n] : CountDrops(m_natBoxes, stacks, agents, m_cpu))
    {
        os << "," << n;
    }
    os << "\n";
}

void
RemoteAccessHelper::WriteTimeseries(std::ostream& os) const
{
    os << "time_s,hub_cpu_utilisation,tunnels_up,hub_to_peer_sent,hub_to_peer_delivered,"
          "hub_to_peer_delivery\n";
    for (const auto& s : m_series)
    {
        os << Num(s.at.GetSeconds()) << "," << Num(s.cpu) << "," << s.tunnelsUp << "," << s.sent
           << "," << s.delivered << "," << Ratio(s.delivered, s.sent) << "\n";
    }
}

void
RemoteAccessHelper::WritePeers(std::ostream& os) const
{
    const RemoteAccessConfig& c = m_config;
    os << "loss,keepalive_s,nat_timeout,dpd_s,peer,nat,peer_nat_timeout_s,setup_s,recovery_s,"
          "hub_to_peer_sent,hub_to_peer_delivered\n";
    auto results = PeerResults();
    for (uint32_t i = 0; i < results.size(); ++i)
    {
        const auto& r = results[i];
        os << Num(c.loss) << "," << Num(c.keepalive.GetSeconds()) << "," << c.natTimeout << ","
           << Num(c.dpd.GetSeconds()) << "," << i << "," << r.nat << "," << Num(r.natTimeoutS)
           << "," << Opt(r.setupS) << "," << Opt(r.recoveryS) << "," << r.hubToPeerSent << ","
           << r.hubToPeerDelivered << "\n";
    }
}

void
RemoteAccessHelper::PrintReport(std::ostream& os) const
{
    auto results = PeerResults();
    uint32_t established = 0;
    uint64_t sent = 0;
    uint64_t delivered = 0;
    for (const auto& r : results)
    {
        established += r.setupS ? 1 : 0;
        sent += r.hubToPeerSent;
        delivered += r.hubToPeerDelivered;
    }
    os << "peers " << m_config.peers << " behind " << m_config.nats << " NATs: tunnels established "
       << established << ", up at end " << m_tunnelsUp << "; hub-to-peer delivered " << delivered
       << "/" << sent;
    if (sent > 0)
    {
        os << " (" << std::fixed << std::setprecision(3) << double(delivered) / double(sent)
           << std::defaultfloat << ")";
    }
    os << "; hub CPU busy " << m_cpu->GetBusyTime().GetSeconds() << " s on " << m_config.hubCores
       << " cores\n";
}

Ptr<Node>
RemoteAccessHelper::GetHub() const
{
    return m_hub;
}

Ptr<Node>
RemoteAccessHelper::GetServer() const
{
    return m_server;
}

Ptr<Node>
RemoteAccessHelper::GetPeer(uint32_t i) const
{
    return m_peers.at(i).node;
}

Ptr<Node>
RemoteAccessHelper::GetNat(uint32_t j) const
{
    return m_natNodes.Get(j);
}

Ptr<NatBox>
RemoteAccessHelper::GetNatBox(uint32_t j) const
{
    return m_natBoxes.at(j);
}

Ptr<CpuModel>
RemoteAccessHelper::GetHubCpu() const
{
    return m_cpu;
}

Ptr<IkeAgent>
RemoteAccessHelper::GetHubAgent() const
{
    return IkeHelper::GetAgent(m_hub);
}

Ptr<IkeAgent>
RemoteAccessHelper::GetPeerAgent(uint32_t i) const
{
    return m_peers.at(i).agent;
}

Ptr<RemoteAccessServer>
RemoteAccessHelper::GetServerApp() const
{
    return m_serverApp;
}

Ptr<NetDevice>
RemoteAccessHelper::GetHubWanDevice() const
{
    return m_hubWan;
}

std::pair<Ptr<NetDevice>, Ptr<NetDevice>>
RemoteAccessHelper::GetNatDevices(uint32_t j) const
{
    return m_natDevices.at(j);
}

} // namespace ns3
