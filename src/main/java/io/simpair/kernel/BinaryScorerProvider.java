package io.simpair.kernel;

import java.lang.reflect.Constructor;

/**
 * Creates {@link BinaryTileScorer}s: the Vector API one when {@code jdk.incubator.vector} is
 * readable and has a lanewise {@code BIT_COUNT} (JDK 19+), else the {@code Long.bitCount} one.
 *
 * <p>The system property {@code simpair.binaryKernel=scalar|vectorized} forces a choice; forcing
 * {@code vectorized} where it cannot run makes {@link #newScorer} throw. The choice and its
 * reason are logged once.
 */
public final class BinaryScorerProvider {

  /** System property that forces an implementation: {@code scalar} or {@code vectorized}. */
  public static final String PROPERTY = "simpair.binaryKernel";

  private static final String VECTORIZED_CLASS = "io.simpair.kernel.VectorizedBinaryTileScorer";

  private BinaryScorerProvider() {}

  /**
   * A new scorer of the implementation chosen for this JVM.
   *
   * @throws IllegalArgumentException if {@code bits} is not in {@code [1, BinaryScore.MAX_BITS]}
   * @throws IllegalStateException if the vectorized implementation was forced but cannot run
   */
  public static BinaryTileScorer newScorer(int bits, BinaryScore score) {
    Choice c = Holder.CHOICE;
    if (c.forcedButUnavailable) {
      throw new IllegalStateException(c.reason);
    }
    if (c.vectorized == null) {
      return scalar(bits, score);
    }
    try {
      return c.vectorized.newInstance(bits, score);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A new {@code Long.bitCount} reference scorer, whatever {@link #newScorer} picks. */
  public static BinaryTileScorer scalar(int bits, BinaryScore score) {
    return new ScalarBinaryTileScorer(bits, score);
  }

  /** One line: which implementation {@link #newScorer} uses and why. */
  public static String reason() {
    return Holder.CHOICE.reason;
  }

  private static final class Holder {
    static final Choice CHOICE = log(choose(System.getProperty(PROPERTY)));

    private static Choice log(Choice c) {
      System.getLogger(BinaryScorerProvider.class.getName())
          .log(System.Logger.Level.INFO, "simpair binary kernel: " + c.reason);
      return c;
    }
  }

  /**
   * The lookup's outcome; {@code vectorized} is null when the scalar scorer is to be used, and
   * {@code forcedButUnavailable} when the vectorized one was forced but cannot run.
   */
  static final class Choice {
    final Constructor<? extends BinaryTileScorer> vectorized;
    final String reason;
    final boolean forcedButUnavailable;

    Choice(Constructor<? extends BinaryTileScorer> vectorized, String reason) {
      this(vectorized, reason, false);
    }

    Choice(Constructor<? extends BinaryTileScorer> vectorized, String reason, boolean forcedButUnavailable) {
      this.vectorized = vectorized;
      this.reason = reason;
      this.forcedButUnavailable = forcedButUnavailable;
    }
  }

  /**
   * The lookup itself, exposed for tests.
   *
   * @param forced the value of {@code simpair.binaryKernel}, or null for automatic
   * @throws IllegalArgumentException if {@code forced} is neither null, scalar nor vectorized
   */
  static Choice choose(String forced) {
    String mode = SimilarityProvider.mode(forced, PROPERTY);
    if (mode.equals("scalar")) {
      return new Choice(null, "scalar: forced by -D" + PROPERTY + "=scalar");
    }
    boolean isForced = !mode.isEmpty();
    String missing = SimilarityProvider.vectorModuleProblem(BinaryScorerProvider.class);
    if (missing != null) {
      return fallback(isForced, missing);
    }
    try {
      // By name and initialised here: its static init fails without BIT_COUNT (JDK < 19).
      Class<? extends BinaryTileScorer> cls =
          Class.forName(VECTORIZED_CLASS).asSubclass(BinaryTileScorer.class);
      Constructor<? extends BinaryTileScorer> ctor =
          cls.getDeclaredConstructor(int.class, BinaryScore.class);
      String name = ctor.newInstance(64, BinaryScore.INNER_PRODUCT).name();
      return new Choice(
          ctor, name + (isForced ? " (forced by -D" + PROPERTY + "=vectorized)" : ""));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return fallback(isForced, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
  }

  private static Choice fallback(boolean forced, String why) {
    return new Choice(
        null,
        (forced ? "vectorized forced by -D" + PROPERTY + " but " : "scalar-binary(Long.bitCount): ")
            + why,
        forced);
  }
}
