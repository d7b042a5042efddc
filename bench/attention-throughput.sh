#!/usr/bin/env bash
# Attention mode's scoring cost against the best-pair scan (issue: attention throughput at least
# 0.7x best-pair at one beta; K betas in one pass cheaper than K passes). One thread, the same
# tiles, runs alternating, medians (io.simpair.search.AttentionThroughputRun).
#   bench/attention-throughput.sh [n=8192] [d=384] [repeats=5] [betas=4]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-8192}; d=${2:-384}; repeats=${3:-5}; k=${4:-4}
cd "$here"
[ -f target/classpath.txt ] || mvn -q -B -o package -DskipTests >&2
mvn -q -B -o test-compile >&2
opts=$(sed -n 's/^spark.executor.extraJavaOptions *//p' conf/spark-defaults.conf)
lscpu | sed -n 's/^Model name: *//p'; "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1; uptime
# shellcheck disable=SC2086
"${JAVA_HOME:+$JAVA_HOME/bin/}java" $opts -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" io.simpair.search.AttentionThroughputRun "$n" "$d" "$repeats" "$k" 2>/dev/null
