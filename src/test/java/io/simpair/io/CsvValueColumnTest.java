package io.simpair.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A CSV value column: found by name in the header, taken out of the vector, refused when not a finite number. */
class CsvValueColumnTest {
  private static InputRow parse(String line, int valueIndex) {
    InputRow r = new InputRow();
    CsvReader.parseCsvLine(line, r, valueIndex);
    return r;
  }

  @Test
  void theValueIsNotPartOfTheVector() {
    InputRow r = parse("a,1.5,-2,3\r", 2);
    assertNull(r.problem);
    assertEquals(-2.0, r.value);
    assertArrayEquals(new double[] {1.5, 3}, r.d);
    InputRow last = parse("b\t1\t2\t7", 3);
    assertEquals(7.0, last.value);
    assertArrayEquals(new double[] {1, 2}, last.d);
    InputRow none = parse("c,1,2", -1);
    assertTrue(Double.isNaN(none.value));
    assertArrayEquals(new double[] {1, 2}, none.d);
  }

  @Test
  void badValuesAreNamed() {
    assertTrue(parse("a,1,NaN,2", 2).problem.contains("'NaN' is not finite in the value column (column 3)"));
    assertTrue(parse("a,1,-Infinity,2", 2).problem.contains("is not finite"));
    assertTrue(parse("a,1,x,2", 2).problem.contains("'x' is not a number"));
    assertTrue(parse("a,1, ,2", 2).problem.contains("empty value in the value column"));
    assertTrue(parse("a,1", 2).problem.contains("the line has 2 fields"));
    assertTrue(parse("a,5", 1).problem.contains("no vector values"));
  }

  @Test
  void theColumnIsFoundInEachHeader() {
    List<String> names = List.of("f0.csv", "f1.csv");
    assertArrayEquals(new int[] {2, 1}, CsvReader.valueColumns("w", names, new String[] {"id,x,w,y", "\"id\"\t\"w\"\tx\r"}));
    assertArrayEquals(new int[] {-1, -1}, CsvReader.valueColumns(null, names, new String[] {null, null}));
    InputException none = assertThrows(InputException.class, () -> CsvReader.valueColumns("w", names, new String[] {"id,x,w", null}));
    assertTrue(none.getMessage().startsWith("f1.csv: ") && none.getMessage().contains("has none"), none.getMessage());
    InputException missing = assertThrows(InputException.class, () -> CsvReader.valueColumns("v", names, new String[] {"id,x,w", "id,v"}));
    assertTrue(missing.getMessage().contains("f0.csv: no column 'v' in the header (columns: id, x, w)"), missing.getMessage());
    InputException id = assertThrows(InputException.class, () -> CsvReader.valueColumns("id", names, new String[] {"id,x", "id,x"}));
    assertTrue(id.getMessage().contains("is the id column"), id.getMessage());
  }
}
