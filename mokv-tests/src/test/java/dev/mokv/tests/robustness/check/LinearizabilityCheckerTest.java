package dev.mokv.tests.robustness.check;

import static dev.mokv.tests.robustness.check.Histories.delete;
import static dev.mokv.tests.robustness.check.Histories.deleteUnknown;
import static dev.mokv.tests.robustness.check.Histories.get;
import static dev.mokv.tests.robustness.check.Histories.getUnknown;
import static dev.mokv.tests.robustness.check.Histories.set;
import static dev.mokv.tests.robustness.check.Histories.setFailed;
import static dev.mokv.tests.robustness.check.Histories.setUnknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.robustness.check.Verdict.Result;
import dev.mokv.tests.robustness.history.History;
import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hand-built histories with known verdicts. Times are plain numbers; two operations overlap when
 * their intervals do.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LinearizabilityCheckerTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  // Linearizable histories.

  @Test
  void check_sequentialSetsAndGets_passes() {
    assertPasses(
        get(1, null, 0, 10),
        set(1, "a", 20, 30),
        get(1, "a", 40, 50),
        set(2, "b", 60, 70),
        get(3, "b", 80, 90));
  }

  @Test
  void check_getConcurrentWithSet_passesWithEitherValue() {
    assertPasses(set(1, "a", 0, 10), set(1, "b", 20, 50), get(2, "a", 30, 40));
    assertPasses(set(1, "a", 0, 10), set(1, "b", 20, 50), get(2, "b", 30, 40));
  }

  @Test
  void check_overlappingWritesWithReadsAgreeingOnOneOrder_passes() {
    // b is read first, then a: both writes overlap, so "b then a" is a valid order.
    assertPasses(
        set(1, "a", 0, 100),
        set(2, "b", 10, 90),
        get(3, "b", 20, 30),
        get(3, "a", 40, 50),
        get(4, "a", 110, 120));
  }

  @Test
  void check_deleteThenGetAbsent_passes() {
    assertPasses(set(1, "a", 0, 10), delete(1, 20, 30), get(2, null, 40, 50));
  }

  @Test
  void check_unknownWriteThatLaterReadsShow_passes() {
    // The write timed out at 30 but took effect later, between the two reads.
    assertPasses(
        set(1, "a", 0, 10), setUnknown(1, "b", 20, 30), get(2, "a", 40, 50), get(2, "b", 60, 70));
  }

  @Test
  void check_unknownWriteThatNeverShows_passes() {
    assertPasses(set(1, "a", 0, 10), setUnknown(1, "b", 20, 30), get(2, "a", 40, 50));
  }

  @Test
  void check_unknownDeleteThatReadsShow_passes() {
    assertPasses(set(1, "a", 0, 10), deleteUnknown(1, 20, 30), get(2, null, 40, 50));
  }

  @Test
  void check_timedOutWritesTakeEffectInEitherOrder_passes() {
    // The delete was sent after the second "a", yet must take effect before it: the reads see
    // "a", then absent, then "a" again. (The first "a" is acknowledged, so "a" has two writers.)
    assertPasses(
        set(1, "a", 0, 1),
        setUnknown(1, "a", 2, 3),
        deleteUnknown(2, 4, 5),
        get(3, null, 10, 11),
        get(3, "a", 20, 21));
  }

  @Test
  void check_failedWriteNeverVisible_passes() {
    assertPasses(set(1, "a", 0, 10), setFailed(1, "b", 20, 30), get(2, "a", 40, 50));
  }

  @Test
  void check_unknownReadsAreIgnored_passes() {
    assertPasses(set(1, "a", 0, 10), getUnknown(2, 20, 30), get(2, "a", 40, 50));
  }

  @Test
  void check_equalTimesCountAsOverlapping_passes() {
    // The set completes at the very instant the get is invoked: either order is allowed.
    assertPasses(set(1, "a", 0, 10), set(1, "b", 20, 30), get(2, "a", 30, 40));
  }

  @Test
  void check_emptyHistory_passes() {
    Verdict verdict = checker.check(List.of());
    assertThat(verdict.result()).isEqualTo(Result.PASS);
    assertThat(verdict.keys()).isEmpty();
  }

  @Test
  void check_keysAreIndependent_eachGetsItsOwnVerdict() {
    Operation okSet = Operation.set(1, "x", "a", 0, 10, Outcome.OK);
    Operation okGet = Operation.get(1, "x", Optional.of("a"), 20, 30, Outcome.OK);
    List<Operation> history = new ArrayList<>(List.of(okSet, okGet));
    history.addAll(List.of(set(1, "a", 0, 10), set(1, "b", 20, 30), get(2, "a", 40, 50)));

    Verdict verdict = checker.check(history);

    assertThat(verdict.key("x").orElseThrow().result()).isEqualTo(Result.PASS);
    assertThat(verdict.key("k").orElseThrow().result()).isEqualTo(Result.FAIL);
    assertThat(verdict.violations()).extracting(Violation::key).containsExactly("k");
  }

  // Histories that are not linearizable.

  @Test
  void check_staleRead_fails() {
    // The get began after "b" was acknowledged, yet returned "a".
    Operation stale = get(2, "a", 40, 50);
    Verdict verdict = assertFails(set(1, "a", 0, 10), set(1, "b", 20, 30), stale);

    Violation violation = verdict.violations().get(0);
    assertThat(violation.stuckAt()).isEqualTo(stale);
    assertThat(violation.registerValue()).contains("b");
    assertThat(violation.minimal()).isTrue();
    assertThat(violation.explanation())
        .contains("c2 GET k -> \"a\" OK", "leaves the register \"b\"");
  }

  @Test
  void check_lostWrite_failsAndShrinksToTheWitness() {
    // "b" was acknowledged, but reads strictly after it keep returning the value before it.
    Operation lost = set(1, "b", 30, 40);
    Verdict verdict =
        assertFails(
            set(1, "a", 0, 10),
            get(2, "a", 15, 25),
            lost,
            get(2, "a", 50, 60),
            get(2, "a", 70, 80),
            get(3, "a", 75, 90));

    // Most reads are set aside; which stale read remains depends on the order moves are tried.
    List<Operation> witness = verdict.violations().get(0).operations();
    assertThat(witness).contains(lost).hasSizeBetween(3, 4);
    assertThat(witness.get(witness.size() - 1).invokeNanos()).isGreaterThanOrEqualTo(50);
  }

  @Test
  void check_readOfValueNeverWritten_fails() {
    assertFails(set(1, "a", 0, 10), get(2, "zzz", 20, 30));
  }

  @Test
  void check_readsSeeWritesInContradictoryOrders_fails() {
    // Both writes span every read; each read is sequential. Client 3 sees a then b, client 4 sees
    // b then a: no single order of the two writes explains both.
    assertFails(
        set(1, "a", 0, 1000),
        set(2, "b", 0, 1000),
        get(3, "a", 10, 20),
        get(3, "b", 30, 40),
        get(4, "b", 50, 60),
        get(4, "a", 70, 80));
  }

  @Test
  void check_readOfFailedWrite_fails() {
    assertFails(set(1, "a", 0, 10), setFailed(1, "b", 20, 30), get(2, "b", 40, 50));
  }

  @Test
  void check_getAbsentAfterCompletedSetWithoutDelete_fails() {
    Verdict verdict = assertFails(set(1, "a", 0, 10), get(2, null, 20, 30));

    assertThat(verdict.violations().get(0).registerValue()).contains("a");
  }

  @Test
  void check_unknownWriteReadBeforeItWasInvoked_fails() {
    // An UNKNOWN write may take effect late, never early.
    assertFails(get(2, "b", 0, 10), setUnknown(1, "b", 20, 30));
  }

  @Test
  void check_searchOverBudget_isUnknownNotPass() {
    // Twelve overlapping writes and a read of a value none wrote: the search must try every
    // order of the writes before it can say no, far more than a budget of 50.
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      history.add(set(i, "v" + i, 0, 100));
    }
    history.add(get(20, "v0", 10, 90));
    history.add(get(21, "v1", 10, 90));
    history.add(get(22, "nobody", 10, 90));

    Verdict verdict = new LinearizabilityChecker(50).check(history);

    assertThat(verdict.linearizability()).isEqualTo(Result.UNKNOWN);
    assertThat(verdict.result()).isEqualTo(Result.UNKNOWN);
    assertThat(verdict.isLinearizable()).isFalse();
    assertThat(verdict.key("k").orElseThrow().summary()).contains("gave up");
    assertThat(checker.check(history).linearizability()).isEqualTo(Result.FAIL);
  }

  @Test
  void check_failingHistoryWrittenAndReadBack_sameVerdict() {
    History history =
        new History(
            List.of(
                set(1, "a", 0, 10),
                setUnknown(2, "b", 5, 15),
                get(3, "b", 20, 30),
                get(3, "a", 40, 50)));
    Verdict before = checker.check(history);
    Path file = Path.of("target", "linearizability-checker-test", "failing-history.txt");

    history.write(file);
    Verdict after = checker.check(History.read(file));

    assertThat(before.linearizability()).isEqualTo(Result.FAIL);
    assertThat(after).isEqualTo(before);
  }

  private void assertPasses(Operation... history) {
    Verdict verdict = checker.check(List.of(history));
    assertThat(verdict.result()).as(verdict.report()).isEqualTo(Result.PASS);
    assertThat(verdict.isLinearizable()).isTrue();
  }

  private Verdict assertFails(Operation... history) {
    Verdict verdict = checker.check(List.of(history));
    assertThat(verdict.linearizability()).as(verdict.report()).isEqualTo(Result.FAIL);
    assertThat(verdict.violations()).hasSize(1);
    Violation violation = verdict.violations().get(0);
    assertThat(violation.key()).isEqualTo("k");
    assertThat(List.of(history)).containsAll(violation.operations());
    // The witness on its own must fail too: it is evidence, not a guess.
    assertThat(checker.check(violation.operations()).linearizability()).isEqualTo(Result.FAIL);
    return verdict;
  }
}
