package io.simpair.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * Picks the {@link SimilaritySupport} for this JVM, once: the Vector API implementation when
 * the {@code jdk.incubator.vector} module is readable, otherwise the scalar reference.
 *
 * <p>The system property {@code simpair.kernel=scalar|vectorized} forces a choice. Forcing
 * {@code vectorized} on a JVM that cannot run it makes {@link #get()} throw rather than
 * silently run 20-40x slower. The choice and its reason are logged once through {@link
 * System.Logger} (which reaches log4j when Spark is on the class path).
 */
public final class SimilarityProvider {

  /** System property that forces an implementation: {@code scalar} or {@code vectorized}. */
  public static final String PROPERTY = "simpair.kernel";

  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTORIZED_CLASS = "io.simpair.kernel.VectorizedSimilaritySupport";
  private static final SimilaritySupport SCALAR = new ScalarSimilaritySupport();

  private SimilarityProvider() {}

  /**
   * Returns the implementation chosen for this JVM.
   *
   * @throws IllegalStateException if {@code -Dsimpair.kernel=vectorized} was set but the Vector
   *     API implementation cannot be used (the message says why)
   */
  public static SimilaritySupport get() {
    Choice c = Holder.CHOICE;
    if (c.support == null) {
      throw new IllegalStateException(c.reason);
    }
    return c.support;
  }

  /** Returns the scalar reference implementation, whatever {@link #get()} picked. */
  public static SimilaritySupport scalar() {
    return SCALAR;
  }

  /**
   * One line that says which implementation {@link #get()} returns and why, e.g. {@code
   * "vectorized: jdk.incubator.vector present, 16 float lanes"}.
   */
  public static String reason() {
    return Holder.CHOICE.reason;
  }

  /** Holder idiom: the lookup runs on first use, thread-safely, without locks afterwards. */
  private static final class Holder {
    static final Choice CHOICE = log(choose(System.getProperty(PROPERTY)));

    private static Choice log(Choice c) {
      System.getLogger(SimilarityProvider.class.getName())
          .log(
              c.support == null ? System.Logger.Level.ERROR : System.Logger.Level.INFO,
              "simpair kernel: " + c.reason);
      return c;
    }
  }

  /** The outcome of the lookup: {@code support} is null only when a forced choice failed. */
  static final class Choice {
    final SimilaritySupport support;
    final String reason;

    Choice(SimilaritySupport support, String reason) {
      this.support = support;
      this.reason = reason;
    }
  }

  /**
   * The lookup itself, exposed for tests.
   *
   * @param forced the value of {@code simpair.kernel}, or null for automatic
   * @throws IllegalArgumentException if {@code forced} is neither null, scalar nor vectorized
   */
  static Choice choose(String forced) {
    String mode = mode(forced, PROPERTY);
    if (mode.equals("scalar")) {
      return new Choice(SCALAR, "scalar: forced by -D" + PROPERTY + "=scalar");
    }
    boolean isForced = !mode.isEmpty();
    String missing = vectorModuleProblem(SimilarityProvider.class);
    if (missing != null) {
      return fallback(isForced, missing);
    }
    SimilaritySupport vectorized;
    try {
      // By name, so that this class links without the module.
      vectorized =
          (SimilaritySupport)
              Class.forName(VECTORIZED_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return fallback(isForced, "cannot load " + VECTORIZED_CLASS + ": " + cause);
    }
    return new Choice(
        vectorized,
        "vectorized: "
            + VECTOR_MODULE
            + " present, "
            + vectorized.name()
            + (isForced ? " (forced by -D" + PROPERTY + "=vectorized)" : ""));
  }

  /**
   * The normalised value of a {@code scalar|vectorized} property: "", "scalar" or "vectorized".
   *
   * @throws IllegalArgumentException for any other value
   */
  static String mode(String forced, String property) {
    String mode = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
    if (!mode.isEmpty() && !mode.equals("scalar") && !mode.equals("vectorized")) {
      throw new IllegalArgumentException(
          "-D" + property + " must be scalar or vectorized, got '" + forced + "'");
    }
    return mode;
  }

  /** Why {@code caller} cannot use the Vector API module, or null when it can. */
  static String vectorModuleProblem(Class<?> caller) {
    Optional<Module> vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (vectorModule.isEmpty() || !caller.getModule().canRead(vectorModule.get())) {
      return VECTOR_MODULE + " not in the module graph (add --add-modules=" + VECTOR_MODULE + ")";
    }
    return null;
  }

  private static Choice fallback(boolean forced, String why) {
    if (forced) {
      return new Choice(null, "vectorized forced by -D" + PROPERTY + " but " + why);
    }
    return new Choice(SCALAR, "scalar: " + why);
  }
}
