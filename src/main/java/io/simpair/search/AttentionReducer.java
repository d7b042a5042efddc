package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.HashMap;
import java.util.Map;

/**
 * The attention head's statistics of every row ({@code --attention}): fed by {@link
 * AttentionMaxima} from every pair of every tile, not from the exact re-scores, so it asks for
 * none (floor {@code +Infinity}). Monochromatic, a pair (i, j) of the triangle feeds both rows;
 * bichromatic, A's rows attend over B.
 */
public final class AttentionReducer implements TileReducer<AttentionReducer> {
  private final double[] coef;
  private final double[] betas;
  private final AttentionValues values;
  private final boolean columns;
  private final Map<Long, AttentionStats> stats = new HashMap<>();
  private final Map<String, double[]> valueCache = new HashMap<>();

  /**
   * @param betas the temperatures, in score units (logit = beta * score)
   * @param kernelPerScore kernel units per score unit (cosine 1, dot the rows' scale squared)
   * @param columns a monochromatic search: B's rows are queries too
   */
  public AttentionReducer(double[] betas, double kernelPerScore, AttentionValues values, boolean columns) {
    this.betas = betas.clone();
    this.coef = new double[betas.length];
    for (int b = 0; b < betas.length; b++) {
      coef[b] = betas[b] / kernelPerScore;
    }
    this.values = values;
    this.columns = columns;
  }

  /** Per block of query rows (key: its first global row), its statistics. */
  public Map<Long, AttentionStats> stats() {
    return stats;
  }

  double[] coef() {
    return coef;
  }

  boolean columns() {
    return columns;
  }

  /** The temperatures, in score units. */
  public double[] betas() {
    return betas.clone();
  }

  AttentionStats statsOf(RowBlock block) {
    return stats.computeIfAbsent(block.start, s -> {
      AttentionStats st = new AttentionStats(s, block.rows, coef);
      // a query row's own value is only read as the OV head's self term; A's rows of an A-against-B
      // search have none in a value column (the values are B's, the keys')
      boolean has = values != AttentionValues.COLUMN || block.values != null;
      st.value = has ? java.util.Arrays.copyOf(values.of(block, block.rows), block.rows) : null;
      return st;
    });
  }

  double[] valuesOf(RowBlock block, int length) {
    double[] v = valueCache.computeIfAbsent(block.side + ":" + block.start, k -> values.of(block, length));
    return v.length >= length ? v : values.of(block, length);
  }

  @Override
  public double rowFloor(long row) {
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    return false;
  }

  @Override
  public boolean mayTake(long a, double keyHi) {
    return false;
  }

  @Override
  public AttentionReducer merge(AttentionReducer other) {
    for (Map.Entry<Long, AttentionStats> e : other.stats.entrySet()) {
      AttentionStats mine = stats.get(e.getKey());
      if (mine == null) {
        stats.put(e.getKey(), e.getValue());
      } else {
        mine.merge(e.getValue());
      }
    }
    return this;
  }

  /** Asks for the statistics at temperatures {@code betas} (score units). */
  public record Spec(double[] betas, AttentionValues values, boolean columns) implements TileReducer.Spec {
    @Override
    public AttentionReducer create(ScoreUnits units) {
      return new AttentionReducer(betas, units.toKernel(1.0), values, columns);
    }
  }
}
