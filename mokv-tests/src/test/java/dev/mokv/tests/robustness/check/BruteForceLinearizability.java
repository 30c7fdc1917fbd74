package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The definition of linearizability for one register, checked by trying every order: an oracle for
 * small histories, written for obviousness rather than speed.
 *
 * <p>{@code FAILED} operations, {@code UNKNOWN} reads and {@code STALE} reads are ignored. Every
 * other operation is placed in one sequence, except that {@code UNKNOWN} writes may be left out
 * (those not placed when all others are); an operation may come next only if no unplaced operation
 * completed before it was invoked ({@code UNKNOWN} ones never complete), and each read must return
 * the value before it.
 */
final class BruteForceLinearizability {

  private BruteForceLinearizability() {}

  static boolean isLinearizable(List<Operation> history) {
    List<Operation> ops = new ArrayList<>();
    for (Operation op : history) {
      boolean ignored =
          op.outcome() == Outcome.FAILED
              || (!op.isWrite() && op.outcome() == Outcome.UNKNOWN)
              || op.isStaleRead();
      if (!ignored) {
        ops.add(op);
      }
    }
    return search(ops, new boolean[ops.size()], Optional.empty());
  }

  private static boolean search(List<Operation> ops, boolean[] done, Optional<String> value) {
    boolean allMandatoryDone = true;
    for (int i = 0; i < ops.size(); i++) {
      if (!done[i] && ops.get(i).outcome() == Outcome.OK) {
        allMandatoryDone = false;
      }
    }
    if (allMandatoryDone) {
      return true; // whatever UNKNOWN writes remain are left out
    }
    for (int i = 0; i < ops.size(); i++) {
      if (done[i] || !mayGoNext(ops, done, i)) {
        continue;
      }
      Operation op = ops.get(i);
      Optional<String> after = value;
      if (op.kind() == Kind.GET) {
        if (!op.value().equals(value)) {
          continue;
        }
      } else {
        after = op.kind() == Kind.SET ? op.value() : Optional.empty();
      }
      done[i] = true;
      boolean found = search(ops, done, after);
      done[i] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayGoNext(List<Operation> ops, boolean[] done, int i) {
    for (int j = 0; j < ops.size(); j++) {
      Operation other = ops.get(j);
      boolean completes = other.outcome() == Outcome.OK;
      if (!done[j] && j != i && completes && other.completeNanos() < ops.get(i).invokeNanos()) {
        return false;
      }
    }
    return true;
  }
}
