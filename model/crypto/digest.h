/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_DIGEST_H
#define IPSEC_NAT_DIGEST_H

#include "crypto-registry.h"
#include "crypto-types.h"

#include <initializer_list>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * A plain (unkeyed) hash of the concatenation of \p data.
 *
 * IKEv1 needs the negotiated hash itself in a few places: the NAT-D
 * payload, HASH(CKY-I | CKY-R | IP | Port) (RFC 3947 section 3.2); the
 * initial phase 1 IV, hash(g^xi | g^xr) (RFC 2409 appendix B); and the
 * vendor IDs that are MD5 of a string (RFC 3947 section 2).
 *
 * \param hash the hash function
 * \param data the input, concatenated in order
 * \return the digest, or UNSUPPORTED_ALGORITHM, PROVIDER_UNAVAILABLE,
 *         INVALID_ARGUMENT or OPENSSL_FAILURE
 */
CryptoResult<Bytes> Digest(HashAlgorithm hash, std::initializer_list<ByteView> data);

} // namespace ns3

#endif /* IPSEC_NAT_DIGEST_H */
