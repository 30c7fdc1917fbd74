package dev.mokv.server.health;

import dev.mokv.server.raft.RaftStatus;
import java.time.Duration;
import java.util.Collection;

/**
 * The rule for "ready to serve clients", from what one node can see of Raft: it is in a cluster
 * with a leader it has heard from recently (or, as the leader, a majority that answered recently),
 * and it has applied nearly everything it knows to be committed.
 *
 * <p>A node cut off from the majority may still believe in an old leader (a follower) or in its own
 * leadership (a leader) until an election timeout passes, so the leader's id alone is not enough:
 * contact must be recent. Pure, so that the rule is tested without a cluster.
 */
final class ReadinessRule {

  /**
   * How far the applied index may trail the commit index on a ready node. A node that just
   * restarted or installed a snapshot replays its log; until it is within this many entries it
   * would answer stale reads and make linearizable reads wait, so it is not ready. 1000 entries
   * apply in well under a second, so a healthy node under load stays inside the bound.
   */
  static final long MAX_APPLY_LAG = 1000;

  /** What a node sees of Raft at one moment. */
  record View(
      boolean running,
      Role role,
      String leaderId,
      long leaderContactMillis,
      Collection<Long> voterContactMillis,
      int voters,
      long commitIndex,
      long appliedIndex) {}

  /** The Raft roles that matter here. */
  enum Role {
    LEADER,
    FOLLOWER,
    CANDIDATE,
    LISTENER
  }

  private final long contactBoundMillis;

  /**
   * @param electionTimeout the minimum election timeout the node runs with
   */
  ReadinessRule(Duration electionTimeout) {
    this.contactBoundMillis = RaftStatus.CONTACT_TIMEOUTS * electionTimeout.toMillis();
  }

  Readiness evaluate(View v) {
    if (!v.running()) {
      return Readiness.notReady("Raft is not running");
    }
    if (v.role() == Role.CANDIDATE) {
      return Readiness.notReady("no leader: an election is in progress");
    }
    if (v.leaderId() == null) {
      return Readiness.notReady("no known leader");
    }
    if (v.role() == Role.LEADER) {
      long recent =
          1 + v.voterContactMillis().stream().filter(ms -> ms <= contactBoundMillis).count();
      int majority = v.voters() / 2 + 1;
      if (recent < majority) {
        return Readiness.notReady(
            "leader without a majority: "
                + recent
                + " of "
                + v.voters()
                + " voters heard from within "
                + contactBoundMillis
                + " ms");
      }
    } else if (v.leaderContactMillis() > contactBoundMillis) {
      return Readiness.notReady(
          "no contact from leader " + v.leaderId() + " for " + v.leaderContactMillis() + " ms");
    }
    long lag = v.commitIndex() - v.appliedIndex();
    if (lag > MAX_APPLY_LAG) {
      return Readiness.notReady(
          "applied index " + v.appliedIndex() + " is " + lag + " entries behind the commit index");
    }
    return Readiness.ok();
  }
}
