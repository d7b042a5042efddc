package io.simpair.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row ranges of a multi-file NPY input, read across file boundaries (no Spark). */
class NpyRowRangesTest {
  private static NpyRowRanges ranges(Path dir, boolean fp32, int... rowsPerFile) throws IOException {
    String[] paths = new String[rowsPerFile.length];
    long[] offsets = new long[rowsPerFile.length];
    long[] rows = new long[rowsPerFile.length];
    int next = 0;
    for (int i = 0; i < rowsPerFile.length; i++) {
      float[][] f = new float[rowsPerFile[i]][2];
      double[][] d = new double[rowsPerFile[i]][2];
      for (int r = 0; r < rowsPerFile[i]; r++, next++) {
        f[r] = new float[] {next, -next};
        d[r] = new double[] {next, -next};
      }
      Path p = dir.resolve("part-" + i + ".npy");
      byte[] bytes = fp32 ? NpyTestFiles.f4(f) : NpyTestFiles.f8(d);
      Files.write(p, bytes);
      paths[i] = p.toUri().toString();
      offsets[i] = NpyHeader.parse(bytes, bytes.length, bytes.length).dataOffset();
      rows[i] = rowsPerFile[i];
    }
    return new NpyRowRanges(paths, offsets, rows, 2, fp32, HadoopConf.toMap(new Configuration()));
  }

  @Test
  void float32RangeAcrossThreeFiles(@TempDir Path dir) throws IOException {
    RowRangeReader r = ranges(dir, true, 3, 1, 4);
    assertEquals(8, r.rows());
    assertEquals(2, r.cols());
    float[] f = new float[5 * 2];
    r.read(2, 5, f, null);
    assertArrayEquals(new float[] {2, -2, 3, -3, 4, -4, 5, -5, 6, -6}, f);
  }

  @Test
  void float64RangeWithinAndAtTheEnd(@TempDir Path dir) throws IOException {
    RowRangeReader r = ranges(dir, false, 2, 3);
    double[] d = new double[2 * 2];
    r.read(3, 2, null, d);
    assertArrayEquals(new double[] {3, -3, 4, -4}, d);
  }

  @Test
  void rangePastTheLastRowFails(@TempDir Path dir) throws IOException {
    RowRangeReader r = ranges(dir, true, 2, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> r.read(3, 2, new float[4], null));
    assertThrows(IndexOutOfBoundsException.class, () -> r.read(-1, 1, new float[2], null));
  }
}
