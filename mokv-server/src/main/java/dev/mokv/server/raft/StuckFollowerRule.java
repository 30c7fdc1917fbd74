package dev.mokv.server.raft;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges, on the leader, whether a follower answers but no longer takes entries: for {@link
 * #STUCK_TIMEOUTS} election timeouts it kept answering, never with a success, and answered
 * "inconsistent" at least once.
 *
 * <p>Why: a Ratis leader keeps each follower's match index for as long as it leads and never lowers
 * it. A follower whose log ends below that index (it acknowledged entries its disk never got: a
 * failed or interrupted write) answers every append and heartbeat "inconsistent", and the leader,
 * which probes from the match index up, never sends it what it lacks. A new leader starts with no
 * match index, so handing leadership to another voter frees the follower. Restarting it would not.
 *
 * <p>A healthy follower answers every heartbeat with a success, idle or not; one that is catching
 * up answers "inconsistent" a few times, then succeeds; one that is down does not answer. One that
 * receives a long snapshot answers "inconsistent" until it has it, which is why the bound is long
 * and each follower is acted on at most once every {@link #QUIET_AFTER_ACTION}. Pure and
 * single-threaded (the watchdog's thread), so that it is tested without a cluster.
 */
final class StuckFollowerRule {

  /** Election timeouts a follower may answer without a single success before it counts as stuck. */
  static final int STUCK_TIMEOUTS = 20;

  /**
   * Election timeouts since a follower's last answer within which it still counts as answering. A
   * leader heartbeats a follower that turns it away about once a second, not every half timeout.
   */
  static final int ANSWER_TIMEOUTS = 5;

  /** After a follower was reported stuck, it is not reported again for this long. */
  static final Duration QUIET_AFTER_ACTION = Duration.ofMinutes(5);

  /**
   * One follower as the leader sees it.
   *
   * @param name the follower's name
   * @param successes the successful replies it has sent this leader (a running count)
   * @param inconsistencies the "inconsistent" replies it has sent this leader (a running count)
   * @param answeredMillisAgo how long ago it last answered the leader
   */
  record Follower(String name, long successes, long inconsistencies, long answeredMillisAgo) {}

  private record Since(long successes, long inconsistencies, long sinceNanos) {}

  private final long stuckNanos;
  private final long answerBoundMillis;
  private final Map<String, Since> unsuccessful = new HashMap<>();
  private final Map<String, Long> reportedAt = new HashMap<>();

  /**
   * @param electionTimeout the node's minimum election timeout
   */
  StuckFollowerRule(Duration electionTimeout) {
    this.stuckNanos = electionTimeout.toNanos() * STUCK_TIMEOUTS;
    this.answerBoundMillis = electionTimeout.toMillis() * ANSWER_TIMEOUTS;
  }

  /**
   * Records a look taken at {@code nowNanos} (a monotonic clock) while this node leads; returns a
   * follower that is stuck, if one is.
   */
  Optional<String> observe(List<Follower> followers, long nowNanos) {
    Optional<String> stuck = Optional.empty();
    for (Follower f : followers) {
      if (f.answeredMillisAgo() > answerBoundMillis) {
        unsuccessful.remove(f.name()); // not answering: a different problem
        continue;
      }
      Since since = unsuccessful.get(f.name());
      if (since == null || since.successes() != f.successes()) {
        unsuccessful.put(f.name(), new Since(f.successes(), f.inconsistencies(), nowNanos));
        continue;
      }
      if (stuck.isEmpty()
          && nowNanos - since.sinceNanos() >= stuckNanos
          && f.inconsistencies() > since.inconsistencies()
          && quiet(f.name(), nowNanos)) {
        reportedAt.put(f.name(), nowNanos);
        unsuccessful.remove(f.name());
        stuck = Optional.of(f.name());
      }
    }
    return stuck;
  }

  /** Forgets what it saw: this node no longer leads, and a new term starts afresh. */
  void reset() {
    unsuccessful.clear();
  }

  private boolean quiet(String name, long nowNanos) {
    Long at = reportedAt.get(name);
    return at == null || nowNanos - at >= QUIET_AFTER_ACTION.toNanos();
  }
}
