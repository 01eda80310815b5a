#!/usr/bin/env python3
"""Writes a synthetic profile with N rules (default 20000) for the benchmark: real names, args, guards.

Usage: Scripts/generate-large-profile.py [N] > big.json
"""
import csv
import json
import pathlib
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
root = pathlib.Path(__file__).resolve().parent.parent
with open(root / "Data/syscalls/libseccomp-syscalls.csv", encoding="utf-8") as handle:
    names = [row[0] for row in csv.reader(handle) if not row[0].startswith("#")]
rules = []
for i in range(count):
    rule = {"names": [names[i % len(names)], names[(i * 7) % len(names)]], "action": "SCMP_ACT_ALLOW"}
    if i % 5 == 0:
        rule["args"] = [{"index": i % 6, "value": i, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]
    if i % 11 == 0:
        rule["includes"] = {"caps": ["CAP_SYS_ADMIN"]}
    if i % 13 == 0:
        rule["action"] = "SCMP_ACT_ERRNO"
        rule["errnoRet"] = 38
    rules.append(rule)
profile = {
    "defaultAction": "SCMP_ACT_ERRNO",
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
    "syscalls": rules,
}
json.dump(profile, sys.stdout, indent=1)
