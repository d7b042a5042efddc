package io.simpair.spark;

import io.simpair.io.HadoopConf;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint's finished tasks: one file per task, {@code tasks/task-NNNNNN}, holding every
 * output of the task (its summary, per-row heaps, threshold pairs). Written by the task itself
 * under a temporary name and renamed into place, so a file that exists is complete; shipped to
 * the tasks (serializable), on any Hadoop file system.
 */
final class TaskStore implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String dir;
  private final Map<String, String> hadoop;
  private transient Configuration conf;

  TaskStore(String checkpointDir, Configuration conf) {
    this.dir = new Path(checkpointDir, "tasks").toString();
    this.hadoop = HadoopConf.toMap(conf);
    this.conf = conf;
  }

  private Configuration conf() {
    if (conf == null) {
      conf = HadoopConf.fromMap(hadoop);
    }
    return conf;
  }

  private Path file(int task) {
    return new Path(dir, String.format(Locale.ROOT, "task-%06d", task));
  }

  /** The tasks whose file exists now (the driver asks once, before scoring). */
  Set<Integer> finished() {
    Set<Integer> out = new TreeSet<>();
    try {
      Path d = new Path(dir);
      FileSystem fs = d.getFileSystem(conf());
      if (!fs.exists(d)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(d)) {
        String n = st.getPath().getName();
        if (n.startsWith("task-")) {
          out.add(Integer.parseInt(n.substring(5)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoint's tasks in " + dir, e);
    }
  }

  boolean has(int task) {
    try {
      Path f = file(task);
      return f.getFileSystem(conf()).exists(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outputs a finished task stored. */
  @SuppressWarnings("unchecked")
  List<TaskOutput> load(int task) {
    Path f = file(task);
    try (InputStream in = f.getFileSystem(conf()).open(f);
        ObjectInputStream o = new ObjectInputStream(in)) {
      return (List<TaskOutput>) o.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read the checkpoint's " + f + ": " + e, e);
    }
  }

  /**
   * Stores a task's outputs: written to a hidden temporary file, then renamed. When another
   * attempt of the same task got there first (a speculative or retried copy), its file stays:
   * both hold the same outputs.
   */
  void save(int task, List<TaskOutput> outputs) {
    Path f = file(task);
    Path tmp = new Path(dir, "." + f.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = f.getFileSystem(conf());
      fs.mkdirs(new Path(dir));
      try (OutputStream out = fs.create(tmp, false);
          ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(new ArrayList<>(outputs));
      }
      if (!fs.rename(tmp, f)) {
        fs.delete(tmp, false);
        if (!fs.exists(f)) {
          throw new IOException("rename of " + tmp + " to " + f + " failed");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store task " + task + " in the checkpoint " + dir, e);
    }
  }
}
