#!/usr/bin/env bash
# Records real JVMs' telemetry into the fixtures of RealJvmReplayTest: three JVMs side by side, each a real Kafka broker
# serving a steady load with a session cache (io.slowburn.bench.JvmWorkload) on G1, recorded by slowburn's own agent
# every second:
#   healthy      512 MB heap, 70 minutes, short sessions (20-60 s)
#   leaking      the same, keeping 50 KB a second forever from its 20th minute (a leak)
#   long-sessions  4 GB heap, 80 minutes, a million half-hour sessions: the cache fills for minutes, then the old
#                generation fills with replaced sessions until G1 starts a concurrent cycle
# Usage: bash src/capture-jvm.sh [out dir]   (default src/test/resources/real-jvm)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-src/test/resources/real-jvm}
mvn -B -q -DskipTests package
mkdir -p "$out"
# The JVMs run from a copy of the classes and the agent: a build during the capture rewrites them in place.
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r src/target/classes "$copy/classes"
cp ingest/target/slowburn-agent.jar "$copy/agent.jar"
cp="$copy/classes:$(cat src/target/bench.classpath)"
run() { # name, heap, then the workload's arguments: minutes, profile, leak...
  local name=$1 heap=$2; shift 2
  rm -f "$out/$name.jsonl"
  java -Xms64m "-Xmx$heap" -XX:+UseG1GC "-javaagent:$copy/agent.jar=output=$out/$name.jsonl,source=$name,interval=1s" \
    -cp "$cp" io.slowburn.bench.JvmWorkload "$@" > "$out/$name.log" 2>&1
}
pids=()
run healthy 512m 70 short & pids+=($!)
run leaking 512m 70 short 20 51200 & pids+=($!)
run long-sessions 4g 80 long & pids+=($!)
wait "${pids[@]}"
for name in healthy leaking long-sessions; do
  gzip -9 -f "$out/$name.jsonl"
  rm -f "$out/$name.log"
  echo "wrote $out/$name.jsonl.gz ($(wc -c < "$out/$name.jsonl.gz") bytes)"
done
