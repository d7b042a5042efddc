package io.simpair.search;

/** What each key row contributes to the attention output ({@code --attention-values}). */
public enum AttentionValues {
  /** 1 for every row: the output is the softmax's total weight, 1. */
  ONES,
  /** The row's L1 norm (for 0/1 rows, its count of ones: the paper's all-ones V). */
  NORM1,
  /** A numeric column of the input, read with the rows into {@link RowBlock#values}. */
  COLUMN;

  /** The values of a block's rows, padded with zeros to {@code length}. */
  double[] of(RowBlock block, int length) {
    double[] v = new double[Math.max(length, block.rows)];
    if (this == COLUMN) {
      if (block.values == null) {
        throw new IllegalStateException("block " + block.block + " of side " + block.side + " has no value column");
      }
      System.arraycopy(block.values, 0, v, 0, block.rows);
      return v;
    }
    for (int i = 0; i < block.rows; i++) {
      v[i] = this == ONES ? 1 : norm1(block, i);
    }
    return v;
  }

  private static double norm1(RowBlock b, int i) {
    double s = 0;
    for (int k = 0; k < b.dim; k++) {
      s += Math.abs(b.exactF != null ? (double) b.exactF[i * b.dim + k] : b.exactD[i * b.dim + k]);
    }
    return s;
  }
}
