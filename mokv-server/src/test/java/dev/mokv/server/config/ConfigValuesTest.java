package dev.mokv.server.config;

import static dev.mokv.server.config.ConfigValues.formatDuration;
import static dev.mokv.server.config.ConfigValues.formatSize;
import static dev.mokv.server.config.ConfigValues.parseBoolean;
import static dev.mokv.server.config.ConfigValues.parseDuration;
import static dev.mokv.server.config.ConfigValues.parseInt;
import static dev.mokv.server.config.ConfigValues.parseSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "1s, PT1S",
    "1.5s, PT1.5S",
    "2m, PT2M",
    "1m30s, PT1M30S",
    "1h, PT1H",
    "250us, PT0.00025S",
    "250µs, PT0.00025S",
    "7ns, PT0.000000007S",
    ".5s, PT0.5S",
    "PT1S, PT1S",
    "pt2m, PT2M",
    "0, PT0S"
  })
  void parseDuration_acceptedForms(String text, String iso) {
    assertThat(parseDuration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1000", "1.5", "s", "-1s", "1 s", "1sec", "1d", "PT", "P1X", "1s "})
  void parseDuration_malformed_rejected(String text) {
    assertThatThrownBy(() -> parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be a duration like 500ms, 1.5s, 2m or PT1S, was '" + text + "'");
  }

  @Test
  void parseDuration_pastLongNanos_rejected() {
    assertThatThrownBy(() -> parseDuration("3000000h")).hasMessage("is too long, was '3000000h'");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "PT0.5S, 500ms",
    "PT1S, 1s",
    "PT1.5S, 1.5s",
    "PT1M, 1m",
    "PT1M30S, 1m30s",
    "PT1H0.001S, 1h0.001s",
    "PT0.0015S, 1.5ms",
    "PT0.000002S, 2us",
    "PT0.000000003S, 3ns"
  })
  void formatDuration_goStyleWithoutZeroParts(String iso, String text) {
    assertThat(formatDuration(iso.equals("0") ? Duration.ZERO : Duration.parse(iso)))
        .isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "4096, 4096",
    "512KiB, 524288",
    "512kib, 524288",
    "64KB, 65536",
    "64K, 65536",
    "1MiB, 1048576",
    "1MB, 1048576",
    "1 MiB, 1048576",
    "1GiB, 1073741824",
    "10B, 10",
    "0, 0"
  })
  void parseSize_unitsAre1024Based(String text, long bytes) {
    assertThat(parseSize(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.5MiB", "-1", "1TB", "MiB", "1  MiB", "1Mi"})
  void parseSize_malformed_rejected(String text) {
    assertThatThrownBy(() -> parseSize(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be a size like 4096, 512KiB or 8MiB, was '" + text + "'");
  }

  @Test
  void parseSize_overflow_rejected() {
    assertThatThrownBy(() -> parseSize("9999999999999GiB"))
        .hasMessage("is too large, was '9999999999999GiB'");
  }

  @Test
  void formatSize_largestExactUnit() {
    assertThat(formatSize(0)).isEqualTo("0");
    assertThat(formatSize(1000)).isEqualTo("1000");
    assertThat(formatSize(1536)).isEqualTo("1536");
    assertThat(formatSize(2048)).isEqualTo("2KiB");
    assertThat(formatSize(3L << 20)).isEqualTo("3MiB");
    assertThat(formatSize(1L << 30)).isEqualTo("1GiB");
  }

  @Test
  void parseInt_strictDecimal() {
    assertThat(parseInt("8400")).isEqualTo(8400);
    assertThat(parseInt("-1")).isEqualTo(-1);
    for (String bad : new String[] {"abc", "+1", "0x10", "1e3", "8400.0", "99999999999", ""}) {
      assertThatThrownBy(() -> parseInt(bad)).hasMessage("must be an integer, was '" + bad + "'");
    }
  }

  @Test
  void parseBoolean_onlyTrueOrFalse() {
    assertThat(parseBoolean("true")).isTrue();
    assertThat(parseBoolean("FALSE")).isFalse();
    assertThatThrownBy(() -> parseBoolean("yes")).hasMessage("must be true or false, was 'yes'");
  }
}
