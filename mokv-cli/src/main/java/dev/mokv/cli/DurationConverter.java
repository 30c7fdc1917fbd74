package dev.mokv.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses Go-style durations as the config file does: {@code 500ms}, {@code 5s}, {@code 1m30s}. */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:" + PART.pattern() + ")+");

  @Override
  public Duration convert(String text) {
    String t = text.strip();
    if (!WHOLE.matcher(t).matches()) {
      throw new TypeConversionException(
          "want a duration like 500ms, 5s or 1m30s, was '" + text + "'");
    }
    double nanos = 0;
    Matcher part = PART.matcher(t);
    while (part.find()) {
      double n = Double.parseDouble(part.group(1));
      nanos +=
          switch (part.group(2)) {
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m" -> n * 60e9;
            default -> n * 3600e9;
          };
    }
    Duration d = Duration.ofNanos((long) nanos);
    if (d.isZero()) {
      throw new TypeConversionException("the duration must be positive, was '" + text + "'");
    }
    return d;
  }
}
