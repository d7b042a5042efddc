package io.simpair.spark;

import io.simpair.io.OutputCommit;
import io.simpair.result.PairsResult;
import io.simpair.result.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A pairs job run in a test's session, committed as the command commits it, and its tables read back. */
final class JobRuns {
  private JobRuns() {}

  /** Runs {@code b} into {@code out} (overwritten, no progress line) and commits result.json. */
  static PairsResult run(SparkSession spark, PairsConfig.Builder b, Path out) throws IOException {
    PairsConfig cfg = b.output(out.toString()).overwrite(true).progress(false).build();
    OutputCommit commit = OutputCommit.forResult(spark.sparkContext().hadoopConfiguration(), cfg.output(), true);
    PairsResult r = new PairSearchJob(cfg).run(spark, commit);
    commit.commit(ResultJson.of(r));
    return r;
  }

  /** A table's rows in file order (files by path, each in its row order). */
  static List<Row> table(SparkSession spark, String path) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(path.replaceFirst("^file:", "")))) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
        rows.addAll(spark.read().parquet(f.toString()).collectAsList());
      }
    }
    return rows;
  }
}
