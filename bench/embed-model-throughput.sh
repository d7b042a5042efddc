#!/usr/bin/env bash
# The MiniLM model's documents per second without Spark (io.simpair.embed.EmbedThroughput):
# int8 and fp32, short and long documents, 1 and 2 threads on one shared model.
#   bench/embed-model-throughput.sh CORPORA_DIR [SHORT_N] [LONG_N]
# short = the first SHORT_N fortunes (default 2000), long = the first LONG_N Europarl speeches
# (default 300; most exceed the 256-token window and are truncated). Corpora: bench/corpora/fetch.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corp=$1; ns=${2:-2000}; nl=${3:-300}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
head -n "$ns" "$corp/fortunes.jsonl" > "$work/short.jsonl"
head -n "$nl" "$corp/europarl.jsonl" > "$work/long.jsonl"
cd "$here"
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2
lscpu | grep 'Model name'
java -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" io.simpair.embed.EmbedThroughput "$work/short.jsonl" "$work/long.jsonl" 2>/dev/null
