/**
 * What clients did to a mökv cluster, as a checker sees it: each call with its invocation and
 * completion times and what came of it.
 *
 * <p>{@link dev.mokv.tests.robustness.history.HistoryRecorder} is what concurrent workload clients
 * call around every request; it yields a {@link dev.mokv.tests.robustness.history.History}, an
 * immutable list of {@link dev.mokv.tests.robustness.history.Operation}s that can be written to a
 * file and read back, so a failing run can be replayed through the checker without a cluster.
 */
package dev.mokv.tests.robustness.history;
