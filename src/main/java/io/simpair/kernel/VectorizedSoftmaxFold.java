package io.simpair.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxFold} on the Vector API: the exponentials are taken in fp64 vectors (so the sums
 * keep their precision at beta = 1e-6, where every term is close to 1), a strip row's maximum is
 * found first so each row is rescaled at most once per strip, and columns are folded across the
 * strip's rows lane-wise. Same statistics as {@link SoftmaxFold#PLAIN} up to fp64 rounding.
 */
final class VectorizedSoftmaxFold implements SoftmaxFold {
  static final VectorizedSoftmaxFold INSTANCE = new VectorizedSoftmaxFold();
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int DL = D.length();
  private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[0]);

  private VectorizedSoftmaxFold() {}

  @Override
  public void foldRows(
      float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st) {
    double[] x = ROW.get();
    if (x.length < cols + DL) {
      x = new double[cols + DL];
      ROW.set(x);
    }
    int fb = F.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int off = r * stride;
      FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
      int c = 0;
      for (; c < fb; c += F.length()) {
        mv = mv.max(FloatVector.fromArray(F, s, off + c));
      }
      float mx = mv.reduceLanes(VectorOperators.MAX);
      for (; c < cols; c++) {
        mx = Math.max(mx, s[off + c]);
      }
      if (mx == Float.NEGATIVE_INFINITY) {
        continue;
      }
      int i = i0 + r;
      double m = st.max[i];
      if (mx >= m) {
        int first = 0;
        while (s[off + first] != mx) {
          first++;
        }
        if (mx > m) {
          st.rescale(i, m, mx, coef);
          st.max[i] = mx;
          st.arg[i] = j0 + first;
          m = mx;
        } else if (j0 + first < st.arg[i]) {
          st.arg[i] = j0 + first;
        }
      }
      // in fp64: near-equal scores keep their difference at beta = 1e6
      int db = D.loopBound(cols);
      for (c = 0; c < db; c += DL) {
        load(s, off + c).sub(m).intoArray(x, c);
      }
      for (; c < cols; c++) {
        x[c] = s[off + c] - m;
      }
      for (int b = 0; b < st.betas; b++) {
        double cb = coef[b];
        DoubleVector lv = DoubleVector.zero(D);
        DoubleVector ov = DoubleVector.zero(D);
        for (c = 0; c < db; c += DL) {
          DoubleVector e = DoubleVector.fromArray(D, x, c).mul(cb).lanewise(VectorOperators.EXP);
          lv = lv.add(e);
          ov = e.fma(DoubleVector.fromArray(D, values, j0 + c), ov);
        }
        double ls = lv.reduceLanes(VectorOperators.ADD);
        double os = ov.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
          double e = Math.exp(cb * x[c]);
          ls += e;
          os += e * values[j0 + c];
        }
        st.l[b * st.n + i] += ls;
        st.o[b * st.n + i] += os;
      }
    }
  }

  @Override
  public void foldColumns(
      float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st) {
    int db = D.loopBound(cols);
    int n = st.n;
    DoubleVector ninf = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    for (int c = 0; c < db; c += DL) {
      int j = j0 + c;
      DoubleVector mx = ninf;
      for (int r = 0; r < rows; r++) {
        mx = mx.max(load(s, r * stride + c));
      }
      DoubleVector old = DoubleVector.fromArray(D, st.max, j);
      VectorMask<Double> reach = mx.compare(VectorOperators.GE, old).and(mx.compare(VectorOperators.NE, ninf));
      if (reach.anyTrue()) {
        argFixup(s, stride, rows, c, i0, j, mx, old, reach, st);
      }
      DoubleVector top = old.max(mx);
      top.intoArray(st.max, j);
      // a column with no pair yet keeps max -Infinity; subtract 0 there so no -Inf - -Inf appears
      DoubleVector safe = top.blend(0.0, top.compare(VectorOperators.EQ, ninf));
      DoubleVector dOld = old.sub(safe);
      for (int b = 0; b < st.betas; b++) {
        double cb = coef[b];
        DoubleVector f = dOld.mul(cb).lanewise(VectorOperators.EXP);
        DoubleVector lv = DoubleVector.fromArray(D, st.l, b * n + j).mul(f);
        DoubleVector ov = DoubleVector.fromArray(D, st.o, b * n + j).mul(f);
        for (int r = 0; r < rows; r++) {
          DoubleVector e = load(s, r * stride + c).sub(safe).mul(cb).lanewise(VectorOperators.EXP);
          lv = lv.add(e);
          ov = e.mul(values[i0 + r]).add(ov);
        }
        lv.intoArray(st.l, b * n + j);
        ov.intoArray(st.o, b * n + j);
      }
    }
    for (int c = db; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        st.offer(j0 + c, s[r * stride + c], i0 + r, values[i0 + r], coef);
      }
    }
  }

  /** Lanes whose column reached or passed its maximum: the first strip row holding it becomes the argmax. */
  private static void argFixup(
      float[] s, int stride, int rows, int c, int i0, int j, DoubleVector mx, DoubleVector old, VectorMask<Double> reach,
      SoftmaxState st) {
    for (int lane = 0; lane < DL; lane++) {
      if (!reach.laneIsSet(lane)) {
        continue;
      }
      double m = mx.lane(lane);
      int r = 0;
      while (s[r * stride + c + lane] != m) {
        r++;
      }
      int idx = i0 + r;
      if (m > old.lane(lane) || idx < st.arg[j + lane]) {
        st.arg[j + lane] = idx;
      }
    }
  }

  private static DoubleVector load(float[] s, int at) {
    return (DoubleVector) FloatVector.fromArray(HALF, s, at).convertShape(VectorOperators.F2D, D, 0);
  }

  /** Floats per fp64 vector: the float species of half the width. */
  private static final VectorSpecies<Float> HALF =
      VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));
}
