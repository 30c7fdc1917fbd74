package dev.mokv.server.membership;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failed connects to seeds into one clear warning per seed every few seconds at most.
 *
 * <p>Why: a node whose seeds are down starts alone and retries in the background, which is easy to
 * miss; the gossip library's own messages about it are generic, deduplicated per minute, and partly
 * stack traces. This says what is wrong and that it is being retried. Failures towards seeds while
 * the node already has peers, and towards ordinary members (the failure detector handles those),
 * are logged at debug only.
 */
final class SeedWarnings {

  private static final Logger log = LoggerFactory.getLogger(SeedWarnings.class);

  /** At most one warning per seed this often. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final String nodeName;
  private final Set<String> seeds;
  private final Duration retryEvery;
  private final BooleanSupplier hasPeers;
  private final LongSupplier nanoClock;
  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

  /**
   * @param retryEvery how often the gossip layer retries, for the message
   * @param hasPeers whether this node has joined anyone; warnings stop once it has
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  SeedWarnings(
      String nodeName,
      Set<String> seeds,
      Duration retryEvery,
      BooleanSupplier hasPeers,
      LongSupplier nanoClock) {
    this.nodeName = nodeName;
    this.seeds = Set.copyOf(seeds);
    this.retryEvery = retryEvery;
    this.hasPeers = hasPeers;
    this.nanoClock = nanoClock;
  }

  /** Called for every failed connect; may run on any thread. */
  void connectFailed(String address, Throwable cause) {
    if (!seeds.contains(address) || hasPeers.getAsBoolean()) {
      log.debug("[{}] cannot reach {} ({})", nodeName, address, describe(cause));
      return;
    }
    long now = nanoClock.getAsLong();
    Long previous = lastWarned.get(address);
    if (previous != null && now - previous < INTERVAL.toNanos()) {
      return;
    }
    lastWarned.put(address, now);
    log.warn(
        "[{}] cannot reach seed {} ({}); retrying every {} s",
        nodeName,
        address,
        describe(cause),
        retryEvery.toSeconds());
  }

  /** "connection refused" rather than a class name and a repeated address. */
  static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    if (root instanceof ConnectException) {
      // Netty says "finishConnect(..) failed: Connection refused: /127.0.0.1:9"; the log line
      // already names the address, and the syscall is noise.
      message = message.replaceFirst(": /\\S*$", "").replaceFirst("^\\S+\\(\\.\\.\\) failed: ", "");
    }
    return message.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + message.substring(1);
  }
}
