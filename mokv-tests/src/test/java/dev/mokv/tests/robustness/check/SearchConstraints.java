package dev.mokv.tests.robustness.check;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the register search may assume about each operation beyond its recorded interval, derived
 * from the history as a whole. Each fact holds in every valid order, so using it changes no
 * verdict; each stops the search from trying orders that cannot work.
 *
 * @param deadline when each operation must have taken effect (or, if optional, been dropped)
 * @param optional whether each operation may be dropped
 * @param waitsFor for each operation, the one that must be taken before it, or -1
 */
record SearchConstraints(long[] deadline, boolean[] optional, int[] waitsFor) {

  static SearchConstraints of(List<SearchOp> ops, int values) {
    boolean[] required = new boolean[ops.size()];
    long[] deadline = deadlines(ops, values, required);
    boolean[] optional = new boolean[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      optional[i] = ops.get(i).isOptional() && !required[i];
    }
    return new SearchConstraints(deadline, optional, interchangeableOrder(ops, deadline));
  }

  /**
   * When each operation must have taken effect (or, if optional, been dropped): its completion,
   * except for an optional write that is the only write of a value some read returned. Every valid
   * order puts that write before each such read, so it is not optional after all, and must take
   * effect before the earliest of those reads completes. Saying so changes no verdict, but stops
   * the search from trying to postpone or drop the write, which for every timed-out write would
   * double the orders to try. Such writes are marked in {@code required}.
   */
  private static long[] deadlines(List<SearchOp> ops, int values, boolean[] required) {
    int[] writers = new int[values];
    int[] writer = new int[values];
    long[] firstReadDone = new long[values];
    Arrays.fill(firstReadDone, SearchOp.NEVER);
    for (int i = 0; i < ops.size(); i++) {
      SearchOp op = ops.get(i);
      if (op.isRead()) {
        firstReadDone[op.value()] = Math.min(firstReadDone[op.value()], op.complete());
      } else {
        writers[op.value()]++;
        writer[op.value()] = i;
      }
    }
    long[] deadline = new long[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      deadline[i] = ops.get(i).complete();
    }
    // The initial state also "writes" absent, so a DELETE is never the only writer.
    for (int v = KeyHistory.ABSENT + 1; v < values; v++) {
      SearchOp only = writers[v] == 1 ? ops.get(writer[v]) : null;
      if (only != null && only.isOptional() && firstReadDone[v] != SearchOp.NEVER) {
        long bound = Math.max(only.invoke(), firstReadDone[v]);
        deadline[writer[v]] = Math.min(only.complete(), bound);
        required[writer[v]] = true;
      }
    }
    return deadline;
  }

  /**
   * For each operation, the one that must be linearized before it, or -1.
   *
   * <p>Optional writes of one value without a deadline are interchangeable once invoked: whichever
   * of them takes effect, the future is the same. So only orders that take them in invocation order
   * are tried, and k pending timed-out deletes cost k + 1 configurations instead of 2<sup>k</sup>.
   * Nothing is lost: in any valid order, two of them out of invocation order can swap places, since
   * the one invoked earlier may stand wherever the later one did.
   */
  private static int[] interchangeableOrder(List<SearchOp> ops, long[] deadline) {
    Integer[] byInvoke = new Integer[ops.size()];
    Arrays.setAll(byInvoke, i -> i);
    Arrays.sort(byInvoke, (a, b) -> Long.compare(ops.get(a).invoke(), ops.get(b).invoke()));
    int[] waitsFor = new int[ops.size()];
    Arrays.fill(waitsFor, -1);
    Map<Integer, Integer> lastOfValue = new HashMap<>();
    for (int i : byInvoke) {
      if (!ops.get(i).isRead() && deadline[i] == SearchOp.NEVER) {
        Integer previous = lastOfValue.put(ops.get(i).value(), i);
        waitsFor[i] = previous == null ? -1 : previous;
      }
    }
    return waitsFor;
  }
}
