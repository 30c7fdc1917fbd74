package dev.mokv.tests.robustness.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LinearizabilityChecker} concluded about a history.
 *
 * @param keys one verdict per key, in key order
 * @param staleReadViolations every {@code STALE} read that broke its weaker guarantee; these do not
 *     affect {@link #linearizability()}
 */
public record Verdict(List<KeyVerdict> keys, List<StaleReadViolation> staleReadViolations) {

  /** The answer to one question about a history. */
  public enum Result {
    /** The guarantee held. */
    PASS,
    /** The guarantee was broken; the verdict says where. */
    FAIL,
    /** The checker gave up before it could tell; this is not a pass. */
    UNKNOWN
  }

  public Verdict {
    keys = List.copyOf(keys);
    staleReadViolations = List.copyOf(staleReadViolations);
  }

  /**
   * Whether the writes and linearizable reads are linearizable: {@code FAIL} if any key fails, else
   * {@code UNKNOWN} if the search gave up on any key, else {@code PASS}.
   */
  public Result linearizability() {
    Result result = Result.PASS;
    for (KeyVerdict key : keys) {
      if (key.result() == Result.FAIL) {
        return Result.FAIL;
      }
      if (key.result() == Result.UNKNOWN) {
        result = Result.UNKNOWN;
      }
    }
    return result;
  }

  /** Whether every {@code STALE} read kept its guarantee; never {@code UNKNOWN}. */
  public Result staleReads() {
    return staleReadViolations.isEmpty() ? Result.PASS : Result.FAIL;
  }

  /** Both questions together: {@code FAIL} if either fails, else the linearizability result. */
  public Result result() {
    return staleReads() == Result.FAIL ? Result.FAIL : linearizability();
  }

  /** Whether {@link #linearizability()} is {@code PASS}. */
  public boolean isLinearizable() {
    return linearizability() == Result.PASS;
  }

  /** The linearizability violations, one per failing key. */
  public List<Violation> violations() {
    List<Violation> violations = new ArrayList<>();
    for (KeyVerdict key : keys) {
      key.violation().ifPresent(violations::add);
    }
    return violations;
  }

  /** The verdict for {@code key}, if the history touched it. */
  public Optional<KeyVerdict> key(String key) {
    return keys.stream().filter(k -> k.key().equals(key)).findFirst();
  }

  /** Search configurations explored over all keys, not counting the shrinking of violations. */
  public long statesExplored() {
    return keys.stream().mapToLong(KeyVerdict::statesExplored).sum();
  }

  /** A human-readable account: one line per key, then every violation in full. */
  public String report() {
    StringBuilder s = new StringBuilder();
    s.append("linearizability: ")
        .append(linearizability())
        .append(", stale reads: ")
        .append(staleReads())
        .append('\n');
    for (KeyVerdict key : keys) {
      s.append("  ").append(key.summary()).append('\n');
    }
    for (Violation v : violations()) {
      s.append('\n').append(v.explanation());
    }
    for (StaleReadViolation v : staleReadViolations) {
      s.append('\n').append(v.explanation());
    }
    return s.toString();
  }
}
