package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.BootstrapState;
import dev.mokv.server.membership.Member;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.GroupPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a {@code bootstrap: true} node with no Raft data does, so that a cluster is created
 * exactly once:
 *
 * <ul>
 *   <li>A data-dir that belonged to a cluster ({@link ClusterMarker}) never creates another: the
 *       node rejoins that cluster through {@code start-join-addrs}, or refuses to start and says
 *       what to do. {@code force-new-cluster} overrides this deliberately.
 *   <li>Otherwise the node looks at gossip for a few seconds first. A cluster already advertised
 *       there is joined. Two bootstrap nodes started together see each other as bootstrap
 *       candidates: the one whose name sorts first creates the cluster and the others join it. A
 *       node that has decided to create advertises so, and a candidate that sees it joins.
 * </ul>
 */
final class Bootstrap {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private final NodeConfig config;
  private final Membership membership;
  private final Duration look;

  /** {@code look}: how long a candidate watches gossip before it creates the cluster. */
  Bootstrap(NodeConfig config, Membership membership, Duration look) {
    this.config = config;
    this.membership = membership;
    this.look = look;
  }

  /** The plan of a bootstrap node whose data-dir holds no Raft group. */
  GroupPlan plan(Optional<ClusterMarker> marker) throws IOException {
    boolean seeds = !config.startJoinAddrs().isEmpty();
    if (marker.isPresent() && !config.forceNewCluster()) {
      return rejoin(marker.get(), seeds);
    }
    if (marker.isPresent()) {
      log.warn(
          "force-new-cluster: creating a new, empty cluster, although data-dir {} belonged to"
              + " cluster {}",
          config.dataDir(),
          marker.get().clusterId());
      return create();
    }
    if (!seeds) {
      return create();
    }
    return lookThenCreateOrJoin();
  }

  private GroupPlan rejoin(ClusterMarker marker, boolean seeds) throws IOException {
    String gone =
        "data-dir "
            + config.dataDir()
            + " belonged to cluster "
            + marker.clusterId()
            + ", but its Raft data is not there (moved aside after a leave, or deleted)";
    if (!seeds) {
      throw new IOException(
          gone
              + "; bootstrap would create a second, empty cluster, so the node refuses to start."
              + " To rejoin the cluster, set start-join-addrs to a running member's gossip address;"
              + " to create a new cluster on purpose, start once with --force-new-cluster");
    }
    log.info("{}: rejoining it through {} instead of bootstrapping", gone, config.startJoinAddrs());
    String advertised = awaitCluster(config.joinTimeout());
    if (!advertised.equals(marker.clusterId())) {
      throw new IOException(
          gone
              + ", and the members at start-join-addrs "
              + config.startJoinAddrs()
              + " belong to cluster "
              + advertised
              + "; refusing to start (set bootstrap: false to join that cluster, or"
              + " --force-new-cluster to create a new one)");
    }
    return GroupPlan.join(groupId(advertised));
  }

  private GroupPlan lookThenCreateOrJoin() throws IOException {
    advertise(BootstrapState.CANDIDATE);
    long deadline = System.nanoTime() + look.toNanos();
    while (true) {
      Optional<String> cluster = Formation.advertisedClusterId(config, membership);
      if (cluster.isPresent()) {
        log.warn(
            "bootstrap is set, but the members at {} already form cluster {}: joining it",
            config.startJoinAddrs(),
            cluster.get());
        return GroupPlan.join(groupId(cluster.get()));
      }
      Optional<Member> first = precedingBootstrapper();
      if (first.isPresent()) {
        log.info(
            "{} bootstraps too and {}: joining the cluster it creates",
            first.get().nodeName(),
            first.get().bootstrap() == BootstrapState.CREATING
                ? "is creating the cluster"
                : "its name sorts first");
        return GroupPlan.join(groupId(awaitCluster(config.joinTimeout())));
      }
      if (System.nanoTime() >= deadline) {
        return create();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /**
   * Another bootstrap node this one must defer to: one that is already creating the cluster, or a
   * candidate whose name sorts before this node's.
   */
  private Optional<Member> precedingBootstrapper() {
    return membership.members().stream()
        .filter(m -> !m.nodeName().equals(config.nodeName()))
        .filter(m -> m.status() == Member.Status.ALIVE)
        .filter(
            m ->
                m.bootstrap() == BootstrapState.CREATING
                    || (m.bootstrap() == BootstrapState.CANDIDATE
                        && m.nodeName().compareTo(config.nodeName()) < 0))
        .min(Comparator.comparing(Member::nodeName));
  }

  private GroupPlan create() throws IOException {
    advertise(BootstrapState.CREATING);
    log.info("Creating a new cluster with {} as its first voter", config.nodeName());
    return GroupPlan.of(config);
  }

  private String awaitCluster(Duration timeout) throws IOException {
    return Formation.awaitClusterId(config, membership, timeout, true)
        .orElseThrow(
            () ->
                new IOException(
                    "no member at start-join-addrs "
                        + config.startJoinAddrs()
                        + " advertised a cluster within "
                        + timeout.toSeconds()
                        + " s"));
  }

  private void advertise(BootstrapState state) {
    membership.updateMetadata(membership.self().metadata().withBootstrap(state));
  }

  private static RaftGroupId groupId(String clusterId) {
    return RaftGroupId.valueOf(UUID.fromString(clusterId));
  }
}
