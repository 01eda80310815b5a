#!/usr/bin/env python3
"""Pathological-but-valid profiles: each shape once, every command on it, wall time and peak RSS.

Usage: Scripts/stress.py [SECLINT] [--only SUBSTRING]   (default .build/release/seclint; build it first)
The shapes are the ones that used to cost quadratic time (many findings on one line, thousands of rules for one
syscall, many unknown names, thousands of argument conditions in a symbolic diff) and profiles of realistic
rules at the sizes that matter: 1 MiB (Kubernetes' limit on a profile artifact) and just under seclint's input
limit. Every run must end with 0, 1 or 2 (never crash) within 15 s and 1.5 GB; on the 1 MiB profile every command
must take under 1 s. The script exits 1 otherwise. Not a unit test: timings belong in a script, not in
`swift test`.
"""
import csv
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

arguments = sys.argv[1:]
only = None
if "--only" in arguments:
    position = arguments.index("--only")
    only = arguments[position + 1]
    del arguments[position:position + 2]
seclint = arguments[0] if arguments else ".build/release/seclint"
limit_seconds = 15
limit_megabytes = 1536
small_limit_seconds = 1
root = pathlib.Path(__file__).resolve().parent.parent
base = {"defaultAction": "SCMP_ACT_ERRNO",
        "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]}


def profile(syscalls, **extra):
    return {**base, **extra, "syscalls": syscalls}


def realistic(target_bytes):
    """Rules as Scripts/generate-large-profile.py writes them (real names, args, guards), as many as fit in
    `target_bytes` of JSON indented by one space."""
    with open(root / "Data/syscalls/libseccomp-syscalls.csv", encoding="utf-8") as handle:
        names = [row[0] for row in csv.reader(handle) if not row[0].startswith("#")]

    def rule(i):
        entry = {"names": [names[i % len(names)], names[(i * 7) % len(names)]], "action": "SCMP_ACT_ALLOW"}
        if i % 5 == 0:
            entry["args"] = [{"index": i % 6, "value": i, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]
        if i % 11 == 0:
            entry["includes"] = {"caps": ["CAP_SYS_ADMIN"]}
        if i % 13 == 0:
            entry["action"] = "SCMP_ACT_ERRNO"
            entry["errnoRet"] = 38
        return entry

    def document(count):
        return profile([rule(i) for i in range(count)],
                       archMap=[{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}])

    count = 1000
    for _ in range(3):  # the size per rule is steady: scale the count to the target, then trim
        count = int(count * target_bytes / len(json.dumps(document(count), indent=1)))
    while len(json.dumps(document(count), indent=1)) > target_bytes:
        count -= max(1, count // 1000)
    return document(count)


def changed(document):
    """The same profile with every ALLOW turned into LOG: every syscall it names changes (the symbolic diff's
    worst case: all of them are decided on every target)."""
    return {**document, "syscalls": [{**rule, "action": "SCMP_ACT_LOG"} if rule.get("action") == "SCMP_ACT_ALLOW" else rule
                                     for rule in document["syscalls"]]}


# name: (document, indent, whether every command must finish under a second)
shapes = {
    "200,000 unknown names in one rule": (lambda: profile([{"names": [f"nosuch{i}" for i in range(200_000)], "action": "SCMP_ACT_ALLOW"}]), 1, False),
    "20,000 findings on one minified line": (lambda: profile([{"names": [f"nosuch{i}" for i in range(20_000)], "action": "SCMP_ACT_ALLOW"}]), None, False),
    "10,000 socket rules, arg0 == N": (lambda: profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": i, "op": "SCMP_CMP_EQ"}]} for i in range(10_000)]), 1, False),
    "10,000 rules, arg0 & 0xffff == N": (lambda: profile([{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0xFFFF, "valueTwo": i, "op": "SCMP_CMP_MASKED_EQ"}]} for i in range(10_000)]), 1, False),
    "5,000 rules x 10 names, unknown caps": (lambda: profile([{"names": ["read", "write", "open", "close", "socket", "clone", "ptrace", "mount", "personality", "ioctl"], "action": "SCMP_ACT_ALLOW" if i % 2 else "SCMP_ACT_ERRNO", "includes": {"caps": [f"CAP_{i}"]}} for i in range(5_000)]), 1, False),
    "one rule with 20,000 args": (lambda: profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": i % 6, "value": i, "op": "SCMP_CMP_NE"} for i in range(20_000)]}]), 1, False),
    "1,600 conditions on one syscall": (lambda: profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": i % 3, "value": i, "op": "SCMP_CMP_EQ"} for i in range(1_600)]}]), 1, False),
    "10,000 archMap entries": (lambda: profile([{"names": ["read"], "action": "SCMP_ACT_ALLOW"}], archMap=[base["archMap"][0]] * 10_000), 1, False),
    "1 MiB of realistic rules": (lambda: realistic(1 << 20), 1, True),
    "8 MB of realistic rules (the limit)": (lambda: realistic(8 << 20), 1, False),
    "48 MB of realistic rules (refused)": (lambda: realistic(48 << 20), 1, False),
}

commands = {
    "lint": lambda path, other: ["lint", path, "--format", "json"],
    "lint (text)": lambda path, other: ["lint", path, "--color", "never"],
    "lint (sarif)": lambda path, other: ["lint", path, "--format", "sarif"],
    "lint (github)": lambda path, other: ["lint", path, "--format", "github"],
    "blocked": lambda path, other: ["blocked", path, "--arch", "amd64"],
    "blocked (json)": lambda path, other: ["blocked", path, "--arch", "amd64", "--format", "json"],
    "explain": lambda path, other: ["explain", path, "read", "socket", "personality"],
    "diff (itself)": lambda path, other: ["diff", path, path],
    "diff (changed)": lambda path, other: ["diff", path, other],
    "diff --arch": lambda path, other: ["diff", "--arch", "amd64", path, other],
}

failures = []
print(f"{'shape':36} {'size':>8} {'command':15} {'wall':>9} {'peak RSS':>10}  exit", flush=True)
with tempfile.TemporaryDirectory(prefix="seclint-stress-") as scratch:
    for label, (make, indent, small) in shapes.items():
        if only and only not in label:
            continue
        document = make()
        path = os.path.join(scratch, "profile.json")
        other = os.path.join(scratch, "changed.json")
        separators = None if indent else (",", ":")
        pathlib.Path(path).write_text(json.dumps(document, indent=indent, separators=separators))
        pathlib.Path(other).write_text(json.dumps(changed(document), indent=indent, separators=separators))
        del document
        size = os.path.getsize(path)
        size_text = f"{size / (1 << 20):.1f} MB" if size >= 1 << 20 else f"{size / 1024:.0f} KB"
        for name, command in commands.items():
            bound = small_limit_seconds if small else limit_seconds
            start = time.perf_counter()
            try:
                result = subprocess.run(["/usr/bin/time", "-f", "%M", seclint, *command(path, other)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, timeout=max(bound, limit_seconds) * 4)
            except subprocess.TimeoutExpired:
                failures.append(f"{label} / {name}: over {max(bound, limit_seconds) * 4} s")
                print(f"{label:36} {size_text:>8} {name:15} {'timeout':>9}", flush=True)
                continue
            seconds = time.perf_counter() - start
            rss = int(result.stderr.strip().splitlines()[-1]) / 1024
            print(f"{label:36} {size_text:>8} {name:15} {seconds * 1000:7.0f} ms {rss:7.1f} MB  {result.returncode}", flush=True)
            if result.returncode not in (0, 1, 2):
                failures.append(f"{label} / {name}: exit {result.returncode}")
            if seconds > bound:
                failures.append(f"{label} / {name}: {seconds:.1f} s (bound {bound} s)")
            if rss > limit_megabytes:
                failures.append(f"{label} / {name}: {rss:.0f} MB peak RSS (bound {limit_megabytes} MB)")
if failures:
    print("\n" + "\n".join(failures), file=sys.stderr)
    sys.exit(1)
