#!/usr/bin/env bash
# Restore time of a RocksDB store from its changelog on an embedded broker (the README's sizing guide):
# bash src/restore-bench.sh [MB of changelog, default 512] [partitions, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -Xmx1g -cp "src/target/classes:$(cat src/target/bench.classpath)" io.slowburn.bench.RestoreBench "$@"
