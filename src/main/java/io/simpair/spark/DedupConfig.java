package io.simpair.spark;

import java.util.List;
import java.util.Locale;

/**
 * The parameters of one {@code dedup} run: the pair search (its threshold is the one grouped
 * at; a dry run's is the loosest of {@code thresholds}), and how documents are grouped and kept.
 *
 * @param pairs the threshold search, with its histogram and threshold counts
 * @param keep which member of a group is kept
 * @param mode components or star
 * @param dryRun only the histogram and the counts (pairs, groups) per threshold; no tables
 * @param thresholds the thresholds of a dry run (else the one threshold)
 * @param textCol the text column shown in dedup.html and used by {@code --keep longest}
 */
public record DedupConfig(
    PairsConfig pairs, KeepRule keep, GroupMode mode, boolean dryRun, List<Double> thresholds, String textCol)
    implements java.io.Serializable {

  /** Default of {@code --text-col}. */
  public static final String DEFAULT_TEXT = "text";

  public DedupConfig {
    thresholds = List.copyOf(thresholds);
  }

  /** {@code --input-b}: new documents (A) against a reference corpus (B). */
  public boolean incremental() {
    return pairs.bichromatic();
  }

  /** The threshold grouped at (a dry run: the loosest). */
  public double threshold() {
    return pairs.search().threshold();
  }

  /** How documents linked by pairs at or past the threshold form groups. */
  public enum GroupMode {
    /** Connected components: linked through any chain of pairs. */
    COMPONENTS,
    /** Greedy in keep order: each document joins an already kept one it is paired with. */
    STAR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
