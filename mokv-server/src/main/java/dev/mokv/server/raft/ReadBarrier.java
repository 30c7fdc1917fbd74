package dev.mokv.server.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Coalesces linearizable reads: concurrent reads on one node share one ReadIndex round instead of
 * one round each.
 *
 * <p>Correctness: a read joins the <em>next</em> round, which is started only after the read
 * arrived, so the read index the round obtains covers every write acknowledged before the read
 * began. Once the round completes, this node has applied up to that index and the local store can
 * be read. A read that arrives while {@code maxRounds} rounds are in flight waits for the next one.
 *
 * <p>Liveness: a round that has not completed within {@code roundTimeout} fails its reads and frees
 * its place. A ReadIndex request can hang for a long time (Ratis retries it against a leader that
 * is gone or cut off); without the bound a few hung rounds would hold every later read on the node
 * hostage long after the cluster healed.
 */
final class ReadBarrier {

  private final Supplier<CompletableFuture<?>> round;
  private final int maxRounds;
  private final Duration roundTimeout;
  private CompletableFuture<Void> next;
  private int inFlight;

  ReadBarrier(Supplier<CompletableFuture<?>> round, int maxRounds, Duration roundTimeout) {
    this.round = round;
    this.maxRounds = maxRounds;
    this.roundTimeout = roundTimeout;
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
      // A copy, so the timeout does not complete a future that belongs to Ratis.
      started = round.get().copy();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started
        .orTimeout(roundTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) -> {
              // The place is freed, and the reads queued meanwhile get their round, before this
              // round's reads are released to do their work.
              synchronized (this) {
                inFlight--;
                if (next != null) {
                  startRound();
                }
              }
              if (error != null) {
                waiting.completeExceptionally(error);
              } else {
                waiting.complete(null);
              }
            });
  }
}
