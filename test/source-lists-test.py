#!/usr/bin/env python3
"""Keep the source lists of CMakeLists.txt, wscript and the disk in step.

Usage: source-lists-test.py <module source dir>
Exits non-zero and says which file is missing from which list.
"""
import ast
import re
import sys
from pathlib import Path


def cmake_list(text, name):
    m = re.search(r"set\(%s\s+(.*?)\)" % name, text, re.S)
    if not m:
        raise SystemExit("CMakeLists.txt has no set(%s ...)" % name)
    return {w for w in m.group(1).split() if not w.startswith("#")}


def wscript_list(text, target):
    m = re.search(r"%s\s*=\s*(\[.*?\])" % re.escape(target), text, re.S)
    if not m:
        raise SystemExit("wscript has no %s = [...]" % target)
    return set(ast.literal_eval(m.group(1)))


def on_disk(root, folders, suffix):
    found = set()
    for folder in folders:
        for p in (root / folder).rglob("*" + suffix):
            found.add(str(p.relative_to(root)))
    return found


def compare(what, lists):
    problems = []
    names = list(lists)
    union = set().union(*lists.values())
    for item in sorted(union):
        missing = [n for n in names if item not in lists[n]]
        if missing:
            problems.append("%s %s is missing from: %s" % (what, item, ", ".join(missing)))
    return problems


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    cmake = (root / "CMakeLists.txt").read_text()
    waf = (root / "wscript").read_text()
    checks = []
    checks.append(compare("source", {
        "CMakeLists.txt": cmake_list(cmake, "IPSEC_NAT_SOURCES"),
        "wscript": wscript_list(waf, "module.source"),
        "disk": on_disk(root, ["model", "helper"], ".cc"),
    }))
    checks.append(compare("header", {
        "CMakeLists.txt": cmake_list(cmake, "IPSEC_NAT_HEADERS"),
        "wscript": wscript_list(waf, "headers.source"),
        "disk": on_disk(root, ["model", "helper"], ".h"),
    }))
    checks.append(compare("example", {
        "CMakeLists.txt": cmake_list(cmake, "IPSEC_NAT_EXAMPLES"),
        "wscript": wscript_list(waf, "examples"),
        "disk": {p.stem for p in (root / "examples").glob("*.cc")},
    }))
    checks.append(compare("benchmark", {
        "CMakeLists.txt": cmake_list(cmake, "IPSEC_NAT_BENCHMARKS"),
        "disk": {p.stem for p in (root / "bench").glob("*.cc")},
    }))
    checks.append(compare("test source", {
        "CMakeLists.txt": cmake_list(cmake, "IPSEC_NAT_TEST_SOURCES"),
        "disk": on_disk(root, ["test"], ".cc"),
    }))
    failed = 0
    for problems in checks:
        for p in problems:
            print("FAIL:", p)
        failed += 1 if problems else 0
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
