package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure-Java packages must not depend on Spark or Hadoop. */
class KernelDependenciesTest {

  private static final Pattern FORBIDDEN =
      Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.apache\\.(spark|hadoop)\\.", Pattern.MULTILINE);

  @Test
  void kernelImportsNoSparkOrHadoop() throws IOException {
    Path kernel = Paths.get("src/main/java/io/simpair/kernel");
    assertTrue(Files.isDirectory(kernel), "run from the project root: " + kernel.toAbsolutePath());
    List<Path> sources;
    try (Stream<Path> files = Files.walk(kernel)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() >= 4, "too few kernel sources found: " + sources);
    List<String> offenders = new ArrayList<>();
    for (Path f : sources) {
      if (FORBIDDEN.matcher(Files.readString(f)).find()) {
        offenders.add(f.toString());
      }
    }
    assertTrue(offenders.isEmpty(), "kernel files import Spark or Hadoop: " + offenders);
  }
}
