package io.simpair.cli;

import io.simpair.spark.PairsConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** Lets tests in other packages parse and run commands exactly as the CLI does, on their session. */
public final class MainAccess {
  private MainAccess() {}

  public static PairsConfig parse(List<String> args) {
    return PairsCommand.config(Args.parse(args.toArray(new String[0]), PairsCommand.OPTIONS, PairsCommand.FLAGS));
  }

  public static Set<String> options() {
    return PairsCommand.OPTIONS;
  }

  /** The pairs command on a session; returns the exit code. */
  public static int runPairs(SparkSession spark, PairsConfig cfg, PrintStream out, PrintStream err) {
    return new PairsCommand().runOn(spark, cfg, out, err);
  }

  /** The dedup command's arguments parsed as the CLI does. */
  public static io.simpair.spark.DedupConfig parseDedup(List<String> args) {
    return new DedupCommand().parse(args.toArray(new String[0]));
  }

  /** The dedup command's arguments parsed and run on a session, as the CLI does; returns the exit code. */
  public static int runDedup(SparkSession spark, List<String> args, PrintStream out, PrintStream err) {
    DedupCommand c = new DedupCommand();
    io.simpair.spark.DedupConfig cfg;
    try {
      cfg = c.parse(args.toArray(new String[0]));
    } catch (UsageException e) {
      return ExitCodes.usage(e, c.usage(), err);
    }
    return c.runOn(spark, cfg, out, err);
  }

  /** The scaling command's arguments parsed and run on a session; returns the exit code. */
  public static int runScaling(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    ScalingCommand c = new ScalingCommand();
    return c.runOn(spark, c.parse(args), out, err);
  }

  /** Any command's arguments parsed and run on a session, as the CLI does; returns the exit code. */
  public static int run(SparkSession spark, String name, String[] args, PrintStream out, PrintStream err) {
    return runOn(Main.COMMANDS.get(name), spark, args, out, err);
  }

  private static <C> int runOn(Command<C> c, SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    C cfg;
    try {
      cfg = c.parse(args);
    } catch (UsageException e) {
      return ExitCodes.usage(e, c.usage(), err);
    }
    return c.runOn(spark, cfg, out, err);
  }
}
