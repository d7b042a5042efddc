package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded heap of the K best pairs (exact key descending, then a, then b ascending; see {@link
 * PairCandidate#worse}); the root is the worst kept pair, so {@link #floorKey()} is the rounded
 * key a pair must reach to enter. Pure Java.
 */
public final class PairHeap implements java.io.Serializable {
  private static final long serialVersionUID = 2L;
  private int k;
  private int size;
  private long[] a;
  private long[] b;
  private double[] key;
  private double[] score;
  private ExactValue[] exact;

  public PairHeap() {}

  public PairHeap(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    this.k = k;
    int cap = Math.min(k, 16);
    a = new long[cap];
    b = new long[cap];
    key = new double[cap];
    score = new double[cap];
    exact = new ExactValue[cap];
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return k;
  }

  public boolean full() {
    return size == k;
  }

  /** The key of the worst kept pair when full, else -Infinity. */
  public double floorKey() {
    return size == k ? key[0] : Double.NEGATIVE_INFINITY;
  }

  private boolean worseAt(int i, int j) {
    return PairCandidate.worse(key[i], exact[i], a[i], b[i], key[j], exact[j], a[j], b[j]);
  }

  /** Offers a pair whose key is exact as a double; returns true when it was kept. */
  public boolean offer(long pa, long pb, double pkey, double pscore) {
    return offer(pa, pb, pkey, pscore, null);
  }

  /** Offers a pair with its exact key (null: {@code pkey} is exact); returns true when kept. */
  public boolean offer(long pa, long pb, double pkey, double pscore, ExactValue pexact) {
    if (size < k) {
      if (size == a.length) {
        int cap = (int) Math.min(k, 2L * a.length);
        a = Arrays.copyOf(a, cap);
        b = Arrays.copyOf(b, cap);
        key = Arrays.copyOf(key, cap);
        score = Arrays.copyOf(score, cap);
        exact = Arrays.copyOf(exact, cap);
      }
      set(size, pa, pb, pkey, pscore, pexact);
      siftUp(size++);
      return true;
    }
    if (!PairCandidate.worse(key[0], exact[0], a[0], b[0], pkey, pexact, pa, pb)) {
      return false; // not better than the worst kept pair
    }
    set(0, pa, pb, pkey, pscore, pexact);
    siftDown(0);
    return true;
  }

  /** Adds every pair of another heap. */
  public PairHeap merge(PairHeap o) {
    for (int i = 0; i < o.size; i++) {
      offer(o.a[i], o.b[i], o.key[i], o.score[i], o.exact[i]);
    }
    return this;
  }

  /** The kept pairs, best first. */
  public List<PairCandidate> sorted() {
    List<PairCandidate> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new PairCandidate(a[i], b[i], score[i], key[i], exact[i]));
    }
    out.sort(
        (x, y) ->
            PairCandidate.worse(x.key, x.exact, x.a, x.b, y.key, y.exact, y.a, y.b)
                ? 1
                : PairCandidate.worse(y.key, y.exact, y.a, y.b, x.key, x.exact, x.a, x.b) ? -1 : 0);
    return out;
  }

  private void set(int i, long pa, long pb, double pkey, double pscore, ExactValue pexact) {
    a[i] = pa;
    b[i] = pb;
    key[i] = pkey;
    score[i] = pscore;
    exact[i] = pexact;
  }

  private void swap(int i, int j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
    t = b[i];
    b[i] = b[j];
    b[j] = t;
    double u = key[i];
    key[i] = key[j];
    key[j] = u;
    u = score[i];
    score[i] = score[j];
    score[j] = u;
    ExactValue x = exact[i];
    exact[i] = exact[j];
    exact[j] = x;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int p = (i - 1) / 2;
      if (!worseAt(i, p)) {
        return;
      }
      swap(i, p);
      i = p;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int w = l;
      if (l + 1 < size && worseAt(l + 1, l)) {
        w = l + 1;
      }
      if (!worseAt(w, i)) {
        return;
      }
      swap(i, w);
      i = w;
    }
  }
}
