#!/usr/bin/env bash
# --prune auto against --prune off (and FAISS's exact flat search for the best pair) on the same
# NPY file, taken in turn in every round so that each ratio comes from one period of the machine:
# process wall, the sum of the stages, and the scoring seconds (off: "score"; auto: "prune" +
# "bound" + "verify"), each run's answer checked equal to off's.
#
#   bench/prune-e2e.sh FILE.npy [searches=best,threshold:0.9,top:100] [rounds=3] [threads=2]
#
# Peers: bench/peers/fetch.sh (FAISS from Debian's packages). Results: bench/results/prune-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
input=$1
IFS=, read -r -a searches <<< "${2:-best,threshold:0.9,top:100}"
rounds=${3:-3}; threads=${4:-2}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-prune}
mkdir -p "$work" "$here/bench/results"
eval "$("$here/bench/peers/fetch.sh")"
out="$here/bench/results/prune-$(basename "$input" .npy)-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# input=$input searches=${searches[*]} rounds=$rounds threads=$threads"
} | tee "$out"
"$here/run-cluster.sh" --help >/dev/null 2>&1 || true # builds the jar and the class-data archive outside the timings
now() { date +%s.%N; }
: > "$work/rows.tsv"
for ((r = 1; r <= rounds; r++)); do
  for s in "${searches[@]}"; do
    case $s in
      best) opts=() ;;
      top:*) opts=(--top-k "${s#top:}") ;;
      threshold:*) opts=(--threshold "${s#threshold:}" --max-pairs 100000000) ;;
    esac
    for p in off auto; do
      t0=$(now)
      "$here/run-cluster.sh" pairs --master "local[$threads]" --input "$input" --output "$work/out-$p" --overwrite \
        --no-progress --prune $p "${opts[@]}" > "$work/$p.log" 2>&1
      t1=$(now)
      row=$(python3 - "$work/out-$p/result.json" <<'PY'
import hashlib, json, sys
r = json.load(open(sys.argv[1])); st = {x['name']: x['seconds'] for x in r['stages']}
score = st.get('score', 0) + st.get('prune', 0) + st.get('bound', 0) + st.get('verify', 0)
pairs = [(p['a'], p['b'], p['score']) for p in r.get('pairs', [r['best']])]
t = r.get('threshold', {}).get('pairs', '-')
print(sum(st.values()), score, r['counts']['pairs_full_dim'], r['prune']['pruned'], r['prune']['rank'], hashlib.md5(str(pairs).encode()).hexdigest()[:12], t)
PY
)
      echo -e "$s\t$p\t$r\t$(echo "$t1 - $t0" | bc)\t$row" >> "$work/rows.tsv"
    done
  done
  if [[ " ${searches[*]} " == *" best "* ]]; then
    t0=$(now)
    j=$(OMP_NUM_THREADS=$threads $PEERS_PYTHON -s "$here/bench/peers/faiss_flat.py" "$input" "$threads")
    t1=$(now)
    w=$(python3 -c "import json; print(json.loads('''$j''')['work_seconds'])")
    echo -e "best\tfaiss\t$r\t$(echo "$t1 - $t0" | bc)\t$w $w 0 - 0 0 -" >> "$work/rows.tsv"
  fi
done
python3 - "$work/rows.tsv" <<'PY' | tee -a "$out"
import statistics as S, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
by = {}
for s, p, r, wall, rest in rows:
    by.setdefault(s, {}).setdefault(p, {})[r] = [float(wall)] + rest.split()
print("| search | method | process wall s | stages s | scoring s | pairs at full dim | rank | wall off/x | scoring off/x | same answer |")
print("|---|---|---|---|---|---|---|---|---|---|")
for s, m in by.items():
    off = m["off"]
    for p, runs in m.items():
        med = lambda k: S.median(float(v[k]) for v in runs.values())
        rw = S.median(off[r][0] / v[0] for r, v in runs.items() if r in off)
        rs = S.median(float(off[r][2]) / float(v[2]) for r, v in runs.items() if r in off)
        same = "-" if p == "faiss" else all(v[6] == off[r][6] and v[7] == off[r][7] for r, v in runs.items())
        print(f"| {s} | {p} | {med(0):.2f} | {med(1):.2f} | {med(2):.2f} | {runs[next(iter(runs))][3]} | {runs[next(iter(runs))][5]} | {rw:.2f} | {rs:.2f} | {same} |")
PY
echo "results: $out"
