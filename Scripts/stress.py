#!/usr/bin/env python3
"""Pathological-but-valid profiles: each shape once, every command on it, wall time, CPU time and peak RSS.

Usage: Scripts/stress.py [SECLINT] [--only SUBSTRING] [--judge wall|cpu] [--keep DIR]
  SECLINT       the binary to run (default .build/release/seclint; `swift build -c release` first)
  --only TEXT   only the shapes whose label contains TEXT
  --judge cpu   hold the bounds against CPU time (user + system) instead of wall time: on a machine shared with
                other work, wall time measures the contention as much as seclint
  --keep DIR    also write each shape's profile and its changed copy to DIR (to profile one command by hand)

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
if "--help" in arguments or "-h" in arguments:
    print(__doc__.strip())
    sys.exit(0)


def option(name, default=None):
    if name not in arguments:
        return default
    position = arguments.index(name)
    if position + 1 >= len(arguments):
        sys.exit(f"stress.py: {name} needs a value (see --help)")
    value = arguments[position + 1]
    del arguments[position:position + 2]
    return value


only = option("--only")
judge = option("--judge", "wall")
keep = option("--keep")
if judge not in ("wall", "cpu"):
    sys.exit("stress.py: --judge is wall or cpu")
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


def many_conditions(syscalls, per_syscall):
    """`per_syscall` rules on each of `syscalls` real names, each with its own equality and mask, some TRACE."""
    with open(root / "Data/syscalls/libseccomp-syscalls.csv", encoding="utf-8") as handle:
        names = [row[0] for row in csv.reader(handle) if not row[0].startswith("#")]
    return profile([{"names": [names[n]], "action": "SCMP_ACT_ALLOW" if j % 3 else "SCMP_ACT_TRACE",
                     "args": [{"index": j % 3, "value": j, "op": "SCMP_CMP_EQ"},
                              {"index": 3, "value": 0xFF, "valueTwo": j % 256, "op": "SCMP_CMP_MASKED_EQ"}]}
                    for n in range(syscalls) for j in range(per_syscall)])


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
    # Found while making the above linear: a Docker guard per kernel (every minKernel adds targets), two rules of
    # 10,000 `!=` each with different actions, 10,000 chains of two ranges (no equality to look them up by), and
    # many distinct conditions spread over 300 syscalls.
    "10,000 rules, distinct minKernel": (lambda: profile([{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": f"4.{i}"}} for i in range(10_000)]), 1, False),
    "2 socket rules x 10,000 args (!=)": (lambda: profile([{"names": ["socket"], "action": action, "args": [{"index": i % 6, "value": i, "op": "SCMP_CMP_NE"} for i in range(10_000)]} for action in ("SCMP_ACT_ALLOW", "SCMP_ACT_TRACE")]), 1, False),
    # libseccomp's tree add walks a level to its insertion point: descending values walk the whole level each time.
    "2 socket rules x 20,000 descending args (!=) on arg0": (lambda: profile([{"names": ["socket"], "action": action, "args": [{"index": 0, "value": 20_000 - i, "op": "SCMP_CMP_NE"} for i in range(20_000)]} for action in ("SCMP_ACT_ALLOW", "SCMP_ACT_TRACE")]), 1, False),
    "10,000 rules, arg0 >= N && arg1 <= N": (lambda: profile([{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": i, "op": "SCMP_CMP_GE"}, {"index": 1, "value": i, "op": "SCMP_CMP_LE"}]} for i in range(10_000)]), 1, False),
    "300 syscalls x 20 distinct conditions": (lambda: many_conditions(300, 20), 1, False),
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
    "bpf": lambda path, other: ["bpf", path, "--format", "hex"],
}

failures = []
print(f"{'shape':36} {'size':>8} {'command':15} {'wall':>9} {'cpu':>9} {'peak RSS':>10}  exit", flush=True)
with tempfile.TemporaryDirectory(prefix="seclint-stress-") as scratch:
    for number, (label, (make, indent, small)) in enumerate(shapes.items()):
        if only and only not in label:
            continue
        document = make()
        directory = keep or scratch
        if keep:
            os.makedirs(keep, exist_ok=True)
        path = os.path.join(directory, f"shape{number}.json" if keep else "profile.json")
        other = os.path.join(directory, f"shape{number}-changed.json" if keep else "changed.json")
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
                result = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", seclint, *command(path, other)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        timeout=max(bound, limit_seconds) * 4)
            except subprocess.TimeoutExpired:
                failures.append(f"{label} / {name}: over {max(bound, limit_seconds) * 4} s")
                print(f"{label:36} {size_text:>8} {name:15} {'timeout':>9}", flush=True)
                continue
            seconds = time.perf_counter() - start
            kilobytes, user, system = result.stderr.strip().splitlines()[-1].split()
            rss = int(kilobytes) / 1024
            cpu = float(user) + float(system)
            print(f"{label:36} {size_text:>8} {name:15} {seconds * 1000:6.0f} ms {cpu * 1000:6.0f} ms {rss:7.1f} MB  "
                  f"{result.returncode}", flush=True)
            if result.returncode not in (0, 1, 2):
                failures.append(f"{label} / {name}: exit {result.returncode}")
            judged = cpu if judge == "cpu" else seconds
            if judged > bound:
                failures.append(f"{label} / {name}: {judged:.1f} s {judge} (bound {bound} s)")
            if rss > limit_megabytes:
                failures.append(f"{label} / {name}: {rss:.0f} MB peak RSS (bound {limit_megabytes} MB)")
if failures:
    print("\n" + "\n".join(failures), file=sys.stderr)
    sys.exit(1)
