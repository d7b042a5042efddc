package io.simpair.io;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop configuration as a plain map and back: {@link Configuration} is not serializable,
 * and tasks that open files themselves need the driver's file system settings.
 */
public final class HadoopConf {
  private HadoopConf() {}

  /** Every entry of {@code conf}, resolved, as a serializable map to ship to tasks. */
  public static Map<String, String> toMap(Configuration conf) {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /**
   * The configuration {@link #toMap} shipped: exactly its entries, no default resources loaded
   * (the map already holds the driver's resolved defaults).
   */
  public static Configuration fromMap(Map<String, String> m) {
    Configuration c = new Configuration(false);
    for (Map.Entry<String, String> e : m.entrySet()) {
      c.set(e.getKey(), e.getValue());
    }
    return c;
  }
}
