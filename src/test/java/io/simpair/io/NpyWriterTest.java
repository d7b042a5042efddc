package io.simpair.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NpyWriter on the local file system (no Spark): the exact bytes, and the row count check. */
class NpyWriterTest {
  @TempDir java.nio.file.Path dir;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private Path path(String name) {
    return new Path(dir.resolve(name).toUri());
  }

  private byte[] write(String name, float[][] rows, int cols) throws IOException {
    try (NpyWriter w = NpyWriter.create(fs(), path(name), rows.length, cols)) {
      for (float[] r : rows) {
        w.writeRow(r);
      }
    }
    return Files.readAllBytes(dir.resolve(name));
  }

  @Test
  void headerAndValuesToTheByte() throws IOException {
    float[][] rows = {
      {1.5f, -0f, Float.MIN_VALUE},
      {Float.MAX_VALUE, Float.NEGATIVE_INFINITY, -2.25f},
    };
    byte[] file = write("x.npy", rows, 3);
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    assertArrayEquals(magic, Arrays.copyOf(file, 8));
    int headerLen = (file[8] & 0xff) | (file[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLen) % 64, "data starts at a multiple of 64");
    String header = new String(file, 10, headerLen, StandardCharsets.ISO_8859_1);
    assertEquals(dict + " ".repeat(headerLen - dict.length() - 1) + "\n", header);
    ByteBuffer data = ByteBuffer.wrap(file, 10 + headerLen, 6 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (float v : r) {
        assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(data.getFloat()));
      }
    }
    assertEquals(10 + headerLen + 6 * 4, file.length, "nothing after the data");
    assertArrayEquals(NpyTestFiles.f4(rows), file);
  }

  @ParameterizedTest(name = "({0}, {1})")
  @CsvSource({"1, 1", "3, 7", "1000, 384", "123456789, 65536"})
  void headerParsesBackForManyShapes(long rows, int cols) throws IOException {
    // only the header is written; the row count check is the next test's subject
    NpyWriter w = NpyWriter.create(fs(), path("h.npy"), rows, cols);
    assertThrows(IllegalStateException.class, w::close);
    byte[] file = Files.readAllBytes(dir.resolve("h.npy"));
    assertEquals(0, file.length % 64);
    byte[] expected = NpyTestFiles.header(1, NpyTestFiles.dict("<f4", false, "(" + rows + ", " + cols + ")"));
    assertArrayEquals(expected, file);
    NpyHeader h = NpyHeader.parse(file, file.length, file.length + rows * cols * 4);
    assertEquals(rows, h.rows());
    assertEquals(cols, h.cols());
    assertTrue(h.fp32());
  }

  @Test
  void zeroRowsIsAHeaderOnly() throws IOException {
    byte[] file = write("empty.npy", new float[0][], 4);
    NpyHeader h = NpyHeader.parse(file, file.length, file.length);
    assertEquals(0, h.rows());
    assertEquals(4, h.cols());
    assertEquals(file.length, h.dataOffset());
  }

  @Test
  void closeFailsWhenRowsAreMissing() throws IOException {
    NpyWriter w = NpyWriter.create(fs(), path("short.npy"), 3, 2);
    w.writeRow(new float[] {1, 2});
    w.writeRow(new float[] {3, 4});
    String m = assertThrows(IllegalStateException.class, w::close).getMessage();
    assertTrue(m.contains("short.npy") && m.contains("2 rows written") && m.contains("says 3"), m);
    w.close(); // closed already: nothing more to say
  }

  @Test
  void anExtraRowIsRefused() throws IOException {
    try (NpyWriter w = NpyWriter.create(fs(), path("long.npy"), 1, 2)) {
      w.writeRow(new float[] {1, 2});
      String m = assertThrows(IllegalStateException.class, () -> w.writeRow(new float[] {3, 4})).getMessage();
      assertTrue(m.contains("all 1 rows are written"), m);
    }
    assertEquals(NpyTestFiles.f4(new float[][] {{1, 2}}).length, Files.size(dir.resolve("long.npy")));
  }

  @Test
  void aRowOfTheWrongLengthIsRefused() throws IOException {
    try (NpyWriter w = NpyWriter.create(fs(), path("wide.npy"), 1, 2)) {
      String m = assertThrows(IllegalArgumentException.class, () -> w.writeRow(new float[3])).getMessage();
      assertTrue(m.contains("3 values") && m.contains("2 columns"), m);
      w.writeRow(new float[2]);
    }
  }

  @Test
  void badShapesAndExistingFilesAreRefused() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.create(fs(), path("a.npy"), -1, 2));
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.create(fs(), path("a.npy"), 1, 0));
    Files.writeString(dir.resolve("taken.npy"), "keep");
    assertThrows(IOException.class, () -> NpyWriter.create(fs(), path("taken.npy"), 1, 1));
    assertEquals("keep", Files.readString(dir.resolve("taken.npy")));
  }
}
