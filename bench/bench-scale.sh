#!/usr/bin/env bash
# Scale benchmark of issue #5: the remote-access scenario with IKE/NAT-T
# and ESP-in-UDP keepalives through PATs, against the plain ns-3 floor of
# the same topology (1-octet UDP every keepalive interval, routers in place
# of the NATs), run side by side, alternating, so that machine noise hits
# both alike.
#
#   bench/bench-scale.sh [BUILD_DIR] [OUT_CSV]
#   env: PEERS="1000 10000" DURATION=3600 DH_GROUPS="14 19" REPS=1
#
# Each line of OUT_CSV: variant, peers, nats, dh group, simulated seconds,
# setup wall s, run wall s, total wall s, peak RSS MB, events, tunnels up.
set -euo pipefail
build=${1:-build}
out=${2:-bench/results/scale.csv}
peers_list=${PEERS:-"1000 10000"}
duration=${DURATION:-3600}
groups=${DH_GROUPS:-"14"}
reps=${REPS:-1}
prog="$build/examples/ipsec-nat-remote-access"
[ -x "$prog" ] || { echo "bench-scale: $prog not built (make build)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -s "$out" ] || echo "variant,peers,nats,dh_group,sim_s,setup_wall_s,run_wall_s,wall_s,peak_rss_mb,events,tunnels_up" > "$out"

run() { # variant peers group
    local variant=$1 peers=$2 group=$3
    local nats=$((peers / 10))
    local plain=0
    [ "$variant" = plain ] && plain=1
    "$prog" --peers="$peers" --nats="$nats" --keepalive=20 --hubInterval=0 --duration="$duration" \
        --dhGroup="$group" --plain=$plain --progress=0 --outDir="$tmp/run" > "$tmp/log" 2>&1 \
        || { echo "bench-scale: $variant $peers peers failed:" >&2; tail -5 "$tmp/log" >&2; exit 1; }
    local setup runw rss events up
    setup=$(awk '/^setup_wall_s/{print $2}' "$tmp/run/run-info.txt")
    runw=$(awk '/^run_wall_s/{print $2}' "$tmp/run/run-info.txt")
    rss=$(awk '/^peak_rss_mb/{print $2}' "$tmp/run/run-info.txt")
    events=$(awk '/^events/{print $2}' "$tmp/run/run-info.txt")
    up=$(awk -F, 'NR==2{print $18}' "$tmp/run/summary.csv")
    local wall
    wall=$(awk -v a="$setup" -v b="$runw" 'BEGIN{printf "%.3f", a+b}')
    echo "$variant,$peers,$nats,$group,$duration,$setup,$runw,$wall,$rss,$events,$up" | tee -a "$out"
}

for peers in $peers_list; do
    for group in $groups; do
        for ((r = 0; r < reps; ++r)); do
            run plain "$peers" "$group"
            run ipsec "$peers" "$group"
        done
    done
done
