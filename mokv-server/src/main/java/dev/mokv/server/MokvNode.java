package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.health.NodeReadiness;
import dev.mokv.server.health.Readiness;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.membership.GossipOptions;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.membership.MembershipMetrics;
import dev.mokv.server.membership.ScaleCubeMembership;
import dev.mokv.server.membership.VoterReconciler;
import dev.mokv.server.metrics.MetricsEndpoint;
import dev.mokv.server.metrics.RuntimeMetrics;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.GroupPlan;
import dev.mokv.server.raft.RaftWatchdog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mökv node: the composition root that wires gossip, the store, Raft and the gRPC server by
 * hand, and the entry point of its lifecycle (start, leave, stop, crash).
 *
 * <p>The parts of the lifecycle are classes of their own: {@link NodeStop} orders the stops, {@link
 * NodeLeave} and {@link Departure} leave the cluster, {@link FailureSignals} tells the runner that
 * the node cannot go on, {@link ReadinessPublisher} keeps the health probes current, and {@link
 * NodeInspection} lets tests look inside.
 *
 * <p>Several nodes may run in one JVM (tests do): a node holds no static state.
 */
public final class MokvNode implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(MokvNode.class);

  /** How often the leader compares gossip with the Raft configuration, besides on events. */
  private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(2);

  private final NodeConfig config;
  private final NodeReadiness readiness;
  private final NodeStop stop;
  private final FailureSignals failures;
  private final NodeInspection inspection;

  private MokvNode(
      NodeConfig config,
      NodeReadiness readiness,
      NodeStop stop,
      FailureSignals failures,
      NodeInspection inspection) {
    this.config = config;
    this.readiness = readiness;
    this.stop = stop;
    this.failures = failures;
    this.inspection = inspection;
  }

  /**
   * Starts a node: joins gossip, recovers or creates (or joins) its Raft group, then serves
   * clients.
   *
   * @throws IOException if the data-dir cannot be used (corrupt, foreign, unreadable), no cluster
   *     could be joined within {@code join-timeout}, or a port is taken; the message says which
   */
  public static MokvNode start(NodeConfig config) throws IOException {
    DataDirCleanup.clean(config.dataDir());
    // One registry per node, never the JVM-wide default: tests run several nodes in one JVM.
    PrometheusRegistry registry = new PrometheusRegistry();
    NodeReadiness readiness = NodeReadiness.register(registry);
    RuntimeMetrics.register(registry);
    // Serve probes from the start: a joining node is alive (and says why it is not ready).
    MetricsEndpoint metrics = startMetrics(config, registry, readiness);
    Membership membership = new ScaleCubeMembership(GossipOptions.forNode(config));
    VoterReconciler reconciler =
        new VoterReconciler(
            membership, config.nodeName(), config.deadServerCleanup(), Clock.systemUTC());
    membership.addListener(reconciler);
    GossipEventCounter gossipEvents = new GossipEventCounter();
    membership.addListener(gossipEvents);
    membership.addListener(MembershipMetrics.register(registry, membership, reconciler));
    try {
      membership.start();
    } catch (RuntimeException e) {
      reconciler.close();
      metrics.close();
      throw new IOException(
          "cannot start gossip on " + config.bindAddr() + ": " + e.getMessage(), e);
    }
    Consensus consensus = null;
    try {
      GroupPlan plan = Formation.plan(config, membership);
      NameGuard.requireUniqueName(config, membership);
      if (!plan.recovered() && plan.peers().isEmpty()) {
        LostDiskGuard.requireNotAVoter(config, membership, plan.groupId().getUuid().toString());
      }
      if (!plan.recovered() && !config.initialCluster().isEmpty()) {
        LostDiskGuard.requireFirstStart(config, membership, plan);
      }
      consensus = Consensus.start(config.raft(), plan, new KvStore(), registry);
      // From now on the data-dir belongs to this cluster, even after its Raft data is moved aside.
      new ClusterMarker(consensus.clusterId(), config.nodeName()).write(config.dataDir());
      membership.updateMetadata(membership.self().metadata().withClusterId(consensus.clusterId()));
      consensus.onRaftChange(reconciler::trigger);
      reconciler.start(consensus.admin(), consensus.clusterId(), RECONCILE_INTERVAL);
      RpcServer rpc = startRpc(config, consensus, membership, registry);
      ReadinessPublisher health =
          ReadinessPublisher.start(
              config.nodeName(), consensus, config.electionTimeout(), readiness, rpc);
      NodeStop stop = new NodeStop(config, consensus, membership, reconciler, rpc, metrics, health);
      FailureSignals failures = new FailureSignals(config.nodeName(), consensus.halt(), stop);
      rpc.onLeave(stop::leave);
      // Last: the watchdog's verdict stops the node, so everything it stops must exist by then.
      stop.watchedBy(
          RaftWatchdog.start(
              consensus, config.nodeName(), config.electionTimeout(), failures::raftGone));
      NodeInspection inspection =
          new NodeInspection(consensus, rpc, membership, reconciler, gossipEvents);
      log.info(
          "Node {} serving clients on {}, Raft on {}, gossip on {}, metrics on {} (cluster {}, {})",
          config.nodeName(),
          config.rpcAddress(),
          config.raftAddress(),
          membership.gossipAddress(),
          config.advertisedHost() + ":" + metrics.port(),
          consensus.clusterId(),
          plan.recovered() ? "recovered from " + config.dataDir() : "new member");
      return new MokvNode(config, readiness, stop, failures, inspection);
    } catch (IOException | RuntimeException e) {
      reconciler.close();
      membership.close();
      if (consensus != null) {
        consensus.close();
      }
      metrics.close();
      throw e;
    }
  }

  private static MetricsEndpoint startMetrics(
      NodeConfig config, PrometheusRegistry registry, NodeReadiness readiness) throws IOException {
    try {
      return MetricsEndpoint.start(
          config.advertisedHost(), config.metricsPort(), registry, readiness::get);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot serve metrics on "
              + config.advertisedHost()
              + ":"
              + config.metricsPort()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static RpcServer startRpc(
      NodeConfig config, Consensus consensus, Membership membership, PrometheusRegistry registry)
      throws IOException {
    try {
      return RpcServer.start(config.rpc(), consensus, membership, registry);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot serve clients on " + config.rpcAddress() + ": " + e.getMessage(), e);
    }
  }

  /** The configuration this node was started with. */
  public NodeConfig config() {
    return config;
  }

  /**
   * Whether this node serves clients now, and if not why: what gRPC health and {@code /readyz}
   * report.
   */
  public Readiness readiness() {
    return readiness.get();
  }

  /** A read-only look inside this node (Raft state, revision, counters), for tests. */
  public NodeInspection inspect() {
    return inspection;
  }

  /**
   * Completes, with the reason, if this node's replica stops applying the Raft log because a
   * committed entry cannot be applied (a damaged log). The node then serves nothing: it reports
   * NOT_SERVING and its Raft division is closed. Whoever runs the node should stop it ({@link
   * #crash()} keeps the data for inspection) and exit non-zero; restarting on the same data-dir
   * halts again at the same entry. Never completes exceptionally.
   */
  public CompletableFuture<String> halted() {
    return failures.halted();
  }

  /**
   * Completes, with the reason, if the node stopped itself because its Raft server was lost; the
   * process running the node should then exit non-zero so that its supervisor restarts it.
   */
  public CompletionStage<String> failure() {
    return failures.failure();
  }

  /**
   * Leaves the cluster for good and stops, as the {@code Cluster.Leave} RPC asks: the stop of
   * {@link #close()} with a leave, whatever {@code leave-on-terminate} says. Returns once this node
   * is out of the Raft voters; draining, closing and moving the data aside continue in the
   * background, and {@link #stopped()} completes after them.
   *
   * @return this node's name
   * @throws IllegalStateException if this node is the only voter (nothing would remain), or it is
   *     already stopping
   * @throws IOException if it could not be removed in time; it then stops as a voter, data kept
   */
  public String leave() throws IOException {
    return stop.leave();
  }

  /** Completes once this node has stopped, after {@link #close()}, a leave, or a crash. */
  public CompletableFuture<Void> stopped() {
    return stop.stopped();
  }

  /**
   * Stops gracefully: reports NOT_SERVING, hands leadership to another voter if this node leads,
   * lets requests in flight finish (up to a grace period), then stops Raft. The node stays a voter
   * and keeps its data, unless {@code leave-on-terminate} (or a {@link #leave()}) makes it leave
   * the cluster first (announce it, be removed from the voters, move its Raft data aside).
   */
  @Override
  public void close() throws IOException {
    stop.close();
  }

  /**
   * Stops at once, as a crash would look to the rest of the cluster: no leadership transfer, no
   * draining, no leave. Data already on disk stays; for tests and fault injection.
   */
  public void crash() throws IOException {
    stop.crash();
  }
}
