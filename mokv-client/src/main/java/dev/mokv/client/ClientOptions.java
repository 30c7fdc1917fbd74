package dev.mokv.client;

import dev.mokv.client.internal.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable, validated options of a {@link MokvClient}. Build them with {@link #builder()}; every
 * option but the endpoints has a default.
 *
 * <pre>{@code
 * ClientOptions options =
 *     ClientOptions.builder()
 *         .endpoints("10.0.0.1:8400", "10.0.0.2:8400")
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 */
public final class ClientOptions {

  /**
   * 5 seconds: long enough to ride out a leader election (about a second) with retries on a loaded
   * machine, short enough that a caller learns soon that the cluster is down.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * 10 seconds. The client also refreshes its server list at once when a request fails or a server
   * names a new leader, so the periodic refresh only has to catch changes nothing failed on (a node
   * joining, a graceful leadership transfer). Each refresh costs one {@code GetServers} call to
   * each known server.
   */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);

  private final List<String> endpoints;
  private final Duration timeout;
  private final ReadConsistency readConsistency;
  private final Duration refreshInterval;
  private final ReadRouting readRouting;
  private final boolean directExecutor;

  private ClientOptions(Builder b) {
    this.endpoints = List.copyOf(b.endpoints);
    this.timeout = b.timeout;
    this.readConsistency = b.readConsistency;
    this.refreshInterval = b.refreshInterval;
    this.readRouting = b.readRouting;
    this.directExecutor = b.directExecutor;
  }

  /** A builder with every default set and no endpoints. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options for {@code endpoints} with every other option at its default.
   *
   * @throws IllegalArgumentException if an endpoint is not {@code host:port}
   */
  public static ClientOptions of(String... endpoints) {
    return builder().endpoints(endpoints).build();
  }

  /** A builder holding these options, to derive changed options from. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoints.addAll(endpoints);
    return b.timeout(timeout)
        .readConsistency(readConsistency)
        .refreshInterval(refreshInterval)
        .readRouting(readRouting)
        .directExecutor(directExecutor);
  }

  /**
   * The seed endpoints, {@code host:port} of one or more nodes' client ports. The client learns the
   * other servers from them and keeps working when a seed goes away.
   */
  public List<String> endpoints() {
    return endpoints;
  }

  /** The deadline of each client operation, retries included. Default {@link #DEFAULT_TIMEOUT}. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The consistency of reads that do not name one. Default {@link ReadConsistency#LINEARIZABLE}.
   */
  public ReadConsistency readConsistency() {
    return readConsistency;
  }

  /** How often the server list is refreshed. Default {@link #DEFAULT_REFRESH_INTERVAL}. */
  public Duration refreshInterval() {
    return refreshInterval;
  }

  /** Where reads are sent. Default {@link ReadRouting#FOLLOWERS}. */
  public ReadRouting readRouting() {
    return readRouting;
  }

  /**
   * Whether responses are handled on gRPC's transport threads rather than handed to an executor
   * first. Faster (no thread hand-off per call, which matters most when the client shares few cores
   * with other work), but the futures of the async API then complete on those threads: a callback
   * chained onto one that blocks stalls every call of the client. Default {@code false}.
   */
  public boolean directExecutor() {
    return directExecutor;
  }

  @Override
  public String toString() {
    return "ClientOptions{endpoints="
        + endpoints
        + ", timeout="
        + timeout
        + ", readConsistency="
        + readConsistency
        + ", refreshInterval="
        + refreshInterval
        + ", readRouting="
        + readRouting
        + ", directExecutor="
        + directExecutor
        + "}";
  }

  /** Collects options; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {

    private final List<String> endpoints = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private ReadConsistency readConsistency = ReadConsistency.LINEARIZABLE;
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private ReadRouting readRouting = ReadRouting.FOLLOWERS;
    private boolean directExecutor;

    private Builder() {}

    /** See {@link ClientOptions#directExecutor()}. */
    public Builder directExecutor(boolean directExecutor) {
      this.directExecutor = directExecutor;
      return this;
    }

    /**
     * Replaces the seed endpoints. Each argument is {@code host:port}, {@code [ipv6]:port}, or a
     * comma-separated list of them.
     */
    public Builder endpoints(String... endpoints) {
      return endpoints(List.of(endpoints));
    }

    /** Replaces the seed endpoints; see {@link #endpoints(String...)}. */
    public Builder endpoints(List<String> endpoints) {
      this.endpoints.clear();
      for (String e : endpoints) {
        Objects.requireNonNull(e, "endpoint");
        for (String part : e.split(",")) {
          if (!part.isBlank()) {
            this.endpoints.add(part.strip());
          }
        }
      }
      return this;
    }

    /** See {@link ClientOptions#timeout()}; must be positive. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link ClientOptions#readConsistency()}. */
    public Builder readConsistency(ReadConsistency readConsistency) {
      this.readConsistency = Objects.requireNonNull(readConsistency, "readConsistency");
      return this;
    }

    /** See {@link ClientOptions#refreshInterval()}; must be positive. */
    public Builder refreshInterval(Duration refreshInterval) {
      this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
      return this;
    }

    /** See {@link ClientOptions#readRouting()}. */
    public Builder readRouting(ReadRouting readRouting) {
      this.readRouting = Objects.requireNonNull(readRouting, "readRouting");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the option and the bad value: no endpoints, an
     *     endpoint that is not {@code host:port}, or a duration that is not positive
     */
    public ClientOptions build() {
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("endpoints: at least one host:port is required");
      }
      for (String endpoint : endpoints) {
        Endpoint.parse(endpoint);
      }
      requirePositive("timeout", timeout);
      requirePositive("refreshInterval", refreshInterval);
      return new ClientOptions(this);
    }

    private static void requirePositive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
    }
  }
}
