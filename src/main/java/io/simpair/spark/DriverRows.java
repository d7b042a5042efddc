package io.simpair.spark;

import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.InputSpec;
import io.simpair.io.LoadedInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One input collected on the driver in input order, for the baselines that run there; every row
 * checked (readable, one dimension, finite, not zero) with its place named on failure.
 */
final class DriverRows {
  private DriverRows() {}

  static float[][] load(SparkSession spark, InputSpec spec) {
    LoadedInput in = EmbeddingSource.open(spark, spec);
    List<InputRow> rows = new ArrayList<>(in.rows().collect());
    rows.sort((x, y) -> InputRow.compareKeys(x.file, x.row, y.file, y.row));
    if (rows.isEmpty()) {
      throw new InputException(spec.path() + ": no rows");
    }
    float[][] out = new float[rows.size()][];
    int dim = -1;
    for (int i = 0; i < out.length; i++) {
      InputRow r = rows.get(i);
      String where = in.describe(r.file, r.row, r.line, r.id);
      if (r.problem != null || r.dim() < 1) {
        throw new InputException(where + ": " + (r.problem != null ? r.problem : "no vector"));
      }
      if (dim >= 0 && r.dim() != dim) {
        throw new InputException(where + ": " + r.dim() + " values, the rows before have " + dim);
      }
      dim = r.dim();
      float[] f = new float[dim];
      boolean nonzero = false;
      for (int k = 0; k < dim; k++) {
        double v = r.get(k);
        if (!Double.isFinite(v)) {
          throw new InputException(where + ": value " + k + " is " + v);
        }
        f[k] = (float) v;
        nonzero |= f[k] != 0;
      }
      if (!nonzero) {
        throw new InputException(where + ": a zero vector, whose cosine is undefined");
      }
      out[i] = f;
    }
    return out;
  }
}
