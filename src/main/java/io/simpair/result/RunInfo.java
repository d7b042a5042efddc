package io.simpair.result;

/**
 * What a pairs run searched: metric and direction, the inputs, and the kernel implementation
 * that ran.
 *
 * @param documentsB rows of the B side, or -1 for a monochromatic search
 * @param inputB the B input, or null
 * @param kernelName the implementation, e.g. {@code vectorized(512-bit, ...)}
 */
public record RunInfo(
    String metric,
    String mode,
    long documents,
    long documentsB,
    int dimension,
    String input,
    String inputB,
    String format,
    String kernelName) {

  public boolean bichromatic() {
    return documentsB >= 0;
  }
}
