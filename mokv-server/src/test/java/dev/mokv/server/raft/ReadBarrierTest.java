package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Concurrent linearizable reads share ReadIndex rounds, but never one that began before them. */
@Timeout(10)
class ReadBarrierTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<CompletableFuture<Object>> rounds = new ArrayList<>();

  private CompletableFuture<?> round() {
    CompletableFuture<Object> r = new CompletableFuture<>();
    rounds.add(r);
    return r;
  }

  @Test
  void readsArrivingTogether_shareOneRound() {
    ReadBarrier barrier = new ReadBarrier(this::round, 1, TIMEOUT);
    CompletableFuture<Void> a = barrier.await();
    CompletableFuture<Void> b = barrier.await();
    CompletableFuture<Void> c = barrier.await();
    // a started round 0; b and c wait together for the next one.
    assertThat(rounds).hasSize(1);
    rounds.get(0).complete(null);
    assertThat(a).isCompleted();
    assertThat(b).isNotCompleted();
    assertThat(rounds).hasSize(2);
    rounds.get(1).complete(null);
    assertThat(b).isCompleted();
    assertThat(c).isCompleted();
  }

  @Test
  void aReadArrivingDuringARound_waitsForARoundStartedAfterIt() {
    ReadBarrier barrier = new ReadBarrier(this::round, 1, TIMEOUT);
    CompletableFuture<Void> early = barrier.await();
    CompletableFuture<Void> late = barrier.await(); // arrives while round 0 is in flight
    rounds.get(0).complete(null);
    assertThat(early).isCompleted();
    assertThat(late).as("round 0 began before this read; it cannot serve it").isNotCompleted();
    rounds.get(1).complete(null);
    assertThat(late).isCompleted();
  }

  @Test
  void aFailedRound_failsItsReads_andTheNextRoundStillRuns() {
    ReadBarrier barrier = new ReadBarrier(this::round, 2, TIMEOUT);
    CompletableFuture<Void> a = barrier.await();
    rounds.get(0).completeExceptionally(new IllegalStateException("no leader"));
    assertThat(a).isCompletedExceptionally();
    CompletableFuture<Void> b = barrier.await();
    rounds.get(1).complete(null);
    assertThat(b).isCompleted().isNotCompletedExceptionally();
  }

  @Test
  void upToMaxRoundsRunAtOnce() {
    ReadBarrier barrier = new ReadBarrier(this::round, 2, TIMEOUT);
    barrier.await();
    barrier.await();
    barrier.await();
    assertThat(rounds).hasSize(2);
  }

  @Test
  void aRoundThatNeverCompletes_failsItsReadsAfterTheTimeout_andFreesItsPlace() throws Exception {
    // Regression: ReadIndex requests that hung in Ratis after a partition kept both places in
    // flight, and every later linearizable read and List on the node timed out long after healing.
    ReadBarrier barrier = new ReadBarrier(this::round, 1, Duration.ofMillis(200));
    CompletableFuture<Void> stuck = barrier.await();
    CompletableFuture<Void> later = barrier.await();
    assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(rounds).as("the next round started once the stuck one gave up").hasSize(2);
    rounds.get(1).complete(null);
    assertThat(later).isCompleted().isNotCompletedExceptionally();
  }
}
