package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Histories of a simulated store that is correct by construction, for testing the checker.
 *
 * <p>Clients issue operations one at a time, each over a random interval. Every operation that
 * takes effect does so at one instant chosen inside its interval; an {@code UNKNOWN} write takes
 * effect with probability one half, at an instant after its invocation that may be long after the
 * client gave up. Applying the writes in instant order gives the log; linearizable reads return the
 * log's value at their instant. Each node applies the log a fixed lag behind, so a {@code STALE}
 * read returns the value as of its instant minus its node's lag: old, but real and never going
 * backwards. The result is therefore linearizable and keeps every stale-read rule.
 *
 * @param clients concurrent clients
 * @param keys distinct keys
 * @param operations operations in all
 * @param nodes nodes serving stale reads, each with its own lag
 * @param readRate share of reads among operations
 * @param staleRate share of {@code STALE} among reads
 * @param deleteRate share of {@code DELETE} among writes
 * @param unknownRate share of operations whose outcome is {@code UNKNOWN}
 * @param failedRate share of operations that {@code FAILED}
 */
record RegisterSimulation(
    int clients,
    int keys,
    int operations,
    int nodes,
    double readRate,
    double staleRate,
    double deleteRate,
    double unknownRate,
    double failedRate) {

  /** An operation before its read value is known, with the instant it takes effect (or never). */
  private record Planned(int index, Operation op, long instant) {
    static final long NEVER = Long.MAX_VALUE;
  }

  /** The history, for {@code seed}. */
  List<Operation> run(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] lag = new long[nodes];
    for (int n = 0; n < nodes; n++) {
      lag[n] = random.nextLong(0, 300);
    }
    long[] clock = new long[clients];
    List<Planned> planned = new ArrayList<>(operations);
    for (int i = 0; i < operations; i++) {
      int client = earliest(clock);
      long invoke = clock[client] + random.nextLong(1, 20);
      long complete = invoke + random.nextLong(0, 100);
      clock[client] = complete;
      planned.add(plan(i, client, invoke, complete, random));
    }
    return resolveReads(planned, lag);
  }

  private Planned plan(int index, int client, long invoke, long complete, SplittableRandom random) {
    String key = "key" + random.nextInt(keys);
    boolean read = random.nextDouble() < readRate;
    double fate = random.nextDouble();
    Outcome outcome =
        fate < failedRate
            ? Outcome.FAILED
            : fate < failedRate + unknownRate ? Outcome.UNKNOWN : Outcome.OK;
    long instant = random.nextLong(invoke, complete + 1);
    if (outcome == Outcome.FAILED
        || (outcome == Outcome.UNKNOWN && (read || random.nextBoolean()))) {
      instant = Planned.NEVER;
    } else if (outcome == Outcome.UNKNOWN) {
      instant = random.nextLong(invoke, complete + 3 * (complete - invoke) + 2);
    }
    Operation op;
    if (read && random.nextDouble() < staleRate) {
      String node = "n" + random.nextInt(nodes);
      op = Operation.staleGet(client, key, node, Optional.empty(), invoke, complete, outcome);
    } else if (read) {
      op = Operation.get(client, key, Optional.empty(), invoke, complete, outcome);
    } else if (random.nextDouble() < deleteRate) {
      op = Operation.delete(client, key, invoke, complete, outcome);
    } else {
      op = Operation.set(client, key, "v" + index, invoke, complete, outcome);
    }
    return new Planned(index, op, instant);
  }

  /** Applies the writes in instant order and fills in what each read returned. */
  private List<Operation> resolveReads(List<Planned> planned, long[] lag) {
    List<Planned> byInstant = new ArrayList<>(planned);
    byInstant.sort(Comparator.comparingLong(Planned::instant).thenComparingInt(Planned::index));
    Map<String, List<long[]>> applied = new HashMap<>(); // key -> (instant, index of the write)
    Operation[] result = new Operation[planned.size()];
    for (Planned p : byInstant) {
      Operation op = p.op();
      result[p.index()] = op;
      if (p.instant() == Planned.NEVER) {
        continue;
      }
      List<long[]> log = applied.computeIfAbsent(op.key(), k -> new ArrayList<>());
      if (op.isWrite()) {
        log.add(new long[] {p.instant(), p.index()});
      } else if (op.outcome() == Outcome.OK) {
        long asOf = op.isStaleRead() ? p.instant() - lag[node(op)] : p.instant();
        result[p.index()] = op.withValue(valueAt(log, asOf, planned));
      }
    }
    return List.of(result);
  }

  /** The value of the last write in {@code log} at or before {@code instant}. */
  private static Optional<String> valueAt(List<long[]> log, long instant, List<Planned> planned) {
    for (int i = log.size() - 1; i >= 0; i--) {
      if (log.get(i)[0] <= instant) {
        Operation write = planned.get((int) log.get(i)[1]).op();
        return write.kind() == Kind.SET ? write.value() : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static int node(Operation staleRead) {
    return Integer.parseInt(staleRead.node().orElseThrow().substring(1));
  }

  private static int earliest(long[] clock) {
    int earliest = 0;
    for (int c = 1; c < clock.length; c++) {
      if (clock[c] < clock[earliest]) {
        earliest = c;
      }
    }
    return earliest;
  }
}
