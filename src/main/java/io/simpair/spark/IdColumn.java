package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.LoadedInput;
import io.simpair.io.SmallTextFile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The ids of one input side, by global row index: from the rows themselves (Parquet, CSV), from
 * an ids file (NPY {@code --ids}), or the 0-based row numbers (NPY without {@code --ids}).
 */
final class IdColumn {
  /** Ids files up to this many bytes (default 16 MiB) are read and checked by the driver, without Spark jobs. */
  static final String DRIVER_READ_BYTES = "spark.simpair.idsDriverReadBytes";

  private final JavaPairRDD<Long, String> byIndex; // null: row numbers
  private final boolean cached;
  private final List<String> local; // the ids by index when the driver read them, else null

  private IdColumn(JavaPairRDD<Long, String> byIndex, boolean cached, List<String> local) {
    this.byIndex = byIndex;
    this.cached = cached;
    this.local = local;
  }

  private IdColumn(JavaPairRDD<Long, String> byIndex, boolean cached) {
    this(byIndex, cached, null);
  }

  static IdColumn of(
      JavaSparkContext jsc, LoadedInput in, JavaRDD<InputRow> rows, long[] offsets, long n) {
    String idsFile = in.spec().idsFile();
    List<String> small =
        idsFile == null ? null : SmallTextFile.linesIfSmall(
            jsc.hadoopConfiguration(), idsFile, jsc.sc().conf().getLong(DRIVER_READ_BYTES, 16L << 20));
    if (small != null) {
      return fromDriver(jsc, idsFile, small, n);
    }
    if (idsFile != null) {
      // The file is read once: zipWithIndex sizes the partitions from the cached lines, the
      // count fills the cache of the pairs, and every later use (checks, look-ups, joins) reads that.
      JavaRDD<String> lines = jsc.textFile(idsFile).persist(StorageLevel.MEMORY_AND_DISK());
      JavaPairRDD<Long, String> ids =
          lines.zipWithIndex()
              .mapToPair(t -> new Tuple2<>(t._2(), t._1().trim()))
              .persist(StorageLevel.MEMORY_AND_DISK());
      long count = ids.count();
      lines.unpersist(false);
      IdColumn column = new IdColumn(ids, true);
      if (count != n) {
        column.release();
        throw new InputException(
            idsFile + ": has " + count + " ids but the input has " + n + " rows (one id per line)");
      }
      List<Tuple2<Long, String>> blank = ids.filter(t -> t._2().isEmpty()).takeOrdered(1, new ByIndex());
      if (!blank.isEmpty()) {
        column.release();
        throw new InputException(idsFile + ": line " + (blank.get(0)._1() + 1) + " is an empty id");
      }
      return column;
    }
    boolean hasIds = in.format() != io.simpair.io.InputFormat.NPY;
    if (!hasIds) {
      return new IdColumn(null, false);
    }
    // the rows are cached by validation: no second read of the input
    return new IdColumn(rows.mapToPair(r -> new Tuple2<>(offsets[r.file] + r.row, r.id)), false);
  }

  /** The same checks and messages as the distributed path, on ids the driver has read. */
  private static IdColumn fromDriver(JavaSparkContext jsc, String idsFile, List<String> lines, long n) {
    if (lines.size() != n) {
      throw new InputException(
          idsFile + ": has " + lines.size() + " ids but the input has " + n + " rows (one id per line)");
    }
    List<Tuple2<Long, String>> pairs = new ArrayList<>(lines.size());
    List<String> ids = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String id = lines.get(i).trim();
      if (id.isEmpty()) {
        throw new InputException(idsFile + ": line " + (i + 1) + " is an empty id");
      }
      ids.add(id);
      pairs.add(new Tuple2<>((long) i, id));
    }
    int slices = Math.max(1, jsc.defaultParallelism());
    return new IdColumn(jsc.parallelizePairs(pairs, slices), false, ids);
  }

  /** Drops the cached ids (those of an ids file). */
  void release() {
    if (cached) {
      byIndex.unpersist(false);
    }
  }

  /** Fails with both places named when an id occurs twice. */
  void checkUnique(LoadedInput in, JavaRDD<InputRow> rows, long[] offsets) {
    if (byIndex == null) {
      return;
    }
    if (local != null) {
      checkUniqueLocal(in, rows, offsets);
      return;
    }
    // per id: the two smallest indices and the count
    List<Tuple2<String, long[]>> dup =
        byIndex
            .mapToPair(t -> new Tuple2<>(t._2(), new long[] {t._1(), Long.MAX_VALUE, 1}))
            .reduceByKey(IdColumn::mergeFirstTwo)
            .filter(t -> t._2()[2] > 1)
            .takeOrdered(1, new BySecond());
    if (dup.isEmpty()) {
      return;
    }
    String id = dup.get(0)._1();
    long i = dup.get(0)._2()[0];
    long j = dup.get(0)._2()[1];
    throw duplicate(in, rows, offsets, id, i, j);
  }

  private InputException duplicate(LoadedInput in, JavaRDD<InputRow> rows, long[] offsets, String id, long i, long j) {
    return new InputException(
        "duplicate id \"" + id + "\": " + place(in, rows, offsets, i) + " and " + place(in, rows, offsets, j));
  }

  private void checkUniqueLocal(LoadedInput in, JavaRDD<InputRow> rows, long[] offsets) {
    Map<String, Integer> first = new HashMap<>();
    // the first repeat in input order has the smallest second index, as the distributed check reports
    for (int j = 0; j < local.size(); j++) {
      Integer i = first.putIfAbsent(local.get(j), j);
      if (i != null) {
        throw duplicate(in, rows, offsets, local.get(j), i, j);
      }
    }
  }

  static long[] mergeFirstTwo(long[] x, long[] y) {
    long[] all = {x[0], x[1], y[0], y[1]};
    java.util.Arrays.sort(all);
    return new long[] {all[0], all[1], x[2] + y[2]};
  }

  private String place(LoadedInput in, JavaRDD<InputRow> rows, long[] offsets, long index) {
    List<InputRow> r = rows.filter(x -> offsets[x.file] + x.row == index).take(1);
    if (r.isEmpty()) {
      return "row " + index;
    }
    InputRow x = r.get(0);
    return in.describe(x.file, x.row, x.line, null);
  }

  /** The ids of the given global rows. */
  Map<Long, String> lookup(List<Long> indices) {
    Map<Long, String> out = new HashMap<>();
    if (byIndex == null) {
      for (long i : indices) {
        out.put(i, Long.toString(i));
      }
      return out;
    }
    if (local != null) {
      for (long i : indices) {
        out.put(i, local.get((int) i));
      }
      return out;
    }
    Set<Long> want = new HashSet<>(indices);
    for (Tuple2<Long, String> t : byIndex.filter(t -> want.contains(t._1())).collect()) {
      out.put(t._1(), t._2());
    }
    return out;
  }

  /** Attaches the id of each key (a global row index) to the value, by a join. */
  <V> JavaPairRDD<Long, Tuple2<V, String>> attach(JavaPairRDD<Long, V> byRow) {
    if (byIndex == null) {
      return byRow.mapToPair(t -> new Tuple2<>(t._1(), new Tuple2<>(t._2(), Long.toString(t._1()))));
    }
    return byRow.join(byIndex);
  }

  static final class ByIndex implements Comparator<Tuple2<Long, String>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<Long, String> x, Tuple2<Long, String> y) {
      return Long.compare(x._1(), y._1());
    }
  }

  static final class BySecond implements Comparator<Tuple2<String, long[]>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, long[]> x, Tuple2<String, long[]> y) {
      return Long.compare(x._2()[1], y._2()[1]);
    }
  }
}
