package io.simpair.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes NPY files (format 1.0, C order, little-endian) for tests. */
public final class Npy {
  private Npy() {}

  public static void writeF32(Path file, float[][] rows) throws IOException {
    int d = rows.length == 0 ? 0 : rows[0].length;
    ByteBuffer data = ByteBuffer.allocate(rows.length * d * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (float v : r) {
        data.putFloat(v);
      }
    }
    write(file, "<f4", rows.length, d, data.array());
  }

  public static void writeF64(Path file, double[][] rows) throws IOException {
    int d = rows.length == 0 ? 0 : rows[0].length;
    ByteBuffer data = ByteBuffer.allocate(rows.length * d * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] r : rows) {
      for (double v : r) {
        data.putDouble(v);
      }
    }
    write(file, "<f8", rows.length, d, data.array());
  }

  public static void write(Path file, String descr, long n, int d, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    int len = 10 + dict.length() + 1;
    int pad = (64 - len % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(data);
    Files.write(file, b.array());
  }
}
