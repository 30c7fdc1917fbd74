/**
 * Whether this node should receive client traffic: the rule ({@code ReadinessRule}), its input read
 * from Ratis ({@link dev.mokv.server.health.RaftHealth}), the judgement ({@link
 * dev.mokv.server.health.Readiness}) and the holder shared by gRPC health, {@code /readyz} and the
 * {@code mokv_ready} gauge ({@link dev.mokv.server.health.NodeReadiness}).
 *
 * <p>May import {@code raft} and Ratis (to read the replica's state); never {@code grpc}, {@code
 * membership}, {@code metrics} or the root package. Internal to the server; not API.
 */
package dev.mokv.server.health;
