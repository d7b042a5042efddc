package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.LoadedInput;
import io.simpair.kernel.Metric;

/**
 * The validation pass over all rows, as an associative aggregate: row counts per file, the
 * first two distinct dimensions in input order (the first is the expected one, the second
 * names the first offending row), the first row-level problem in input order, and the largest
 * norm.
 */
public final class RowStats implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public Metric metric;
  public long[] perFile;
  public long count;
  public double maxNorm;
  /** Non-zero values seen (for the planner's sparse-kernel choice). */
  public long nonZeros;

  // first and second distinct dimension, each with its first row
  public int dim0 = -1;
  public int file0;
  public long row0;
  public long line0;
  public int dim1 = -1;
  public int file1;
  public long row1;
  public long line1;
  public String id1;

  // first row in input order with a value other than 0 and 1 (none while nb < 0)
  public int nbPos = -1;
  public double nbValue;
  public int nbFile;
  public long nbRow;
  public long nbLine;

  // first problem in input order
  public String problem;
  public int pFile;
  public long pRow;
  public long pLine;
  public String pId;

  public RowStats() {}

  RowStats(Metric metric, int files) {
    this.metric = metric;
    this.perFile = new long[files];
  }

  RowStats add(InputRow r) {
    count++;
    perFile[r.file]++;
    String p = r.problem != null ? r.problem : checkValues(r);
    if (p != null) {
      setProblem(p, r.file, r.row, r.line, r.id);
      return this;
    }
    dims(r.dim(), r.file, r.row, r.line, r.id);
    if (nbAt >= 0) {
      nonBinary(nbAt, r.get(nbAt), r.file, r.row, r.line);
    }
    return this;
  }

  /** Whether every value seen is 0 or 1 (the exact popcount kernel applies). */
  public boolean binary() {
    return nbPos < 0;
  }

  private void nonBinary(int pos, double value, int file, long row, long line) {
    if (nbPos < 0 || InputRow.compareKeys(file, row, nbFile, nbRow) < 0) {
      nbPos = pos;
      nbValue = value;
      nbFile = file;
      nbRow = row;
      nbLine = line;
    }
  }

  /** Set by {@link #checkValues}: the row's first value other than 0 and 1, or -1. */
  private transient int nbAt;

  private String checkValues(InputRow r) {
    nbAt = -1;
    if (r.f == null && r.d == null) {
      return "null vector";
    }
    int n = r.dim();
    if (n == 0) {
      return "empty vector";
    }
    double sq = 0;
    for (int k = 0; k < n; k++) {
      double x = r.get(k);
      if (!Double.isFinite(x)) {
        return (Double.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf") + " at position " + k;
      }
      if (nbAt < 0 && x != 0 && x != 1) {
        nbAt = k;
      }
      if (x != 0) {
        nonZeros++;
      }
      sq += x * x;
    }
    double norm = Math.sqrt(sq);
    if (!(norm < 1e150)) {
      return "values too large (vector norm " + norm + " would overflow the double-precision re-score)";
    }
    if (metric == Metric.COSINE && norm == 0) {
      return "zero vector (cosine is undefined for it)";
    }
    if (metric == Metric.COSINE && norm < 1e-150) {
      return "vector norm " + norm + " too small for a reliable cosine";
    }
    maxNorm = Math.max(maxNorm, norm);
    return null;
  }

  private void setProblem(String p, int file, long row, long line, String id) {
    if (problem == null || InputRow.compareKeys(file, row, pFile, pRow) < 0) {
      problem = p;
      pFile = file;
      pRow = row;
      pLine = line;
      pId = id;
    }
  }

  private void dims(int dim, int file, long row, long line, String id) {
    if (dim0 < 0) {
      set0(dim, file, row, line);
      return;
    }
    if (dim == dim0) {
      if (InputRow.compareKeys(file, row, file0, row0) < 0) {
        file0 = file;
        row0 = row;
        line0 = line;
      }
      return;
    }
    if (InputRow.compareKeys(file, row, file0, row0) < 0) {
      // the new row is earlier: it fixes the expected dimension; the old first becomes a
      // candidate for the second distinct dimension
      int od = dim0;
      int of = file0;
      long orow = row0;
      long oline = line0;
      set0(dim, file, row, line);
      if (dim1 == dim) {
        dim1 = -1;
      }
      offer1(od, of, orow, oline, null);
    } else {
      offer1(dim, file, row, line, id);
    }
  }

  private void set0(int dim, int file, long row, long line) {
    dim0 = dim;
    file0 = file;
    row0 = row;
    line0 = line;
  }

  private void offer1(int dim, int file, long row, long line, String id) {
    if (dim1 < 0 || InputRow.compareKeys(file, row, file1, row1) < 0) {
      dim1 = dim;
      file1 = file;
      row1 = row;
      line1 = line;
      id1 = id;
    }
  }

  /**
   * Fails with the first problem in input order, if any: a row-level problem or the first row
   * whose dimension differs, whichever comes first; then too few rows.
   *
   * @param minRows 2 for a monochromatic search (a pair needs two), 1 for a bichromatic side
   * @throws InputException naming the file, row and what is wrong
   */
  void check(LoadedInput in, int minRows) {
    String found = null;
    if (problem != null) {
      found = in.describe(pFile, pRow, pLine, pId) + ": " + problem;
    }
    if (dim1 >= 0 && (problem == null || InputRow.compareKeys(file1, row1, pFile, pRow) < 0)) {
      found =
          in.describe(file1, row1, line1, id1)
              + ": dimension mismatch: "
              + dim1
              + " values, expected "
              + dim0
              + " (the dimension of "
              + in.describe(file0, row0, line0, null)
              + ")";
    }
    if (found != null) {
      throw new InputException(found);
    }
    if (count < minRows) {
      throw new InputException(
          in.spec().path()
              + (minRows == 2 ? ": fewer than 2 rows (found " + count + "); a pair needs two" : ": no rows"));
    }
  }

  RowStats merge(RowStats o) {
    count += o.count;
    for (int i = 0; i < perFile.length; i++) {
      perFile[i] += o.perFile[i];
    }
    maxNorm = Math.max(maxNorm, o.maxNorm);
    nonZeros += o.nonZeros;
    if (o.problem != null) {
      setProblem(o.problem, o.pFile, o.pRow, o.pLine, o.pId);
    }
    if (o.nbPos >= 0) {
      nonBinary(o.nbPos, o.nbValue, o.nbFile, o.nbRow, o.nbLine);
    }
    if (o.dim0 >= 0) {
      dims(o.dim0, o.file0, o.row0, o.line0, null);
    }
    if (o.dim1 >= 0) {
      dims(o.dim1, o.file1, o.row1, o.line1, o.id1);
    }
    return this;
  }
}
