package io.simpair.report;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sizes of a scaling sweep: at least {@link #MIN_SIZES} strictly increasing sizes of at
 * least 2 rows, spanning a factor of at least {@link #MIN_SPAN} (five doublings), so that the
 * fitted exponents rest on enough range to tell {@code n} from {@code n²}.
 */
public final class SweepSizes {
  /** Fewest sizes in a sweep. */
  public static final int MIN_SIZES = 6;
  /** Smallest ratio of the largest to the smallest size: 2^5. */
  public static final long MIN_SPAN = 32;
  /** The sizes used when {@code --sizes} is not given. */
  public static final String DEFAULT = "1000,2000,4000,8000,16000,32000";

  private SweepSizes() {}

  /**
   * Parses and checks a comma-separated list such as {@code 1000,2000,4000}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static long[] parse(String text) {
    String[] parts = text.split(",", -1);
    long[] sizes = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      try {
        sizes[i] = Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--sizes needs whole numbers separated by commas, got '" + p + "' in '" + text + "'");
      }
    }
    check(sizes);
    return sizes;
  }

  /**
   * Checks that the sizes can carry a scaling fit.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void check(long[] sizes) {
    String shown = Arrays.stream(sizes).mapToObj(Long::toString).collect(Collectors.joining(","));
    if (sizes.length < MIN_SIZES) {
      throw new IllegalArgumentException(
          "--sizes needs at least " + MIN_SIZES + " sizes (5 doublings), got " + sizes.length + ": " + shown);
    }
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 2) {
        throw new IllegalArgumentException("--sizes: every size must be at least 2, got " + sizes[i]);
      }
      if (i > 0 && sizes[i] <= sizes[i - 1]) {
        throw new IllegalArgumentException(
            "--sizes must be strictly increasing, got " + sizes[i - 1] + " then " + sizes[i]);
      }
    }
    long first = sizes[0];
    long last = sizes[sizes.length - 1];
    if (last < MIN_SPAN * first) {
      throw new IllegalArgumentException(
          String.format(
              "--sizes must span at least a factor of %d (5 doublings); %d..%d spans %.2f",
              MIN_SPAN, first, last, (double) last / first));
    }
  }
}
