package io.simpair.spark;

import io.simpair.embed.MiniLmModel;
import io.simpair.io.TextSpec;
import java.io.Serializable;

/**
 * The embed job's settings.
 *
 * @param input where the documents are and how to read them
 * @param output the output directory
 * @param embedder which embedder
 * @param model the MiniLM weights (minilm only)
 * @param batchSize documents tokenised and run together (minilm)
 * @param vocabSize bow: the most frequent words kept
 * @param numFeatures tfidf and hashing: the hashed dimension
 * @param partitions tasks that embed (0: chosen from the input size and the cores)
 * @param writeText whether embeddings.parquet carries the text column
 * @param overwrite replace existing outputs
 * @param progress print the progress line
 */
public record EmbedConfig(
    TextSpec input,
    String output,
    Embedder embedder,
    MiniLmModel.Kind model,
    int batchSize,
    int vocabSize,
    int numFeatures,
    int partitions,
    boolean writeText,
    boolean overwrite,
    boolean progress)
    implements Serializable {

  /** The embedders. */
  public enum Embedder {
    /** all-MiniLM-L6-v2 (ONNX Runtime), 384-d unit vectors. */
    MINILM,
    /** binary bag of words over the most frequent words (MLlib CountVectorizer, binary). */
    BOW,
    /** hashed term frequencies scaled by inverse document frequency (MLlib HashingTF, IDF). */
    TFIDF,
    /** hashed term frequencies (MLlib HashingTF). */
    HASHING
  }

  /** The default --batch-size: large enough to amortise a call, small enough for progress. */
  public static final int DEFAULT_BATCH = 64;
  /** The default --vocab-size. */
  public static final int DEFAULT_VOCAB = 1024;
  /** The default --num-features. */
  public static final int DEFAULT_FEATURES = 4096;
}
