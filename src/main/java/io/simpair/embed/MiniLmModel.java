package io.simpair.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 run through ONNX Runtime with its Hugging Face tokenizer (DJL's binding):
 * the model and tokenizer JSON are classpath resources of the jars shipped with the job, so
 * nothing is downloaded. One instance is meant per JVM ({@code OrtSession.run} is thread-safe);
 * each run is single-threaded, so Spark's task slots are the parallelism and a document's vector
 * depends on nothing but its text (see {@link #embed}).
 */
public final class MiniLmModel implements AutoCloseable {
  /** The sentence-transformers window of all-MiniLM-L6-v2, in word pieces with [CLS] and [SEP]. */
  public static final int MAX_TOKENS = 256;
  /** The vector length. */
  public static final int DIMENSION = 384;

  /** The two published weights: int8 (dynamically quantised) and fp32. */
  public enum Kind {
    INT8("all-minilm-l6-v2-q"),
    FP32("all-minilm-l6-v2");

    final String resource;

    Kind(String resource) {
      this.resource = resource;
    }

    /** The resource names' stem, e.g. {@code all-minilm-l6-v2-q}. */
    public String resource() {
      return resource;
    }
  }

  /** One document's vector with what the tokenizer did to it. */
  public record Embedded(float[] vector, int tokens, boolean truncated) {}

  private final Kind kind;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  private MiniLmModel(Kind kind, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
    this.kind = kind;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads the model and tokenizer from the classpath; the native libraries are extracted under
   * {@code nativeDir} (see {@link NativeLibraries}), never the home directory.
   *
   * @throws IllegalStateException when the model jar is not on the classpath
   */
  public static MiniLmModel open(Kind kind, Path nativeDir) {
    NativeLibraries.prepare(nativeDir);
    try {
      byte[] onnx = resource(kind.resource + ".onnx");
      Map<String, String> opts = new HashMap<>();
      opts.put("addSpecialTokens", "true");
      opts.put("truncation", "true");
      opts.put("maxLength", Integer.toString(MAX_TOKENS));
      opts.put("padding", "false");
      HuggingFaceTokenizer tok;
      try (InputStream in = stream(kind.resource + "-tokenizer.json")) {
        tok = HuggingFaceTokenizer.newInstance(in, opts);
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      return new MiniLmModel(kind, env, env.createSession(onnx, so), tok);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot start ONNX Runtime on " + kind.resource + ".onnx: " + e.getMessage(), e);
    }
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The unit-length mean-pooled vectors of {@code texts}, in order. The texts are tokenised
   * together; fp32 runs them in groups of equal token count, so that no document is padded
   * (padding changes the summation order in attention). The int8 model quantises each input
   * tensor with one scale taken from the whole tensor (DynamicQuantizeLinear), so a document
   * sharing a run would depend on its neighbours: int8 runs each document alone. Either way a
   * vector is the same bit for bit whatever the batch size or partitioning (tests check it).
   */
  public Embedded[] embed(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    Embedded[] out = new Embedded[texts.size()];
    if (kind == Kind.INT8) {
      // per-tensor dynamic quantisation: only a document run alone is independent of the others
      for (int i = 0; i < enc.length; i++) {
        run(enc, enc[i].getIds().length, List.of(i), out);
      }
      return out;
    }
    Map<Integer, List<Integer>> byLength = new java.util.TreeMap<>();
    for (int i = 0; i < enc.length; i++) {
      byLength.computeIfAbsent(enc[i].getIds().length, k -> new java.util.ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> g : byLength.entrySet()) {
      run(enc, g.getKey(), g.getValue(), out);
    }
    return out;
  }

  private void run(Encoding[] enc, int len, List<Integer> rows, Embedded[] out) {
    int b = rows.size();
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int r = 0; r < b; r++) {
      Encoding e = enc[rows.get(r)];
      System.arraycopy(e.getIds(), 0, ids, r * len, len);
      System.arraycopy(e.getAttentionMask(), 0, mask, r * len, len);
      System.arraycopy(e.getTypeIds(), 0, types, r * len, len);
    }
    long[] shape = {b, len};
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> in = new HashMap<>();
      in.put("input_ids", tIds);
      in.put("attention_mask", tMask);
      in.put("token_type_ids", tTypes);
      try (OrtSession.Result res = session.run(in, java.util.Set.of("last_hidden_state"))) {
        float[][][] hidden = (float[][][]) res.get(0).getValue();
        for (int r = 0; r < b; r++) {
          Encoding e = enc[rows.get(r)];
          out[rows.get(r)] =
              new Embedded(Pooling.meanNormalized(hidden[r], e.getAttentionMask()), len, e.exceedMaxLength());
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + b + " documents: " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream stream(String name) {
    InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name + " is not on the classpath: the embed job needs the model jars (run-cluster.sh adds them for 'embed')");
    }
    return in;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at JVM end: nothing to do
    }
    tokenizer.close();
  }
}
