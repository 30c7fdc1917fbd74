package dev.mokv.server;

import dev.mokv.server.raft.RaftWatchdog;
import dev.mokv.server.raft.ReplicaHalt;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways a node learns that it cannot go on, told to whoever runs it (the {@code mokv}
 * process, a test), which should then exit non-zero for its supervisor:
 *
 * <ul>
 *   <li>{@link #halted()}: the replica met a committed entry it cannot apply ({@link ReplicaHalt}).
 *       The node keeps running, NOT_SERVING, so that its runner chooses how to stop it.
 *   <li>{@link #failure()}: the Raft server is gone for good ({@link RaftWatchdog}). The node has
 *       already stopped itself, as a crash would, so that nothing half alive keeps its ports.
 * </ul>
 */
final class FailureSignals {

  private static final Logger log = LoggerFactory.getLogger(FailureSignals.class);

  private final String nodeName;
  private final ReplicaHalt halt;
  private final NodeStop stop;
  private final CompletableFuture<String> raftLost = new CompletableFuture<>();

  FailureSignals(String nodeName, ReplicaHalt halt, NodeStop stop) {
    this.nodeName = nodeName;
    this.halt = halt;
    this.stop = stop;
  }

  /** Completes with the reason if the replica halts; never completes exceptionally. */
  CompletableFuture<String> halted() {
    return halt.future();
  }

  /** Completes with the reason if the node stopped itself because its Raft server was lost. */
  CompletionStage<String> failure() {
    return raftLost;
  }

  /**
   * The watchdog's verdict: this node's Raft is gone for good. Stops at once, as a crash would, so
   * that nothing half alive keeps its ports, and lets the process exit for its supervisor. Ignored
   * once the node is stopping anyway.
   */
  void raftGone(String reason) {
    if (stop.stopping()) {
      return;
    }
    log.error(
        "Node {} is stopping: {}; exiting so that a supervisor restarts it", nodeName, reason);
    raftLost.complete(reason);
    try {
      stop.crash();
    } catch (IOException | RuntimeException e) {
      log.warn("Error while stopping after Raft was lost", e);
    }
  }
}
