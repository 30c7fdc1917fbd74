/**
 * The client-facing gRPC server: the {@code api.KV} and {@code Cluster} services, request
 * validation, the mapping of failures to gRPC statuses, per-method metrics and request logs.
 *
 * <p>Handlers never block: they validate, hand the request to {@link
 * dev.mokv.server.raft.Consensus}, and answer when its future completes. May import {@code config},
 * {@code kv}, {@code membership}, {@code raft}, {@code health}, mokv-api and grpc-java; never the
 * root package. Internal to the server; not API.
 */
package dev.mokv.server.grpc;
