package dev.mokv.server;

import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.health.NodeReadiness;
import dev.mokv.server.health.RaftHealth;
import dev.mokv.server.health.Readiness;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.ReplicaHalt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the node's readiness every 200 ms, and at once when the replica halts, and publishes it to
 * gRPC health, {@code /readyz} and {@code mokv_ready} together, so that they agree. Logs only when
 * readiness flips, not on every tick.
 *
 * <p>It lives in the root package because it joins {@code health} (the judgement) to {@code grpc}
 * (the serving status), which {@code health} must not import.
 */
final class ReadinessPublisher {

  private static final Logger log = LoggerFactory.getLogger(ReadinessPublisher.class);

  private static final Duration TICK = Duration.ofMillis(200);

  private final String nodeName;
  private final ReplicaHalt halt;
  private final RaftHealth raftHealth;
  private final NodeReadiness readiness;
  private final RpcServer rpc;
  private final ScheduledExecutorService ticker;
  private volatile boolean stopped;

  private ReadinessPublisher(
      String nodeName,
      Consensus consensus,
      Duration electionTimeout,
      NodeReadiness readiness,
      RpcServer rpc) {
    this.nodeName = nodeName;
    this.halt = consensus.halt();
    this.raftHealth = new RaftHealth(consensus, electionTimeout);
    this.readiness = readiness;
    this.rpc = rpc;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-node-" + nodeName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts publishing: a first judgement at once, then one every tick and one on a halt. */
  static ReadinessPublisher start(
      String nodeName,
      Consensus consensus,
      Duration electionTimeout,
      NodeReadiness readiness,
      RpcServer rpc) {
    ReadinessPublisher publisher =
        new ReadinessPublisher(nodeName, consensus, electionTimeout, readiness, rpc);
    publisher.ticker.scheduleWithFixedDelay(
        publisher::refresh, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    // A halted replica must stop taking traffic now, not up to a tick later.
    publisher.halt.future().thenAccept(reason -> publisher.refresh());
    return publisher;
  }

  private void refresh() {
    if (stopped) {
      return;
    }
    Optional<String> halted = halt.reason();
    if (halted.isPresent()) {
      readiness.set(Readiness.notReady("halted: " + halted.get()));
      rpc.setServing(false);
      return;
    }
    try {
      Readiness now = raftHealth.check();
      boolean flipped = readiness.set(now);
      rpc.setServing(now.ready());
      if (flipped && now.ready()) {
        log.info("Node {} is ready to serve", nodeName);
      } else if (flipped) {
        log.info("Node {} is not ready: {}", nodeName, now.reason());
      }
    } catch (RuntimeException e) {
      log.debug("Health refresh failed", e);
    }
  }

  /**
   * Stops the refreshes, then reports NOT_SERVING ("stopping") for good. In that order: a refresh
   * still running could otherwise publish SERVING again after the NOT_SERVING.
   */
  void stopServing() {
    stop();
    readiness.set(Readiness.notReady("stopping"));
    rpc.setServing(false);
  }

  /** Stops health refreshes and waits out one in progress, so it cannot undo a NOT_SERVING. */
  void stop() {
    stopped = true;
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
