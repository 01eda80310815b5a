#!/usr/bin/env python3
"""Pathological-but-valid profiles: each shape once, every command on it, wall time and peak RSS.

Usage: Scripts/stress.py [SECLINT]   (default .build/release/seclint; build it first)
The shapes are the ones that used to cost quadratic time (many findings on one line, thousands of rules for one
syscall, many unknown names). Everything must finish in seconds and exit 0, 1 or 2 (never crash); the script
exits 1 otherwise. Not a unit test: timings belong in a script, not in `swift test`.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

seclint = sys.argv[1] if len(sys.argv) > 1 else ".build/release/seclint"
limit_seconds = 20
base = {"defaultAction": "SCMP_ACT_ERRNO",
        "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]}


def profile(syscalls, **extra):
    return {**base, **extra, "syscalls": syscalls}


shapes = {
    "200,000 unknown names in one rule": (profile([{"names": [f"nosuch{i}" for i in range(200_000)], "action": "SCMP_ACT_ALLOW"}]), 1),
    "20,000 findings on one minified line": (profile([{"names": [f"nosuch{i}" for i in range(20_000)], "action": "SCMP_ACT_ALLOW"}]), None),
    "10,000 socket rules, arg0 == N": (profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": i, "op": "SCMP_CMP_EQ"}]} for i in range(10_000)]), 1),
    "10,000 rules, arg0 & 0xffff == N": (profile([{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0xFFFF, "valueTwo": i, "op": "SCMP_CMP_MASKED_EQ"}]} for i in range(10_000)]), 1),
    "5,000 rules x 10 names, unknown caps": (profile([{"names": ["read", "write", "open", "close", "socket", "clone", "ptrace", "mount", "personality", "ioctl"], "action": "SCMP_ACT_ALLOW" if i % 2 else "SCMP_ACT_ERRNO", "includes": {"caps": [f"CAP_{i}"]}} for i in range(5_000)]), 1),
    "one rule with 20,000 args": (profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": i % 6, "value": i, "op": "SCMP_CMP_NE"} for i in range(20_000)]}]), 1),
    "10,000 archMap entries": (profile([{"names": ["read"], "action": "SCMP_ACT_ALLOW"}], archMap=[base["archMap"][0]] * 10_000), 1),
}

commands = {
    "lint": lambda path: ["lint", path, "--format", "json"],
    "lint (text)": lambda path: ["lint", path, "--color", "never"],
    "blocked": lambda path: ["blocked", path, "--arch", "amd64"],
    "diff (itself)": lambda path: ["diff", path, path],
}

failures = []
print(f"{'shape':40} {'command':14} {'wall':>9} {'peak RSS':>10}  exit")
with tempfile.TemporaryDirectory(prefix="seclint-stress-") as scratch:
    for label, (document, indent) in shapes.items():
        path = os.path.join(scratch, "profile.json")
        pathlib.Path(path).write_text(json.dumps(document, indent=indent, separators=None if indent else (",", ":")))
        for name, arguments in commands.items():
            start = time.perf_counter()
            try:
                result = subprocess.run(["/usr/bin/time", "-f", "%M", seclint, *arguments(path)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, timeout=limit_seconds)
            except subprocess.TimeoutExpired:
                failures.append(f"{label} / {name}: over {limit_seconds} s")
                print(f"{label:40} {name:14} {'timeout':>9}")
                continue
            seconds = time.perf_counter() - start
            rss = int(result.stderr.strip().splitlines()[-1]) / 1024
            print(f"{label:40} {name:14} {seconds * 1000:7.0f} ms {rss:7.1f} MB  {result.returncode}")
            if result.returncode not in (0, 1, 2):
                failures.append(f"{label} / {name}: exit {result.returncode}")
if failures:
    print("\n" + "\n".join(failures), file=sys.stderr)
    sys.exit(1)
