#!/usr/bin/env python3
"""Whole-process benchmark: runs each command RUNS times, prints median wall time and peak RSS side by side.

Called by Scripts/bench.sh (which builds the release binary). Usage: bench.py SECLINT CORPUS_DIR [RUNS]
Each figure is checked against its target from issue #7; the script exits 1 when one is missed.
"""
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

seclint, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 21
root = pathlib.Path(__file__).resolve().parent.parent


def peak_rss(command):
    """Peak RSS in MB from GNU time's %M (a child's own ru_maxrss would include the forking Python's pages)."""
    if not os.path.exists("/usr/bin/time"):
        return None
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def ms(seconds):
    return f"{seconds * 1000:8.2f} ms"


moby = corpus / "moby/docker-v29.4.3.json"
profiles = sorted(str(p) for p in corpus.rglob("*.json") if p.name != "index.json")
scratch = pathlib.Path(tempfile.mkdtemp(prefix="seclint-bench-"))
large = {}
for count in (5000, 10000, 20000):
    path = scratch / f"rules-{count}.json"
    with open(path, "w") as handle:
        subprocess.run([sys.executable, root / "Scripts/generate-large-profile.py", str(count)], stdout=handle, check=True)
    large[count] = path

rows, failures = [], []


def row(label, seconds, rss, target="", ok=True):
    rows.append((label, seconds, rss, target, ok))
    if not ok:
        failures.append(label)


def measure_interleaved(commands, runs=runs):
    """Like `measure` for several commands, run round-robin, so drift in the machine's speed (this VM's wall
    times wander by ±20% over minutes) hits every command alike and their ratios stay meaningful."""
    times = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[i].append(time.perf_counter() - start)
    return [(statistics.median(t), peak_rss(command)) for t, command in zip(times, commands)]


(floor, floor_rss), (version, version_rss), (one, one_rss), (based, based_rss) = measure_interleaved(
    [["/bin/true"], [seclint, "--version"], [seclint, "lint", str(moby)], [seclint, "lint", "--base", "auto", str(moby)]])
row("/bin/true (process-spawn floor)", floor, floor_rss)
row("seclint --version (startup)", version, version_rss)
limit = min(5 * floor, 0.010)
row(f"lint moby {moby.name}", one, one_rss, f"<= {limit * 1000:.2f} ms (5x floor, 10 ms)", one <= limit)
# Issue #15: base recognition, inherited marking and outdated-base on top of that lint.
row(f"lint --base auto moby {moby.name}", based, based_rss,
    f"<= {5 * floor * 1000:.2f} ms (5x floor); {based / one:.2f}x the lint", based <= 5 * floor)
(everything, all_rss), (one_again, _) = measure_interleaved(
    [[seclint, "lint", *profiles], [seclint, "lint", str(moby)]], runs=max(5, runs // 3))
row(f"lint all {len(profiles)} corpus profiles, one run", everything, all_rss,
    f"<= {4 * one_again * 1000:.2f} ms (4x one, measured alongside)", everything <= 4 * one_again)
per_rule = []
sized = measure_interleaved([[seclint, "lint", str(path)] for path in large.values()], runs=max(3, runs // 5))
for (count, path), (seconds, rss) in zip(large.items(), sized):
    per_rule.append(seconds / count)
    target, ok = ("", True)
    if count == 20000:
        target, ok = "<= 1000 ms and <= 200 MB", seconds <= 1.0 and (rss is None or rss <= 200)
    row(f"lint generated {count}-rule profile", seconds, rss, target, ok)
# Linear means the cost per rule does not grow with size: compare the largest profile's per-rule cost with the
# smallest's. A ratio below 1 (fixed costs spread over more rules) is fine; only growth beyond 1.5x is superlinear.
linear = per_rule[-1] / per_rule[0]
rows.append((f"cost per rule, 20k-rule/5k-rule ratio {linear:.2f}", None, None, "<= 1.5 (no superlinear growth)", linear <= 1.5))
if linear > 1.5:
    failures.append("linear growth")
seccompute = shutil.which("seccompute")
if seccompute:
    # Measured on its own (interleaving a 70 ms Python process with a 3 ms one evicts the small one's caches).
    ((peer, peer_rss),) = measure_interleaved([[seccompute, str(moby)]], runs=max(3, runs // 3))
    row(f"seccompute {moby.name} (PyPI peer)", peer, peer_rss, f"seclint >= 20x faster: {peer / one:.0f}x", peer >= 20 * one)
else:
    rows.append(("seccompute not installed (pip install seccompute): comparison skipped", None, None, "", True))

print(f"{'benchmark (median of runs, whole process)':58} {'wall':>11} {'peak RSS':>10}  target")
for label, seconds, rss, target, ok in rows:
    wall = ms(seconds) if seconds is not None else ""
    memory = f"{rss:7.1f} MB" if rss is not None else ""
    mark = "" if not target else ("  ok" if ok else "  MISSED")
    print(f"{label:58} {wall:>11} {memory:>10}  {target}{mark}")
shutil.rmtree(scratch)
if failures:
    print(f"\nmissed: {', '.join(failures)}", file=sys.stderr)
    sys.exit(1)
