"""A markdown table from bench/peers-e2e.sh's results files: per n, each method's process wall, work
seconds, pairs/s, exactness against the numpy fp64 reference of the same n (same pair; score within
1e-12, or within 4 d 2^-24 for an fp32 peer), and its wall and work ratios to simpair --prune auto.

usage: python3 bench/peers-table.py RESULTS.jsonl [...]"""
import json, sys

for path in sys.argv[1:]:
    rows = [json.loads(l) for l in open(path) if l.startswith("{")]
    print(f"`{path.split('/')[-1]}`: " + open(path).readline().lstrip("# ").strip())
    print()
    print("| n | method | process wall s | work s | pairs/s | best pair (a, b, cosine) | exact vs fp64 | wall / auto | work / auto | notes |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in sorted({r["n"] for r in rows}):
        at = {r["method"]: r for r in rows if r["n"] == n}
        ref, auto = at.get("numpy"), at.get("auto")
        for m, r in at.items():
            if "stopped" in r:
                print(f"| {n} | {m} | {r['wall_seconds']:.1f} | - | - | - | - | - | - | stopped: {r['stopped']} |")
                continue
            pair = f"{r['a']}, {r['b']}, {float(r['score']):.7f}"
            ex = "-"
            if ref and m != "numpy":
                tol = 1e-12 if m in ("auto", "off", "blockmatrix", "dimsum") else 4 * 384 * 2.0 ** -24
                close = abs(float(r["score"]) - ref["score"]) <= tol
                same = (int(r["a"]), int(r["b"])) == (ref["a"], ref["b"])
                ex = "yes" if same and close else ("score only (another pair of the same score: a tie)" if close else "NO")
            elif m == "numpy":
                ex = "reference"
            rw = f"{r['wall_seconds'] / auto['wall_seconds']:.2f}" if auto else "-"
            rk = f"{r['work_seconds'] / auto['work_seconds']:.2f}" if auto else "-"
            note = ""
            if "candidate_pairs" in r:
                note = (f"bucketLength {r['bucketLength']}, {r['numHashTables']} tables, distance < {r['dist_threshold']:.4f} (cosine > {r['cos_threshold']}); "
                        f"{r['candidate_pairs']:,} candidate pairs = {100 * r['candidate_pairs'] / (n * (n - 1) / 2):.2f}% of all")
            print(f"| {n} | {m} | {r['wall_seconds']:.1f} | {r['work_seconds']:.2f} | {r['pairs_per_s']:.3g} | {pair} | {ex} | {rw} | {rk} | {note} |")
    print()
