package io.simpair.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.simpair.io.InputException;
import io.simpair.plan.CheckpointKey;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.SearchPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A {@code --checkpoint} directory on any Hadoop file system: {@code checkpoint.json} (the
 * {@link CheckpointKey} it is valid for, the cluster facts and the plan of the run that began
 * it) and {@link TaskStore}'s finished tasks. A rerun plans with the stored cluster facts, so
 * that its tasks are the same tasks even when it has other cores; a key that differs is refused.
 */
final class Checkpoint {
  private static final Logger LOG = LogManager.getLogger(Checkpoint.class);
  static final String MANIFEST = "checkpoint.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Configuration conf;
  private final String dir;
  private final CheckpointKey key;
  private final JsonNode stored;

  private Checkpoint(Configuration conf, String dir, CheckpointKey key, JsonNode stored) {
    this.conf = conf;
    this.dir = dir;
    this.key = key;
    this.stored = stored;
  }

  /**
   * Opens {@code dir} for a run of {@code key}.
   *
   * @throws InputException when {@code dir} holds a checkpoint of another key (naming every
   *     entry that differs), or holds files but no checkpoint
   */
  static Checkpoint open(Configuration conf, String dir, CheckpointKey key) {
    Path d = new Path(dir);
    Path m = new Path(d, MANIFEST);
    try {
      FileSystem fs = d.getFileSystem(conf);
      if (!fs.exists(m)) {
        if (fs.exists(d) && (!fs.getFileStatus(d).isDirectory() || visible(fs.listStatus(d)))) {
          throw new InputException(
              "--checkpoint " + dir + " exists and is not a simpair checkpoint (no " + MANIFEST
                  + "); give an empty or new directory");
        }
        return new Checkpoint(conf, dir, key, null);
      }
      JsonNode s;
      try (InputStream in = fs.open(m)) {
        s = JSON.readTree(in);
      }
      Map<String, String> entries = new LinkedHashMap<>();
      s.path("key").fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
      List<String> diff = key.differences(new CheckpointKey(entries));
      if (!diff.isEmpty()) {
        throw new InputException(
            "--checkpoint " + dir + " was written for other input or options; start a new checkpoint"
                + " directory or rerun as before. What differs:\n  " + String.join("\n  ", diff));
      }
      return new Checkpoint(conf, dir, key, s);
    } catch (IOException e) {
      throw new InputException("--checkpoint " + dir + ": cannot read it: " + e.getMessage(), e);
    }
  }

  private static boolean visible(FileStatus[] files) {
    for (FileStatus f : files) {
      String n = f.getPath().getName();
      if (!n.startsWith(".") && !n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Whether this run resumes a checkpoint an earlier run began. */
  boolean resuming() {
    return stored != null;
  }

  /** The cluster facts to plan with: those the checkpoint was begun with, else {@code now}. */
  ClusterFacts cluster(ClusterFacts now) {
    if (stored == null) {
      return now;
    }
    JsonNode c = stored.path("cluster");
    ClusterFacts then = new ClusterFacts(c.path("parallelism").asInt(), c.path("memory_budget_bytes").asLong());
    if (!then.equals(now)) {
      LOG.info("checkpoint: planning with the checkpoint's cluster facts {} (this run has {}), so the tasks are the same", then, now);
    }
    return then;
  }

  /**
   * Records the plan of a new checkpoint, or checks a resumed one's plan against the stored one.
   *
   * @throws InputException when a resumed checkpoint's plan differs (another simpair version)
   */
  void begin(SearchPlan plan, ClusterFacts cluster) {
    try {
      JsonNode planNow = JSON.readTree(JSON.writeValueAsString(plan.toJson()));
      if (stored != null) {
        if (!planNow.equals(stored.path("plan"))) {
          throw new InputException(
              "--checkpoint " + dir + ": the plan differs from the checkpoint's (written by another"
                  + " simpair version?): the checkpoint has " + stored.path("plan") + ", this run " + planNow);
        }
        return;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("simpair_checkpoint", 1);
      m.put("key", key.entries());
      m.put("cluster", Map.of("parallelism", cluster.parallelism(), "memory_budget_bytes", cluster.memoryBudgetBytes()));
      m.put("plan", planNow);
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf);
      fs.mkdirs(d);
      Path tmp = new Path(d, "." + MANIFEST + "." + UUID.randomUUID() + ".tmp");
      try (OutputStream out = fs.create(tmp, false)) {
        JSON.writeValue(out, m);
      }
      if (!fs.rename(tmp, new Path(d, MANIFEST))) {
        fs.delete(tmp, false);
        throw new IOException("cannot rename " + tmp + " to " + MANIFEST + " (another run began this checkpoint?)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--checkpoint " + dir + ": cannot write " + MANIFEST, e);
    }
  }

  /** The tasks of this checkpoint, shipped to the tile tasks. */
  TaskStore store() {
    return new TaskStore(dir, conf);
  }

  /** The tasks finished before this run began, logged. */
  Set<Integer> finished(TaskStore store, int tasks) {
    Set<Integer> done = store.finished();
    done.removeIf(t -> t >= tasks);
    if (stored != null) {
      LOG.info("checkpoint {}: {} of {} tasks finished before, resuming the other {}", dir, done.size(), tasks, tasks - done.size());
    }
    return done;
  }
}
