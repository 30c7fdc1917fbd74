package dev.mokv.tests.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4: every line is checked
 * (comments, HELP and TYPE lines, metric and label names, label value escapes, values, timestamps),
 * and so is every family (one TYPE and HELP at most, its samples together and after its TYPE,
 * sample names and labels that fit the type, no duplicate series, cumulative histogram buckets
 * ending in {@code +Inf} equal to the count). Anything else is a {@link
 * MalformedExpositionException} naming the line.
 *
 * <p>The Prometheus Java client writes this format but has no parser; this one exists so that tests
 * read {@code /metrics} the way a Prometheus server would, instead of grepping it.
 */
public final class PrometheusText {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its TYPE (untyped if none), HELP (empty if none) and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Map<String, String> helps = new HashMap<>();
  private final Map<String, String> types = new HashMap<>();
  private final Set<String> closed = new HashSet<>();
  private final Set<String> series = new HashSet<>();
  private String current;
  private int lineNumber;

  private PrometheusText() {}

  /**
   * Parses a whole exposition.
   *
   * @return the families by name, in the order they appeared
   * @throws MalformedExpositionException at the first line that breaks the format
   */
  public static Map<String, Family> parse(String text) {
    PrometheusText parser = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new MalformedExpositionException(0, "the last line must end with a line feed");
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      parser.lineNumber = i + 1;
      parser.line(lines[i]);
    }
    parser.finish();
    return parser.families;
  }

  private void line(String line) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("#")) {
      comment(line);
    } else {
      sample(line);
    }
  }

  private void comment(String line) {
    String[] parts = line.split("[ \t]+", 4);
    if (parts.length < 3
        || !parts[0].equals("#")
        || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
      return; // An ordinary comment.
    }
    String name = parts[2];
    if (!METRIC_NAME.matcher(name).matches()) {
      fail("invalid metric name '" + name + "'");
    }
    if (parts[1].equals("HELP")) {
      String help = parts.length == 4 ? unescapeHelp(parts[3]) : "";
      if (helps.put(name, help) != null) {
        fail("second HELP line for " + name);
      }
    } else {
      if (parts.length != 4 || !TYPES.contains(parts[3])) {
        fail("TYPE must be one of " + TYPES + ": " + line);
      }
      if (types.put(name, parts[3]) != null) {
        fail("second TYPE line for " + name);
      }
      if (families.containsKey(name)) {
        fail("TYPE line for " + name + " after its samples");
      }
    }
    enter(name);
  }

  private void sample(String line) {
    Cursor c = new Cursor(line);
    String name = c.take(METRIC_NAME, "metric name");
    Map<String, String> labels = new TreeMap<>();
    if (c.peek() == '{') {
      c.next();
      labels(c, labels);
    }
    c.blanks();
    double value = parseValue(c.token(), "value");
    if (!c.atEnd()) {
      c.blanks();
      String timestamp = c.token();
      if (!TIMESTAMP.matcher(timestamp).matches()) {
        fail("invalid timestamp '" + timestamp + "'");
      }
    }
    if (!c.atEnd()) {
      fail("unexpected text after the sample: '" + line.substring(c.pos) + "'");
    }
    String family = familyOf(name);
    enter(family);
    if (!series.add(name + labels)) {
      fail("duplicate series " + name + labels);
    }
    String type = types.getOrDefault(family, "untyped");
    checkSample(type, family, name, labels, value);
    families
        .computeIfAbsent(
            family, f -> new Family(f, type, helps.getOrDefault(f, ""), new ArrayList<>()))
        .samples()
        .add(new Sample(name, Map.copyOf(labels), value));
  }

  private void labels(Cursor c, Map<String, String> labels) {
    while (c.peek() != '}') {
      String label = c.take(LABEL_NAME, "label name");
      if (label.startsWith("__")) {
        fail("label names starting with __ are reserved: " + label);
      }
      c.expect('=');
      c.expect('"');
      StringBuilder value = new StringBuilder();
      for (char ch = c.next(); ch != '"'; ch = c.next()) {
        if (ch == '\\') {
          char escaped = c.next();
          switch (escaped) {
            case '\\' -> value.append('\\');
            case '"' -> value.append('"');
            case 'n' -> value.append('\n');
            default -> fail("invalid escape \\" + escaped + " in the value of " + label);
          }
        } else {
          value.append(ch);
        }
      }
      if (labels.put(label, value.toString()) != null) {
        fail("duplicate label " + label);
      }
      if (c.peek() == ',') {
        c.next();
      } else if (c.peek() != '}') {
        fail("expected ',' or '}' after the value of " + label);
      }
    }
    c.next();
  }

  /** The family a sample belongs to: its own TYPE'd name, or a histogram/summary's base name. */
  private String familyOf(String name) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return name;
  }

  /** Makes {@code family} the current one; a family whose lines ended must not come back. */
  private void enter(String family) {
    if (family.equals(current)) {
      return;
    }
    if (closed.contains(family)) {
      fail("lines of " + family + " are not together");
    }
    if (current != null) {
      closed.add(current);
    }
    current = family;
  }

  private void checkSample(
      String type, String family, String name, Map<String, String> labels, double value) {
    switch (type) {
      case "counter" -> {
        requireName(family, name);
        if (value < 0) {
          fail("counter " + name + " is negative: " + value);
        }
      }
      case "histogram" -> {
        if (name.equals(family + "_bucket")) {
          if (!labels.containsKey("le")) {
            fail(name + " has no le label");
          }
          parseValue(labels.get("le"), "le");
        } else if (!name.equals(family + "_sum") && !name.equals(family + "_count")) {
          fail(name + " is not a sample name of histogram " + family);
        } else if (labels.containsKey("le")) {
          fail(name + " must not have an le label");
        }
      }
      case "summary" -> {
        if (name.equals(family)) {
          if (!labels.containsKey("quantile")) {
            fail(name + " has no quantile label");
          }
          double q = parseValue(labels.get("quantile"), "quantile");
          if (!(q >= 0 && q <= 1)) {
            fail("quantile of " + name + " must be in [0, 1], was " + q);
          }
        } else if (labels.containsKey("quantile")) {
          fail(name + " must not have a quantile label");
        }
      }
      default -> requireName(family, name);
    }
  }

  private void requireName(String family, String name) {
    if (!name.equals(family)) {
      fail(name + " does not belong to " + family);
    }
  }

  /** Histogram buckets must rise with le, end at +Inf, and that bucket must equal the count. */
  private void finish() {
    lineNumber = 0;
    for (Family f : families.values()) {
      if (!f.type().equals("histogram")) {
        continue;
      }
      Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
      Map<Map<String, String>, Double> counts = new HashMap<>();
      for (Sample s : f.samples()) {
        Map<String, String> rest = new TreeMap<>(s.labels());
        String le = rest.remove("le");
        if (s.name().endsWith("_bucket")) {
          buckets.computeIfAbsent(rest, k -> new TreeMap<>()).put(parseValue(le, "le"), s.value());
        } else if (s.name().endsWith("_count")) {
          counts.put(rest, s.value());
        }
      }
      buckets.forEach(
          (labels, byLe) -> {
            double previous = 0;
            for (double count : byLe.values()) {
              if (count < previous) {
                fail("buckets of " + f.name() + labels + " are not cumulative");
              }
              previous = count;
            }
            if (byLe.lastKey() != Double.POSITIVE_INFINITY) {
              fail(f.name() + labels + " has no +Inf bucket");
            }
            if (!Double.valueOf(previous).equals(counts.get(labels))) {
              fail(
                  f.name()
                      + labels
                      + ": +Inf bucket "
                      + previous
                      + " != count "
                      + counts.get(labels));
            }
          });
    }
  }

  private double parseValue(String text, String what) {
    if (text == null || !FLOAT.matcher(text).matches()) {
      fail("invalid " + what + " '" + text + "'");
    }
    if (text.endsWith("Inf")) {
      return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(text);
  }

  private String unescapeHelp(String help) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < help.length(); i++) {
      char ch = help.charAt(i);
      if (ch != '\\') {
        out.append(ch);
      } else if (i + 1 < help.length() && help.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else if (i + 1 < help.length() && help.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else {
        fail("invalid escape in HELP text: " + help);
      }
    }
    return out.toString();
  }

  private void fail(String message) {
    throw new MalformedExpositionException(lineNumber, message);
  }

  /** Reads one line left to right. */
  private final class Cursor {
    private final String line;
    private int pos;

    Cursor(String line) {
      this.line = line;
    }

    boolean atEnd() {
      return pos >= line.length();
    }

    char peek() {
      return atEnd() ? '\0' : line.charAt(pos);
    }

    char next() {
      if (atEnd()) {
        fail("unexpected end of line");
      }
      return line.charAt(pos++);
    }

    void expect(char ch) {
      if (next() != ch) {
        fail("expected '" + ch + "' at column " + pos);
      }
    }

    String take(Pattern pattern, String what) {
      var m = pattern.matcher(line).region(pos, line.length());
      if (!m.lookingAt()) {
        fail("expected a " + what + " at column " + (pos + 1));
      }
      pos = m.end();
      return m.group();
    }

    /** One or more spaces or tabs. */
    void blanks() {
      if (peek() != ' ' && peek() != '\t') {
        fail("expected a blank at column " + (pos + 1));
      }
      while (peek() == ' ' || peek() == '\t') {
        pos++;
      }
    }

    /** Text up to the next blank or the end of the line. */
    String token() {
      int start = pos;
      while (!atEnd() && peek() != ' ' && peek() != '\t') {
        pos++;
      }
      if (start == pos) {
        fail("expected a value at column " + (pos + 1));
      }
      return line.substring(start, pos);
    }
  }
}
