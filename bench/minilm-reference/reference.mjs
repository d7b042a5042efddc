// Reference vectors for the MiniLM embedder by a second route: ONNX Runtime's Node binding
// (onnxruntime-node, not the Java one), a WordPiece tokenizer written here from the
// tokenizer JSON's vocabulary (not the Rust tokenizers library DJL wraps), and pooling in JS.
// Usage: node reference.mjs MODEL_DIR SENTENCES.json OUT.json   (see make.sh)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(process.env.ORT_NODE_DIR + '/');
const ort = require('onnxruntime-node');

const [modelDir, sentencesFile, outFile] = process.argv.slice(2);
const sentences = JSON.parse(fs.readFileSync(sentencesFile, 'utf8'));

function bertTokens(text) {
  // BertNormalizer: clean text, CJK spacing, lower-case and strip accents (NFD, drop Mn)
  let t = '';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c === 0 || c === 0xfffd || (/\p{Cc}/u.test(ch) && !/[\t\n\r]/.test(ch))) continue;
    if (/\s/u.test(ch)) { t += ' '; continue; }
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) { t += ' ' + ch + ' '; continue; }
    t += ch;
  }
  t = t.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  // BertPreTokenizer: split on white space, and every punctuation character is a word
  const words = [];
  for (const chunk of t.split(/\s+/).filter(Boolean)) {
    let cur = '';
    for (const ch of chunk) {
      const c = ch.codePointAt(0);
      const punct = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) || /\p{P}/u.test(ch);
      if (punct) { if (cur) words.push(cur); words.push(ch); cur = ''; } else cur += ch;
    }
    if (cur) words.push(cur);
  }
  return words;
}

function wordPiece(words, vocab) {
  const ids = [vocab['[CLS]']];
  for (const w of words) {
    const chars = [...w];
    if (chars.length > 100) { ids.push(vocab['[UNK]']); continue; }
    const pieces = [];
    let start = 0, bad = false;
    while (start < chars.length) {
      let end = chars.length, found = null;
      while (start < end) {
        const sub = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        if (sub in vocab) { found = vocab[sub]; break; }
        end--;
      }
      if (found === null) { bad = true; break; }
      pieces.push(found);
      start = end;
    }
    if (bad) ids.push(vocab['[UNK]']); else ids.push(...pieces);
  }
  ids.push(vocab['[SEP]']);
  return ids.slice(0, 255).concat(ids.length > 256 ? [vocab['[SEP]']] : ids.slice(255));
}

const out = { route: 'onnxruntime-node ' + require('onnxruntime-node/package.json').version +
  ', WordPiece and pooling in JavaScript (bench/minilm-reference/reference.mjs)', sentences, models: {} };
for (const [kind, stem] of [['int8', 'all-minilm-l6-v2-q'], ['fp32', 'all-minilm-l6-v2']]) {
  const tok = JSON.parse(fs.readFileSync(path.join(modelDir, stem + '-tokenizer.json'), 'utf8'));
  const vocab = tok.model.vocab;
  const session = await ort.InferenceSession.create(path.join(modelDir, stem + '.onnx'),
    { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const rows = [];
  for (const s of sentences) {
    const ids = wordPiece(bertTokens(s), vocab);
    const n = ids.length;
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, n]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n]),
    };
    const res = await session.run(feeds);
    const h = res.last_hidden_state.data; // [1, n, 384]
    const d = 384, mean = new Float64Array(d);
    for (let t = 0; t < n; t++) for (let k = 0; k < d; k++) mean[k] += h[t * d + k];
    let norm = 0;
    for (let k = 0; k < d; k++) { mean[k] /= n; norm += mean[k] * mean[k]; }
    norm = Math.sqrt(norm);
    rows.push({ ids, vector: Array.from(mean, (x) => Math.fround(x / norm)) });
  }
  out.models[kind] = rows;
}
fs.writeFileSync(outFile, JSON.stringify(out) + '\n');
console.log('wrote', outFile, sentences.length, 'sentences');
