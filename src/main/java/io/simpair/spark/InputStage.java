package io.simpair.spark;

import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.InputSpec;
import io.simpair.io.LoadedInput;
import io.simpair.kernel.Metric;
import io.simpair.result.StageLog;
import io.simpair.search.KernelWarmup;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The stages {@code read}, {@code validate} and {@code ids} of one input side: list it, check
 * every row in one distributed pass (values finite, one dimension, norms, the 0/1 test), and
 * check that the ids are unique.
 *
 * <p>Cost: one pass over the rows ({@code O(n d)}), a shuffle of the ids ({@code O(n)}) when
 * they are not row numbers.
 */
final class InputStage {
  private static final Logger LOG = LogManager.getLogger(InputStage.class);

  private InputStage() {}

  /**
   * Reads, validates, indexes and checks the ids of one side.
   *
   * @param suffix the stage-name suffix ("", "-a", "-b")
   * @param minRows 2 for a monochromatic search, 1 for a side of a bichromatic one
   * @param limit 0, or the prefix of rows the search uses
   * @throws InputException on bad input
   */
  static InputSide read(
      SparkSession spark, InputSpec spec, Metric metric, String suffix, int minRows, long limit, StageLog log) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StageLog.Stage s = log.begin("read" + suffix, "list the input and read headers");
    io.simpair.io.TestPause.at("read");
    jsc.setJobDescription("simpair: list input " + spec.path());
    LoadedInput in = EmbeddingSource.open(spark, spec);
    int files = in.files().size();
    if (jsc.isLocal() && in.ranges() != null) {
      // the tasks run in this JVM: compile the kernel while the rows are validated
      KernelWarmup.startInBackground(in.ranges().cols(), metric);
    }
    log.end(s, files, files);
    s.count("files", files).count("format", in.format().label());

    s = log.begin("validate" + suffix, "read every row; check values, dimensions and norms");
    jsc.setJobDescription("simpair: read and validate rows of " + spec.path());
    // Rows that can be read again by range (NPY) are not cached: caching 100,000 x 384 rows
    // held ~150 MB in the block manager for nothing.
    JavaRDD<InputRow> all =
        in.ranges() != null ? in.rows() : in.rows().persist(StorageLevel.MEMORY_AND_DISK());
    // One level up to 64 partitions (a second level is a shuffle stage of its own); two above,
    // where merging every partition's per-file counts on the driver would get large.
    int depth = all.getNumPartitions() <= 64 ? 1 : 2;
    RowStats st = all.treeAggregate(new RowStats(metric, files), RowStats::add, RowStats::merge, depth);
    st.check(in, minRows);
    long[] offsets = new long[files];
    for (int i = 1; i < files; i++) {
      offsets[i] = offsets[i - 1] + st.perFile[i - 1];
    }
    log.end(s, st.count, st.count);
    s.count("rows", st.count).count("dimension", st.dim0).count("max_norm", st.maxNorm);
    LOG.info("validated {} rows of dimension {} from {} file(s) of {}", st.count, st.dim0, files, spec.path());
    if (jsc.isLocal()) {
      KernelWarmup.startInBackground(st.dim0, metric); // formats whose dimension only validation tells
    }

    s = log.begin("ids" + suffix, "check that ids are unique");
    jsc.setJobDescription("simpair: check ids of " + spec.path());
    IdColumn ids = IdColumn.of(jsc, in, all, offsets, st.count);
    ids.checkUnique(in, all, offsets);
    log.end(s, st.count, st.count);

    JavaRDD<InputRow> rows = all;
    long n = st.count;
    if (limit > 0 && limit < n) {
      // a prefix in input order (the scaling sweep); the whole input was validated above
      rows = all.filter(r -> offsets[r.file] + r.row < limit);
      LOG.info("using the first {} of {} rows of {} (--limit)", limit, n, spec.path());
      n = limit;
    }
    return new InputSide(in, all, rows, st, offsets, n, ids);
  }
}
