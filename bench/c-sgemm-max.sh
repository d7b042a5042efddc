#!/usr/bin/env bash
# The plain pairs job against the C reference (bench/c/sgemm_max.c: OpenBLAS sgemm tiles + an
# AVX-512 max scan, the same threads) on the same NPY, alternating per round. Reports the job's
# sum of stages and its score stage against the C program's total (read + normalize + scan) and
# its scan, medians over rounds and ratios of the medians (issue: whole job >= 0.9x of C).
#
#   bench/c-sgemm-max.sh [n=100000] [d=384] [rounds=5] [threads=2] [panel=512]
#
# OpenBLAS comes from Debian's package (bench/peers/fetch.sh). Its AVX-512 kernels are forced
# (OPENBLAS_CORETYPE=SkylakeX, or C_CORETYPE=...): 0.3.21 takes Zen 4/5 for Haswell (AVX2), which
# halves its speed here, and an OPENBLAS_CORETYPE inherited from the shell is ignored on purpose.
# Results: bench/results/c-sgemm-max-*.txt
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}; d=${2:-384}; rounds=${3:-5}; threads=${4:-2}; panel=${5:-512}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-small}
mkdir -p "$work" "$here/bench/results"
input="$work/random-$n-$d.npy"
[ -f "$input" ] || python3 -c "import numpy as np; np.save('$input', np.random.default_rng(12345).standard_normal(($n, $d), dtype=np.float32))"
"$here/bench/peers/fetch.sh" > /dev/null
root=${SIMPAIR_PEERS_DIR:-/tmp/simpair-peers}/root/usr/lib/x86_64-linux-gnu
bin="$work/sgemm_max"
gcc -O3 -march=native -pthread -o "$bin" "$here/bench/c/sgemm_max.c" -L"$root/openblas-pthread" -l:libopenblas.so.0 -Wl,-rpath-link,"$root" -lm
out="$here/bench/results/c-sgemm-max-n$n-d$d-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(lscpu | sed -n 's/^Model name: *//p') java=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# n=$n d=$d rounds=$rounds threads=$threads panel=$panel coretype=${C_CORETYPE:-SkylakeX} load=$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
c_ref() {
  OPENBLAS_CORETYPE=${C_CORETYPE:-SkylakeX} OPENBLAS_NUM_THREADS=1 LD_LIBRARY_PATH="$root/openblas-pthread:$root" \
      "$bin" "$input" "$threads" "$panel" | tail -1
}
job() {
  "$here/run-cluster.sh" pairs --master "local[$threads]" --input "$input" --output "$work/c-out-job" --overwrite --no-progress --prune off \
      > "$work/c-job.log" 2>&1 || { echo "job FAILED, see $work/c-job.log" >&2; exit 1; }
  python3 - "$work/c-out-job/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = {s["name"]: s["seconds"] for s in r["stages"]}
print(f'simpair_job score={st["score"]:.3f} total={sum(st.values()):.3f} best={r["best"]["a"]},{r["best"]["b"]} {r["best"]["score"]:.6f} '
      + " ".join(f"{k}={v:.2f}" for k, v in st.items()))
PY
}
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then c_ref | tee -a "$out"; job | tee -a "$out"; else job | tee -a "$out"; c_ref | tee -a "$out"; fi
done
python3 - "$out" <<'PY' | tee -a "$out"
import re, sys, statistics as s
c, j = {"scan": [], "total": []}, {"score": [], "total": []}
for line in open(sys.argv[1]):
    if line.startswith("c_sgemm_max"):
        c["scan"].append(float(re.search(r"scan=([\d.]+)", line).group(1))); c["total"].append(float(re.search(r"total=([\d.]+)", line).group(1)))
    elif line.startswith("simpair_job"):
        j["score"].append(float(re.search(r"score=([\d.]+)", line).group(1))); j["total"].append(float(re.search(r"total=([\d.]+)", line).group(1)))
m = lambda v: s.median(v)
print(f"# medians (s): C scan={m(c['scan']):.3f} C total={m(c['total']):.3f} simpair score={m(j['score']):.3f} simpair sum of stages={m(j['total']):.3f}")
print(f"# score stage: {m(c['scan']) / m(j['score']):.3f}x C's scan speed; whole job: {m(c['total']) / m(j['total']):.3f}x C's total (target >= 0.9)")
PY
