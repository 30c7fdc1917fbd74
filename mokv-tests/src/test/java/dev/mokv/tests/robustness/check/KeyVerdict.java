package dev.mokv.tests.robustness.check;

import java.util.Optional;

/**
 * The linearizability verdict for one key.
 *
 * @param key the key
 * @param result {@code PASS}, {@code FAIL}, or {@code UNKNOWN} when the search ran out of budget
 * @param operations operations recorded on the key, whatever their outcome
 * @param searched operations the search had to order (see {@code KeyHistory} for which)
 * @param statesExplored distinct configurations the search visited
 * @param violation for {@code FAIL}, the explanation
 */
public record KeyVerdict(
    String key,
    Verdict.Result result,
    int operations,
    int searched,
    long statesExplored,
    Optional<Violation> violation) {

  /** One line: the key, the result and the effort. */
  public String summary() {
    String s =
        "key \""
            + key
            + "\": "
            + result
            + " ("
            + operations
            + " operations, "
            + searched
            + " searched, "
            + statesExplored
            + " states explored)";
    return result == Verdict.Result.UNKNOWN ? s + ": gave up, state budget exhausted" : s;
  }
}
