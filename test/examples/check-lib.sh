# Sourced by the example check scripts: a work folder removed on exit,
# PASS/FAIL counters, and the summary line whose status is the script's.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check_summary() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
