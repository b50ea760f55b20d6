#!/usr/bin/env bash
# ipsec-nat-calibrate writes a CPU cost profile that loads, has every
# entry with plausible values, and drives the hub CPU of a remote-access
# run (the example refuses a profile that does not load).
# Usage: check-calibrate.sh <ipsec-nat-calibrate> <ipsec-nat-remote-access>
set -u
cal=${1:?usage: $0 <ipsec-nat-calibrate> <ipsec-nat-remote-access>}
ra=${2:?usage: $0 <ipsec-nat-calibrate> <ipsec-nat-remote-access>}
# shellcheck source=check-lib.sh
. "$(dirname "$0")/check-lib.sh"

if "$cal" --quick --output="$work/m.profile" > "$work/cal.log" 2>&1 && grep -q "loads: ok" "$work/cal.log"; then
  ok "calibration wrote $work/m.profile and read it back"
else bad "calibration failed"; cat "$work/cal.log"; fi

# Every entry the profile format has, once.
for g in 1 2 5 14 19 20 31; do
  for k in dh-generate dh-agree; do
    n=$(grep -cE "^$k +$g +[0-9.]+ns$" "$work/m.profile")
    [ "$n" = 1 ] && ok "$k $g present" || bad "$k $g: $n lines"
  done
done
for h in md5 sha1 sha256 sha384 sha512; do
  for k in prf integrity-packet integrity-byte; do
    n=$(grep -cE "^$k +$h +[0-9.]+ns$" "$work/m.profile")
    [ "$n" = 1 ] && ok "$k $h present" || bad "$k $h: $n lines"
  done
done
for c in null des 3des aes-cbc aes-gcm; do
  for k in cipher-packet cipher-byte; do
    n=$(grep -cE "^$k +$c +[0-9.]+ns$" "$work/m.profile")
    [ "$n" = 1 ] && ok "$k $c present" || bad "$k $c: $n lines"
  done
done
grep -qE "^ike-message +[0-9.]+ns$" "$work/m.profile" && ok "ike-message present" || bad "ike-message missing"

# Plausible: MODP-2048 costs more than X25519; 3DES per byte more than AES-GCM.
ns() { awk -v k="$1" -v a="$2" '$1==k && $2==a {sub(/ns$/,"",$3); print $3}' "$work/m.profile"; }
if awk -v a="$(ns dh-agree 14)" -v b="$(ns dh-agree 31)" 'BEGIN{exit !(a > b && b > 0)}'; then
  ok "dh-agree 14 ($(ns dh-agree 14) ns) > dh-agree 31 ($(ns dh-agree 31) ns) > 0"
else bad "dh-agree 14 $(ns dh-agree 14), 31 $(ns dh-agree 31)"; fi
if awk -v a="$(ns cipher-byte 3des)" -v b="$(ns cipher-byte aes-gcm)" 'BEGIN{exit !(a > b)}'; then
  ok "cipher-byte 3des > aes-gcm"
else bad "cipher-byte 3des $(ns cipher-byte 3des), aes-gcm $(ns cipher-byte aes-gcm)"; fi

# The profile drives a simulation: the hub's CPU is busy with IKE.
if "$ra" --peers=4 --nats=2 --duration=60 --startWindow=5 --cpuProfile="$work/m.profile" \
     --progress=0 --outDir="$work/ra" > "$work/ra.log" 2>&1; then
  cpu=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="hub_cpu_mean") c=i} NR==2{print $c}' "$work/ra/summary.csv")
  prof=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="cpu_profile") c=i} NR==2{print $c}' "$work/ra/summary.csv")
  if awk -v x="$cpu" 'BEGIN{exit !(x > 0)}' && [ "$prof" = "$work/m.profile" ]; then
    ok "remote-access run with the profile: hub CPU mean $cpu"
  else bad "hub CPU mean '$cpu', profile '$prof'"; fi
else bad "remote-access run with the profile failed"; cat "$work/ra.log"; fi

# A profile that does not parse stops the run with a message naming the line.
printf 'dh-generate 14 400us\nprf sha3 1us\n' > "$work/bad.profile"
if "$ra" --peers=2 --nats=1 --duration=10 --cpuProfile="$work/bad.profile" --progress=0 \
     --outDir="$work/bad" > "$work/bad.log" 2>&1; then
  bad "a bad profile was accepted"
elif grep -q "bad.profile" "$work/bad.log" && grep -q "line 2" "$work/bad.log"; then
  ok "a bad profile stops the run: $(grep -m1 "line 2" "$work/bad.log")"
else bad "bad profile message: $(tail -2 "$work/bad.log")"; fi

# Bad arguments stop the tool with the allowed ones.
if "$cal" --target=0 > "$work/arg.log" 2>&1; then bad "--target=0 accepted"
elif grep -q "allowed 0 < seconds <= 10" "$work/arg.log"; then ok "--target=0 stops: $(cat "$work/arg.log")"
else bad "--target=0 message: $(cat "$work/arg.log")"; fi
if "$cal" --fast > "$work/arg.log" 2>&1; then bad "--fast accepted"
elif grep -q "unknown argument '--fast': allowed --output=FILE, --quick" "$work/arg.log"; then ok "--fast stops: $(cat "$work/arg.log")"
else bad "--fast message: $(cat "$work/arg.log")"; fi

check_summary
