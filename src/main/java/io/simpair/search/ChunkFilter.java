package io.simpair.search;

import io.simpair.kernel.TileScorer;

/**
 * Per candidate row and per chunk of {@link #CHUNK} key rows, the fp32 maximum (by the tile
 * kernel), so that a candidate row is re-scored one pair at a time only in the chunks that can
 * reach its floor. The maxima ignore the diagonal's j > i rule: a superset, which is all a
 * filter needs.
 */
final class ChunkFilter {
  /** Candidate rows at least this many per tile are filtered by chunk maxima first. */
  static final int BATCH = 8;
  /** Key rows per chunk. */
  static final int CHUNK = 128;

  private final TileScorer scorer;
  private final int dim;
  private float[] gather = new float[0];
  private float[] gatherBias = new float[0];
  private float[] gatherMax = new float[0];
  private float[] chunkMax = new float[0];
  private final float[] keyBuf;
  private final float[] keyBiasBuf = new float[CHUNK];
  private int chunks;
  private boolean active;

  ChunkFilter(TileScorer scorer, int dim) {
    this.scorer = scorer;
    this.dim = dim;
    this.keyBuf = new float[CHUNK * dim];
  }

  /**
   * Computes the maxima of rows {@code idx[0..q)} of {@code rows} against chunks of {@code
   * keys}, or turns the filter off when there are fewer than {@link #BATCH} candidates (one
   * pass over the pairs is then cheaper). Arrays not modified.
   */
  void compute(float[] rows, float[] rowBias, int[] idx, int q, float[] keys, float[] keyBias, int nKeys) {
    active = q >= BATCH;
    if (!active) {
      return;
    }
    chunks = (nKeys + CHUNK - 1) / CHUNK;
    if (gather.length < q * dim) {
      gather = new float[q * dim];
      gatherBias = new float[q];
      gatherMax = new float[q];
    }
    for (int t = 0; t < q; t++) {
      System.arraycopy(rows, idx[t] * dim, gather, t * dim, dim);
      gatherBias[t] = rowBias == null ? 0f : rowBias[idx[t]];
    }
    if (chunkMax.length < q * chunks) {
      chunkMax = new float[q * chunks];
    }
    for (int c = 0; c < chunks; c++) {
      int from = c * CHUNK;
      int cn = Math.min(CHUNK, nKeys - from);
      System.arraycopy(keys, from * dim, keyBuf, 0, cn * dim);
      if (keyBias != null) {
        System.arraycopy(keyBias, from, keyBiasBuf, 0, cn);
      }
      scorer.maxScores(
          gather, rowBias == null ? null : gatherBias, q, keyBuf, keyBias == null ? null : keyBiasBuf,
          cn, false, gatherMax, null);
      for (int t = 0; t < q; t++) {
        chunkMax[t * chunks + c] = gatherMax[t];
      }
    }
  }

  /** False when no pair of candidate {@code t} in the chunk holding key row {@code key} reaches {@code floor}. */
  boolean mayReach(int t, int key, double floor) {
    return !active || chunkMax[t * chunks + key / CHUNK] >= floor;
  }
}
