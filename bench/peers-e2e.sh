#!/usr/bin/env bash
# simpair (--prune auto and off) against its peers on the best cosine pair of the same NPY file
# (its first n rows), the same threads: MLlib BlockMatrix A*A^T + max, RowMatrix.columnSimilarities
# (DIMSUM, exact), BucketedRandomProjectionLSH.approxSimilarityJoin, FAISS IndexFlatIP, numpy fp64.
# Each peer gets a time cap and the driver memory simpair gets; one that exceeds it is reported
# "stopped: time > X s" or "stopped: memory (...)". One line of JSON per run in the results file.
#
#   bench/peers-e2e.sh FILE.npy N[,N...] [methods=auto,off,numpy,faiss,blockmatrix,brp,dimsum] [threads=2]
#   env: CAP=600 (seconds per peer), BRP="bucketLength tables cosThreshold seed" (default 0.002 3 0.25 7)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
input=$1; IFS=, read -r -a sizes <<< "$2"
IFS=, read -r -a methods <<< "${3:-auto,off,numpy,faiss,blockmatrix,brp,dimsum}"
threads=${4:-2}; cap=${CAP:-600}; brp=${BRP:-0.002 3 0.25 7}
work=${SIMPAIR_BENCH_DIR:-/tmp/simpair-peers-e2e}
mkdir -p "$work" "$here/bench/results"
eval "$("$here/bench/peers/fetch.sh")"
out="$here/bench/results/peers-$(basename "$input" .npy)-$(date +%Y%m%d-%H%M%S).jsonl"
echo "# $(date -u) $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); input=$input cap=${cap}s threads=$threads brp=($brp)" | tee "$out"
"$here/run-cluster.sh" --help >/dev/null 2>&1 || true # builds the jar outside the timings
(cd "$here" && mvn -q -B -o test-compile >&2)
props="$here/conf/spark-defaults.conf"
heap=$(sed -n 's/^spark.driver.memory *//p' "$props")
read -r -a jopts <<< "$(sed -n 's/^spark.driver.extraJavaOptions *//p' "$props")"
cp="$here/target/classes:$here/target/test-classes:$(cat "$here/target/classpath.txt")"
now() { date +%s.%N; }
for n in "${sizes[@]}"; do
  f="$work/$(basename "$input" .npy)-head-$n.npy"
  [ -f "$f" ] || $PEERS_PYTHON -s -c "import numpy as np, sys; x = np.load(sys.argv[1], mmap_mode='r'); assert len(x) >= $n, len(x); np.save(sys.argv[2], np.ascontiguousarray(x[:$n], dtype=np.float32))" "$input" "$f"
  for m in "${methods[@]}"; do
    log="$work/$m-$n.log"; t0=$(now); rc=0
    case $m in
      auto|off) timeout "$cap" "$here/run-cluster.sh" pairs --master "local[$threads]" --input "$f" --output "$work/out-$m" \
          --overwrite --no-progress --prune $m > "$log" 2>&1 || rc=$? ;;
      numpy) OPENBLAS_NUM_THREADS=$threads timeout "$cap" $PEERS_PYTHON -s "$here/bench/peers/exact_numpy.py" "$f" > "$log" 2>&1 || rc=$? ;;
      faiss) OMP_NUM_THREADS=$threads timeout "$cap" $PEERS_PYTHON -s "$here/bench/peers/faiss_flat.py" "$f" "$threads" > "$log" 2>&1 || rc=$? ;;
      # MLlib's shuffled classes (matrices, tuples, rows) are not in simpair's Kryo registrator
      blockmatrix|dimsum|brp) timeout "$cap" java "-Xmx$heap" "${jopts[@]}" -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
          -cp "$cp" org.apache.spark.deploy.SparkSubmit --properties-file "$props" --master "local[$threads]" \
          --conf spark.ui.enabled=false --conf spark.kryo.registrationRequired=false \
          --class io.simpair.peers.MllibPeersRun spark-internal $m "$f" $brp > "$log" 2>&1 || rc=$? ;;
    esac
    wall=$(echo "$(now) - $t0" | bc)
    python3 - "$m" "$n" "$wall" "$rc" "$cap" "$log" "$work/out-$m/result.json" <<'PY' | tee -a "$out"
import json, re, sys
m, n, wall, rc, cap, log, res = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
text = open(log, errors="replace").read()
r = {"method": m, "n": n, "wall_seconds": round(wall, 2)}
oom = re.search(r"OutOfMemoryError[^\n]*", text)
if rc == 124: r["stopped"] = f"time > {cap} s"
elif oom: r["stopped"] = f"memory ({oom.group(0)[:120]})"
elif rc != 0: r["stopped"] = f"exit {rc}: " + text.strip().splitlines()[-1][:160]
elif m in ("auto", "off"):
    j = json.load(open(res)); r.update(a=j["best"]["a"], b=j["best"]["b"], score=j["best"]["score"],
        work_seconds=round(sum(s["seconds"] for s in j["stages"]), 3), pairs_full_dim=j["counts"].get("pairs_full_dim"))
else:
    j = json.loads([l for l in text.splitlines() if l.startswith("{")][-1]); r.update({k: v for k, v in j.items() if k not in ("method", "n")})
if "work_seconds" in r: r["pairs_per_s"] = round(n * (n - 1) / 2 / r["work_seconds"])
print(json.dumps(r))
PY
  done
done
echo "results: $out"
