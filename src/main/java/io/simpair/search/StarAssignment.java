package io.simpair.search;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Star grouping in keep order, fed one pair at a time: every document is kept unless it is
 * within the threshold of an already kept document, in which case it joins the group of the
 * most similar such document (ties: the one earlier in keep order). No chains: a removed
 * document is always within the threshold of its group's kept one.
 *
 * <p>Documents are numbered by keep rank {@code 0..n-1}. Pairs must arrive as {@code (later,
 * earlier, key)} with {@code earlier < later}, sorted by {@code later}, then key descending, then
 * {@code earlier}: then when {@code later}'s pairs arrive every earlier document is decided.
 * Memory: one bit per document and 20 bytes per removed document (not per pair).
 */
public final class StarAssignment {
  private final BitSet removed = new BitSet();
  private long current = -1;
  private boolean decided;
  private long[] member = new long[16];
  private long[] keptBy = new long[16];
  private double[] score = new double[16];
  private int size;

  /** Offers the next pair in the order above. */
  public void offer(long later, long earlier, double pairScore) {
    if (earlier >= later || later < current) {
      throw new IllegalArgumentException("pairs out of order: (" + later + ", " + earlier + ") after " + current);
    }
    if (later != current) {
      current = later;
      decided = false;
    }
    if (decided || removed.get(Math.toIntExact(earlier))) {
      return; // already joined a better kept document, or the earlier one is itself removed
    }
    decided = true;
    removed.set(Math.toIntExact(later));
    if (size == member.length) {
      member = Arrays.copyOf(member, size * 2);
      keptBy = Arrays.copyOf(keptBy, size * 2);
      score = Arrays.copyOf(score, size * 2);
    }
    member[size] = later;
    keptBy[size] = earlier;
    score[size] = pairScore;
    size++;
  }

  /** Removed documents so far. */
  public int removedCount() {
    return size;
  }

  /** The removed documents' ranks, in increasing order. */
  public long[] removedRanks() {
    return Arrays.copyOf(member, size);
  }

  /** The kept document each removed one joined (same order as {@link #removedRanks}). */
  public long[] keptRanks() {
    return Arrays.copyOf(keptBy, size);
  }

  /** The score of each removed document with its kept one (same order). */
  public double[] scores() {
    return Arrays.copyOf(score, size);
  }
}
