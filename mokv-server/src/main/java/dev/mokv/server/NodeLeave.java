package dev.mokv.server;

import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.Consensus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether, and when, a stopping node leaves the cluster, and the answer to the {@code
 * Cluster.Leave} call that asked for it. The leave itself (announce, be removed) is {@link
 * Departure}'s; the order of the whole stop is {@link NodeStop}'s.
 *
 * <p>A node leaves when a Leave call asked it to, or on a plain stop when {@code
 * leave-on-terminate} is set. The Leave call waits for the outcome, so the stop leaves before it
 * drains calls in flight for that case, and after draining for {@code leave-on-terminate}.
 */
final class NodeLeave {

  /** How long a Leave call waits for the removal: a transfer, then Departure's own bound. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final NodeConfig config;
  private final Consensus consensus;
  private final Departure departure;
  private final CompletableFuture<Boolean> departed = new CompletableFuture<>();
  private volatile boolean requested;

  NodeLeave(NodeConfig config, Consensus consensus, Membership membership) {
    this.config = config;
    this.consensus = consensus;
    this.departure = new Departure(config, consensus, membership);
  }

  /**
   * Records a Leave call. The caller holds the stop's lock and has checked that the node is not
   * stopping yet, so a stop that began first is not turned into a leave halfway.
   *
   * @throws IllegalStateException if a Leave call came first, or this node is the only voter
   */
  void request() {
    if (requested) {
      throw alreadyStopping(config.nodeName());
    }
    if (consensus.admin().voters().equals(List.of(config.nodeName()))) {
      throw new IllegalStateException(
          "node "
              + config.nodeName()
              + " is the only voter of its cluster and cannot leave it; stop it instead");
    }
    requested = true;
  }

  static IllegalStateException alreadyStopping(String nodeName) {
    return new IllegalStateException("node " + nodeName + " is already stopping");
  }

  /**
   * Waits until the stop has tried to leave, for the Leave call.
   *
   * @return this node's name, once it is out of the Raft voters
   * @throws IOException if it could not be removed in time; it then stops as a voter, data kept
   */
  String awaitRemoval() throws IOException {
    try {
      if (departed.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
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

  /**
   * The stop's step before draining: leaves if a Leave call asked, and answers that call at once,
   * since it is one of the calls the drain waits for. Returns whether this node left.
   */
  boolean leaveIfAsked() {
    if (!requested) {
      return false;
    }
    boolean left = departure.leave();
    departed.complete(left);
    return left;
  }

  /**
   * The stop's step after draining: leaves if {@code leave-on-terminate} says so and no Leave call
   * asked (that one has left or failed already). Returns whether this node left.
   */
  boolean leaveIfTerminating() {
    if (requested || !config.leaveOnTerminate()) {
      return false;
    }
    return departure.leave();
  }

  /** Answers a Leave call still waiting, whatever the stop came to; later answers are ignored. */
  void answer(boolean left) {
    departed.complete(left);
  }

  /** After the stop: moves the Raft data of a node that left aside (see {@link Departure}). */
  void retireData() {
    Departure.retireData(config, consensus.clusterId());
  }
}
