#!/usr/bin/env bash
# Usage: Scripts/fuzz.sh [SECONDS]   (default 60)
# Builds the libFuzzer target (release, AddressSanitizer on, linked with lld: gold fails on its DWARF) and fuzzes load + lint + evaluate + diff for SECONDS.
# Exits non-zero when libFuzzer finds a crash, a leak or a timeout; the input is saved in Tests/Fuzz/crashers/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-60}"
scratch=.build-fuzz
swift build --scratch-path "$scratch" -c release --product seclint-fuzz -Xswiftc -use-ld=lld \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/dev/null
binary="$scratch/release/seclint-fuzz"
work="$(mktemp -d)"
cp Tests/Fuzz/seeds/* "$work/"
echo "fuzzing for ${seconds}s (corpus in $work)"
set +e
"$binary" "$work" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
  -artifact_prefix=Tests/Fuzz/crashers/ -print_final_stats=1 2>&1 | tail -25
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: libFuzzer found a problem (exit $status); see Tests/Fuzz/crashers/" >&2
  exit 1
fi
echo "fuzz.sh: no crash in ${seconds}s"
