#!/usr/bin/env bash
# The labelled detection suite: slowburn's backtest and a Prometheus-style baseline on the same generated fleet
# telemetry, scored against the simulator's truth (DETECTION.md). Prints the side-by-side table per incident kind.
# Usage: bash src/detection.sh [seeds] [first-seed] [--threads N] [--hours H] [--keep-records] [--rules PATH] [--rescore]
#   (default 20 seeds from 1; --rules: a rules directory or file layered on the default pack, as `slowburn run --rules`)
# Output: src/target/detection/summary.json and src/target/detection/seed-N/ (scenario, truth, alerts, report.txt).
set -euo pipefail
# --rules names a path from where the command was typed; the suite runs from the repository's root
args=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--rules" ] && [ $# -gt 1 ]; then args+=("$1" "$(realpath -m -- "$2")"); shift 2; else args+=("$1"); shift; fi
done
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -Xmx3g -Ddetection.dir=src/target/detection -cp "src/target/classes:$(cat src/target/bench.classpath)" \
    io.slowburn.bench.detection.DetectionSuite ${args[@]+"${args[@]}"}
