/**
 * A mökv node: {@link dev.mokv.server.MokvNode} wires configuration, Raft, gossip membership, the
 * gRPC server, health and metrics together and forms or joins the cluster; {@code NodeStop} stops
 * it in order.
 *
 * <p>The root is the top of the package graph: it may import every {@code dev.mokv.server} package,
 * and none of them imports it.
 */
package dev.mokv.server;
