import java.io.File;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * A digest of a pairs job's answer, to see that two builds agree: the "best" and "pairs" of
 * result.json and every row of its Parquet tables (sorted, so task order does not matter).
 * {@code java -cp "$(cat target/classpath.txt)" bench/ParquetDigest.java OUTPUT_DIR} prints
 * {@code digest=HASH:ROWS}.
 */
public class ParquetDigest {
  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    List<String> rows = new ArrayList<>();
    String json = Files.readString(new File(dir, "result.json").toPath());
    rows.add(section(json, "\"best\""));
    rows.add(section(json, "\"pairs\""));
    File[] tables = dir.listFiles((d, n) -> n.endsWith(".parquet"));
    Arrays.sort(tables);
    for (File t : tables) {
      File[] parts = t.listFiles((d, n) -> n.endsWith(".parquet"));
      Arrays.sort(parts);
      for (File f : parts) {
        try (ParquetReader<Group> r =
            ParquetReader.builder(new GroupReadSupport(), new Path(f.getPath())).withConf(new Configuration()).build()) {
          for (Group g; (g = r.read()) != null; ) {
            rows.add(t.getName() + " " + g.toString().replace('\n', ' '));
          }
        }
      }
    }
    Collections.sort(rows);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String s : rows) {
      md.update((s + "\n").getBytes("UTF-8"));
    }
    System.out.println("digest=" + HexFormat.of().formatHex(md.digest()).substring(0, 12) + ":" + rows.size());
  }

  /** A key of result.json with its value (an object, an array or a scalar), as text. */
  private static String section(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      return key + " absent";
    }
    int depth = 0;
    for (int i = json.indexOf(':', at) + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth <= 0) {
          return json.substring(at, depth == 0 ? i + 1 : i);
        }
      } else if (c == ',' && depth == 0) {
        return json.substring(at, i);
      }
    }
    return json.substring(at);
  }
}
