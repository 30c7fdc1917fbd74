package dev.mokv.cli.bench;

import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/**
 * The raw figures of the measured part of a run, as the {@link LoadGenerator} collected them.
 *
 * @param latencies nanoseconds from send to completion of each request that did not fail
 * @param notFound gets, among the successes, that found no key
 * @param errors failed requests per {@link ErrorLabels label}
 * @param elapsedNanos from the start of measurement to the last measured completion (at least the
 *     measured duration)
 * @param warmupRequests requests that completed during the warm-up, failed ones included
 * @param warmupErrors the failed ones among them
 * @param abandoned slots whose last request had not completed when the run gave up waiting
 */
public record Measurement(
    Histogram latencies,
    long notFound,
    SortedMap<String, Long> errors,
    long elapsedNanos,
    long warmupRequests,
    long warmupErrors,
    long abandoned) {}
