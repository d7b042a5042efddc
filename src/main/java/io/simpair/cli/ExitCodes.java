package io.simpair.cli;

import io.simpair.io.InputException;
import io.simpair.io.InputFiles;
import io.simpair.plan.PlanException;
import java.io.PrintStream;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one mapping from outcomes to exit codes: 0 success; 2 bad arguments (with usage) or bad
 * input (nothing written); 1 an internal failure.
 */
final class ExitCodes {
  private static final Logger LOG = LogManager.getLogger(ExitCodes.class);
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int BAD_INPUT = 2;

  private ExitCodes() {}

  /** Prints a usage error with the usage text; returns 2. */
  static int usage(UsageException e, String usage, PrintStream err) {
    err.println("simpair: " + e.getMessage() + "\n\n" + usage);
    return BAD_INPUT;
  }

  /**
   * Prints a failure: bad input (anywhere in the cause chain: a task-side one arrives wrapped
   * in a SparkException) as one line, exit 2; anything else as an internal error, exit 1.
   */
  static int failure(Throwable e, PrintStream err) {
    String bad = badInput(e);
    if (bad != null) {
      err.println("simpair: input error: " + bad);
      return BAD_INPUT;
    }
    LOG.error("internal failure", e);
    err.println("simpair: internal error: " + firstLine(e));
    return INTERNAL;
  }

  private static String badInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException || t instanceof PlanException) {
        return t.getMessage();
      }
      if (t instanceof ChecksumException c) {
        return InputFiles.checksumProblem(c); // read in a task: the input is bad, not the program
      }
    }
    return null;
  }

  static String firstLine(Throwable e) {
    String m = e.getClass().getSimpleName() + ": " + e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
