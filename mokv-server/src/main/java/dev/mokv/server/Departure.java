package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.ClusterAdmin;
import dev.mokv.server.raft.Consensus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful leave: announce it through gossip, then make sure the leader removed this node from
 * the Raft configuration, so the remaining voters form majorities on their own.
 */
final class Departure {

  private static final Logger log = LoggerFactory.getLogger(Departure.class);

  /** How long a stopping node tries to get itself removed before it stops anyway. */
  private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(15);

  private final NodeConfig config;
  private final Consensus consensus;
  private final Membership membership;

  Departure(NodeConfig config, Consensus consensus, Membership membership) {
    this.config = config;
    this.consensus = consensus;
    this.membership = membership;
  }

  /** Returns whether this node is no longer in the Raft configuration. */
  boolean leave() {
    ClusterAdmin admin = consensus.admin();
    if (admin.voters().equals(java.util.List.of(config.nodeName()))) {
      log.info("Last voter of the cluster: stopping without leaving, data kept");
      membership.close();
      return false;
    }
    membership.leave();
    long deadline = System.nanoTime() + LEAVE_TIMEOUT.toNanos();
    String lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        // The leader may already be removing us (it saw LEAVING); a duplicate request fails the
        // compare-and-set, and the next look at the configuration settles it.
        admin.remove(config.nodeName());
        log.info("Left the cluster: removed from the Raft configuration");
        return true;
      } catch (IOException e) {
        lastError = e.getMessage();
      }
      if (!admin.contains(config.nodeName())) {
        log.info("Left the cluster: removed from the Raft configuration");
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
    }
    log.warn(
        "Could not leave the cluster within {} s ({}); stopping as a voter, data kept",
        LEAVE_TIMEOUT.toSeconds(),
        lastError);
    return false;
  }

  /**
   * Moves the Raft data of a node that left out of the way: it is no longer a member, and starting
   * on it would revive a removed server. A restart then joins afresh and receives a snapshot.
   */
  static void retireData(NodeConfig config, String clusterId) {
    Path group = config.dataDir().resolve(clusterId);
    Path retired = config.dataDir().resolve(clusterId + ".left-" + Instant.now().toEpochMilli());
    try {
      if (Files.isDirectory(group)) {
        Files.move(group, retired);
        log.info("Moved the data of the cluster this node left to {}", retired);
      }
    } catch (IOException e) {
      log.warn("Could not move {} aside after leaving: {}", group, e.getMessage());
    }
  }
}
