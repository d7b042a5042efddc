#!/usr/bin/env bash
# simpair against numpy and FAISS at the sizes people test with: process wall (command start to
# exit) and work seconds (simpair: the sum of its stages; the peers: after their imports), the
# same random 384-d float32 file for all, the methods taken in turn in every round so that each
# ratio comes from one period of the machine. Also the scoring stage's GFLOP/s at each n.
#
#   bench/small-sizes.sh [sizes=1000,20000,100000] [rounds=5] [threads=2]
#
# Peers: bench/peers/fetch.sh (FAISS from Debian's packages). Results: bench/results/small-sizes-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
IFS=, read -r -a sizes <<< "${1:-1000,20000,100000}"
rounds=${2:-5}; threads=${3:-2}; d=384
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-small}
mkdir -p "$work" "$here/bench/results"
eval "$("$here/bench/peers/fetch.sh")"
out="$here/bench/results/small-sizes-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus; java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# sizes=${sizes[*]} rounds=$rounds threads=$threads d=$d"
} | tee "$out"
"$here/run-cluster.sh" --help >/dev/null 2>&1 || true # builds the jar and the class-data archive outside the timings
now() { date +%s.%N; }
for n in "${sizes[@]}"; do
  input="$work/random-$n-$d.npy"
  [ -f "$input" ] || python3 -c "import numpy as np; np.save('$input', np.random.default_rng(12345).standard_normal(($n, $d), dtype=np.float32))"
  : > "$work/rows-$n.tsv"
  for ((r = 1; r <= rounds; r++)); do
    t0=$(now)
    "$here/run-cluster.sh" pairs --master "local[$threads]" --input "$input" --output "$work/out-$n" --overwrite --no-progress > "$work/simpair-$n.log" 2>&1
    t1=$(now)
    s=$(python3 -c "
import json; r = json.load(open('$work/out-$n/result.json')); st = {x['name']: x for x in r['stages']}
print(sum(x['seconds'] for x in r['stages']), st['score']['seconds'], st['score']['flops'] / st['score']['seconds'] / 1e9, r['best']['a'], r['best']['b'], r['best']['score'])")
    echo -e "simpair\t$r\t$(echo "$t1 - $t0" | bc)\t$s" >> "$work/rows-$n.tsv"
    for m in numpy faiss; do
      t0=$(now)
      if [ $m = numpy ]; then j=$(OPENBLAS_NUM_THREADS=$threads $PEERS_PYTHON -s "$here/bench/peers/exact_numpy.py" "$input")
      else j=$(OMP_NUM_THREADS=$threads $PEERS_PYTHON -s "$here/bench/peers/faiss_flat.py" "$input" "$threads"); fi
      t1=$(now)
      s=$(python3 -c "import json; r = json.loads('''$j'''); print(r['work_seconds'], '-', '-', r['a'], r['b'], r['score'])")
      echo -e "$m\t$r\t$(echo "$t1 - $t0" | bc)\t$s" >> "$work/rows-$n.tsv"
    done
  done
  python3 - "$work/rows-$n.tsv" "$n" <<'PY' | tee -a "$out"
import statistics as S, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
by = {}
for m, r, wall, rest in ((x[0], x[1], x[2], x[3].split()) for x in rows):
    by.setdefault(m, {})[r] = (float(wall), rest)
print(f"## n = {sys.argv[2]}  (medians of {len(by['simpair'])} rounds)")
print("| method | process wall s | work s | score stage s | score GFLOP/s | best pair |")
print("|---|---|---|---|---|---|")
for m, runs in by.items():
    w = S.median(v[0] for v in runs.values()); k = S.median(float(v[1][0]) for v in runs.values())
    sc = "-" if runs[next(iter(runs))][1][1] == "-" else f"{S.median(float(v[1][1]) for v in runs.values()):.3f}"
    gf = "-" if sc == "-" else f"{S.median(float(v[1][2]) for v in runs.values()):.1f}"
    a, b, s = runs[next(iter(runs))][1][3:6]
    print(f"| {m} | {w:.2f} | {k:.2f} | {sc} | {gf} | {a}, {b}, {float(s):.7f} |")
for peer in ("faiss", "numpy"):
    q = [by["simpair"][r][0] / by[peer][r][0] for r in by["simpair"] if r in by[peer]]
    print(f"simpair/{peer} process wall, median of per-round ratios: {S.median(q):.2f}")
PY
done
echo "results: $out"
