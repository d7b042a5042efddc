"""The most similar pair (cosine) of an .npy matrix with FAISS's exact flat inner-product index:
unit rows, k = 2 per row (itself and its nearest other), the max over rows. fp32 scores, as
FAISS returns them. Prints one JSON line with work_seconds (after the imports, the read included).

usage: faiss_flat.py FILE.npy [threads]"""
import json, sys, time
import numpy as np
import faiss

def main(path, threads):
    faiss.omp_set_num_threads(threads)
    t = time.perf_counter()
    x = np.load(path).astype(np.float32)
    n, d = x.shape
    faiss.normalize_L2(x)
    index = faiss.IndexFlatIP(d)
    index.add(x)
    dist, idx = index.search(x, 2)
    # a row's own index may come second when a duplicate ties it: take the other one
    other = np.where(idx[:, 0] == np.arange(n), idx[:, 1], idx[:, 0])
    score = np.where(idx[:, 0] == np.arange(n), dist[:, 1], dist[:, 0])
    i = int(np.argmax(score))
    a, b = sorted((i, int(other[i])))
    return {"method": "faiss-flat-ip", "n": n, "d": d, "a": a, "b": b, "score": float(score[i]),
            "work_seconds": time.perf_counter() - t}

print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)))
