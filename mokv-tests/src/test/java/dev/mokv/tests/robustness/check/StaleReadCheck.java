package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.check.StaleReadViolation.Rule;
import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code STALE} reads of one key against the rules stated in {@link
 * LinearizabilityChecker}: a value that was written, not from the future, and never older than one
 * the same node served before.
 *
 * <p>"Older" needs an order of writes that is certain, not merely the one the search happened to
 * pick: concurrent writes may be validly linearized either way, and judging a node by the wrong
 * choice would report a correct system. So a write counts as older than another only if it precedes
 * it in <em>every</em> valid linearization, for one of two reasons: it completed before the other
 * was invoked; or a linearizable read returned the other's value (the other being the only write
 * that could have produced it) after it completed, which puts the other after it. Chains of these
 * are followed. Where neither decides, the read passes.
 *
 * <p>Sound when the system keeps its promises: a correct node's state is a prefix of the Raft log,
 * the log orders writes as every linearization does, and so no rule here can fail.
 */
final class StaleReadCheck {

  /** A write a read may have returned the value of, or the initial state (no write). */
  private static final class Source {
    final Operation write;
    final long invoke;
    final long complete;

    /** Every completed write (other than this) that completed before this time precedes it. */
    long after;

    Source(Operation write, long invoke, long complete) {
      this.write = write;
      this.invoke = invoke;
      this.complete = complete;
      this.after = invoke;
    }
  }

  private static final long NONE = Long.MIN_VALUE;

  private final KeyHistory history;
  private final Map<Optional<String>, List<Source>> sources = new HashMap<>();
  private long[] completions; // of completed writes, ascending
  private long[] maxAfter; // maxAfter[i]: the largest `after` among completions[0..i]

  private StaleReadCheck(KeyHistory history) {
    this.history = history;
  }

  /**
   * Checks {@code history}'s stale reads; {@code linearizable} says whether its linearizable part
   * passed, without which linearizable reads cannot be trusted to order writes.
   */
  static List<StaleReadViolation> check(KeyHistory history, boolean linearizable) {
    return new StaleReadCheck(history).run(linearizable);
  }

  private List<StaleReadViolation> run(boolean linearizable) {
    List<StaleReadViolation> violations = new ArrayList<>();
    if (history.staleReads().isEmpty()) {
      return violations;
    }
    collectSources(linearizable);
    Map<Operation, Long> floors = new HashMap<>();
    Map<String, List<Operation>> byNode = new HashMap<>();
    for (Operation read : history.staleReads()) {
      List<Source> candidates = candidates(read);
      if (candidates.isEmpty()) {
        violations.add(notWritten(read));
        continue;
      }
      floors.put(read, closure(candidates.stream().mapToLong(c -> c.after).min().orElseThrow()));
      byNode.computeIfAbsent(read.node().orElseThrow(), n -> new ArrayList<>()).add(read);
    }
    byNode.values().forEach(reads -> checkMonotonic(reads, floors, violations));
    return violations;
  }

  private void collectSources(boolean linearizable) {
    Source initial = new Source(null, NONE, NONE);
    sources.computeIfAbsent(Optional.empty(), v -> new ArrayList<>()).add(initial);
    for (Operation w : history.writes()) {
      long complete = w.outcome() == Outcome.OK ? w.completeNanos() : SearchOp.NEVER;
      Optional<String> value = w.kind() == Kind.SET ? w.value() : Optional.empty();
      sources
          .computeIfAbsent(value, v -> new ArrayList<>())
          .add(new Source(w, w.invokeNanos(), complete));
    }
    if (linearizable) {
      for (Operation read : history.linearizableReads()) {
        List<Source> candidates = candidates(read);
        if (candidates.size() == 1 && candidates.get(0).write != null) {
          Source only = candidates.get(0);
          only.after = Math.max(only.after, read.invokeNanos());
        }
      }
    }
    List<Source> completed = new ArrayList<>();
    sources
        .values()
        .forEach(list -> list.stream().filter(this::isCompletedWrite).forEach(completed::add));
    completed.sort(Comparator.comparingLong(s -> s.complete));
    completions = new long[completed.size()];
    maxAfter = new long[completed.size()];
    long max = NONE;
    for (int i = 0; i < completed.size(); i++) {
      completions[i] = completed.get(i).complete;
      max = Math.max(max, completed.get(i).after);
      maxAfter[i] = max;
    }
  }

  private boolean isCompletedWrite(Source s) {
    return s.write != null && s.complete != SearchOp.NEVER;
  }

  /** The sources of the value {@code read} returned that were invoked before it completed. */
  private List<Source> candidates(Operation read) {
    List<Source> candidates = new ArrayList<>();
    for (Source s : sources.getOrDefault(read.value(), List.of())) {
      if (s.invoke <= read.completeNanos()) {
        candidates.add(s);
      }
    }
    return candidates;
  }

  /**
   * Given that a node applied a write that every completed write finishing before {@code floor}
   * precedes, the latest such floor that follows: each of those writes was applied too, and brings
   * its own predecessors.
   */
  private long closure(long floor) {
    while (true) {
      int i = lastCompletionBefore(floor);
      if (i < 0 || maxAfter[i] <= floor) {
        return floor;
      }
      floor = maxAfter[i];
    }
  }

  private int lastCompletionBefore(long time) {
    int lo = 0;
    int hi = completions.length; // first index with completion >= time
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (completions[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  /**
   * Reads of one node, each against the floor set by the reads that completed before it began.
   *
   * <p>A floor proves that every completed write finishing before it is followed, in the node's
   * state, by a later write, except the write the floor's read itself returned: that one may still
   * be the latest. So a read is judged against the highest floor set by a read of a different
   * value, which is why the two highest floors of distinct values are kept.
   */
  private void checkMonotonic(
      List<Operation> reads, Map<Operation, Long> floors, List<StaleReadViolation> violations) {
    List<Operation> byInvoke = new ArrayList<>(reads);
    byInvoke.sort(Comparator.comparingLong(Operation::invokeNanos));
    List<Operation> byComplete = new ArrayList<>(reads);
    byComplete.sort(Comparator.comparingLong(Operation::completeNanos));
    Operation highest = null;
    Operation second = null; // highest among reads of another value than `highest`
    int j = 0;
    for (Operation read : byInvoke) {
      while (j < byComplete.size() && byComplete.get(j).completeNanos() < read.invokeNanos()) {
        Operation earlier = byComplete.get(j++);
        long floor = floors.get(earlier);
        if (highest == null || earlier.value().equals(highest.value())) {
          if (highest == null || floor > floors.get(highest)) {
            highest = earlier;
          }
        } else if (floor > floors.get(highest)) {
          second = highest;
          highest = earlier;
        } else if (second == null || floor > floors.get(second)) {
          second = earlier;
        }
      }
      Operation judge = highest != null && read.value().equals(highest.value()) ? second : highest;
      if (judge == null) {
        continue;
      }
      long newest = candidates(read).stream().mapToLong(c -> c.complete).max().orElseThrow();
      if (newest < floors.get(judge)) {
        violations.add(wentBackwards(read, judge));
      }
    }
  }

  private StaleReadViolation notWritten(Operation read) {
    List<Operation> writers = new ArrayList<>(writesOf(read.value(), history.writes()));
    boolean future = !writers.isEmpty();
    if (!future) {
      writers.addAll(writesOf(read.value(), history.failedWrites()));
    }
    String why =
        future
            ? "every write of that value was invoked after the read completed"
            : writers.isEmpty()
                ? "no write of the key wrote that value"
                : "only writes that FAILED wrote that value";
    writers.add(read);
    return violation(future ? Rule.FROM_THE_FUTURE : Rule.NEVER_WRITTEN, read, writers, why);
  }

  private StaleReadViolation wentBackwards(Operation read, Operation earlier) {
    Set<Operation> evidence = new LinkedHashSet<>();
    evidence.add(earlier);
    evidence.add(read);
    for (Source s : candidates(read)) {
      if (s.write != null) {
        evidence.add(s.write);
      }
    }
    for (Source s : candidates(earlier)) {
      if (s.write != null) {
        evidence.add(s.write);
      }
    }
    String node = read.node().orElseThrow();
    String why =
        "earlier, "
            + earlier.describe()
            + " showed "
            + node
            + " had applied a write that every possible source of "
            + Operation.quote(read.value())
            + " provably precedes (by real time, and by what linearizable reads saw), and a"
            + " node's state only moves forward";
    return violation(Rule.WENT_BACKWARDS, read, new ArrayList<>(evidence), why);
  }

  private StaleReadViolation violation(
      Rule rule, Operation read, List<Operation> evidence, String why) {
    evidence.sort(Comparator.comparingLong(Operation::invokeNanos));
    String explanation =
        "key \""
            + history.key()
            + "\": STALE read broke "
            + rule
            + ": "
            + read.describe()
            + ": "
            + why
            + ".\n"
            + Timeline.render(evidence, "  ");
    return new StaleReadViolation(history.key(), rule, read, evidence, explanation);
  }

  private static List<Operation> writesOf(Optional<String> value, List<Operation> writes) {
    List<Operation> matching = new ArrayList<>();
    for (Operation w : writes) {
      if (w.kind() == Kind.SET && w.value().equals(value)) {
        matching.add(w);
      }
    }
    return matching;
  }
}
