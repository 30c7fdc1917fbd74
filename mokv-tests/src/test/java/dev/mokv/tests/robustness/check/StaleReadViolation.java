package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import java.util.List;

/**
 * A {@code STALE} read that broke the guarantee stale reads keep.
 *
 * @param key the key
 * @param rule the rule broken
 * @param read the offending read
 * @param evidence the operations that show it, by invocation, including {@code read}
 * @param explanation the above as text
 */
public record StaleReadViolation(
    String key, Rule rule, Operation read, List<Operation> evidence, String explanation) {

  /** The rules; see {@link LinearizabilityChecker} for exactly what each checks. */
  public enum Rule {
    /** The value read was never written to the key, or only by writes that {@code FAILED}. */
    NEVER_WRITTEN,
    /** The value read was only written by writes invoked after the read completed. */
    FROM_THE_FUTURE,
    /** The node returned a value older than one it had returned before. */
    WENT_BACKWARDS
  }

  public StaleReadViolation {
    evidence = List.copyOf(evidence);
  }
}
