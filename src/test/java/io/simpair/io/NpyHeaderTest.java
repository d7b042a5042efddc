package io.simpair.io;

import static io.simpair.io.NpyTestFiles.concat;
import static io.simpair.io.NpyTestFiles.dict;
import static io.simpair.io.NpyTestFiles.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {

  /** Parses a whole file given as bytes, the way NpyReader hands the prefix over. */
  private static NpyHeader parse(byte[] file) {
    byte[] prefix = Arrays.copyOf(file, (int) Math.min(file.length, NpyHeader.MAX_PREFIX));
    return NpyHeader.parse(prefix, prefix.length, file.length);
  }

  private static String fails(byte[] file) {
    return assertThrows(IllegalArgumentException.class, () -> parse(file)).getMessage();
  }

  private static byte[] file(int major, String descr, boolean fortran, String shape, int dataBytes) {
    return concat(header(major, dict(descr, fortran, shape)), new byte[dataBytes]);
  }

  @Test
  void version1Float32() {
    byte[] h = header(1, dict("<f4", false, "(3, 4)"));
    assertEquals(0, h.length % 64, "test helper pads the header to 64 bytes");
    NpyHeader p = parse(concat(h, new byte[3 * 4 * 4]));
    assertEquals(h.length, p.dataOffset());
    assertTrue(p.fp32());
    assertEquals(4, p.itemSize());
    assertEquals(3, p.rows());
    assertEquals(4, p.cols());
  }

  @Test
  void version2Float64WithTrailingCommaInShape() {
    byte[] h = header(2, dict("<f8", false, "(3,4,)"));
    NpyHeader p = parse(concat(h, new byte[3 * 4 * 8]));
    assertEquals(h.length, p.dataOffset());
    assertFalse(p.fp32());
    assertEquals(8, p.itemSize());
    assertEquals(3, p.rows());
    assertEquals(4, p.cols());
  }

  @Test
  void version3AndPython2LongSuffix() {
    byte[] h = header(3, dict("<f4", false, "(2L, 5L)"));
    NpyHeader p = parse(concat(h, new byte[2 * 5 * 4]));
    assertEquals(h.length, p.dataOffset());
    assertEquals(2, p.rows());
    assertEquals(5, p.cols());
  }

  @Test
  void keysInAnyOrder() {
    byte[] h = header(1, "{'shape': (7, 2), 'fortran_order': False, 'descr': '<f8', }");
    NpyHeader p = parse(concat(h, new byte[7 * 2 * 8]));
    assertEquals(7, p.rows());
    assertEquals(2, p.cols());
    assertFalse(p.fp32());
  }

  @Test
  void zeroRowsIsAValidHeader() {
    NpyHeader p = parse(file(1, "<f4", false, "(0, 4)", 0));
    assertEquals(0, p.rows());
    assertEquals(4, p.cols());
  }

  @Test
  void fortranOrderRejected() {
    String m = fails(file(1, "<f4", true, "(3, 4)", 48));
    assertTrue(m.contains("Fortran order"), m);
  }

  @Test
  void oneDimensionalShapeRejected() {
    String m = fails(file(1, "<f4", false, "(5,)", 20));
    assertTrue(m.contains("must be 2-D") && m.contains("(5,)"), m);
  }

  @Test
  void threeDimensionalShapeRejected() {
    String m = fails(file(1, "<f4", false, "(2, 3, 4)", 2 * 3 * 4 * 4));
    assertTrue(m.contains("must be 2-D") && m.contains("2, 3, 4"), m);
  }

  @Test
  void scalarShapeRejected() {
    String m = fails(file(1, "<f4", false, "()", 4));
    assertTrue(m.contains("must be 2-D"), m);
  }

  @Test
  void zeroDimensionRejected() {
    String m = fails(file(1, "<f4", false, "(3, 0)", 0));
    assertTrue(m.contains("dimension 0"), m);
  }

  @Test
  void nonNumericShapeRejected() {
    String m = fails(file(1, "<f4", false, "(n, 4)", 0));
    assertTrue(m.contains("malformed NPY header") && m.contains("shape"), m);
  }

  @Test
  void bigEndianAndIntegerDtypesRejected() {
    String m = fails(file(1, ">f4", false, "(3, 4)", 48));
    assertTrue(m.contains("unsupported NPY dtype '>f4'"), m);
    m = fails(file(1, "<i4", false, "(3, 4)", 48));
    assertTrue(m.contains("unsupported NPY dtype '<i4'"), m);
  }

  @Test
  void trailingBytesRejected() {
    String m = fails(file(1, "<f4", false, "(3, 4)", 48 + 3));
    assertTrue(m.contains("trailing bytes") && m.contains("51 bytes") && m.contains("needs 48"), m);
  }

  @Test
  void truncatedDataRejected() {
    String m = fails(file(1, "<f8", false, "(3, 4)", 95));
    assertTrue(m.contains("truncated file") && m.contains("95 bytes") && m.contains("needs 96"), m);
  }

  @Test
  void truncatedHeaderRejected() {
    byte[] h = header(1, dict("<f4", false, "(3, 4)"));
    String m = fails(Arrays.copyOf(h, 40));
    assertTrue(m.contains("malformed NPY header") && m.contains("shorter"), m);
    // version 2 needs 12 bytes before the dict
    m = fails(Arrays.copyOf(header(2, dict("<f4", false, "(3, 4)")), 11));
    assertTrue(m.contains("malformed NPY header (truncated)"), m);
  }

  @Test
  void tooShortFileRejected() {
    String m = fails(new byte[] {(byte) 0x93, 'N', 'U', 'M'});
    assertTrue(m.contains("not an NPY file") && m.contains("4 bytes"), m);
  }

  @Test
  void badMagicRejected() {
    byte[] f = file(1, "<f4", false, "(3, 4)", 48);
    f[1] = 'n';
    String m = fails(f);
    assertTrue(m.contains("not an NPY file") && m.contains("magic"), m);
    m = fails("id,x,y\na,1,2\nb,3,4\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(m.contains("magic"), m);
  }

  @Test
  void unsupportedVersionRejected() {
    byte[] f = file(1, "<f4", false, "(3, 4)", 48);
    f[6] = 4;
    String m = fails(f);
    assertTrue(m.contains("unsupported NPY format version 4"), m);
  }

  @Test
  void missingKeyRejected() {
    byte[] f = concat(header(1, "{'descr': '<f4', 'shape': (3, 4), }"), new byte[48]);
    String m = fails(f);
    assertTrue(m.contains("malformed NPY header") && m.contains("fortran_order"), m);
  }

  @Test
  void emptyFileRejected() {
    String m = assertThrows(IllegalArgumentException.class, () -> NpyHeader.parse(new byte[0], 0, 0))
        .getMessage();
    assertEquals("empty file", m);
  }

  @Test
  void negativeAndHugeShapesAreRejectedWithAClearMessage() {
    String neg = fails(file(1, "<f4", false, "(-5, 4)", 0));
    assertTrue(neg.contains("negative"), neg);
    String huge = fails(file(1, "<f8", false, "(4611686018427387904, 64)", 0));
    assertTrue(huge.contains("too large"), huge);
  }
}
