/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ipsec-nat-calibrate: measure what the crypto operations the CPU model
 * charges cost on this machine, through the module's own OpenSSL classes,
 * and write a CpuCostProfile file.
 *
 *   ipsec-nat-calibrate --output=my-router.profile [--quick] [--target=0.2]
 *
 * Every entry is the median of 5 batches, each batch timed with the wall
 * clock over as many operations as fill --target seconds. Per-packet and
 * per-byte ESP costs come from two sizes (64 and 1400 octets): per-byte =
 * (t1400 - t64) / 1336, per-packet = t64 - 64 * per-byte. DH costs use the
 * private value size IkeAgent uses (DhPrivateOctets = 32 for MODP). The
 * file is read back with CpuCostProfile::Load before the tool says it is
 * done. The simulation never reads the wall clock: only this tool does,
 * and only to write the file a user then loads (--cpuProfile=FILE).
 */
#include "ns3/aead.h"
#include "ns3/cipher.h"
#include "ns3/cpu-cost-profile.h"
#include "ns3/crypto-registry.h"
#include "ns3/dh-group.h"
#include "ns3/integrity.h"
#include "ns3/ipsec-helper.h"
#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-message.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{
double g_target = 0.2; // seconds per batch

/// Median seconds per call of \p op.
double
TimeOp(const std::function<void()>& op)
{
    using Clock = std::chrono::steady_clock;
    // Find a batch size that fills the target time.
    uint64_t n = 1;
    for (;;)
    {
        auto t0 = Clock::now();
        for (uint64_t i = 0; i < n; ++i)
        {
            op();
        }
        double s = std::chrono::duration<double>(Clock::now() - t0).count();
        if (s >= g_target / 4 || n > (1ULL << 30))
        {
            n = std::max<uint64_t>(1, uint64_t(double(n) * g_target / std::max(s, 1e-9)));
            break;
        }
        n *= 4;
    }
    std::vector<double> per;
    for (int b = 0; b < 5; ++b)
    {
        auto t0 = Clock::now();
        for (uint64_t i = 0; i < n; ++i)
        {
            op();
        }
        per.push_back(std::chrono::duration<double>(Clock::now() - t0).count() / double(n));
    }
    std::sort(per.begin(), per.end());
    return per[2];
}

/// A time in the profile format: nanoseconds with picosecond precision.
std::string
Ns(double seconds)
{
    double ps = std::max(0.0, std::round(seconds * 1e12));
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << ps / 1000.0 << "ns";
    return os.str();
}

void
Fail(const std::string& what)
{
    std::cerr << "ipsec-nat-calibrate: " << what << "\n";
    std::exit(1);
}

Bytes
Filled(std::size_t n, uint8_t v)
{
    return Bytes(n, v);
}

/// Per-packet and per-byte seconds from timings at 64 and 1400 octets.
std::pair<double, double>
Split(double t64, double t1400)
{
    double perByte = std::max(0.0, (t1400 - t64) / 1336.0);
    double perPacket = std::max(0.0, t64 - 64 * perByte);
    return {perPacket, perByte};
}

std::string
Host()
{
    char name[256] = {0};
    gethostname(name, sizeof(name) - 1);
    return name;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string output = "calibrated.profile";
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.rfind("--output=", 0) == 0)
        {
            output = a.substr(9);
        }
        else if (a == "--quick")
        {
            g_target = 0.01;
        }
        else if (a.rfind("--target=", 0) == 0)
        {
            g_target = std::atof(a.substr(9).c_str());
            if (!(g_target > 0 && g_target <= 10))
            {
                Fail("--target='" + a.substr(9) + "' is out of range: allowed 0 < seconds <= 10");
            }
        }
        else if (a == "--help" || a == "-h")
        {
            std::cout << "usage: ipsec-nat-calibrate [--output=FILE] [--quick] [--target=SECONDS]\n"
                         "Measures DH, PRF, ESP cipher/integrity and IKE message costs with\n"
                         "OpenSSL on this machine and writes a CpuCostProfile file.\n";
            return 0;
        }
        else
        {
            Fail("unknown argument '" + a
                 + "': allowed --output=FILE, --quick, --target=SECONDS, --help");
        }
    }

    std::ostringstream p;
    std::time_t now = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    p << "# ipsec-nat CPU cost profile calibrated by ipsec-nat-calibrate\n"
      << "# host " << Host() << ", " << date << ", " << g_target
      << " s per batch, median of 5 batches, one core, OpenSSL through the\n"
      << "# module's crypto classes (one context per SA, as the data plane keeps).\n"
      << "# Format: model/cpu/cpu-cost-profile.h. Wall-clock noise of a shared\n"
      << "# machine shows up here: calibrate on an idle one.\n\n";

    // Diffie-Hellman: key pair generation and shared secret, per group.
    uint64_t counter = 0;
    DhRandomSource random = [&counter](uint8_t* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            out[i] = uint8_t(0x5A ^ (counter >> (8 * (i % 8))) ^ i);
        }
        ++counter;
    };
    p << "# Diffie-Hellman (MODP with the 32-octet private value IkeAgent uses)\n";
    for (uint16_t group : CpuCostProfile::kDhGroups)
    {
        auto descriptor = FindDhGroup(group);
        std::size_t octets = descriptor && descriptor->kind == DhGroupKind::MODP ? 32 : 0;
        auto peer = DhKeyPair::Generate(group, random, octets);
        if (!peer)
        {
            Fail("DH group " + std::to_string(group) + " unavailable");
        }
        Bytes peerValue = peer->GetPublicValue();
        double gen = TimeOp([&]() { (void)DhKeyPair::Generate(group, random, octets); });
        auto own = DhKeyPair::Generate(group, random, octets);
        double agree = TimeOp([&]() { (void)own->ComputeSharedSecret(peerValue); });
        p << "dh-generate " << std::setw(2) << group << " " << Ns(gen) << "\n"
          << "dh-agree    " << std::setw(2) << group << " " << Ns(agree) << "\n";
        std::cerr << "dh group " << group << ": generate " << gen * 1e6 << " us, agree "
                  << agree * 1e6 << " us\n";
    }

    // PRF: one HMAC over a short input, with a context per key as IKE does.
    p << "\n# IKE PRF: one keyed HMAC call over 64 octets\n";
    const std::vector<std::pair<HashAlgorithm, const char*>> hashes{
        {HashAlgorithm::MD5, "md5"},
        {HashAlgorithm::SHA1, "sha1"},
        {HashAlgorithm::SHA2_256, "sha256"},
        {HashAlgorithm::SHA2_384, "sha384"},
        {HashAlgorithm::SHA2_512, "sha512"}};
    Bytes key = Filled(32, 0x11);
    Bytes input = Filled(64, 0x22);
    for (const auto& [hash, name] : hashes)
    {
        double t = TimeOp([&]() { (void)Prf::Compute(hash, ByteView(key), {ByteView(input)}); });
        p << "prf " << std::left << std::setw(6) << name << std::right << " " << Ns(t) << "\n";
    }

    // ESP ciphers: one context per SA, encrypt at 64 and 1400 octets.
    p << "\n# ESP ciphers (per direction): cost = cipher-packet + cipher-byte * bytes\n";
    const std::vector<std::pair<const char*, const char*>> ciphers{{"null", "null"},
                                                                   {"des", "des"},
                                                                   {"3des", "3des"},
                                                                   {"aes128", "aes-cbc"},
                                                                   {"aes128gcm", "aes-gcm"}};
    Bytes small = Filled(64, 0x33);
    Bytes large = Filled(1400, 0x33);
    Bytes out(1400 + 64);
    for (const auto& [name, family] : ciphers)
    {
        EncryptionDescriptor d = IpsecHelper::ParseCipher(name);
        Bytes k = Filled(d.KeyMaterialOctets(), 0x44);
        double t64 = 0;
        double t1400 = 0;
        if (d.algorithm == EncryptionAlgorithm::NULL_ENCRYPTION)
        {
            // Copying the payload is all NULL encryption does.
            t64 = TimeOp([&]() { std::copy(small.begin(), small.end(), out.begin()); });
            t1400 = TimeOp([&]() { std::copy(large.begin(), large.end(), out.begin()); });
        }
        else if (d.IsAead())
        {
            auto aead = AeadCipher::Create(d, ByteView(k));
            if (!aead)
            {
                Fail(std::string("cipher ") + name + " unavailable");
            }
            Bytes iv = Filled(d.ivOctets, 0x55);
            Bytes aad = Filled(8, 0x66);
            t64 = TimeOp([&]() { (void)aead->Seal(ByteView(iv), ByteView(aad), ByteView(small)); });
            t1400
                = TimeOp([&]() { (void)aead->Seal(ByteView(iv), ByteView(aad), ByteView(large)); });
        }
        else
        {
            auto cipher = Cipher::Create(d, ByteView(k));
            if (!cipher)
            {
                Fail(std::string("cipher ") + name + " unavailable");
            }
            Bytes iv = Filled(d.ivOctets, 0x55);
            std::size_t b = d.blockOctets;
            std::size_t n64 = (64 + b - 1) / b * b;
            std::size_t n1400 = (1400 + b - 1) / b * b;
            Bytes s(n64, 0x33);
            Bytes l(n1400, 0x33);
            t64 = TimeOp([&]()
                         { (void)cipher->Encrypt(ByteView(iv), s.data(), s.size(), out.data()); });
            t1400 = TimeOp(
                [&]() { (void)cipher->Encrypt(ByteView(iv), l.data(), l.size(), out.data()); });
        }
        auto [perPacket, perByte] = Split(t64, t1400);
        p << "cipher-packet " << std::left << std::setw(7) << family << std::right << " "
          << Ns(perPacket) << "\n"
          << "cipher-byte   " << std::left << std::setw(7) << family << std::right << " "
          << Ns(perByte) << "\n";
    }

    // ESP integrity: an ICV over 64 and 1400 octets.
    p << "\n# ESP integrity: cost = integrity-packet + integrity-byte * bytes\n";
    for (const auto& [hash, name] : hashes)
    {
        auto d = IpsecHelper::ParseIntegrity(name);
        if (!d)
        {
            Fail(std::string("integrity ") + name + " unavailable");
        }
        Bytes k = Filled(d->keyOctets, 0x77);
        auto mac = IntegrityMac::Create(*d, ByteView(k));
        if (!mac)
        {
            Fail(std::string("integrity ") + name + " unavailable");
        }
        uint8_t icv[64];
        double t64 = TimeOp([&]() { (void)mac->Compute(ByteView(small), icv, d->icvOctets); });
        double t1400 = TimeOp([&]() { (void)mac->Compute(ByteView(large), icv, d->icvOctets); });
        auto [perPacket, perByte] = Split(t64, t1400);
        p << "integrity-packet " << std::left << std::setw(6) << name << std::right << " "
          << Ns(perPacket) << "\n"
          << "integrity-byte   " << std::left << std::setw(6) << name << std::right << " "
          << Ns(perByte) << "\n";
    }

    // IKE message: parse and serialize a Main Mode message 3 sized one
    // (KE 256, nonce 32, two NAT-D, vendor IDs).
    IsakmpMessage m;
    m.header.exchangeType = IsakmpExchangeType::kMainMode;
    m.payloads = {{IsakmpPayloadType::kKeyExchange, Filled(256, 0x12)},
                  {IsakmpPayloadType::kNonce, Filled(32, 0x13)},
                  {IsakmpPayloadType::kNatDiscovery, Filled(32, 0x14)},
                  {IsakmpPayloadType::kNatDiscovery, Filled(32, 0x15)},
                  {IsakmpPayloadType::kVendorId, Filled(16, 0x16)}};
    Bytes wire = m.Serialize();
    double ike = TimeOp(
        [&]()
        {
            auto parsed = IsakmpMessage::Parse(wire.data(), wire.size());
            if (parsed)
            {
                (void)parsed.Value().Serialize();
            }
        });
    p << "\n# IKE: parsing or building one message (half of a parse + serialize pair)\n"
      << "ike-message " << Ns(ike / 2) << "\n";

    std::ofstream f(output);
    if (!f || !(f << p.str()) || (f.close(), !f))
    {
        Fail("cannot write " + output);
    }
    std::string error;
    auto loaded = CpuCostProfile::Load(output, error);
    if (!loaded)
    {
        Fail("the written profile does not load: " + error);
    }
    std::cout << "wrote " << output << " (loads: ok); use it with --cpuProfile=" << output << "\n";
    return 0;
}
