/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_IKEV1_CRYPTO_H
#define IPSEC_NAT_IKEV1_CRYPTO_H

#include "ns3/cipher.h"
#include "ns3/crypto-registry.h"
#include "ns3/crypto-types.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

/**
 * \file
 * \ingroup ipsec-nat
 * The cryptographic computations of IKEv1 (RFC 2409) and of its NAT
 * traversal (RFC 3947), as pure functions: no simulator, no packets, no
 * state. The IKE engine owns the state (which IV belongs to which
 * exchange, which nonces belong to which Quick Mode) and calls these.
 *
 * Conventions:
 * - "prf" is the HMAC version of the negotiated hash (RFC 2409 section 5:
 *   "If no prf is negotiated, the HMAC version of the negotiated hash
 *   function is used"); its output has the full hash length.
 * - "_b" values are payload bodies: the payload without its 4-octet
 *   generic header (RFC 2409 section 5).
 * - A message ID is passed in host order and hashed as 4 octets in network
 *   order, as it appears in the ISAKMP header (RFC 2408 section 3.1).
 * - Functions returning Bytes return an empty value on failure (an
 *   unsupported hash, a provider that is not loaded, an argument of the
 *   wrong size). No successful result is ever empty. The body encryption
 *   functions, which see octets from the network, return a CryptoResult
 *   with the reason instead.
 *
 * Checked byte for byte against strongSwan 5.9.8 (the v1-realnatd
 * reference run: SKEYID*, Ka, IVs, HASH_I/HASH_R, HASH(1)-(3), the
 * Informational HASH, NAT-D and the ESP KEYMAT), see
 * test/ike/ikev1-crypto-test.cc.
 */

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The algorithms of an ISAKMP SA that the key derivation needs (the
 * phase 1 transform attributes, RFC 2409 appendix A).
 */
struct Ikev1Suite
{
    HashAlgorithm hash;          //!< negotiated hash (attribute 2); prf = HMAC with it
    EncryptionDescriptor cipher; //!< phase 1 cipher (attributes 1 and 14), a CBC cipher
    uint16_t dhGroup;            //!< Diffie-Hellman group (attribute 4)
};

/**
 * \ingroup ipsec-nat
 * The keys of an ISAKMP SA (RFC 2409 section 5).
 */
struct Ikev1Phase1Keys
{
    Bytes skeyid;                       //!< authenticates the phase 1 exchange (HASH_I, HASH_R)
    Bytes skeyidD;                      //!< keys non-ISAKMP SAs (Quick Mode KEYMAT)
    Bytes skeyidA;                      //!< authenticates phase 2 and Informational messages
    Bytes skeyidE;                      //!< source of the ISAKMP SA encryption key
    Bytes encryptionKey;                //!< Ka: the cipher key, from SKEYID_e (appendix B)
    CryptoError error{CryptoError::OK}; //!< why the keys are empty, OK on success

    /** \return true if every key was derived */
    bool IsValid() const
    {
        return error == CryptoError::OK && !skeyid.empty() && !encryptionKey.empty();
    }
};

/**
 * \ingroup ipsec-nat
 * SKEYID for pre-shared key authentication (RFC 2409 section 5):
 * SKEYID = prf(pre-shared-key, Ni_b | Nr_b).
 * \param hash the negotiated hash
 * \param psk the pre-shared key (any length; HMAC hashes long keys)
 * \param ni Ni_b, the initiator's nonce payload body
 * \param nr Nr_b, the responder's nonce payload body
 * \return SKEYID, or empty on failure
 */
Bytes Ikev1SkeyidPsk(HashAlgorithm hash, ByteView psk, ByteView ni, ByteView nr);

/**
 * \ingroup ipsec-nat
 * SKEYID for signature authentication (RFC 2409 section 5):
 * SKEYID = prf(Ni_b | Nr_b, g^xy).
 * \param hash the negotiated hash
 * \param ni Ni_b
 * \param nr Nr_b
 * \param gxy the Diffie-Hellman shared secret
 * \return SKEYID, or empty on failure
 */
Bytes Ikev1SkeyidSignature(HashAlgorithm hash, ByteView ni, ByteView nr, ByteView gxy);

/**
 * \ingroup ipsec-nat
 * The ISAKMP SA encryption key from SKEYID_e (RFC 2409 appendix B).
 *
 * If SKEYID_e is at least \p keyLength long, its first \p keyLength
 * octets. Otherwise Ka = K1 | K2 | K3 | ..., with K1 = prf(SKEYID_e, 0)
 * (0 as a single octet), Kn = prf(SKEYID_e, Kn-1), truncated to
 * \p keyLength (e.g. AES-256 or 3DES with SHA-1, 3DES with MD5).
 *
 * DES weak and semi-weak keys are not rejected (appendix B asks for it;
 * strongSwan does not do it either; the chance is about 2^-52 per key).
 *
 * \param hash the negotiated hash
 * \param skeyidE SKEYID_e
 * \param keyLength the cipher key length in octets (EncryptionDescriptor::keyOctets)
 * \return Ka, or empty on failure or for a zero length
 */
Bytes Ikev1EncryptionKey(HashAlgorithm hash, ByteView skeyidE, std::size_t keyLength);

/**
 * \ingroup ipsec-nat
 * SKEYID_d, SKEYID_a, SKEYID_e and the encryption key from a given SKEYID
 * (RFC 2409 section 5, the same for every authentication method):
 *
 *     SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 *     SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 *     SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 *
 * with 0, 1, 2 as single octets; Ka from SKEYID_e (Ikev1EncryptionKey()).
 *
 * \param suite the negotiated algorithms
 * \param skeyid SKEYID
 * \param gxy the Diffie-Hellman shared secret, as long as the group's
 *        prime (leading zero octets kept)
 * \param ckyI the initiator cookie, 8 octets
 * \param ckyR the responder cookie, 8 octets
 * \return the keys; on failure empty keys and \c error set
 */
Ikev1Phase1Keys DeriveIkev1PhaseOneKeys(const Ikev1Suite& suite, ByteView skeyid, ByteView gxy,
                                        ByteView ckyI, ByteView ckyR);

/**
 * \ingroup ipsec-nat
 * Every phase 1 key for pre-shared key authentication (RFC 2409 sections
 * 5 and 5.4): Ikev1SkeyidPsk() then DeriveIkev1PhaseOneKeys().
 * \param suite the negotiated algorithms
 * \param psk the pre-shared key
 * \param ni Ni_b
 * \param nr Nr_b
 * \param gxy the Diffie-Hellman shared secret
 * \param ckyI the initiator cookie, 8 octets
 * \param ckyR the responder cookie, 8 octets
 * \return the keys; on failure empty keys and \c error set
 */
Ikev1Phase1Keys DeriveIkev1PhaseOneKeysPsk(const Ikev1Suite& suite, ByteView psk, ByteView ni,
                                           ByteView nr, ByteView gxy, ByteView ckyI, ByteView ckyR);

/**
 * \ingroup ipsec-nat
 * Every phase 1 key for signature authentication (RFC 2409 sections 5
 * and 5.1): Ikev1SkeyidSignature() then DeriveIkev1PhaseOneKeys().
 * \param suite the negotiated algorithms
 * \param ni Ni_b
 * \param nr Nr_b
 * \param gxy the Diffie-Hellman shared secret
 * \param ckyI the initiator cookie, 8 octets
 * \param ckyR the responder cookie, 8 octets
 * \return the keys; on failure empty keys and \c error set
 */
Ikev1Phase1Keys DeriveIkev1PhaseOneKeysSignature(const Ikev1Suite& suite, ByteView ni, ByteView nr,
                                                 ByteView gxy, ByteView ckyI, ByteView ckyR);

/**
 * \ingroup ipsec-nat
 * The IV of the first encrypted phase 1 message (RFC 2409 appendix B):
 * hash(g^xi | g^xr), truncated to the cipher block size. Plain hash, not
 * the prf.
 *
 * Within phase 1 each later message uses the last ciphertext block of the
 * previous one (what EncryptIkev1Body() / DecryptIkev1Body() return as
 * \c nextIv). The last one after phase 1 (after Main Mode message 6; the
 * initial IV itself if no phase 1 message was encrypted, as in Aggressive
 * Mode) seeds every phase 2 IV (Ikev1Phase2Iv()).
 *
 * \param hash the negotiated hash
 * \param blockSize the cipher block size (8 for DES and 3DES, 16 for AES);
 *        at most the hash length
 * \param gxi the initiator's public value (KE payload body)
 * \param gxr the responder's public value (KE payload body)
 * \return the IV, or empty on failure
 */
Bytes Ikev1Phase1Iv(HashAlgorithm hash, std::size_t blockSize, ByteView gxi, ByteView gxr);

/**
 * \ingroup ipsec-nat
 * The IV of the first message of a Quick Mode or Informational exchange
 * (RFC 2409 appendix B, section 5.5 and 5.7):
 * hash(last phase 1 CBC output block | M-ID), truncated to the block size.
 *
 * Each such exchange has its own IV chain, keyed by its message ID; within
 * the exchange the next IV is the last ciphertext block of the previous
 * message. Every exchange starts from the same phase 1 block (strongSwan
 * does the same: the Informational Deletes of the reference run, sent
 * after Quick Mode, start from the last block of Main Mode message 6).
 *
 * \param hash the negotiated hash
 * \param blockSize the cipher block size
 * \param lastPhase1Block the last CBC output block of phase 1
 * \param messageId the exchange's message ID (host order)
 * \return the IV, or empty on failure
 */
Bytes Ikev1Phase2Iv(HashAlgorithm hash, std::size_t blockSize, ByteView lastPhase1Block,
                    uint32_t messageId);

/**
 * \ingroup ipsec-nat
 * HASH_I (RFC 2409 section 5):
 * prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b).
 * \param prf the negotiated hash
 * \param skeyid SKEYID
 * \param gxi the initiator's public value
 * \param gxr the responder's public value
 * \param ckyI the initiator cookie
 * \param ckyR the responder cookie
 * \param saiB SAi_b: the whole body of the SA payload of the initiator's
 *        first message (DOI, situation and every proposal, as sent)
 * \param idiiB IDii_b: the initiator's ID payload body (ID type, protocol,
 *        port, identification data)
 * \return HASH_I, or empty on failure
 */
Bytes Ikev1HashI(HashAlgorithm prf, ByteView skeyid, ByteView gxi, ByteView gxr, ByteView ckyI,
                 ByteView ckyR, ByteView saiB, ByteView idiiB);

/**
 * \ingroup ipsec-nat
 * HASH_R (RFC 2409 section 5):
 * prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
 *
 * Takes its arguments in the same order as Ikev1HashI() (initiator's
 * first) and swaps them itself.
 *
 * \param prf the negotiated hash
 * \param skeyid SKEYID
 * \param gxi the initiator's public value
 * \param gxr the responder's public value
 * \param ckyI the initiator cookie
 * \param ckyR the responder cookie
 * \param saiB SAi_b, the initiator's SA payload body (not the responder's)
 * \param idirB IDir_b, the responder's ID payload body
 * \return HASH_R, or empty on failure
 */
Bytes Ikev1HashR(HashAlgorithm prf, ByteView skeyid, ByteView gxi, ByteView gxr, ByteView ckyI,
                 ByteView ckyR, ByteView saiB, ByteView idirB);

/**
 * \ingroup ipsec-nat
 * Quick Mode HASH(1) (RFC 2409 section 5.5):
 * prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ]).
 * \param prf the negotiated hash
 * \param skeyidA SKEYID_a
 * \param messageId the Quick Mode message ID
 * \param restOfMessage every payload after the HASH payload, generic
 *        headers included, up to the end of the last payload (not the
 *        encryption padding)
 * \return HASH(1), or empty on failure
 */
Bytes Ikev1QmHash1(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView restOfMessage);

/**
 * \ingroup ipsec-nat
 * Quick Mode HASH(2) (RFC 2409 section 5.5):
 * prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ]).
 * \param prf the negotiated hash
 * \param skeyidA SKEYID_a
 * \param messageId the Quick Mode message ID
 * \param niB Ni_b, the nonce body of the initiator's Quick Mode message
 * \param restOfMessage every payload after the HASH payload, headers included
 * \return HASH(2), or empty on failure
 */
Bytes Ikev1QmHash2(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView niB,
                   ByteView restOfMessage);

/**
 * \ingroup ipsec-nat
 * Quick Mode HASH(3) (RFC 2409 section 5.5):
 * prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b), 0 as a single octet.
 * \param prf the negotiated hash
 * \param skeyidA SKEYID_a
 * \param messageId the Quick Mode message ID
 * \param niB Ni_b of this Quick Mode
 * \param nrB Nr_b of this Quick Mode
 * \return HASH(3), or empty on failure
 */
Bytes Ikev1QmHash3(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView niB,
                   ByteView nrB);

/**
 * \ingroup ipsec-nat
 * HASH(1) of an Informational exchange (RFC 2409 section 5.7):
 * prf(SKEYID_a, M-ID | N/D), e.g. for Delete and for DPD R-U-THERE
 * (RFC 3706 section 5.3).
 * \param prf the negotiated hash
 * \param skeyidA SKEYID_a
 * \param messageId the exchange's message ID
 * \param payloadChainBytes every payload after the HASH payload, headers
 *        included, without the encryption padding
 * \return the hash, or empty on failure
 */
Bytes Ikev1InformationalHash(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId,
                             ByteView payloadChainBytes);

/**
 * \ingroup ipsec-nat
 * Keying material of one non-ISAKMP SA (RFC 2409 section 5.5):
 *
 *     KEYMAT = K1 | K2 | K3 | ...
 *     K1 = prf(SKEYID_d, [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b)
 *     Kn = prf(SKEYID_d, Kn-1 | [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b)
 *
 * truncated to \p length. One call per direction: \p spi is the SPI of
 * the SA being keyed, the one its receiver chose (for the SA that carries
 * traffic from the Quick Mode initiator to the responder, the SPI in the
 * responder's proposal, and the other way round).
 *
 * The caller splits KEYMAT: the encryption key first (for AES-GCM key and
 * salt, EncryptionDescriptor::KeyMaterialOctets(), RFC 4106 section 8.1),
 * then the integrity key (as strongSwan, Linux and Wireshark's esp_sa
 * expect; see Ikev1EspKeys()).
 *
 * \param prf the negotiated hash of the ISAKMP SA
 * \param skeyidD SKEYID_d
 * \param pfsGxy g(qm)^xy with PFS, empty without
 * \param protocol the protocol ID of the proposal (3 ESP, 2 AH)
 * \param spi the SPI (host order; hashed as 4 octets in network order)
 * \param niB Ni_b of this Quick Mode
 * \param nrB Nr_b of this Quick Mode
 * \param length octets wanted
 * \return KEYMAT, or empty on failure or for a zero length
 */
Bytes Ikev1Keymat(HashAlgorithm prf, ByteView skeyidD, ByteView pfsGxy, uint8_t protocol,
                  uint32_t spi, ByteView niB, ByteView nrB, std::size_t length);

/**
 * \ingroup ipsec-nat
 * The two keys of one IPsec SA, split from KEYMAT.
 */
struct Ikev1SaKeys
{
    Bytes encryptionKey; //!< cipher key (plus salt for AES-GCM); empty for AH
    Bytes integrityKey;  //!< ICV key; empty for AES-GCM and ESP without integrity
};

/**
 * \ingroup ipsec-nat
 * Ikev1Keymat() for \p encryptionOctets + \p integrityOctets octets, split
 * into the encryption key (first) and the integrity key.
 * \param prf the negotiated hash of the ISAKMP SA
 * \param skeyidD SKEYID_d
 * \param pfsGxy g(qm)^xy with PFS, empty without
 * \param protocol 3 ESP, 2 AH
 * \param spi the SPI of the SA being keyed
 * \param niB Ni_b
 * \param nrB Nr_b
 * \param encryptionOctets EncryptionDescriptor::KeyMaterialOctets(), 0 for AH
 * \param integrityOctets IntegrityDescriptor::keyOctets, 0 for AEAD
 * \return the keys; both empty on failure
 */
Ikev1SaKeys Ikev1EspKeys(HashAlgorithm prf, ByteView skeyidD, ByteView pfsGxy, uint8_t protocol,
                         uint32_t spi, ByteView niB, ByteView nrB, std::size_t encryptionOctets,
                         std::size_t integrityOctets);

/**
 * \ingroup ipsec-nat
 * A NAT-D payload body (RFC 3947 section 3.2):
 * HASH(CKY-I | CKY-R | IP | Port) with the negotiated (plain) hash, the
 * address and port in network order.
 *
 * A sender puts first the hash of the peer's address and port as it sends
 * to them, then one for each of its own (source) addresses (section 3.2;
 * Main Mode messages 3 and 4, Aggressive Mode 2 and 3).
 *
 * \param hash the negotiated hash
 * \param ckyI the initiator cookie, 8 octets
 * \param ckyR the responder cookie, 8 octets (never zero in these messages)
 * \param address the IP address in network order: 4 octets (IPv4) or 16 (IPv6)
 * \param port the UDP port (host order)
 * \return the hash, or empty on failure or a wrong-size argument
 */
Bytes NatDetectionHash(HashAlgorithm hash, ByteView ckyI, ByteView ckyR, ByteView address,
                       uint16_t port);

/**
 * \ingroup ipsec-nat
 * NatDetectionHash() for an IPv4 address given as a host-order integer
 * (what ns3::Ipv4Address::Get() returns).
 * \param hash the negotiated hash
 * \param ckyI the initiator cookie, 8 octets
 * \param ckyR the responder cookie, 8 octets
 * \param address the IPv4 address, host order (0xcb007102 is 203.0.113.2)
 * \param port the UDP port, host order
 * \return the hash, or empty on failure
 */
Bytes NatDetectionHashIpv4(HashAlgorithm hash, ByteView ckyI, ByteView ckyR, uint32_t address,
                           uint16_t port);

/**
 * \ingroup ipsec-nat
 * A vendor ID that is the MD5 hash of a text (RFC 3947 section 2:
 * MD5("RFC 3947") = 4a131c81070358455c5728f20e95452f; likewise the NAT-T
 * draft IDs and strongSwan's own). Some vendor IDs are built from such a
 * hash: XAUTH is its first 8 octets, Cisco fragmentation appends
 * 80000000, the DPD ID (RFC 3706) is 14 octets of MD5 plus version 1.0.
 * \param text the text, without a terminating null
 * \return the 16 octets, or empty if MD5 is unavailable
 */
Bytes VendorIdMd5(std::string_view text);

/**
 * \ingroup ipsec-nat
 * Compare two octet strings in constant time (CRYPTO_memcmp), for checking
 * a received HASH payload against the computed value.
 * \param a one value
 * \param b the other
 * \return true if both have the same length and octets
 */
bool Ikev1ConstantTimeEqual(ByteView a, ByteView b);

/**
 * \ingroup ipsec-nat
 * How an IKEv1 sender pads the plaintext of an encrypted message to the
 * cipher block size.
 *
 * The RFCs disagree with themselves: RFC 2409 section 5.3 says all
 * padding octets are 0x00 except the last, which holds the number of
 * padding octets before it, so there is always padding; appendix B says
 * to pad "up to the nearest block size using bytes containing 0x00".
 * Real stacks do neither exactly, and every receiver finds the end of the
 * payloads from the payload chain and ignores whatever follows (RFC 2408
 * section 3.1: the header length covers the whole padded message).
 */
enum class Ikev1Padding : uint8_t
{
    /// blockSize - (length % blockSize) zero octets, so 1..blockSize and a
    /// whole block when the payloads already fill one: what strongSwan 5.x
    /// sends (encrypted_payload.c encrypt_v1; the v1-realnatd Delete of
    /// 64 plaintext octets went out as 80). The default.
    ZEROS_ALWAYS,
    /// Zero octets up to the next block boundary (0..blockSize-1; one
    /// whole block for an empty plaintext): appendix B, and what libreswan's
    /// source (packet.h) says it sends.
    ZEROS_TO_BLOCK,
    /// RFC 2409 section 5.3 literally: 1..blockSize octets, all zero but
    /// the last, which holds the count of the ones before it.
    RFC2409_PAD_LENGTH,
};

/**
 * \ingroup ipsec-nat
 * \param plaintextLength the payload chain length
 * \param blockSize the cipher block size (non-zero)
 * \param padding the padding style
 * \return the encrypted length, what the ISAKMP header length counts
 *         after its 28 octets
 */
std::size_t Ikev1PaddedLength(std::size_t plaintextLength, std::size_t blockSize,
                              Ikev1Padding padding = Ikev1Padding::ZEROS_ALWAYS);

/**
 * \ingroup ipsec-nat
 * The result of encrypting or decrypting one IKEv1 message body.
 */
struct Ikev1CbcOutput
{
    Bytes data;   //!< ciphertext (encrypt) or plaintext with its padding (decrypt)
    Bytes nextIv; //!< the last ciphertext block: the IV of the next message of the exchange
};

/**
 * \ingroup ipsec-nat
 * Encryption and decryption of IKEv1 message bodies (everything after the
 * 28-octet ISAKMP header when the E flag is set, RFC 2408 section 3.1,
 * RFC 2409 appendix B) with the ISAKMP SA's CBC cipher, keyed once.
 *
 * IVs are not kept here: the caller keeps one chain for phase 1 and one
 * per Quick Mode / Informational message ID, passes the IV in and stores
 * the returned \c nextIv. For a received message it should store
 * \c nextIv only once the message's HASH has been verified, so that a
 * forged or corrupted message does not break the chain.
 *
 * Not thread-safe (like Cipher): one object per ISAKMP SA and thread.
 */
class Ikev1Encryptor
{
public:
    /**
     * \param cipher the phase 1 cipher: DES, 3DES or AES-CBC (a descriptor
     *        with an IKEv1 encryption attribute value)
     * \param key Ka, exactly cipher.keyOctets long
     * \return the encryptor, or UNSUPPORTED_ALGORITHM, INVALID_KEY_LENGTH,
     *         PROVIDER_UNAVAILABLE (DES without the legacy provider) or
     *         OPENSSL_FAILURE
     */
    static CryptoResult<Ikev1Encryptor> Create(const EncryptionDescriptor& cipher, ByteView key);

    /** \return the cipher block size, which is also the IV size */
    std::size_t GetBlockSize() const;

    /**
     * Pad \p plaintext and encrypt it in CBC mode.
     * \param iv the IV, GetBlockSize() octets
     * \param plaintext the payload chain (the octets after the header)
     * \param padding how to pad (see Ikev1Padding)
     * \return ciphertext and next IV, or INVALID_IV_LENGTH / OPENSSL_FAILURE
     */
    CryptoResult<Ikev1CbcOutput> Encrypt(ByteView iv, ByteView plaintext,
                                         Ikev1Padding padding = Ikev1Padding::ZEROS_ALWAYS);

    /**
     * Decrypt a received body in CBC mode. The padding is not removed: no
     * padding length can be trusted (see Ikev1Padding), so the payload
     * parser stops at the last payload of the chain.
     * \param iv the IV, GetBlockSize() octets
     * \param ciphertext the octets after the header: a non-zero multiple
     *        of the block size
     * \return plaintext and next IV, or INVALID_IV_LENGTH,
     *         INVALID_INPUT_LENGTH or OPENSSL_FAILURE
     */
    CryptoResult<Ikev1CbcOutput> Decrypt(ByteView iv, ByteView ciphertext);

    /** Free the cipher's OpenSSL contexts until the next message (Cipher::ReleaseContexts). */
    void ReleaseContexts();

private:
    /** \param cipher the keyed cipher */
    explicit Ikev1Encryptor(Cipher cipher);

    Cipher m_cipher; //!< keyed once
};

/**
 * \ingroup ipsec-nat
 * One-shot Ikev1Encryptor::Create() and Encrypt().
 * \param cipher the phase 1 cipher
 * \param key Ka
 * \param iv the IV
 * \param plaintext the payload chain
 * \param padding how to pad
 * \return ciphertext and next IV, or an error of Create() / Encrypt()
 */
CryptoResult<Ikev1CbcOutput> EncryptIkev1Body(const EncryptionDescriptor& cipher, ByteView key,
                                              ByteView iv, ByteView plaintext,
                                              Ikev1Padding padding = Ikev1Padding::ZEROS_ALWAYS);

/**
 * \ingroup ipsec-nat
 * One-shot Ikev1Encryptor::Create() and Decrypt().
 * \param cipher the phase 1 cipher
 * \param key Ka
 * \param iv the IV
 * \param ciphertext the octets after the ISAKMP header
 * \return plaintext (with padding) and next IV, or an error of Create() / Decrypt()
 */
CryptoResult<Ikev1CbcOutput> DecryptIkev1Body(const EncryptionDescriptor& cipher, ByteView key,
                                              ByteView iv, ByteView ciphertext);

} // namespace ns3

#endif /* IPSEC_NAT_IKEV1_CRYPTO_H */
