#!/usr/bin/env bash
# Attention mode against the best-pair job, end to end in local mode (issue: one beta's scoring
# throughput >= 0.7x best-pair's; K betas in one pass cheaper than K single-beta passes).
# Per round, in an order that alternates between rounds: best pair, --attention with the first
# beta, --attention with all K betas, and each beta alone. Reads the "score" stage seconds of
# each result.json; medians over rounds and ratios from the same rounds.
#
#   bench/attention-e2e.sh [n=100000] [d=384] [rounds=3] [betas=4,8,16,34.5] [master=local[2]]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}; d=${2:-384}; rounds=${3:-3}; betas=${4:-4,8,16,34.5}; master=${5:-local[2]}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-small}
mkdir -p "$work" "$here/bench/results"
input="$work/random-$n-$d.npy"
[ -f "$input" ] || python3 -c "import numpy as np; np.save('$input', np.random.default_rng(12345).standard_normal(($n, $d), dtype=np.float32))"
out="$here/bench/results/attention-e2e-n$n-d$d-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p') java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# n=$n d=$d rounds=$rounds betas=$betas master=$master load=$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
IFS=, read -r -a each <<< "$betas"
names=(best one all); declare -A args=([best]="" [one]="--attention --beta ${each[0]}" [all]="--attention --beta $betas")
for b in "${each[@]}"; do names+=("beta$b"); args[beta$b]="--attention --beta $b"; done
run_one() { # name
  local dir="$work/att-out-$1"
  # shellcheck disable=SC2086
  "$here/run-cluster.sh" pairs --master "$master" --input "$input" --output "$dir" --overwrite --no-progress --prune off ${args[$1]} \
      > "$work/att-$1.log" 2>&1 || { echo "$1 FAILED, see $work/att-$1.log" >&2; exit 1; }
  python3 - "$dir/result.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = {s["name"]: s["seconds"] for s in r["stages"]}
print(f'{sys.argv[2]:12s} score={st["score"]:8.3f}s job={sum(st.values()):8.3f}s pairs={r["counts"]["pairs_scored"]}')
PY
}
for ((i = 1; i <= rounds; i++)); do
  order=("${names[@]}")
  if ((i % 2 == 0)); then order=(); for ((k = ${#names[@]} - 1; k >= 0; k--)); do order+=("${names[k]}"); done; fi
  for v in "${order[@]}"; do run_one "$v" | tee -a "$out"; done
done
python3 - "$out" "$betas" <<'PY' | tee -a "$out"
import re, sys, statistics as s
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\S+)\s+score=\s*([\d.]+)s job=\s*([\d.]+)s', line)
    if m:
        rows.setdefault(m.group(1), []).append(float(m.group(2)))
med = {k: s.median(v) for k, v in rows.items()}
singles = [k for k in med if k.startswith("beta")]
print("# medians of the score stage (s): " + " ".join(f"{k}={v:.3f}" for k, v in med.items()))
print(f"# one beta: throughput {med['best'] / med['one']:.3f}x best pair's (target >= 0.7)")
tot = sum(med[k] for k in singles)
print(f"# {len(singles)} betas in one pass: {med['all']:.3f} s against {tot:.3f} s for each alone ({med['all'] / tot:.3f}x; target < 1)")
PY
