/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_CRYPTO_WORK_H
#define IPSEC_NAT_CRYPTO_WORK_H

#include "crypto-registry.h"

#include <array>
#include <cstdint>
#include <map>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief A tally of the expensive operations the crypto classes performed.
 *
 * DhKeyPair::Generate, DhKeyPair::ComputeSharedSecret and every Prf
 * computation add one to the tally of the calling thread. A protocol layer
 * that wants to charge its work to a simulated processor takes a copy
 * before a piece of work and subtracts it afterwards (operator-): the
 * difference is exactly what OpenSSL was asked to do, not an estimate.
 * The tally never resets; only differences mean anything.
 */
struct CryptoWork
{
    std::map<uint16_t, uint64_t> dhGenerate; //!< key pairs generated, by DH group number
    std::map<uint16_t, uint64_t> dhAgree;    //!< shared secrets computed, by DH group number
    std::array<uint64_t, 5> prf{};           //!< PRF (HMAC) calls, by HashAlgorithm

    /** \return the operations in this tally and not in \p earlier (an earlier copy) */
    CryptoWork operator-(const CryptoWork& earlier) const;
    /** \return true when no operation is counted */
    bool Empty() const;
};

/** \return the calling thread's running tally. */
CryptoWork& CryptoWorkTally();

} // namespace ns3

#endif /* IPSEC_NAT_CRYPTO_WORK_H */
