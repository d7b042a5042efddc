#!/usr/bin/env bash
# The pairs job on 0/1 bag-of-words rows with the fp32 kernel and with the exact popcount kernel,
# back to back in every round (so the ratio comes from one period), medians of several runs.
#
#   bench/e2e-binary.sh [n=50000] [d=1024] [runs=3] [master=local[2]]    (JAVA_HOME picks the JDK)
#
# Input: seeded numpy rows with each bit set with probability 0.05 (plus bit 0, so no row is
# empty). Results: bench/results/e2e-binary-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-50000}; d=${2:-1024}; runs=${3:-3}; master=${4:-local[2]}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-e2e}
mkdir -p "$work" "$here/bench/results"
input="$work/bow-$n-$d.npy"
if [ ! -f "$input" ]; then
  python3 -c "import numpy as np; r = np.random.default_rng(7); x = (r.random(($n, $d), dtype=np.float32) < 0.05).astype(np.float32); x[:, 0] = 1; np.save('$input', x)"
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="$here/bench/results/e2e-binary-n$n-d$d-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p') java=$("$java" -version 2>&1 | head -1)"
  echo "# n=$n d=$d runs=$runs master=$master JAVA_HOME=${JAVA_HOME:-default}"
} | tee "$out"
for ((i = 1; i <= runs; i++)); do
  for k in float binary; do
    dir="$work/out-bin-$k"
    t0=$(date +%s.%N)
    "$here/run-cluster.sh" pairs --master "$master" --input "$input" --output "$dir" --overwrite \
        --no-progress --kernel "$k" > "$work/bin-$k.log" 2>&1
    t1=$(date +%s.%N)
    python3 - "$dir/result.json" "$k" "$t0" "$t1" <<'PY' | tee -a "$out"
import json, sys
r = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in r["stages"]}
pairs = r["counts"]["pairs_scored"]
score = st["score"]["seconds"]
job = sum(s["seconds"] for s in r["stages"])
print(f'{sys.argv[2]:7s} wall={float(sys.argv[4]) - float(sys.argv[3]):7.2f}s job={job:7.2f}s '
      f'score={score:7.2f}s pairs/s={pairs / score:.3e} kernel={r["kernel"]!r} '
      f'best={r["best"]["a"]},{r["best"]["b"]} {r["best"]["score"]!r}')
PY
  done
done
python3 - "$out" <<'PY' | tee -a "$out"
import re, sys, statistics
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(float|binary)\s+wall=\s*([\d.]+)s job=\s*([\d.]+)s score=\s*([\d.]+)s pairs/s=([\d.e+]+)', line)
    if m:
        rows.setdefault(m.group(1), []).append([float(x) for x in m.groups()[1:]])
med = {k: [statistics.median(x[i] for x in v) for i in range(4)] for k, v in rows.items()}
for k, v in med.items():
    print(f"median {k:7s} wall={v[0]:.2f}s job={v[1]:.2f}s score={v[2]:.2f}s pairs/s={v[3]:.3e}")
print(f"binary vs float: scoring x{med['float'][2] / med['binary'][2]:.2f}, "
      f"job x{med['float'][1] / med['binary'][1]:.2f}, wall x{med['float'][0] / med['binary'][0]:.2f}")
bests = {l.split('best=')[1].strip() for l in open(sys.argv[1]) if 'best=' in l}
print("same best pair in every run:", len(bests) == 1, sorted(bests))
PY
