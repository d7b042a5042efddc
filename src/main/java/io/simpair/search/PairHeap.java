package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded heap of the K best pairs (exact key descending, then a, then b ascending; see {@link
 * PairCandidate#worse}); the root is the worst kept pair, so {@link #floorKey()} is the rounded
 * key a pair must reach to enter. A pair may be offered with its key only bounded ({@link
 * BoundedKey}): comparisons that the bounds decide need no exact value, and {@link
 * #resolvePending} computes the rest before the heap leaves its tile. Pure Java.
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
  /** Per slot, the pair's bounded key while its exact key is not computed yet, else null. */
  private transient BoundedKey[] pending;
  private transient int pendingCount;

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

  /**
   * The key of the worst kept pair when full, else -Infinity; while that pair's exact key is
   * pending, the lower end of its bounds (still at most its exact key).
   */
  public double floorKey() {
    if (size < k) {
      return Double.NEGATIVE_INFINITY;
    }
    BoundedKey p = pendingAt(0);
    return p == null ? key[0] : p.lo;
  }

  /** Whether some kept pair's exact key is not computed yet. */
  public boolean hasPending() {
    return pendingCount > 0;
  }

  private BoundedKey pendingAt(int i) {
    return pending == null ? null : pending[i];
  }

  private boolean worseAt(int i, int j) {
    BoundedKey pi = pendingAt(i);
    BoundedKey pj = pendingAt(j);
    if (pi != null || pj != null) {
      int c = BoundedKey.order(pi, key[i], pj, key[j]);
      if (c != 0) {
        return c < 0;
      }
      resolve(i);
      resolve(j);
    }
    return PairCandidate.worse(key[i], exact[i], a[i], b[i], key[j], exact[j], a[j], b[j]);
  }

  /** Slot i's exact key, computed if pending. */
  private void resolve(int i) {
    BoundedKey p = pendingAt(i);
    if (p != null) {
      key[i] = p.key();
      score[i] = p.score();
      exact[i] = p.exact();
      pending[i] = null;
      pendingCount--;
    }
  }

  /**
   * Computes every pending exact key. The heap's order stays valid: every comparison made on
   * bounds was a correct decision of the exact order.
   */
  public void resolvePending() {
    for (int i = 0; pendingCount > 0 && i < size; i++) {
      resolve(i);
    }
  }

  /**
   * Offers a pair whose exact key is only bounded so far; returns true when it was kept. Its
   * exact key is computed now only when its bounds overlap those of a pair it is compared with.
   */
  public boolean offer(long pa, long pb, BoundedKey p) {
    if (size < k) {
      grow();
      setPending(size, pa, pb, p);
      siftUp(size++);
      return true;
    }
    int c = BoundedKey.order(pendingAt(0), key[0], p, 0);
    if (c > 0) {
      return false; // certainly better than the new pair
    }
    if (c == 0) {
      resolve(0);
      if (!PairCandidate.worse(key[0], exact[0], a[0], b[0], p.key(), p.exact(), pa, pb)) {
        return false;
      }
    }
    setPending(0, pa, pb, p); // the evicted pair's exact key is never needed
    siftDown(0);
    return true;
  }

  private void setPending(int i, long pa, long pb, BoundedKey p) {
    if (p.resolved()) {
      set(i, pa, pb, p.key(), p.score(), p.exact());
      return;
    }
    set(i, pa, pb, p.lo, Double.NaN, null);
    if (pending == null) {
      pending = new BoundedKey[a.length];
    }
    pending[i] = p;
    pendingCount++;
  }

  private void grow() {
    if (size == a.length) {
      int cap = (int) Math.min(k, 2L * a.length);
      a = Arrays.copyOf(a, cap);
      b = Arrays.copyOf(b, cap);
      key = Arrays.copyOf(key, cap);
      score = Arrays.copyOf(score, cap);
      exact = Arrays.copyOf(exact, cap);
      if (pending != null) {
        pending = Arrays.copyOf(pending, cap);
      }
    }
  }

  /** Offers a pair whose key is exact as a double; returns true when it was kept. */
  public boolean offer(long pa, long pb, double pkey, double pscore) {
    return offer(pa, pb, pkey, pscore, null);
  }

  /** Offers a pair with its exact key (null: {@code pkey} is exact); returns true when kept. */
  public boolean offer(long pa, long pb, double pkey, double pscore, ExactValue pexact) {
    if (size < k) {
      grow();
      set(size, pa, pb, pkey, pscore, pexact);
      siftUp(size++);
      return true;
    }
    int c = pendingAt(0) == null ? 0 : BoundedKey.order(pendingAt(0), key[0], null, pkey);
    if (c > 0) {
      return false;
    }
    if (c == 0) {
      resolve(0);
      if (!PairCandidate.worse(key[0], exact[0], a[0], b[0], pkey, pexact, pa, pb)) {
        return false; // not better than the worst kept pair
      }
    }
    set(0, pa, pb, pkey, pscore, pexact);
    siftDown(0);
    return true;
  }

  /** Adds every pair of another heap. */
  public PairHeap merge(PairHeap o) {
    o.requireResolved();
    for (int i = 0; i < o.size; i++) {
      offer(o.a[i], o.b[i], o.key[i], o.score[i], o.exact[i]);
    }
    return this;
  }

  /** The kept pairs, best first. */
  public List<PairCandidate> sorted() {
    requireResolved();
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

  private void requireResolved() {
    if (pendingCount > 0) {
      throw new IllegalStateException(pendingCount + " kept pairs have no exact key yet");
    }
  }

  private void set(int i, long pa, long pb, double pkey, double pscore, ExactValue pexact) {
    a[i] = pa;
    b[i] = pb;
    key[i] = pkey;
    score[i] = pscore;
    exact[i] = pexact;
    if (pending != null && pending[i] != null) {
      pending[i] = null;
      pendingCount--;
    }
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
    if (pending != null) {
      BoundedKey p = pending[i];
      pending[i] = pending[j];
      pending[j] = p;
    }
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
