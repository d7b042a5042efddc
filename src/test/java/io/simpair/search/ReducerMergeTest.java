package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reducers' merge: any split of the offered pairs, merged in any order, gives the brute force answer. */
class ReducerMergeTest {
  // Floors play no part in offer and merge; units only need to exist.
  private static final ScoreUnits UNITS = new ScoreUnits(Metric.COSINE, false, 1, 0);
  // Few distinct keys, so that many pairs tie and the (a, b) order decides.
  private static final double[] KEYS = {-0.5, 0, 0.25, 0.75, 1};
  private static final int SEEDS = 6;
  private static final int MAX_PARTS = 6;

  /** A scored pair as offered: (a, b), key and score. */
  record P(long a, long b, double key, double score) {}

  /** The ranking every reducer uses: key descending, then a, then b ascending. */
  private static final Comparator<P> ORDER =
      Comparator.comparingDouble((P p) -> -p.key()).thenComparingLong(P::a).thenComparingLong(P::b);

  /** A binary merge tree over partial indices: a leaf, or left.merge(right). */
  record Node(int leaf, Node left, Node right) {
    static Node leaf(int i) {
      return new Node(i, null, null);
    }
  }

  @ParameterizedTest(name = "K = {0}")
  @ValueSource(ints = {1, 3, 10})
  void bestPairsMergedInAnyOrderAreTheTopKByKeyThenAB(int k) {
    for (int seed = 0; seed < SEEDS; seed++) {
      // both shapes of pair set: one input's triangle and an A x B rectangle
      for (boolean mono : new boolean[] {true, false}) {
        List<P> pairs = pairs(seed, mono);
        List<P> expected = pairs.stream().sorted(ORDER).limit(k).toList();
        checkEveryMerge(
            seed,
            pairs,
            () -> new BestPairsReducer(k, UNITS),
            (r, p) -> r.offer(p.a(), p.b(), p.key(), p.score()),
            r -> toP(r.sorted()),
            expected,
            "top " + k + (mono ? " mono" : " bi"));
      }
    }
  }

  @Test
  void thresholdMergedInAnyOrderKeepsExactlyThePairsAtOrPastTheThreshold() {
    for (int seed = 0; seed < SEEDS; seed++) {
      for (double t : new double[] {0.25, 1, 2}) { // 2: no pair qualifies
        List<P> pairs = pairs(seed, seed % 2 == 0);
        List<P> expected = pairs.stream().filter(p -> p.key() >= t).sorted(ORDER).toList();
        checkEveryMerge(
            seed,
            pairs,
            () -> new ThresholdReducer(t, 10_000, UNITS),
            (r, p) -> r.offer(p.a(), p.b(), p.key(), p.score()),
            // the kept list is in offer order, which a merge permutes: compare as a set
            r -> {
              assertEquals(expected.size(), r.count(), "count");
              return r.pairs().stream().map(ReducerMergeTest::toP).sorted(ORDER).toList();
            },
            expected,
            "threshold " + t);
      }
    }
  }

  @Test
  void thresholdOverflowCountsEveryPairAndKeepsMaxKeepPlusOneOfThem() {
    // Too many pairs: whichever are kept, there must be maxKeep + 1 distinct qualifying ones
    // (so the caller sees "too many") and the count must be exact.
    int maxKeep = 5;
    for (int seed = 0; seed < SEEDS; seed++) {
      List<P> pairs = pairs(seed, true);
      Set<P> qualifying = new HashSet<>();
      for (P p : pairs) {
        if (p.key() >= 0) {
          qualifying.add(p);
        }
      }
      assertTrue(qualifying.size() > maxKeep + 1, "the data must overflow");
      for (int parts = 1; parts <= MAX_PARTS; parts++) {
        List<List<P>> shares = split(new Random(seed * 31L + parts), pairs, parts);
        for (Node tree : trees(identity(parts), new Random(seed + 7L * parts), 8)) {
          ThresholdReducer r =
              eval(tree, i -> offerAll(new ThresholdReducer(0, maxKeep, UNITS), shares.get(i)));
          String where = "seed " + seed + ", " + parts + " parts, tree " + show(tree);
          assertEquals(qualifying.size(), r.count(), where);
          List<P> kept = toP(r.pairs());
          assertEquals(maxKeep + 1, kept.size(), where);
          assertEquals(maxKeep + 1, new HashSet<>(kept).size(), "kept twice: " + where);
          assertTrue(qualifying.containsAll(kept), "kept a pair below the threshold: " + where);
        }
      }
    }
  }

  @ParameterizedTest(name = "K = {0}")
  @ValueSource(ints = {1, 4})
  void perRowTopMergedInAnyOrderIsEachRowsKBestOthers(int k) {
    for (int seed = 0; seed < SEEDS; seed++) {
      for (boolean columns : new boolean[] {true, false}) {
        // columns: one input's triangle, each pair (a < b) also a neighbour of b
        List<P> pairs = pairs(seed, columns);
        List<P> offers = new ArrayList<>();
        for (P p : pairs) {
          offers.add(p);
          if (columns) {
            // marked by a negative index: offered through offerColumn as seen from b
            offers.add(new P(-1 - p.b(), p.a(), p.key(), p.score()));
          }
        }
        Map<Long, List<P>> expected = new TreeMap<>();
        for (P p : offers) {
          P seen = p.a() < 0 ? new P(-1 - p.a(), p.b(), p.key(), p.score()) : p;
          expected.computeIfAbsent(seen.a(), x -> new ArrayList<>()).add(seen);
        }
        expected.replaceAll((row, l) -> l.stream().sorted(ORDER).limit(k).toList());
        checkEveryMerge(
            seed,
            offers,
            () -> new PerRowTopReducer(k, columns, UNITS),
            (r, p) -> {
              if (p.a() < 0) {
                r.offerColumn(-1 - p.a(), p.b(), p.key(), p.score());
              } else {
                r.offer(p.a(), p.b(), p.key(), p.score());
              }
            },
            ReducerMergeTest::perRow,
            expected,
            "per-row top " + k + (columns ? " columns" : ""));
      }
    }
  }

  @Test
  void oneReducerOfferedEverythingInAnyOrderGivesTheSameAnswer() {
    for (int seed = 0; seed < SEEDS; seed++) {
      List<P> pairs = new ArrayList<>(pairs(seed, true));
      List<P> top = null;
      List<P> above = null;
      Map<Long, List<P>> rows = null;
      for (int shuffle = 0; shuffle < 10; shuffle++) {
        Collections.shuffle(pairs, new Random(1000L * seed + shuffle));
        BestPairsReducer b = new BestPairsReducer(3, UNITS);
        ThresholdReducer t = new ThresholdReducer(0.75, 10_000, UNITS);
        PerRowTopReducer r = new PerRowTopReducer(2, true, UNITS);
        for (P p : pairs) {
          b.offer(p.a(), p.b(), p.key(), p.score());
          t.offer(p.a(), p.b(), p.key(), p.score());
          r.offer(p.a(), p.b(), p.key(), p.score());
          r.offerColumn(p.b(), p.a(), p.key(), p.score());
        }
        List<P> top1 = toP(b.sorted());
        List<P> above1 = t.pairs().stream().map(ReducerMergeTest::toP).sorted(ORDER).toList();
        Map<Long, List<P>> rows1 = perRow(r);
        if (top == null) {
          top = top1;
          above = above1;
          rows = rows1;
          // and the first shuffle against the brute force, so "the same" is also "right"
          assertEquals(pairs.stream().sorted(ORDER).limit(3).toList(), top);
          assertEquals(pairs.stream().filter(p -> p.key() >= 0.75).sorted(ORDER).toList(), above);
        } else {
          assertEquals(top, top1, "top, shuffle " + shuffle);
          assertEquals(above, above1, "threshold, shuffle " + shuffle);
          assertEquals(rows, rows1, "per row, shuffle " + shuffle);
        }
      }
    }
  }

  /**
   * Splits {@code pairs} into 1..6 partials, merges them in every order and bracketing (all of
   * them up to 4 partials, a sample beyond), each time from fresh partials since merge mutates,
   * and compares the extracted answer to {@code expected}.
   */
  private static <R extends TileReducer<R>, A> void checkEveryMerge(
      int seed,
      List<P> pairs,
      java.util.function.Supplier<R> fresh,
      java.util.function.BiConsumer<R, P> offer,
      Function<R, A> answer,
      A expected,
      String what) {
    for (int parts = 1; parts <= MAX_PARTS; parts++) {
      List<List<P>> shares = split(new Random(seed * 131L + parts), pairs, parts);
      IntFunction<R> leaf =
          i -> {
            R r = fresh.get();
            for (P p : shares.get(i)) {
              offer.accept(r, p);
            }
            return r;
          };
      List<Node> trees = new ArrayList<>();
      if (parts <= 4) {
        for (List<Integer> perm : permutations(identity(parts))) {
          trees.addAll(allTrees(perm));
        }
      } else {
        trees.addAll(trees(identity(parts), new Random(seed * 17L + parts), 40));
      }
      for (Node tree : trees) {
        A got = answer.apply(eval(tree, leaf));
        assertEquals(
            expected, got, what + ", seed " + seed + ", " + parts + " parts, merged as " + show(tree));
      }
    }
  }

  /**
   * Random pairs over 11 rows (the triangle a < b when {@code mono}, else 8 x 9 A x B), about
   * three quarters of them, with keys from {@link #KEYS}.
   */
  private static List<P> pairs(int seed, boolean mono) {
    Random r = new Random(seed);
    List<P> out = new ArrayList<>();
    int na = mono ? 11 : 8;
    int nb = mono ? 11 : 9;
    for (int a = 0; a < na; a++) {
      for (int b = mono ? a + 1 : 0; b < nb; b++) {
        if (r.nextInt(4) != 0) {
          double key = KEYS[r.nextInt(KEYS.length)];
          out.add(new P(a, b, key, 10 * key + 3)); // a score distinct from the key
        }
      }
    }
    return out;
  }

  /** Deals the pairs at random into {@code parts} shares (some may be empty). */
  private static List<List<P>> split(Random r, List<P> pairs, int parts) {
    List<List<P>> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      out.add(new ArrayList<>());
    }
    List<P> shuffled = new ArrayList<>(pairs);
    Collections.shuffle(shuffled, r);
    for (P p : shuffled) {
      out.get(r.nextInt(parts)).add(p);
    }
    return out;
  }

  private static ThresholdReducer offerAll(ThresholdReducer r, List<P> share) {
    for (P p : share) {
      r.offer(p.a(), p.b(), p.key(), p.score());
    }
    return r;
  }

  private static <R extends TileReducer<R>> R eval(Node n, IntFunction<R> leaf) {
    if (n.left() == null) {
      return leaf.apply(n.leaf());
    }
    R left = eval(n.left(), leaf);
    R right = eval(n.right(), leaf);
    return left.merge(right);
  }

  /** Every bracketing of the sequence, e.g. ((0+1)+2) and (0+(1+2)). */
  private static List<Node> allTrees(List<Integer> seq) {
    List<Node> out = new ArrayList<>();
    if (seq.size() == 1) {
      out.add(Node.leaf(seq.get(0)));
      return out;
    }
    for (int cut = 1; cut < seq.size(); cut++) {
      for (Node l : allTrees(seq.subList(0, cut))) {
        for (Node r : allTrees(seq.subList(cut, seq.size()))) {
          out.add(new Node(-1, l, r));
        }
      }
    }
    return out;
  }

  /** {@code count} random trees over random orders of {@code seq}, plus the plain left fold. */
  private static List<Node> trees(List<Integer> seq, Random r, int count) {
    List<Node> out = new ArrayList<>();
    Node fold = Node.leaf(seq.get(0));
    for (int i = 1; i < seq.size(); i++) {
      fold = new Node(-1, fold, Node.leaf(seq.get(i)));
    }
    out.add(fold);
    for (int c = 0; c < count; c++) {
      List<Integer> perm = new ArrayList<>(seq);
      Collections.shuffle(perm, r);
      out.add(randomTree(perm, r));
    }
    return out;
  }

  private static Node randomTree(List<Integer> seq, Random r) {
    if (seq.size() == 1) {
      return Node.leaf(seq.get(0));
    }
    int cut = 1 + r.nextInt(seq.size() - 1);
    return new Node(-1, randomTree(seq.subList(0, cut), r), randomTree(seq.subList(cut, seq.size()), r));
  }

  private static List<List<Integer>> permutations(List<Integer> xs) {
    List<List<Integer>> out = new ArrayList<>();
    if (xs.isEmpty()) {
      out.add(new ArrayList<>());
      return out;
    }
    for (int i = 0; i < xs.size(); i++) {
      List<Integer> rest = new ArrayList<>(xs);
      Integer head = rest.remove(i);
      for (List<Integer> p : permutations(rest)) {
        p.add(0, head);
        out.add(p);
      }
    }
    return out;
  }

  private static List<Integer> identity(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  private static String show(Node n) {
    return n.left() == null ? Integer.toString(n.leaf()) : "(" + show(n.left()) + "+" + show(n.right()) + ")";
  }

  private static P toP(PairCandidate c) {
    return new P(c.a, c.b, c.key, c.score);
  }

  private static List<P> toP(List<PairCandidate> cs) {
    return cs.stream().map(ReducerMergeTest::toP).toList();
  }

  /** Each row's kept pairs, best first, by row. */
  private static Map<Long, List<P>> perRow(PerRowTopReducer r) {
    Map<Long, List<P>> out = new TreeMap<>();
    for (Map.Entry<Long, PairHeap> e : r.heaps().entrySet()) {
      out.put(e.getKey(), toP(e.getValue().sorted()));
    }
    return out;
  }
}
