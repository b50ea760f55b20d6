/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ios-config-helper.h"

#include "ike-helper.h"
#include "ipsec-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IosConfigHelper");

namespace
{

/** \return "IOS config of HOSTNAME (node N)", the start of Apply()'s messages. */
std::string
Who(const IosConfig& config, Ptr<Node> node)
{
    std::ostringstream os;
    os << "IOS config of " << config.hostname;
    if (node)
    {
        os << " (node " << node->GetId() << ")";
    }
    return os.str();
}

/** \return `line N: "TEXT": MESSAGE` for a problem at \p at. */
std::string
At(const ConfigSource& at, const std::string& message)
{
    return ConfigDiagnostic{at.line, at.text, message}.ToString();
}

/** \return "crypto map NAME SEQ". */
std::string
Label(const CryptoMapEntry& e)
{
    return "crypto map " + e.map + " " + std::to_string(e.sequence);
}

/** \return the node's IPv4 addresses, or an empty list without an internet stack. */
std::vector<Ipv4Address>
AddressesOf(Ptr<Node> node)
{
    std::vector<Ipv4Address> out;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (!ipv4)
    {
        return out;
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address a = ipv4->GetAddress(i, j).GetLocal();
            if (a != Ipv4Address::GetLoopback())
            {
                out.push_back(a);
            }
        }
    }
    return out;
}

/** \return \p addresses as "a, b, c". */
std::string
Join(const std::vector<Ipv4Address>& addresses)
{
    std::string out;
    for (const auto& a : addresses)
    {
        out += (out.empty() ? "" : ", ") + IosLex::ToText(a);
    }
    return out.empty() ? "none" : out;
}

/** \return "10.1.0.0/24" */
std::string
Prefix(Ipv4Address a, Ipv4Mask m)
{
    return IosLex::ToText(a) + "/" + std::to_string(m.GetPrefixLength());
}

} // namespace

std::string
IosConfigHelper::ParseResult::Describe(const ConfigDiagnostic& diagnostic) const
{
    return path + ": " + diagnostic.ToString();
}

IosConfigHelper::IosConfigHelper() = default;

IosConfigHelper::ParseResult
IosConfigHelper::Load(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
    {
        int error = errno;
        char cwd[4096] = "?";
        if (getcwd(cwd, sizeof(cwd)) == nullptr)
        {
            std::strcpy(cwd, "?");
        }
        NS_ABORT_MSG("IOS config " << path << ": cannot read the file ("
                                   << (error != 0 ? std::strerror(error) : "open failed")
                                   << "); a relative path is taken from the current directory "
                                   << cwd);
    }
    std::ostringstream text;
    text << file.rdbuf();
    NS_ABORT_MSG_IF(file.bad(), "IOS config " << path << ": cannot read the file (read error)");
    return Parse(text.str(), path);
}

IosConfigHelper::ParseResult
IosConfigHelper::Parse(const std::string& text, const std::string& name)
{
    ConfigResult<IosConfig> parsed = ParseIosConfig(text);
    NS_ABORT_MSG_IF(!parsed, "IOS config " << name << ": " << parsed.GetError().ToString());
    return ParseResult{name, std::move(parsed).Value()};
}

void
IosConfigHelper::SetIkeAttribute(const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_IF(name == "NatKeepalive" || name == "NatTraversal",
                    "IosConfigHelper: the IkeAgent attribute "
                        << name
                        << " comes from the configuration (crypto isakmp nat keepalive S, "
                           "[no] crypto ipsec nat-transparency udp-encapsulation), not from "
                           "SetIkeAttribute");
    m_ikeAttributes.emplace_back(name, value.Copy());
}

void
IosConfigHelper::SetIpsecAttribute(const std::string& name, const AttributeValue& value)
{
    m_ipsecAttributes.emplace_back(name, value.Copy());
}

void
IosConfigHelper::EnableKeyExport(const std::string& path)
{
    auto file = std::make_shared<std::ofstream>(path, std::ios::trunc);
    NS_ABORT_MSG_IF(!*file, "IosConfigHelper: cannot write key file " << path);
    m_keyLog = file;
}

Ptr<IkeAgent>
IosConfigHelper::AgentFor(Ptr<Node> node, const IosConfig& config)
{
    const Time keepalive = Seconds(config.natKeepalive.value_or(0));
    if (Ptr<IkeAgent> agent = IkeHelper::GetAgent(node))
    {
        TimeValue ka;
        BooleanValue natt;
        agent->GetAttribute("NatKeepalive", ka);
        agent->GetAttribute("NatTraversal", natt);
        NS_ABORT_MSG_IF(
            ka.Get() != keepalive || natt.Get() != config.natTraversal,
            Who(config, node)
                << ": the node already has an IkeAgent with NatKeepalive " << ka.Get().GetSeconds()
                << " s and NatTraversal " << natt.Get() << ", but the configuration says "
                << keepalive.GetSeconds() << " s (crypto isakmp nat keepalive; 0 = off) and "
                << config.natTraversal
                << " (crypto ipsec nat-transparency udp-encapsulation). IkeAgent::Install checks "
                   "NatKeepalive, so it is set before Install: let IosConfigHelper::Apply install "
                   "the agent, or install it with the same attributes");
        return agent;
    }
    IkeHelper ike;
    for (const auto& [name, value] : m_ikeAttributes)
    {
        ike.SetAttribute(name, *value);
    }
    ike.SetAttribute("NatTraversal", BooleanValue(config.natTraversal));
    ike.SetAttribute("NatKeepalive", TimeValue(keepalive));
    Ptr<IkeAgent> agent = ike.Install(node);
    if (m_keyLog)
    {
        agent->SetKeyLog(m_keyLog);
    }
    return agent;
}

std::vector<IkeProposal>
IosConfigHelper::ToProposals(const IosConfig& config)
{
    std::vector<IkeProposal> proposals;
    for (const auto& [priority, p] : config.policies) // std::map: priority order
    {
        const std::string n = std::to_string(priority);
        NS_ABORT_MSG_IF(p.authentication == IsakmpAuthentication::RSA_SIG,
                        Who(config, nullptr)
                            << ": "
                            << At(p.source,
                                  "crypto isakmp policy " + n
                                      + " uses rsa-sig (the IOS default when the policy has no "
                                        "authentication line), which cannot be used: the IKE "
                                        "agent has pre-shared keys only; allowed: "
                                        "authentication pre-share under policy "
                                      + n));
        std::optional<EncryptionDescriptor> encryption
            = GetEncryptionDescriptor(p.encryption, p.encryptionKeyBits);
        NS_ABORT_MSG_IF(!encryption,
                        Who(config, nullptr)
                            << ": "
                            << At(p.source, "crypto isakmp policy " + n
                                                + " has an encryption the IKE agent cannot use: "
                                                  "allowed des, 3des, aes 128|192|256"));
        proposals.push_back(
            IkeProposal{*encryption, p.hash, p.group, Seconds(double(p.lifetimeSeconds))});
    }
    return proposals;
}

IpsecTransform
IosConfigHelper::ToTransform(const IosConfig& config, const CryptoMapEntry& entry)
{
    const std::string who = Who(config, nullptr) + ": ";
    NS_ABORT_MSG_IF(entry.transformSets.empty(),
                    who << At(entry.source, Label(entry)
                                                + " has no set transform-set: allowed exactly "
                                                  "one set transform-set NAME"));
    NS_ABORT_MSG_IF(entry.transformSets.size() > 1,
                    who << At(entry.transformSetSource,
                              Label(entry) + " names " + std::to_string(entry.transformSets.size())
                                  + " transform sets, but a connection proposes one: allowed "
                                    "exactly one set transform-set NAME"));
    const std::string& name = entry.transformSets.front();
    auto it = config.transformSets.find(name);
    NS_ABORT_MSG_IF(it == config.transformSets.end(),
                    who << At(entry.transformSetSource, "transform-set " + name
                                                            + " is not defined (no crypto ipsec "
                                                              "transform-set "
                                                            + name + ")"));
    ConfigResult<IpsecTransformNames> names = it->second.ToIpsecTransform();
    NS_ABORT_MSG_IF(!names, who << names.GetError().ToString()
                                << ": allowed one ESP cipher with at most one ESP "
                                   "authentication, or one AH transform");
    IpsecTransform t;
    t.protocol = names->protocol;
    t.cipher = names->cipher;
    t.integrity = names->integrity;
    t.mode = names->mode;
    return t;
}

std::vector<uint32_t>
IosConfigHelper::Apply(Ptr<Node> node, const IosConfig& config, Ipv4Address defaultLocalAddress)
{
    NS_ABORT_MSG_IF(!node, "IosConfigHelper::Apply: no node");
    const std::string who = Who(config, node) + ": ";
    NodeState& state = m_nodes[node->GetId()];
    state.hostname = config.hostname;
    std::vector<ConfigWarning> warnings;
    auto warn = [&warnings, &who](const ConfigSource& at, const std::string& message)
    {
        warnings.push_back(ConfigWarning{at.line, at.text, message});
        NS_LOG_WARN(who << warnings.back().ToString());
    };
    const std::vector<Ipv4Address> own = AddressesOf(node);
    NS_ABORT_MSG_IF(own.empty(), who << "node " << node->GetId()
                                     << " has no IPv4 address (install the internet stack and "
                                        "address its interfaces first)");
    auto isOwn
        = [&own](Ipv4Address a) { return std::find(own.begin(), own.end(), a) != own.end(); };

    // Which crypto maps are applied, and from which local address.
    struct Use
    {
        std::string map;
        Ipv4Address local;
    };

    std::vector<Use> uses;
    const bool haveDefault = defaultLocalAddress != Ipv4Address::GetAny();
    if (config.interfaces.empty())
    {
        for (const auto& [name, entries] : config.cryptoMaps)
        {
            NS_ABORT_MSG_IF(
                !haveDefault,
                who << At(entries.front().source,
                          "the configuration has no interface section, so crypto map " + name
                              + " is applied from the address given to Apply(), and none was "
                                "given: pass the node's outer address, or add interface NAME "
                                "with ip address A MASK and crypto map "
                              + name));
            NS_ABORT_MSG_IF(!isOwn(defaultLocalAddress), who << "the address given to Apply(), "
                                                             << IosLex::ToText(defaultLocalAddress)
                                                             << ", is not an address of node "
                                                             << node->GetId() << ": allowed "
                                                             << Join(own));
            uses.push_back(Use{name, defaultLocalAddress});
        }
    }
    else
    {
        for (const InterfaceConfig& i : config.interfaces)
        {
            if (!i.cryptoMap)
            {
                continue;
            }
            Ipv4Address local = i.address.value_or(defaultLocalAddress);
            NS_ABORT_MSG_IF(local == Ipv4Address::GetAny(),
                            who << At(i.source, "interface " + i.name + " has crypto map "
                                                    + *i.cryptoMap
                                                    + " but no ip address: add ip address "
                                                      "A MASK (or pass the node's address to "
                                                      "Apply())"));
            NS_ABORT_MSG_IF(!isOwn(local), who << At(i.source, "interface " + i.name + " address "
                                                                   + IosLex::ToText(local)
                                                                   + " is not an address of node "
                                                                   + std::to_string(node->GetId())
                                                                   + ": allowed " + Join(own)));
            uses.push_back(Use{*i.cryptoMap, local});
        }
        for (const auto& [name, entries] : config.cryptoMaps)
        {
            bool used = std::any_of(uses.begin(), uses.end(),
                                    [&name = name](const Use& u) { return u.map == name; });
            if (!used)
            {
                warn(entries.front().source,
                     "crypto map " + name
                         + " is not applied to any interface (interface NAME / crypto map " + name
                         + "): nothing installed");
            }
        }
    }

    const std::vector<IkeProposal> proposals = ToProposals(config);
    if (!uses.empty())
    {
        NS_ABORT_MSG_IF(proposals.empty(),
                        who << At(config.cryptoMaps.at(uses.front().map).front().source,
                                  "crypto map " + uses.front().map
                                      + " needs an ISAKMP policy, and there is none: add crypto "
                                        "isakmp policy N with authentication pre-share"));
    }

    if (!IpsecHelper::GetStack(node))
    {
        IpsecHelper ipsec;
        for (const auto& [name, value] : m_ipsecAttributes)
        {
            ipsec.SetAttribute(name, *value);
        }
        ipsec.Install(node);
    }
    Ptr<IpsecStack> stack = IpsecHelper::GetStack(node);
    Ptr<IkeAgent> agent = AgentFor(node, config);

    for (const IsakmpKey& k : config.keys)
    {
        if (k.byHostname)
        {
            state.hostnameKeys[IosLex::ToLower(k.hostname)] = k.key;
            // Found by the identity a peer sends in clear in Aggressive Mode.
            agent->AddPreSharedKeyForIdentity(IosLex::ToLower(k.hostname), k.key);
        }
        else
        {
            agent->AddPreSharedKey(k.address, k.mask, k.key);
        }
    }
    if (config.identity == IsakmpIdentity::HOSTNAME)
    {
        warn(ConfigSource{},
             "crypto isakmp identity hostname: the IKE agent identifies itself by its address "
             "(ID_IPV4_ADDR)");
    }
    if (config.saLifetime.kilobytes != IosSaLifetime{}.kilobytes)
    {
        warn(ConfigSource{}, "crypto ipsec security-association lifetime kilobytes is not "
                             "modelled: the SAs expire by time only");
    }

    std::vector<uint32_t> ids;
    for (const Use& use : uses)
    {
        const std::vector<CryptoMapEntry>& entries = config.cryptoMaps.at(use.map);
        for (std::size_t index = 0; index < entries.size(); ++index)
        {
            const CryptoMapEntry& e = entries[index];
            const std::string label = Label(e);
            if (!e.matchAddress)
            {
                warn(e.source, label
                                   + " has no match address: IOS keeps it disabled; nothing "
                                     "installed");
                continue;
            }
            auto acl = config.acls.find(*e.matchAddress);
            if (acl == config.acls.end())
            {
                warn(e.matchAddressSource,
                     "access-list " + *e.matchAddress
                         + " is not defined: IOS accepts this and the map matches no traffic; "
                           "nothing installed for "
                         + label);
                continue;
            }
            const auto& lines = acl->second.entries;
            const bool anyPermit
                = std::any_of(lines.begin(), lines.end(),
                              [](const AclEntry& a) { return a.action == AclAction::PERMIT; });
            if (!anyPermit)
            {
                warn(e.matchAddressSource, "access-list " + *e.matchAddress
                                               + " has no permit line: nothing installed for "
                                               + label);
                continue;
            }
            NS_ABORT_MSG_IF(
                e.pfsGroup,
                who << At(e.source, label
                                        + " has set pfs, which is not supported: "
                                          "Quick Mode here has no PFS; remove set pfs"));
            const IpsecTransform transform = ToTransform(config, e);
            if (e.peers.size() > 1)
            {
                warn(e.source, label + " has " + std::to_string(e.peers.size())
                                   + " set peer lines: only the first, "
                                   + IosLex::ToText(e.peers.front())
                                   + ", is used (no backup peers)");
            }
            if (e.lifetimeKilobytes)
            {
                warn(e.source, label
                                   + ": set security-association lifetime kilobytes is not "
                                     "modelled: the SAs expire by time only");
            }
            const bool anyDeny
                = std::any_of(lines.begin(), lines.end(),
                              [](const AclEntry& a) { return a.action == AclAction::DENY; });
            if (anyDeny && index + 1 < entries.size())
            {
                warn(e.matchAddressSource,
                     "access-list " + *e.matchAddress + " of " + label
                         + " has deny lines: here they leave the traffic in clear for the whole "
                           "map, while IOS would offer it to the later entries");
            }
            const IosSaLifetime lifetime = e.EffectiveLifetime(config.saLifetime);
            uint32_t permits = 0;
            const auto permitCount
                = std::count_if(lines.begin(), lines.end(),
                                [](const AclEntry& a) { return a.action == AclAction::PERMIT; });
            for (const AclEntry& line : lines)
            {
                if (line.action == AclAction::DENY)
                {
                    IpsecPolicy bypass;
                    bypass.name = label + " deny";
                    bypass.selector = line.selector;
                    bypass.action = IpsecPolicyAction::BYPASS;
                    stack->GetSpd().Add(bypass);
                    continue;
                }
                ++permits;
                IkeConnection c;
                c.name = label + (permitCount > 1 ? " #" + std::to_string(permits) : "");
                c.localAddress = use.local;
                c.peerAddress = e.peers.front();
                c.proposals = proposals;
                c.transform = transform;
                c.selector = line.selector;
                c.ipsecLifetime = Seconds(double(lifetime.seconds));
                uint32_t id = agent->AddConnection(c);
                NS_LOG_INFO(who << label << " line " << line.source.line << " -> connection " << id
                                << " " << IosLex::ToText(c.localAddress) << " -> "
                                << IosLex::ToText(c.peerAddress));
                ids.push_back(id);
                state.ids.push_back(id);
                state.connection[id] = c;
            }
        }
    }
    std::stable_sort(warnings.begin(), warnings.end(),
                     [](const ConfigWarning& a, const ConfigWarning& b)
                     { return a.line < b.line; });
    state.warnings.insert(state.warnings.end(), warnings.begin(), warnings.end());
    return ids;
}

void
IosConfigHelper::InitiateAll(Ptr<Node> node, Time at) const
{
    NS_ABORT_MSG_IF(at < Simulator::Now(), "IosConfigHelper::InitiateAll: time "
                                               << at.GetSeconds() << " s is in the past (now "
                                               << Simulator::Now().GetSeconds() << " s)");
    Ptr<IkeAgent> agent = IkeHelper::GetAgent(node);
    for (uint32_t id : GetConnectionIds(node))
    {
        Simulator::Schedule(at - Simulator::Now(), &IkeAgent::Initiate, agent, id);
    }
}

std::vector<uint32_t>
IosConfigHelper::GetConnectionIds(Ptr<Node> node) const
{
    auto it = m_nodes.find(node->GetId());
    return it == m_nodes.end() ? std::vector<uint32_t>{} : it->second.ids;
}

const IkeConnection&
IosConfigHelper::GetConnection(Ptr<Node> node, uint32_t id) const
{
    auto it = m_nodes.find(node->GetId());
    NS_ABORT_MSG_IF(it == m_nodes.end() || it->second.connection.count(id) == 0,
                    "IosConfigHelper: node " << node->GetId() << " has no connection " << id
                                             << " installed by Apply()");
    return it->second.connection.at(id);
}

std::map<std::string, std::string>
IosConfigHelper::GetHostnameKeys(Ptr<Node> node) const
{
    auto it = m_nodes.find(node->GetId());
    return it == m_nodes.end() ? std::map<std::string, std::string>{} : it->second.hostnameKeys;
}

std::vector<ConfigWarning>
IosConfigHelper::GetWarnings(Ptr<Node> node) const
{
    auto it = m_nodes.find(node->GetId());
    return it == m_nodes.end() ? std::vector<ConfigWarning>{} : it->second.warnings;
}

void
IosConfigHelper::PrintCryptoMap(Ptr<Node> node, std::ostream& os) const
{
    auto it = m_nodes.find(node->GetId());
    if (it == m_nodes.end() || it->second.ids.empty())
    {
        os << "No crypto map entry installed\n";
        return;
    }
    for (uint32_t id : it->second.ids)
    {
        const IkeConnection& c = it->second.connection.at(id);
        const IpsecSelector& s = c.selector;
        os << "Crypto Map \"" << c.name << "\" (connection " << id << ")\n"
           << "        Local = " << IosLex::ToText(c.localAddress)
           << ", Peer = " << IosLex::ToText(c.peerAddress) << "\n"
           << "        Protects " << Prefix(s.source, s.sourceMask) << " -> "
           << Prefix(s.destination, s.destinationMask) << " protocol "
           << (s.protocol == 0 ? std::string("any") : std::to_string(s.protocol)) << "\n"
           << "        Transform = " << ToString(c.transform.protocol) << " " << c.transform.cipher
           << "/" << c.transform.integrity << " " << ToString(c.transform.mode) << ", lifetime "
           << c.ipsecLifetime.GetSeconds() << " s, " << c.proposals.size() << " ISAKMP polic"
           << (c.proposals.size() == 1 ? "y" : "ies") << "\n";
    }
}

} // namespace ns3
