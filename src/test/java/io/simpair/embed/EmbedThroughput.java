package io.simpair.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The model's own documents per second, without Spark (bench/embed-model-throughput.sh runs
 * it): int8 and fp32 on the same short and long documents, on 1 and 2 threads sharing one
 * model as an executor's task slots do, one after the other in this JVM so their ratios share
 * the machine's load. Not a test.
 */
public final class EmbedThroughput {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    int batch = 64;
    String[] names = {"short", "long"};
    List<List<String>> sets = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      List<String> t = new ArrayList<>();
      for (String l : Files.readAllLines(Path.of(args[s]))) {
        t.add(json.readTree(l).get("text").asText());
      }
      sets.add(t);
    }
    Path dir = Files.createTempDirectory("simpair-throughput");
    System.out.printf(Locale.ROOT, "%-5s %-6s %7s %5s %8s %9s %9s %10s%n", "model", "docs", "threads", "n", "tokens", "seconds", "docs/s", "tokens/s");
    for (MiniLmModel.Kind kind : MiniLmModel.Kind.values()) {
      try (MiniLmModel m = MiniLmModel.open(kind, dir)) {
        m.embed(sets.get(0).subList(0, 32));
        for (int s = 0; s < 2; s++) {
          List<String> texts = sets.get(s);
          for (int threads : new int[] {1, 2}) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<Long>> parts = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += batch) {
              List<String> b = texts.subList(from, Math.min(texts.size(), from + batch));
              parts.add(pool.submit(() -> {
                long tok = 0;
                for (MiniLmModel.Embedded e : m.embed(b)) {
                  tok += e.tokens();
                }
                return tok;
              }));
            }
            long tokens = 0;
            for (Future<Long> f : parts) {
              tokens += f.get();
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%-5s %-6s %7d %5d %8d %9.2f %9.1f %10.0f%n",
                kind.name().toLowerCase(Locale.ROOT), names[s], threads, texts.size(), tokens, sec, texts.size() / sec, tokens / sec);
          }
        }
      }
    }
  }
}
