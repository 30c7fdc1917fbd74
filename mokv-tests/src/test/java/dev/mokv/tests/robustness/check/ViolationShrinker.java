package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.check.RegisterSearch.Outcome;
import dev.mokv.tests.robustness.check.RegisterSearch.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Cuts a non-linearizable key history down to a few operations that are still not linearizable on
 * their own, so a report shows the contradiction instead of a thousand operations.
 *
 * <p>Only two moves are used, because each keeps the property that matters: if the smaller history
 * cannot be linearized, neither can the one it came from.
 *
 * <ul>
 *   <li>Removing a read: any valid order of the larger history, minus the read, is a valid order of
 *       the smaller one.
 *   <li>Relaxing a completed write to optional (it may not take effect at all; if it does, still
 *       within its interval): any valid order of the stricter history is valid for the relaxed one.
 *       A relaxed write that no remaining read observes is then left out, which changes no verdict
 *       (see {@link SearchOp#withoutUnobservedOptionalWrites}).
 * </ul>
 *
 * <p>Removing a write outright is not allowed: it can create a violation (a read of its value) that
 * the real history does not have. Moves are tried on chunks of operations adjacent in time, halving
 * the chunk size as in delta debugging, then one operation at a time until a whole pass moves
 * nothing. Each move is kept only if a search confirms the result is still not linearizable, so the
 * result is a genuine witness: the listed operations, with their recorded outcomes, admit no valid
 * order. A trial search that runs out of its share of the budget counts as a failed move, and the
 * shrinker stops when its total budget runs out; the witness is then larger than it could be, but
 * still genuine.
 */
final class ViolationShrinker {

  /**
   * A shrunk history and the search result that confirms it.
   *
   * @param ops the operations that remain (relaxed writes carry their original {@code source})
   * @param result the search of {@code ops}, {@code NOT_LINEARIZABLE}
   * @param minimal whether every single remaining move was tried and refuted
   */
  record Witness(List<SearchOp> ops, Result result, boolean minimal) {}

  private final long budget;
  private final long trialBudget;
  private List<SearchOp> current;
  private Result confirmed;
  private long spent;
  private boolean refutedEveryMove;

  private ViolationShrinker(List<SearchOp> ops, Result found, long budget) {
    this.budget = budget;
    // A subset of the history rarely needs more states than the whole did; cap each trial so a
    // move that makes the search hard costs little.
    this.trialBudget = Math.max(100_000, 4 * found.explored());
    this.current = new ArrayList<>(ops);
    this.current.sort(Comparator.comparingLong(SearchOp::invoke));
    this.confirmed = found;
  }

  /**
   * Shrinks {@code ops}, known not to be linearizable with search result {@code found}, spending
   * about {@code budget} search states at most.
   */
  static Witness shrink(List<SearchOp> ops, Result found, long budget) {
    ViolationShrinker shrinker = new ViolationShrinker(ops, found, budget);
    shrinker.deltaDebug();
    // Then one operation at a time, until a whole pass moves nothing.
    boolean changed = true;
    while (changed && !shrinker.exhausted()) {
      shrinker.refutedEveryMove = true;
      changed = shrinker.pass(1);
    }
    boolean minimal = !changed && shrinker.refutedEveryMove && !shrinker.exhausted();
    return new Witness(shrinker.current, shrinker.confirmed, minimal);
  }

  private void deltaDebug() {
    int chunk = Math.max(1, movable().size() / 2);
    while (!exhausted()) {
      pass(chunk);
      if (chunk == 1) {
        return;
      }
      chunk = Math.max(1, Math.min(chunk / 2, movable().size() / 2));
    }
  }

  /** Tries moving each chunk of {@code chunk} movable operations in turn; true if any moved. */
  private boolean pass(int chunk) {
    boolean changed = false;
    List<SearchOp> movable = movable();
    int i = 0;
    while (i < movable.size() && !exhausted()) {
      List<SearchOp> trial =
          apply(current, movable.subList(i, Math.min(i + chunk, movable.size())));
      Result result = RegisterSearch.run(trial, Math.min(trialBudget, budget - spent));
      // Charging the trial's size too bounds the work of searches that fail at once.
      spent += result.explored() + trial.size();
      if (result.outcome() == Outcome.NOT_LINEARIZABLE) {
        // Kept: the moved operations left the movable list, so i now points past them.
        current = trial;
        confirmed = result;
        movable = movable();
        changed = true;
      } else {
        refutedEveryMove &= result.outcome() == Outcome.LINEARIZABLE;
        i += chunk;
      }
    }
    return changed;
  }

  private boolean exhausted() {
    return spent >= budget;
  }

  /** Reads (which can be removed) and mandatory writes (which can be relaxed), by invocation. */
  private List<SearchOp> movable() {
    List<SearchOp> movable = new ArrayList<>();
    for (SearchOp op : current) {
      if (op.isRead() || !op.isOptional()) {
        movable.add(op);
      }
    }
    return movable;
  }

  /** {@code ops} with the reads in {@code moved} removed and the writes in it relaxed. */
  private static List<SearchOp> apply(List<SearchOp> ops, List<SearchOp> moved) {
    Set<SearchOp> move = Collections.newSetFromMap(new IdentityHashMap<>());
    move.addAll(moved);
    List<SearchOp> result = new ArrayList<>(ops.size());
    for (SearchOp op : ops) {
      if (!move.contains(op)) {
        result.add(op);
      } else if (!op.isRead()) {
        result.add(op.relaxed());
      }
    }
    return SearchOp.withoutUnobservedOptionalWrites(result);
  }
}
