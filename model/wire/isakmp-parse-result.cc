/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "isakmp-parse-result.h"

namespace ns3
{

const char*
IsakmpParseErrorName(IsakmpParseError error)
{
    switch (error)
    {
        case IsakmpParseError::TRUNCATED_MESSAGE:
            return "TRUNCATED_MESSAGE";
        case IsakmpParseError::UNSUPPORTED_VERSION:
            return "UNSUPPORTED_VERSION";
        case IsakmpParseError::BAD_MESSAGE_LENGTH:
            return "BAD_MESSAGE_LENGTH";
        case IsakmpParseError::TRUNCATED_PAYLOAD:
            return "TRUNCATED_PAYLOAD";
        case IsakmpParseError::BAD_PAYLOAD_LENGTH:
            return "BAD_PAYLOAD_LENGTH";
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, IsakmpParseError error)
{
    return os << IsakmpParseErrorName(error);
}

} // namespace ns3
