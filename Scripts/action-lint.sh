#!/usr/bin/env bash
# The lint step of action.yml, runnable on its own: lints PROFILES (globs, space separated) with ARGS, writes SARIF
# to SARIF_FILE, prints GitHub annotations, and records seclint's exit status in $GITHUB_OUTPUT (exit-code).
# It always exits 0 so the SARIF upload runs; action.yml fails the job afterwards when seclint did.
set -uo pipefail
seclint="${SECLINT:-seclint}"
read -r -a patterns <<<"${PROFILES:?set PROFILES to the profiles to lint}"
files=()
status=0
[ "${#patterns[@]}" -gt 0 ] || { echo "::error::seclint: PROFILES names no profile"; status=2; }
shopt -s nullglob globstar
for pattern in "${patterns[@]}"; do
  matches=($pattern)
  if [ "${#matches[@]}" -eq 0 ]; then echo "::error::seclint: no profile matches '$pattern'"; files=(); status=2; break; fi
  files+=("${matches[@]}")
done
read -r -a extra <<<"${ARGS:-}"
if [ "${#files[@]}" -gt 0 ]; then
  "$seclint" lint --format github "${extra[@]}" "${files[@]}"
  status=$?
  "$seclint" lint --format sarif --output "${SARIF_FILE:-seclint.sarif}" "${extra[@]}" "${files[@]}" >/dev/null 2>&1
fi
echo "exit-code=${status}" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "seclint exited ${status} (0 clean, 1 findings, 2 unreadable profile or usage error)"
exit 0
