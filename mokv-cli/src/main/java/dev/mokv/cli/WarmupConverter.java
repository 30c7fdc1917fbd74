package dev.mokv.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** A {@link DurationConverter} duration, or {@code 0} for none (a warm-up may be skipped). */
final class WarmupConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String text) {
    String t = text.strip();
    if (t.matches("0+(\\.0+)?(ms|s|m|h)?")) {
      return Duration.ZERO;
    }
    return new DurationConverter().convert(text);
  }
}
