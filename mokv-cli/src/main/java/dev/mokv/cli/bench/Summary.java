package dev.mokv.cli.bench;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures a run reports: throughput, latency percentiles and errors.
 *
 * @param ops measured requests that succeeded (not-found gets included)
 * @param notFound gets among them that found no key
 * @param errors measured requests that failed, per gRPC status code name
 * @param seconds measured time
 * @param warmupRequests requests completed during the warm-up (not measured)
 * @param warmupErrors the failed ones among them
 * @param abandoned requests still in flight when the run stopped waiting for them
 * @param latency of the successful requests; null when none succeeded
 */
public record Summary(
    long ops,
    long notFound,
    SortedMap<String, Long> errors,
    double seconds,
    long warmupRequests,
    long warmupErrors,
    long abandoned,
    Latency latency) {

  /**
   * Latency percentiles, in milliseconds.
   *
   * @param p50 median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param p999 99.9th percentile
   * @param max the slowest request
   * @param mean the arithmetic mean
   */
  public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

    /** The percentiles of a histogram of nanoseconds; null for an empty histogram. */
    static Latency of(Histogram nanos) {
      if (nanos.getTotalCount() == 0) {
        return null;
      }
      return new Latency(
          ms(nanos.getValueAtPercentile(50)),
          ms(nanos.getValueAtPercentile(90)),
          ms(nanos.getValueAtPercentile(99)),
          ms(nanos.getValueAtPercentile(99.9)),
          ms(nanos.getMaxValue()),
          nanos.getMean() / 1e6);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }

  /** Makes the errors map unmodifiable. */
  public Summary {
    errors = Collections.unmodifiableSortedMap(new TreeMap<>(errors));
  }

  /** The summary of a generator's measurement. */
  public static Summary of(Measurement m) {
    return new Summary(
        m.latencies().getTotalCount(),
        m.notFound(),
        m.errors(),
        m.elapsedNanos() / 1e9,
        m.warmupRequests(),
        m.warmupErrors(),
        m.abandoned(),
        Latency.of(m.latencies()));
  }

  /** Successful requests per second of measured time. */
  public double opsPerSecond() {
    return seconds > 0 ? ops / seconds : 0;
  }

  /** Measured requests that failed. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The errors as {@code UNAVAILABLE 3, DEADLINE_EXCEEDED 1}, or {@code none}. */
  public String errorsText() {
    if (errors.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    errors.forEach((code, n) -> text.append(text.length() > 0 ? ", " : "").append(code + " " + n));
    return text.toString();
  }
}
