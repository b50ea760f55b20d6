/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "crypto-types.h"

namespace ns3
{

const char*
CryptoErrorName(CryptoError error)
{
    switch (error)
    {
        case CryptoError::OK:
            return "OK";
        case CryptoError::INVALID_ARGUMENT:
            return "INVALID_ARGUMENT";
        case CryptoError::INVALID_KEY_LENGTH:
            return "INVALID_KEY_LENGTH";
        case CryptoError::INVALID_IV_LENGTH:
            return "INVALID_IV_LENGTH";
        case CryptoError::INVALID_INPUT_LENGTH:
            return "INVALID_INPUT_LENGTH";
        case CryptoError::INVALID_ICV_LENGTH:
            return "INVALID_ICV_LENGTH";
        case CryptoError::AUTHENTICATION_FAILED:
            return "AUTHENTICATION_FAILED";
        case CryptoError::INVALID_PUBLIC_VALUE:
            return "INVALID_PUBLIC_VALUE";
        case CryptoError::ZERO_SHARED_SECRET:
            return "ZERO_SHARED_SECRET";
        case CryptoError::UNSUPPORTED_ALGORITHM:
            return "UNSUPPORTED_ALGORITHM";
        case CryptoError::PROVIDER_UNAVAILABLE:
            return "PROVIDER_UNAVAILABLE";
        case CryptoError::RANDOM_SOURCE_FAILED:
            return "RANDOM_SOURCE_FAILED";
        case CryptoError::OPENSSL_FAILURE:
            return "OPENSSL_FAILURE";
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, CryptoError error)
{
    return os << CryptoErrorName(error);
}

} // namespace ns3
