#!/usr/bin/env python3
"""Build the simpair sample data sets and their brute-force expected answers.

Usage (from the repository root or from data-samples/):

    # 1. get the SPDX tarball (npm registry, nothing is installed):
    npm pack spdx-license-list@6.12.0          # -> spdx-license-list-6.12.0.tgz
    # 2. build everything into data-samples/ (deterministic):
    python3 data-samples/make_samples.py --spdx-tarball spdx-license-list-6.12.0.tgz
    # or only recompute/verify expected.json from the files already on disk:
    python3 data-samples/make_samples.py --oracle-only

Requirements: python3 and numpy (tested with numpy 2.4). Nothing else.

Outputs (in the directory of this script unless --out is given):
    planted-384.npy / planted-384.ids   float32 1000 x 384, planted pair rows 137 & 802
    planted-64.csv                      300 x 64, header id,v0..v63, planted pair rows 59 & 233
    spdx-bow-1024.npy / .ids / .vocab   binary bag-of-words of the 728 SPDX licence texts
    expected.json                       brute-force float64 answers for cosine, dot, l2

The oracle reads the files back from disk (the CSV is parsed as text into float64), scores
every pair i<j in float64 from the stored float32 values and ranks them with the simpair
tie rule: better score first (higher cosine / dot, smaller l2 distance), then the smaller
(index_a, index_b) in input order. It is checked by a second, independent method
(blocked float64 Gram matrix) and, for the 0/1 SPDX matrix, by exact integer arithmetic.
"""
import argparse
import io
import json
import math
import os
import re
import sys
import tarfile
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- parameters
SEED_384 = 20241004          # arXiv 2410.04271
N_384, D_384 = 1000, 384
PAIR_384 = (137, 802)        # row 802 = row 137 + noise
SEED_64 = 20250124
N_64, D_64 = 300, 64
PAIR_64 = (59, 233)          # row 233 = row 59 + noise
NOISE = 0.14                 # noise std relative to unit-variance rows -> cosine ~ 0.99
SPDX_VERSION = "6.12.0"
VOCAB = 1024
METRICS = ("cosine", "dot", "l2")
TOKEN = re.compile(r"[a-z0-9]+")


# ---------------------------------------------------------------- generators
def planted_gaussian(seed, n, d, pair):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(np.float32)
    i, j = pair
    noise = rng.standard_normal(d).astype(np.float32)
    x[j] = (x[i] + np.float32(NOISE) * noise).astype(np.float32)
    return np.ascontiguousarray(x, dtype="<f4")


def write_ids(path, ids):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in ids:
            f.write(s + "\n")


def write_csv(path, ids, x):
    d = x.shape[1]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("id," + ",".join("v%d" % k for k in range(d)) + "\n")
        for s, row in zip(ids, x):
            # repr of the float64 equal to the float32 value: shortest decimal that parses
            # (as double) back to exactly that value; parsing as float gives it too.
            f.write(s + "," + ",".join(repr(float(v)) for v in row) + "\n")


def tokens(text):
    return set(TOKEN.findall(text.lower()))


def spdx_bow(tarball):
    docs = {}
    with tarfile.open(tarball, "r:gz") as tf:
        for m in tf.getmembers():
            mm = re.fullmatch(r"package/licenses/(.+)\.json", m.name)
            if mm and m.isfile():
                obj = json.load(io.TextIOWrapper(tf.extractfile(m), encoding="utf-8"))
                docs[mm.group(1)] = obj.get("licenseText") or ""
    ids = sorted(docs)                       # code-point order of the SPDX identifier
    toks = {i: tokens(docs[i]) for i in ids}
    df = {}
    for i in ids:
        for t in toks[i]:
            df[t] = df.get(t, 0) + 1
    vocab = sorted(df, key=lambda t: (-df[t], t))[:VOCAB]   # DF desc, ties alphabetical
    col = {t: k for k, t in enumerate(vocab)}
    rows, kept, skipped = [], [], []
    for i in ids:
        v = np.zeros(len(vocab), dtype="<f4")
        for t in toks[i]:
            if t in col:
                v[col[t]] = 1.0
        if v.any():
            rows.append(v)
            kept.append(i)
        else:
            skipped.append(i)
    x = np.ascontiguousarray(np.vstack(rows), dtype="<f4")
    return x, kept, vocab, [df[t] for t in vocab], skipped, len(ids)


# ---------------------------------------------------------------- readers
def read_ids(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
        ids, rows = [], []
        for line in f:
            parts = line.rstrip("\n").split(",")
            ids.append(parts[0])
            rows.append([float(p) for p in parts[1:]])   # parse as double
    return header, ids, np.array(rows, dtype=np.float64)


# ---------------------------------------------------------------- oracle
def all_pairs_rowloop(x64):
    """Method 1: for each i, score all j>i directly with the defining formulas."""
    n = x64.shape[0]
    norm = np.sqrt((x64 * x64).sum(axis=1))
    I, J, COS, DOT, L2 = [], [], [], [], []
    for i in range(n - 1):
        rest = x64[i + 1:]
        dot = rest @ x64[i]
        cos = dot / (norm[i] * norm[i + 1:])
        diff = rest - x64[i]
        l2 = np.sqrt((diff * diff).sum(axis=1))
        I.append(np.full(n - 1 - i, i))
        J.append(np.arange(i + 1, n))
        COS.append(cos); DOT.append(dot); L2.append(l2)
    cat = np.concatenate
    return cat(I), cat(J), {"cosine": cat(COS), "dot": cat(DOT), "l2": cat(L2)}


def rank(I, J, score, metric, k):
    key = score if metric == "l2" else -score
    order = np.lexsort((J, I, key))            # score first, then index_a, then index_b
    return order[:k]


def blocked_best(x64, metric, block=128):
    """Method 2: blocked float64 Gram matrix, norms expansion for l2; returns best (i,j,score)."""
    n = x64.shape[0]
    sq = (x64 * x64).sum(axis=1)
    norm = np.sqrt(sq)
    best = None
    for r0 in range(0, n, block):
        for c0 in range(r0, n, block):
            g = x64[r0:r0 + block] @ x64[c0:c0 + block].T
            ii = np.arange(r0, min(r0 + block, n))[:, None]
            jj = np.arange(c0, min(c0 + block, n))[None, :]
            if metric == "cosine":
                s = g / np.outer(norm[r0:r0 + block], norm[c0:c0 + block])
            elif metric == "dot":
                s = g
            else:
                s = -np.sqrt(np.maximum(sq[r0:r0 + block, None] + sq[None, c0:c0 + block] - 2 * g, 0))
            s = np.where(jj > ii, s, -np.inf)
            flat = np.argmax(s)
            a, b = np.unravel_index(flat, s.shape)
            cand = (s[a, b], -(r0 + a), -(c0 + b))
            if best is None or cand > best:
                best = cand
    sc, a, b = best
    return -a, -b, (-sc if metric == "l2" else sc)


def exact_cosine_ranking_binary(x, top):
    """Method 3 (0/1 matrices only): rank pairs by exact cos^2 = dot^2/(|a||b|) as fractions."""
    xi = x.astype(np.int64)
    cnt = xi.sum(axis=1)
    g = xi @ xi.T
    n = x.shape[0]
    iu, ju = np.triu_indices(n, 1)
    # float pre-filter then exact ordering of the candidates
    approx = g[iu, ju] / np.sqrt(cnt[iu] * cnt[ju]).astype(np.float64)
    cut = np.sort(approx)[::-1][min(top * 50, len(approx) - 1)]
    cand = np.nonzero(approx >= cut - 1e-9)[0]
    keyed = sorted(((-Fraction(int(g[iu[c], ju[c]]) ** 2, int(cnt[iu[c]] * cnt[ju[c]])),
                     int(iu[c]), int(ju[c])) for c in cand))
    return [(i, j, -f) for f, i, j in keyed[:top]]


def fmt(v):
    return float(v)


def oracle(name, x32, ids, rowids_key, notes):
    x64 = x32.astype(np.float64)
    n = x64.shape[0]
    I, J, S = all_pairs_rowloop(x64)
    out = {}
    for m in METRICS:
        top = rank(I, J, S[m], m, 5)
        b0, b1 = top[0], top[1]
        i, j = int(I[b0]), int(J[b0])
        best, second = S[m][b0], S[m][b1]
        ties = int(np.count_nonzero(S[m] == best))
        e = {"a": ids[i], "b": ids[j], "score": fmt(best), "second_score": fmt(second),
             "index_a": i, "index_b": j,
             "gap": fmt(abs(best - second)), "pairs_tied_at_best": ties,
             "second_pair": {"a": ids[int(I[b1])], "b": ids[int(J[b1])],
                             "index_a": int(I[b1]), "index_b": int(J[b1])}}
        if rowids_key:
            e["a_row"], e["b_row"] = str(i), str(j)
        if m == "cosine":
            e["top5"] = [{"a": ids[int(I[t])], "b": ids[int(J[t])], "index_a": int(I[t]),
                          "index_b": int(J[t]), "score": fmt(S[m][t])} for t in top]
        # second method: blocked Gram matrix; must agree on the score, and on the pair
        # unless the two pairs are tied to within rounding (then it is recorded in notes)
        bi, bj, bs = blocked_best(x64, m)
        tol = {"cosine": 1e-12, "dot": 1e-9 * max(1.0, abs(best)), "l2": 1e-6}[m]
        if abs(bs - best) > tol:
            raise SystemExit("oracle mismatch %s %s: blocked (%d,%d,%r) vs row loop (%d,%d,%r)"
                             % (name, m, bi, bj, bs, i, j, best))
        if (bi, bj) != (i, j):
            k = np.nonzero((I == bi) & (J == bj))[0][0]
            if abs(S[m][k] - best) > tol:
                raise SystemExit("oracle mismatch %s %s: blocked pair (%d,%d)" % (name, m, bi, bj))
            notes.append("%s %s: blocked method picked (%d,%d), a rounding-level tie with (%d,%d)"
                         % (name, m, bi, bj, i, j))
        e["cross_checked"] = "row-loop and blocked Gram matrix agree"
        out[m] = e
    info = {"n": n, "d": int(x64.shape[1]), "pairs": n * (n - 1) // 2}
    return out, info, (I, J, S)


def spdx_facts(x, ids, I, J, S):
    # exact-duplicate vector groups
    groups = {}
    for r in range(x.shape[0]):
        groups.setdefault(x[r].tobytes(), []).append(r)
    dup = sorted(g for g in groups.values() if len(g) > 1)
    isdup = np.array([x[i].tobytes() == x[j].tobytes() for i, j in zip(I, J)])
    first_dup = min((g[0], g[1]) for g in dup)
    cos, dot, l2 = S["cosine"], S["dot"], S["l2"]
    facts = {
        "popcount_min_max": [int(x.sum(axis=1).min()), int(x.sum(axis=1).max())],
        "exact_duplicate_groups": len(dup),
        "rows_in_duplicate_groups": sum(len(g) for g in dup),
        "exact_duplicate_pairs": int(isdup.sum()),
        "duplicate_groups": [[ids[r] for r in g] for g in dup],
        "first_duplicate_pair_in_input_order": {"a": ids[first_dup[0]], "b": ids[first_dup[1]],
                                                "index_a": first_dup[0], "index_b": first_dup[1]},
        "float64_cosine_values_of_duplicate_pairs": sorted({float(v) for v in cos[isdup]}),
        "pairs_with_float64_cosine_gt_1": int(np.count_nonzero(cos > 1.0)),
    }
    k = np.lexsort((J[~isdup], I[~isdup], -cos[~isdup]))[0]
    facts["best_non_duplicate_cosine"] = {"a": ids[I[~isdup][k]], "b": ids[J[~isdup][k]],
                                          "index_a": int(I[~isdup][k]), "index_b": int(J[~isdup][k]),
                                          "score": float(cos[~isdup][k])}
    u = np.unique(dot)[::-1][:3]
    facts["dot_top_distinct_values_and_pair_counts"] = [[float(v), int(np.count_nonzero(dot == v))] for v in u]
    u = np.unique(l2)[:3]
    facts["l2_smallest_distinct_values_and_pair_counts"] = [[float(v), int(np.count_nonzero(l2 == v))] for v in u]
    # exact-arithmetic cosine ranking (ties at exactly 1 broken by input order)
    facts["exact_arithmetic_cosine_top5"] = [
        {"a": ids[i], "b": ids[j], "index_a": i, "index_b": j,
         "cosine_squared": "%d/%d" % (f.numerator, f.denominator)}
        for i, j, f in exact_cosine_ranking_binary(x, 5)]
    # how the cosine winner among the exact ties moves with the floating-point formula
    x64 = x.astype(np.float64)
    g = (x64 @ x64.T)[I, J]
    sq = (x64 * x64).sum(axis=1)
    nr = np.sqrt(sq)
    x32 = x.astype(np.float32)
    g32 = (x32 @ x32.T)[I, J]
    n32 = np.sqrt((x32 * x32).sum(axis=1))
    xn32 = (x32 / n32[:, None]).astype(np.float32)
    variants = {
        "float64 dot/(||a||*||b||)  [the reference formula]": g / (nr[I] * nr[J]),
        "float64 dot/sqrt(|a|^2*|b|^2)": g / np.sqrt(sq[I] * sq[J]),
        "float64 dot*(1/||a||)*(1/||b||)": g * (1 / nr[I]) * (1 / nr[J]),
        "float64 (dot/||a||)/||b||": (g / nr[I]) / nr[J],
        "float64 dot of pre-normalised rows (BLAS)": ((x64 / nr[:, None]) @ (x64 / nr[:, None]).T)[I, J],
        "float32 dot/(||a||*||b||)": g32 / (n32[I] * n32[J]),
        "float32 dot of pre-normalised float32 rows (BLAS)": (xn32 @ xn32.T)[I, J],
    }
    out = []
    for name, s in variants.items():
        kk = np.lexsort((J, I, -s))[0]
        out.append({"formula": name, "a": ids[I[kk]], "b": ids[J[kk]], "index_a": int(I[kk]),
                    "index_b": int(J[kk]), "score": float(s[kk]),
                    "pairs_tied_at_best": int(np.count_nonzero(s == s[kk]))})
    facts["cosine_winner_by_float_formula"] = out
    return facts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spdx-tarball", help="path to spdx-license-list-%s.tgz (npm pack)" % SPDX_VERSION)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--oracle-only", action="store_true")
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    P = lambda f: os.path.join(out, f)

    if not args.oracle_only:
        x = planted_gaussian(SEED_384, N_384, D_384, PAIR_384)
        np.save(P("planted-384.npy"), x)
        write_ids(P("planted-384.ids"), ["doc-%04d" % i for i in range(N_384)])
        x = planted_gaussian(SEED_64, N_64, D_64, PAIR_64)
        write_csv(P("planted-64.csv"), ["item-%03d" % i for i in range(N_64)], x)
        if not args.spdx_tarball:
            sys.exit("--spdx-tarball is required (npm pack spdx-license-list@%s)" % SPDX_VERSION)
        x, kept, vocab, dfs, skipped, total = spdx_bow(args.spdx_tarball)
        np.save(P("spdx-bow-1024.npy"), x)
        write_ids(P("spdx-bow-1024.ids"), kept)
        write_ids(P("spdx-bow-1024.vocab"), vocab)
        print("spdx: %d licences, %d kept, skipped (all-zero): %s; DF of last vocab word %r = %d"
              % (total, len(kept), skipped, vocab[-1], dfs[-1]))

    notes = []
    expected = {}
    meta = {"_readme": "keys starting with _ are informational; see README.md",
            "tie_rule": "better score first (higher cosine/dot, smaller l2), then smaller "
                        "(index_a, index_b) in input order; a = earlier row",
            "score_formulas": {"cosine": "dot(a,b)/(sqrt(sum a^2)*sqrt(sum b^2)) in float64",
                               "dot": "sum a*b in float64", "l2": "sqrt(sum (a-b)^2) in float64"}}
    # planted-384.npy
    x = np.load(P("planted-384.npy"))
    assert x.dtype == np.dtype("<f4") and x.flags.c_contiguous and x.shape == (N_384, D_384)
    ids = read_ids(P("planted-384.ids"))
    expected["planted-384.npy"], meta["planted-384.npy"], _ = oracle("planted-384.npy", x, ids, True, notes)
    # planted-64.csv (parsed as text into float64; must equal the float32 values exactly)
    header, ids, x64 = read_csv(P("planted-64.csv"))
    assert header == ["id"] + ["v%d" % k for k in range(D_64)]
    x32 = x64.astype(np.float32)
    assert np.array_equal(x32.astype(np.float64), x64), "CSV values are not float32-exact"
    assert np.array_equal(x32, planted_gaussian(SEED_64, N_64, D_64, PAIR_64))
    expected["planted-64.csv"], meta["planted-64.csv"], _ = oracle("planted-64.csv", x32, ids, False, notes)
    # spdx
    x = np.load(P("spdx-bow-1024.npy"))
    ids = read_ids(P("spdx-bow-1024.ids"))
    assert x.dtype == np.dtype("<f4") and set(np.unique(x)) <= {0.0, 1.0} and x.any(axis=1).all()
    e, info, (I, J, S) = oracle("spdx-bow-1024.npy", x, ids, True, notes)
    info.update(spdx_facts(x, ids, I, J, S))
    expected["spdx-bow-1024.npy"] = e
    meta["spdx-bow-1024.npy"] = info
    meta["oracle_cross_check_notes"] = notes
    expected["_meta"] = meta
    with open(P("expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    for k, v in expected.items():
        if k.startswith("_"):
            continue
        for m in METRICS:
            r = v[m]
            print("%-18s %-6s a=%-14s b=%-14s rows=(%d,%d) score=%.17g second=%.17g ties=%d"
                  % (k, m, r["a"], r["b"], r["index_a"], r["index_b"], r["score"],
                     r["second_score"], r["pairs_tied_at_best"]))
    for s in notes:
        print("NOTE:", s)


if __name__ == "__main__":
    main()
