package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.check.RegisterSearch.Result;
import dev.mokv.tests.robustness.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Turns a shrunk witness into a {@link Violation} a person can read. */
final class ViolationReport {

  private ViolationReport() {}

  /** A note when the stuck read returned a value that no write which may have happened wrote. */
  private static String unwritten(KeyHistory history, Operation stuck) {
    if (stuck.isWrite() || stuck.value().isEmpty()) {
      return "";
    }
    for (Operation w : history.writes()) {
      if (w.value().equals(stuck.value())) {
        return "";
      }
    }
    StringBuilder note =
        new StringBuilder("No write that may have taken effect wrote ")
            .append(Operation.quote(stuck.value()));
    String separator = "; only writes that FAILED did: ";
    for (Operation w : history.failedWrites()) {
      if (w.value().equals(stuck.value())) {
        note.append(separator).append(w.describe());
        separator = ", ";
      }
    }
    return note.append(".\n").toString();
  }

  static Violation of(KeyHistory history, ViolationShrinker.Witness witness, long explored) {
    List<Operation> ops = new ArrayList<>(witness.ops().size());
    for (SearchOp op : witness.ops()) {
      ops.add(op.source());
    }
    ops.sort(Comparator.comparingLong(Operation::invokeNanos));
    Result result = witness.result();
    Operation stuck = witness.ops().get(result.stuck()).source();
    Optional<String> value = history.value(result.stuckValue());
    String setBy =
        result.stuckValueWriter() < 0
            ? "the initial state"
            : witness.ops().get(result.stuckValueWriter()).source().describe();
    StringBuilder s = new StringBuilder();
    s.append("key \"")
        .append(history.key())
        .append("\": not linearizable (")
        .append(history.operations())
        .append(" operations, ")
        .append(explored)
        .append(" states explored).\n")
        .append(ops.size() == 1 ? "This operation" : "These " + ops.size() + " operations")
        .append(", as recorded, admit")
        .append(ops.size() == 1 ? "s" : "")
        .append(" no valid order")
        .append(witness.minimal() ? "" : " (shrinking stopped early: some may be unneeded)")
        .append(":\n")
        .append(Timeline.render(ops, "  "))
        .append("The longest valid order found (")
        .append(result.longest())
        .append(" of ")
        .append(ops.size())
        .append(") leaves the register ")
        .append(Operation.quote(value))
        .append(", set by ")
        .append(setBy)
        .append(", and cannot fit in ")
        .append(stuck.describe())
        .append(" before it completed.\n")
        .append(unwritten(history, stuck));
    return new Violation(
        history.key(), ops, witness.minimal(), stuck, value, explored, s.toString());
  }
}
