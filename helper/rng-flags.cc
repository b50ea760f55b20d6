/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "rng-flags.h"

#include "ns3/abort.h"
#include "ns3/rng-seed-manager.h"

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
    uint64_t v = 0;
    bool ok = !text.empty() && text.size() <= 20;
    for (char c : text)
    {
        ok = ok && c >= '0' && c <= '9';
    }
    if (ok)
    {
        for (char c : text)
        {
            uint64_t digit = static_cast<uint64_t>(c - '0');
            if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10)
            {
                ok = false;
                break;
            }
            v = v * 10 + digit;
        }
    }
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
