package io.simpair.plan;

/**
 * What validation learned of one input side that the plan depends on.
 *
 * @param rows rows the search uses (after {@code --limit})
 * @param dim the vector dimension
 * @param maxNorm the largest row norm (of the whole validated input)
 * @param fp32 every value came from an fp32 source and is kept as float
 * @param notBinary where the first value other than 0 and 1 is, in words ("data/x.npy: row 3
 *     has the value 0.5 at position 7"), or null when every value is 0 or 1
 * @param density the fraction of the validated values that are non-zero (1 when not counted)
 */
public record InputFacts(long rows, int dim, double maxNorm, boolean fp32, String notBinary, double density)
    implements java.io.Serializable {

  /** Facts without a count of the non-zeros (the sparse kernel is then never chosen). */
  public InputFacts(long rows, int dim, double maxNorm, boolean fp32, String notBinary) {
    this(rows, dim, maxNorm, fp32, notBinary, 1);
  }

  /** Bytes of array payload of this side's shipped blocks (original values and norms). */
  public long packedBytes() {
    return rows * dim * (fp32 ? 4L : 8L) + rows * 8L;
  }
}
