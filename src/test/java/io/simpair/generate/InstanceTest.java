package io.simpair.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.testutil.Oracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generators against a brute force: the planted answer is the true answer. */
class InstanceTest {

  private static double[][] rows(Instance inst, int side) {
    double[][] x = new double[(int) inst.rows(side)][];
    for (int i = 0; i < x.length; i++) {
      float[] f = inst.row(side, i);
      x[i] = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        x[i][k] = f[k];
      }
    }
    return x;
  }

  @ParameterizedTest(name = "{0} n={1} dim={2} seed={3}")
  @CsvSource({
    "planted, 150, 256, 1", "planted, 97, 256, 2", "planted, 60, 16, 3",
    "clustered, 150, 32, 1", "clustered, 41, 8, 7", "clustered, 200, 64, 11"
  })
  void plantedPairIsTheMostSimilar(String kind, int n, int dim, long seed) {
    Instance inst = new Instance(new GeneratorSpec(Kind.parse(kind), n, 0, dim, kind.equals("clustered") ? 0.25 : 0.5, seed, 0.05));
    Oracle.Best best = Oracle.best("cosine", rows(inst, 0));
    assertEquals(inst.indexA(), best.i());
    assertEquals(inst.indexB(), best.j());
    assertEquals(best.score(), inst.plantedScore(), 1e-12);
    if (kind.equals("clustered")) {
      assertArrayEquals(inst.row(0, inst.indexA()), inst.row(0, inst.indexB()));
    }
  }

  @ParameterizedTest(name = "ov-lsd n={0} dim={1} seed={2}")
  @CsvSource({"200, 60, 1", "123, 60, 5", "64, 48, 9"})
  void ovLsdPlantedPairIsTheOnlyOrthogonalOne(int n, int dim, long seed) {
    Instance inst = new Instance(new GeneratorSpec(Kind.OV_LSD, n, 0, dim, 0.5, seed, 0.05));
    assertTrue(inst.expectedOtherOrthogonal() < 0.01);
    double[][] x = rows(inst, 0);
    for (int i = 0; i < n; i++) {
      assertTrue(Oracle.dot(x[i], x[i]) > 0, "row " + i + " is zero");
      for (int j = i + 1; j < n; j++) {
        double dot = Oracle.dot(x[i], x[j]);
        boolean planted = i == inst.indexA() && j == inst.indexB();
        assertEquals(planted, dot == 0, "pair " + i + "," + j);
      }
    }
    assertEquals(0.0, inst.plantedScore());
  }

  @ParameterizedTest(name = "ov-bichromatic-msd n={0} m={1} L={2} seed={3}")
  @CsvSource({"80, 70, 48, 1", "33, 90, 48, 4", "50, 50, 44, 8"})
  void gadgetIdentitiesAreExact(int n, int m, int dim, long seed) {
    Instance inst = new Instance(new GeneratorSpec(Kind.OV_BICHROMATIC_MSD, n, m, dim, 0.5, seed, 0.05));
    assertTrue(inst.expectedOtherOrthogonal() < 0.01);
    double[][] a = rows(inst, 0);
    double[][] b = rows(inst, 1);
    assertEquals(3 * dim, a[0].length);
    double bound = (dim - 1) / (Math.sqrt(2) * dim);
    for (int i = 0; i < n; i++) {
      assertEquals(dim, Oracle.dot(a[i], a[i]));
      boolean[] bitsA = inst.bits(0, i);
      for (int j = 0; j < m; j++) {
        if (i == 0) {
          assertEquals(2 * dim, Oracle.dot(b[j], b[j]));
        }
        boolean[] bitsB = inst.bits(1, j);
        int common = 0;
        for (int k = 0; k < dim; k++) {
          common += bitsA[k] && bitsB[k] ? 1 : 0;
        }
        double dot = Oracle.dot(a[i], b[j]);
        assertEquals(dim - common, dot, "g(a).h(b) = L - <a,b>");
        double cos = Oracle.fp64Score("cosine", a[i], b[j]);
        if (i == inst.indexA() && j == inst.indexB()) {
          assertEquals(0, common);
          assertEquals(1 / Math.sqrt(2), cos, 1e-15);
          // the exact 1/sqrt(2) rounded once, as the pairs job reports it
          assertEquals(Math.sqrt(0.5), inst.plantedScore());
        } else {
          // integer identity: cos <= (L-1)/(sqrt2 L) iff dot <= L-1
          assertTrue(dot <= dim - 1, "pair " + i + "," + j + " dot " + dot);
          assertTrue(cos <= bound + 1e-15);
        }
      }
    }
  }

  @ParameterizedTest(name = "ov-msd n={0} m={1} L={2} seed={3}")
  @CsvSource({"60, 50, 48, 2", "31, 77, 48, 3"})
  void monochromaticFormHasOneCosineZeroPair(int n, int m, int dim, long seed) {
    Instance inst = new Instance(new GeneratorSpec(Kind.OV_MSD, n, m, dim, 0.5, seed, 0.05));
    double[][] x = rows(inst, 0);
    assertEquals(n + m, x.length);
    assertEquals(dim + 2, x[0].length);
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        boolean planted = i == inst.indexA() && j == inst.indexB();
        assertEquals(planted, Oracle.dot(x[i], x[j]) == 0, "pair " + i + "," + j);
      }
    }
    assertTrue(inst.indexB() >= n);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"random", "clustered", "planted", "ov-lsd", "ov-bichromatic-msd", "ov-msd"})
  void rowsDependOnSeedAndIndexOnly(String kind) {
    GeneratorSpec s = new GeneratorSpec(Kind.parse(kind), 40, 30, 24, kind.equals("clustered") ? 0.25 : 0.5, 5, 0.05);
    Instance one = new Instance(s);
    Instance two = new Instance(s);
    Instance other = new Instance(new GeneratorSpec(s.kind(), 40, 30, 24, s.p(), 6, 0.05));
    boolean differs = false;
    for (int i = (int) one.rows(0) - 1; i >= 0; i--) {
      assertArrayEquals(one.row(0, i), two.row(0, i));
      differs |= !java.util.Arrays.equals(one.row(0, i), other.row(0, i));
    }
    assertTrue(differs, "another seed gives other rows");
    if (Kind.parse(kind).binary()) {
      for (float v : one.row(0, 3)) {
        assertTrue(v == 0f || v == 1f);
      }
    }
  }
}
