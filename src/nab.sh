#!/usr/bin/env bash
# Scores slowburn's streaming anomaly scorer with the Numenta Anomaly Benchmark's own procedure (windows, probation,
# scaled sigmoid, three profiles, threshold sweep, normalisation), beside NAB's windowed-Gaussian baseline, the
# random and the null detectors, all in one run: first on an artificial labelled corpus, then on real NAB data.
# Usage: bash src/nab.sh [/path/to/NAB]
#   NAB is not part of this repository: git clone https://github.com/numenta/NAB (data/ and labels/ are read).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl rules,detector,src -am -DskipTests package
exec java -cp "src/target/classes:$(cat src/target/bench.classpath)" io.slowburn.bench.nab.NabBench "$@"
