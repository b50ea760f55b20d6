/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_SECURITY_ASSOCIATION_DATABASE_H
#define IPSEC_NAT_SECURITY_ASSOCIATION_DATABASE_H

#include "security-association.h"

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The SAD (RFC 4301 section 4.4.2): inbound SAs found by SPI, outbound SAs
 * found by the SA bundle an SPD entry names.
 *
 * Inbound lookup uses the SPI alone: this node allocates its inbound SPIs
 * and they are unique on it (RFC 4301 section 4.1: SPI-only lookup is
 * enough for unicast). An outbound bundle may hold several SAs during a
 * rekey; the newest one is used (make-before-break).
 */
class SecurityAssociationDatabase
{
public:
    /** Add an inbound SA. \return false if its SPI is taken. */
    bool AddInbound(std::unique_ptr<SecurityAssociation> sa);
    /** Add an outbound SA for \p bundle; it becomes the one used. */
    void AddOutbound(uint32_t bundle, std::unique_ptr<SecurityAssociation> sa);
    /** \return the inbound SA with \p spi, or nullptr. */
    SecurityAssociation* FindInbound(uint32_t spi) const;
    /** \return the outbound SA in use for \p bundle, or nullptr. */
    SecurityAssociation* FindOutbound(uint32_t bundle) const;
    /** \return the outbound SA with \p spi, or nullptr. */
    SecurityAssociation* FindOutboundBySpi(uint32_t spi) const;
    /** Remove the inbound SA \p spi. \return true if there was one. */
    bool RemoveInbound(uint32_t spi);
    /** Remove the outbound SA \p spi. \return true if there was one. */
    bool RemoveOutbound(uint32_t spi);
    /** \return every inbound SA, by SPI. */
    std::vector<SecurityAssociation*> Inbound() const;
    /** \return every outbound SA, by bundle then age. */
    std::vector<SecurityAssociation*> Outbound() const;

private:
    /// Where an outbound SA is: its SPI index entry and its place in its bundle.
    struct OutboundSlot
    {
        std::unordered_multimap<uint32_t, uint32_t>::const_iterator index; //!< end() if none
        std::size_t position;                                              //!< in the bundle
    };

    /** \return the slot of the outbound SA FindOutboundBySpi(\p spi) names */
    OutboundSlot LocateOutbound(uint32_t spi) const;

    std::map<uint32_t, std::unique_ptr<SecurityAssociation>> m_inbound;
    /// bundle -> SAs, oldest first
    std::map<uint32_t, std::vector<std::unique_ptr<SecurityAssociation>>> m_outbound;
    /// outbound SPI -> bundle; a multimap because peers choose these SPIs
    std::unordered_multimap<uint32_t, uint32_t> m_bundlesBySpi;
};

} // namespace ns3

#endif /* IPSEC_NAT_SECURITY_ASSOCIATION_DATABASE_H */
