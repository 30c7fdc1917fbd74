package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations on one key, sorted into what each check needs.
 *
 * <p>A register's history can be checked on its own because linearizability is compositional
 * (Herlihy and Wing's locality; Porcupine's P-compositionality): a history is linearizable if and
 * only if the sub-history of every key is. What each operation contributes:
 *
 * <ul>
 *   <li>{@code FAILED}: nothing; it never took effect.
 *   <li>{@code OK} write: to the search, within its interval.
 *   <li>{@code UNKNOWN} write: to the search as optional (any time after its invocation, or never),
 *       unless no linearizable read returned its value after it was invoked, in which case it is
 *       left out (see {@link SearchOp#withoutUnobservedOptionalWrites}).
 *   <li>{@code OK} {@code LINEARIZABLE} read: to the search.
 *   <li>{@code OK} {@code STALE} read: to the stale-read rules only.
 *   <li>{@code UNKNOWN} read: nothing; it says nothing about the state.
 * </ul>
 *
 * <p>Every write that was not {@code FAILED} is also kept as a possible source of what a stale read
 * returned.
 */
final class KeyHistory {

  /** The interned value of a missing key. */
  static final int ABSENT = 0;

  private final String key;
  private final int operations;
  private final List<String> values = new ArrayList<>(); // id -> value; 0 is absent
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<SearchOp> searchOps;
  private final List<Operation> writes = new ArrayList<>();
  private final List<Operation> failedWrites = new ArrayList<>();
  private final List<Operation> linearizableReads = new ArrayList<>();
  private final List<Operation> staleReads = new ArrayList<>();

  /** {@code ops} must all be on {@code key}. */
  KeyHistory(String key, List<Operation> ops) {
    this.key = key;
    this.operations = ops.size();
    values.add(null);
    List<SearchOp> search = new ArrayList<>();
    for (Operation op : ops) {
      if (op.outcome() == Outcome.FAILED) {
        if (op.isWrite()) {
          failedWrites.add(op);
        }
        continue;
      }
      if (op.isWrite()) {
        writes.add(op);
        long complete = op.outcome() == Outcome.OK ? op.completeNanos() : SearchOp.NEVER;
        boolean optional = op.outcome() != Outcome.OK;
        search.add(
            new SearchOp(op, op.kind(), intern(op.value()), op.invokeNanos(), complete, optional));
      } else if (op.outcome() == Outcome.OK) {
        if (op.isStaleRead()) {
          staleReads.add(op);
        } else {
          linearizableReads.add(op);
          search.add(
              new SearchOp(
                  op, op.kind(), intern(op.value()), op.invokeNanos(), op.completeNanos(), false));
        }
      }
    }
    searchOps = SearchOp.withoutUnobservedOptionalWrites(search);
  }

  String key() {
    return key;
  }

  /** All operations recorded on the key, whatever their outcome. */
  int operations() {
    return operations;
  }

  /** What the linearizability search must order. */
  List<SearchOp> searchOps() {
    return searchOps;
  }

  /** The value an interned id stands for. */
  Optional<String> value(int id) {
    return Optional.ofNullable(values.get(id));
  }

  /** Writes that may have taken effect: {@code OK} and {@code UNKNOWN}. */
  List<Operation> writes() {
    return writes;
  }

  /** Writes that definitely did not take effect. */
  List<Operation> failedWrites() {
    return failedWrites;
  }

  List<Operation> linearizableReads() {
    return linearizableReads;
  }

  List<Operation> staleReads() {
    return staleReads;
  }

  private int intern(Optional<String> value) {
    if (value.isEmpty()) {
      return ABSENT;
    }
    return ids.computeIfAbsent(
        value.get(),
        v -> {
          values.add(v);
          return values.size() - 1;
        });
  }
}
