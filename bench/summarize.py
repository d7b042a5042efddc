#!/usr/bin/env python3
"""Summarises a bench/results/<timestamp>/ directory written by run-benchmarks.sh as markdown.

Every number is the median of the JMH measurement iterations (one fork) of the secondary
counter: flops for the fp32 benchmarks (-> GFLOP/s), pairs for the binary one (-> M pairs/s);
brackets give the min-max over the iterations. Ratios are taken within one JMH invocation
(baselines-*) or between back-to-back invocations (threads-1 / threads-2).
"""
import glob
import json
import os
import re
import statistics
import sys


def load(directory):
    rows = []
    for path in sorted(glob.glob(os.path.join(directory, "jdk*-*.json"))):
        m = re.match(r"(jdk[0-9.]+)-(.+)\.json", os.path.basename(path))
        jdk, run = m.group(1), m.group(2)
        with open(path) as f:
            text = f.read().strip()
        if not text:
            continue
        for r in json.loads(text):
            sec = r.get("secondaryMetrics", {})
            metric = "flops" if "flops" in sec else "pairs"
            raw = [x for fork in sec[metric]["rawData"] for x in fork]
            scale = 1e9 if metric == "flops" else 1e6
            vals = [x / scale for x in raw]
            rows.append({
                "jdk": jdk, "run": run, "threads": r["threads"],
                "bench": r["benchmark"].split(".")[-2],
                "params": r.get("params", {}),
                "median": statistics.median(vals), "min": min(vals), "max": max(vals),
            })
    return rows


def pick(rows, jdk, run, bench, **params):
    for r in rows:
        if r["jdk"] == jdk and r["run"] == run and r["bench"] == bench and all(
                r["params"].get(k) == str(v) for k, v in params.items()):
            return r
    return None


def fmt(r):
    if r is None:
        return "n/a"
    return f"{r['median']:.1f} ({r['min']:.0f}-{r['max']:.0f})"


def ratio(x, y):
    if x is None or y is None or y["median"] == 0:
        return "n/a"
    return f"{x['median'] / y['median']:.2f}"


def main(directory):
    rows = load(directory)
    jdks = sorted({r["jdk"] for r in rows}, key=lambda j: float(j[3:]))
    out = []
    for jdk in jdks:
        out.append(f"### {jdk}\n")
        out.append("Same JMH invocation, 1 thread, d = 384, n = 2048, GFLOP/s median (min-max):\n")
        out.append("| OpenBLAS core type | kernel | FMA probe | OpenBLAS sgemm+scan | VectorBLAS sgemm+scan "
                   "| plain loop | kernel/FMA | kernel/OpenBLAS | kernel/VectorBLAS | kernel/plain |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for run, label in (("baselines-default", "default"), ("baselines-skylakex", "SkylakeX")):
            k = pick(rows, jdk, run, "TileKernelBench", impl="vectorized")
            fma = pick(rows, jdk, run, "FmaPeakBench")
            ob = pick(rows, jdk, run, "BaselineBench", blas="openblas")
            vb = pick(rows, jdk, run, "BaselineBench", blas="vectorBlas")
            pl = pick(rows, jdk, run, "TileKernelBench", impl="scalar")
            out.append(f"| {label} | {fmt(k)} | {fmt(fma)} | {fmt(ob)} | {fmt(vb)} | {fmt(pl)} | "
                       f"{ratio(k, fma)} | {ratio(k, ob)} | {ratio(k, vb)} | {ratio(k, pl)} |")
        fmas = [r for r in rows if r["jdk"] == jdk and r["bench"] == "FmaPeakBench" and r["threads"] == 1]
        peak = statistics.median([r["median"] for r in fmas]) if fmas else None
        out.append("")
        if peak:
            out.append(f"Kernel sweep, 1 thread, off-diagonal tile; % of the FMA probe's median over this "
                       f"JDK's 1-thread runs ({peak:.1f} GFLOP/s):\n")
        out.append("| d | n | GFLOP/s | % of FMA probe |")
        out.append("|---|---|---|---|")
        sweep = [r for r in rows if r["jdk"] == jdk and r["run"] in ("kernel-d", "kernel-n")]
        for r in sorted(sweep, key=lambda r: (int(r["params"]["n"]) != 2048, int(r["params"]["d"]),
                                              int(r["params"]["n"]))):
            pct = f"{100 * r['median'] / peak:.0f}%" if peak else "n/a"
            out.append(f"| {r['params']['d']} | {r['params']['n']} | {fmt(r)} | {pct} |")
        out.append("")
        out.append("Threads (back-to-back invocations), d = 384, n = 2048:\n")
        out.append("| benchmark | 1 thread | 2 threads | 2T/1T |")
        out.append("|---|---|---|---|")
        for bench, params in (("TileKernelBench", {"impl": "vectorized"}), ("FmaPeakBench", {})):
            t1 = pick(rows, jdk, "threads-1", bench, **params)
            t2 = pick(rows, jdk, "threads-2", bench, **params)
            out.append(f"| {bench} GFLOP/s | {fmt(t1)} | {fmt(t2)} | {ratio(t2, t1)} |")
        b1 = pick(rows, jdk, "binary-1", "BinaryKernelBench", impl="provider")
        s1 = pick(rows, jdk, "binary-1", "BinaryKernelBench", impl="scalar")
        b2 = pick(rows, jdk, "binary-2", "BinaryKernelBench", impl="provider")
        out.append(f"| BinaryKernelBench provider, M pairs/s | {fmt(b1)} | {fmt(b2)} | {ratio(b2, b1)} |")
        o1 = pick(rows, jdk, "binary-1", "BinaryKernelBench", impl="old4x4")
        out.append(f"| BinaryKernelBench scalar Long.bitCount, M pairs/s | {fmt(s1)} | | |")
        if o1 is not None:
            out.append(f"| BinaryKernelBench old4x4 (previous kernel, same run), M pairs/s | {fmt(o1)} | | |")
            out.append(f"| provider / old4x4, same run | {ratio(b1, o1)} | | |")
        out.append("")
    c_ref = os.path.join(directory, "c-binary.txt")
    if os.path.exists(c_ref):
        out.append("C reference (bench/c/binary_popcount.c, 1 thread, same task):\n")
        with open(c_ref) as f:
            out.extend("    " + line.rstrip() for line in f if line.strip())
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
