package io.simpair.spark;

import io.simpair.embed.MiniLmModel;
import io.simpair.io.OutputCommit;
import io.simpair.io.TextReader;
import io.simpair.io.TextRecord;
import io.simpair.result.EmbedReport;
import io.simpair.result.StageLog;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The embed job: documents in (JSONL, text or Parquet), {@code embeddings.parquet} ({@code id},
 * {@code vector array<float>}, {@code text}) out, in input order, so that {@code pairs --input
 * DIR/embeddings.parquet} reads it directly; counts in {@code embed.json}, written last.
 */
public final class EmbedJob {
  private static final Logger LOG = LogManager.getLogger(EmbedJob.class);
  /** The table of vectors. */
  public static final String EMBEDDINGS = "embeddings.parquet";
  /** bow: the vocabulary, one word a line, line k = vector position k - 1. */
  public static final String VOCABULARY = "vocabulary.txt";

  private final EmbedConfig cfg;

  public EmbedJob(EmbedConfig cfg) {
    this.cfg = cfg;
  }

  /** Runs the job, staging its outputs in {@code commit}; the caller commits. */
  public EmbedReport run(SparkSession spark, OutputCommit commit, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    StageLog log = new StageLog();
    StageLog.Stage read = log.begin("read", "read and check the documents in input order");
    TextReader.TextInput in = TextReader.read(spark, cfg.input());
    log.end(read, in.files().size(), in.count());
    read.count("files", in.files().size()).count("format", in.format().label());
    LOG.info("embed: {} documents in {} {} file(s)", in.count(), in.files().size(), in.format().label());
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      LongAccumulator done = jsc.sc().longAccumulator("documents embedded");
      StageLog.Stage embed = log.begin("embed", "embed every document (" + cfg.embedder().name().toLowerCase(Locale.ROOT) + ")");
      Featurizer.Result f;
      JavaRDD<EmbeddedDoc> vectors;
      String model;
      if (cfg.embedder() == EmbedConfig.Embedder.MINILM) {
        int parts = cfg.partitions() > 0 ? cfg.partitions()
            : (int) Math.max(2L * jsc.defaultParallelism(), Math.min(10_000, (in.count() + 999) / 1000));
        vectors = miniLm(in.docs(), parts, cfg.model(), cfg.batchSize(), done);
        f = null;
        model = "all-MiniLM-L6-v2 " + cfg.model().name().toLowerCase(Locale.ROOT) + " (" + cfg.model().resource() + ".onnx)";
      } else {
        f = Featurizer.fit(spark, in.docs(), cfg);
        vectors = f.vectors().map(d -> {
          done.add(1);
          return d;
        });
        model = f.description();
      }
      Dataset<Row> table = spark.createDataFrame(vectors.map(EmbedJob::row), FULL).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      Row stats;
      try (Progress p = cfg.progress() ? Progress.documents("embed", in.count(), done::value, out) : null) {
        stats =
            table.agg(
                    functions.count("*"),
                    functions.sum(functions.col("empty").cast("long")),
                    functions.sum(functions.col("truncated").cast("long")),
                    functions.sum("tokens"),
                    functions.sum(functions.col("zero").cast("long")),
                    functions.max(functions.size(functions.col("vector"))),
                    functions.min(functions.size(functions.col("vector"))))
                .first();
      }
      long n = stats.getLong(0);
      if (n != in.count()) {
        throw new IllegalStateException("embedded " + n + " documents of " + in.count());
      }
      int dim = stats.getInt(5);
      if (dim != stats.getInt(6)) {
        throw new IllegalStateException("vectors of lengths " + stats.getInt(6) + " and " + dim);
      }
      long zero = stats.getLong(4);
      List<String> zeroIds = new ArrayList<>();
      if (zero > 0) {
        for (Row r : table.filter("zero").orderBy("index").select("id").limit(10).collectAsList()) {
          zeroIds.add(r.getString(0));
        }
        LOG.warn(
            "embed: {} documents have an all-zero vector (first: {}); pairs under cosine refuses them, --metric dot takes them",
            zero, zeroIds);
      }
      log.end(embed, n, n);
      embed.count("tokens", stats.getLong(3)).count("truncated", stats.getLong(2)).count("empty", stats.getLong(1));

      StageLog.Stage write = log.begin("write", "write embeddings.parquet in input order");
      String path = commit.stage(EMBEDDINGS);
      List<String> cols = new ArrayList<>(List.of("id", "vector"));
      if (cfg.writeText()) {
        cols.add("text");
      }
      table.orderBy("index").select(cols.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new))
          .write().parquet(path);
      log.end(write, n, n);
      table.unpersist();
      List<String> vocab = f == null ? List.of() : f.vocabulary();
      if (!vocab.isEmpty()) {
        commit.put(VOCABULARY, (String.join("\n", vocab) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new EmbedReport(
          n, stats.getLong(1), stats.getLong(2), stats.getLong(3), zero, zeroIds, seconds,
          cfg.embedder().name().toLowerCase(Locale.ROOT), model, dim, vocab, cfg.input().path(), in.format().label(),
          cfg.embedder() == EmbedConfig.Embedder.MINILM ? cfg.batchSize() : 0, log);
    } finally {
      in.docs().unpersist(false);
    }
  }

  /** The table's columns while the job runs; the file keeps id, vector and (unless --no-text) text. */
  static final StructType FULL =
      new StructType()
          .add("index", DataTypes.LongType, false)
          .add("id", DataTypes.StringType, false)
          .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("text", DataTypes.StringType, false)
          .add("tokens", DataTypes.LongType, false)
          .add("truncated", DataTypes.BooleanType, false)
          .add("empty", DataTypes.BooleanType, false)
          .add("zero", DataTypes.BooleanType, false);

  private static Row row(EmbeddedDoc d) {
    boolean zero = true;
    for (float x : d.vector) {
      if (x != 0f) {
        zero = false;
        break;
      }
    }
    return RowFactory.create(d.index, d.id, d.vector, d.text, (long) d.tokens, d.truncated, d.empty, zero);
  }

  /**
   * minilm: the documents spread over {@code parts} tasks (their order is restored when the
   * table is written), each task embedding its documents in batches on its JVM's one model.
   */
  static JavaRDD<EmbeddedDoc> miniLm(JavaRDD<TextRecord> docs, int parts, MiniLmModel.Kind kind, int batch, LongAccumulator done) {
    return docs.repartition(parts)
        .mapPartitions(
            (Iterator<TextRecord> it) -> {
              MiniLmModel m = MiniLmHolder.get(kind);
              List<EmbeddedDoc> out = new ArrayList<>();
              List<TextRecord> chunk = new ArrayList<>(batch);
              while (it.hasNext()) {
                chunk.add(it.next());
                if (chunk.size() == batch || !it.hasNext()) {
                  List<String> texts = new ArrayList<>(chunk.size());
                  for (TextRecord r : chunk) {
                    texts.add(r.text);
                  }
                  MiniLmModel.Embedded[] e = m.embed(texts);
                  for (int i = 0; i < chunk.size(); i++) {
                    TextRecord r = chunk.get(i);
                    EmbeddedDoc d = new EmbeddedDoc();
                    d.index = r.index;
                    d.id = r.id;
                    d.text = r.text;
                    d.vector = e[i].vector();
                    d.tokens = e[i].tokens();
                    d.truncated = e[i].truncated();
                    d.empty = r.text.isBlank();
                    out.add(d);
                  }
                  done.add(chunk.size());
                  chunk.clear();
                }
              }
              return out.iterator();
            });
  }
}
