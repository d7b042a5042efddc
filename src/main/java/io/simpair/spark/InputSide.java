package io.simpair.spark;

import io.simpair.io.InputRow;
import io.simpair.io.LoadedInput;
import io.simpair.plan.InputFacts;
import org.apache.spark.api.java.JavaRDD;

/**
 * One input side after validation: the rows (cached unless they can be read again by range),
 * the search's prefix of them, what validation found, where each file's rows start, and the ids.
 *
 * @param all every row, as validated
 * @param rows the rows the search uses (a prefix under {@code --limit})
 * @param offsets global index of each file's first row
 * @param n rows the search uses
 */
record InputSide(
    LoadedInput in, JavaRDD<InputRow> all, JavaRDD<InputRow> rows, RowStats stats, long[] offsets, long n, IdColumn ids) {

  int dim() {
    return stats.dim0;
  }

  /** What the planner needs to know of this side. */
  InputFacts facts() {
    String notBinary =
        stats.binary()
            ? null
            : in.describe(stats.nbFile, stats.nbRow, stats.nbLine, null)
                + " has the value " + stats.nbValue + " at position " + stats.nbPos;
    double density = stats.count == 0 ? 1 : (double) stats.nonZeros / ((double) stats.count * dim());
    return new InputFacts(n, dim(), stats.maxNorm, in.fp32(), notBinary, density);
  }

  /** Drops what was cached for this side. */
  void release() {
    all.unpersist(false);
    ids.release();
  }
}
