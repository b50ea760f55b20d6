/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ikev1-crypto.h"

#include "ns3/digest.h"
#include "ns3/integrity.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <utility>

namespace ns3
{

namespace
{

/// Length of an ISAKMP cookie (RFC 2408 section 3.1).
constexpr std::size_t kCookieOctets = 8;

/// The single octets 0, 1 and 2 of RFC 2409 sections 5 and 5.5 and appendix B.
constexpr std::array<uint8_t, 1> kOctet0{0};
constexpr std::array<uint8_t, 1> kOctet1{1};
constexpr std::array<uint8_t, 1> kOctet2{2};

/**
 * \param value a 32-bit value in host order
 * \return its 4 octets in network order
 */
std::array<uint8_t, 4>
BigEndian32(uint32_t value)
{
    return {static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
            static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
}

/**
 * \param result a crypto result
 * \return its value, or empty on failure
 */
Bytes
ValueOrEmpty(CryptoResult<Bytes> result)
{
    if (!result)
    {
        return {};
    }
    return std::move(result).Value();
}

/**
 * prf(key, data...), empty on failure.
 * \param hash the hash inside the HMAC
 * \param key the key
 * \param data the input, concatenated
 * \return the output or empty
 */
Bytes
PrfOrEmpty(HashAlgorithm hash, ByteView key, std::initializer_list<ByteView> data)
{
    return ValueOrEmpty(Prf::Compute(hash, key, data));
}

/**
 * Plain hash truncated to an IV (RFC 2409 appendix B).
 * \param hash the hash
 * \param blockSize the wanted length
 * \param data the input, concatenated
 * \return the truncated digest, or empty on failure
 */
Bytes
TruncatedDigest(HashAlgorithm hash, std::size_t blockSize, std::initializer_list<ByteView> data)
{
    if (blockSize == 0)
    {
        return {};
    }
    Bytes digest = ValueOrEmpty(Digest(hash, data));
    if (digest.size() < blockSize)
    {
        return {};
    }
    digest.resize(blockSize);
    return digest;
}

/**
 * \param error the failure
 * \return phase 1 keys carrying only the failure
 */
Ikev1Phase1Keys
FailedKeys(CryptoError error)
{
    Ikev1Phase1Keys keys;
    keys.error = error == CryptoError::OK ? CryptoError::OPENSSL_FAILURE : error;
    return keys;
}

/**
 * \param cipher a descriptor
 * \return true if it can encrypt IKEv1 messages: a CBC block cipher with
 *         an IKEv1 phase 1 encryption attribute (RFC 2409 appendix A)
 */
bool
IsIkev1Cipher(const EncryptionDescriptor& cipher)
{
    return !cipher.IsAead() && cipher.ikeEncryptionId != 0 && cipher.blockOctets > 1
           && cipher.ivOctets == cipher.blockOctets && cipher.keyOctets > 0;
}

/**
 * RFC 2409 section 5: SKEYID = prf(Ni_b | Nr_b, g^xy) for signatures.
 * \param hash the hash inside the HMAC
 * \param ni Ni_b
 * \param nr Nr_b
 * \param gxy the shared secret
 * \return SKEYID or the failure
 */
CryptoResult<Bytes>
SkeyidSignature(HashAlgorithm hash, ByteView ni, ByteView nr, ByteView gxy)
{
    if (!ni.IsValid() || !nr.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    Bytes nonces;
    nonces.reserve(ni.Size() + nr.Size());
    nonces.insert(nonces.end(), ni.Data(), ni.Data() + ni.Size());
    nonces.insert(nonces.end(), nr.Data(), nr.Data() + nr.Size());
    return Prf::Compute(hash, nonces, {gxy});
}

} // namespace

Bytes
Ikev1SkeyidPsk(HashAlgorithm hash, ByteView psk, ByteView ni, ByteView nr)
{
    // RFC 2409 section 5: SKEYID = prf(pre-shared-key, Ni_b | Nr_b)
    return PrfOrEmpty(hash, psk, {ni, nr});
}

Bytes
Ikev1SkeyidSignature(HashAlgorithm hash, ByteView ni, ByteView nr, ByteView gxy)
{
    return ValueOrEmpty(SkeyidSignature(hash, ni, nr, gxy));
}

Bytes
Ikev1EncryptionKey(HashAlgorithm hash, ByteView skeyidE, std::size_t keyLength)
{
    if (keyLength == 0 || skeyidE.Empty() || !skeyidE.IsValid())
    {
        return {};
    }
    if (skeyidE.Size() >= keyLength)
    {
        // Appendix B: the first (highest) bits of SKEYID_e.
        return Bytes(skeyidE.Data(), skeyidE.Data() + keyLength);
    }
    // Appendix B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0),
    // Kn = prf(SKEYID_e, Kn-1); 0 is a single octet.
    CryptoResult<Prf> prf = Prf::Create(hash, skeyidE);
    if (!prf)
    {
        return {};
    }
    Bytes ka;
    Bytes block = ValueOrEmpty(prf->Compute({kOctet0}));
    while (!block.empty())
    {
        ka.insert(ka.end(), block.begin(), block.end());
        if (ka.size() >= keyLength)
        {
            ka.resize(keyLength);
            return ka;
        }
        block = ValueOrEmpty(prf->Compute({block}));
    }
    return {};
}

Ikev1Phase1Keys
DeriveIkev1PhaseOneKeys(const Ikev1Suite& suite, ByteView skeyid, ByteView gxy, ByteView ckyI,
                        ByteView ckyR)
{
    if (!IsIkev1Cipher(suite.cipher))
    {
        return FailedKeys(CryptoError::UNSUPPORTED_ALGORITHM);
    }
    if (skeyid.Empty() || gxy.Empty() || !gxy.IsValid() || ckyI.Size() != kCookieOctets
        || ckyR.Size() != kCookieOctets || !ckyI.IsValid() || !ckyR.IsValid())
    {
        return FailedKeys(CryptoError::INVALID_ARGUMENT);
    }
    CryptoResult<Prf> prf = Prf::Create(suite.hash, skeyid);
    if (!prf)
    {
        return FailedKeys(prf.GetError());
    }
    Ikev1Phase1Keys keys;
    keys.skeyid = skeyid.ToBytes();

    // RFC 2409 section 5: SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
    CryptoResult<Bytes> d = prf->Compute({gxy, ckyI, ckyR, kOctet0});
    if (!d)
    {
        return FailedKeys(d.GetError());
    }
    keys.skeyidD = std::move(d).Value();

    // SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
    CryptoResult<Bytes> a = prf->Compute({keys.skeyidD, gxy, ckyI, ckyR, kOctet1});
    if (!a)
    {
        return FailedKeys(a.GetError());
    }
    keys.skeyidA = std::move(a).Value();

    // SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
    CryptoResult<Bytes> e = prf->Compute({keys.skeyidA, gxy, ckyI, ckyR, kOctet2});
    if (!e)
    {
        return FailedKeys(e.GetError());
    }
    keys.skeyidE = std::move(e).Value();

    // Appendix B: the cipher key from SKEYID_e.
    keys.encryptionKey = Ikev1EncryptionKey(suite.hash, keys.skeyidE, suite.cipher.keyOctets);
    if (keys.encryptionKey.empty())
    {
        return FailedKeys(CryptoError::OPENSSL_FAILURE);
    }
    return keys;
}

Ikev1Phase1Keys
DeriveIkev1PhaseOneKeysPsk(const Ikev1Suite& suite, ByteView psk, ByteView ni, ByteView nr,
                           ByteView gxy, ByteView ckyI, ByteView ckyR)
{
    CryptoResult<Bytes> skeyid = Prf::Compute(suite.hash, psk, {ni, nr});
    if (!skeyid)
    {
        return FailedKeys(skeyid.GetError());
    }
    return DeriveIkev1PhaseOneKeys(suite, *skeyid, gxy, ckyI, ckyR);
}

Ikev1Phase1Keys
DeriveIkev1PhaseOneKeysSignature(const Ikev1Suite& suite, ByteView ni, ByteView nr, ByteView gxy,
                                 ByteView ckyI, ByteView ckyR)
{
    CryptoResult<Bytes> skeyid = SkeyidSignature(suite.hash, ni, nr, gxy);
    if (!skeyid)
    {
        return FailedKeys(skeyid.GetError());
    }
    return DeriveIkev1PhaseOneKeys(suite, *skeyid, gxy, ckyI, ckyR);
}

Bytes
Ikev1Phase1Iv(HashAlgorithm hash, std::size_t blockSize, ByteView gxi, ByteView gxr)
{
    // RFC 2409 appendix B: IV = hash(g^xi | g^xr), truncated to the block size.
    return TruncatedDigest(hash, blockSize, {gxi, gxr});
}

Bytes
Ikev1Phase2Iv(HashAlgorithm hash, std::size_t blockSize, ByteView lastPhase1Block,
              uint32_t messageId)
{
    if (lastPhase1Block.Empty())
    {
        return {};
    }
    // RFC 2409 appendix B: IV = hash(last phase 1 CBC output block | M-ID).
    const std::array<uint8_t, 4> mid = BigEndian32(messageId);
    return TruncatedDigest(hash, blockSize, {lastPhase1Block, mid});
}

Bytes
Ikev1HashI(HashAlgorithm prf, ByteView skeyid, ByteView gxi, ByteView gxr, ByteView ckyI,
           ByteView ckyR, ByteView saiB, ByteView idiiB)
{
    // RFC 2409 section 5: HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
    return PrfOrEmpty(prf, skeyid, {gxi, gxr, ckyI, ckyR, saiB, idiiB});
}

Bytes
Ikev1HashR(HashAlgorithm prf, ByteView skeyid, ByteView gxi, ByteView gxr, ByteView ckyI,
           ByteView ckyR, ByteView saiB, ByteView idirB)
{
    // RFC 2409 section 5: HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
    return PrfOrEmpty(prf, skeyid, {gxr, gxi, ckyR, ckyI, saiB, idirB});
}

Bytes
Ikev1QmHash1(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView restOfMessage)
{
    // RFC 2409 section 5.5: HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ])
    const std::array<uint8_t, 4> mid = BigEndian32(messageId);
    return PrfOrEmpty(prf, skeyidA, {mid, restOfMessage});
}

Bytes
Ikev1QmHash2(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView niB,
             ByteView restOfMessage)
{
    // RFC 2409 section 5.5: HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr
    // ])
    const std::array<uint8_t, 4> mid = BigEndian32(messageId);
    return PrfOrEmpty(prf, skeyidA, {mid, niB, restOfMessage});
}

Bytes
Ikev1QmHash3(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId, ByteView niB, ByteView nrB)
{
    // RFC 2409 section 5.5: HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
    const std::array<uint8_t, 4> mid = BigEndian32(messageId);
    return PrfOrEmpty(prf, skeyidA, {kOctet0, mid, niB, nrB});
}

Bytes
Ikev1InformationalHash(HashAlgorithm prf, ByteView skeyidA, uint32_t messageId,
                       ByteView payloadChainBytes)
{
    // RFC 2409 section 5.7: HASH(1) = prf(SKEYID_a, M-ID | N/D)
    const std::array<uint8_t, 4> mid = BigEndian32(messageId);
    return PrfOrEmpty(prf, skeyidA, {mid, payloadChainBytes});
}

Bytes
Ikev1Keymat(HashAlgorithm prf, ByteView skeyidD, ByteView pfsGxy, uint8_t protocol, uint32_t spi,
            ByteView niB, ByteView nrB, std::size_t length)
{
    if (length == 0 || skeyidD.Empty())
    {
        return {};
    }
    CryptoResult<Prf> keyed = Prf::Create(prf, skeyidD);
    if (!keyed)
    {
        return {};
    }
    const std::array<uint8_t, 1> proto{protocol};
    const std::array<uint8_t, 4> spiOctets = BigEndian32(spi);
    // RFC 2409 section 5.5: K1 = prf(SKEYID_d, [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b),
    // Kn = prf(SKEYID_d, Kn-1 | [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b).
    Bytes keymat;
    Bytes block = ValueOrEmpty(keyed->Compute({pfsGxy, proto, spiOctets, niB, nrB}));
    while (!block.empty())
    {
        keymat.insert(keymat.end(), block.begin(), block.end());
        if (keymat.size() >= length)
        {
            keymat.resize(length);
            return keymat;
        }
        block = ValueOrEmpty(keyed->Compute({block, pfsGxy, proto, spiOctets, niB, nrB}));
    }
    return {};
}

Ikev1SaKeys
Ikev1EspKeys(HashAlgorithm prf, ByteView skeyidD, ByteView pfsGxy, uint8_t protocol, uint32_t spi,
             ByteView niB, ByteView nrB, std::size_t encryptionOctets, std::size_t integrityOctets)
{
    Bytes keymat = Ikev1Keymat(prf, skeyidD, pfsGxy, protocol, spi, niB, nrB,
                               encryptionOctets + integrityOctets);
    Ikev1SaKeys keys;
    if (keymat.empty())
    {
        return keys;
    }
    // Encryption key first, then the integrity key (strongSwan keymat_v1.c
    // derive_child_keys, Linux XFRM and Wireshark's esp_sa agree).
    keys.encryptionKey.assign(keymat.begin(), keymat.begin() + encryptionOctets);
    keys.integrityKey.assign(keymat.begin() + encryptionOctets, keymat.end());
    return keys;
}

Bytes
NatDetectionHash(HashAlgorithm hash, ByteView ckyI, ByteView ckyR, ByteView address, uint16_t port)
{
    if (ckyI.Size() != kCookieOctets || ckyR.Size() != kCookieOctets
        || (address.Size() != 4 && address.Size() != 16))
    {
        return {};
    }
    // RFC 3947 section 3.2: HASH = HASH(CKY-I | CKY-R | IP | Port), network order.
    const std::array<uint8_t, 2> portOctets{static_cast<uint8_t>(port >> 8),
                                            static_cast<uint8_t>(port)};
    return ValueOrEmpty(Digest(hash, {ckyI, ckyR, address, portOctets}));
}

Bytes
NatDetectionHashIpv4(HashAlgorithm hash, ByteView ckyI, ByteView ckyR, uint32_t address,
                     uint16_t port)
{
    const std::array<uint8_t, 4> octets = BigEndian32(address);
    return NatDetectionHash(hash, ckyI, ckyR, octets, port);
}

Bytes
VendorIdMd5(std::string_view text)
{
    const ByteView view(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    return ValueOrEmpty(Digest(HashAlgorithm::MD5, {view}));
}

bool
Ikev1ConstantTimeEqual(ByteView a, ByteView b)
{
    if (a.Size() != b.Size() || !a.IsValid() || !b.IsValid())
    {
        return false;
    }
    return a.Size() == 0 || CRYPTO_memcmp(a.Data(), b.Data(), a.Size()) == 0;
}

std::size_t
Ikev1PaddedLength(std::size_t plaintextLength, std::size_t blockSize, Ikev1Padding padding)
{
    if (blockSize == 0)
    {
        return plaintextLength;
    }
    const std::size_t remainder = plaintextLength % blockSize;
    switch (padding)
    {
        case Ikev1Padding::ZEROS_TO_BLOCK:
            if (plaintextLength == 0)
            {
                return blockSize; // the IV chain needs at least one block
            }
            return remainder == 0 ? plaintextLength : plaintextLength + (blockSize - remainder);
        case Ikev1Padding::ZEROS_ALWAYS:
        case Ikev1Padding::RFC2409_PAD_LENGTH:
        default:
            // blockSize - (length % blockSize): 1..blockSize octets.
            return plaintextLength + (blockSize - remainder);
    }
}

Ikev1Encryptor::Ikev1Encryptor(Cipher cipher)
    : m_cipher(std::move(cipher))
{
}

CryptoResult<Ikev1Encryptor>
Ikev1Encryptor::Create(const EncryptionDescriptor& cipher, ByteView key)
{
    if (!IsIkev1Cipher(cipher))
    {
        return CryptoError::UNSUPPORTED_ALGORITHM;
    }
    CryptoResult<Cipher> keyed = Cipher::Create(cipher, key);
    if (!keyed)
    {
        return keyed.GetError();
    }
    return Ikev1Encryptor(std::move(keyed).Value());
}

std::size_t
Ikev1Encryptor::GetBlockSize() const
{
    return m_cipher.GetBlockSize();
}

CryptoResult<Ikev1CbcOutput>
Ikev1Encryptor::Encrypt(ByteView iv, ByteView plaintext, Ikev1Padding padding)
{
    const std::size_t blockSize = GetBlockSize();
    if (iv.Size() != blockSize || !iv.IsValid())
    {
        return CryptoError::INVALID_IV_LENGTH;
    }
    if (!plaintext.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    // Padding (RFC 2409 section 5.3 / appendix B, see Ikev1Padding): zero
    // octets, with the count of the others in the last one for
    // RFC2409_PAD_LENGTH.
    const std::size_t total = Ikev1PaddedLength(plaintext.Size(), blockSize, padding);
    Ikev1CbcOutput out;
    out.data.assign(total, 0);
    std::copy(plaintext.Data(), plaintext.Data() + plaintext.Size(), out.data.begin());
    if (padding == Ikev1Padding::RFC2409_PAD_LENGTH)
    {
        out.data.back() = static_cast<uint8_t>(total - plaintext.Size() - 1);
    }
    CryptoError error = m_cipher.Encrypt(iv, out.data.data(), out.data.size(), out.data.data());
    if (error != CryptoError::OK)
    {
        return error;
    }
    // Appendix B: the next IV is the last ciphertext block.
    out.nextIv.assign(out.data.end() - blockSize, out.data.end());
    return out;
}

void
Ikev1Encryptor::ReleaseContexts()
{
    m_cipher.ReleaseContexts();
}

CryptoResult<Ikev1CbcOutput>
Ikev1Encryptor::Decrypt(ByteView iv, ByteView ciphertext)
{
    const std::size_t blockSize = GetBlockSize();
    if (iv.Size() != blockSize || !iv.IsValid())
    {
        return CryptoError::INVALID_IV_LENGTH;
    }
    if (!ciphertext.IsValid())
    {
        return CryptoError::INVALID_ARGUMENT;
    }
    if (ciphertext.Empty() || ciphertext.Size() % blockSize != 0)
    {
        return CryptoError::INVALID_INPUT_LENGTH;
    }
    Ikev1CbcOutput out;
    // Appendix B: the next IV is the last ciphertext block (taken before
    // decrypting, as the caller may pass overlapping buffers later).
    out.nextIv.assign(ciphertext.Data() + ciphertext.Size() - blockSize,
                      ciphertext.Data() + ciphertext.Size());
    out.data.resize(ciphertext.Size());
    CryptoError error = m_cipher.Decrypt(iv, ciphertext.Data(), ciphertext.Size(), out.data.data());
    if (error != CryptoError::OK)
    {
        return error;
    }
    return out;
}

CryptoResult<Ikev1CbcOutput>
EncryptIkev1Body(const EncryptionDescriptor& cipher, ByteView key, ByteView iv, ByteView plaintext,
                 Ikev1Padding padding)
{
    CryptoResult<Ikev1Encryptor> encryptor = Ikev1Encryptor::Create(cipher, key);
    if (!encryptor)
    {
        return encryptor.GetError();
    }
    return encryptor->Encrypt(iv, plaintext, padding);
}

CryptoResult<Ikev1CbcOutput>
DecryptIkev1Body(const EncryptionDescriptor& cipher, ByteView key, ByteView iv, ByteView ciphertext)
{
    CryptoResult<Ikev1Encryptor> encryptor = Ikev1Encryptor::Create(cipher, key);
    if (!encryptor)
    {
        return encryptor.GetError();
    }
    return encryptor->Decrypt(iv, ciphertext);
}

} // namespace ns3
