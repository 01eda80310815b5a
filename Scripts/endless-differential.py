#!/usr/bin/env python3
"""Long-run check of seclint's "never returns" refusals against the real libseccomp (issue #19).

Usage: Scripts/endless-differential.py SECLINT [SEED] [CASES]
Generates CASES profiles of 2-4 `kill` rules with 2-3 conditions each (every operator, 32- and 64-bit values) on
x86_64, asks the real libseccomp 2.5.4 through Scripts/runc-oracle.py (a run still going after 3 s is a hang:
`seccomp_rule_add` never returns) and compares with `seclint lint --libseccomp-version 2.5.4` reporting
"never returns". Prints each disagreement and the counts; exits 1 on a disagreement.
"""
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

seclint = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
cases = int(sys.argv[3]) if len(sys.argv) > 3 else 300
oracle = pathlib.Path(__file__).resolve().parent / "runc-oracle.py"
rng = random.Random(seed)
ops = ["SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"]


def condition(index):
    op = rng.choice(ops)
    value = rng.choice([1, 2, 32, 0x100000020])
    if op == "SCMP_CMP_MASKED_EQ":
        mask = rng.choice([0xFF, 0xFFFFFFFF, 0xFF00000000])
        return {"index": index, "value": mask, "valueTwo": value & mask, "op": op}
    return {"index": index, "value": value, "op": op}


counts = {"both hang": 0, "both return": 0, "seclint misses a hang": 0, "seclint reports a hang wrongly": 0}
scratch = pathlib.Path(tempfile.mkdtemp(prefix="seclint-endless-"))
for case in range(cases):
    rules = []
    for _ in range(rng.choice([2, 2, 3, 4])):
        indexes = sorted(rng.sample(range(3), rng.choice([2, 2, 3])))
        action = rng.choice(["SCMP_ACT_ALLOW", "SCMP_ACT_ALLOW", "SCMP_ACT_TRACE"])
        rules.append({"names": ["kill"], "action": action, "args": [condition(i) for i in indexes]})
    profile = {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": rules}
    path = scratch / f"case-{seed}-{case}.json"
    path.write_text(json.dumps(profile))
    request = {"profile": str(path), "target": {"arch": "SCMP_ARCH_X86_64", "native": "amd64", "caps": [], "kernel": [6, 1], "runtime": "runc"}, "probes": []}
    try:
        subprocess.run(["/usr/bin/python3.11", str(oracle)], input=json.dumps(request), capture_output=True, text=True, timeout=3)
        real = False
    except subprocess.TimeoutExpired:
        real = True
    lint = subprocess.run([seclint, "lint", "--libseccomp-version", "2.5.4", "--format", "json", str(path)], capture_output=True, text=True, timeout=60).stdout
    ours = "never returns" in lint
    if real and ours:
        counts["both hang"] += 1
    elif not real and not ours:
        counts["both return"] += 1
        path.unlink()
    else:
        key = "seclint misses a hang" if real else "seclint reports a hang wrongly"
        counts[key] += 1
        print(f"{key}: {path}")
print(json.dumps(counts))
sys.exit(1 if counts["seclint misses a hang"] or counts["seclint reports a hang wrongly"] else 0)
