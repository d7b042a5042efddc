package io.simpair.cli;

import io.simpair.spark.PairsConfig;
import java.util.List;
import java.util.Set;

/** Lets tests in other packages parse pairs options exactly as the CLI does. */
public final class MainAccess {
  private MainAccess() {}

  public static PairsConfig parse(List<String> args) {
    return Main.pairsConfig(
        Args.parse(args.toArray(new String[0]), Main.PAIRS_OPTIONS, Main.PAIRS_FLAGS));
  }

  public static Set<String> options() {
    return Main.PAIRS_OPTIONS;
  }
}
