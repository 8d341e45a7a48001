#!/usr/bin/env bash
# The labelled detection suite: slowburn's backtest and a Prometheus-style baseline on the same generated fleet
# telemetry, scored against the simulator's truth (DETECTION.md). Prints the side-by-side table per incident kind.
# Usage: bash src/detection.sh [seeds] [first-seed] [--threads N] [--hours H] [--keep-records]   (default 20 seeds from 1)
# Output: src/target/detection/summary.json and src/target/detection/seed-N/ (scenario, truth, alerts, report.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -Xmx3g -Ddetection.dir=src/target/detection -cp "src/target/classes:$(cat src/target/bench.classpath)" \
    io.slowburn.bench.detection.DetectionSuite "$@"
