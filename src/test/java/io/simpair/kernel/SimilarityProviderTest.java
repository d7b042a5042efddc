package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SimilarityProviderTest {

  private static final System.Logger LOG = System.getLogger(SimilarityProviderTest.class.getName());

  /**
   * Logs which implementation runs here. With {@code -Dsimpair.requireProvider=Vectorized} (or
   * {@code Scalar}) it fails when another one was picked, so CI can pin the fast path.
   */
  @Test
  void reportsAndOptionallyRequiresImplementation() {
    SimilaritySupport s = SimilarityProvider.get();
    String reason = SimilarityProvider.reason();
    LOG.log(System.Logger.Level.INFO, "kernel in use: " + s.name() + " -- " + reason);
    String simple = s.getClass().getSimpleName();
    assertTrue(reason.startsWith(s == SimilarityProvider.scalar() ? "scalar:" : "vectorized:"),
        reason);
    String required = System.getProperty("simpair.requireProvider");
    if (required != null && !required.isBlank()) {
      assertEquals(
          required.trim().toLowerCase(Locale.ROOT) + "similaritysupport",
          simple.toLowerCase(Locale.ROOT),
          "-Dsimpair.requireProvider=" + required + " but got " + simple + " (" + reason + ")");
    }
  }

  @Test
  void scalarIsTheReference() {
    assertEquals(ScalarSimilaritySupport.class, SimilarityProvider.scalar().getClass());
    assertSame(SimilarityProvider.scalar(), SimilarityProvider.scalar());
  }

  @Test
  void propertyForcesChoice() {
    SimilarityProvider.Choice scalar = SimilarityProvider.choose("Scalar");
    assertSame(SimilarityProvider.scalar(), scalar.support);
    assertTrue(scalar.reason.contains("forced"), scalar.reason);
    assertThrows(IllegalArgumentException.class, () -> SimilarityProvider.choose("fast"));

    boolean moduleReadable =
        ModuleLayer.boot()
            .findModule(SimilarityProvider.VECTOR_MODULE)
            .map(m -> SimilarityProvider.class.getModule().canRead(m))
            .orElse(false);
    SimilarityProvider.Choice vectorized = SimilarityProvider.choose("vectorized");
    SimilarityProvider.Choice automatic = SimilarityProvider.choose(null);
    if (moduleReadable) {
      assertEquals(VectorizedSimilaritySupport.class, vectorized.support.getClass());
      assertEquals(VectorizedSimilaritySupport.class, automatic.support.getClass());
    } else {
      // Forced but impossible: no silent fallback; automatic: scalar, with the fix in the reason.
      assertEquals(null, vectorized.support, vectorized.reason);
      assertSame(SimilarityProvider.scalar(), automatic.support);
      assertTrue(automatic.reason.contains("--add-modules"), automatic.reason);
    }
  }
}
