#!/usr/bin/env bash
# The sparse kernel's question on real term vectors: the best cosine pair of an embed job's
# vectors by the dense fused kernel (densified rows, one diagonal tile) and by a sparse
# all-pairs join over an inverted index, one thread each, alternating, the pair checked
# (io.simpair.spark.SparseVsDenseRun; zero rows left out). Then the pairs job itself with --kernel
# sparse and float under --metric dot (which, unlike cosine, accepts a document with no term).
#   bench/sparse-vs-dense.sh EMBEDDINGS_PARQUET [repeats=3]
# e.g. ./run-cluster.sh embed --input data-samples/fortunes-3000.jsonl --output /tmp/tfidf --embedder tfidf
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
in=$1; repeats=${2:-3}
cd "$here"
[ -f target/classpath.txt ] || mvn -q -B -o package -DskipTests >&2
mvn -q -B -o test-compile >&2
opts=$(sed -n 's/^spark.executor.extraJavaOptions *//p' conf/spark-defaults.conf)
lscpu | sed -n 's/^Model name: *//p'; java -version 2>&1 | head -1
# shellcheck disable=SC2086
java $opts -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" io.simpair.spark.SparseVsDenseRun "$in" "$repeats" 2>/dev/null
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for ((r = 1; r <= repeats; r++)); do
  for k in sparse float; do
    ./run-cluster.sh pairs --input "$in" --output "$out/$k" --overwrite --no-progress --metric dot --kernel "$k" > "$out/$k.txt" 2>/dev/null
    echo "pairs --kernel $k: $(grep -E '^best pair' "$out/$k.txt" | cut -c1-90) | $(grep -E '^score ' "$out/$k.txt" | awk '{print "score stage", $4, "s"}')"
  done
done
