#!/usr/bin/env bash
# Builds a minimal HotSpot disassembler plugin (hsdis) on capstone, for reading what C2 makes
# of the kernels. Debian's libhsdis0-fcml exports only the old entry point, which JDK 17 does
# not call, and cannot decode vpopcntq; this one implements decode_instructions_virtual.
#
#   bench/hsdis/build.sh                  # -> target-hsdis/hsdis-amd64.so (installs libcapstone-dev if missing)
#   LD_LIBRARY_PATH=$PWD/target-hsdis java --add-modules=jdk.incubator.vector \
#       -XX:+UnlockDiagnosticVMOptions \
#       -XX:CompileCommand=print,io.simpair.kernel.VectorizedSimilaritySupport::fusedMicroTile ...
#
# A developer tool only: nothing in the build or the tests uses it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f /usr/include/capstone/capstone.h ]; then
  apt-get install -y libcapstone-dev >&2
fi
mkdir -p "$here/target-hsdis"
gcc -O2 -shared -fPIC -o "$here/target-hsdis/hsdis-amd64.so" "$here/bench/hsdis/hsdis.c" -lcapstone
echo "$here/target-hsdis/hsdis-amd64.so"
