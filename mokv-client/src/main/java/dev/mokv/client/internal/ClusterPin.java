package dev.mokv.client.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cluster id a client keeps to: the one its first usable {@code GetServers} answer carried.
 *
 * <p>Why it exists: a client that asks servers of two clusters (seeds of different clusters, or an
 * address reused by a node of another cluster) would otherwise spread reads and writes over both,
 * and a value written in one would be missing in the other. Once pinned, an answer from a server of
 * another cluster is ignored; servers that report no cluster id (older versions) are accepted.
 *
 * <p>Thread-safe: set once, read from the resolver's callbacks.
 */
final class ClusterPin {

  private final AtomicReference<String> clusterId = new AtomicReference<>();
  private final Set<Endpoint> foreign = ConcurrentHashMap.newKeySet();

  /** The pinned cluster id, if an answer has carried one. */
  Optional<String> clusterId() {
    return Optional.ofNullable(clusterId.get());
  }

  /** Pins {@code id} unless one is pinned already or it is empty; returns the pinned id, if any. */
  Optional<String> pin(String id) {
    if (!id.isEmpty()) {
      clusterId.compareAndSet(null, id);
    }
    return clusterId();
  }

  /**
   * Records what cluster the server at {@code endpoint} last answered for: a server of another
   * cluster is left out of every server list, even one that a server of this cluster reports.
   */
  void answered(Endpoint endpoint, String id) {
    if (admits(id)) {
      foreign.remove(endpoint);
    } else {
      foreign.add(endpoint);
    }
  }

  /** Whether the server at {@code endpoint} last answered for another cluster. */
  boolean isForeign(Endpoint endpoint) {
    return foreign.contains(endpoint);
  }

  /** Whether a server answering with cluster id {@code id} may be used. */
  boolean admits(String id) {
    String pinned = clusterId.get();
    return pinned == null || id.isEmpty() || pinned.equals(id);
  }
}
