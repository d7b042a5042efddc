package io.simpair.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MiniLM embedder without Spark, against reference vectors computed once by a second route
 * (bench/minilm-reference: ONNX Runtime's Node binding, a WordPiece tokenizer and pooling written
 * in JavaScript; checked in as src/test/resources/minilm/reference.json).
 */
class MiniLmModelTest {
  private static MiniLmModel int8;
  private static MiniLmModel fp32;
  private static JsonNode ref;
  private static List<String> sentences;

  @BeforeAll
  static void open() throws Exception {
    Path dir = Files.createTempDirectory("simpair-minilm-test");
    int8 = MiniLmModel.open(MiniLmModel.Kind.INT8, dir);
    fp32 = MiniLmModel.open(MiniLmModel.Kind.FP32, dir);
    try (InputStream in = MiniLmModelTest.class.getResourceAsStream("/minilm/reference.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    sentences = new ArrayList<>();
    ref.get("sentences").forEach(s -> sentences.add(s.asText()));
  }

  @AfterAll
  static void close() {
    int8.close();
    fp32.close();
  }

  private static float[] refVector(String kind, int i) {
    JsonNode v = ref.get("models").get(kind).get(i).get("vector");
    float[] f = new float[v.size()];
    for (int k = 0; k < f.length; k++) {
      f[k] = (float) v.get(k).asDouble();
    }
    return f;
  }

  static double cos(float[] a, float[] b) {
    double d = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      d += (double) a[k] * b[k];
      na += (double) a[k] * a[k];
      nb += (double) b[k] * b[k];
    }
    return d / Math.sqrt(na * nb);
  }

  @Test
  void matchesTheReferenceVectorsAndTokenIds() {
    for (String kind : new String[] {"int8", "fp32"}) {
      MiniLmModel m = kind.equals("int8") ? int8 : fp32;
      MiniLmModel.Embedded[] e = m.embed(sentences);
      for (int i = 0; i < sentences.size(); i++) {
        JsonNode ids = ref.get("models").get(kind).get(i).get("ids");
        assertEquals(ids.size(), e[i].tokens(), kind + " token count of sentence " + i);
        float[] want = refVector(kind, i);
        assertEquals(MiniLmModel.DIMENSION, e[i].vector().length);
        double maxDiff = 0;
        for (int k = 0; k < want.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(want[k] - e[i].vector()[k]));
        }
        assertTrue(maxDiff < 1e-5, kind + " sentence " + i + ": max |difference| " + maxDiff);
        assertTrue(cos(want, e[i].vector()) > 0.99999, kind + " sentence " + i);
      }
    }
  }

  @Test
  void vectorsHaveUnitLengthAndParaphrasesAreCloserThanUnrelatedSentences() {
    for (MiniLmModel m : new MiniLmModel[] {int8, fp32}) {
      MiniLmModel.Embedded[] e = m.embed(sentences);
      for (MiniLmModel.Embedded x : e) {
        assertEquals(1.0, Math.sqrt(cos(x.vector(), x.vector()) * norm2(x.vector())), 1e-5);
      }
      // 0/1: eating food/bread; 5/6: movie awesome/great; 3: riding a horse; 7: stock market
      assertTrue(cos(e[0].vector(), e[1].vector()) > cos(e[0].vector(), e[7].vector()) + 0.3, m.kind() + " eating");
      assertTrue(cos(e[5].vector(), e[6].vector()) > cos(e[5].vector(), e[7].vector()) + 0.3, m.kind() + " movie");
      assertTrue(cos(e[0].vector(), e[1].vector()) > cos(e[0].vector(), e[3].vector()), m.kind() + " eating vs riding");
      assertTrue(cos(e[5].vector(), e[6].vector()) > 0.7, m.kind() + " movie paraphrase");
    }
  }

  private static double norm2(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return s;
  }

  @Test
  void int8AndFp32AgreeToCosine098PerSentence() {
    MiniLmModel.Embedded[] a = int8.embed(sentences);
    MiniLmModel.Embedded[] b = fp32.embed(sentences);
    for (int i = 0; i < sentences.size(); i++) {
      double c = cos(a[i].vector(), b[i].vector());
      assertTrue(c >= 0.98, "sentence " + i + ": cosine(int8, fp32) = " + c);
    }
  }

  @Test
  void batchingAndOrderDoNotChangeAnyBit() {
    List<String> texts = new ArrayList<>(sentences);
    for (int i = 0; i < 20; i++) {
      texts.add("Sentence number " + i + " about " + (i % 3 == 0 ? "horses" : "bread") + ".");
    }
    for (MiniLmModel m : new MiniLmModel[] {int8, fp32}) {
      MiniLmModel.Embedded[] all = m.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(all[i].vector(), m.embed(List.of(texts.get(i)))[0].vector(), m.kind() + " alone " + i);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(7));
      for (int from = 0; from < order.size(); from += 5) {
        List<Integer> part = order.subList(from, Math.min(order.size(), from + 5));
        List<String> batch = new ArrayList<>();
        part.forEach(i -> batch.add(texts.get(i)));
        MiniLmModel.Embedded[] e = m.embed(batch);
        for (int j = 0; j < part.size(); j++) {
          assertArrayEquals(all[part.get(j)].vector(), e[j].vector(), m.kind() + " shuffled batch, text " + part.get(j));
        }
      }
    }
  }

  @Test
  void anEmptyTextIsEmbeddedAndALongOneTruncatedAndCounted() {
    MiniLmModel.Embedded empty = int8.embed(List.of(""))[0];
    assertEquals(2, empty.tokens()); // [CLS] [SEP]
    assertFalse(empty.truncated());
    assertEquals(1.0, norm2(empty.vector()), 1e-5);
    String longText = "word ".repeat(400);
    MiniLmModel.Embedded cut = int8.embed(List.of(longText))[0];
    assertTrue(cut.truncated());
    assertEquals(MiniLmModel.MAX_TOKENS, cut.tokens());
    MiniLmModel.Embedded shortText = int8.embed(List.of("word ".repeat(100)))[0];
    assertFalse(shortText.truncated());
    assertEquals(102, shortText.tokens());
  }

  @Test
  void nativeLibrariesStayOutOfTheHomeDirectory() {
    assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".djl.ai")), "~/.djl.ai was created");
    // the first directory of this JVM wins (in the whole suite a Spark test's, since removed)
    String home = System.getProperty("user.home");
    String ort = System.getProperty("onnxruntime.native.path");
    assertTrue(ort != null && ort.endsWith("onnxruntime-natives") && !ort.startsWith(home), ort);
    String djl = System.getProperty("DJL_CACHE_DIR");
    assertTrue(djl != null && !djl.startsWith(home), djl);
  }
}
