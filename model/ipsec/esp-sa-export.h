/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ESP_SA_EXPORT_H
#define IPSEC_NAT_ESP_SA_EXPORT_H

#include "security-association.h"

#include <fstream>
#include <set>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * One line of Wireshark's `esp_sa` UAT file (the format tshark 4.0 reads
 * with `-o uat:esp_sa:...` or from its configuration folder):
 *
 *     "IPv4","*","*","0x0000a001","AES-CBC [RFC3602]","0x...","HMAC-SHA-1-96 [RFC2404]","0x..."
 *
 * Addresses are written as the wildcard "*": SPIs are unique, and the same
 * line then decrypts the SA on both sides of a NAT. GCM keys carry their
 * 4-octet salt at the end, as Wireshark expects. AH SAs have no line
 * (Wireshark checks no AH ICVs and AH is not encrypted).
 * \return the line without a newline, or an empty string for AH
 */
std::string FormatWiresharkEspSa(const IpsecSaConfig& sa);

/**
 * \ingroup ipsec-nat
 * Appends every ESP SA it is given to an `esp_sa` file, once per SPI.
 */
class EspSaKeyLog
{
public:
    /** \param path the file; created (truncated) now */
    explicit EspSaKeyLog(const std::string& path);
    /** Record an SA (duplicates by SPI are skipped). */
    void Add(const IpsecSaConfig& sa);
    /** \return the file name. */
    const std::string& GetPath() const;

private:
    std::string m_path;
    std::ofstream m_file;
    std::set<uint32_t> m_spis;
};

} // namespace ns3

#endif /* IPSEC_NAT_ESP_SA_EXPORT_H */
