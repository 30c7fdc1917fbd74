package dev.mokv.server.membership;

import java.util.Objects;

/**
 * One node as seen through gossip: its advertised metadata and its status.
 *
 * @param nodeName the stable node id (see {@link MemberMetadata#nodeName()})
 * @param rpcAddress {@code host:port} of the node's client gRPC endpoint
 * @param raftAddress {@code host:port} of the node's Raft endpoint
 * @param clusterId the Raft group id the node belongs to; empty if it does not know one yet
 * @param status what the gossip layer last said about the node
 * @param bootstrap where the node stands in bootstrapping a cluster (see {@link BootstrapState})
 */
public record Member(
    String nodeName,
    String rpcAddress,
    String raftAddress,
    String clusterId,
    Status status,
    BootstrapState bootstrap) {

  /**
   * A member's status. {@link Membership#members()} only ever holds {@link #ALIVE} and {@link
   * #LEAVING} members; {@link #LEFT} and {@link #FAILED} are final and appear in events only.
   */
  public enum Status {
    /** Reachable, or suspected but not yet declared dead (SWIM does not report suspicion). */
    ALIVE,
    /**
     * Announced a graceful leave. This is the signal to act on (e.g. remove a Raft voter): the
     * gossip layer removes the member only after the full suspicion timeout.
     */
    LEAVING,
    /** Removed after announcing a leave. */
    LEFT,
    /**
     * Removed without announcing a leave: it crashed, was closed, or is cut off by a partition.
     * Gossip cannot tell these apart, so never treat FAILED alone as proof that a node is gone.
     */
    FAILED
  }

  public Member {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(rpcAddress, "rpcAddress");
    Objects.requireNonNull(raftAddress, "raftAddress");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(bootstrap, "bootstrap");
  }

  /** A member that is not bootstrapping a cluster. */
  public Member(
      String nodeName, String rpcAddress, String raftAddress, String clusterId, Status status) {
    this(nodeName, rpcAddress, raftAddress, clusterId, status, BootstrapState.NONE);
  }

  /** The member built from what a node advertises, with the given status. */
  public static Member of(MemberMetadata metadata, Status status) {
    return new Member(
        metadata.nodeName(),
        metadata.rpcAddress(),
        metadata.raftAddress(),
        metadata.clusterId(),
        status,
        metadata.bootstrap());
  }

  /** The advertised part of this member. */
  public MemberMetadata metadata() {
    return new MemberMetadata(nodeName, rpcAddress, raftAddress, clusterId, bootstrap);
  }

  /** Returns a copy with {@code status} replaced. */
  public Member withStatus(Status status) {
    return new Member(nodeName, rpcAddress, raftAddress, clusterId, status, bootstrap);
  }
}
