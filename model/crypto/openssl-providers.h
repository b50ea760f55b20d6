/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_OPENSSL_PROVIDERS_H
#define IPSEC_NAT_OPENSSL_PROVIDERS_H

#include <openssl/types.h>

/**
 * \file
 * \ingroup ipsec-nat
 * The OpenSSL library context of the crypto layer and a cache of the
 * algorithm implementations fetched from it.
 *
 * Choice: a private OSSL_LIB_CTX, not OpenSSL's process-wide default one.
 *
 * - DES-CBC (ESP transform 2, IKEv1 encryption 1) lives only in OpenSSL 3's
 *   legacy provider. Loading a provider explicitly into a context switches
 *   off the automatic loading of the default provider there, so both are
 *   loaded, once. Doing that in the default context would change what every
 *   other OpenSSL user in the process (ns-3 itself, user code, other
 *   modules) can fetch; in a private context it changes nothing for them.
 * - A private context does not read the system openssl.cnf (whose provider
 *   and property settings differ between distributions), so a simulation
 *   computes the same results on every machine.
 *
 * The context is created on first use, thread-safely (a function-local
 * static, C++11 [stmt.dcl]/4), and lives until the process ends: crypto
 * objects may be destroyed during static destruction, after any point at
 * which the context could safely be freed. The memory stays reachable, so
 * leak checkers do not report it.
 *
 * Fetching an implementation (EVP_CIPHER_fetch and friends) costs a
 * property query; doing it per packet would be waste. The fetch functions
 * below fetch each name once and keep the result for the life of the
 * process, under a mutex (fetches happen when a security association is
 * created, never per packet).
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * \return the library context every crypto object of the module uses, with
 *         the default and (if installed) legacy providers loaded; null only
 *         if OpenSSL could not allocate it
 */
OSSL_LIB_CTX* GetCryptoLibraryContext();

/**
 * \ingroup ipsec-nat
 * \return true if the default provider is loaded (AES, 3DES, HMAC, DH, ECDH,
 *         X25519 are available)
 */
bool IsDefaultProviderAvailable();

/**
 * \ingroup ipsec-nat
 * \return true if the legacy provider is loaded (single DES is available);
 *         false when OpenSSL's legacy module is not installed
 */
bool IsLegacyProviderAvailable();

/**
 * \ingroup ipsec-nat
 * Fetch a cipher implementation once and cache it.
 * \param name an OpenSSL cipher name, e.g. "AES-128-CBC", "DES-CBC"
 * \return the implementation, or null if no loaded provider has it (the
 *         pointer stays valid for the life of the process; do not free it)
 */
const EVP_CIPHER* FetchCipherAlgorithm(const char* name);

/**
 * \ingroup ipsec-nat
 * Fetch a digest implementation once and cache it.
 * \param name an OpenSSL digest name, e.g. "SHA256"
 * \return the implementation, or null if no loaded provider has it (valid
 *         for the life of the process; do not free it)
 */
const EVP_MD* FetchDigestAlgorithm(const char* name);

/**
 * \ingroup ipsec-nat
 * Fetch the HMAC implementation once and cache it.
 * \return the implementation, or null if unavailable (valid for the life of
 *         the process; do not free it)
 */
EVP_MAC* FetchHmacAlgorithm();

} // namespace ns3

#endif /* IPSEC_NAT_OPENSSL_PROVIDERS_H */
