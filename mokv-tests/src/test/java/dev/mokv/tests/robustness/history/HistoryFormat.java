package dev.mokv.tests.robustness.history;

import dev.mokv.client.ReadConsistency;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The line format of a history file: nine space-separated fields,
 *
 * <pre>
 * client kind key value consistency node invoke complete outcome
 * 3 GET k1 v17 STALE n2 1000 2000 OK
 * 1 SET k1 v18 LINEARIZABLE - 1500 2600 UNKNOWN
 * </pre>
 *
 * <p>An absent value or node is {@code -}; an empty string is {@code ""}. Strings are
 * percent-encoded (UTF-8) for {@code %}, {@code "}, whitespace, control and non-ASCII characters,
 * and a string that is exactly {@code -} is written {@code %2D}, so every field is one token and
 * any key or value survives the round trip. Lines starting with {@code #} are comments.
 */
final class HistoryFormat {

  static final String HEADER =
      "# mokv history v1: client kind key value consistency node invoke complete outcome";

  private static final String ABSENT = "-";
  private static final String EMPTY = "\"\"";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HistoryFormat() {}

  static String format(Operation op) {
    return String.join(
        " ",
        Integer.toString(op.clientId()),
        op.kind().name(),
        encode(op.key()),
        op.value().map(HistoryFormat::encode).orElse(ABSENT),
        op.consistency().name(),
        op.node().map(HistoryFormat::encode).orElse(ABSENT),
        Long.toString(op.invokeNanos()),
        Long.toString(op.completeNanos()),
        op.outcome().name());
  }

  static Operation parse(String line) {
    String[] f = line.trim().split(" +");
    if (f.length != 9) {
      throw new IllegalArgumentException("expected 9 fields, found " + f.length);
    }
    return new Operation(
        Integer.parseInt(f[0]),
        Kind.valueOf(f[1]),
        decode(f[2]).orElseThrow(() -> new IllegalArgumentException("a key cannot be absent")),
        decode(f[3]),
        ReadConsistency.valueOf(f[4]),
        decode(f[5]),
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        Outcome.valueOf(f[8]));
  }

  static String encode(String s) {
    if (s.isEmpty()) {
      return EMPTY;
    }
    if (s.equals(ABSENT)) {
      return "%2D";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > ' ' && c < 0x7f && c != '%' && c != '"') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  static Optional<String> decode(String token) {
    if (token.equals(ABSENT)) {
      return Optional.empty();
    }
    if (token.equals(EMPTY)) {
      return Optional.of("");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '%') {
        if (i + 2 >= token.length()) {
          throw new IllegalArgumentException("truncated escape in " + token);
        }
        bytes.write(Integer.parseInt(token.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return Optional.of(bytes.toString(StandardCharsets.UTF_8));
  }
}
