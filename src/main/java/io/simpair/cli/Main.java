package io.simpair.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * simpair's command line: the command registry. {@code run-cluster.sh NAME [options]} runs the
 * command of that name; see {@link Command} for its steps and {@link ExitCodes} for the codes.
 */
public final class Main {
  /** Every command, by name: a new job is one {@link Command} more in this list. */
  static final Map<String, Command<?>> COMMANDS = registry(List.of(new PairsCommand(), new ScalingCommand(), new EmbedCommand(), new DedupCommand(), new GenerateCommand(), new CompareCommand(), new EvidenceCommand()));

  /** The top-level help: the pairs job's, which names the other commands. */
  static final String USAGE = PairsCommand.USAGE;

  private Main() {}

  /**
   * Where a driver in cluster deploy mode writes its exit code, for run-cluster.sh (spark-submit
   * itself may exit 0 when such a driver fails); set by run-cluster.sh, never by a user.
   */
  static final String EXIT_CODE_FILE = "spark.simpair.exitCodeFile";

  public static void main(String[] args) {
    String exitFile = System.getProperty(EXIT_CODE_FILE);
    int code = run(args, System.out, System.err);
    if (exitFile != null) {
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(exitFile), code + "\n");
      } catch (java.io.IOException | RuntimeException e) {
        System.err.println("simpair: cannot write the exit code to " + exitFile + ": " + e);
      }
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
    Command<?> command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("simpair: unknown command '" + args[0] + "'\n" + USAGE);
      return ExitCodes.BAD_INPUT;
    }
    return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
  }

  private static Map<String, Command<?>> registry(List<Command<?>> commands) {
    Map<String, Command<?>> m = new LinkedHashMap<>();
    for (Command<?> c : commands) {
      if (m.put(c.name(), c) != null) {
        throw new IllegalStateException("two commands named " + c.name());
      }
    }
    return m;
  }
}
