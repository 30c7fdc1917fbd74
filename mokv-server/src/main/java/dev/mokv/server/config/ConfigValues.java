package dev.mokv.server.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the scalar syntaxes of the config file and command line: integers, booleans,
 * sizes and durations. The same text is accepted from both places, so a value can move from a flag
 * to the file unchanged.
 *
 * <p>Sizes are a whole number of bytes with an optional unit. {@code K}, {@code KB} and {@code KiB}
 * all mean 1024 bytes (and likewise M and G): Ratis, which receives these sizes, and the JVM's own
 * flags ({@code -Xmx512m}) read them that way, and for limits such as {@code max-value-bytes} a
 * 1000-based {@code MB} that is silently 4.6% smaller than {@code MiB} would only surprise. Units
 * ignore case.
 *
 * <p>Durations are Go's syntax, which the Go mökv's users know ({@code 500ms}, {@code 1.5s}, {@code
 * 1m30s}; units ns, us, µs, ms, s, m, h), or ISO-8601 ({@code PT1S}). A bare number is rejected,
 * except 0, because "1000" could mean milliseconds (etcd) or seconds.
 *
 * <p>Every parse method throws {@link IllegalArgumentException} with a message that completes a
 * sentence starting with the key, as in {@link HostPort}.
 */
final class ConfigValues {

  static final long KIB = 1024;
  static final long MIB = 1024 * KIB;
  static final long GIB = 1024 * MIB;

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19}) ?([A-Za-z]*)");
  private static final String NUMBER = "([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
  private static final String UNIT = "(ns|us|µs|ms|s|m|h)";
  private static final Pattern DURATION = Pattern.compile("(?:" + NUMBER + UNIT + ")+");
  private static final Pattern DURATION_PART = Pattern.compile(NUMBER + UNIT);
  private static final Map<String, Long> DURATION_UNITS =
      Map.of(
          "ns",
          1L,
          "us",
          1_000L,
          "µs",
          1_000L,
          "ms",
          1_000_000L,
          "s",
          1_000_000_000L,
          "m",
          60_000_000_000L,
          "h",
          3_600_000_000_000L);

  private ConfigValues() {}

  /** Parses a decimal integer that fits an {@code int}. */
  static int parseInt(String text) {
    long value = parseLong(text);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("must be an integer, was '" + text + "'");
    }
    return (int) value;
  }

  /** Parses a decimal integer that fits a {@code long}. */
  static long parseLong(String text) {
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        // Falls through to the message below.
      }
    }
    throw new IllegalArgumentException("must be an integer, was '" + text + "'");
  }

  /**
   * Parses {@code true} or {@code false} in any case; YAML 1.1's yes/no/on/off are not booleans
   * here.
   */
  static boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("must be true or false, was '" + text + "'");
  }

  /** Parses a size in bytes: {@code 4096}, {@code 512KiB}, {@code 8MiB}, {@code 1GB}. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text);
    long unit = m.matches() ? sizeUnit(m.group(2).toUpperCase(Locale.ROOT)) : 0;
    if (unit == 0) {
      throw new IllegalArgumentException(
          "must be a size like 4096, 512KiB or 8MiB, was '" + text + "'");
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("is too large, was '" + text + "'", e);
    }
  }

  private static long sizeUnit(String unit) {
    return switch (unit) {
      case "", "B" -> 1;
      case "K", "KB", "KIB" -> KIB;
      case "M", "MB", "MIB" -> MIB;
      case "G", "GB", "GIB" -> GIB;
      default -> 0;
    };
  }

  /**
   * Formats a size with the largest binary unit that divides it exactly; {@link #parseSize} reads
   * it.
   */
  static String formatSize(long bytes) {
    if (bytes != 0) {
      if (bytes % GIB == 0) {
        return bytes / GIB + "GiB";
      }
      if (bytes % MIB == 0) {
        return bytes / MIB + "MiB";
      }
      if (bytes % KIB == 0) {
        return bytes / KIB + "KiB";
      }
    }
    return Long.toString(bytes);
  }

  /** Parses a duration: {@code 500ms}, {@code 1.5s}, {@code 1m30s}, {@code PT1S} or {@code 0}. */
  static Duration parseDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException | ArithmeticException e) {
        throw notDuration(text);
      }
    }
    if (!DURATION.matcher(text).matches()) {
      throw notDuration(text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = DURATION_PART.matcher(text);
    while (part.find()) {
      BigDecimal unit = BigDecimal.valueOf(DURATION_UNITS.get(part.group(2)));
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
    }
    // Like Go, digits finer than a nanosecond are dropped rather than rejected.
    BigInteger whole = nanos.setScale(0, RoundingMode.DOWN).toBigInteger();
    if (whole.bitLength() >= Long.SIZE) {
      throw new IllegalArgumentException("is too long, was '" + text + "'");
    }
    return Duration.ofNanos(whole.longValue());
  }

  private static IllegalArgumentException notDuration(String text) {
    return new IllegalArgumentException(
        "must be a duration like 500ms, 1.5s, 2m or PT1S, was '" + text + "'");
  }

  /**
   * Formats a duration the way Go prints one, but without zero parts: {@code 500ms}, {@code 1.5s},
   * {@code 1m30s}, {@code 1h}. {@link #parseDuration} reads it back exactly.
   */
  static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return d.toString(); // Only ISO-8601 text can be negative, so answer in kind.
    }
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (seconds == 0) {
      if (nanos >= 1_000_000) {
        return decimal(nanos, 6) + "ms";
      }
      return nanos >= 1_000 ? decimal(nanos, 3) + "us" : nanos + "ns";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0 || nanos != 0) {
      BigDecimal s = BigDecimal.valueOf(seconds % 60).add(BigDecimal.valueOf(nanos, 9));
      text.append(s.stripTrailingZeros().toPlainString()).append('s');
    }
    return text.toString();
  }

  private static String decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString();
  }
}
