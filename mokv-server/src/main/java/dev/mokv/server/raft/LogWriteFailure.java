package dev.mokv.server.raft;

import java.util.concurrent.CompletableFuture;

/**
 * The first failure to write this node's Raft log (a full or failing disk), once there has been
 * one.
 *
 * <p>Why it matters: after a failed write Ratis keeps the division running, failing every later
 * write, and still holds the entries it could not write in its log cache. A leader that resends
 * those entries (it got no answer for them) is told they are there, and counts the node as having
 * them although they are on no disk: a write could commit without a majority holding it, and the
 * node, restarted, would have less than its leader believes. So a node whose log fails stops at
 * once ({@link RaftWatchdog}), as a crash would, and its supervisor decides what next.
 */
public final class LogWriteFailure {

  private final CompletableFuture<String> reason = new CompletableFuture<>();

  /** Records {@code why}; returns whether it is the first failure. */
  boolean record(String why) {
    return reason.complete(why);
  }

  /**
   * Completes with the reason of the first failure; never exceptionally. Callbacks run on Ratis's
   * log worker thread or the caller's: they must not block.
   */
  public CompletableFuture<String> future() {
    return reason.copy();
  }
}
