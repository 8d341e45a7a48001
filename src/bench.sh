#!/usr/bin/env bash
# Prints slowburn's throughput figures, measured side by side in one run on one realistic file (a simulated fleet of 18
# hosts: OS, JVM and app metrics, process events, signed experiments): a bare Jackson parse and `backtest` of the file
# (each run 10 times in the JVM, the median of the last three; the backtest's first run printed too); over a real
# embedded broker, the most trivial Kafka Streams app with the same guarantee and the detector, exactly-once and
# at-least-once, and the trivial app again over the detector's three input topics; with the ratios. Each live detector
# run is then checked against the backtest: its alerts (equal or not), late observations dropped, dead letters; and
# every live app's start-up (until it read its first records) and its pace after it. Usage:
#   bash src/bench.sh [hours of event time] [stream threads] [key=value ...]
# (hours at least 24; default 72: 933,120 metric records; stream threads of every live app, the trivial ones and the
# detector alike, default 1; then detector settings for its live runs, e.g. state.cache.rule.states=16)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
# A fixed heap: G1 otherwise shrinks it mid-run (seen at the concurrent cycle the backtest's classes start), and every
# later run then pays for the smaller young generation with more collections (one row charged for another's garbage).
exec java -Xms2g -Xmx2g -cp "src/target/classes:$(cat src/target/bench.classpath)" io.slowburn.bench.Bench "$@"
