#!/usr/bin/env bash
# End-to-end benchmark of the pairs job in local mode: whole-job wall time and scoring
# throughput, best pair vs top-k vs threshold, and the kernel alone over the same tiles
# (KernelOnlyRun), medians of several runs, ratios from one run.
#
#   bench/e2e.sh [n=20000] [d=384] [runs=3] [master=local[2]]
#
# Needs python3 with numpy to make the random input (seeded). Results: bench/results/e2e-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-20000}; d=${2:-384}; runs=${3:-3}; master=${4:-local[2]}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-e2e}
mkdir -p "$work" "$here/bench/results"
input="$work/random-$n-$d.npy"
if [ ! -f "$input" ]; then
  python3 -c "import numpy as np; np.save('$input', np.random.default_rng(12345).standard_normal(($n, $d), dtype=np.float32))"
fi
# a threshold that selects about 100 pairs is found from a first top-k run
declare -A variants=(
  [best]=""
  [topk1000]="--top-k 1000"
)
out="$here/bench/results/e2e-n$n-d$d-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p') java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# n=$n d=$d runs=$runs master=$master JAVA_HOME=${JAVA_HOME:-default}"
} | tee "$out"
run_one() { # name, extra args...
  local name=$1; shift
  local dir="$work/out-$name"
  local t0 t1
  t0=$(date +%s.%N)
  "$here/run-cluster.sh" pairs --master "$master" --input "$input" --output "$dir" --overwrite --no-progress "$@" > "$work/$name.log" 2>&1
  t1=$(date +%s.%N)
  python3 - "$dir/result.json" "$name" "$t0" "$t1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = {s["name"]: s for s in r["stages"]}
score = st["score"]["seconds"]
pairs = r["counts"]["pairs_scored"]
flops = r["counts"]["flops"]
wall = float(sys.argv[4]) - float(sys.argv[3])
jobsec = sum(s["seconds"] for s in r["stages"])
print(f'{sys.argv[2]:10s} wall={wall:8.2f}s job={jobsec:8.2f}s score={score:8.2f}s '
      f'score_GFLOPs={flops/score/1e9:7.1f} job_GFLOPs={flops/jobsec/1e9:7.1f} '
      f'pairs/s={pairs/score:.3e} task_s={st["score"]["task_seconds"]:.2f} '
      f'best={r["best"]["a"]},{r["best"]["b"]} {r["best"]["score"]:.6f}')
PY
}
# Kernel-only over the same tiles (io.simpair.bench.KernelOnlyRun: same NPY, same 4096-row
# triangular grid, maxScores on 2 plain threads, fresh JVM so JIT warm-up is included as in
# the job), run in every round between the job runs so the ratio comes from the same period.
bench_jar="$here/target-bench/benchmarks.jar"
(cd "$here" && mvn -B -q -Pbench package -DskipTests -Dsimpair.buildDir="$here/target-bench") >&2
threads=$(echo "$master" | sed -n 's/^local\[\([0-9]*\)\]$/\1/p'); threads=${threads:-2}
kernel_only() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" --add-modules=jdk.incubator.vector -Xmx8g -cp "$bench_jar" io.simpair.bench.KernelOnlyRun \
      "$input" "$threads" 1 2>/dev/null | sed -n 's/^kernel_only run=1 seconds=\([0-9.]*\) GFLOPs=\([0-9.]*\)$/kernel_only seconds=\1 GFLOPs=\2/p'
}
thr=""
for ((i = 1; i <= runs; i++)); do
  kernel_only | tee -a "$out"
  for v in best topk1000; do
    run_one "$v" ${variants[$v]} | tee -a "$out"
  done
  if [ -z "$thr" ]; then
    thr=$(python3 -c "import json; print(json.load(open('$work/out-topk1000/result.json'))['pairs'][99]['score'])")
  fi
  run_one "threshold" --threshold "$thr" | tee -a "$out"
done
echo "# threshold=$thr (selects ~100 pairs)" | tee -a "$out"
python3 - "$out" <<'PY' | tee -a "$out"
import re, sys, statistics
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\S+)\s+wall=\s*([\d.]+)s job=\s*([\d.]+)s score=\s*([\d.]+)s score_GFLOPs=\s*([\d.]+) job_GFLOPs=\s*([\d.]+)', line)
    if m:
        rows.setdefault(m.group(1), []).append([float(x) for x in m.groups()[1:]])
base = statistics.median(r[3] for r in rows["best"])
ko = [float(m.group(1)) for m in (re.match(r'kernel_only seconds=[\d.]+ GFLOPs=([\d.]+)', l) for l in open(sys.argv[1])) if m]
for k, v in rows.items():
    med = [statistics.median(x[i] for x in v) for i in range(5)]
    print(f"median {k:10s} wall={med[0]:.2f}s job={med[1]:.2f}s score={med[2]:.2f}s "
          f"score_GFLOPs={med[3]:.1f} job_GFLOPs={med[4]:.1f} throughput_vs_best={med[3]/base:.3f}")
if ko:
    k = statistics.median(ko)
    b = [statistics.median(x[i] for x in rows["best"]) for i in range(5)]
    flops = b[3] * b[2]  # GFLOP in the job
    print(f"median kernel_only GFLOPs={k:.1f} (runs: {', '.join(f'{x:.1f}' for x in ko)})")
    print(f"best vs kernel_only: scoring stage {b[3]/k:.3f}, whole job (stage seconds) {b[4]/k:.3f}, "
          f"whole process (wall incl. JVM and SparkSession start) {flops/b[0]/k:.3f}")
PY
