#!/usr/bin/env bash
# Runs the kernel benchmarks and their baselines on every JDK present; raw JMH JSON, logs and
# the machine's load go to bench/results/<UTC timestamp>/, and bench/summarize.py turns them
# into the tables of BENCHMARKS.md.
#
# Usage: bench/run-benchmarks.sh            (about 10 minutes per JDK)
#   JDKS="/usr/lib/jvm/temurin-25-jdk-amd64"  bench/run-benchmarks.sh   # only some JDKs
#   JMH_OPTS="-f 1 -wi 2 -i 5 -w 1 -r 1"     bench/run-benchmarks.sh   # iteration settings
#
# Needs root (or a present libopenblas.so.0) for the OpenBLAS baseline: Debian's libopenblas is
# installed with apt-get when missing. No timing ever goes into the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."

JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 2 -i 5 -w 1 -r 1"}
OUT=${OUT:-bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
BUILD_DIR=${BUILD_DIR:-target-bench}
JAR=$BUILD_DIR/benchmarks.jar

# 1. OpenBLAS for netlib's JNIBLAS (which dlopens the library named by
#    -Ddev.ludovic.netlib.blas.nativeLib, default libblas.so.3).
if ! ldconfig -p | grep -q 'libopenblas\.so\.0'; then
  echo "installing Debian's libopenblas0-pthread" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread
fi

# 2. The JMH jar (bench profile: JMH + netlib BLAS; never in the main build).
mvn -B -q -Pbench package -DskipTests -Dsimpair.buildDir="$PWD/$BUILD_DIR"

mkdir -p "$OUT"
{
  echo "date: $(date -u)"
  echo "host: $(uname -srm)"
  lscpu | grep -E 'Model name|^CPU\(s\)|Thread|Core|Socket|Hypervisor|L1d|L2|L3|MHz'
  echo "flags (avx512*): $(grep -m1 -o 'avx512[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  ldconfig -p | grep libopenblas || true
  dpkg-query -W libopenblas0-pthread 2>/dev/null || true
} > "$OUT/machine.txt"

# One thread inside OpenBLAS: the comparison is per Java thread. Same JVM flags for every run;
# --enable-native-access keeps JDK 22+ quiet about JNI.
export OPENBLAS_NUM_THREADS=1
JVM_ARGS="--add-modules=jdk.incubator.vector -Xms2g -Xmx2g -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0 --enable-native-access=ALL-UNNAMED"

for jdk in $JDKS; do
  java="$jdk/bin/java"
  [ -x "$java" ] || { echo "skip $jdk: no java" >&2; continue; }
  tag=jdk$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  "$java" -version 2> "$OUT/$tag-version.txt"

  run() { # run NAME THREADS JMH-ARGS...: one JMH invocation, load recorded before and after
    local name=$1 threads=$2
    shift 2
    echo "== $tag $name $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
    top -b -n 1 -w 120 | sed -n 8,10p | sed "s/^/   top: /" >> "$OUT/load.txt"
    # shellcheck disable=SC2086
    "$java" -jar "$JAR" "$@" -t "$threads" $JMH_OPTS -jvmArgsAppend "$JVM_ARGS" \
      -rf json -rff "$OUT/$tag-$name.json" > "$OUT/$tag-$name.log" 2>&1 \
      || echo "   FAILED: see $OUT/$tag-$name.log" | tee -a "$OUT/load.txt"
    echo "   after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
  }

  # Baselines and the kernel in the same JMH invocation, once per OpenBLAS core type. The plain
  # loop is TileKernelBench impl=scalar (per-pair fp32 loop, max fused).
  SAME_RUN=(-p d=384 -p n=2048 -p diagonal=false -p impl=vectorized,scalar -p blas=openblas,vectorBlas
    'TileKernelBench|BaselineBench|FmaPeakBench')
  (unset OPENBLAS_CORETYPE; run baselines-default 1 "${SAME_RUN[@]}")
  OPENBLAS_CORETYPE=SkylakeX run baselines-skylakex 1 "${SAME_RUN[@]}"

  # Kernel over d and tile sizes, one thread.
  run kernel-d 1 -p impl=vectorized -p diagonal=false -p d=64,128,384,768,1024 -p n=2048 TileKernelBench
  run kernel-n 1 -p impl=vectorized -p diagonal=false -p d=384 -p n=1024,4096 TileKernelBench

  # 1 then 2 threads back to back (JMH takes one thread count per invocation); the FMA probe
  # at 2 threads shows whether the two vCPUs are two cores.
  run threads-1 1 -p impl=vectorized -p diagonal=false -p d=384 -p n=2048 'TileKernelBench|FmaPeakBench'
  run threads-2 2 -p impl=vectorized -p diagonal=false -p d=384 -p n=2048 'TileKernelBench|FmaPeakBench'

  # Binary kernel, 4096 bits, cosine argmax; the previous 4x4 kernel (old4x4, in src/jmh) in
  # the same invocation where it can run (its lanewise BIT_COUNT needs JDK 19+).
  if [ "${tag#jdk}" -ge 19 ] 2>/dev/null; then impls=provider,old4x4,scalar; else impls=provider,scalar; fi
  run binary-1 1 -p bits=4096 -p n=2048 -p impl=$impls BinaryKernelBench
  run binary-2 2 -p bits=4096 -p n=2048 -p impl=provider BinaryKernelBench
done

# C reference of the binary kernel's task (bench/c/binary_popcount.c): what the hardware gives.
if command -v gcc > /dev/null && grep -q avx512_vpopcntdq /proc/cpuinfo; then
  gcc -O3 -march=native -mavx512f -mavx512vpopcntdq -o "$OUT/binary_popcount" bench/c/binary_popcount.c
  "$OUT/binary_popcount" 2048 4096 7 > "$OUT/c-binary.txt" 2>&1 || echo "   C reference FAILED" >&2
  rm -f "$OUT/binary_popcount"
else
  echo "skip C reference: needs gcc and avx512_vpopcntdq" >&2
fi

echo "results in $OUT"
python3 bench/summarize.py "$OUT" | tee "$OUT/summary.md"
