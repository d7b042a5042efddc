#!/usr/bin/env bash
# Where the attention head stops finding the pair (README, "Attention mode"): hard
# orthogonal-vectors instances generated in the test code, one planted pair or none, one input
# and A against B, through pairs --attention-head ov --beta-sweep on local[2]; prints the table
# and writes the plot (io.simpair.cli.AttentionSweepRun).
#   bench/attention-sweep.sh [png=docs/attention-sweep.png] [seeds=3] [sizes=64,256,1024,4096]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
png=${1:-docs/attention-sweep.png}; seeds=${2:-3}; sizes=${3:-64,256,1024,4096}
cd "$here"
[ -f target/classpath.txt ] || mvn -q -B -o package -DskipTests >&2
mvn -q -B -o test-compile >&2
opts=$(sed -n 's/^spark.executor.extraJavaOptions *//p' conf/spark-defaults.conf)
# shellcheck disable=SC2086
java $opts -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" io.simpair.cli.AttentionSweepRun "$png" "$seeds" "$sizes" 2>/dev/null
