package dev.mokv.server.raft;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicated map from node name to client (gRPC) address. The Raft configuration knows each
 * peer's Raft address only; members publish their client address through the log, so every replica
 * can answer {@code GetServers} with the same view.
 *
 * <p>Not to be confused with gossip's {@code membership.MemberTable}: that is what this node has
 * heard from its peers lately, and differs between nodes; this map is part of the replicated state
 * and is the same on every replica at a given log index.
 *
 * <p>Threading: written by the apply thread only, read by any thread.
 */
final class PublishedAddresses {

  private final Map<String, String> rpcAddresses = new ConcurrentHashMap<>();

  Optional<String> rpcAddress(String nodeName) {
    return Optional.ofNullable(rpcAddresses.get(nodeName));
  }

  void publish(String nodeName, String rpcAddress) {
    rpcAddresses.put(nodeName, rpcAddress);
  }

  /** A sorted copy, for snapshots. */
  Map<String, String> copy() {
    return new TreeMap<>(rpcAddresses);
  }

  void replaceAll(Map<String, String> entries) {
    rpcAddresses.clear();
    rpcAddresses.putAll(entries);
  }
}
