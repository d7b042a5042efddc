package io.simpair.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns one text file's bytes into documents (no Spark here): lines split at {@code \n} (a
 * trailing {@code \r} dropped), each decoded as strict UTF-8, and for JSONL parsed as one JSON
 * object. A line that cannot be read becomes a record with a problem naming the file and line;
 * reading stops at the first one, since only the first problem in input order is reported.
 */
public final class TextLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TextLines() {}

  /**
   * Reads {@code in} to the end or to the first bad line, giving each record to {@code sink}.
   *
   * @param file the file's index in input order
   * @param name the file's name for messages
   */
  public static void read(
      InputStream in, int file, String name, TextFormat format, String idField, String textField, Consumer<TextRecord> sink)
      throws IOException {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    long lineNo = 0;
    boolean any = false;
    byte[] chunk = new byte[1 << 16];
    int n;
    while ((n = in.read(chunk)) > 0) {
      any = true;
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          buf.write(chunk, start, i - start);
          start = i + 1;
          TextRecord r = line(buf, ++lineNo, file, name, format, idField, textField, utf8);
          buf.reset();
          sink.accept(r);
          if (r.problem != null) {
            return;
          }
        }
      }
      buf.write(chunk, start, n - start);
    }
    if (buf.size() > 0) {
      sink.accept(line(buf, ++lineNo, file, name, format, idField, textField, utf8));
    } else if (!any) {
      sink.accept(TextRecord.bad(file, 0, name, "empty file"));
    }
  }

  private static TextRecord line(
      ByteArrayOutputStream buf, long lineNo, int file, String name, TextFormat format, String idField, String textField,
      CharsetDecoder utf8) {
    byte[] b = buf.toByteArray();
    int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    String where = name + ":" + lineNo;
    String s;
    try {
      s = utf8.reset().decode(ByteBuffer.wrap(b, 0, len)).toString();
    } catch (CharacterCodingException e) {
      return TextRecord.bad(file, lineNo, where, "not valid UTF-8 (" + firstBadByte(b, len) + ")");
    }
    TextRecord r = new TextRecord();
    r.file = file;
    r.line = lineNo;
    r.where = where;
    if (format == TextFormat.TEXT) {
      r.text = s;
      return r;
    }
    if (s.isBlank()) {
      r.problem = "blank line (JSONL needs one JSON object per line)";
      return r;
    }
    JsonNode node;
    try {
      node = JSON.readTree(s);
    } catch (IOException e) {
      r.problem = "invalid JSON on line " + lineNo + ": " + firstLine(e.getMessage());
      return r;
    }
    if (node == null || !node.isObject()) {
      r.problem = "invalid JSON on line " + lineNo + ": not a JSON object";
      return r;
    }
    JsonNode id = node.get(idField);
    JsonNode text = node.get(textField);
    if (id == null) {
      r.problem = "no '" + idField + "' field (pass --id-field)";
    } else if (!(id.isTextual() || id.isIntegralNumber())) {
      r.problem = "id field '" + idField + "' is " + kind(id) + "; need a string or a whole number";
    } else if (text == null) {
      r.problem = "no '" + textField + "' field (pass --text-field)";
    } else if (!text.isTextual()) {
      r.problem = "text field '" + textField + "' is " + kind(text) + ", not a string";
    } else {
      r.id = id.asText();
      r.text = text.textValue();
    }
    return r;
  }

  private static String kind(JsonNode n) {
    return n.isNull() ? "null" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : n.isArray() ? "an array"
        : n.isObject() ? "an object" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The position and value of the first byte where strict UTF-8 decoding fails. */
  static String firstBadByte(byte[] b, int len) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, 0, len);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(len + 1);
    d.decode(in, out, true);
    int at = in.position();
    return String.format(java.util.Locale.ROOT, "byte 0x%02X at byte %d of the line", b[Math.min(at, len - 1)] & 0xFF, at + 1);
  }

  private static String firstLine(String m) {
    String s = String.valueOf(m);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
