package dev.mokv.server.raft;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Coalesces linearizable reads: concurrent reads on one node share one ReadIndex round instead
 * of one round each.
 *
 * <p>Correctness: a read joins the <em>next</em> round, which is started only after the read
 * arrived, so the read index the round obtains covers every write acknowledged before the read
 * began. Once the round completes, this node has applied up to that index and the local store can
 * be read. A read that arrives while {@code maxRounds} rounds are in flight waits for the next one.
 */
final class ReadBarrier {

  private final Supplier<CompletableFuture<?>> round;
  private final int maxRounds;
  private CompletableFuture<Void> next;
  private int inFlight;

  ReadBarrier(Supplier<CompletableFuture<?>> round, int maxRounds) {
    this.round = round;
    this.maxRounds = maxRounds;
  }

  /** Completes when a ReadIndex round started after this call has completed on this node. */
  synchronized CompletableFuture<Void> await() {
    if (next == null) {
      next = new CompletableFuture<>();
    }
    CompletableFuture<Void> mine = next;
    if (inFlight < maxRounds) {
      startRound();
    }
    return mine;
  }

  /** Starts a round for every read waiting now. Called with the lock held. */
  private void startRound() {
    CompletableFuture<Void> waiting = next;
    next = null;
    inFlight++;
    CompletableFuture<?> started;
    try {
      started = round.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete(
        (result, error) -> {
          if (error != null) {
            waiting.completeExceptionally(error);
          } else {
            waiting.complete(null);
          }
          synchronized (this) {
            inFlight--;
            if (next != null) {
              startRound();
            }
          }
        });
  }
}
