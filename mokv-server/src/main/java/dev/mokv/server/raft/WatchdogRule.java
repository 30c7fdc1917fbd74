package dev.mokv.server.raft;

import java.time.Duration;

/**
 * Judges, from successive looks at this node's Raft server, whether it is gone for good: stopped
 * (Ratis closed it), or a member of the configuration that has been out of touch with any leader
 * for many election timeouts. Pure and single-threaded (the watchdog's thread), so that it is
 * tested without a cluster.
 */
final class WatchdogRule {

  /**
   * How long the Raft server may look stopped before it counts as gone. Nothing legitimate stops it
   * while the node runs; two looks rule out a torn read.
   */
  static final Duration STOPPED_LIMIT = Duration.ofSeconds(1);

  /**
   * How many election timeouts a member may go without contact with a leader before the watchdog
   * asks its peers whether they have one. An election takes one to a few timeouts, even on a loaded
   * machine; thirty leave room for a string of failed ones during a partition or a slow network,
   * which heal by themselves.
   */
  static final int LEADERLESS_TIMEOUTS = 30;

  /** What the watchdog saw at one moment. */
  record Look(boolean running, boolean member, boolean inTouchWithLeader) {}

  /** The judgement after a look. */
  enum State {
    /** Running, and in touch with a leader (or not a member yet, or not for long). */
    HEALTHY,
    /** A member out of touch with any leader for too long: worth asking the peers. */
    LEADERLESS,
    /** The Raft server is gone. */
    STOPPED
  }

  private final long leaderlessLimitNanos;
  private long stoppedSince = -1;
  private long leaderlessSince = -1;

  /**
   * @param electionTimeout the node's minimum election timeout
   */
  WatchdogRule(Duration electionTimeout) {
    this.leaderlessLimitNanos = electionTimeout.toNanos() * LEADERLESS_TIMEOUTS;
  }

  /** Records {@code look}, taken at {@code nowNanos} (a monotonic clock), and judges. */
  State observe(Look look, long nowNanos) {
    if (!look.running()) {
      leaderlessSince = -1;
      if (stoppedSince < 0) {
        stoppedSince = nowNanos;
      }
      return nowNanos - stoppedSince >= STOPPED_LIMIT.toNanos() ? State.STOPPED : State.HEALTHY;
    }
    stoppedSince = -1;
    if (!look.member() || look.inTouchWithLeader()) {
      leaderlessSince = -1;
      return State.HEALTHY;
    }
    if (leaderlessSince < 0) {
      leaderlessSince = nowNanos;
    }
    return nowNanos - leaderlessSince >= leaderlessLimitNanos ? State.LEADERLESS : State.HEALTHY;
  }

  /** How long the node has been out of touch with a leader, as of {@code nowNanos}. */
  Duration leaderlessFor(long nowNanos) {
    return leaderlessSince < 0 ? Duration.ZERO : Duration.ofNanos(nowNanos - leaderlessSince);
  }
}
