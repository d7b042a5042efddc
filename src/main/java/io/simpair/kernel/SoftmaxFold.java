package io.simpair.kernel;

/**
 * Folds a strip of fp32 tile scores into {@link SoftmaxState}s: its rows into row statistics and
 * its columns into column statistics (the score matrix of one input is symmetric, so a tile of
 * the triangle also feeds the rows of its B block). Strip entries that are not pairs are {@code
 * -Infinity}. The plain implementation is the reference; {@link SimilaritySupport#softmaxFold}
 * hands out the fastest one.
 */
public interface SoftmaxFold {

  /**
   * Rows {@code r < rows} of strip {@code s} (row r at {@code r * stride}, {@code cols} columns)
   * into rows {@code i0 + r} of {@code st}, column c having index and value {@code j0 + c}.
   *
   * @param coef per temperature, the factor from kernel score to logit (beta / kernel scale)
   * @param values per tile column, its value
   */
  void foldRows(float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st);

  /** Columns {@code c < cols} of the strip into rows {@code j0 + c} of {@code st}, strip row r having index and value {@code i0 + r}. */
  void foldColumns(float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st);

  /** The reference: one {@link SoftmaxState#offer} per score. */
  SoftmaxFold PLAIN =
      new SoftmaxFold() {
        @Override
        public void foldRows(
            float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st) {
          for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
              st.offer(i0 + r, s[r * stride + c], j0 + c, values[j0 + c], coef);
            }
          }
        }

        @Override
        public void foldColumns(
            float[] s, int stride, int rows, int cols, int i0, int j0, double[] coef, double[] values, SoftmaxState st) {
          for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
              st.offer(j0 + c, s[r * stride + c], i0 + r, values[i0 + r], coef);
            }
          }
        }
      };
}
