package dev.mokv.server;

import dev.mokv.server.config.HostPort;
import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.health.NodeReadiness;
import dev.mokv.server.health.RaftHealth;
import dev.mokv.server.health.Readiness;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.membership.GossipOptions;
import dev.mokv.server.membership.GossipTimings;
import dev.mokv.server.membership.MemberMetadata;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.membership.MembershipMetrics;
import dev.mokv.server.membership.ScaleCubeMembership;
import dev.mokv.server.membership.VoterReconciler;
import dev.mokv.server.metrics.MetricsEndpoint;
import dev.mokv.server.metrics.RuntimeMetrics;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.GroupPlan;
import dev.mokv.server.raft.RaftStatus;
import dev.mokv.server.raft.RaftWatchdog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mökv node: the composition root that wires gossip, the store, Raft and the gRPC server by
 * hand.
 *
 * <p>Several nodes may run in one JVM (tests do): a node holds no static state.
 */
public final class MokvNode implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(MokvNode.class);

  /** How long a stopping node lets requests in flight finish. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(5);

  /** How long a Leave call waits for the removal: a transfer, then Departure's own bound. */
  private static final Duration LEAVE_ANSWER_TIMEOUT = Duration.ofSeconds(30);

  /** How often the leader compares gossip with the Raft configuration, besides on events. */
  private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(2);

  private final NodeConfig config;
  private final Membership membership;
  private final VoterReconciler reconciler;
  private final GossipEventCounter gossipEvents;
  private final Consensus consensus;
  private final RpcServer rpc;
  private final MetricsEndpoint metrics;
  private final NodeReadiness readiness;
  private final RaftHealth raftHealth;
  private final ScheduledExecutorService ticker;
  private final CompletableFuture<Boolean> departed = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private volatile RaftWatchdog watchdog;
  private volatile boolean closed;
  private volatile boolean leaveRequested;

  private MokvNode(
      NodeConfig config,
      Membership membership,
      VoterReconciler reconciler,
      GossipEventCounter gossipEvents,
      Consensus consensus,
      RpcServer rpc,
      MetricsEndpoint metrics,
      NodeReadiness readiness) {
    this.config = config;
    this.membership = membership;
    this.reconciler = reconciler;
    this.gossipEvents = gossipEvents;
    this.consensus = consensus;
    this.rpc = rpc;
    this.metrics = metrics;
    this.readiness = readiness;
    this.raftHealth = new RaftHealth(consensus, config.electionTimeout());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-node-" + config.nodeName());
              t.setDaemon(true);
              return t;
            });
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
    Membership membership = new ScaleCubeMembership(gossipOptions(config));
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
      consensus = Consensus.start(config.raft(), plan, new KvStore(), registry);
      // From now on the data-dir belongs to this cluster, even after its Raft data is moved aside.
      new ClusterMarker(consensus.clusterId(), config.nodeName()).write(config.dataDir());
      membership.updateMetadata(membership.self().metadata().withClusterId(consensus.clusterId()));
      consensus.onRaftChange(reconciler::trigger);
      reconciler.start(consensus.admin(), consensus.clusterId(), RECONCILE_INTERVAL);
      RpcServer rpc = startRpc(config, consensus, membership, registry);
      MokvNode node =
          new MokvNode(
              config, membership, reconciler, gossipEvents, consensus, rpc, metrics, readiness);
      node.ticker.scheduleWithFixedDelay(node::refreshHealth, 0, 200, TimeUnit.MILLISECONDS);
      rpc.onLeave(node::leave);
      consensus.halt().future().thenAccept(reason -> node.refreshHealth());
      node.watchdog =
          RaftWatchdog.start(
              consensus, config.nodeName(), config.electionTimeout(), node::raftGone);
      log.info(
          "Node {} serving clients on {}, Raft on {}, gossip on {}, metrics on {} (cluster {}, {})",
          config.nodeName(),
          config.rpcAddress(),
          config.raftAddress(),
          membership.gossipAddress(),
          config.advertisedHost() + ":" + metrics.port(),
          consensus.clusterId(),
          plan.recovered() ? "recovered from " + config.dataDir() : "new member");
      return node;
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

  static GossipOptions gossipOptions(NodeConfig config) {
    MemberMetadata metadata =
        new MemberMetadata(
            config.nodeName(), config.rpcAddress().toString(), config.raftAddress().toString(), "");
    List<String> seeds = config.startJoinAddrs().stream().map(HostPort::toString).toList();
    // On loopback every member shares one machine: the shorter LOCAL timings detect a stopped
    // member in seconds without risking false suspicion over a real network.
    GossipTimings timings =
        isLoopback(config.advertisedHost()) ? GossipTimings.local() : GossipTimings.lan();
    return new GossipOptions(
        config.bindAddr().host(), config.bindAddr().port(), null, seeds, metadata, timings);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Judges readiness and publishes it to gRPC health, {@code /readyz} and {@code mokv_ready} at
   * once, so they agree. Logs only when readiness flips, not on every tick.
   */
  private void refreshHealth() {
    if (closed) {
      return;
    }
    Optional<String> halt = consensus.halt().reason();
    if (halt.isPresent()) {
      readiness.set(Readiness.notReady("halted: " + halt.get()));
      rpc.setServing(false);
      return;
    }
    try {
      Readiness now = raftHealth.check();
      boolean flipped = readiness.set(now);
      rpc.setServing(now.ready());
      if (flipped && now.ready()) {
        log.info("Node {} is ready to serve", config.nodeName());
      } else if (flipped) {
        log.info("Node {} is not ready: {}", config.nodeName(), now.reason());
      }
    } catch (RuntimeException e) {
      log.debug("Health refresh failed", e);
    }
  }

  /**
   * The node's Raft is gone for good (see {@link RaftWatchdog}): stop at once, as a crash would, so
   * that nothing half alive keeps its ports, and let the process exit for its supervisor.
   */
  private void raftGone(String reason) {
    if (closed) {
      return;
    }
    log.error(
        "Node {} is stopping: {}; exiting so that a supervisor restarts it",
        config.nodeName(),
        reason);
    failure.complete(reason);
    try {
      crash();
    } catch (IOException | RuntimeException e) {
      log.warn("Error while stopping after Raft was lost", e);
    }
  }

  /**
   * Completes, with the reason, if the node stopped itself because its Raft server was lost; the
   * process running the node should then exit non-zero so that its supervisor restarts it.
   */
  public CompletionStage<String> failure() {
    return failure;
  }

  /**
   * Whether this node serves clients now, and if not why: what gRPC health and {@code /readyz}
   * report.
   */
  public Readiness readiness() {
    return readiness.get();
  }

  /**
   * Completes, with the reason, if this node's replica stops applying the Raft log because a
   * committed entry cannot be applied (a damaged log). The node then serves nothing: it reports
   * NOT_SERVING and its Raft division is closed. Whoever runs the node should stop it ({@link
   * #crash()} keeps the data for inspection) and exit non-zero; restarting on the same data-dir
   * halts again at the same entry. Never completes exceptionally.
   */
  public CompletableFuture<String> halted() {
    return consensus.halt().future();
  }

  public NodeConfig config() {
    return config;
  }

  /** This node's Raft state. */
  public RaftStatus raftStatus() {
    return consensus.status();
  }

  /** The store's revision as applied on this node. */
  public long revision() {
    return consensus.store().revision();
  }

  /** Client calls this node answered, per full method name ({@code api.KV/Get}). */
  public Map<String, Long> requestCounts() {
    return rpc.requestCounts();
  }

  /** The number of keys as applied on this node. */
  public int keyCount() {
    return consensus.store().size();
  }

  /** Names of the voters in this node's view of the Raft configuration. */
  public List<String> voters() {
    return consensus.admin().voters();
  }

  /** Raft configuration entries applied since this process started (replayed ones included). */
  public long configurationChanges() {
    return consensus.configurationChanges();
  }

  /** Gossip events this node has seen since it started, by type (JOINED, FAILED, ...). */
  public Map<String, Long> gossipEventCounts() {
    return gossipEvents.snapshot();
  }

  /** Servers this node's reconciler added to and removed from the Raft configuration. */
  public long reconcilerChanges() {
    return reconciler.added() + reconciler.removed();
  }

  /** The gossip address other members reach this node at. */
  public String gossipAddress() {
    return membership.gossipAddress();
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
    synchronized (this) {
      if (closed || leaveRequested) {
        throw new IllegalStateException("node " + config.nodeName() + " is already stopping");
      }
      if (consensus.admin().voters().equals(List.of(config.nodeName()))) {
        throw new IllegalStateException(
            "node "
                + config.nodeName()
                + " is the only voter of its cluster and cannot leave it; stop it instead");
      }
      leaveRequested = true;
    }
    // Stop on another thread: the stop drains calls in flight, and this call is one of them.
    Thread stopper = new Thread(this::closeAfterLeave, "mokv-leave-" + config.nodeName());
    stopper.setDaemon(true);
    stopper.start();
    try {
      if (departed.get(LEAVE_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        return config.nodeName();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while leaving", e);
    } catch (ExecutionException | TimeoutException e) {
      // reported below
    }
    throw new IOException(
        "node "
            + config.nodeName()
            + " could not be removed from the Raft voters; it stops as a voter with its data"
            + " (remove it with: mokv member remove "
            + config.nodeName()
            + ")");
  }

  private void closeAfterLeave() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      log.error("Stopping after the leave failed", e);
    }
  }

  /** Completes once this node has stopped, after {@link #close()}, a leave, or a crash. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Stops gracefully: reports NOT_SERVING, hands leadership to another voter if this node leads,
   * lets requests in flight finish (up to a grace period), then stops Raft. The node stays a voter
   * and keeps its data, unless {@code leave-on-terminate} (or a {@link #leave()}) makes it leave
   * the cluster first (announce it, be removed from the voters, move its Raft data aside).
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stopWatchdog();
    stopTicker();
    readiness.set(Readiness.notReady("stopping"));
    rpc.setServing(false);
    boolean left = false;
    try {
      consensus.transferLeadershipIfLeader(TRANSFER_TIMEOUT);
      if (leaveRequested) {
        // Before draining: the Leave call that asked for this waits for the outcome.
        left = new Departure(config, consensus, membership).leave();
        departed.complete(left);
      }
      rpc.shutdown(DRAIN_GRACE);
      if (!leaveRequested && config.leaveOnTerminate()) {
        left = new Departure(config, consensus, membership).leave();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rpc.close();
    } finally {
      departed.complete(left);
      reconciler.close();
      membership.close();
      consensus.close();
      metrics.close();
    }
    if (left) {
      Departure.retireData(config, consensus.clusterId());
    }
    log.info("Node {} stopped{}", config.nodeName(), left ? " after leaving the cluster" : "");
    stopped.complete(null);
  }

  /**
   * Stops at once, as a crash would look to the rest of the cluster: no leadership transfer, no
   * draining, no leave. Data already on disk stays; for tests and fault injection.
   */
  public synchronized void crash() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stopWatchdog();
    stopTicker();
    metrics.close();
    rpc.close();
    reconciler.close();
    membership.close();
    consensus.close();
    stopped.complete(null);
  }

  private void stopWatchdog() {
    RaftWatchdog w = watchdog;
    if (w != null) {
      w.close();
    }
  }

  /** Stops health refreshes and waits out one in progress, so it cannot undo a NOT_SERVING. */
  private void stopTicker() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
