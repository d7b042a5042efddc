package io.simpair.io;

import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;

/**
 * Opens an input for reading: lists it ({@link InputFiles}), settles its format, and hands the
 * files to that format's {@link EmbeddingReader}. Works on local paths and any Hadoop URI.
 */
public final class EmbeddingSource {
  private EmbeddingSource() {}

  /**
   * Lists the input and prepares the distributed read (what the driver reads: {@link
   * EmbeddingReader#open}).
   *
   * @throws InputException on a missing path, an empty file, an unknown format or a malformed
   *     header
   */
  public static LoadedInput open(SparkSession spark, InputSpec spec) {
    List<FileStatus> files = InputFiles.list(spark.sparkContext().hadoopConfiguration(), spec.path());
    InputFormat format = spec.format() != null ? spec.format() : InputFiles.inferFormat(files);
    if (spec.idsFile() != null && format != InputFormat.NPY) {
      // CSV and Parquet carry their ids in the rows; a separate file would be silently ignored
      throw new InputException(
          spec.path() + ": --ids is for NPY input only; this input is " + format.label() + ", whose ids are in its rows");
    }
    if (spec.valueCol() != null && format == InputFormat.NPY) {
      throw new InputException(
          spec.path() + ": --attention-values " + spec.valueCol() + " reads a column, and NPY input holds only the vectors;"
              + " use Parquet or CSV with a header, or --attention-values ones|norm1");
    }
    InputFiles.requireNonEmpty(files);
    return reader(format).open(spark, spec, files);
  }

  /** The reader of a format. */
  public static EmbeddingReader reader(InputFormat format) {
    switch (format) {
      case NPY:
        return new NpyReader();
      case CSV:
        return new CsvReader();
      case PARQUET:
        return new ParquetReader();
      default:
        throw new AssertionError(format);
    }
  }
}
