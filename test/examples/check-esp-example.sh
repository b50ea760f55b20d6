#!/usr/bin/env bash
# Runs examples/esp-manual-nat for every cipher x integrity combination (and
# both modes, raw ESP without NAT, AH) and checks the pcaps with tshark,
# using only the esp_sa key file the example wrote:
#  - traffic went through: all UDP echo replies and every TCP byte arrived;
#  - every ESP frame on the access and WAN links decrypts (pad length and
#    next header are known only after decryption) and its ICV checks good;
#  - the decrypted inner UDP echo (port 9) and TCP (port 5001) are visible;
#  - zero malformed frames or expert errors on any of the four links;
#  - FlowMonitor reports the inner flows.
# Usage: check-esp-example.sh <path to esp-manual-nat binary>
set -u
bin=${1:?usage: $0 <esp-manual-nat binary>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
command -v tshark >/dev/null || { echo "FAIL: tshark not installed"; echo "0 passed, 1 failed"; exit 1; }

# col NAME CSVFILE: value of column NAME in the data row
col() { awk -F, -v n="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==n) c=i} NR==2{print $c}' "$2"; }

check_run() { # name, then example flags
  local name=$1; shift
  local dir=$work/$name
  if ! "$bin" "$@" --tcpBytes=30000 --echoPackets=4 --outDir="$dir" > "$dir.log" 2>&1; then
    bad "$name: example failed"; cat "$dir.log"; return
  fi
  local s=$dir/summary.csv
  local echoes tcp proto
  echoes=$(col echo_replies "$s"); tcp=$(col tcp_received "$s"); proto=$(col protocol "$s")
  if [ "$echoes" = 4 ] && [ "$tcp" = 30000 ]; then ok; else bad "$name: echo $echoes/4, tcp $tcp/30000"; fi
  # FlowMonitor sees the inner flows (UDP echo and TCP) between the end hosts
  local flows
  flows=$(grep -c '<Flow flowId=.*sourceAddress="\(10\.1\.0\.2\|192\.168\.1\.2\)"' "$dir/flowmon.xml")
  # (FlowMonitor counts a packet as received only if its addresses are the
  # ones it was sent with: transport mode through the PAT changes them.)
  local received need=2
  received=$(grep -o 'rxPackets="[0-9]*"' "$dir/flowmon.xml" | grep -vc 'rxPackets="0"')
  case "$name" in *transport*) need=0 ;; esac
  if [ "$flows" -ge 2 ] && [ "$received" -ge "$need" ]; then ok
  else bad "$name: flowmon.xml: $flows inner flows from the client, $received with packets received"; fi

  local args=(-n -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE)
  while IFS= read -r line; do args+=(-o "uat:esp_sa:$line"); done < "$dir/esp_sa"
  local link
  for link in lan-a access wan lan-b; do
    local errors
    errors=$(tshark "${args[@]}" -r "$dir/$link.pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | wc -l)
    if [ "$errors" -eq 0 ]; then ok; else bad "$name: $link.pcap has $errors malformed/error frames"; fi
  done
  [ "$proto" = esp ] || return 0
  for link in access wan; do
    # one line per ESP frame: SPI, ICV good, pad length, next header, inner ports
    local fields
    fields=$(tshark "${args[@]}" -r "$dir/$link.pcap" -Y esp -T fields -E occurrence=a \
               -e esp.spi -e esp.icv_good -e esp.pad_len -e esp.protocol -e udp.port -e tcp.port 2>/dev/null)
    local total decrypted icv echo tcpseen
    total=$(echo "$fields" | grep -c .)
    decrypted=$(echo "$fields" | awk -F'\t' '$3 != "" && $4 != ""' | wc -l)
    icv=$(echo "$fields" | awk -F'\t' '$2 == "1"' | wc -l)
    echo=$(echo "$fields" | awk -F'\t' '$5 ~ /(^|,)9(,|$)/' | wc -l)
    tcpseen=$(echo "$fields" | awk -F'\t' '$6 ~ /(^|,)5001(,|$)/' | wc -l)
    if [ "$total" -gt 0 ] && [ "$decrypted" -eq "$total" ] && [ "$icv" -eq "$total" ] \
       && [ "$echo" -ge 8 ] && [ "$tcpseen" -gt 0 ]; then ok
    else bad "$name: $link: $total ESP frames, $decrypted decrypted, $icv ICV good, $echo echo, $tcpseen tcp"; fi
  done
}

for cipher in null des 3des aes128 aes192 aes256; do
  for integrity in md5 sha1 sha256; do
    check_run "esp-$cipher-$integrity-tunnel-udp" --cipher=$cipher --integrity=$integrity
  done
done
check_run esp-aes128gcm-tunnel-udp --cipher=aes128gcm
check_run esp-aes256gcm-tunnel-udp --cipher=aes256gcm
check_run esp-aes128-sha256-transport-udp --cipher=aes128 --integrity=sha256 --mode=transport
check_run esp-3des-md5-transport-udp --cipher=3des --integrity=md5 --mode=transport
check_run esp-aes128gcm-transport-udp --cipher=aes128gcm --mode=transport
check_run esp-aes256-sha1-tunnel-raw-nonat --cipher=aes256 --integrity=sha1 --encap=none --nat=none
check_run esp-des-sha1-tunnel-raw-passthrough --cipher=des --integrity=sha1 --encap=none --natPassthrough=1
check_run ah-sha256-tunnel-nonat --protocol=ah --integrity=sha256 --encap=none --nat=none

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
