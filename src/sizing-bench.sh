#!/usr/bin/env bash
# The README's Sizing figures at a fleet's scale: one stream thread, exactly-once, over a fleet of many hosts (the
# simulator's baseline, 10 metrics a host, 60 s steps) on an embedded broker with 2 partitions: after one unmeasured run
# of each (so that every measured app is warm), the trivial Streams app, then the detector once per
# state.cache.rule.states given (default: 4096, and hosts x 10, room for every series), with the detector's default
# commit interval (100 ms: a series sees about one sample per commit, as live) unless set.
# Usage: bash src/sizing-bench.sh [hosts, default 1000] [hours of event time, default 3] [state.cache.rule.states ...]
#        [key=value ...]   (detector settings; commit.interval.ms applies to the trivial app too)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
# A fixed heap, as src/bench.sh: G1 shrinking it mid-run would charge one row for another's garbage.
exec java -Xms3g -Xmx3g -cp "src/target/classes:$(cat src/target/bench.classpath)" io.slowburn.bench.SizingBench "$@"
