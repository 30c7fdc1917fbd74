package dev.mokv.tests.robustness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.robustness.check.StaleReadViolation.Rule;
import dev.mokv.tests.robustness.check.Verdict.Result;
import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Histories of stores that are correct by construction must pass; the same histories with one read
 * corrupted must fail. Concurrent histories come from {@link RegisterSimulation}, whose seed is in
 * every failure message (and in jqwik's report of the falsifying sample).
 */
class LinearizabilityCheckerPropertyTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  /** One step of a sequential client; {@code applied} decides whether an UNKNOWN write happened. */
  record Step(Kind kind, int key, Outcome outcome, boolean stale, boolean applied) {}

  @Property(tries = 300)
  void sequentialHistoriesOfAMap_areLinearizable(@ForAll("steps") List<Step> steps) {
    Map<String, String> model = new HashMap<>();
    List<Operation> history = new ArrayList<>();
    long time = 0;
    int value = 0;
    for (Step step : steps) {
      String key = "key" + step.key();
      long invoke = time;
      long complete = time + 5;
      time += 10;
      boolean takesEffect =
          step.outcome() == Outcome.OK || (step.outcome() == Outcome.UNKNOWN && step.applied());
      switch (step.kind()) {
        case SET -> {
          String v = "v" + value++;
          history.add(Operation.set(1, key, v, invoke, complete, step.outcome()));
          if (takesEffect) {
            model.put(key, v);
          }
        }
        case DELETE -> {
          history.add(Operation.delete(1, key, invoke, complete, step.outcome()));
          if (takesEffect) {
            model.remove(key);
          }
        }
        case GET -> {
          Optional<String> read =
              step.outcome() == Outcome.OK ? Optional.ofNullable(model.get(key)) : Optional.empty();
          history.add(
              step.stale()
                  ? Operation.staleGet(1, key, "n1", read, invoke, complete, step.outcome())
                  : Operation.get(1, key, read, invoke, complete, step.outcome()));
        }
      }
    }

    Verdict verdict = checker.check(history);

    assertThat(verdict.result()).as(verdict.report()).isEqualTo(Result.PASS);
  }

  @Property(tries = 200)
  void simulatedConcurrentHistories_areLinearizable(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int clients) {
    List<Operation> history = simulation(clients).run(seed);

    Verdict verdict = checker.check(history);

    assertThat(verdict.result()).as("seed %d: %s", seed, verdict.report()).isEqualTo(Result.PASS);
  }

  @Property(tries = 200)
  void simulatedHistoriesWithOneReadOfAValueNeverWritten_areNotLinearizable(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int clients) {
    List<Operation> history = new ArrayList<>(simulation(clients).run(seed));
    int victim = pick(history, seed, false);
    Assume.that(victim >= 0);
    Operation corrupted = history.get(victim).withValue(Optional.of("never-written"));
    history.set(victim, corrupted);

    Verdict verdict = checker.check(history);

    assertThat(verdict.linearizability()).as("seed %d", seed).isEqualTo(Result.FAIL);
    Violation violation = verdict.violations().get(0);
    // The uncorrupted history is linearizable, so any genuine witness must include the corruption.
    assertThat(violation.operations()).as("seed %d", seed).contains(corrupted);
    assertThat(checker.check(violation.operations()).linearizability()).isEqualTo(Result.FAIL);
  }

  @Property(tries = 100)
  void simulatedHistoriesWithOneStaleReadOfAValueNeverWritten_failTheStaleRules(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int clients) {
    List<Operation> history = new ArrayList<>(simulation(clients).run(seed));
    int victim = pick(history, seed, true);
    Assume.that(victim >= 0);
    history.set(victim, history.get(victim).withValue(Optional.of("never-written")));

    Verdict verdict = checker.check(history);

    assertThat(verdict.linearizability()).as("seed %d", seed).isEqualTo(Result.PASS);
    assertThat(verdict.staleReadViolations())
        .as("seed %d", seed)
        .extracting(StaleReadViolation::rule)
        .containsExactly(Rule.NEVER_WRITTEN);
  }

  @Property(tries = 1000)
  void smallArbitraryHistories_sameVerdictAsTryingEveryOrder(
      @ForAll("smallHistories") List<Operation> history) {
    Verdict verdict = checker.check(history);

    boolean expected = BruteForceLinearizability.isLinearizable(history);
    Statistics.collect(expected ? "linearizable" : "not linearizable");
    assertThat(verdict.linearizability())
        .as(verdict.report())
        .isEqualTo(expected ? Result.PASS : Result.FAIL);
    if (!expected) {
      List<Operation> witness = verdict.violations().get(0).operations();
      assertThat(history).containsAll(witness);
      assertThat(BruteForceLinearizability.isLinearizable(witness)).as("witness").isFalse();
    }
  }

  private static RegisterSimulation simulation(int clients) {
    return new RegisterSimulation(clients, 2, 150, 3, 0.5, 0.3, 0.2, 0.05, 0.03);
  }

  /** A random read that completed OK, stale or linearizable as asked; -1 if there is none. */
  private static int pick(List<Operation> history, long seed, boolean stale) {
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Operation op = history.get(i);
      if (!op.isWrite() && op.outcome() == Outcome.OK && op.isStaleRead() == stale) {
        reads.add(i);
      }
    }
    return reads.isEmpty() ? -1 : reads.get(new SplittableRandom(seed).nextInt(reads.size()));
  }

  /** Up to 8 operations on one key, over few values, with arbitrary overlaps and outcomes. */
  @Provide
  Arbitrary<List<Operation>> smallHistories() {
    Arbitrary<Operation> op =
        Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.of("a", "b", ""),
                Arbitraries.longs().between(0, 30),
                Arbitraries.longs().between(0, 15),
                Arbitraries.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.UNKNOWN, Outcome.FAILED),
                Arbitraries.integers().between(0, 9))
            .as(
                (kind, v, invoke, length, outcome, client) -> {
                  long complete = invoke + length;
                  Optional<String> read =
                      outcome == Outcome.OK && !v.isEmpty() ? Optional.of(v) : Optional.empty();
                  return switch (kind) {
                    case SET -> Operation.set(client, "k", v, invoke, complete, outcome);
                    case DELETE -> Operation.delete(client, "k", invoke, complete, outcome);
                    case GET -> Operation.get(client, "k", read, invoke, complete, outcome);
                  };
                });
    return op.list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.UNKNOWN, Outcome.FAILED),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as(Step::new);
    return step.list().ofMaxSize(60);
  }
}
