/**
 * Gossip membership: which nodes are in the cluster, where to reach them, and who joins, leaves or
 * fails.
 *
 * <p>This is the part Serf plays in the Go mökv. {@link dev.mokv.server.membership.Membership} is
 * the interface the rest of the server uses; {@link dev.mokv.server.membership.ScaleCubeMembership}
 * implements it with ScaleCube Cluster (SWIM). Each node advertises a {@link
 * dev.mokv.server.membership.MemberMetadata} (node name, RPC and Raft addresses, cluster id) in a
 * compact versioned encoding, and listeners receive {@link
 * dev.mokv.server.membership.MembershipEvent}s on the gossip event thread, which they must never
 * block. Gossip says what peers observe, not what is true: a FAILED member may only be cut off, so
 * Raft membership decisions must not follow FAILED blindly. The graceful-leave signal is LEAVING.
 * The gossip port is unauthenticated and speaks Java serialization behind an allow-list filter;
 * bind it to a private interface.
 */
package dev.mokv.server.membership;
