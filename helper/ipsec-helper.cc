/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecHelper");

namespace
{
void
OnSaInstalled(std::shared_ptr<EspSaKeyLog> log, const IpsecSaConfig& sa, bool)
{
    log->Add(sa);
}

Ipv4Address
Or(Ipv4Address a, Ipv4Address fallback)
{
    return a == Ipv4Address::GetAny() ? fallback : a;
}

IpsecSelector
Host(Ipv4Address src, Ipv4Address dst, const IpsecSelector& ports)
{
    IpsecSelector s = ports;
    s.source = src;
    s.sourceMask = Ipv4Mask::GetOnes();
    s.destination = dst;
    s.destinationMask = Ipv4Mask::GetOnes();
    return s;
}
} // namespace

IpsecHelper::IpsecHelper()
    : m_random(CreateObject<UniformRandomVariable>())
{
    m_factory.SetTypeId(IpsecStack::GetTypeId());
}

void
IpsecHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<IpsecStack>
IpsecHelper::Install(Ptr<Node> node)
{
    NS_ABORT_MSG_IF(GetStack(node), "IPsec: node " << node->GetId() << " already has a stack");
    Ptr<IpsecStack> stack = m_factory.Create<IpsecStack>();
    stack->Install(node);
    node->AggregateObject(stack);
    if (m_keyLog)
    {
        stack->TraceConnectWithoutContext("SaInstalled",
                                          MakeBoundCallback(&OnSaInstalled, m_keyLog));
    }
    m_stacks.push_back(stack);
    return stack;
}

void
IpsecHelper::Install(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<IpsecStack>
IpsecHelper::GetStack(Ptr<Node> node)
{
    return node->GetObject<IpsecStack>();
}

void
IpsecHelper::EnableKeyExport(const std::string& path)
{
    m_keyLog = std::make_shared<EspSaKeyLog>(path);
    for (const auto& stack : m_stacks)
    {
        stack->TraceConnectWithoutContext("SaInstalled",
                                          MakeBoundCallback(&OnSaInstalled, m_keyLog));
    }
}

EncryptionDescriptor
IpsecHelper::ParseCipher(const std::string& name)
{
    static const std::map<std::string, std::string> names = {{"null", "null"},
                                                             {"des", "des-cbc"},
                                                             {"3des", "3des-cbc"},
                                                             {"aes", "aes-cbc-128"},
                                                             {"aes128", "aes-cbc-128"},
                                                             {"aes192", "aes-cbc-192"},
                                                             {"aes256", "aes-cbc-256"},
                                                             {"aes128gcm", "aes-gcm16-128"},
                                                             {"aes256gcm", "aes-gcm16-256"}};
    auto it = names.find(name);
    std::optional<EncryptionDescriptor> d;
    if (it != names.end())
    {
        d = FindEncryptionByName(it->second);
    }
    NS_ABORT_MSG_IF(!d, "IPsec cipher '" << name
                                         << "' is unknown: allowed null, des, 3des, aes128 (aes), "
                                            "aes192, aes256, aes128gcm, aes256gcm");
    return *d;
}

std::optional<IntegrityDescriptor>
IpsecHelper::ParseIntegrity(const std::string& name)
{
    if (name == "none")
    {
        return std::nullopt;
    }
    static const std::map<std::string, IntegrityAlgorithm> names
        = {{"md5", IntegrityAlgorithm::HMAC_MD5_96},
           {"sha", IntegrityAlgorithm::HMAC_SHA1_96},
           {"sha1", IntegrityAlgorithm::HMAC_SHA1_96},
           {"sha256", IntegrityAlgorithm::HMAC_SHA2_256_128},
           {"sha384", IntegrityAlgorithm::HMAC_SHA2_384_192},
           {"sha512", IntegrityAlgorithm::HMAC_SHA2_512_256}};
    auto it = names.find(name);
    NS_ABORT_MSG_IF(it == names.end(),
                    "IPsec integrity '" << name
                                        << "' is unknown: allowed none, md5, sha1 (sha), sha256, "
                                           "sha384, sha512");
    return GetIntegrityDescriptor(it->second);
}

namespace
{
/**
 * \param resolved the names looked up so far, with their registry entries
 * \param name the name to resolve
 * \param parse resolves a name the first time (stops when it is unknown)
 * \return the registry entry of \p name
 */
template<typename D, typename P>
const D*
Resolve(std::map<std::string, const D*>& resolved, const std::string& name, P parse)
{
    auto it = resolved.find(name);
    if (it == resolved.end())
    {
        it = resolved.emplace(name, RegistryEntry(parse(name))).first;
    }
    return it->second;
}
} // namespace

const EncryptionDescriptor*
IpsecHelper::CipherEntry(const std::string& name)
{
    // Names resolved once each; the registry's entries live for the program.
    static std::map<std::string, const EncryptionDescriptor*> resolved;
    return Resolve(resolved, name, &IpsecHelper::ParseCipher);
}

const IntegrityDescriptor*
IpsecHelper::IntegrityEntry(const std::string& name)
{
    static std::map<std::string, const IntegrityDescriptor*> resolved;
    return Resolve(resolved, name, &IpsecHelper::ParseIntegrity);
}

IpsecSaConfig
IpsecHelper::SaConfigFor(const IpsecTransform& transform)
{
    IpsecSaConfig c;
    c.protocol = transform.protocol;
    c.mode = transform.mode;
    if (transform.protocol == IpsecProtocol::ESP)
    {
        c.encryption = CipherEntry(transform.cipher);
        if (!c.encryption->IsAead())
        {
            c.integrity = IntegrityEntry(transform.integrity);
        }
    }
    else
    {
        c.integrity = IntegrityEntry(transform.integrity);
    }
    return c;
}

int64_t
IpsecHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    m_random->SetStream(stream);
    int64_t used = 1;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<IpsecStack> s = GetStack(*it))
        {
            used += s->AssignStreams(stream + used);
        }
    }
    return used;
}

Bytes
IpsecHelper::RandomKey(std::size_t octets)
{
    Bytes k(octets);
    for (auto& b : k)
    {
        b = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
    return k;
}

uint32_t
IpsecHelper::NewSpi()
{
    // RFC 4303 section 2.1: 1..255 are reserved by IANA.
    return m_random->GetInteger(256, 0xFFFFFFFFU);
}

void
IpsecHelper::Install(Ptr<Node> node, const IpsecSaConfig& config, bool outbound, uint32_t bundle)
{
    Ptr<IpsecStack> stack = GetStack(node);
    NS_ABORT_MSG_IF(!stack, "IPsec: node " << node->GetId()
                                           << " has no IPsec stack (IpsecHelper::Install)");
    std::string err = stack->AddSa(config, outbound, bundle);
    NS_ABORT_MSG_IF(!err.empty(), "IPsec: SA on node " << node->GetId() << ": " << err);
}

std::pair<uint32_t, uint32_t>
IpsecHelper::AddManualTunnel(const IpsecManualTunnel& t)
{
    NS_ABORT_MSG_IF(!t.a || !t.b, "IPsec: a manual tunnel needs both nodes");
    Ipv4Address aSeen = Or(t.aSeenByB, t.aAddress);
    Ipv4Address bSeen = Or(t.bSeenByA, t.bAddress);
    bool esp = t.transform.protocol == IpsecProtocol::ESP;
    bool transport = t.transform.mode == IpsecMode::TRANSPORT;
    bool udp = t.encapsulation == IpsecEncapsulation::UDP;

    IpsecSaConfig base = SaConfigFor(t.transform);
    base.encapsulation = t.encapsulation;
    base.lifetime = t.lifetime;
    base.replayWindow = t.replayWindow;
    NS_ABORT_MSG_IF(!esp && !base.integrity, "IPsec: AH needs an integrity algorithm, not 'none'");

    // Selectors as each end sees the traffic.
    IpsecSelector aOut = transport ? Host(t.aAddress, bSeen, t.aToB) : t.aToB;
    IpsecSelector bIn = transport ? Host(aSeen, t.bAddress, t.aToB) : t.aToB;
    IpsecSelector bOut = bIn.Mirror();
    IpsecSelector aIn = aOut.Mirror();

    auto keyed = [&](IpsecSaConfig c)
    {
        c.spi = NewSpi();
        if (c.encryption)
        {
            c.encryptionKey = RandomKey(c.encryption->KeyMaterialOctets());
        }
        if (c.integrity)
        {
            c.integrityKey = RandomKey(c.integrity->keyOctets);
        }
        return c;
    };

    // a -> b
    IpsecSaConfig ab = keyed(base);
    ab.source = t.aAddress;
    ab.destination = bSeen;
    ab.sourcePort = 4500;
    ab.destinationPort = t.bPortSeenByA;
    ab.selector = aOut;
    IpsecSaConfig abIn = ab; // the same SA as b receives it
    abIn.source = aSeen;
    abIn.sourcePort = t.aPortSeenByB;
    abIn.destination = t.bAddress;
    abIn.selector = bIn;
    if (transport && udp)
    {
        abIn.originalSource = t.aAddress; // NAT-OA: what a put in its checksum
        abIn.originalDestination = bSeen;
    }
    // b -> a
    IpsecSaConfig ba = keyed(base);
    ba.source = t.bAddress;
    ba.destination = aSeen;
    ba.sourcePort = 4500;
    ba.destinationPort = t.aPortSeenByB;
    ba.selector = bOut;
    IpsecSaConfig baIn = ba;
    baIn.source = bSeen;
    baIn.sourcePort = t.bPortSeenByA;
    baIn.destination = t.aAddress;
    baIn.selector = aIn;
    if (transport && udp)
    {
        baIn.originalSource = t.bAddress;
        baIn.originalDestination = aSeen;
    }

    uint32_t bundle = m_nextBundle++;
    Install(t.a, ab, true, bundle);
    Install(t.a, baIn, false, bundle);
    Install(t.b, ba, true, bundle);
    Install(t.b, abIn, false, bundle);

    IpsecPolicy pa;
    pa.name = "manual-" + std::to_string(bundle);
    pa.selector = aOut;
    pa.action = IpsecPolicyAction::PROTECT;
    pa.saBundle = bundle;
    GetStack(t.a)->GetSpd().Add(pa);
    IpsecPolicy pb = pa;
    pb.selector = bOut;
    GetStack(t.b)->GetSpd().Add(pb);
    NS_LOG_INFO("manual tunnel " << bundle << ": SPI a->b " << ab.spi << ", b->a " << ba.spi);
    return {ab.spi, ba.spi};
}

} // namespace ns3
