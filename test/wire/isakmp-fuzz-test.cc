/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Random octets into every ISAKMP parser. Each input lives in storage of
// exactly its size, so a read past the end is a heap-buffer-overflow that
// AddressSanitizer reports (build with -fsanitize=address,undefined). A
// parser must refuse or accept, never crash; what it accepts must emit and
// parse back to the same value.

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-header.h"
#include "ns3/isakmp-message.h"
#include "ns3/isakmp-payloads.h"
#include "ns3/isakmp-sa-payload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace
{

using ns3::Bytes;
namespace PayloadType = ns3::IsakmpPayloadType;

/// Octets in a heap block of exactly their size (a std::vector may keep
/// spare capacity behind them, which AddressSanitizer would not flag).
class ExactBuffer
{
public:
    explicit ExactBuffer(const Bytes& octets)
        : m_size(octets.size())
        , m_data(m_size == 0 ? nullptr : new uint8_t[m_size])
    {
        std::copy(octets.begin(), octets.end(), m_data.get());
    }

    const uint8_t* Data() const
    {
        return m_data.get();
    }

    std::size_t Size() const
    {
        return m_size;
    }

private:
    std::size_t m_size;
    std::unique_ptr<uint8_t[]> m_data;
};

Bytes
RandomOctets(std::mt19937& rng, std::size_t maxLength)
{
    Bytes out(rng() % (maxLength + 1));
    for (auto& octet : out)
    {
        octet = static_cast<uint8_t>(rng());
    }
    return out;
}

/// Parse with T, and when accepted, check that emit and parse agree.
template<typename T>
int
FuzzTyped(const Bytes& octets)
{
    ExactBuffer buffer(octets);
    auto value = T::Parse(buffer.Data(), buffer.Size());
    if (!value)
    {
        return 0;
    }
    Bytes emitted = value->Serialize();
    auto again = T::Parse(emitted.data(), emitted.size());
    EXPECT_TRUE(again.has_value());
    if (again)
    {
        EXPECT_TRUE(*again == *value);
    }
    return 1;
}

/// Random octets shaped a little like the payload, so that parsers get
/// past their first checks often enough: the leading fields set to
/// plausible values with some probability.
Bytes
Shaped(std::mt19937& rng, Bytes octets, std::size_t doiAt)
{
    if (octets.size() >= doiAt + 4 && rng() % 2)
    {
        octets[doiAt] = 0;
        octets[doiAt + 1] = 0;
        octets[doiAt + 2] = 0;
        octets[doiAt + 3] = 1;
    }
    return octets;
}

TEST(IsakmpFuzz, RandomOctetsIntoEveryTypedParser)
{
    std::mt19937 rng(20240601);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round)
    {
        Bytes octets = RandomOctets(rng, 48);
        accepted += FuzzTyped<ns3::DataAttribute>(octets);
        accepted += FuzzTyped<ns3::TransformPayload>(octets);
        accepted += FuzzTyped<ns3::ProposalPayload>(octets);
        accepted += FuzzTyped<ns3::IdPayload>(octets);
        accepted += FuzzTyped<ns3::NatOaPayload>(octets);
        Bytes withDoi = Shaped(rng, octets, 0);
        accepted += FuzzTyped<ns3::NotificationPayload>(withDoi);
        accepted += FuzzTyped<ns3::DeletePayload>(withDoi);
        if (withDoi.size() >= 8 && rng() % 2)
        {
            withDoi[4] = 0; // SIT_IDENTITY_ONLY
            withDoi[5] = 0;
            withDoi[6] = 0;
            withDoi[7] = 1;
        }
        accepted += FuzzTyped<ns3::SaPayload>(withDoi);
        ExactBuffer buffer(octets);
        auto list = ns3::ParseDataAttributes(buffer.Data(), buffer.Size());
        if (list)
        {
            EXPECT_EQ(ns3::SerializeDataAttributes(*list), octets);
        }
    }
    // Some inputs of every kind get through (IDs, notifications and
    // attribute runs are easy to hit), so the checks above ran.
    EXPECT_GT(accepted, 1000);
}

TEST(IsakmpFuzz, RandomOctetsIntoTheChainAndMessageParsers)
{
    std::mt19937 rng(3706);
    int chains = 0;
    int messages = 0;
    for (int round = 0; round < 20000; ++round)
    {
        // Half pure noise, half a valid chain with a few octets changed.
        Bytes octets = RandomOctets(rng, 96);
        uint8_t first = static_cast<uint8_t>(rng());
        if (rng() % 2)
        {
            std::vector<ns3::IsakmpPayload> payloads(1 + rng() % 4);
            for (auto& payload : payloads)
            {
                payload.type = static_cast<uint8_t>(1 + rng() % 30);
                payload.body = RandomOctets(rng, 20);
            }
            first = payloads[0].type;
            octets = ns3::SerializePayloadChain(payloads);
            for (unsigned flips = rng() % 3; flips > 0; --flips)
            {
                octets[rng() % octets.size()] = static_cast<uint8_t>(rng());
            }
            Bytes padding = RandomOctets(rng, 16);
            octets.insert(octets.end(), padding.begin(), padding.end());
        }
        {
            ExactBuffer buffer(octets);
            auto chain = ns3::ParsePayloadChain(first, buffer.Data(), buffer.Size());
            if (chain)
            {
                ++chains;
                EXPECT_EQ(chain->chainLength + chain->ignoredOctets, octets.size());
                EXPECT_EQ(chain->offsets.size(), chain->payloads.size());
                Bytes emitted = ns3::SerializePayloadChain(chain->payloads);
                EXPECT_EQ(emitted.size(), chain->chainLength);
            }
        }
        // Make a plausible header now and then: version 1.0, right length.
        if (octets.size() >= ns3::IsakmpHeader::kSize && rng() % 2)
        {
            octets[17] = 0x10;
            octets[18] = static_cast<uint8_t>(rng() % 2 ? 2 : 32);
            octets[19] &= 0xfe; // plaintext, so the chain is walked
            const auto length = static_cast<uint32_t>(octets.size());
            octets[24] = static_cast<uint8_t>(length >> 24);
            octets[25] = static_cast<uint8_t>(length >> 16);
            octets[26] = static_cast<uint8_t>(length >> 8);
            octets[27] = static_cast<uint8_t>(length);
            if (rng() % 2)
            {
                octets[16] = PayloadType::kNone;
            }
        }
        ExactBuffer buffer(octets);
        auto header = ns3::IsakmpHeader::Parse(buffer.Data(), buffer.Size());
        EXPECT_EQ(header.has_value(), octets.size() >= ns3::IsakmpHeader::kSize);
        auto message = ns3::IsakmpMessage::Parse(buffer.Data(), buffer.Size());
        if (message)
        {
            ++messages;
            Bytes emitted = message->Serialize();
            auto again = ns3::IsakmpMessage::Parse(emitted.data(), emitted.size());
            ASSERT_TRUE(again.IsOk());
            EXPECT_EQ(again->payloads, message->payloads);
            EXPECT_EQ(again->encryptedBody, message->encryptedBody);
            EXPECT_EQ(emitted.size() + message->ignoredOctets, octets.size());
        }
    }
    EXPECT_GT(chains, 100);
    EXPECT_GT(messages, 100);
}

TEST(IsakmpFuzz, MutatedSaBodies)
{
    // Flip octets of a valid two-proposal SA: nested lengths, counts and
    // next-payload fields go wrong in every way.
    ns3::SaPayload sa;
    ns3::ProposalPayload p;
    p.protocolId = ns3::IsakmpProtocolId::kEsp;
    p.spi = {1, 2, 3, 4};
    ns3::TransformPayload t;
    t.transformId = ns3::EspTransformId::kAesCbc;
    t.SetAttribute(ns3::IpsecAttributeType::kKeyLength, 128);
    t.SetAttribute(ns3::IpsecAttributeType::kSaLifeDuration, 86400);
    p.transforms = {t, t};
    sa.proposals = {p, p};
    const Bytes body = sa.Serialize();
    ASSERT_FALSE(body.empty());
    std::mt19937 rng(2407);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round)
    {
        Bytes mutated = body;
        for (unsigned flips = 1 + rng() % 3; flips > 0; --flips)
        {
            mutated[rng() % mutated.size()] = static_cast<uint8_t>(rng());
        }
        if (rng() % 4 == 0)
        {
            mutated.resize(rng() % (mutated.size() + 1));
        }
        accepted += FuzzTyped<ns3::SaPayload>(mutated);
    }
    EXPECT_GT(accepted, 100);
}

} // namespace
