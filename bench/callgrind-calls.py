#!/usr/bin/env python3
"""Count calls of functions in a callgrind output file.

Usage: callgrind-calls.py <callgrind.out> <name substring>...

Adds up the `calls=` lines of every callee whose name contains the
substring. bench/README.md uses it to check that the bare handshake of
bench-ike-handshake makes exactly the cryptographic calls the simulated
handshake makes.
"""
import re
import sys


def count_calls(path):
    names = {}
    counts = {}
    callee = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(("fn=", "cfn=")):
                m = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line.strip())
                if not m:
                    continue
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                if line.startswith("cfn="):
                    callee = names.get(m.group(1), m.group(1))
            elif line.startswith("calls=") and callee:
                counts[callee] = counts.get(callee, 0) + int(line[6:].split()[0])
    return counts


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    counts = count_calls(sys.argv[1])
    for pattern in sys.argv[2:]:
        total = sum(n for name, n in counts.items() if pattern in name)
        print("%-45s %8d" % (pattern, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
