#!/bin/sh
# Findings per rule over the whole corpus at default settings (`seclint lint DIR`: every profile found by content,
# the docker blocklist), next to the triage figures issue #14 was filed with ("before": 2,811 findings on 93
# profiles, 409 errors, 399 of them blocklist-conflict; other rules were not broken down).
#
# Usage: Scripts/corpus-findings.sh [CORPUS_DIR]   (default: ../shared/corpus; SECLINT=path overrides the binary,
#        default .build/debug/seclint — run `swift build` first). Prints a Markdown table.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
seclint=${SECLINT:-$root/.build/debug/seclint}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
"$seclint" lint --format json "$corpus" >"$report" || status=$?
[ "$status" -le 1 ] || { echo "seclint lint exited $status" >&2; exit 2; }
python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
# Issue #14's triage (before): totals, and the one rule it broke down.
before = {"SCL205 blocklist-conflict": {"error": 399}}
before_total = {"all": 2811, "error": 409, "files": 93}
rows = {}
for d in report["diagnostics"]:
    key = f'{d["rule"]} {d["name"]}'
    rows.setdefault(key, {}).setdefault(d["severity"], 0)
    rows[key][d["severity"]] += 1
def cell(counts):
    parts = [f'{counts[s]} {s}{"s" if counts[s] != 1 else ""}' for s in ("error", "warning", "note") if counts.get(s)]
    return f'{sum(counts.values())} ({", ".join(parts)})' if parts else "0"
print("| rule | before (issue #14 triage) | after (today) |")
print("|---|---|---|")
for key in sorted(set(rows) | set(before)):
    b = before.get(key)
    was = f'{b["error"]} errors' if b else "—"
    print(f"| {key} | {was} | {cell(rows.get(key, {}))} |")
s = report["summary"]
total = s["errors"] + s["warnings"] + s["notes"]
print(f'| **all rules** | **{before_total["all"]}** ({before_total["error"]} errors) on {before_total["files"]} profiles '
      f'| **{total}** ({s["errors"]} errors, {s["warnings"]} warnings, {s["notes"]} notes) on {s["files"]} profiles |')
PY
