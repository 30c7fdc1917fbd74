package dev.mokv.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable options of a {@link MokvClient}.
 *
 * @param endpoints seed addresses, {@code host:port} of any nodes' client ports
 * @param timeout the deadline of each request
 * @param readConsistency the consistency of reads that do not name one
 */
public record ClientOptions(List<String> endpoints, Duration timeout, ReadConsistency readConsistency) {

  /** 5 seconds: long enough to ride out a leader election on a loaded machine. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public ClientOptions {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    Objects.requireNonNull(readConsistency, "readConsistency");
  }

  /** Options for {@code endpoints} with the default timeout and LINEARIZABLE reads. */
  public static ClientOptions of(String... endpoints) {
    return new ClientOptions(List.of(endpoints), DEFAULT_TIMEOUT, ReadConsistency.LINEARIZABLE);
  }

  public ClientOptions withTimeout(Duration timeout) {
    return new ClientOptions(endpoints, timeout, readConsistency);
  }

  public ClientOptions withReadConsistency(ReadConsistency readConsistency) {
    return new ClientOptions(endpoints, timeout, readConsistency);
  }
}
