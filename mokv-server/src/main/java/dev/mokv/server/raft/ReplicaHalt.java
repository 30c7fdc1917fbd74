package dev.mokv.server.raft;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Why this replica stopped applying the Raft log, once it has: a committed entry it cannot apply.
 *
 * <p>A replica that skipped such an entry would silently diverge from the others, and every later
 * read on it could be wrong; it stops instead, and whoever runs the node (the process, a test)
 * learns of it here. The reason is recorded once; later halts keep the first reason.
 */
public final class ReplicaHalt {

  private final CompletableFuture<String> reason = new CompletableFuture<>();

  /** Records {@code why}; returns whether it is the first halt. */
  boolean halt(String why) {
    return reason.complete(why);
  }

  /** The reason, once the replica has halted. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason.getNow(null));
  }

  /**
   * Completes with the reason when the replica halts; it never completes exceptionally. Callbacks
   * run on Ratis's apply thread or the caller's: they must not block.
   */
  public CompletableFuture<String> future() {
    return reason.copy();
  }
}
