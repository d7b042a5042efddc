package io.simpair.io;

import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;

/** Reads the embeddings of one file format; one implementation per {@link InputFormat}. */
public interface EmbeddingReader {

  /** The format this reader reads. */
  InputFormat format();

  /**
   * Prepares the distributed read of {@code files}; the rows are read by tasks when the
   * returned RDD is computed. The driver reads headers or schemas only, and may run small Spark
   * jobs (CSV counts the lines of each split, Parquet lists the files that hold rows).
   *
   * @param spark the session whose Hadoop configuration resolves the files
   * @param spec what was asked for; {@link InputSpec#format()} is not consulted
   * @param files the input files in input order, non-empty, none of length zero (as {@link
   *     InputFiles#list} and {@link InputFiles#requireNonEmpty} give them)
   * @return the rows, not yet validated beyond what the format itself checks, and the files
   *     {@link InputRow#file} indexes
   * @throws InputException when the files cannot be read as this format
   */
  LoadedInput open(SparkSession spark, InputSpec spec, List<FileStatus> files);
}
