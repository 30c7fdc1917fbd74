package dev.mokv.client;

/**
 * Which servers a {@link MokvClient} sends reads ({@code get}, {@code list}, {@code servers}) to.
 * Writes always go to the leader. Either choice keeps the guarantee the read's {@link
 * ReadConsistency} names; they differ in load and latency.
 */
public enum ReadRouting {
  /**
   * Round-robin over the followers the client is connected to, falling back to the leader when no
   * follower is reachable. Spreads read load off the leader; a LINEARIZABLE read on a follower
   * costs one extra round trip to the leader (Raft ReadIndex). The default.
   */
  FOLLOWERS,
  /**
   * Every read to the leader: the lowest latency for LINEARIZABLE reads, and a STALE read then sees
   * every committed write, at the cost of putting all load on one node.
   */
  LEADER
}
