package io.simpair.spark;

import io.simpair.io.TextRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The MLlib embedders. Words: the text lower-cased and split at every run of characters that
 * are neither letters nor digits (Unicode classes, MLlib {@code RegexTokenizer} with pattern
 * {@value #WORD_SPLIT}). bow: {@code CountVectorizerModel} with {@code binary=true} over the
 * {@code --vocab-size} words of highest total count (ties by the word, so the vocabulary is
 * reproducible), 0/1 vectors that the popcount kernel takes; tfidf: {@code HashingTF} then
 * {@code IDF}; hashing: {@code HashingTF} term counts.
 */
final class Featurizer {
  /** Separators between words. */
  static final String WORD_SPLIT = "[^\\p{L}\\p{N}]+";

  private Featurizer() {}

  /** The vectors, the vocabulary (bow) and a description of the featuriser. */
  record Result(JavaRDD<EmbeddedDoc> vectors, List<String> vocabulary, String description) {}

  static RegexTokenizer tokenizer() {
    return new RegexTokenizer()
        .setInputCol("text")
        .setOutputCol("words")
        .setPattern(WORD_SPLIT)
        .setGaps(true)
        .setToLowercase(true)
        .setMinTokenLength(1);
  }

  static Result fit(SparkSession spark, JavaRDD<TextRecord> docs, EmbedConfig cfg) {
    StructType schema =
        new StructType()
            .add("index", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, false)
            .add("text", DataTypes.StringType, false);
    Dataset<Row> df = spark.createDataFrame(docs.map(r -> RowFactory.create(r.index, r.id, r.text)), schema);
    Dataset<Row> words = tokenizer().transform(df);
    Dataset<Row> features;
    List<String> vocab = new ArrayList<>();
    String desc;
    switch (cfg.embedder()) {
      case BOW -> {
        vocab = vocabulary(words, cfg.vocabSize());
        if (vocab.isEmpty()) {
          throw new io.simpair.io.InputException(cfg.input().path() + ": no words in any document: the vocabulary is empty");
        }
        features = new CountVectorizerModel(vocab.toArray(String[]::new))
            .setInputCol("words").setOutputCol("features").setBinary(true).transform(words);
        desc = "binary bag of words over the " + vocab.size() + " most frequent words (MLlib CountVectorizer, binary=true)";
      }
      case TFIDF -> {
        Dataset<Row> tf = new HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(cfg.numFeatures()).transform(words);
        IDFModel idf = new IDF().setInputCol("tf").setOutputCol("features").fit(tf);
        features = idf.transform(tf);
        desc = "tf-idf over " + cfg.numFeatures() + " hashed features (MLlib HashingTF, IDF)";
      }
      case HASHING -> {
        features = new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(cfg.numFeatures()).transform(words);
        desc = "term counts over " + cfg.numFeatures() + " hashed features (MLlib HashingTF)";
      }
      default -> throw new IllegalArgumentException(cfg.embedder().toString());
    }
    JavaRDD<EmbeddedDoc> out =
        features.select("index", "id", "text", "words", "features").javaRDD()
            .map(
                r -> {
                  EmbeddedDoc d = new EmbeddedDoc();
                  d.index = r.getLong(0);
                  d.id = r.getString(1);
                  d.text = r.getString(2);
                  d.tokens = r.getList(3).size();
                  d.empty = d.text.isBlank();
                  double[] v = ((Vector) r.get(4)).toArray();
                  float[] f = new float[v.length];
                  for (int k = 0; k < v.length; k++) {
                    f[k] = (float) v[k];
                  }
                  d.vector = f;
                  return d;
                });
    return new Result(out, vocab, desc);
  }

  /** The {@code size} words of highest total count, ties by the word. */
  static List<String> vocabulary(Dataset<Row> words, int size) {
    List<String> vocab = new ArrayList<>();
    for (Row r :
        words.select(functions.explode(functions.col("words")).as("w"))
            .groupBy("w").count()
            .orderBy(functions.col("count").desc(), functions.col("w").asc())
            .limit(size)
            .collectAsList()) {
      vocab.add(r.getString(0));
    }
    return vocab;
  }
}
