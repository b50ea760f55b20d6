/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "esp-sa-export.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

namespace
{
std::string
Hex(const Bytes& b)
{
    std::ostringstream s;
    s << "0x" << std::hex << std::setfill('0');
    for (uint8_t x : b)
    {
        s << std::setw(2) << unsigned(x);
    }
    return s.str();
}

// Names of Wireshark's esp_encryption_type_vals / esp_authentication_type_vals
// (epan/dissectors/packet-ipsec.c), which the UAT matches literally.
const char*
WiresharkEncryption(const EncryptionDescriptor& e)
{
    switch (e.algorithm)
    {
        case EncryptionAlgorithm::NULL_ENCRYPTION:
            return "NULL";
        case EncryptionAlgorithm::DES_CBC:
            return "DES-CBC [RFC2405]";
        case EncryptionAlgorithm::TRIPLE_DES_CBC:
            return "TripleDES-CBC [RFC2451]";
        case EncryptionAlgorithm::AES_CBC:
            return "AES-CBC [RFC3602]";
        case EncryptionAlgorithm::AES_GCM_8:
            return "AES-GCM with 8 octet ICV [RFC4106]";
        case EncryptionAlgorithm::AES_GCM_12:
            return "AES-GCM with 12 octet ICV [RFC4106]";
        case EncryptionAlgorithm::AES_GCM_16:
            return "AES-GCM with 16 octet ICV [RFC4106]";
    }
    return "NULL";
}

const char*
WiresharkIntegrity(IntegrityAlgorithm a)
{
    switch (a)
    {
        case IntegrityAlgorithm::HMAC_MD5_96:
            return "HMAC-MD5-96 [RFC2403]";
        case IntegrityAlgorithm::HMAC_SHA1_96:
            return "HMAC-SHA-1-96 [RFC2404]";
        case IntegrityAlgorithm::HMAC_SHA2_256_128:
            return "HMAC-SHA-256-128 [RFC4868]";
        case IntegrityAlgorithm::HMAC_SHA2_384_192:
            return "HMAC-SHA-384-192 [RFC4868]";
        case IntegrityAlgorithm::HMAC_SHA2_512_256:
            return "HMAC-SHA-512-256 [RFC4868]";
    }
    return "NULL";
}
} // namespace

std::string
FormatWiresharkEspSa(const IpsecSaConfig& sa)
{
    if (sa.protocol != IpsecProtocol::ESP || !sa.encryption)
    {
        return "";
    }
    std::ostringstream s;
    s << "\"IPv4\",\"*\",\"*\",\"0x" << std::hex << std::setw(8) << std::setfill('0') << sa.spi
      << std::dec << "\",\"" << WiresharkEncryption(*sa.encryption) << "\",\""
      << (sa.encryptionKey.empty() ? "" : Hex(sa.encryptionKey)) << "\",\""
      << (sa.integrity ? WiresharkIntegrity(sa.integrity->algorithm) : "NULL") << "\",\""
      << (sa.integrity ? Hex(sa.integrityKey) : "") << "\"";
    return s.str();
}

EspSaKeyLog::EspSaKeyLog(const std::string& path)
    : m_path(path)
    , m_file(path, std::ios::trunc)
{
}

void
EspSaKeyLog::Add(const IpsecSaConfig& sa)
{
    std::string line = FormatWiresharkEspSa(sa);
    if (line.empty() || !m_spis.insert(sa.spi).second)
    {
        return;
    }
    m_file << line << "\n";
    m_file.flush();
}

const std::string&
EspSaKeyLog::GetPath() const
{
    return m_path;
}

} // namespace ns3
