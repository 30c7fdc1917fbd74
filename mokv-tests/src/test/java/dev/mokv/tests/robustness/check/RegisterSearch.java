package dev.mokv.tests.robustness.check;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Searches for a linearization of the operations on one key: an order of them that respects real
 * time (an operation that completed before another was invoked comes first) and in which every read
 * returns the register's value at that point.
 *
 * <p>The algorithm is Wing and Gong's backtracking search with Lowe's improvements, as in Porcupine
 * and Knossos. Invocations and completions are kept in one list ordered by time. The search walks
 * it: at an invocation it may linearize that operation now (the model step must succeed and the
 * resulting configuration must be new), removing it and its completion from the list; at a
 * completion it has found an operation that had to take effect by then and did not, so it undoes
 * the last choice and tries the next candidate. A configuration is the set of operations done plus
 * the register value; a configuration seen before leads to the same dead end, so it is not explored
 * twice ({@link ConfigurationMemo}).
 *
 * <p>Three reductions keep the search small; none changes a verdict. A read that holds is taken at
 * once, without trying alternatives ({@link #readThatHolds}). An optional write that reaches its
 * deadline untaken is dropped, which is the only alternative left at that point; timed-out writes
 * get deadlines and an order from {@link SearchConstraints}.
 *
 * <p>Equal times count as overlapping (invocations sort before completions), which can only hide a
 * violation, never invent one.
 */
final class RegisterSearch {

  /** How a search ended. */
  enum Outcome {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The budget of configurations ran out first: nothing is known. */
    GAVE_UP
  }

  /**
   * What a search found.
   *
   * @param outcome how it ended
   * @param explored distinct configurations visited
   * @param longest most operations ever linearized at once
   * @param stuck when not linearizable, the operation (index into the input) whose completion the
   *     longest attempt could not get past; otherwise -1
   * @param stuckValue the register value at that point
   * @param stuckValueWriter the write (index) that set that value, or -1 for the initial value
   */
  record Result(
      Outcome outcome,
      long explored,
      int longest,
      int stuck,
      int stuckValue,
      int stuckValueWriter) {}

  private static final int NIL = -1;
  private static final int ILLEGAL = -1;
  private static final int READ = 0;
  private static final int WRITE = 1;

  private final int n;
  private final int[] kind;
  private final int[] value;
  private final boolean[] optional;
  private final int[] waitsFor;
  private final int[] next;
  private final int[] prev;
  private final long[] opZobristHigh;
  private final long[] opZobristLow;
  private final long[] valueZobristHigh;
  private final long[] valueZobristLow;

  // The search's position: the linearized operations (a stack), the value, the memo hash.
  private final int[] stackEntry;
  private final int[] stackValue;
  private final boolean[] forced;
  private final boolean[] dropped;
  private final boolean[] linearized;
  private int depth;
  private int current;
  private long hashHigh;
  private long hashLow;

  private RegisterSearch(List<SearchOp> ops) {
    n = ops.size();
    kind = new int[n];
    value = new int[n];
    int values = 1;
    for (int i = 0; i < n; i++) {
      SearchOp op = ops.get(i);
      kind[i] = op.isRead() ? READ : WRITE;
      value[i] = op.value();
      values = Math.max(values, op.value() + 1);
    }
    // Fixed seed: a run is reproducible, and a hash collision (see ConfigurationMemo) would be too.
    SplittableRandom random = new SplittableRandom(0x6d6f6b76L);
    opZobristHigh = random.longs(n).toArray();
    opZobristLow = random.longs(n).toArray();
    valueZobristHigh = random.longs(values).toArray();
    valueZobristLow = random.longs(values).toArray();
    // Entry e < n is the invocation of operation e; entry e >= n is the completion of e - n.
    // Entry 2n is the head of the list.
    stackEntry = new int[n];
    stackValue = new int[n];
    forced = new boolean[n];
    dropped = new boolean[n];
    linearized = new boolean[n];
    next = new int[2 * n + 1];
    prev = new int[2 * n + 1];
    SearchConstraints constraints = SearchConstraints.of(ops, values);
    optional = constraints.optional();
    waitsFor = constraints.waitsFor();
    long[] time = new long[2 * n];
    for (int i = 0; i < n; i++) {
      time[i] = ops.get(i).invoke();
      time[n + i] = constraints.deadline()[i];
    }
    Integer[] order = new Integer[2 * n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        (a, b) ->
            time[a] != time[b] ? Long.compare(time[a], time[b]) : Boolean.compare(a >= n, b >= n));
    int last = 2 * n;
    for (int e : order) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = NIL;
  }

  /** Searches {@code ops}, giving up after {@code budget} distinct configurations. */
  static Result run(List<SearchOp> ops, long budget) {
    return new RegisterSearch(ops).search(budget);
  }

  private Result search(long budget) {
    final int head = 2 * n;
    ConfigurationMemo memo = new ConfigurationMemo();
    current = KeyHistory.ABSENT;
    hashHigh = valueZobristHigh[current];
    hashLow = valueZobristLow[current];
    long explored = 0;
    int longest = 0;
    int stuck = -1;
    int stuckValue = KeyHistory.ABSENT;
    int stuckValueWriter = -1;

    int entry = next[head];
    boolean arrived = true; // at a configuration not yet looked at
    while (next[head] != NIL) {
      int op = arrived ? readThatHolds() : NIL;
      arrived = false;
      boolean drop = false;
      if (op == NIL) {
        // Choose among the writes invoked before the first completion; reads cannot hold here.
        while (entry < n && (kind[entry] == READ || mustWait(entry))) {
          entry = next[entry];
        }
        if (entry >= n && optional[entry - n]) {
          // An optional write that has not taken effect by its deadline never does.
          op = entry - n;
          drop = true;
        } else if (entry >= n) {
          // Operation entry - n had to take effect by now and could not.
          if (stuck == -1 || depth > longest) {
            longest = depth;
            stuck = entry - n;
            stuckValue = current;
            stuckValueWriter = lastWrite();
          }
          entry = backtrack();
          if (entry == NIL) {
            return new Result(
                Outcome.NOT_LINEARIZABLE, explored, longest, stuck, stuckValue, stuckValueWriter);
          }
          continue;
        } else {
          op = entry;
        }
      }
      int after = drop ? current : step(current, op);
      long high =
          hashHigh ^ opZobristHigh[op] ^ valueZobristHigh[current] ^ valueZobristHigh[after];
      long low = hashLow ^ opZobristLow[op] ^ valueZobristLow[current] ^ valueZobristLow[after];
      if (memo.add(high, low)) {
        if (++explored > budget) {
          return new Result(Outcome.GAVE_UP, explored - 1, longest, -1, ILLEGAL, -1);
        }
        push(op, after, high, low, drop);
        entry = next[head];
        arrived = true;
      } else if (kind[op] == WRITE && !drop) {
        entry = next[op];
      } else {
        // A forced step leads to a refuted configuration, so this one is refuted too.
        entry = backtrack();
        if (entry == NIL) {
          return new Result(
              Outcome.NOT_LINEARIZABLE, explored, longest, stuck, stuckValue, stuckValueWriter);
        }
      }
    }
    return new Result(Outcome.LINEARIZABLE, explored, depth, -1, current, -1);
  }

  /**
   * A read invoked before the first completion still in the list that returns the current value, or
   * NIL.
   *
   * <p>Such a read is never a real choice: if any order completes the history from here, the one
   * that takes this read first does too. The read leaves the value as it is, and it was invoked
   * before every remaining operation completed, so putting it first breaks no real-time order. The
   * search therefore takes it at once and marks it forced: backtracking passes over it without
   * trying other operations in its place. Writes are the only real choices, which shrinks the
   * search roughly as much as removing the reads would.
   */
  private int readThatHolds() {
    for (int e = next[2 * n]; e != NIL && e < n; e = next[e]) {
      if (kind[e] == READ && value[e] == current) {
        return e;
      }
    }
    return NIL;
  }

  private boolean mustWait(int write) {
    return waitsFor[write] >= 0 && !linearized[waitsFor[write]];
  }

  /**
   * Linearizes operation {@code op} now, or drops it, taking the value to {@code after}. Reads and
   * drops are forced steps, with no alternatives: backtracking passes over them.
   */
  private void push(int op, int after, long high, long low, boolean drop) {
    stackEntry[depth] = op;
    stackValue[depth] = current;
    forced[depth] = drop || kind[op] == READ;
    dropped[depth] = drop;
    linearized[op] = true;
    depth++;
    current = after;
    hashHigh = high;
    hashLow = low;
    lift(op);
  }

  /**
   * Undoes choices back to the latest one that has alternatives; returns the entry to try next, or
   * NIL if every order has been refuted.
   */
  private int backtrack() {
    while (depth > 0) {
      depth--;
      int entry = stackEntry[depth];
      int undone = stackValue[depth];
      hashHigh ^= opZobristHigh[entry] ^ valueZobristHigh[current] ^ valueZobristHigh[undone];
      hashLow ^= opZobristLow[entry] ^ valueZobristLow[current] ^ valueZobristLow[undone];
      current = undone;
      linearized[entry] = false;
      unlift(entry);
      if (!forced[depth]) {
        return next[entry];
      }
    }
    return NIL;
  }

  /** The register value after operation {@code op} from {@code current}, or ILLEGAL. */
  private int step(int current, int op) {
    if (kind[op] == WRITE) {
      return value[op];
    }
    return value[op] == current ? current : ILLEGAL;
  }

  private int lastWrite() {
    for (int i = depth - 1; i >= 0; i--) {
      if (kind[stackEntry[i]] == WRITE && !dropped[i]) {
        return stackEntry[i];
      }
    }
    return -1;
  }

  /** Takes an invocation and its completion out of the list (dancing links). */
  private void lift(int call) {
    unlink(call);
    unlink(call + n);
  }

  /** Puts back what {@link #lift} took out; calls must undo lifts in reverse order. */
  private void unlift(int call) {
    relink(call + n);
    relink(call);
  }

  private void unlink(int e) {
    next[prev[e]] = next[e];
    if (next[e] != NIL) {
      prev[next[e]] = prev[e];
    }
  }

  private void relink(int e) {
    next[prev[e]] = e;
    if (next[e] != NIL) {
      prev[next[e]] = e;
    }
  }
}
