package io.simpair.cli;

import io.simpair.embed.MiniLmModel;
import io.simpair.io.OutputCommit;
import io.simpair.io.TextFormat;
import io.simpair.io.TextSpec;
import io.simpair.result.EmbedJson;
import io.simpair.result.EmbedReport;
import io.simpair.spark.EmbedConfig;
import io.simpair.spark.EmbedJob;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair embed}: documents in, a table of vectors that {@code pairs} reads out. */
final class EmbedCommand extends Command<EmbedConfig> {

  static final Set<String> OPTIONS =
      Set.of(
          "input", "output", "embedder", "format", "id-field", "text-field", "id-col", "text-col", "id-prefix",
          "model", "batch-size", "vocab-size", "num-features", "partitions");
  static final Set<String> FLAGS = Set.of("no-text", "overwrite", "no-progress", "help");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh embed --input PATH --output DIR [--embedder minilm|bow|tfidf|hashing] [options]",
          "",
          "Embeds documents and writes DIR/embeddings.parquet (id, vector array<float>, text), in",
          "input order, which 'pairs --input DIR/embeddings.parquet' reads directly; counts in",
          "DIR/embed.json (written last).",
          "",
          "input (files sorted by path, then lines in file order; a .gz file is read through gzip):",
          "  --input PATH          file or directory; local path or Hadoop URI",
          "  --format FMT          jsonl | text | parquet (default: from the extension: .jsonl/.ndjson/",
          "                        .json, .txt, .parquet)",
          "  --id-field NAME       JSONL id field, a string or whole number (default: id)",
          "  --text-field NAME     JSONL text field, a string (default: text)",
          "  --id-col, --text-col  Parquet id and text columns (default: id, text)",
          "  --id-prefix P         text: ids are P + the 0-based line number (default: the number)",
          "",
          "embedder:",
          "  --embedder E          minilm (default): all-MiniLM-L6-v2 on ONNX Runtime in the executors,",
          "                        mean-pooled over the attention mask, L2-normalised, 384-d; texts",
          "                        longer than " + MiniLmModel.MAX_TOKENS + " word pieces are truncated and counted",
          "                        bow: 0/1 bag of words over the --vocab-size most frequent words",
          "                        (MLlib CountVectorizer binary=true; pairs runs its popcount kernel);",
          "                        DIR/vocabulary.txt holds the words, line k = position k-1",
          "                        tfidf: MLlib HashingTF + IDF; hashing: MLlib HashingTF term counts",
          "                        (words: lower-cased, split at every run of non-letters/non-digits)",
          "  --model M             minilm weights: int8 (default) | fp32",
          "  --batch-size N        minilm: documents tokenised and run together (default: " + EmbedConfig.DEFAULT_BATCH + ")",
          "  --vocab-size N        bow: words kept (default: " + EmbedConfig.DEFAULT_VOCAB + ")",
          "  --num-features N      tfidf, hashing: hashed dimension (default: " + EmbedConfig.DEFAULT_FEATURES + ")",
          "  --partitions N        tasks that embed (default: 2x the cores, or one per 1000 documents)",
          "",
          "output:",
          "  --output DIR          where embeddings.parquet and embed.json go",
          "  --no-text             leave the text column out of embeddings.parquet",
          "  --overwrite           replace existing outputs",
          "  --no-progress         no progress line",
          "  --help                this text",
          "",
          "Bad input (no such field, a text that is not a string, an empty file, invalid JSON or",
          "non-UTF-8 bytes on a line, duplicate ids): exit 2 naming the file and line, nothing written.",
          "exit codes: 0 ok, 2 bad arguments or input, 1 internal error");

  EmbedCommand() {
    super("embed", USAGE, OPTIONS, FLAGS);
  }

  @Override
  EmbedConfig parse(String[] args) {
    return config(args(args));
  }

  static EmbedConfig config(Args a) {
    if (a.get("input") == null) {
      throw new UsageException("--input is required");
    }
    if (a.get("output") == null) {
      throw new UsageException("--output is required");
    }
    TextFormat format = null;
    if (a.get("format") != null) {
      format = TextFormat.parse(a.get("format"));
      if (format == null) {
        throw new UsageException("--format must be jsonl, text or parquet, got '" + a.get("format") + "'");
      }
    }
    if (a.get("id-field") != null && a.get("id-col") != null) {
      throw new UsageException("give --id-field (JSONL) or --id-col (Parquet), not both");
    }
    if (a.get("text-field") != null && a.get("text-col") != null) {
      throw new UsageException("give --text-field (JSONL) or --text-col (Parquet), not both");
    }
    String id = a.get("id-field") != null ? a.get("id-field") : a.get("id-col");
    String text = a.get("text-field") != null ? a.get("text-field") : a.get("text-col");
    EmbedConfig.Embedder embedder = a.enumValue("embedder", EmbedConfig.Embedder.MINILM, EmbedConfig.Embedder.class);
    MiniLmModel.Kind model = a.enumValue("model", MiniLmModel.Kind.INT8, MiniLmModel.Kind.class);
    if (a.get("model") != null && embedder != EmbedConfig.Embedder.MINILM) {
      throw new UsageException("--model is for --embedder minilm");
    }
    if (a.get("vocab-size") != null && embedder != EmbedConfig.Embedder.BOW) {
      throw new UsageException("--vocab-size is for --embedder bow");
    }
    if (a.get("num-features") != null && embedder != EmbedConfig.Embedder.TFIDF && embedder != EmbedConfig.Embedder.HASHING) {
      throw new UsageException("--num-features is for --embedder tfidf or hashing");
    }
    return new EmbedConfig(
        new TextSpec(a.get("input"), format, id, text, a.get("id-prefix")),
        a.get("output"),
        embedder,
        model,
        a.intValue("batch-size", EmbedConfig.DEFAULT_BATCH, 1, 4096),
        a.intValue("vocab-size", EmbedConfig.DEFAULT_VOCAB, 1, 1 << 20),
        a.intValue("num-features", EmbedConfig.DEFAULT_FEATURES, 1, 1 << 20),
        a.intValue("partitions", 0, 1, 100_000),
        !a.flag("no-text"),
        a.flag("overwrite"),
        !a.flag("no-progress"));
  }

  @Override
  int execute(SparkSession spark, EmbedConfig cfg, PrintStream out, PrintStream err) throws Exception {
    OutputCommit commit =
        new OutputCommit(
            spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite(),
            List.of(EmbedJson.FILE, EmbedJob.EMBEDDINGS));
    try {
      commit.check();
      EmbedReport r = new EmbedJob(cfg).run(spark, commit, out);
      commit.putJson(EmbedJson.FILE, EmbedJson.of(r));
      commit.commit();
      out.println(summary(r, commit.finalPath(EmbedJob.EMBEDDINGS)));
      return ExitCodes.OK;
    } catch (Exception e) {
      commit.abort();
      throw e;
    }
  }

  static String summary(EmbedReport r, String path) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "embedded %d documents (%s, dimension %d) in %.1f s: %.1f documents/s%n",
        r.documents(), r.model(), r.dimension(), r.seconds(), r.documents() / Math.max(1e-9, r.seconds())));
    sb.append(String.format(Locale.ROOT, "empty=%d truncated=%d tokens=%d zero_vectors=%d%n",
        r.emptyDocuments(), r.truncatedDocuments(), r.tokens(), r.zeroVectors()));
    if (r.zeroVectors() > 0) {
      sb.append("all-zero vectors (pairs --metric cosine refuses them): ").append(r.zeroVectorIds()).append('\n');
    }
    sb.append(r.stages().table());
    sb.append("embeddings: ").append(path);
    return sb.toString();
  }
}
