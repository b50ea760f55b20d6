#!/usr/bin/env bash
# Runs examples/ipsec-nat-ios-config from a folder outside the module's tree,
# where none of ./, ../ and ../../ holds examples/configs/, so the default
# configuration files must come from the module's source folder:
#  - the default site-to-site run (gwA behind a PAT) reads site-a.cfg and
#    site-b.cfg from the source folder, both sides complete phase 1 and 2,
#    gwA finds itself behind the NAT and all echo replies come back;
#  - --cisco=1 finds the Cisco text's configuration files the same way: the
#    text unchanged installs no connection (access-list 101 is undefined),
#    with the access list added the tunnel comes up;
#  - a configuration file that exists nowhere stops the example with a
#    message naming the flag, the file and every path tried.
# Usage: check-ios-config-example.sh <path to ipsec-nat-ios-config binary>
set -u
bin=${1:?usage: $0 <ipsec-nat-ios-config binary>}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
# shellcheck source=check-lib.sh
. "$(dirname "$0")/check-lib.sh"

# col NAME CSVFILE: value of column NAME in the data row
col() { awk -F, -v n="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==n) c=i} NR==2{if(c) print $c}' "$2"; }

elsewhere="$work/a/b/c"
mkdir -p "$elsewhere"
cd "$elsewhere" || exit 1

if "$bin" --duration=40 --pcap=0 --outDir="$work/site" > "$work/site.log" 2>&1; then
    ok "site-to-site run from $elsewhere exits 0"
else
    bad "site-to-site run from $elsewhere exits 0 ($(tail -2 "$work/site.log"))"
fi
csv="$work/site/summary.csv"
if [ -s "$csv" ]; then
    case $(col initiator_config "$csv") in
    /*/examples/configs/site-a.cfg) ok "gwA's file taken from the source folder" ;;
    *) bad "gwA's file taken from the source folder (got '$(col initiator_config "$csv")')" ;;
    esac
    up="$(col phase1_a "$csv") $(col phase2_a "$csv") $(col phase1_b "$csv") $(col phase2_b "$csv")"
    if [ "$up" = "1 1 1 1" ]; then ok "phase 1 and 2 up on both sides"; else bad "phase 1 and 2 up on both sides (got $up)"; fi
    if [ "$(col nat_status_a "$csv")" = local-behind-nat ]; then ok "gwA behind the NAT"; else bad "gwA behind the NAT (got $(col nat_status_a "$csv"))"; fi
    if [ "$(col echo_replies "$csv")" = 5 ]; then ok "5 of 5 echo replies"; else bad "5 of 5 echo replies (got $(col echo_replies "$csv"))"; fi
else
    bad "summary.csv written"
fi

if "$bin" --cisco=1 --duration=40 --pcap=0 --outDir="$work/cisco" > "$work/cisco.log" 2>&1; then
    ok "--cisco=1 run from $elsewhere exits 0"
else
    bad "--cisco=1 run from $elsewhere exits 0 ($(tail -2 "$work/cisco.log"))"
fi
unchanged="$work/cisco/cisco-unchanged/summary.csv"
acl="$work/cisco/cisco-with-acl/summary.csv"
if [ -s "$unchanged" ] && [ "$(col connections_a "$unchanged")" = 0 ]; then
    ok "the Cisco text unchanged installs no connection"
else
    bad "the Cisco text unchanged installs no connection"
fi
if [ -s "$acl" ] && [ "$(col phase2_a "$acl")" = 1 ] && [ "$(col echo_replies "$acl")" = 5 ]; then
    ok "with access-list 101 the tunnel comes up and carries the echoes"
else
    bad "with access-list 101 the tunnel comes up and carries the echoes"
fi

if "$bin" --initiatorConfig=no-such.cfg --duration=10 --pcap=0 --outDir="$work/missing" > "$work/missing.log" 2>&1; then
    bad "a missing configuration file stops the example"
else
    ok "a missing configuration file stops the example"
fi
if grep -q -- "--initiatorConfig=no-such.cfg: no readable file (tried no-such.cfg, ../no-such.cfg, ../../no-such.cfg" "$work/missing.log"; then
    ok "the message names the flag, the file and the paths tried"
else
    bad "the message names the flag, the file and the paths tried ($(grep -m1 -i "readable" "$work/missing.log"))"
fi

check_summary
