package io.simpair.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds {@code .npy} bytes by hand for tests: magic, version, padded header dict, data. */
public final class NpyTestFiles {
  private NpyTestFiles() {}

  /**
   * The header bytes of a version 1.0 (or 2.0/3.0) file: {@code \x93NUMPY}, version, header
   * length, then the dict padded with spaces so the data starts at a multiple of 64, ending in
   * a newline.
   */
  public static byte[] header(int major, String dict) {
    int lenBytes = major == 1 ? 2 : 4;
    int prefix = 6 + 2 + lenBytes;
    StringBuilder sb = new StringBuilder(dict);
    while ((prefix + sb.length() + 1) % 64 != 0) {
      sb.append(' ');
    }
    sb.append('\n');
    byte[] d = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer bb = ByteBuffer.allocate(prefix + d.length).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      bb.putShort((short) d.length);
    } else {
      bb.putInt(d.length);
    }
    bb.put(d);
    return bb.array();
  }

  /** The standard dict numpy writes. */
  public static String dict(String descr, boolean fortran, String shape) {
    return "{'descr': '"
        + descr
        + "', 'fortran_order': "
        + (fortran ? "True" : "False")
        + ", 'shape': "
        + shape
        + ", }";
  }

  /** A complete version 1.0 little-endian float32 file of the given rows. */
  public static byte[] f4(float[][] rows) {
    int cols = rows[0].length;
    ByteBuffer data = ByteBuffer.allocate(rows.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (float x : r) {
        data.putFloat(x);
      }
    }
    return concat(header(1, dict("<f4", false, "(" + rows.length + ", " + cols + ")")), data.array());
  }

  /** A complete version 1.0 little-endian float64 file of the given rows. */
  public static byte[] f8(double[][] rows) {
    int cols = rows[0].length;
    ByteBuffer data = ByteBuffer.allocate(rows.length * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] r : rows) {
      for (double x : r) {
        data.putDouble(x);
      }
    }
    return concat(header(1, dict("<f8", false, "(" + rows.length + ", " + cols + ")")), data.array());
  }

  public static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }
}
