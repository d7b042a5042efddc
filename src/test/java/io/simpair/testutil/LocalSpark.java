package io.simpair.testutil;

import io.simpair.spark.KryoSetup;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The local[2] session a Spark test class shares (Spark's SharedSparkSession pattern). */
public final class LocalSpark {
  private LocalSpark() {}

  /** A fresh local[2] session bound to 127.0.0.1, Kryo with registrationRequired, no UI. */
  public static SparkSession start(String name) {
    SparkConf conf =
        KryoSetup.configure(new SparkConf())
            .setMaster("local[2]")
            .setAppName(name)
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.sql.shuffle.partitions", "4")
            .set("spark.ui.showConsoleProgress", "false");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  public static void stop(SparkSession spark) {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
