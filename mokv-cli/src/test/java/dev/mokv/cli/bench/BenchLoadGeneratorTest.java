package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The closed loop with fake request sources: counts, concurrency, failures, phases. */
@Timeout(60)
class BenchLoadGeneratorTest {

  private static final Duration DRAIN = Duration.ofSeconds(5);
  private final ExecutorService completer = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    completer.shutdownNow();
  }

  @Test
  void when_requestsCompleteSynchronously_then_aLongRunDoesNotRecurseAndSendsExactlyTotal()
      throws Exception {
    AtomicLong sent = new AtomicLong();
    RequestSource inline =
        slot -> {
          sent.incrementAndGet();
          return CompletableFuture.completedFuture(Outcome.OK);
        };

    Measurement m = new LoadGenerator(inline, 1, 200_000, 1).run(Duration.ZERO, null, DRAIN);

    assertThat(sent.get()).isEqualTo(200_000);
    assertThat(m.latencies().getTotalCount()).isEqualTo(200_000);
    assertThat(m.errors()).isEmpty();
    assertThat(m.abandoned()).isZero();
  }

  @Test
  void when_requestsCompleteOnOtherThreads_then_neverMoreThanConcurrencyAreInFlight()
      throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Map<Integer, AtomicLong> perSlot = new ConcurrentHashMap<>();
    RequestSource async =
        slot -> {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          perSlot.computeIfAbsent(slot.index(), i -> new AtomicLong()).incrementAndGet();
          return CompletableFuture.supplyAsync(
              () -> {
                inFlight.decrementAndGet();
                return Outcome.OK;
              },
              completer);
        };

    Measurement m = new LoadGenerator(async, 8, 5_000, 1).run(Duration.ZERO, null, DRAIN);

    assertThat(m.latencies().getTotalCount()).isEqualTo(5_000);
    assertThat(maxInFlight.get()).isBetween(1, 8);
    assertThat(perSlot).as("every slot sent requests").hasSize(8);
  }

  @Test
  void when_requestsFailOrFindNoKey_then_eachIsCountedWhereItBelongs() throws Exception {
    AtomicLong n = new AtomicLong();
    RequestSource mixed =
        slot -> {
          long i = n.incrementAndGet();
          if (i % 10 == 0) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE.asRuntimeException());
          }
          if (i % 10 == 1) {
            throw new IllegalStateException("a source that throws is a failed request");
          }
          return CompletableFuture.completedFuture(i % 2 == 0 ? Outcome.OK : Outcome.NOT_FOUND);
        };

    Measurement m = new LoadGenerator(mixed, 4, 1_000, 1).run(Duration.ZERO, null, DRAIN);

    assertThat(m.errors())
        .containsExactlyInAnyOrderEntriesOf(Map.of("UNAVAILABLE", 100L, "UNKNOWN", 100L));
    assertThat(m.latencies().getTotalCount()).isEqualTo(800);
    // Odd i not ending in 1: 3, 5, 7, 9 of each ten.
    assertThat(m.notFound()).isEqualTo(400);
  }

  @Test
  void when_runningForADurationAfterAWarmup_then_onlyRequestsSentAfterTheWarmupAreMeasured()
      throws Exception {
    AtomicLong sent = new AtomicLong();
    RequestSource async =
        slot -> {
          sent.incrementAndGet();
          return CompletableFuture.supplyAsync(() -> Outcome.OK, completer);
        };

    Measurement m =
        new LoadGenerator(async, 4, 0, 1)
            .run(Duration.ofMillis(200), Duration.ofMillis(300), DRAIN);

    assertThat(m.warmupRequests()).isPositive();
    assertThat(m.latencies().getTotalCount()).isPositive();
    assertThat(m.warmupRequests() + m.latencies().getTotalCount()).isEqualTo(sent.get());
    assertThat(m.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(m.abandoned()).isZero();
  }

  @Test
  void when_requestsNeverComplete_then_theRunGivesUpAfterTheDrainAndReportsThemAbandoned()
      throws Exception {
    RequestSource hanging = slot -> new CompletableFuture<>();

    Measurement m =
        new LoadGenerator(hanging, 3, 0, 1)
            .run(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100));

    assertThat(m.abandoned()).isEqualTo(3);
    assertThat(m.latencies().getTotalCount()).isZero();
    assertThat(m.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
  }
}
