#!/usr/bin/env bash
# The first full-size tiles of a fresh JVM, with the kernel warm-up and without it, JVMs
# alternating so that both see the same machine: each line is one JVM (io.simpair.search.FirstTilesRun).
#   bench/first-tiles.sh [samples=5] [dim=384] [rows=4096] [tiles=8]
# JVM options are the executors' (conf/spark-defaults.conf), so the kernel compiles as in a job.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
samples=${1:-5}; shift || true
cd "$here"
[ -f target/classpath.txt ] || mvn -q -B -o package -DskipTests >&2
mvn -q -B -o test-compile >&2
opts=$(sed -n 's/^spark.executor.extraJavaOptions *//p' conf/spark-defaults.conf)
lscpu | sed -n 's/^Model name: *//p'; java -version 2>&1 | head -1
for ((s = 1; s <= samples; s++)); do
  for w in on off; do
    # shellcheck disable=SC2086
    java $opts -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" io.simpair.search.FirstTilesRun $w "$@" 2>/dev/null
  done
done
