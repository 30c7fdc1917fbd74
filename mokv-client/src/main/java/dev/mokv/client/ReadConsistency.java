package dev.mokv.client;

/** How fresh a read must be, and therefore where it may be served. */
public enum ReadConsistency {
  /**
   * Reflects every write acknowledged before the read started. Served by any node: a follower first
   * runs Raft's ReadIndex to catch up with the leader's commit index. The default.
   */
  LINEARIZABLE,
  /**
   * The answering node's local copy, at once: may miss writes still in flight to that node. Never
   * waits for the leader, so it works in a minority partition.
   */
  STALE
}
