package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Percentiles, throughput and error figures from a measurement. */
@Timeout(30)
class BenchSummaryTest {

  private static final double NANOS_PER_MS = 1e6;

  /** 1 ms, 2 ms, ... 1000 ms: the n-th percentile is n * 10 ms. */
  private static Histogram oneToThousandMillis() {
    Histogram h = new Histogram(3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue((long) (ms * NANOS_PER_MS));
    }
    return h;
  }

  @Test
  void when_latenciesAreOneToThousandMillis_then_percentilesAreWithinHistogramPrecision() {
    Measurement m =
        new Measurement(oneToThousandMillis(), 0, new TreeMap<>(), 2_000_000_000L, 10, 0, 0);

    Summary s = Summary.of(m);

    assertThat(s.ops()).isEqualTo(1000);
    assertThat(s.seconds()).isEqualTo(2.0);
    assertThat(s.opsPerSecond()).isEqualTo(500.0);
    // 3 significant digits: each value is within 0.1% of the recorded one.
    assertThat(s.latency().p50()).isCloseTo(500, within(0.5));
    assertThat(s.latency().p90()).isCloseTo(900, within(0.9));
    assertThat(s.latency().p99()).isCloseTo(990, within(1.0));
    assertThat(s.latency().p999()).isCloseTo(999, within(1.0));
    assertThat(s.latency().max()).isCloseTo(1000, within(1.0));
    assertThat(s.latency().mean()).isCloseTo(500.5, within(0.5));
    assertThat(s.warmupRequests()).isEqualTo(10);
    assertThat(s.errorCount()).isZero();
    assertThat(s.errorsText()).isEqualTo("none");
  }

  @Test
  void when_requestsFailed_then_theyAreCountedApartFromOpsByCode() {
    TreeMap<String, Long> errors = new TreeMap<>();
    errors.put("UNAVAILABLE", 3L);
    errors.put("DEADLINE_EXCEEDED", 1L);
    Histogram h = new Histogram(3);
    h.recordValue(1_000_000);

    Summary s = Summary.of(new Measurement(h, 1, errors, 1_000_000_000L, 0, 0, 2));

    assertThat(s.ops()).isEqualTo(1);
    assertThat(s.notFound()).isEqualTo(1);
    assertThat(s.errorCount()).isEqualTo(4);
    assertThat(s.errorsText()).isEqualTo("DEADLINE_EXCEEDED 1, UNAVAILABLE 3");
    assertThat(s.abandoned()).isEqualTo(2);
    assertThat(s.opsPerSecond()).isEqualTo(1.0);
  }

  @Test
  void when_nothingSucceeded_then_thereIsNoLatencyAndNoThroughput() {
    TreeMap<String, Long> errors = new TreeMap<>();
    errors.put("UNAVAILABLE", 7L);

    Summary s = Summary.of(new Measurement(new Histogram(3), 0, errors, 0, 0, 0, 0));

    assertThat(s.ops()).isZero();
    assertThat(s.latency()).isNull();
    assertThat(s.opsPerSecond()).isZero();
  }

  @Test
  void when_aProgressLineIsDrawn_then_itShowsPhaseBarPositionRateAndErrors() {
    String line =
        ProgressBar.line("warm-up", new Progress(true, 0.5, "5.0s/10.0s", 1234, 2), 8123.4);

    assertThat(line)
        .isEqualTo(
            "warm-up  [############............]  50% 5.0s/10.0s        8,123 req/s  2 errors");
  }
}
