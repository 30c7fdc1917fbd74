package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.Member;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.GroupPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which Raft group a starting node serves: the one in its data-dir, a fixed {@code
 * initial-cluster}, a new one ({@code bootstrap}), or the one the members at {@code
 * start-join-addrs} advertise. Refuses a data-dir that belongs to another cluster than the seeds. A
 * bootstrap node without Raft data is left to {@link Bootstrap}, which creates a cluster only once.
 */
final class Formation {

  private static final Logger log = LoggerFactory.getLogger(Formation.class);

  /** How long a node with data (or a bootstrap node) listens for the seeds before going alone. */
  private static final Duration QUICK_LOOK = Duration.ofSeconds(5);

  private static final Duration WARN_EVERY = Duration.ofSeconds(5);

  private Formation() {}

  static GroupPlan plan(NodeConfig config, Membership membership) throws IOException {
    Optional<ClusterMarker> marker = ClusterMarker.read(config.dataDir());
    if (marker.isPresent() && !marker.get().nodeName().equals(config.nodeName())) {
      throw new IOException(
          "data-dir "
              + config.dataDir()
              + " belongs to node "
              + marker.get().nodeName()
              + " (see "
              + ClusterMarker.FILE_NAME
              + "), not to "
              + config.nodeName()
              + "; refusing to start (each node needs its own data-dir, and keeps its name)");
    }
    Optional<RaftGroupId> existing = GroupPlan.existingGroup(config.dataDir());
    boolean seeds = !config.startJoinAddrs().isEmpty();
    if (existing.isPresent()) {
      if (config.forceNewCluster()) {
        log.warn(
            "force-new-cluster is ignored: data-dir {} holds the Raft data of cluster {}, which is"
                + " recovered, never discarded (move it away first to create a new cluster)",
            config.dataDir(),
            existing.get().getUuid());
      }
      if (seeds) {
        Optional<String> advertised = awaitClusterId(config, membership, QUICK_LOOK, false);
        String own = existing.get().getUuid().toString();
        if (advertised.isPresent() && !advertised.get().equals(own)) {
          throw new IOException(
              "data-dir "
                  + config.dataDir()
                  + " belongs to cluster "
                  + own
                  + ", but the members at start-join-addrs "
                  + config.startJoinAddrs()
                  + " belong to cluster "
                  + advertised.get()
                  + "; refusing to start (use an empty data-dir to join that cluster)");
        }
      }
      return GroupPlan.of(config);
    }
    if (!config.initialCluster().isEmpty()) {
      return GroupPlan.of(config);
    }
    if (config.bootstrap()) {
      return new Bootstrap(config, membership, QUICK_LOOK).plan(marker);
    }
    if (seeds) {
      String clusterId =
          awaitClusterId(config, membership, config.joinTimeout(), true)
              .orElseThrow(
                  () ->
                      new IOException(
                          "could not join a cluster through start-join-addrs "
                              + config.startJoinAddrs()
                              + " within "
                              + config.joinTimeout().toSeconds()
                              + " s: "
                              + (membership.hasPeers()
                                  ? "members answered, but none belongs to a cluster yet"
                                  : "no member answered")));
      log.info("Joining cluster {} through {}", clusterId, config.startJoinAddrs());
      return GroupPlan.join(RaftGroupId.valueOf(java.util.UUID.fromString(clusterId)));
    }
    return GroupPlan.of(config); // explains that there is nothing to start
  }

  /**
   * The cluster id the other members advertise now, if any.
   *
   * @throws IOException if they advertise different clusters
   */
  static Optional<String> advertisedClusterId(NodeConfig config, Membership membership)
      throws IOException {
    Set<String> ids = new TreeSet<>();
    for (Member m : membership.members()) {
      if (!m.nodeName().equals(config.nodeName()) && !m.clusterId().isEmpty()) {
        ids.add(m.clusterId());
      }
    }
    if (ids.size() > 1) {
      throw new IOException(
          "the members at start-join-addrs "
              + config.startJoinAddrs()
              + " belong to different clusters "
              + ids);
    }
    return ids.stream().findFirst();
  }

  /**
   * Waits up to {@code timeout} for gossip to show a member that advertises a cluster id.
   *
   * @throws IOException if the members advertise different clusters
   */
  static Optional<String> awaitClusterId(
      NodeConfig config, Membership membership, Duration timeout, boolean warn) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextWarning = System.nanoTime() + WARN_EVERY.toNanos();
    while (true) {
      Optional<String> advertised = advertisedClusterId(config, membership);
      if (advertised.isPresent()) {
        return advertised;
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        return Optional.empty();
      }
      if (warn && now >= nextWarning) {
        log.warn(
            "Still trying to join through {}: {}; retrying",
            config.startJoinAddrs(),
            membership.hasPeers()
                ? "members answered, none has a cluster yet"
                : "no member answered");
        nextWarning = now + WARN_EVERY.toNanos();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
