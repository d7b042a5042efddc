package io.simpair.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-stage record of what the job did: items in and out, work, seconds, and named counts.
 * Printed as a table at the end of a run and written to result.json.
 */
public final class StageLog {
  /** One stage. */
  public static final class Stage {
    public final String name;
    public final String description;
    public double seconds;
    public long itemsIn;
    public long itemsOut;
    public final Map<String, Object> counts = new LinkedHashMap<>();

    Stage(String name, String description) {
      this.name = name;
      this.description = description;
    }

    public Stage count(String key, Object value) {
      counts.put(key, value);
      return this;
    }
  }

  private final List<Stage> stages = new ArrayList<>();

  /** Starts a stage; call {@link #end} with the returned value. */
  public Stage begin(String name, String description) {
    Stage s = new Stage(name, description);
    s.seconds = -System.nanoTime() / 1e9;
    stages.add(s);
    return s;
  }

  public void end(Stage s, long itemsIn, long itemsOut) {
    s.seconds += System.nanoTime() / 1e9;
    s.itemsIn = itemsIn;
    s.itemsOut = itemsOut;
  }

  /** Adds a stage whose time was measured elsewhere. */
  public Stage add(String name, String description, double seconds, long itemsIn, long itemsOut) {
    Stage s = new Stage(name, description);
    s.seconds = seconds;
    s.itemsIn = itemsIn;
    s.itemsOut = itemsOut;
    stages.add(s);
    return s;
  }

  public List<Stage> stages() {
    return stages;
  }

  /** A fixed-width table: stage, items in, items out, work, seconds. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-10s %14s %14s %9s  %s%n", "stage", "items in", "items out", "seconds", "work"));
    for (Stage s : stages) {
      StringBuilder work = new StringBuilder();
      for (Map.Entry<String, Object> e : s.counts.entrySet()) {
        work.append(work.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-10s %14d %14d %9.3f  %s%n",
              s.name,
              s.itemsIn,
              s.itemsOut,
              s.seconds,
              work));
    }
    return sb.toString();
  }
}
