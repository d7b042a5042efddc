#!/usr/bin/env bash
# Fetches the Python peers of the benchmarks (FAISS 1.7.3 with the numpy 1.24 it was built
# against, and OpenBLAS) from Debian's packages into a folder, installing nothing system-wide.
# Idempotent. Prints the environment to use them:
#   eval "$(bench/peers/fetch.sh)"     # sets PEERS_PYTHON, PYTHONPATH, LD_LIBRARY_PATH
set -euo pipefail
dir=${SIMPAIR_PEERS_DIR:-/tmp/simpair-peers}
pkgs="python3-faiss python3-numpy libopenblas0-pthread libblas3 liblapack3 libgfortran5"
if [ ! -f "$dir/.done" ]; then
  mkdir -p "$dir/debs" && cd "$dir/debs"
  apt-get download $pkgs >&2 || { apt-get update >&2 && apt-get download $pkgs >&2; }
  for f in *.deb; do dpkg-deb -x "$f" "$dir/root"; done
  touch "$dir/.done"
fi
lib="$dir/root/usr/lib/x86_64-linux-gnu"
echo "export PEERS_PYTHON=/usr/bin/python3"
echo "export PYTHONPATH=$dir/root/usr/lib/python3/dist-packages"
echo "export LD_LIBRARY_PATH=$lib/openblas-pthread:$lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
