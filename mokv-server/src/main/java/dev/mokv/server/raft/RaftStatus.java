package dev.mokv.server.raft;

import java.util.Optional;

/**
 * A point-in-time view of one node's Raft state.
 *
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param term the current term
 * @param leaderId the leader this node knows of, if any
 * @param commitIndex the highest log index known to be committed
 * @param appliedIndex the highest log index applied to the store
 * @param logStartIndex the first index still in the log (grows when the log is purged)
 * @param snapshotIndex the index of the newest snapshot written or loaded, or -1
 * @param loadedFromSnapshot whether the store was loaded from a snapshot since the process started
 */
public record RaftStatus(
    String role,
    long term,
    Optional<String> leaderId,
    long commitIndex,
    long appliedIndex,
    long logStartIndex,
    long snapshotIndex,
    boolean loadedFromSnapshot) {

  /**
   * How many election timeouts may pass without contact before the leader (for a follower) or a
   * majority (for a leader) counts as lost. A healthy leader sends heartbeats several times per
   * timeout, and a follower starts an election after at most two; three leaves room for a GC pause
   * on a busy machine without flapping.
   */
  public static final int CONTACT_TIMEOUTS = 3;
}
