package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders operations one a line, by invocation, with times relative to the first invocation, in a
 * unit that suits their span but to the nanosecond, so a reader can see which intervals overlap.
 */
final class Timeline {

  private Timeline() {}

  /** {@code ops} sorted by invocation; each line is indented by {@code indent}. */
  static String render(List<Operation> ops, String indent) {
    List<Operation> sorted = new ArrayList<>(ops);
    sorted.sort(Comparator.comparingLong(Operation::invokeNanos));
    if (sorted.isEmpty()) {
      return "";
    }
    long origin = sorted.get(0).invokeNanos();
    long span = 0;
    for (Operation op : sorted) {
      span = Math.max(span, op.completeNanos() - origin);
    }
    long divisor = span < 10_000 ? 1 : span < 10_000_000 ? 1_000 : 1_000_000;
    String unit = divisor == 1 ? "ns" : divisor == 1_000 ? "us" : "ms";
    StringBuilder s = new StringBuilder();
    for (Operation op : sorted) {
      s.append(indent)
          .append("[+")
          .append(format(op.invokeNanos() - origin, divisor))
          .append(op.outcome() == Outcome.UNKNOWN ? ", gave up +" : ", +")
          .append(format(op.completeNanos() - origin, divisor))
          .append(' ')
          .append(unit)
          .append("] ")
          .append(op.describe())
          .append('\n');
    }
    return s.toString();
  }

  /** {@code nanos} in units of {@code divisor} nanoseconds, to the nanosecond. */
  private static String format(long nanos, long divisor) {
    if (divisor == 1) {
      return Long.toString(nanos);
    }
    int decimals = divisor == 1_000 ? 3 : 6;
    return BigDecimal.valueOf(nanos).movePointLeft(decimals).toPlainString();
  }
}
