package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simpair.io.NpyTestFiles;
import java.io.IOException;
import java.nio.file.Files;
import io.simpair.generate.GeneratorSpec;
import io.simpair.generate.Instance;
import io.simpair.generate.Kind;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --generate}'s file is the NPY of generate --kind random's rows, to the byte, whatever the size. */
class GaussianNpyTest {

  @ParameterizedTest(name = "n={0} d={1} seed={2}")
  @CsvSource({"5, 3, 7", "1000, 17, 42", "1, 384, 1"})
  void generatedFileIsTheNpyOfTheSeededRows(long n, int d, long seed, @TempDir java.nio.file.Path dir)
      throws IOException {
    java.nio.file.Path file = dir.resolve("g.npy");
    ScalingJob.writeGaussianNpy(
        FileSystem.getLocal(new Configuration()),
        new Path(file.toUri()),
        n,
        new ScalingJob.Generate(d, seed));
    Instance inst = new Instance(new GeneratorSpec(Kind.RANDOM, 1000, 0, d, 0.5, seed, 0.05));
    float[][] rows = new float[(int) n][];
    for (int i = 0; i < n; i++) {
      rows[i] = inst.row(0, i);
    }
    assertArrayEquals(NpyTestFiles.f4(rows), Files.readAllBytes(file));
  }
}
