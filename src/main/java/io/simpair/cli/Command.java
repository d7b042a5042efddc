package io.simpair.cli;

import java.io.PrintStream;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * One command of the CLI: parse → session → job → summary → exit code. Subclasses give the
 * name, the usage text beside the parser, and the work on a session; the exit codes are {@link
 * ExitCodes}'s for every command.
 *
 * @param <C> the command's parsed configuration
 */
abstract class Command<C> {
  private static final Logger LOG = LogManager.getLogger(Command.class);

  private final String name;
  private final String usage;
  private final Set<String> options;
  private final Set<String> flags;

  /**
   * @param name the word after {@code run-cluster.sh}
   * @param usage the whole {@code --help} text
   * @param options the options that take a value
   * @param flags the options that are flags (among them {@code help})
   */
  Command(String name, String usage, Set<String> options, Set<String> flags) {
    this.name = name;
    this.usage = usage;
    this.options = options;
    this.flags = flags;
  }

  final String name() {
    return name;
  }

  final String usage() {
    return usage;
  }

  /**
   * Parses the arguments after the command name.
   *
   * @throws UsageException naming what is wrong
   */
  abstract C parse(String[] args);

  /** The arguments parsed against this command's options. */
  final Args args(String[] args) {
    return Args.parse(args, options, flags);
  }

  /**
   * Does the work on a session and prints the summary; returns 0.
   *
   * @throws Exception anything; {@link ExitCodes} maps it
   */
  abstract int execute(SparkSession spark, C cfg, PrintStream out, PrintStream err) throws Exception;

  /** Runs the command with the arguments after its name; returns the exit code. */
  final int run(String[] args, PrintStream out, PrintStream err) {
    C cfg;
    try {
      if (args(args).flag("help")) {
        out.println(usage());
        return 0;
      }
      cfg = parse(args);
    } catch (UsageException e) {
      return ExitCodes.usage(e, usage(), err);
    }
    LOG.info("{} config: {}", name(), cfg);
    SparkSession spark = SparkSession.builder().appName("simpair " + name()).getOrCreate();
    try {
      return runOn(spark, cfg, out, err);
    } finally {
      spark.stop();
    }
  }

  /** Runs on a given session (tests pass theirs); returns the exit code. */
  final int runOn(SparkSession spark, C cfg, PrintStream out, PrintStream err) {
    try {
      return execute(spark, cfg, out, err);
    } catch (Exception e) {
      return ExitCodes.failure(e, err);
    }
  }
}
