package io.simpair.plan;

/**
 * Which kernel scores the tiles, and why.
 *
 * @param binary the exact popcount kernel
 * @param reason for result.json's {@code kernel_reason}: "binary: ...", "sparse: ..." or "float: ..."
 * @param sparse the sparse kernel (else fp32 when not binary)
 */
public record KernelChoice(boolean binary, String reason, boolean sparse) implements java.io.Serializable {
  /** The popcount or the dense fp32 kernel. */
  public KernelChoice(boolean binary, String reason) {
    this(binary, reason, false);
  }

  /** result.json's {@code kernel}. */
  public String name() {
    return binary ? "binary" : sparse ? "sparse" : "float";
  }
}
