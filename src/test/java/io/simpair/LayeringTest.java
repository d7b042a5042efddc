package io.simpair;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-way layering: kernel ← search ← plan ← result (pure Java, no Spark or Hadoop); the
 * Spark job layer over them and beside io; cli on top. report is pure and stands alone; embed
 * (the MiniLM model on ONNX Runtime) is pure Java too and only the Spark layer uses it. Each row
 * names a package and import prefixes it must not use.
 */
class LayeringTest {

  @ParameterizedTest(name = "{0} must not import {1}")
  @CsvSource({
    "kernel, org.apache.spark",
    "kernel, org.apache.hadoop",
    "kernel, scala.",
    "kernel, io.simpair.search",
    "kernel, io.simpair.plan",
    "kernel, io.simpair.result",
    "kernel, io.simpair.spark",
    "kernel, io.simpair.io",
    "kernel, io.simpair.cli",
    "kernel, io.simpair.report",
    "search, org.apache.spark",
    "search, org.apache.hadoop",
    "search, scala.",
    "search, io.simpair.plan",
    "search, io.simpair.result",
    "search, io.simpair.spark",
    "search, io.simpair.io",
    "search, io.simpair.cli",
    "search, io.simpair.report",
    "plan, org.apache.spark",
    "plan, org.apache.hadoop",
    "plan, scala.",
    "plan, io.simpair.result",
    "plan, io.simpair.spark",
    "plan, io.simpair.io",
    "plan, io.simpair.cli",
    "plan, io.simpair.report",
    "result, org.apache.spark",
    "result, org.apache.hadoop",
    "result, scala.",
    "result, io.simpair.spark",
    "result, io.simpair.io",
    "result, io.simpair.cli",
    "result, io.simpair.report",
    "report, org.apache.spark",
    "report, org.apache.hadoop",
    "report, scala.",
    "report, io.simpair.spark",
    "report, io.simpair.io",
    "report, io.simpair.cli",
    "report, io.simpair.plan",
    "report, io.simpair.search",
    "report, io.simpair.result",
    "io, io.simpair.spark",
    "io, io.simpair.plan",
    "io, io.simpair.search",
    "io, io.simpair.kernel",
    "io, io.simpair.result",
    "io, io.simpair.cli",
    "io, io.simpair.report",
    "spark, io.simpair.cli",
    "generate, org.apache.spark",
    "generate, org.apache.hadoop",
    "generate, scala.",
    "generate, io.simpair.spark",
    "generate, io.simpair.io",
    "generate, io.simpair.cli",
    "generate, io.simpair.report",
    "generate, io.simpair.result",
    "generate, io.simpair.plan",
    "baseline, org.apache.spark",
    "baseline, org.apache.hadoop",
    "baseline, scala.",
    "baseline, io.simpair.spark",
    "baseline, io.simpair.io",
    "baseline, io.simpair.cli",
    "baseline, io.simpair.report",
    "baseline, io.simpair.result",
    "baseline, io.simpair.plan",
    "embed, org.apache.spark",
    "embed, org.apache.hadoop",
    "embed, scala.",
    "embed, io.simpair.spark",
    "embed, io.simpair.io",
    "embed, io.simpair.cli",
    "embed, io.simpair.result",
    "embed, io.simpair.plan",
    "embed, io.simpair.search",
    "embed, io.simpair.kernel",
    "embed, io.simpair.report",
    "io, io.simpair.embed",
    "kernel, io.simpair.embed",
    "search, io.simpair.embed",
    "plan, io.simpair.embed",
    "result, io.simpair.embed",
    "report, io.simpair.embed",
  })

  void packageDoesNotImport(String pkg, String forbidden) throws IOException {
    Path dir = Path.of("src/main/java/io/simpair", pkg);
    assertTrue(Files.isDirectory(dir), dir + " missing");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          String t = line.trim();
          if ((t.startsWith("import " + forbidden) || t.startsWith("import static " + forbidden))
              || (!t.startsWith("import") && !t.startsWith("*") && !t.startsWith("//")
                  && t.contains(forbidden.endsWith(".") ? forbidden : forbidden + "."))) {
            offenders.add(f + ": " + t);
          }
        }
      }
    }
    assertTrue(offenders.isEmpty(), String.join("\n", offenders));
  }
}
