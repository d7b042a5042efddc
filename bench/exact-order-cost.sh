#!/usr/bin/env bash
# What exact order costs the pairs job: the same searches run by two or more builds of simpair
# (each a checkout with target/simpair.jar built), in turn A B C A B C ..., local[2]; per run the
# scoring stage's seconds (and the per_row / threshold stage's), the pairs re-scored in double
# and exactly, and a digest of the answer, so that the builds are seen to agree. Prints each
# build's median stage seconds and the median of the per-round ratios against the first build.
#
#   bench/exact-order-cost.sh RUNS CHECKOUT_A CHECKOUT_B [CHECKOUT_C ...]
#
# Inputs: $INPUTS (default: "random:20000:384 data-samples/fortunes-3000-minilm/embeddings.parquet
# data-samples/planted-384.npy"); searches: $SEARCHES (default "per-row top-k best threshold":
# --per-row-top 10, --top-k 100, the best pair, and a threshold that keeps about 1000 pairs,
# the 1000th score of a --top-k 1000 run of the first build). Needs python3 with numpy for the
# random input. Results: bench/results/exact-order-cost-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=$1; shift
builds=("$@")
[ "${#builds[@]}" -ge 2 ] || { echo "usage: $0 RUNS CHECKOUT_A CHECKOUT_B [...]" >&2; exit 2; }
inputs=${INPUTS:-"random:20000:384 $here/data-samples/fortunes-3000-minilm/embeddings.parquet $here/data-samples/planted-384.npy"}
searches=${SEARCHES:-"per-row top-k best threshold"}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-exact-cost}
mkdir -p "$work" "$here/bench/results"
out="$here/bench/results/exact-order-cost-$(date +%Y%m%d-%H%M%S).txt"
cp=$(cat "$here/target/classpath.txt")
digest() { # an output directory: its result.json's pairs and its tables, as one digest
  java -cp "$cp" "$here/bench/ParquetDigest.java" "$1" 2>/dev/null
}
run_one() { # build, input, search args...: prints "score_s other_s fp64 exact digest"
  local build=$1 input=$2; shift 2
  local dir="$work/out"
  rm -rf "$dir" # a table another search left there would enter the digest
  SIMPAIR_NO_BUILD=1 "$build/run-cluster.sh" pairs --master 'local[2]' --input "$input" --output "$dir" \
      --overwrite --no-progress "$@" > "$work/last.log" 2>&1 || { tail -5 "$work/last.log" >&2; return 1; }
  python3 - "$dir/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in r["stages"]}
other = sum(st[n]["seconds"] for n in ("per_row", "threshold") if n in st)
s = st["score"]
print(f'{s["seconds"]:.3f} {other:.3f} {s.get("pairs_rescored_fp64", -1)} {s.get("pairs_rescored_exact", -1)}', end=" ")
PY
  digest "$dir"
}
{
  echo "# $(date -u) load: $(cut -d' ' -f1-3 /proc/loadavg) $(lscpu | sed -n 's/^Model name: *//p')"
  for b in "${builds[@]}"; do echo "# build $b: $(git -C "$b" log --oneline -1)"; done
} | tee "$out"
for spec in $inputs; do
  input=$spec
  if [[ $spec == random:* ]]; then
    IFS=: read -r _ n d <<< "$spec"
    input="$work/random-$n-$d.npy"
    [ -f "$input" ] || python3 -c "import numpy as np; np.save('$input', np.random.default_rng(16).standard_normal(($n, $d), dtype=np.float32))"
  fi
  for search in $searches; do
    case $search in
      per-row) args=(--per-row-top 10) ;;
      top-k) args=(--top-k 100) ;;
      best) args=() ;;
      threshold)
        run_one "${builds[0]}" "$input" --top-k 1000 > /dev/null
        t=$(python3 -c "import json; p=json.load(open('$work/out/result.json'))['pairs']; print(repr(p[-1]['score']))")
        args=(--threshold "$t") ;;
      *) echo "unknown search $search" >&2; exit 2 ;;
    esac
    echo "## $(basename "$input") ${args[*]:-best pair} ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$out"
    for ((r = 1; r <= runs; r++)); do
      for b in "${builds[@]}"; do
        echo "$r $b $(run_one "$b" "$input" "${args[@]}")" | tee -a "$out"
      done
    done
  done
done
python3 - "$out" "${#builds[@]}" <<'PY' | tee -a "$out"
import statistics, sys
lines = open(sys.argv[1]).read().split("\n")
nb = int(sys.argv[2])
case, rows = None, []
def report():
    if not rows:
        return
    builds = list(dict.fromkeys(r[1] for r in rows))
    by = {b: [r for r in rows if r[1] == b] for b in builds}
    base = by[builds[0]]
    print(f"{case}")
    for b in builds:
        mine = by[b]
        ratios = [m[2] / x[2] for m, x in zip(mine, base) if x[2] > 0]
        digests = {m[6] for m in mine}
        print(f"  {b}: score s median {statistics.median(m[2] for m in mine):.3f}, other stage s "
              f"{statistics.median(m[3] for m in mine):.3f}, score ratio to the first (median of rounds) "
              f"{statistics.median(ratios):.2f}, fp64 {mine[0][4]}, exact {mine[0][5]}, answer {'/'.join(digests)}")
for line in lines:
    if line.startswith("## "):
        report()
        case, rows = line[3:], []
    elif line and line[0].isdigit():
        f = line.split()
        rows.append((int(f[0]), f[1], float(f[2]), float(f[3]), f[4], f[5], f[6] if len(f) > 6 else "?"))
report()
PY
