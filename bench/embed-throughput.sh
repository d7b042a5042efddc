#!/usr/bin/env bash
# Documents per second of the embed job, each embedder on the same short and long documents,
# run one after the other in this order so their ratios share the machine's load:
#   bench/embed-throughput.sh CORPORA_DIR OUT_DIR [SHORT_N] [LONG_N]
# short = the first SHORT_N fortunes (default 1000), long = the first LONG_N Europarl speeches
# (default 300; most exceed MiniLM's 256-token window and are truncated). The rate is the
# embed stage's documents / seconds from embed.json (Spark start-up and the read excluded).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corp=$1; out=$2; ns=${3:-1000}; nl=${4:-300}
mkdir -p "$out"
head -n "$ns" "$corp/fortunes.jsonl" > "$out/short.jsonl"
head -n "$nl" "$corp/europarl.jsonl" > "$out/long.jsonl"
lscpu | grep 'Model name' > "$out/machine.txt"
printf '%-14s %-6s %6s %9s %9s %8s\n' embedder docs n tokens seconds docs/s | tee "$out/rates.txt"
for docs in short long; do
  for e in "minilm --model int8" "minilm --model fp32" "bow" "tfidf"; do
    name=$(echo "$e" | tr -d ' -' | sed 's/model//')
    "$here/run-cluster.sh" embed --input "$out/$docs.jsonl" --output "$out/$name-$docs" --embedder $e \
      --no-progress --no-text --overwrite > "$out/$name-$docs.out" 2> "$out/$name-$docs.err"
    python3 - "$out/$name-$docs/embed.json" "$name" "$docs" <<'PY' | tee -a "$out/rates.txt"
import json, sys
j = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in j["stages"]}["embed"]
print("%-14s %-6s %6d %9d %9.2f %8.1f" % (sys.argv[2], sys.argv[3], j["documents"], j["tokens"], st["seconds"], j["documents"] / st["seconds"]))
PY
  done
done
