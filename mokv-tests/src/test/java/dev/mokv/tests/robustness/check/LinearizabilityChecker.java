package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.check.RegisterSearch.Outcome;
import dev.mokv.tests.robustness.check.RegisterSearch.Result;
import dev.mokv.tests.robustness.history.History;
import dev.mokv.tests.robustness.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a recorded history against mökv's consistency guarantees (see {@code
 * docs/consistency.md}).
 *
 * <p><b>Linearizability.</b> Each key is a register whose value is absent or a string, absent at
 * first. The writes and linearizable reads of a key must have a <em>linearization</em>: an order in
 * which each takes effect at one instant between its invocation and completion, where {@code SET v}
 * makes the value {@code v}, {@code DELETE} makes it absent, and a {@code GET} returns the value at
 * its instant. Outcomes count as follows:
 *
 * <ul>
 *   <li>{@code FAILED} operations never took effect and are ignored; reading a value only a failed
 *       write wrote is therefore a violation.
 *   <li>{@code UNKNOWN} writes may take effect at any instant after their invocation, including
 *       after the client gave up, or not at all.
 *   <li>{@code UNKNOWN} reads say nothing and are ignored.
 * </ul>
 *
 * Keys are checked independently, which is exact: a history is linearizable if and only if each
 * key's is. Operations with equal times count as overlapping. The search (see {@code
 * RegisterSearch}) is exhaustive but bounded: a key whose search visits more than the state budget
 * gets {@link Verdict.Result#UNKNOWN}, never a pass.
 *
 * <p><b>Stale reads.</b> A {@code STALE} {@code GET} is served from one node's local copy and is
 * not part of the linearization. Each one that completed {@code OK} must satisfy:
 *
 * <ol>
 *   <li>It was written: it returns absent (the initial state), or the value of a {@code SET} of the
 *       key, not {@code FAILED}, invoked no later than the read completed. Otherwise the violation
 *       is {@code NEVER_WRITTEN}, or {@code FROM_THE_FUTURE} if such a write was invoked after the
 *       read completed.
 *   <li>It does not go backwards on its node: if an earlier {@code STALE} read of the key on the
 *       same node (completed before this one was invoked) returned a different value, this read's
 *       value must not be provably older. It is provably older when every write that could have
 *       produced it precedes, in every linearization, a write the node had applied by the earlier
 *       read: by real time (completed before the other was invoked) or because a linearizable read
 *       of a value only one write could have produced began after it completed (used only when the
 *       key's linearizable part passed), and chains of these. Where this certain order does not
 *       decide, the read passes; the one linearization the search found is not used, since
 *       concurrent writes may validly be ordered either way. A node that may legitimately lose its
 *       applied state (say, restarted without it) must be recorded under a new node name.
 * </ol>
 *
 * These rules are sound: a system that keeps its guarantees never fails them. They do not make
 * stale reads constrain the linearizable search.
 *
 * <p>Stateless and thread-safe.
 */
public final class LinearizabilityChecker {

  /**
   * The default state budget per key. A visited state costs about 40 bytes, so the budget also
   * bounds memory: about 200 MB at five million. What histories of 10,000 operations needed when
   * measured: about 1,000 states per key with 8 clients over 10 keys; about 50,000 with 8 clients
   * on one key, and up to 2 million to refute a violation there; 2 million with 16 clients on one
   * key, where refuting a violation exceeded the budget; 32 clients on one key exceeded it even
   * when correct. Spread a workload over keys rather than raise the budget.
   */
  public static final long DEFAULT_STATE_BUDGET = 5_000_000;

  private final long stateBudget;

  /** A checker with {@link #DEFAULT_STATE_BUDGET}. */
  public LinearizabilityChecker() {
    this(DEFAULT_STATE_BUDGET);
  }

  /**
   * A checker that gives up on a key after visiting {@code stateBudget} distinct search states, and
   * spends at most about as many again on shrinking each violation.
   */
  public LinearizabilityChecker(long stateBudget) {
    if (stateBudget < 1) {
      throw new IllegalArgumentException("stateBudget must be positive, was " + stateBudget);
    }
    this.stateBudget = stateBudget;
  }

  /** Checks {@code history}. */
  public Verdict check(History history) {
    return check(history.operations());
  }

  /** Checks {@code operations}, in any order. */
  public Verdict check(List<Operation> operations) {
    Map<String, List<Operation>> byKey = new TreeMap<>();
    for (Operation op : operations) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    List<KeyVerdict> keys = new ArrayList<>(byKey.size());
    List<StaleReadViolation> staleReadViolations = new ArrayList<>();
    for (Map.Entry<String, List<Operation>> entry : byKey.entrySet()) {
      KeyHistory history = new KeyHistory(entry.getKey(), entry.getValue());
      KeyVerdict verdict = checkKey(history);
      keys.add(verdict);
      staleReadViolations.addAll(
          StaleReadCheck.check(history, verdict.result() == Verdict.Result.PASS));
    }
    return new Verdict(keys, staleReadViolations);
  }

  private KeyVerdict checkKey(KeyHistory history) {
    List<SearchOp> ops = history.searchOps();
    Result result = RegisterSearch.run(ops, stateBudget);
    Verdict.Result outcome =
        switch (result.outcome()) {
          case LINEARIZABLE -> Verdict.Result.PASS;
          case NOT_LINEARIZABLE -> Verdict.Result.FAIL;
          case GAVE_UP -> Verdict.Result.UNKNOWN;
        };
    Optional<Violation> violation = Optional.empty();
    if (result.outcome() == Outcome.NOT_LINEARIZABLE) {
      ViolationShrinker.Witness witness = ViolationShrinker.shrink(ops, result, stateBudget);
      violation = Optional.of(ViolationReport.of(history, witness, result.explored()));
    }
    return new KeyVerdict(
        history.key(), outcome, history.operations(), ops.size(), result.explored(), violation);
  }
}
