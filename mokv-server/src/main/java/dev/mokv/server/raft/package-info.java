/**
 * Raft through Apache Ratis: this node's replica of the group, the replicated state machine, and
 * the paths by which writes and linearizable reads reach it.
 *
 * <p>{@link dev.mokv.server.raft.Consensus} is the one entry point the rest of the server uses:
 * {@code set}, {@code delete}, {@code get} at a {@link dev.mokv.api.ReadConsistency}, {@code
 * barrier}, the server views, and {@link dev.mokv.server.raft.ClusterAdmin} for changes of the Raft
 * configuration. Inside, {@code RaftReplica} owns the Ratis server from start to close, {@code
 * RaftGateway} routes requests to the own server or the leader, {@code WriteBatcher} and {@code
 * ReadBarrier} batch writes and share ReadIndex rounds, {@code KvStateMachine} applies committed
 * entries to the {@link dev.mokv.server.kv.KvStore}, and {@code PublishedAddresses} is the
 * replicated map of members' client addresses (unlike gossip's view, it is the same on every
 * replica at a log index).
 *
 * <p>May import {@code dev.mokv.server.config}, {@code dev.mokv.server.kv}, mokv-api and Ratis;
 * never {@code membership}, {@code grpc}, {@code health}, {@code metrics} or the root package.
 * Internal to the server; not API.
 */
package dev.mokv.server.raft;
