/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_RNG_FLAGS_H
#define IPSEC_NAT_RNG_FLAGS_H

#include "ns3/command-line.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \brief The --seed and --run flags of the module's examples.
 *
 * They are short names for ns-3's own --RngSeed and --RngRun, and ns-3's
 * own flags keep working: a sweep that passes --RngRun=7 gets run 7. When
 * both are given, --seed/--run win. Without either, the run is ns-3's
 * default (seed 1, run 1) or what NS_GLOBAL_VALUE says.
 *
 * \code
 *   CommandLine cmd(__FILE__);
 *   RngFlags rng;
 *   rng.AddTo(cmd);
 *   cmd.Parse(argc, argv);
 *   rng.Apply(); // stops with a message on --run=abc
 *   std::cout << "seed " << RngFlags::Seed() << " run " << RngFlags::Run();
 * \endcode
 */
class RngFlags
{
public:
    /** \param cmd gets --seed and --run */
    void AddTo(CommandLine& cmd);
    /**
     * Set ns-3's seed and run from --seed/--run where they were given.
     * Stops with a message naming the flag and the allowed values when a
     * value is not a number in range.
     */
    void Apply() const;
    /** \return the seed in effect (RngSeedManager) */
    static uint32_t Seed();
    /** \return the run in effect (RngSeedManager) */
    static uint64_t Run();

private:
    std::string m_seed; //!< --seed as given; empty when not given
    std::string m_run;  //!< --run as given; empty when not given
};

} // namespace ns3

#endif /* IPSEC_NAT_RNG_FLAGS_H */
