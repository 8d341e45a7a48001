#!/usr/bin/env bash
# Records this machine's /proc into the fixture of RealHostReplayTest, while short-lived commands run in the
# background as they do on any host (sleep, ls, sh -c loops, find, date). JDK only, no build needed.
# Usage: bash src/capture-proc.sh [out] [scans] [interval_ms]
#        (default src/test/resources/real-host/proc-capture.txt, 72 scans, 5000 ms: six minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-src/test/resources/real-host/proc-capture.txt}
scans=${2:-72}
interval=${3:-5000}
mkdir -p "$(dirname "$out")"
pids=()
( while :; do sleep 1.3; done ) & pids+=($!)
( while :; do ls -lR /usr/share > /dev/null 2>&1; sleep 0.4; done ) & pids+=($!)
( while :; do sh -c 'for i in 1 2 3; do date > /dev/null; sleep 0.9; done'; done ) & pids+=($!)
( while :; do find /usr/lib -name '*.so*' > /dev/null 2>&1; sleep 2; done ) & pids+=($!)
( while :; do sh -c 'cat /proc/loadavg | grep -c . > /dev/null; sleep 3'; done ) & pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
java src/test/java/io/slowburn/e2e/ProcCapture.java "$out" "$scans" "$interval"
echo "wrote $out ($(wc -c < "$out") bytes)"
