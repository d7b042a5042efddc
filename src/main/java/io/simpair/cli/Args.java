package io.simpair.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value}, {@code --name=value} and boolean {@code --flag} options against a
 * declared set of names; anything else is a {@link UsageException}.
 */
final class Args {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> flags = new ArrayList<>();

  static Args parse(String[] args, Set<String> valued, Set<String> booleans) {
    Args a = new Args();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (!s.startsWith("--")) {
        throw new UsageException("unexpected argument '" + s + "'");
      }
      String name = s.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (booleans.contains(name)) {
        if (value != null && !value.equals("true") && !value.equals("false")) {
          throw new UsageException("--" + name + " takes no value (or =true/=false)");
        }
        if (!"false".equals(value)) {
          a.flags.add(name);
        }
        continue;
      }
      if (!valued.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("--" + name + " needs a value");
        }
        if (args[i + 1].startsWith("--")) {
          // "--metric --output DIR": the option has no value; do not take the next option as it
          throw new UsageException("--" + name + " needs a value (got the option " + args[i + 1] + ")");
        }
        value = args[++i];
      }
      if (a.values.containsKey(name)) {
        throw new UsageException("--" + name + " given twice");
      }
      a.values.put(name, value);
    }
    return a;
  }

  String get(String name) {
    return values.get(name);
  }

  String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /** Refuses the arguments when one of the named options is missing. */
  void require(String... names) {
    for (String n : names) {
      if (!values.containsKey(n)) {
        throw new UsageException("--" + n + " is required");
      }
    }
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  int intValue(String name, int dflt, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    java.math.BigInteger x;
    try {
      // any size, so that a whole number too large for an int is called out of range
      x = new java.math.BigInteger(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a whole number, got '" + v + "'");
    }
    boolean low = x.compareTo(java.math.BigInteger.valueOf(min)) < 0;
    if (low || x.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw new UsageException(
          "--" + name + " must be between " + min + " and " + max + ", got " + v + (low ? " (too small)" : " (too large)"));
    }
    return x.intValueExact();
  }

  /**
   * An enum option by its lower-case name; the usage error lists the choices ("--mode must be
   * most or least, got 'x'").
   */
  <E extends Enum<E>> E enumValue(String name, E dflt, Class<E> type) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      E[] all = type.getEnumConstants();
      StringBuilder choices = new StringBuilder();
      for (int i = 0; i < all.length; i++) {
        choices.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ")
            .append(all[i].name().toLowerCase(java.util.Locale.ROOT));
      }
      throw new UsageException("--" + name + " must be " + choices + ", got '" + v + "'");
    }
  }

  long bytesValue(String name, long dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    String t = v.trim().toLowerCase(java.util.Locale.ROOT);
    long mul = 1;
    if (t.endsWith("k")) {
      mul = 1L << 10;
    } else if (t.endsWith("m")) {
      mul = 1L << 20;
    } else if (t.endsWith("g")) {
      mul = 1L << 30;
    }
    if (mul > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long x = Long.parseLong(t) * mul;
      if (x <= 0) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a positive size such as 512m or 2g, got '" + v + "'");
    }
  }
}
