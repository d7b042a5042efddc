#!/usr/bin/env bash
# End to end on a real corpus: embed, then the exact best pair and a threshold join over the
# embeddings, each timed as a whole process; prints the stage tables.
#   bench/embed-e2e.sh CORPUS.jsonl OUT_DIR [THRESHOLD] [EMBEDDER OPTIONS...]
# (corpora: bench/corpora/fetch.sh; default embedder: --embedder minilm --model int8).
# METRIC=dot for bow when some documents have no vocabulary word (their zero vectors are
# refused under cosine); the threshold is then a count of shared words.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
in=$1; out=$2; t=${3:-0.95}; shift 3 || shift $#
emb=("$@"); [ ${#emb[@]} -gt 0 ] || emb=(--embedder minilm --model int8)
mkdir -p "$out"
lscpu | grep 'Model name' | tee "$out/machine.txt"
run() { local name=$1; shift; local t0; t0=$(date +%s.%N)
  "$here/run-cluster.sh" "$@" --no-progress > "$out/$name.out" 2> "$out/$name.err"
  echo "$name $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a - b}') s" | tee -a "$out/times.txt"; }
run embed embed --input "$in" --output "$out/emb" "${emb[@]}" --no-text --overwrite
run best pairs --input "$out/emb/embeddings.parquet" --output "$out/best" --metric "${METRIC:-cosine}" --overwrite
run threshold pairs --input "$out/emb/embeddings.parquet" --output "$out/threshold" --metric "${METRIC:-cosine}" --threshold "$t" --overwrite
cat "$out/times.txt"; for f in embed best threshold; do echo "== $f"; cat "$out/$f.out"; done
