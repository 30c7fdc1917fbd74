package dev.mokv.server.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the gossip layer probes, spreads and gives up. Use a preset: {@link #lan()} in
 * production, {@link #local()} in tests.
 *
 * <p>Faster is not better. A member is declared failed after roughly {@code suspicionMult ×
 * ceil(log2(members + 1)) × pingInterval} without answers, and under CPU starvation (2 shared
 * cores, a busy JVM) answers are late. Below ping 500 ms or suspicionMult 3, members were seen to
 * remove each other spuriously within seconds, so the constructor rejects such values.
 *
 * @param pingInterval how often each member probes one other member
 * @param pingTimeout how long a probe waits for its answer before asking others to probe
 * @param suspicionMult scales the suspicion timeout (see above); at least 3
 * @param gossipInterval how often queued gossip (joins, leaves, metadata changes) is sent
 * @param syncInterval how often a member exchanges its full member list with a random member or
 *     seed; this is also how often a member with no peers retries its seeds
 * @param syncTimeout how long the initial exchange with the seeds may take during {@code start()}
 * @param connectTimeout TCP connect timeout towards another member
 * @param metadataTimeout how long to wait for a new member's metadata; a member whose metadata
 *     cannot be fetched is not added (it is retried at the next sync)
 * @param leaveTimeout upper bound for {@code leave()}: announcing the leave and shutting down
 */
public record GossipTimings(
    Duration pingInterval,
    Duration pingTimeout,
    int suspicionMult,
    Duration gossipInterval,
    Duration syncInterval,
    Duration syncTimeout,
    Duration connectTimeout,
    Duration metadataTimeout,
    Duration leaveTimeout) {

  static final Duration MIN_PING_INTERVAL = Duration.ofMillis(500);
  static final int MIN_SUSPICION_MULT = 3;
  static final Duration MIN_GOSSIP_INTERVAL = Duration.ofMillis(100);

  /**
   * Validates the timings.
   *
   * @throws IllegalArgumentException if a value is faster than the documented minimum or the ping
   *     timeout is not shorter than the ping interval
   */
  public GossipTimings {
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(pingTimeout, "pingTimeout");
    Objects.requireNonNull(gossipInterval, "gossipInterval");
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(metadataTimeout, "metadataTimeout");
    Objects.requireNonNull(leaveTimeout, "leaveTimeout");
    requireAtLeast(pingInterval, MIN_PING_INTERVAL, "pingInterval");
    requireAtLeast(gossipInterval, MIN_GOSSIP_INTERVAL, "gossipInterval");
    if (suspicionMult < MIN_SUSPICION_MULT) {
      throw new IllegalArgumentException(
          "suspicionMult must be >= " + MIN_SUSPICION_MULT + ", was " + suspicionMult);
    }
    if (pingTimeout.isNegative()
        || pingTimeout.isZero()
        || pingTimeout.compareTo(pingInterval) >= 0) {
      throw new IllegalArgumentException(
          "pingTimeout must be > 0 and < pingInterval (" + pingInterval + "), was " + pingTimeout);
    }
    requireAtLeast(syncInterval, pingInterval, "syncInterval");
    requireAtLeast(syncTimeout, Duration.ofMillis(100), "syncTimeout");
    requireAtLeast(connectTimeout, Duration.ofMillis(100), "connectTimeout");
    requireAtLeast(metadataTimeout, Duration.ofMillis(100), "metadataTimeout");
    requireAtLeast(leaveTimeout, Duration.ofMillis(100), "leaveTimeout");
  }

  /**
   * Production defaults, ScaleCube's LAN profile: ping 1 s / 500 ms, suspicionMult 5, gossip 200
   * ms. A crashed member is declared FAILED after about 10–15 s; a LEAVING announcement reaches
   * everyone in well under a second. Sync every 10 s (ScaleCube's default is 30 s) so a node
   * started before its seed joins soon after the seed comes up.
   */
  public static GossipTimings lan() {
    return new GossipTimings(
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        5,
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        Duration.ofSeconds(10));
  }

  /**
   * Test defaults for members on one machine: ping 500 ms / 250 ms, suspicionMult 3, gossip 100 ms,
   * sync every 2 s. Deliberately no faster: tests share 2 cores with other builds. Timeouts that
   * only matter when something is wrong stay as long as in {@link #lan()}.
   */
  public static GossipTimings local() {
    return new GossipTimings(
        Duration.ofMillis(500),
        Duration.ofMillis(250),
        3,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5));
  }

  private static void requireAtLeast(Duration value, Duration min, String name) {
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          name + " must be >= " + min.toMillis() + " ms, was " + value.toMillis() + " ms");
    }
  }
}
