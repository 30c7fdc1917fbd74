package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation as the register search sees it: its effect on one key and the window in which it may
 * take effect.
 *
 * @param source the recorded operation
 * @param kind {@code SET}, {@code DELETE}, or a linearizable {@code GET}
 * @param value the interned value written or read ({@link KeyHistory#ABSENT} for a missing key and
 *     for {@code DELETE})
 * @param invoke the earliest time it may take effect
 * @param complete the latest time it may take effect, or {@link #NEVER}
 * @param optional for a write: it may also not take effect at all
 */
record SearchOp(
    Operation source, Kind kind, int value, long invoke, long complete, boolean optional) {

  /** The completion time of a write whose outcome is unknown: it may take effect at any time. */
  static final long NEVER = Long.MAX_VALUE;

  boolean isRead() {
    return kind == Kind.GET;
  }

  /** Whether this write may not take effect at all. */
  boolean isOptional() {
    return optional;
  }

  /**
   * This write, allowed not to take effect; if it does, it still does so within its interval. Any
   * valid order of a history stays valid after this change.
   */
  SearchOp relaxed() {
    return new SearchOp(source, kind, value, invoke, complete, true);
  }

  /**
   * {@code ops} without the optional writes whose value no read in {@code ops} returned after they
   * were invoked.
   *
   * <p>This changes no verdict. If such a write takes effect in some valid order, no read sees its
   * value, so the next operation after it is another write (or nothing) and the order stays valid
   * without it; conversely it can always be added last. Removing it early keeps timeouts from
   * multiplying the orders the search must try.
   */
  static List<SearchOp> withoutUnobservedOptionalWrites(List<SearchOp> ops) {
    Map<Integer, Long> lastReadDone = new HashMap<>();
    for (SearchOp op : ops) {
      if (op.isRead()) {
        lastReadDone.merge(op.value, op.complete, Math::max);
      }
    }
    List<SearchOp> kept = new ArrayList<>(ops.size());
    for (SearchOp op : ops) {
      Long seen = lastReadDone.get(op.value);
      if (op.isRead() || !op.isOptional() || (seen != null && seen >= op.invoke)) {
        kept.add(op);
      }
    }
    return kept;
  }
}
