package io.simpair.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

import io.simpair.io.InputException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code --keep}: which member of a duplicate group survives, as a total order of the documents
 * (the keep order; the first of a group in it is kept): {@code first} = input order, {@code
 * longest} = text length descending, {@code min:COL} / {@code max:COL} = a column ascending /
 * descending; every rule breaks ties by input order.
 *
 * @param kind first, longest, min or max
 * @param column the column of min/max (else null)
 */
public record KeepRule(String kind, String column) implements java.io.Serializable {
  public static final KeepRule FIRST = new KeepRule("first", null);

  /**
   * Parses {@code first|longest|min:COL|max:COL}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static KeepRule parse(String s) {
    String v = s.trim();
    if (v.equals("first") || v.equals("longest")) {
      return new KeepRule(v, null);
    }
    int colon = v.indexOf(':');
    String kind = colon < 0 ? v : v.substring(0, colon).toLowerCase(Locale.ROOT);
    if ((kind.equals("min") || kind.equals("max")) && colon > 0 && colon < v.length() - 1) {
      return new KeepRule(kind, v.substring(colon + 1));
    }
    throw new IllegalArgumentException("--keep must be first, longest, min:COL or max:COL, got '" + s + "'");
  }

  @Override
  public String toString() {
    return column == null ? kind : kind + ":" + column;
  }

  /**
   * Checks the rule against the documents before any work: the column exists, is numeric or a
   * string or date, and has no null (named by the first document's id in input order).
   *
   * @param textCol the text column of {@code longest}
   * @throws InputException naming the input and what is wrong
   */
  void check(Dataset<Row> docs, String textCol, String input) {
    String c = kind.equals("longest") ? textCol : column;
    if (c == null) {
      return;
    }
    StructField f = null;
    for (StructField x : docs.schema().fields()) {
      if (x.name().equals(c)) {
        f = x;
      }
    }
    if (f == null) {
      throw new InputException(input + ": --keep " + this + " needs the column '" + c + "' (columns: "
          + String.join(", ", DocumentTable.inputColumns(docs)) + ")");
    }
    DataType t = f.dataType();
    boolean ok = kind.equals("longest")
        ? t.equals(DataTypes.StringType)
        : t instanceof NumericType || t.equals(DataTypes.StringType) || t.equals(DataTypes.DateType)
            || t.equals(DataTypes.TimestampType);
    if (!ok) {
      throw new InputException(input + ": --keep " + this + ": column '" + c + "' has type " + t.simpleString()
          + (kind.equals("longest") ? "; need a string" : "; need a number, string, date or timestamp"));
    }
    if (!kind.equals("longest")) {
      List<Row> nul = docs.filter(col(c).isNull()).orderBy(DocumentTable.INDEX).select(DocumentTable.ID).limit(1).collectAsList();
      if (!nul.isEmpty()) {
        throw new InputException(input + ": document " + nul.get(0).getString(0) + " has a null '" + c
            + "', which --keep " + this + " cannot order");
      }
    }
  }

  /** The keep order as sort columns, input order last. */
  Column[] order(String textCol) {
    Column index = col(DocumentTable.INDEX).asc();
    switch (kind) {
      case "first":
        return new Column[] {index};
      case "longest":
        // a null text counts as the shortest
        return new Column[] {coalesce(length(col(textCol)), lit(-1)).desc(), index};
      case "min":
        return new Column[] {col(column).asc(), index};
      case "max":
        return new Column[] {col(column).desc(), index};
      default:
        throw new AssertionError(kind);
    }
  }
}
