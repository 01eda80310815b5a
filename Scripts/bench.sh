#!/usr/bin/env bash
# Usage: Scripts/bench.sh [RUNS]   (default 21)
# Builds the release binary as `make install` does (fully static) and prints whole-process medians for:
# /bin/true, lint of moby's default.json (also with --base auto), all corpus profiles in one run, generated 5k/10k/20k-rule profiles, and
# seccompute (PyPI) on the same file when installed; then `check` on a generated 1 GB strace log (Scripts/bench-evidence.py). Needs ../shared/corpus (or SECLINT_SHARED=/path/to/shared).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
corpus="${SECLINT_SHARED:-../shared}/corpus"
[ -d "$corpus" ] || { echo "bench.sh: $corpus not found; set SECLINT_SHARED" >&2; exit 2; }
swift build -c release --static-swift-stdlib -Xswiftc -static-executable --product seclint >/dev/null
python3 Scripts/bench.py .build/release/seclint "$corpus" "${1:-21}"
# Evidence at log scale: a generated 1 GB strace log through `seclint check` (one run: it writes 1 GB).
exec python3 Scripts/bench-evidence.py .build/release/seclint 1024 1
