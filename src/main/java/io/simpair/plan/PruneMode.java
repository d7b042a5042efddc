package io.simpair.plan;

/** {@code --prune}: decide most pairs by a proven bound before scoring them at full dimension. */
public enum PruneMode {
  /** Prune where a sample says the bound pays, else the plain scan (the reason is logged). */
  AUTO,
  /** Always prune (fp32 kernel only), whatever the sample says. */
  ON,
  /** The plain scan. */
  OFF
}
