package io.simpair.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simpair.cli.MainAccess;
import io.simpair.testutil.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A pairs search run in local mode on the test's own session: the answer a cluster run must equal. */
final class LocalAnswer {
  private LocalAnswer() {}

  /** Runs {@code pairs ARGS --output OUT --no-progress} on {@code spark}; returns its {@link Answer}. */
  static String of(SparkSession spark, String out, List<String> args) throws Exception {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--output", out, "--no-progress"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(spark, MainAccess.parse(a), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return Answer.of(spark, out);
  }
}
