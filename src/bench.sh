#!/usr/bin/env bash
# Prints slowburn's throughput figures, measured side by side in one run: detector over a real embedded broker vs a
# plain consumer, and backtest records/s. Usage: bash src/bench.sh [records]   (default 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -cp "src/target/classes:$(cat src/target/bench.classpath)" io.slowburn.bench.Bench "$@"
