package dev.mokv.cli.bench;

import dev.mokv.client.ReadConsistency;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines one bench run, validated by the command line.
 *
 * @param workload what to send
 * @param endpoints {@code host:port} of the nodes' client ports; the client discovers the others,
 *     ping calls exactly these
 * @param connections client instances (ping: channels per endpoint)
 * @param concurrency requests in flight, in a closed loop
 * @param total measured requests to send, or 0 to measure for {@code duration}
 * @param duration how long to measure when {@code total} is 0
 * @param warmup how long to send load before measuring (not measured); may be zero
 * @param keys the key space
 * @param valueSize bytes per written value
 * @param consistency of reads
 * @param readRatio the fraction of reads of the mixed workload, 0 to 1
 * @param seed of every random draw: slots' keys and reads, and the value bytes
 * @param preload whether get and mixed write the key space first
 * @param timeout deadline of each request, the client's retries included
 * @param waitForVoters before anything, wait until every endpoint is SERVING and sees this many
 *     live voters and a leader; 0 does not wait
 * @param waitTimeout how long to wait for that
 * @param target the system to load: mökv, or etcd through its v3 gRPC API
 * @param serverPids processes of this machine whose CPU time over the measured window is reported
 *     (the servers'); may be empty
 * @param raftMetrics mökv: the nodes' {@code /metrics} URLs, to report write commands per Raft log
 *     entry over the measured window; may be empty
 */
public record BenchSpec(
    Workload workload,
    List<String> endpoints,
    int connections,
    int concurrency,
    long total,
    Duration duration,
    Duration warmup,
    KeySpace keys,
    int valueSize,
    ReadConsistency consistency,
    double readRatio,
    long seed,
    boolean preload,
    Duration timeout,
    int waitForVoters,
    Duration waitTimeout,
    Target target,
    List<Long> serverPids,
    List<URI> raftMetrics) {

  /** Checks what the command line cannot express by types. */
  public BenchSpec {
    Objects.requireNonNull(workload, "workload");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint is required");
    }
    requireAtLeast1("connections", connections);
    requireAtLeast1("concurrency", concurrency);
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative, was " + total);
    }
    if (total == 0 && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warm-up must not be negative, was " + warmup);
    }
    Objects.requireNonNull(keys, "keys");
    if (valueSize < 0) {
      throw new IllegalArgumentException("value size must not be negative, was " + valueSize);
    }
    Objects.requireNonNull(consistency, "consistency");
    if (!(readRatio >= 0 && readRatio <= 1)) {
      throw new IllegalArgumentException("read ratio must be within 0 and 1, was " + readRatio);
    }
    if (waitForVoters < 0) {
      throw new IllegalArgumentException("voters must not be negative, was " + waitForVoters);
    }
    Objects.requireNonNull(target, "target");
    serverPids = List.copyOf(serverPids);
    raftMetrics = List.copyOf(raftMetrics);
    if (target != Target.MOKV && !raftMetrics.isEmpty()) {
      throw new IllegalArgumentException(
          "Raft metrics are mökv's; the target is " + target.label());
    }
    if (workload == Workload.PING && target != Target.MOKV) {
      throw new IllegalArgumentException(
          "ping checks gRPC health of mökv's servers; it has no " + target.label() + " target");
    }
  }

  /** Whether the run stops after {@link #total()} requests rather than after a duration. */
  public boolean counted() {
    return total > 0;
  }

  private static void requireAtLeast1(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
