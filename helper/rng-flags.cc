/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "rng-flags.h"

#include "ns3/abort.h"
#include "ns3/rng-seed-manager.h"

#include <charconv>
#include <limits>

namespace ns3
{

namespace
{

/**
 * \param flag the flag's name, for the message
 * \param text its value as given
 * \param min the smallest value allowed
 * \param max the largest value allowed
 * \return the value; stops with a message when it is not a number in range
 */
uint64_t
ParseNumber(const char* flag, const std::string& text, uint64_t min, uint64_t max)
{
    // Digits only: from_chars takes no sign, space or prefix for an unsigned
    // type, and reports overflow.
    uint64_t v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    bool ok = !text.empty() && ec == std::errc() && ptr == end;
    NS_ABORT_MSG_IF(!ok || v < min || v > max, "--" << flag << "='" << text
                                                    << "' is not allowed: a whole number " << min
                                                    << ".." << max);
    return v;
}

} // namespace

void
RngFlags::AddTo(CommandLine& cmd)
{
    cmd.AddValue("seed", "RngSeed (default: ns-3's --RngSeed, 1)", m_seed);
    cmd.AddValue("run", "RngRun (default: ns-3's --RngRun, 1)", m_run);
}

void
RngFlags::Apply() const
{
    if (!m_seed.empty())
    {
        // MRG32k3a needs a seed other than 0.
        RngSeedManager::SetSeed(static_cast<uint32_t>(
            ParseNumber("seed", m_seed, 1, std::numeric_limits<uint32_t>::max())));
    }
    if (!m_run.empty())
    {
        RngSeedManager::SetRun(ParseNumber("run", m_run, 0, std::numeric_limits<uint64_t>::max()));
    }
}

uint32_t
RngFlags::Seed()
{
    return RngSeedManager::GetSeed();
}

uint64_t
RngFlags::Run()
{
    return RngSeedManager::GetRun();
}

} // namespace ns3
