#!/usr/bin/env python3
"""Usage: Scripts/bench-evidence.py SECLINT [SIZE_MB] [RUNS]

Generates a strace -f -tt log of SIZE_MB (default 1024) from the lines of the committed real recordings
(Tests/EvidenceTests/Fixtures/workload-f-tt.stderr.strace, with pids and times varied), then times
`seclint check profiles/workload.json LOG` and reports wall seconds and peak RSS (the issue's budget: <= 10 s and
<= 100 MB for 1 GB). The log is deleted afterwards."""
import os, resource, subprocess, sys, tempfile, time

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
seclint = sys.argv[1]
size = int(sys.argv[2]) * 1024 * 1024 if len(sys.argv) > 2 else 1024 * 1024 * 1024
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
fixture = os.path.join(root, "Tests/EvidenceTests/Fixtures/workload-f-tt.stderr.strace")
# Every call line of the recording, without its own pid prefix (one is added below) or spliced messages.
lines = []
for l in open(fixture, encoding="utf-8").read().splitlines():
    if l.startswith("[pid "):
        l = l.split("] ", 1)[1]
    if "strace: Process" in l or l.startswith(")") or l.startswith("[ Process"):
        continue
    lines.append("x] " + l)
with tempfile.NamedTemporaryFile("w", suffix=".strace", delete=False) as out:
    path = out.name
    block = []
    pid = 1000
    for i in range(2000):
        pid = 1000 + i % 97
        for line in lines:
            rest = line.split("] ", 1)[1]
            block.append(f"[pid {pid:5d}] {rest}\n")
    chunk = "".join(block)
    written = 0
    while written < size:
        out.write(chunk)
        written += len(chunk)
try:
    print(f"log: {written / 1e6:.0f} MB, {written // len(chunk) * len(block):,} lines")
    for _ in range(runs):
        start = time.monotonic()
        result = subprocess.run([seclint, "check", os.path.join(root, "profiles/workload.json"), path, "--arch", "x86_64"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = [l for l in result.stdout.splitlines() if l.startswith("summary:")]
        print(f"check: {elapsed:.2f} s, peak RSS {peak:.1f} MB, exit {result.returncode}; {summary[0] if summary else result.stderr.strip()}")
finally:
    os.unlink(path)
