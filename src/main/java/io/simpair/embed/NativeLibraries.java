package io.simpair.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Puts ONNX Runtime's and the tokenizer's native libraries, which travel inside their jars,
 * under a directory the caller owns (the Spark job's local directory), never the home directory:
 * ONNX Runtime's are copied there and named by {@code onnxruntime.native.path}; DJL extracts the
 * tokenizer's into {@code DJL_CACHE_DIR}. Both are read once per JVM, so the first call wins.
 */
public final class NativeLibraries {
  private static Path prepared;

  private NativeLibraries() {}

  /** Prepares the directories once per JVM; later calls with another directory keep the first. */
  public static synchronized Path prepare(Path dir) {
    if (prepared != null) {
      return prepared;
    }
    try {
      Path ort = dir.resolve("onnxruntime-natives");
      Files.createDirectories(ort);
      String platform = ortPlatform();
      for (String lib : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
        String res = "ai/onnxruntime/native/" + platform + "/" + lib;
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(res)) {
          if (in == null) {
            throw new IllegalStateException(res + " is not on the classpath (ONNX Runtime jar missing, or an unsupported platform)");
          }
          Path tmp = Files.createTempFile(ort, lib, ".part");
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, ort.resolve(lib), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      System.setProperty("onnxruntime.native.path", ort.toString());
      Path djl = dir.resolve("djl-cache");
      Files.createDirectories(djl);
      System.setProperty("DJL_CACHE_DIR", djl.toString());
      System.setProperty("ENGINE_CACHE_DIR", djl.toString());
      System.setProperty("ai.djl.offline", "true");
      prepared = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the native libraries under " + dir, e);
    }
  }

  private static String ortPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : arch;
    String o = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : os;
    return o + "-" + a;
  }
}
