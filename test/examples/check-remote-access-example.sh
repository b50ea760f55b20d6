#!/usr/bin/env bash
# Runs examples/ipsec-nat-remote-access on small scenarios and checks:
#  - every client's tunnel comes up, and with keepalive < NAT timeout all
#    server datagrams arrive; with keepalive > timeout delivery falls and
#    the loss shows as no-mapping drops at the NATs;
#  - the pcaps (hub WAN, NAT 0 outside and inside) have no malformed
#    frames; every ESP frame decrypts with a good ICV using only the
#    esp_sa file the run wrote, and carries the server's datagrams (UDP 9);
#    IKE decrypts with ikev1_decryption_table; NAT keepalives are seen on
#    the NAT's outside only from inside addresses' mappings;
#  - show-crypto.txt lists an ISAKMP SA and IPsec SAs per client;
#  - the same seed gives byte-identical CSVs and pcaps, another run differs;
#  - bad flags stop with a message naming the value and what is allowed.
# Usage: check-remote-access-example.sh <ipsec-nat-remote-access binary>
set -u
bin=${1:?usage: $0 <ipsec-nat-remote-access binary>}
# shellcheck source=check-lib.sh
. "$(dirname "$0")/check-lib.sh"
command -v tshark >/dev/null || { echo "FAIL: tshark not installed"; echo "0 passed, 1 failed"; exit 1; }
col() { awk -F, -v n="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==n) c=i} NR==2{if(c) print $c}' "$2"; }

common=(--peers=6 --nats=2 --duration=200 --startWindow=10 --natTimeout=60 --hubInterval=15 --progress=0)

# ---- keepalive below the timeout, with captures and keys
d=$work/good
if "$bin" "${common[@]}" --keepalive=20 --pcap=1 --keys=1 --show=1 --outDir="$d" > "$d.log" 2>&1; then
  ok "run with keepalive 20 s, timeout 60 s"
else bad "run failed"; cat "$d.log"; fi
s=$d/summary.csv
[ "$(col tunnels_established "$s")" = 6 ] && ok "6 tunnels established" || bad "tunnels established: $(col tunnels_established "$s")"
[ "$(col tunnels_up_end "$s")" = 6 ] && ok "6 tunnels up at the end" || bad "tunnels up: $(col tunnels_up_end "$s")"
[ "$(col hub_to_peer_delivery "$s")" = 1 ] && ok "all $(col hub_to_peer_sent "$s") server datagrams delivered" \
  || bad "delivery $(col hub_to_peer_delivery "$s")"
[ "$(col drop_nat_no_mapping "$s")" = 0 ] && ok "no NAT no-mapping drops" || bad "no-mapping drops $(col drop_nat_no_mapping "$s")"
[ "$(wc -l < "$d/peers.csv")" = 7 ] && ok "peers.csv has 6 clients" || bad "peers.csv lines $(wc -l < "$d/peers.csv")"
[ "$(tail -1 "$d/timeseries.csv" | cut -d, -f1)" = 200 ] && ok "timeseries ends at 200 s" || bad "timeseries end $(tail -1 "$d/timeseries.csv")"

isakmp=$(grep -c "QM_IDLE" "$d/show-crypto.txt")
[ "$isakmp" -ge 6 ] && ok "show crypto isakmp sa: $isakmp QM_IDLE SAs" || bad "show crypto: $isakmp QM_IDLE"

args=(-n -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE)
while IFS= read -r line; do [ -n "$line" ] && args+=(-o "uat:esp_sa:$line"); done < "$d/esp_sa"
while IFS= read -r line; do [ -n "$line" ] && args+=(-o "uat:ikev1_decryption_table:$line"); done < <(sort -u "$d/ikev1_decryption_table")
for link in hub-wan nat0-wan nat0-lan; do
  f=$d/$link.pcap
  [ -s "$f" ] || { bad "$link.pcap missing"; continue; }
  errors=$(tshark "${args[@]}" -r "$f" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | wc -l)
  [ "$errors" -eq 0 ] && ok "$link.pcap: no malformed frames or expert errors" || bad "$link.pcap: $errors malformed/error frames"
  esp=$(tshark "${args[@]}" -r "$f" -Y esp -T fields -e esp.icv_good -e udp.dstport 2>/dev/null)
  total=$(grep -c . <<< "$esp")
  good=$(awk -F'\t' '$1 == "1"' <<< "$esp" | grep -c .)
  inner=$(awk -F'\t' '$2 ~ /(^|,)9(,|$)/' <<< "$esp" | grep -c .)
  if [ "$total" -gt 0 ] && [ "$good" -eq "$total" ] && [ "$inner" -eq "$total" ]; then
    ok "$link: all $total ESP frames decrypt with a good ICV and carry UDP 9"
  else bad "$link: $total ESP frames, $good ICV good, $inner with UDP 9 inside"; fi
  qm=$(tshark "${args[@]}" -r "$f" -Y 'isakmp.exchangetype == 32' -T fields -e isakmp.hash 2>/dev/null)
  qm_n=$(grep -c . <<< "$qm"); qm_hash=$(grep -c '[0-9a-f]' <<< "$qm")
  if [ "$qm_n" -ge 3 ] && [ "$qm_hash" -eq "$qm_n" ]; then ok "$link: all $qm_n Quick Mode messages decrypt (Hash payload visible)"
  else bad "$link: $qm_n Quick Mode messages, $qm_hash decrypted"; fi
done
ka=$(tshark -n -r "$d/nat0-wan.pcap" -Y udpencap.nat_keepalive -T fields -e ip.src 2>/dev/null | sort -u)
if [ -n "$ka" ] && ! grep -qv '^198\.18\.' <<< "$ka"; then ok "NAT keepalives leave NAT 0 from its public address ($ka)"
else bad "keepalive sources: $ka"; fi

# ---- same seed, same bytes; another run differs
d2=$work/again
"$bin" "${common[@]}" --keepalive=20 --pcap=1 --keys=1 --outDir="$d2" > /dev/null 2>&1
same=1
for f in summary.csv peers.csv timeseries.csv hub-wan.pcap nat0-wan.pcap nat0-lan.pcap; do
  cmp -s "$d/$f" "$d2/$f" || { same=0; bad "$f differs between two runs with the same seed"; }
done
[ "$same" = 1 ] && ok "same seed: byte-identical CSVs and pcaps"
d3=$work/other
"$bin" "${common[@]}" --keepalive=20 --run=2 --outDir="$d3" > /dev/null 2>&1
cmp -s "$d/peers.csv" "$d3/peers.csv" && bad "--run=2 gave the same peers.csv" || ok "--run=2 gives other start times"

# ---- keepalive above the timeout: the mappings lapse
d=$work/lapse
"$bin" "${common[@]}" --keepalive=80 --outDir="$d" > "$d.log" 2>&1
s=$d/summary.csv
dl=$(col hub_to_peer_delivery "$s"); nm=$(col drop_nat_no_mapping "$s")
sent=$(col hub_to_peer_sent "$s"); got=$(col hub_to_peer_delivered "$s")
# Lost at the NAT (no mapping), or, once a keepalive has made a new mapping
# that reuses the old public port for another client, delivered to that
# client, whose stack does not know the SPI.
us=$(col drop_ipsec_unknown_spi "$s")
if awk -v x="$dl" 'BEGIN{exit !(x < 0.6)}' && [ "$nm" -gt 0 ] && [ $((nm + us)) -eq $((sent - got)) ]; then
  ok "keepalive 80 s > timeout 60 s: delivery $dl; lost: $nm no-mapping at the NATs, $us unknown SPI at reused ports"
else bad "keepalive 80: delivery $dl, no-mapping $nm, unknown-spi $us, sent $sent, delivered $got"; fi

# ---- bad flags
expect_error() { # flags, text the message must contain
  local text=$1; shift
  if "$bin" --progress=0 --outDir="$work/err" "$@" > "$work/err.log" 2>&1; then bad "accepted $*"
  elif grep -qF -- "$text" "$work/err.log"; then ok "$* stops: $text"
  else bad "$*: message $(tail -1 "$work/err.log")"; fi
}
expect_error "keepalive=3 s is out of range: allowed 0 (off) or 5..3600 s" --keepalive=3
expect_error "NAT timeout 'abc'" --natTimeout=abc
expect_error "--peerTraffic='bursty' is unknown: allowed idle, periodic, onoff" --peerTraffic=bursty
expect_error "nats=20 is out of range: allowed 1..peers (10)" --peers=10 --nats=20
expect_error "CPU profile 'fast' is unknown" --cpuProfile=fast

check_summary
