package dev.mokv.tests.robustness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.robustness.check.Verdict.Result;
import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker keeps up with the histories robustness runs produce: 10,000 operations from 8 clients
 * over 10 keys. The timeouts are generous bounds against a blow-up, not speed targets; the times
 * are printed.
 */
class LinearizabilityCheckerPerformanceTest {

  private static final long SEED = 20_240_611L;

  // 8 clients, 10 keys, 3 nodes; half reads (a fifth of them STALE); 3% timeouts, 1% failures.
  private static final RegisterSimulation WORKLOAD =
      new RegisterSimulation(8, 10, 10_000, 3, 0.5, 0.2, 0.1, 0.03, 0.01);

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void check_tenThousandOperations_passesInBoundedTime() {
    List<Operation> history = WORKLOAD.run(SEED);

    long start = System.nanoTime();
    Verdict verdict = checker.check(history);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    System.out.printf(
        "checked %d operations (seed %d) in %d ms, %d states explored%n",
        history.size(), SEED, took.toMillis(), verdict.statesExplored());
    assertThat(verdict.result()).as(verdict.report()).isEqualTo(Result.PASS);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void check_tenThousandOperationsWithOneStaleRead_failsAndShrinksInBoundedTime() {
    List<Operation> history = new ArrayList<>(WORKLOAD.run(SEED));
    Operation corrupted = makeLastReadStale(history);

    long start = System.nanoTime();
    Verdict verdict = checker.check(history);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    System.out.printf(
        "found and shrank a violation among %d operations in %d ms%n%s",
        history.size(), took.toMillis(), verdict.report());
    assertThat(verdict.linearizability()).isEqualTo(Result.FAIL);
    assertThat(verdict.violations().get(0).operations()).contains(corrupted).hasSizeLessThan(10);
  }

  /**
   * Makes the last linearizable read return the value of a write that a later write had overwritten
   * before the read began: both writes completed, one before the other was invoked, and values are
   * unique, so no order can explain the read. Returns the corrupted read.
   */
  private static Operation makeLastReadStale(List<Operation> history) {
    for (int r = history.size() - 1; r >= 0; r--) {
      Operation read = history.get(r);
      if (read.isWrite() || read.isStaleRead() || read.outcome() != Outcome.OK) {
        continue;
      }
      for (Operation newer : history) {
        if (!isCompletedWriteOf(newer, read) || newer.completeNanos() >= read.invokeNanos()) {
          continue;
        }
        for (Operation older : history) {
          if (isCompletedWriteOf(older, read)
              && older.kind() == Kind.SET
              && older.completeNanos() < newer.invokeNanos()
              && !older.value().equals(read.value())) {
            Operation corrupted = read.withValue(older.value());
            history.set(r, corrupted);
            return corrupted;
          }
        }
      }
    }
    throw new AssertionError("no read to corrupt");
  }

  private static boolean isCompletedWriteOf(Operation write, Operation read) {
    return write.isWrite() && write.outcome() == Outcome.OK && write.key().equals(read.key());
  }
}
