#!/usr/bin/env bash
# Runs examples/nat-mapping-timeout with pcaps and checks them with tshark:
#  - zero malformed frames on both links;
#  - the outside link carries only the public address, the inside link only
#    private ones (the translation is visible on the wire);
#  - replies the NAT dropped as no-mapping are on the outside capture but not
#    on the inside one, as many as the CSV reports;
#  - the same seed twice gives byte-identical pcaps and CSV rows.
# Usage: check-nat-example.sh <path to nat-mapping-timeout binary>
set -u
bin=${1:?usage: $0 <nat-mapping-timeout binary>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() { # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "PASS: $name"
  else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
command -v tshark >/dev/null || { echo "FAIL: tshark not installed (make deps installs it)"; echo "0 passed, 1 failed"; exit 1; }

args=(--hosts=4 --natTimeout=30 --interval=60 --replyDelay=40 --duration=600 --pcap=1 --seed=3 --run=2)
for run in a b; do
  if ! "$bin" "${args[@]}" --outDir="$work/$run" > "$work/$run.log" 2>&1; then
    cat "$work/$run.log"; echo "FAIL: example run $run"; echo "0 passed, 1 failed"; exit 1
  fi
done
out=$work/a/nat-outside.pcap
in=$work/a/nat-inside.pcap

malformed() { [ "$(tshark -n -r "$1" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | wc -l)" -eq 0 ]; }
check "outside pcap has no malformed frames" malformed "$out"
check "inside pcap has no malformed frames" malformed "$in"

checksums() { # every UDP checksum verifies (the NAT adjusted them, RFC 1624)
  local bad good
  bad=$(tshark -n -o udp.check_checksum:TRUE -r "$1" -Y 'udp.checksum.status == 0' 2>/dev/null | wc -l)
  good=$(tshark -n -o udp.check_checksum:TRUE -r "$1" -Y 'udp.checksum.status == 1' 2>/dev/null | wc -l)
  echo "$1: $good good UDP checksums, $bad bad"
  [ "$bad" -eq 0 ] && [ "$good" -gt 0 ]
}
check "outside UDP checksums verify" checksums "$out"
check "inside UDP checksums verify" checksums "$in"

outside_private() { tshark -n -r "$out" -Y ip -T fields -e ip.src -e ip.dst 2>/dev/null | grep -c '192\.168\.' ; }
check "outside link shows only public addresses" [ "$(outside_private)" -eq 0 ]
inside_public_src() { tshark -n -r "$in" -Y 'udp.dstport == 9000' -T fields -e ip.src 2>/dev/null | grep -vc '^192\.168\.1\.' ; }
check "inside link shows private sources of requests" [ "$(inside_public_src)" -eq 0 ]
preserved() { tshark -n -r "$out" -Y 'udp.dstport == 9000' -T fields -e ip.src -e udp.srcport 2>/dev/null | sort -u | awk '$1 != "203.0.113.1" || $2 < 5000 || $2 > 5003 {bad=1} END {exit bad}'; }
check "outside requests come from 203.0.113.1:5000-5003 (ports preserved)" preserved

replies_out=$(tshark -n -r "$out" -Y 'udp.srcport == 9000' 2>/dev/null | wc -l)
replies_in=$(tshark -n -r "$in" -Y 'udp.srcport == 9000' 2>/dev/null | wc -l)
header=$(head -1 "$work/a/nat-mapping-timeout.csv")
row=$(tail -1 "$work/a/nat-mapping-timeout.csv")
col() { local i; i=$(echo "$header" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1); echo "$row" | cut -d, -f"$i"; }
no_mapping=$(col drop_no_mapping)
echo "replies on the outside link: $replies_out, inside: $replies_in, no-mapping drops: $no_mapping"
check "some replies were dropped (timeout < interval)" [ "$no_mapping" -gt 0 ]
check "outside replies - inside replies = no-mapping drops" [ $((replies_out - replies_in)) -eq "$no_mapping" ]

check "same seed gives identical outside pcap" cmp -s "$out" "$work/b/nat-outside.pcap"
check "same seed gives identical inside pcap" cmp -s "$in" "$work/b/nat-inside.pcap"
check "same seed gives identical CSV" cmp -s "$work/a/nat-mapping-timeout.csv" "$work/b/nat-mapping-timeout.csv"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
