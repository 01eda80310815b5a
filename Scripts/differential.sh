#!/usr/bin/env bash
# Usage: Scripts/differential.sh [CASES [SEED [CHUNK]]]     (defaults: 10000 19 1000)
# seclint's evaluator against the real libseccomp 2.5.4 (Scripts/runc-oracle.py, python3-seccomp for
# /usr/bin/python3.11): CASES generated profiles × random hosts from SEED, in chunks of CHUNK cases (the same cases
# as one run), then every corpus profile × amd64, arm64, s390x hosts (every syscall of every ABI, argument probes
# from every branch). Runs niced; logs in .build/differential/. Prints the totals by class, the disagreements
# seclint explains by class of issue #19 (libseccomp-miscompiles), and every case that still disagrees.
#   SECLINT_DIFF_SKIP_CORPUS=1  generated cases only      SECLINT_DIFF_SKIP_GENERATED=1  corpus only
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
cases="${1:-10000}"; seed="${2:-19}"; chunk="${3:-1000}"
logs=.build/differential
mkdir -p "$logs"
nice -n 10 swift build --build-tests >/dev/null || { echo "differential.sh: build failed" >&2; exit 2; }
# A copy of the test binary, so a rebuild during a long run does not change the code under test.
cp .build/debug/seclintPackageTests.xctest "$logs/tests.xctest"
run() {  # LOG, then env assignments
  local log="$1"; shift
  env "$@" SECLINT_DIFF_SHOW=1000 nice -n 10 "$logs/tests.xctest" --testing-library swift-testing --filter "$filter" >"$log" 2>&1
  grep '^differential' "$log" | grep -v '^differential-totals' | sed 's/^/  /' | head -60
}
if [ -z "${SECLINT_DIFF_SKIP_GENERATED:-}" ]; then
  filter="DifferentialTests/generatedProfilesAgreeWithLibseccomp"
  for ((first = 0; first < cases; first += chunk)); do
    count=$(( cases - first < chunk ? cases - first : chunk ))
    echo "generated cases $first..<$((first + count)) (seed $seed)"
    run "$logs/seed$seed-$first.log" SECLINT_DIFF_CASES="$count" SECLINT_DIFF_SEED="$seed" SECLINT_DIFF_FIRST="$first"
  done
fi
if [ -z "${SECLINT_DIFF_SKIP_CORPUS:-}" ]; then
  filter="DifferentialTests/corpusAgreesWithLibseccomp"
  echo "corpus x amd64, arm64, s390x"
  run "$logs/corpus.log" SECLINT_DIFF_CORPUS=all
fi
# Totals over every log of this run.
python3 - "$logs" "$seed" <<'PY'
import glob, json, sys
logs, seed = sys.argv[1], sys.argv[2]
for title, pattern in (("generated (seed %s)" % seed, "seed%s-*.log" % seed), ("corpus", "corpus.log")):
    totals = {}
    for path in sorted(glob.glob(f"{logs}/{pattern}")):
        for line in open(path, encoding="utf-8", errors="replace"):
            if not line.startswith("differential-totals: "):
                continue
            one = json.loads(line.split(": ", 1)[1])
            for key, value in one.items():
                if isinstance(value, int):
                    totals[key] = totals.get(key, 0) + value
                elif isinstance(value, dict):
                    bucket = totals.setdefault(key, {})
                    for k, v in value.items():
                        bucket[k] = bucket.get(k, 0) + v
                else:
                    totals.setdefault(key, []).extend(value)
    if not totals:
        continue
    classes = ", ".join(f"{k} {totals['agreeing'].get(k, 0)}/{v}" for k, v in sorted(totals["total"].items()))
    explained = ", ".join(f"class {k}: {v} probes in {totals['explainedCases'].get(k, 0)} cases"
                          for k, v in sorted(totals["explainedByClass"].items())) or "none"
    print(f"TOTAL {title}: {totals['cases']} cases; cases agreeing by class: {classes}")
    print(f"  {totals['probes']} probes, {totals['undecided']} undecided by seclint (overlapping rules, different actions), "
          f"{totals['explained']} differing where seclint reports the libseccomp bug ({explained}), "
          f"{totals['oracleLimited']} oracle-limited; {len(totals['disagreeingCases'])} cases with unexplained disagreements")
PY
