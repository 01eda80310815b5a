#!/bin/sh
# Re-records the strace fixtures of Tests/EvidenceTests/Fixtures from workload.c on this machine (x86_64).
# Needs gcc and strace. PIDs and times change on every run; the tests do not depend on them.
set -eu
here=$(cd "$(dirname "$0")/../Tests/EvidenceTests/Fixtures" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O1 -o "$work/workload" "$here/workload.c"
cd "$work"
# -f -o FILE: pids without brackets. strace 6.1 writes "[ Process PID=N runs in 32 bit mode. ]" to stderr, not to
# FILE, so this file alone cannot tell the i386 calls apart (the trap the stderr recordings below avoid).
strace -f -o "$here/workload-f-o.strace" ./workload
# stderr with -f -tt: [pid N] prefixes, personality messages, "strace: Process N attached" spliced into lines.
strace -f -tt ./workload 2> "$here/workload-f-tt.stderr.strace"
# -ttt, raw constants, syscall numbers.
strace -f -ttt -X raw -n ./workload 2> "$here/workload-ttt-raw-n.stderr.strace"
# relative timestamps to a file.
strace -f -r -o "$here/workload-f-r.strace" ./workload
# the -c summary (one table per personality).
strace -f -c ./workload 2> "$here/workload-c.strace"
echo "recorded: $(ls "$here"/*.strace | wc -l) files in $here ($(strace -V | head -1))"
