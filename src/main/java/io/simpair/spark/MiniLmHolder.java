package io.simpair.spark;

import io.simpair.embed.MiniLmModel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.SparkFiles;

/**
 * One {@link MiniLmModel} per executor JVM and weight, made on first use by whichever task
 * comes first; the native libraries go under the application's Spark directory on that
 * executor ({@link SparkFiles#getRootDirectory}), which Spark removes when the application ends.
 */
final class MiniLmHolder {
  private static final Map<MiniLmModel.Kind, MiniLmModel> MODELS = new EnumMap<>(MiniLmModel.Kind.class);

  private MiniLmHolder() {}

  static synchronized MiniLmModel get(MiniLmModel.Kind kind) {
    return MODELS.computeIfAbsent(kind, k -> MiniLmModel.open(k, Path.of(SparkFiles.getRootDirectory(), "simpair-native")));
  }
}
