/**
 * Judges a recorded {@link dev.mokv.tests.robustness.history.History} against the guarantees mökv
 * promises: every {@code SET}, {@code DELETE} and {@code LINEARIZABLE} {@code GET} is linearizable,
 * and every {@code STALE} {@code GET} returns a value that was really written and never goes
 * backwards on the node that served it.
 *
 * <p>{@link dev.mokv.tests.robustness.check.LinearizabilityChecker} is the entry point and its
 * javadoc states exactly what is checked. The rest is its machinery: the history of one key ({@code
 * KeyHistory}), the search for a valid order ({@code RegisterSearch}, after Wing and Gong with
 * Lowe's just-in-time linearization and memoization, as in Porcupine and Knossos), the reduction of
 * a violation to the few operations that explain it ({@code ViolationShrinker}), and the rules for
 * stale reads ({@code StaleReadCheck}).
 */
package dev.mokv.tests.robustness.check;
