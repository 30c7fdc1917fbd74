/**
 * The in-memory store the state machine applies to, its snapshot format, and its metrics.
 *
 * <p>Knows nothing of Raft, gossip or gRPC: it imports no other {@code dev.mokv.server} package, so
 * that it can be tested, and its snapshot format read, on its own. Internal to the server; not API.
 */
package dev.mokv.server.kv;
