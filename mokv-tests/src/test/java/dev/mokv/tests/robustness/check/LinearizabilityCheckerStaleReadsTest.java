package dev.mokv.tests.robustness.check;

import static dev.mokv.tests.robustness.check.Histories.KEY;
import static dev.mokv.tests.robustness.check.Histories.delete;
import static dev.mokv.tests.robustness.check.Histories.get;
import static dev.mokv.tests.robustness.check.Histories.set;
import static dev.mokv.tests.robustness.check.Histories.setFailed;
import static dev.mokv.tests.robustness.check.Histories.setUnknown;
import static dev.mokv.tests.robustness.check.Histories.staleGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.robustness.check.StaleReadViolation.Rule;
import dev.mokv.tests.robustness.check.Verdict.Result;
import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The weaker guarantee of {@code STALE} reads: a real value, never going backwards on a node. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LinearizabilityCheckerStaleReadsTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  @Test
  void check_staleReadOfOldValue_passes() {
    // A linearizable read would have to return "b"; a stale one may lag.
    assertPasses(set(1, "a", 0, 10), set(1, "b", 20, 30), staleGet(2, "n1", "a", 40, 50));
  }

  @Test
  void check_staleReadOfInitialState_passes() {
    assertPasses(set(1, "a", 0, 10), staleGet(2, "n1", null, 40, 50));
  }

  @Test
  void check_staleReadOfValueNeverWritten_fails() {
    Operation read = staleGet(2, "n1", "zzz", 20, 30);

    StaleReadViolation v = assertFails(Rule.NEVER_WRITTEN, set(1, "a", 0, 10), read);

    assertThat(v.read()).isEqualTo(read);
    assertThat(v.key()).isEqualTo(KEY);
  }

  @Test
  void check_staleReadOfFailedWrite_fails() {
    Operation failed = setFailed(1, "b", 20, 30);

    StaleReadViolation v =
        assertFails(Rule.NEVER_WRITTEN, set(1, "a", 0, 10), failed, staleGet(2, "n1", "b", 40, 50));

    assertThat(v.evidence()).contains(failed);
  }

  @Test
  void check_staleReadFromTheFuture_fails() {
    assertFails(Rule.FROM_THE_FUTURE, staleGet(2, "n1", "a", 0, 10), set(1, "a", 20, 30));
  }

  @Test
  void check_staleReadOfUnknownWrite_passes() {
    assertPasses(set(1, "a", 0, 10), setUnknown(1, "b", 20, 30), staleGet(2, "n1", "b", 40, 50));
  }

  @Test
  void check_staleReadsGoingBackwardsOnOneNode_fail() {
    Operation newer = staleGet(2, "n1", "b", 40, 50);
    Operation older = staleGet(2, "n1", "a", 60, 70);

    StaleReadViolation v =
        assertFails(Rule.WENT_BACKWARDS, set(1, "a", 0, 10), set(1, "b", 20, 30), newer, older);

    assertThat(v.read()).isEqualTo(older);
    assertThat(v.evidence()).contains(newer, older);
  }

  @Test
  void check_staleReadOfAbsentAfterNodeShowedAWrite_fails() {
    assertFails(
        Rule.WENT_BACKWARDS,
        set(1, "a", 0, 10),
        staleGet(2, "n1", "a", 20, 30),
        staleGet(2, "n1", null, 40, 50));
  }

  @Test
  void check_staleReadOfAbsentWithDeleteLater_passes() {
    assertPasses(
        set(1, "a", 0, 10),
        staleGet(2, "n1", "a", 20, 30),
        delete(1, 25, 35),
        staleGet(2, "n1", null, 40, 50));
  }

  @Test
  void check_differentNodesMayLagDifferently_passes() {
    assertPasses(
        set(1, "a", 0, 10),
        set(1, "b", 20, 30),
        staleGet(2, "n1", "b", 40, 50),
        staleGet(2, "n2", "a", 60, 70));
  }

  @Test
  void check_overlappingStaleReadsOnOneNode_areNotOrdered() {
    assertPasses(
        set(1, "a", 0, 10),
        set(1, "b", 20, 30),
        staleGet(2, "n1", "b", 40, 60),
        staleGet(3, "n1", "a", 50, 70));
  }

  @Test
  void check_concurrentWritesOfUndecidedOrder_passEitherWay() {
    // Nothing fixes which of the overlapping writes came last, so either sequence is allowed.
    assertPasses(
        set(1, "a", 0, 30),
        set(2, "b", 10, 40),
        staleGet(3, "n1", "b", 50, 60),
        staleGet(3, "n1", "a", 70, 80));
  }

  @Test
  void check_linearizableReadFixesTheOrder_thenGoingBackwardsFails() {
    // The writes overlap, but a linearizable read after both returned "a": a came last.
    assertFails(
        Rule.WENT_BACKWARDS,
        set(1, "a", 0, 30),
        set(2, "b", 10, 40),
        get(4, "a", 45, 48),
        staleGet(3, "n1", "a", 50, 60),
        staleGet(3, "n1", "b", 70, 80));
  }

  @Test
  void check_orderFollowedThroughAChain_thenGoingBackwardsFails() {
    // x precedes b (the read of b began after x completed) and b precedes c (real time), so once
    // n1 has shown c, it cannot show x: x is older only through the chain.
    assertFails(
        Rule.WENT_BACKWARDS,
        set(1, "b", 0, 10),
        set(2, "x", 5, 30),
        set(3, "c", 20, 100),
        get(4, "b", 40, 45),
        staleGet(5, "n1", "c", 110, 120),
        staleGet(5, "n1", "x", 130, 140));
  }

  @Test
  void check_writesMeetingAtOneInstant_areUnorderedForStaleReads() {
    // b was invoked at the instant a completed: they count as overlapping, so either may be last.
    assertPasses(
        set(1, "a", 0, 10),
        set(2, "b", 10, 20),
        staleGet(3, "n1", "b", 30, 40),
        staleGet(3, "n1", "a", 50, 60));
  }

  @Test
  void check_keyNotLinearizable_itsLinearizableReadsDoNotOrderStaleReads() {
    // The read of "a" would put b before a, but the key already fails (a read of a value never
    // written), so no linearizable read is trusted to order writes.
    Verdict verdict =
        checker.check(
            List.of(
                set(1, "a", 0, 30),
                set(2, "b", 10, 40),
                get(3, "a", 50, 55),
                get(3, "zzz", 60, 65),
                staleGet(4, "n1", "a", 70, 80),
                staleGet(4, "n1", "b", 90, 100)));

    assertThat(verdict.linearizability()).isEqualTo(Result.FAIL);
    assertThat(verdict.staleReadViolations()).isEmpty();
  }

  @Test
  void check_sameValueAgainAfterALateLinearizableRead_passes() {
    // The late linearizable read of "a" pushes a's floor past a's own completion; reading "a"
    // again on the node must not count as going backwards from "a".
    assertPasses(
        set(1, "a", 0, 10),
        get(2, "a", 100, 110),
        staleGet(3, "n1", "a", 120, 130),
        staleGet(3, "n1", "a", 140, 150));
  }

  @Test
  void check_unknownWriteSeenOnNode_thenAnEarlierValue_fails() {
    // "b" was seen, so it was applied; "a" completed before "b" was sent, so it is older.
    assertFails(
        Rule.WENT_BACKWARDS,
        set(1, "a", 0, 10),
        setUnknown(1, "b", 20, 30),
        staleGet(2, "n1", "b", 40, 50),
        staleGet(2, "n1", "a", 60, 70));
  }

  @Test
  void check_unknownAndFailedStaleReads_areIgnored() {
    assertPasses(
        set(1, "a", 0, 10),
        Operation.staleGet(2, KEY, "n1", Optional.empty(), 20, 30, Outcome.UNKNOWN),
        Operation.staleGet(2, KEY, "n1", Optional.empty(), 40, 50, Outcome.FAILED));
  }

  @Test
  void check_staleViolation_isReportedApartFromLinearizability() {
    Verdict verdict = checker.check(List.of(set(1, "a", 0, 10), staleGet(2, "n1", "x", 20, 30)));

    assertThat(verdict.linearizability()).isEqualTo(Result.PASS);
    assertThat(verdict.isLinearizable()).isTrue();
    assertThat(verdict.staleReads()).isEqualTo(Result.FAIL);
    assertThat(verdict.result()).isEqualTo(Result.FAIL);
    assertThat(verdict.report()).contains("NEVER_WRITTEN", "c2 GET(STALE@n1) k -> \"x\" OK");
  }

  private void assertPasses(Operation... history) {
    Verdict verdict = checker.check(List.of(history));
    assertThat(verdict.result()).as(verdict.report()).isEqualTo(Result.PASS);
  }

  private StaleReadViolation assertFails(Rule rule, Operation... history) {
    Verdict verdict = checker.check(List.of(history));
    assertThat(verdict.linearizability()).as(verdict.report()).isEqualTo(Result.PASS);
    assertThat(verdict.staleReadViolations())
        .as(verdict.report())
        .extracting(StaleReadViolation::rule)
        .containsExactly(rule);
    return verdict.staleReadViolations().get(0);
  }
}
