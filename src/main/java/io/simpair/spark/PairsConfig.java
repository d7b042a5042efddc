package io.simpair.spark;

import io.simpair.io.InputSpec;
import io.simpair.kernel.Metric;
import io.simpair.plan.PruneMode;
import io.simpair.plan.Calibration;
import io.simpair.plan.SearchOptions;
import java.io.Serializable;

/**
 * The parameters of one {@code pairs} run: where it reads and writes, and the {@link
 * SearchOptions} that decide its plan and answer. Immutable; made by {@link #builder()}, which
 * checks them in one place. Defaults are documented per builder method and in {@code --help}.
 *
 * @param input where to read (see {@link InputSpec})
 * @param inputB the B side of a bichromatic search, or null (monochromatic)
 * @param output output directory (result.json is written into it)
 * @param overwrite replace an existing result.json
 * @param progress print a progress line while tiles are scored
 * @param limit use only the first {@code limit} rows in input order (of each side); 0 = all
 * @param search what to search and how
 * @param checkpoint {@code --checkpoint}: where finished tasks are kept for a rerun to resume, or
 *     null
 * @param text {@code --show-text}: the text column and summary width, or null
 * @param calibration {@code --histogram}, {@code --thresholds}: what the scan also learns of
 *     the score distribution
 * @param attention {@code --attention} / {@code --attention-head}: the attention head's
 *     statistics computed in the same scan, or null
 * @param prune {@code --prune}: decide most pairs by a proven bound first (the answer is the same)
 */
public record PairsConfig(
    InputSpec input,
    InputSpec inputB,
    String output,
    boolean overwrite,
    boolean progress,
    long limit,
    SearchOptions search,
    String checkpoint,
    TextDisplay text,
    Calibration calibration,
    io.simpair.plan.AttentionOptions attention,
    PruneMode prune)
    implements Serializable {

  public boolean bichromatic() {
    return inputB != null;
  }

  public Metric metric() {
    return search.metric();
  }

  /** A copy with another row limit. */
  public PairsConfig withLimit(long newLimit) {
    return toBuilder().limit(newLimit).build();
  }

  /** A copy with another input and output. */
  public PairsConfig withInput(InputSpec newInput, String newOutput) {
    return toBuilder().input(newInput).output(newOutput).build();
  }

  /** A copy without threshold, per-row or attention outputs and without progress (a run that writes nothing). */
  public PairsConfig bestAndTopOnly() {
    Builder b = toBuilder().threshold(Double.NaN).perRowTop(0).progress(false).attention(null);
    b.maxPairs = null;
    return b.build();
  }

  /** A builder that starts from this config. */
  public Builder toBuilder() {
    SearchOptions s = search;
    Builder b =
        builder()
            .input(input)
            .inputB(inputB)
            .output(output)
            .overwrite(overwrite)
            .progress(progress)
            .limit(limit)
            .metric(s.metric())
            .mode(s.mode())
            .topK(s.topK())
            .threshold(s.threshold())
            .perRowTop(s.perRowTop())
            .blockRows(s.blockRows())
            .strategy(s.strategy())
            .broadcastLimitBytes(s.broadcastLimitBytes())
            .groupBlocks(s.groupBlocks())
            .kernel(s.kernel())
            .checkpoint(checkpoint)
            .text(text)
            .calibration(calibration)
            .attention(attention)
            .prune(prune);
    if (s.hasThreshold()) {
      b.maxPairs(s.maxPairs());
    }
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PairsConfig}; {@link #build} checks what depends on more than one option. */
  public static final class Builder {
    private InputSpec input;
    private InputSpec inputB;
    private String output;
    private boolean overwrite;
    private boolean progress = true;
    private long limit;
    private Metric metric = Metric.COSINE;
    private SearchOptions.Mode mode = SearchOptions.Mode.MOST;
    private int topK;
    private double threshold = Double.NaN;
    private Long maxPairs;
    private int perRowTop;
    private int blockRows;
    private SearchOptions.Strategy strategy = SearchOptions.Strategy.AUTO;
    private long broadcastLimitBytes;
    private int groupBlocks;
    private SearchOptions.Kernel kernel = SearchOptions.Kernel.AUTO;
    private String checkpoint;

    /** Default null (no checkpoint). */
    public Builder checkpoint(String v) {
      checkpoint = v;
      return this;
    }

    private TextDisplay text;
    private Calibration calibration = Calibration.NONE;

    private io.simpair.plan.AttentionOptions attention;

    private Builder() {}

    /** Default null (no attention statistics). */
    public Builder attention(io.simpair.plan.AttentionOptions v) {
      attention = v;
      return this;
    }

    /** Default {@link Calibration#NONE}. */
    public Builder calibration(Calibration v) {
      calibration = v == null ? Calibration.NONE : v;
      return this;
    }

    /** {@code --show-text}: null (default) shows no texts. */
    public Builder text(TextDisplay v) {
      text = v;
      return this;
    }

    /** Required. */
    public Builder input(InputSpec v) {
      input = v;
      return this;
    }

    /** A plain path of a format inferred from its name. */
    public Builder input(String path) {
      return input(new InputSpec(path, null, null, null, null));
    }

    /** The B side: a bichromatic search (default: none). */
    public Builder inputB(InputSpec v) {
      inputB = v;
      return this;
    }

    /** Required. */
    public Builder output(String v) {
      output = v;
      return this;
    }

    /** Default false. */
    public Builder overwrite(boolean v) {
      overwrite = v;
      return this;
    }

    /** Default true. */
    public Builder progress(boolean v) {
      progress = v;
      return this;
    }

    /** Default 0 (all rows). */
    public Builder limit(long v) {
      limit = v;
      return this;
    }

    /** Default cosine. */
    public Builder metric(Metric v) {
      metric = v;
      return this;
    }

    /** Default MOST. */
    public Builder mode(SearchOptions.Mode v) {
      mode = v;
      return this;
    }

    /** Default 0 (the best pair only). */
    public Builder topK(int v) {
      topK = v;
      return this;
    }

    /** Default NaN (off). */
    public Builder threshold(double v) {
      threshold = v;
      return this;
    }

    /** Default {@link SearchOptions#DEFAULT_MAX_PAIRS}; only with a threshold. */
    public Builder maxPairs(long v) {
      maxPairs = v;
      return this;
    }

    /** Default 0 (off). */
    public Builder perRowTop(int v) {
      perRowTop = v;
      return this;
    }

    /** Default 0 (automatic). */
    public Builder blockRows(int v) {
      blockRows = v;
      return this;
    }

    /** Default AUTO. */
    public Builder strategy(SearchOptions.Strategy v) {
      strategy = v;
      return this;
    }

    /** Default 0 (the cluster's memory budget). */
    public Builder broadcastLimitBytes(long v) {
      broadcastLimitBytes = v;
      return this;
    }

    /** Default 0 (automatic). */
    public Builder groupBlocks(int v) {
      groupBlocks = v;
      return this;
    }

    /** Default AUTO. */
    public Builder kernel(SearchOptions.Kernel v) {
      kernel = v;
      return this;
    }

    private PruneMode prune = PruneMode.AUTO;

    /** Default AUTO. */
    public Builder prune(PruneMode v) {
      prune = v;
      return this;
    }

    private static void requireNonNegative(String option, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(option + " must not be negative, got " + value);
      }
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the option that is missing or does not fit
     */
    public PairsConfig build() {
      if (input == null) {
        throw new IllegalArgumentException("--input is required");
      }
      if (output == null) {
        throw new IllegalArgumentException("--output is required");
      }
      if (!Double.isNaN(threshold) && !Double.isFinite(threshold)) {
        throw new IllegalArgumentException("--threshold needs a finite number, got '" + threshold + "'");
      }
      if (maxPairs != null && Double.isNaN(threshold)) {
        throw new IllegalArgumentException("--max-pairs goes with --threshold");
      }
      requireNonNegative("--top-k", topK);
      requireNonNegative("--per-row-top", perRowTop);
      requireNonNegative("--block-rows", blockRows);
      requireNonNegative("--group-blocks", groupBlocks);
      requireNonNegative("--limit", limit);
      requireNonNegative("--broadcast-limit", broadcastLimitBytes);
      if (maxPairs != null && maxPairs < 1) {
        throw new IllegalArgumentException("--max-pairs must be at least 1, got " + maxPairs);
      }
      SearchOptions s =
          new SearchOptions(
              metric, mode, topK, threshold, maxPairs == null ? SearchOptions.DEFAULT_MAX_PAIRS : maxPairs,
              perRowTop, blockRows, strategy, broadcastLimitBytes, groupBlocks,
              attention != null && kernel == SearchOptions.Kernel.AUTO ? SearchOptions.Kernel.FLOAT : kernel);
      for (double t : calibration.thresholds()) {
        if (!Double.isFinite(t)) {
          throw new IllegalArgumentException("--thresholds needs finite numbers, got '" + t + "'");
        }
      }
      if (attention != null) {
        checkAttention(s);
      }
      return new PairsConfig(input, inputB, output, overwrite, progress, limit, s, checkpoint, text, calibration, attention, prune);
    }

    /** The attention pass scores on the dense fp32 kernel, with the ranking key as the score: cosine or dot. */
    private void checkAttention(SearchOptions s) {
      String opt = attention.ovHead() ? "--attention-head ov" : "--attention";
      if (s.metric() == Metric.L2) {
        throw new IllegalArgumentException(opt + " scores cosine or dot, not l2");
      }
      if (s.kernel() == SearchOptions.Kernel.BINARY || s.kernel() == SearchOptions.Kernel.SPARSE) {
        throw new IllegalArgumentException(opt + " runs on the float kernel, not --kernel " + s.kernel().name().toLowerCase(java.util.Locale.ROOT));
      }
      if (attention.ovHead() && (s.metric() != Metric.DOT || !s.least())) {
        throw new IllegalArgumentException("--attention-head ov is the paper's head on inner products: --metric dot --mode least");
      }
      if (checkpoint != null) {
        throw new IllegalArgumentException(opt + " does not resume from --checkpoint");
      }
    }
  }
}
