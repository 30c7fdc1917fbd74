package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.membership.VoterReconciler;
import dev.mokv.server.metrics.MetricsEndpoint;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.RaftWatchdog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three ways a running node stops, each in its order: gracefully ({@link #close()}), leaving
 * the cluster ({@link #leave()}), and at once as a crash would ({@link #crash()}). Whichever comes
 * first wins; the others then do nothing (a later {@code leave()} fails).
 *
 * <p>Starting the node is {@link MokvNode#start}'s job; stopping it in the right order, so that no
 * client is cut off mid-call and the cluster is not left waiting for this node, is this class's.
 */
final class NodeStop {

  private static final Logger log = LoggerFactory.getLogger(NodeStop.class);

  /** How long a stopping node lets requests in flight finish. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(5);

  private final NodeConfig config;
  private final Consensus consensus;
  private final Membership membership;
  private final VoterReconciler reconciler;
  private final RpcServer rpc;
  private final MetricsEndpoint metrics;
  private final ReadinessPublisher health;
  private final NodeLeave leave;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile RaftWatchdog watchdog;
  private volatile boolean stopping;

  NodeStop(
      NodeConfig config,
      Consensus consensus,
      Membership membership,
      VoterReconciler reconciler,
      RpcServer rpc,
      MetricsEndpoint metrics,
      ReadinessPublisher health) {
    this.config = config;
    this.consensus = consensus;
    this.membership = membership;
    this.reconciler = reconciler;
    this.rpc = rpc;
    this.metrics = metrics;
    this.health = health;
    this.leave = new NodeLeave(config, consensus, membership);
  }

  /**
   * Hands over the watchdog, started last because its verdict stops the node through this object;
   * every stop closes it first.
   */
  void watchedBy(RaftWatchdog watchdog) {
    this.watchdog = watchdog;
  }

  /** Whether a stop (of any kind) has begun. */
  boolean stopping() {
    return stopping;
  }

  /** Completes once this node has stopped, after {@link #close()}, a leave, or a crash. */
  CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Leaves the cluster for good and stops: the stop of {@link #close()} with a leave, whatever
   * {@code leave-on-terminate} says. Returns once this node is out of the Raft voters; draining,
   * closing and moving the data aside continue in the background.
   *
   * @return this node's name
   * @throws IllegalStateException if this node is the only voter, or it is already stopping
   * @throws IOException if it could not be removed in time; it then stops as a voter, data kept
   */
  String leave() throws IOException {
    synchronized (this) {
      if (stopping) {
        throw NodeLeave.alreadyStopping(config.nodeName());
      }
      leave.request();
    }
    // Stop on another thread: the stop drains calls in flight, and this call is one of them.
    Thread stopper = new Thread(this::closeAfterLeave, "mokv-leave-" + config.nodeName());
    stopper.setDaemon(true);
    stopper.start();
    return leave.awaitRemoval();
  }

  private void closeAfterLeave() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      log.error("Stopping after the leave failed", e);
    }
  }

  /**
   * Stops gracefully: reports NOT_SERVING, hands leadership to another voter if this node leads,
   * lets requests in flight finish (up to a grace period), then stops Raft. The node stays a voter
   * and keeps its data, unless {@code leave-on-terminate} (or a {@link #leave()}) makes it leave
   * the cluster first (announce it, be removed from the voters, move its Raft data aside).
   */
  synchronized void close() throws IOException {
    if (stopping) {
      return;
    }
    stopping = true;
    stopWatchdog();
    // Clients and load balancers move away first, while this node still answers them.
    health.stopServing();
    boolean left = false;
    try {
      // While this node's Raft still runs: the others need not wait out an election timeout.
      consensus.admin().transferLeadershipIfLeader(TRANSFER_TIMEOUT);
      left = leave.leaveIfAsked();
      rpc.shutdown(DRAIN_GRACE);
      left |= leave.leaveIfTerminating();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rpc.close();
    } finally {
      leave.answer(left);
      reconciler.close();
      membership.close();
      consensus.close();
      metrics.close();
    }
    if (left) {
      leave.retireData();
    }
    log.info("Node {} stopped{}", config.nodeName(), left ? " after leaving the cluster" : "");
    stopped.complete(null);
  }

  /**
   * Stops at once, as a crash would look to the rest of the cluster: no leadership transfer, no
   * draining, no leave. Data already on disk stays; for tests, fault injection, a halted replica
   * and a lost Raft server.
   */
  synchronized void crash() throws IOException {
    if (stopping) {
      return;
    }
    stopping = true;
    stopWatchdog();
    health.stop();
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
}
