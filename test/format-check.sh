#!/usr/bin/env bash
# Every C++ file is formatted with the checked-in .clang-format.
# Usage: format-check.sh <module source dir>
set -u
cd "${1:-.}" || exit 1
command -v clang-format >/dev/null || { echo "FAIL: clang-format not installed"; echo "0 passed, 1 failed"; exit 1; }
bad=0; good=0
while IFS= read -r f; do
  if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then good=$((good + 1))
  else bad=$((bad + 1)); echo "FAIL: $f is not clang-formatted (run: make format)"; fi
done < <(find model helper examples test bench -name '*.cc' -o -name '*.h' 2>/dev/null | sort)
echo "$good passed, $bad failed"
[ "$bad" -eq 0 ]
