# ipsec-nat CPU cost profile: software crypto (OpenSSL 3, AES-NI) on one
# core of a current x86-64 server, as measured for this module.
#
# Format: see CpuCostProfile in model/cpu/cpu-cost-profile.h. Times are per
# operation on one core; CpuModel queues them on the node's cores.
#
# Sources:
#   [M1] measurement quoted in the brief for this profile (OpenSSL through
#        the module's crypto classes, one cipher context per SA).
#   [P]  /work/shared/PERF-NOTES.md, "Floors" (callgrind + wall time on a
#        2-core machine, 10-30 % noise run to run).
#   [E]  estimated: not measured here; derived from the measured numbers by
#        the rule given on the line. Replace with a measurement when you can.
# Calibrating: see the CpuCostProfile documentation.

# --- Diffie-Hellman, per operation (one IKE side = one dh-generate plus
#     one dh-agree). Measured totals are per side; the split between key
#     generation and agreement is [E] half and half (both are one modular
#     exponentiation / scalar multiplication).
# MODP-2048 (group 14), 32-octet private exponent: ~0.8 ms per side [M1];
# [P] says ~0.7 ms, and ~3 ms when OpenSSL's full peer public key check
# runs (85 % of the cost), which this module avoids.
dh-generate 14 400us
dh-agree    14 400us
# MODP-768/1024/1536 (groups 1, 2, 5), same 32-octet exponent: [E] the
# group 14 cost scaled by (modulus bits / 2048)^2 (the exponent length stays
# the same, each modular multiplication is quadratic in the modulus).
dh-generate 1  56us
dh-agree    1  56us
dh-generate 2  100us
dh-agree    2  100us
dh-generate 5  225us
dh-agree    5  225us
# ECP-256 (group 19): ~117 us per side [M1].
dh-generate 19 58.5us
dh-agree    19 58.5us
# ECP-384 (group 20): [E] about 8x ECP-256 (OpenSSL has no assembler P-384
# path comparable to its P-256 one; typical `openssl speed ecdhp256 ecdhp384`
# ratio).
dh-generate 20 450us
dh-agree    20 450us
# Curve25519 (group 31): ~125 us per side [M1]; [P] says ~115 us.
dh-generate 31 62.5us
dh-agree    31 62.5us

# --- IKE PRF: one HMAC call on a short input (key derivation, HASH_I/R,
#     SKEYID*). [E] ~1 us, dominated by OpenSSL EVP setup rather than by
#     the hash itself; wider hashes a little slower.
prf md5    0.9us
prf sha1   1us
prf sha256 1.2us
prf sha384 1.4us
prf sha512 1.4us

# --- ESP ciphers: cost = cipher-packet + cipher-byte * bytes, per direction.
# AES-GCM: seal+open of 1400 B = 1.95 us [M1] ([P]: ~2 us), so one
# direction ~0.975 us. Split [E]: 150 ns fixed (context reuse, IV, tag),
# (975 - 150) / 1400 = 0.59 ns/byte. Same for every key and ICV length.
cipher-packet aes-gcm 150ns
cipher-byte   aes-gcm 0.59ns
# AES-CBC with HMAC-SHA1 on 1392 B = 4.8 us [M1], taken as one direction
# (encrypt + ICV). Split [E]: AES-CBC encryption is serial (no AES-NI
# pipelining): 100 ns + 1.6 ns/byte = 2.33 us; HMAC-SHA1 the rest:
# 100 ns + 1.7 ns/byte = 2.47 us; together 4.79 us for 1392 B.
cipher-packet aes-cbc 100ns
cipher-byte   aes-cbc 1.6ns
# DES and 3DES have no hardware help: [E] ~100 MB/s and ~35 MB/s
# (typical `openssl speed des-cbc des-ede3` on x86-64).
cipher-packet des  100ns
cipher-byte   des  10ns
cipher-packet 3des 100ns
cipher-byte   3des 28ns
# NULL encryption copies nothing: [E] a fixed 50 ns of bookkeeping.
cipher-packet null 50ns
cipher-byte   null 0ns

# --- ESP integrity: cost = integrity-packet + integrity-byte * bytes.
# HMAC-SHA1 from the AES-CBC+HMAC-SHA1 split above ([M1] + [E]).
integrity-packet sha1   100ns
integrity-byte   sha1   1.7ns
# Others [E], relative to SHA-1 by typical `openssl speed` ratios on
# x86-64 without SHA extensions: MD5 ~1.1x faster, SHA-256 ~1.3x slower,
# SHA-384/512 (64-bit words) between the two.
integrity-packet md5    100ns
integrity-byte   md5    1.5ns
integrity-packet sha256 120ns
integrity-byte   sha256 2.2ns
integrity-packet sha384 150ns
integrity-byte   sha384 1.9ns
integrity-packet sha512 150ns
integrity-byte   sha512 1.9ns

# --- IKE message parse or build (payload encoding, no crypto): [E] 20 us.
ike-message 20us

# --- NAT-T keepalive received (RFC 3948 section 2.3): no crypto, but the
#     UDP 4500 receive path of a software router. [E] 2 us: an ns-3-like
#     socket receive and demultiplex on one core, the order of one kernel
#     UDP receive; replace with a measurement of your router.
nat-keepalive 2us
