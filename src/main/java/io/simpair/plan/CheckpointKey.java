package io.simpair.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code --checkpoint} is valid for: the input files (paths, sizes, modification times,
 * a hash of a sample of each) and every option that changes the tiles' results or the answer.
 * Entries are named as the user knows them ({@code --top-k}, {@code --input file 1}), so a
 * mismatch names what differs.
 *
 * @param entries name to value, in a fixed order
 */
public record CheckpointKey(Map<String, String> entries) implements java.io.Serializable {

  public CheckpointKey {
    entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * The key of a search.
   *
   * @param limit {@code --limit} (0 = all rows)
   * @param a the A side's files (or the only side's)
   * @param ids A's ids file, or null
   * @param b the B side's files, or null (monochromatic)
   * @param idsB B's ids file, or null
   */
  public static CheckpointKey of(
      SearchOptions o, long limit, List<FileFacts> a, FileFacts ids, List<FileFacts> b, FileFacts idsB) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--metric", o.metric().label());
    m.put("--mode", lower(o.mode()));
    m.put("--top-k", Integer.toString(o.topK()));
    m.put("--threshold", o.hasThreshold() ? Double.toString(o.threshold()) : "off");
    m.put("--max-pairs", o.hasThreshold() ? Long.toString(o.maxPairs()) : "off");
    m.put("--per-row-top", Integer.toString(o.perRowTop()));
    m.put("--limit", Long.toString(limit));
    m.put("--block-rows", o.blockRows() == 0 ? "auto" : Integer.toString(o.blockRows()));
    m.put("--strategy", lower(o.strategy()));
    m.put("--broadcast-limit", o.broadcastLimitBytes() == 0 ? "auto" : Long.toString(o.broadcastLimitBytes()));
    m.put("--group-blocks", o.groupBlocks() == 0 ? "auto" : Integer.toString(o.groupBlocks()));
    m.put("--kernel", lower(o.kernel()));
    files(m, "--input", a, ids);
    m.put("--input-b files", b == null ? "none (monochromatic)" : Integer.toString(b.size()));
    if (b != null) {
      files(m, "--input-b", b, idsB);
    }
    return new CheckpointKey(m);
  }

  /** This key with one more entry (an option that only some runs give, such as --histogram). */
  public CheckpointKey with(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>(entries);
    m.put(name, value);
    return new CheckpointKey(m);
  }

  private static void files(Map<String, String> m, String option, List<FileFacts> files, FileFacts ids) {
    m.put(option + " files", Integer.toString(files.size()));
    for (int i = 0; i < files.size(); i++) {
      m.put(option + " file " + (i + 1), files.get(i).describe());
    }
    m.put(option + " ids", ids == null ? "row numbers" : ids.describe());
  }

  /**
   * What differs between the key a checkpoint was written for ({@code stored}) and this one, one
   * line per entry: {@code "--top-k: the checkpoint has 10, this run 20"}; empty when equal.
   */
  public List<String> differences(CheckpointKey stored) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : stored.entries.entrySet()) {
      String now = entries.get(e.getKey());
      if (!Objects.equals(now, e.getValue())) {
        out.add(String.format(
            Locale.ROOT, "%s: the checkpoint has %s, this run %s", e.getKey(), e.getValue(), now == null ? "none" : now));
      }
    }
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!stored.entries.containsKey(e.getKey())) {
        out.add(String.format(Locale.ROOT, "%s: the checkpoint has none, this run %s", e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
