package io.simpair.io;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0): magic, version,
 * header length, then a Python dict literal such as {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (1000, 384), }}. simpair reads 2-D C-order little-endian float32 or float64
 * matrices only.
 */
public record NpyHeader(int dataOffset, boolean fp32, long rows, int cols) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Bytes per element. */
  public int itemSize() {
    return fp32 ? 4 : 8;
  }

  /** Number of bytes the header needs at most before it can be parsed. */
  public static final int MAX_PREFIX = 65536 + 12;

  /**
   * Parses the header from the first bytes of a file.
   *
   * @param prefix the first {@code min(fileLength, MAX_PREFIX)} bytes
   * @param fileLength the file's length, to check that the data is complete
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static NpyHeader parse(byte[] prefix, int prefixLength, long fileLength) {
    if (fileLength == 0) {
      throw new IllegalArgumentException("empty file");
    }
    if (prefixLength < 10) {
      throw new IllegalArgumentException("not an NPY file (" + fileLength + " bytes, too short)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix[i] != MAGIC[i]) {
        throw new IllegalArgumentException("not an NPY file (missing the \\x93NUMPY magic)");
      }
    }
    int major = prefix[6] & 0xff;
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (prefixLength < 12) {
        throw new IllegalArgumentException("malformed NPY header (truncated)");
      }
      long len =
          (prefix[8] & 0xffL)
              | (prefix[9] & 0xffL) << 8
              | (prefix[10] & 0xffL) << 16
              | (prefix[11] & 0xffL) << 24;
      if (len > 65536) {
        throw new IllegalArgumentException("malformed NPY header (header length " + len + ")");
      }
      headerLen = (int) len;
      start = 12;
    } else {
      throw new IllegalArgumentException("unsupported NPY format version " + major);
    }
    if (start + headerLen > prefixLength) {
      throw new IllegalArgumentException(
          "malformed NPY header (says " + headerLen + " header bytes, file is shorter)");
    }
    String dict =
        new String(
            prefix, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(dict);
    Matcher fortran = FORTRAN.matcher(dict);
    Matcher shape = SHAPE.matcher(dict);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IllegalArgumentException(
          "malformed NPY header (need 'descr', 'fortran_order' and 'shape'): " + dict.trim());
    }
    String dtype = descr.group(1);
    boolean fp32;
    if (dtype.equals("<f4")) {
      fp32 = true;
    } else if (dtype.equals("<f8")) {
      fp32 = false;
    } else {
      throw new IllegalArgumentException(
          "unsupported NPY dtype '" + dtype + "' (need little-endian float32 '<f4' or float64 '<f8')");
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(
          "NPY matrix is in Fortran order; save a C-order array (np.ascontiguousarray)");
    }
    String[] dims = shape.group(1).split(",");
    long[] sh = new long[2];
    int count = 0;
    for (String s : dims) {
      String t = s.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (count == 2) {
        count++;
        break;
      }
      try {
        sh[count++] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed NPY header (shape '" + shape.group(1) + "')");
      }
    }
    if (count != 2) {
      throw new IllegalArgumentException(
          "NPY array must be 2-D (rows, dimension), shape is (" + shape.group(1).trim() + ")");
    }
    if (sh[1] < 1 || sh[1] > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("NPY dimension " + sh[1] + " is out of range");
    }
    if (sh[0] < 0) {
      throw new IllegalArgumentException("NPY row count " + sh[0] + " is negative");
    }
    int dataOffset = start + headerLen;
    long need;
    try {
      need = Math.addExact(dataOffset, Math.multiplyExact(Math.multiplyExact(sh[0], sh[1]), fp32 ? 4L : 8L));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "NPY shape (" + sh[0] + ", " + sh[1] + ") is too large (more than 2^63 bytes)");
    }
    if (fileLength != need) {
      throw new IllegalArgumentException(
          "NPY data is "
              + (fileLength - dataOffset)
              + " bytes but shape ("
              + sh[0]
              + ", "
              + sh[1]
              + ") of "
              + dtype
              + " needs "
              + (need - dataOffset)
              + (fileLength < need ? " (truncated file)" : " (trailing bytes)"));
    }
    return new NpyHeader(dataOffset, fp32, sh[0], (int) sh[1]);
  }
}
