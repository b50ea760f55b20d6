#!/usr/bin/env bash
# Runs examples/ipsec-nat-site-to-site (IKEv1 Main Mode + Quick Mode with
# NAT-T) for every NAT position in tunnel mode, for transport mode behind
# the initiator's PAT and with NAT-T off, and checks the pcaps with tshark
# using only the key files the example wrote (ikev1_decryption_table for
# ISAKMP, esp_sa for ESP):
#  - MM1-MM4 dissect in clear: vendor IDs in MM1/MM2 (RFC 3947's among them
#    when NAT-T is on, none of the NAT-T ones when it is off) and two NAT-D
#    payloads in MM3/MM4 (RFC 3947 section 3.2; none with NAT-T off);
#  - MM5/MM6 and Quick Mode decrypt: Identification and Hash payloads are
#    visible in MM5/MM6, a Hash in every Quick Mode message and the two
#    IDci/IDcr in QM1/QM2; NAT-OA in QM1/QM2 in transport mode through NAT
#    (RFC 3947 section 5.2);
#  - with a NAT, IKE floats to 4500 behind the non-ESP marker from MM5 on
#    (RFC 3947 section 4) and ESP is UDP-encapsulated (RFC 3948); without,
#    everything stays on 500 and ESP is raw;
#  - every ESP frame on every link decrypts and its ICV checks good, and
#    the inner echo is visible;
#  - NAT keepalives (RFC 3948 section 2.3) dissect as NAT-keepalive, as many
#    as the example says it sent, only from the side behind a NAT;
#  - zero malformed frames or expert errors in any pcap;
#  - summary.csv: phase 1 and 2 up on both sides, the expected NAT status,
#    all echo replies;
#  - the same command twice gives byte-identical pcaps.
# Usage: check-ike-example.sh <path to ipsec-nat-site-to-site binary>
set -u
bin=${1:?usage: $0 <ipsec-nat-site-to-site binary>}
# shellcheck source=check-lib.sh
. "$(dirname "$0")/check-lib.sh"
check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
command -v tshark >/dev/null || { echo "FAIL: tshark not installed"; echo "0 passed, 1 failed"; exit 1; }

# The RFC 3947 vendor ID: MD5("RFC 3947").
rfc3947_vid=4a131c81070358455c5728f20e95452f
# The draft NAT-T vendor IDs (draft-ietf-ipsec-nat-t-ike-02, -02\n, -03).
draft_vids='cd60464335df21f87cfdb2fc68b6a448|90cb80913ebb696e086381b5ec427b1f|7d9419a65310ca6f2c179d9215529d56'
echo_count=5
common=(--duration=60 --keepalive=10 --natTimeout=30 --seed=1 --run=1)

# col NAME CSVFILE: value of column NAME in the data row
col() { awk -F, -v n="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==n) c=i} NR==2{if(c) print $c}' "$2"; }

# count LINES: number of non-empty lines
count() { grep -c . <<< "$1"; }

check_run() { # name, expected NAT status of gwA, of gwB, then example flags
  local name=$1 want_a=$2 want_b=$3; shift 3
  local dir=$work/$name
  if ! "$bin" "${common[@]}" "$@" --outDir="$dir" > "$dir.log" 2>&1; then
    bad "$name: example failed ($*)"; cat "$dir.log"; return
  fi
  ok "$name: example ran ($*)"
  local nat=none natt=1 transport=0 arg
  for arg in "$@"; do
    case "$arg" in
      --nat=*) nat=${arg#--nat=} ;;
      --natt=0) natt=0 ;;
      --mode=transport) transport=1 ;;
    esac
  done
  local natted=0
  [ "$nat" != none ] && [ "$natt" = 1 ] && natted=1

  # ---- summary.csv
  local s=$dir/summary.csv
  local p1a p2a p1b p2b sa sb replies sent
  p1a=$(col phase1_a "$s"); p2a=$(col phase2_a "$s"); p1b=$(col phase1_b "$s"); p2b=$(col phase2_b "$s")
  sa=$(col nat_status_a "$s"); sb=$(col nat_status_b "$s")
  replies=$(col echo_replies "$s"); sent=$(col echo_sent "$s")
  if [ "$p1a" = 1 ] && [ "$p1b" = 1 ] && [ "${p2a:-0}" -ge 1 ] && [ "${p2b:-0}" -ge 1 ]; then
    ok "$name: summary: phase 1 and 2 up on both sides"
  else bad "$name: summary: phase1 a=$p1a b=$p1b, phase2 a=$p2a b=$p2b"; fi
  if [ "$sa" = "$want_a" ] && [ "$sb" = "$want_b" ]; then ok "$name: summary: NAT status $sa / $sb"
  else bad "$name: summary: NAT status $sa / $sb, expected $want_a / $want_b"; fi
  if [ "$replies" = "$echo_count" ] && [ "${sent:-$echo_count}" = "$echo_count" ]; then
    ok "$name: summary: echo replies $replies/${sent:-$echo_count}"
  else bad "$name: summary: echo replies $replies/${sent:-?}, expected $echo_count/$echo_count"; fi

  # ---- tshark with the example's key files only
  local args=(-n -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE)
  local line
  while IFS= read -r line; do [ -n "$line" ] && args+=(-o "uat:esp_sa:$line"); done < "$dir/esp_sa"
  while IFS= read -r line; do
    [ -n "$line" ] && args+=(-o "uat:ikev1_decryption_table:$line")
  done < <(sort -u "$dir/ikev1_decryption_table")
  local link
  for link in access-a core access-b; do
    local errors
    errors=$(tshark "${args[@]}" -r "$dir/$link.pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | wc -l)
    if [ "$errors" -eq 0 ]; then ok "$name: $link.pcap: no malformed frames or expert errors"
    else bad "$name: $link.pcap has $errors malformed/error frames"; fi
  done

  # ISAKMP on the core link: one line per message.
  local ike
  ike=$(tshark "${args[@]}" -r "$dir/core.pcap" -Y isakmp -T fields -E occurrence=a -E aggregator=, \
          -e isakmp.exchangetype -e isakmp.flag_e -e udp.srcport -e udp.dstport \
          -e isakmp.vid_bytes -e isakmp.ike.nat_hash -e isakmp.id.type -e isakmp.hash \
          -e udpencap.non_esp_marker -e isakmp.ike.nat_original_address_ipv4 2>/dev/null)
  local mm_clear mm_enc qm
  mm_clear=$(awk -F'\t' '$1 == 2 && $2 == 0' <<< "$ike")
  mm_enc=$(awk -F'\t' '$1 == 2 && $2 == 1' <<< "$ike")
  qm=$(awk -F'\t' '$1 == 32' <<< "$ike")
  # MM1 and MM2: vendor IDs; MM3 and MM4: KE, nonce and (NAT-T) two NAT-D.
  local mm12 mm34 vid_ok natd_ok
  mm12=$(head -2 <<< "$mm_clear"); mm34=$(sed -n 3,4p <<< "$mm_clear")
  if [ "$natt" = 1 ]; then
    vid_ok=$(awk -F'\t' -v v=$rfc3947_vid '$5 ~ v' <<< "$mm12" | grep -c .)
    natd_ok=$(awk -F'\t' '$6 ~ /^[0-9a-f]+,[0-9a-f]+$/' <<< "$mm34" | grep -c .)
  else
    vid_ok=$(awk -F'\t' -v v="$rfc3947_vid|$draft_vids" '$5 != "" && $5 !~ v' <<< "$mm12" | grep -c .)
    natd_ok=$(awk -F'\t' '$6 == ""' <<< "$mm34" | grep -c .)
  fi
  if [ "$(count "$mm_clear")" -eq 4 ] && [ "$vid_ok" -eq 2 ] && [ "$natd_ok" -eq 2 ]; then
    ok "$name: MM1-MM4 in clear: vendor IDs and $([ "$natt" = 1 ] && echo "NAT-D payloads" || echo "no NAT-T")"
  else bad "$name: MM1-MM4: $(count "$mm_clear") messages, $vid_ok with the right vendor IDs, $natd_ok with the right NAT-D"; fi
  # MM5 and MM6 decrypt: ID and HASH.
  local mm56_ok
  mm56_ok=$(awk -F'\t' '$7 != "" && $8 != ""' <<< "$mm_enc" | grep -c .)
  if [ "$(count "$mm_enc")" -eq 2 ] && [ "$mm56_ok" -eq 2 ]; then
    ok "$name: MM5/MM6 decrypt: Identification and Hash payloads"
  else bad "$name: MM5/MM6: $(count "$mm_enc") messages, $mm56_ok decrypted with ID and HASH"; fi
  # Quick Mode decrypts: HASH in each, IDci/IDcr in QM1/QM2.
  local qm_n qm_hash qm_ids
  qm_n=$(count "$qm")
  qm_hash=$(awk -F'\t' '$8 != ""' <<< "$qm" | grep -c .)
  qm_ids=$(awk -F'\t' '$7 ~ /,/' <<< "$qm" | grep -c .)
  if [ "$qm_n" -ge 3 ] && [ "$qm_hash" -eq "$qm_n" ] && [ "$qm_ids" -ge 2 ]; then
    ok "$name: Quick Mode decrypts: $qm_n messages with Hash, $qm_ids with IDci/IDcr"
  else bad "$name: Quick Mode: $qm_n messages, $qm_hash with Hash, $qm_ids with IDci/IDcr"; fi
  if [ "$transport" = 1 ] && [ "$natted" = 1 ]; then
    local oa
    oa=$(awk -F'\t' '$10 ~ /^[0-9.]+,[0-9.]+$/' <<< "$qm" | grep -c .)
    if [ "$oa" -ge 2 ]; then ok "$name: NAT-OA payloads in QM1/QM2"
    else bad "$name: $oa Quick Mode messages with two NAT-OA payloads"; fi
  fi
  # The port float: MM5 on are on 4500 behind the marker iff a NAT is there.
  local on4500 on500
  on4500=$(awk -F'\t' '$3 == 4500 && $4 == 4500 && $9 != ""' <<< "$ike" | grep -c .)
  on500=$(awk -F'\t' '$3 == 500 && $4 == 500' <<< "$ike" | grep -c .)
  local total_ike
  total_ike=$(count "$ike")
  if [ "$natted" = 1 ]; then
    if [ "$on500" -eq 4 ] && [ "$on4500" -eq $((total_ike - 4)) ]; then
      ok "$name: IKE floated to 4500 after MM4 ($on4500 messages behind the non-ESP marker)"
    else bad "$name: $on500 IKE messages on 500, $on4500 on 4500 of $total_ike"; fi
  else
    if [ "$on500" -eq "$total_ike" ] && [ "$on4500" -eq 0 ]; then ok "$name: IKE stays on 500 ($total_ike messages)"
    else bad "$name: $on500 IKE messages on 500, $on4500 on 4500 of $total_ike"; fi
  fi

  # ESP on every link: decrypts, ICV good, inner echo visible; in UDP iff NAT.
  for link in access-a core access-b; do
    local esp total decrypted icv echo udp raw
    esp=$(tshark "${args[@]}" -r "$dir/$link.pcap" -Y esp -T fields -E occurrence=a -E aggregator=, \
            -e esp.icv_good -e esp.pad_len -e esp.protocol -e udp.port -e ip.proto 2>/dev/null)
    total=$(count "$esp")
    decrypted=$(awk -F'\t' '$2 != "" && $3 != ""' <<< "$esp" | grep -c .)
    icv=$(awk -F'\t' '$1 == "1"' <<< "$esp" | grep -c .)
    echo=$(awk -F'\t' '$4 ~ /(^|,)9(,|$)/' <<< "$esp" | grep -c .)
    udp=$(awk -F'\t' '$5 ~ /^17/' <<< "$esp" | grep -c .)
    raw=$(awk -F'\t' '$5 ~ /^50/' <<< "$esp" | grep -c .)
    if [ "$total" -gt 0 ] && [ "$decrypted" -eq "$total" ] && [ "$icv" -eq "$total" ] \
       && [ "$echo" -ge $((2 * echo_count)) ]; then
      ok "$name: $link: all $total ESP frames decrypt with good ICV, $echo carry the echo"
    else bad "$name: $link: $total ESP frames, $decrypted decrypted, $icv ICV good, $echo echo"; fi
    if { [ "$natted" = 1 ] && [ "$udp" -eq "$total" ]; } || { [ "$natted" = 0 ] && [ "$raw" -eq "$total" ]; }; then
      ok "$name: $link: ESP is $([ "$natted" = 1 ] && echo "UDP-encapsulated" || echo "raw")"
    else bad "$name: $link: $udp ESP frames in UDP, $raw raw, of $total"; fi
  done

  # NAT keepalives: as many as the example sent, from the NATed side only.
  local ka ka_sent ka_from
  ka=$(tshark "${args[@]}" -r "$dir/core.pcap" -Y udpencap.nat_keepalive -T fields -e ip.src 2>/dev/null)
  ka_sent=$(col keepalives_sent "$s")
  case "$nat" in
    initiator) ka_from='^198\.51\.100\.1$' ;;
    responder) ka_from='^198\.51\.100\.2$' ;;
    both) ka_from='^198\.51\.100\.[12]$' ;;
    *) ka_from='^$' ;;
  esac
  if [ "$natted" = 1 ]; then
    if [ "$(count "$ka")" -gt 0 ] && [ "$(count "$ka")" -eq "$ka_sent" ] \
       && [ "$(grep -cvE "$ka_from" <<< "$ka")" -eq 0 ]; then
      ok "$name: $(count "$ka") NAT-keepalives, from the side behind the NAT"
    else bad "$name: $(count "$ka") NAT-keepalive frames ($ka_sent sent) from $(sort -u <<< "$ka" | tr '\n' ' ')"; fi
  elif [ "$natted" = 0 ]; then
    if [ "$(count "$ka")" -eq 0 ] && [ "${ka_sent:-0}" -eq 0 ]; then ok "$name: no NAT-keepalives without NAT-T/NAT"
    else bad "$name: $(count "$ka") NAT-keepalive frames ($ka_sent sent) without a NAT"; fi
  fi

  # Same command, same seed: the same octets.
  local again=$work/$name-again
  if ! "$bin" "${common[@]}" "$@" --outDir="$again" > "$again.log" 2>&1; then
    bad "$name: second run failed"; return
  fi
  local same=1 f
  for f in access-a.pcap core.pcap access-b.pcap summary.csv esp_sa ikev1_decryption_table; do
    cmp -s "$dir/$f" "$again/$f" || { same=0; echo "  $f differs"; }
  done
  if [ "$same" = 1 ]; then ok "$name: same seed twice gives identical pcaps and files"
  else bad "$name: same seed twice gives different output"; fi
}

check_run tunnel-nat-none no-nat no-nat --nat=none
check_run tunnel-nat-initiator local-behind-nat peer-behind-nat --nat=initiator
check_run tunnel-nat-responder peer-behind-nat local-behind-nat --nat=responder
check_run tunnel-nat-both both-behind-nat both-behind-nat --nat=both
check_run transport-nat-initiator local-behind-nat peer-behind-nat --mode=transport --nat=initiator
check_run tunnel-natt-off-nat-none not-negotiated not-negotiated --natt=0 --nat=none

check_summary
