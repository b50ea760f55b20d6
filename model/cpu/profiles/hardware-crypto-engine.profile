# ipsec-nat CPU cost profile: a router with a crypto offload engine.
#
# ILLUSTRATIVE ONLY: these numbers are not measurements of any product.
# They show the usual shape of such a box: bulk ESP crypto is nearly free
# per byte (the engine streams it) but every packet pays a fixed descriptor
# and DMA set-up cost, while Diffie-Hellman and the IKE PRF run on a slow
# embedded control CPU and are expensive. Use it to study that trade-off,
# not to predict a particular router.
#
# Format: see CpuCostProfile in model/cpu/cpu-cost-profile.h.

# --- Diffie-Hellman on the control CPU (about 10x a server core).
dh-generate 1  0.6ms
dh-agree    1  0.6ms
dh-generate 2  1ms
dh-agree    2  1ms
dh-generate 5  2.2ms
dh-agree    5  2.2ms
dh-generate 14 4ms
dh-agree    14 4ms
dh-generate 19 0.6ms
dh-agree    19 0.6ms
dh-generate 20 4.5ms
dh-agree    20 4.5ms
dh-generate 31 0.65ms
dh-agree    31 0.65ms

# --- IKE PRF on the control CPU.
prf md5    8us
prf sha1   10us
prf sha256 12us
prf sha384 15us
prf sha512 15us

# --- ESP in the engine: fixed per-packet cost, small per-byte cost.
cipher-packet null    300ns
cipher-byte   null    0ns
cipher-packet des     500ns
cipher-byte   des     0.8ns
cipher-packet 3des    500ns
cipher-byte   3des    0.8ns
cipher-packet aes-cbc 500ns
cipher-byte   aes-cbc 0.08ns
cipher-packet aes-gcm 500ns
cipher-byte   aes-gcm 0.05ns

integrity-packet md5    200ns
integrity-byte   md5    0.08ns
integrity-packet sha1   200ns
integrity-byte   sha1   0.08ns
integrity-packet sha256 200ns
integrity-byte   sha256 0.1ns
integrity-packet sha384 200ns
integrity-byte   sha384 0.12ns
integrity-packet sha512 200ns
integrity-byte   sha512 0.12ns

# --- IKE message parse or build on the control CPU.
ike-message 150us

# --- NAT-T keepalive received: handled by the route processor, not the
#     crypto engine. [E] 5 us: a process-switched packet on an access
#     router's general-purpose CPU.
nat-keepalive 5us
