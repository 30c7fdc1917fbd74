package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.KeyValue;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.client.ReadConsistency;
import dev.mokv.tests.harness.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client under load across the loss of the leader, and across the loss of the only seed it was
 * given. The guarantees: every operation ends (acknowledged or a clear error), no acknowledged
 * write is lost, a write reported as not applied is really absent, and writes resume on their own
 * once a new leader is elected.
 */
@Timeout(120)
class ClientFailoverIT {

  private static final int IN_FLIGHT = 64;

  private final long seed = Long.getLong("mokv.seed", System.nanoTime());
  private final Random random = new Random(seed);
  private TestCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One write's outcome; times are nanoTime; {@code error} null if acknowledged. */
  private record Outcome(String key, long startNanos, long endNanos, Throwable failure) {

    MokvException error() {
      if (failure == null) {
        return null;
      }
      Throwable e = failure;
      while (e.getCause() != null && !(e instanceof MokvException)) {
        e = e.getCause();
      }
      assertThat(e).as("every failure is a MokvException").isInstanceOf(MokvException.class);
      return (MokvException) e;
    }
  }

  @Test
  void when_leaderCrashesUnderContinuousWrites_then_noAcknowledgedWriteIsLost(@TempDir Path root)
      throws Exception {
    System.out.println("ClientFailoverIT seed: " + seed + " (rerun with -Dmokv.seed=" + seed + ")");
    cluster = TestCluster.start(3, root);
    String leader = cluster.awaitLeader();
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong sequence = new AtomicLong();
    long crashAt;

    try (MokvClient client = MokvClient.connect(options(cluster.names()))) {
      // Phase 1: steady writes, then the crash at a random moment.
      long steadyNanos = TimeUnit.MILLISECONDS.toNanos(800 + random.nextInt(700));
      long steadyUntil = System.nanoTime() + steadyNanos;
      while (System.nanoTime() < steadyUntil) {
        write(client, sequence, inFlight, outcomes);
      }
      crashAt = System.nanoTime();
      cluster.crash(leader);

      // Phase 2: keep writing until 500 writes started after the crash were acknowledged.
      long deadline = crashAt + TimeUnit.SECONDS.toNanos(40);
      while (ackedAfter(outcomes, crashAt) < 500 && System.nanoTime() < deadline) {
        write(client, sequence, inFlight, outcomes);
      }
      assertThat(inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS))
          .as("every write completed")
          .isTrue();
      assertThat(outcomes).hasSize((int) sequence.get());

      // Every acknowledged write is there; every write known not to be applied is absent.
      Map<String, Optional<KeyValue>> readBack = readAll(client, outcomes.keySet());
      List<Outcome> failed = new ArrayList<>();
      for (Outcome o : outcomes.values()) {
        if (o.error() == null) {
          assertThat(readBack.get(o.key()))
              .as("acknowledged %s", o.key())
              .hasValueSatisfying(kv -> assertThat(kv.valueAsString()).isEqualTo(value(o.key())));
        } else {
          failed.add(o);
          assertThat(o.error().getMessage())
              .as("a clear one-line message")
              .isNotBlank()
              .doesNotContain("\n");
          if (!o.error().isOutcomeUnknown()) {
            assertThat(readBack.get(o.key())).as("%s, reported not applied", o.key()).isEmpty();
          }
        }
      }
      report(outcomes, failed, crashAt);
      assertThat(ackedAfter(outcomes, crashAt)).as("writes resumed").isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void when_theOnlySeedIsKilled_then_operationsContinueThroughTheServersLearned(@TempDir Path root)
      throws Exception {
    cluster = TestCluster.start(3, root);
    String seedNode = cluster.awaitLeader(); // the seed is also the leader: the harder case
    try (MokvClient client =
        MokvClient.connect(
            options(List.of(seedNode)).toBuilder()
                .refreshInterval(Duration.ofMillis(200))
                .build())) {
      client.set("seed-loss/before", "1");
      assertThat(client.servers()).hasSize(3);

      cluster.crash(seedNode);
      String newLeader = cluster.awaitLeader();
      System.out.println("ClientFailoverIT: seed " + seedNode + " killed, new leader " + newLeader);

      // Many refresh intervals with the seed gone, then every kind of operation.
      AtomicReference<MokvException> lastError = new AtomicReference<>();
      try {
        await("writes succeed through the servers the client learned")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  try {
                    return client.set("seed-loss/probe", "x") > 0;
                  } catch (MokvException e) {
                    lastError.set(e);
                    return false;
                  }
                });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(e.getMessage() + "; the last write error: " + lastError.get(), e);
      }
      for (int i = 0; i < 50; i++) {
        client.set("seed-loss/" + i, "v" + i);
        assertThat(client.get("seed-loss/" + i).map(KeyValue::valueAsString)).contains("v" + i);
      }
      assertThat(client.get("seed-loss/before", ReadConsistency.STALE)).isPresent();
      assertThat(client.list()).hasSizeGreaterThanOrEqualTo(52);
      assertThat(client.servers())
          .filteredOn(s -> s.leader())
          .extracting(s -> s.id())
          .containsExactly(newLeader);
    }
  }

  private ClientOptions options(List<String> nodes) {
    return ClientOptions.builder()
        .endpoints(nodes.stream().map(n -> "127.0.0.1:" + cluster.config(n).rpcPort()).toList())
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  private static void write(
      MokvClient client, AtomicLong sequence, Semaphore inFlight, Map<String, Outcome> outcomes)
      throws InterruptedException {
    inFlight.acquire();
    String key = "failover/" + sequence.getAndIncrement();
    long start = System.nanoTime();
    client
        .setAsync(key, value(key))
        .whenComplete(
            (revision, error) -> {
              outcomes.put(key, new Outcome(key, start, System.nanoTime(), error));
              inFlight.release();
            });
  }

  private static long ackedAfter(Map<String, Outcome> outcomes, long crashAt) {
    return outcomes.values().stream()
        .filter(o -> o.error() == null && o.startNanos() > crashAt)
        .count();
  }

  private static Map<String, Optional<KeyValue>> readAll(MokvClient client, Iterable<String> keys)
      throws InterruptedException {
    Map<String, Optional<KeyValue>> values = new ConcurrentHashMap<>();
    Map<String, Throwable> errors = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    for (String key : keys) {
      inFlight.acquire();
      CompletableFuture<Optional<KeyValue>> read = client.getAsync(key);
      read.whenComplete(
          (found, error) -> {
            if (error == null) {
              values.put(key, found);
            } else {
              errors.put(key, error);
            }
            inFlight.release();
          });
    }
    assertThat(inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).as("reads after the failover").isEmpty();
    return values;
  }

  private void report(Map<String, Outcome> outcomes, List<Outcome> failed, long crashAt) {
    long firstAckAfterCrash =
        outcomes.values().stream()
            .filter(o -> o.error() == null && o.startNanos() > crashAt)
            .mapToLong(Outcome::endNanos)
            .min()
            .orElseThrow();
    List<Long> ackTimes =
        outcomes.values().stream()
            .filter(o -> o.error() == null)
            .map(Outcome::endNanos)
            .sorted()
            .toList();
    long longestAckGap = 0;
    for (int i = 1; i < ackTimes.size(); i++) {
      longestAckGap = Math.max(longestAckGap, ackTimes.get(i) - ackTimes.get(i - 1));
    }
    Map<String, Long> failures = new TreeMap<>();
    for (Outcome o : failed) {
      failures.merge(
          o.error().code()
              + (o.error().isOutcomeUnknown() ? " (outcome unknown)" : " (not applied)"),
          1L,
          Long::sum);
    }
    long failedAfterCrash = failed.stream().filter(o -> o.startNanos() > crashAt).count();
    System.out.printf(
        "ClientFailoverIT: %d writes, %d acknowledged, %d failed %s%n"
            + "  failed among the writes started after the crash: %d%n"
            + "  crash -> first acknowledged write started after it: %d ms%n"
            + "  longest gap between two acknowledgements: %d ms%n"
            + "  example failure: %s%n",
        outcomes.size(),
        outcomes.size() - failed.size(),
        failed.size(),
        failures,
        failedAfterCrash,
        TimeUnit.NANOSECONDS.toMillis(firstAckAfterCrash - crashAt),
        TimeUnit.NANOSECONDS.toMillis(longestAckGap),
        failed.isEmpty() ? "-" : failed.get(0).error().getMessage());
  }

  private static String value(String key) {
    return "value-of-" + key;
  }
}
