/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-types.h"

namespace ns3
{

std::string
ToString(IpsecDropReason reason)
{
    switch (reason)
    {
        case IpsecDropReason::UNKNOWN_SPI:
            return "unknown-spi";
        case IpsecDropReason::REPLAY:
            return "replay";
        case IpsecDropReason::ICV_MISMATCH:
            return "icv-mismatch";
        case IpsecDropReason::BAD_PADDING:
            return "bad-padding";
        case IpsecDropReason::TRUNCATED:
            return "truncated";
        case IpsecDropReason::POLICY_DISCARD:
            return "policy-discard";
        case IpsecDropReason::POLICY_MISMATCH:
            return "policy-mismatch";
        case IpsecDropReason::NO_SA:
            return "no-sa";
        case IpsecDropReason::SA_EXPIRED:
            return "sa-expired";
        case IpsecDropReason::SEQUENCE_OVERFLOW:
            return "sequence-overflow";
        case IpsecDropReason::ENCAPSULATION_MISMATCH:
            return "encapsulation-mismatch";
        case IpsecDropReason::BAD_INNER_PACKET:
            return "bad-inner-packet";
        case IpsecDropReason::INVALID_ENCAPSULATION:
            return "invalid-encapsulation";
        case IpsecDropReason::IKE_UNCLAIMED:
            return "ike-unclaimed";
        case IpsecDropReason::CRYPTO_FAILURE:
            return "crypto-failure";
    }
    return "unknown";
}

std::string
ToString(IpsecProtocol protocol)
{
    return protocol == IpsecProtocol::AH ? "ah" : "esp";
}

std::string
ToString(IpsecMode mode)
{
    return mode == IpsecMode::TRANSPORT ? "transport" : "tunnel";
}

std::string
ToString(IpsecEncapsulation encapsulation)
{
    return encapsulation == IpsecEncapsulation::UDP ? "udp" : "none";
}

} // namespace ns3
