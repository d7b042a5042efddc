package io.simpair.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A pairs run's answer in one comparable text: the best pair, the top-k list, the tiles and
 * pair scores counted, and every row of the threshold and per-row tables (sorted, so two runs
 * that found the same pairs give the same text; a pair lost or doubled changes it).
 */
public final class Answer {
  private Answer() {}

  /** result.json of an output directory (local path or Hadoop URI). */
  public static JsonNode result(SparkSession spark, String dir) throws IOException {
    Path p = new Path(dir, "result.json");
    try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
      return new ObjectMapper().readTree(in);
    }
  }

  public static String of(SparkSession spark, String dir) throws IOException {
    JsonNode r = result(spark, dir);
    StringBuilder sb = new StringBuilder();
    sb.append("best ").append(r.get("best")).append('\n');
    sb.append("pairs ").append(r.path("pairs")).append('\n');
    JsonNode c = r.get("counts");
    sb.append("tiles ").append(c.get("tiles")).append(" pairs_scored ").append(c.get("pairs_scored"))
        .append(" pairs_expected ").append(c.get("pairs_expected")).append('\n');
    for (String t : new String[] {"threshold", "per_row"}) {
      if (r.has(t)) {
        sb.append(t).append(' ').append(r.get(t).get(t.equals("threshold") ? "pairs" : "rows")).append('\n');
        List<String> rows = new ArrayList<>();
        for (Row row : spark.read().parquet(r.get(t).get("path").asText()).collectAsList()) {
          rows.add(row.toString());
        }
        rows.sort(null);
        rows.forEach(x -> sb.append("  ").append(x).append('\n'));
      }
    }
    return sb.toString();
  }
}
