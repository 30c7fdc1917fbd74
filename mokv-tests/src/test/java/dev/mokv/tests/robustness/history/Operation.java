package dev.mokv.tests.robustness.history;

import static java.util.Objects.requireNonNull;

import dev.mokv.client.ReadConsistency;
import java.util.Optional;

/**
 * One client call on one key, as the client saw it.
 *
 * <p>Times are {@link System#nanoTime()} readings taken by the client: {@code invokeNanos} before
 * the request was sent, {@code completeNanos} after the answer (or the give-up) arrived. The call
 * took effect, if at all, somewhere between the two; only the order of times matters, never their
 * origin.
 *
 * @param clientId the client that made the call; one client makes one call at a time
 * @param kind what was asked
 * @param key the key
 * @param value for {@code SET}, the value written; for a {@code GET} that completed {@code OK}, the
 *     value read, empty when the key was missing; otherwise empty
 * @param consistency for {@code GET}, the consistency asked for; writes always go through the Raft
 *     log and are recorded as {@code LINEARIZABLE}
 * @param node for a {@code STALE} {@code GET}, the node that served it; otherwise empty
 * @param invokeNanos when the call was made
 * @param completeNanos when its outcome was known; for {@code UNKNOWN}, when the client gave up
 *     (the checker treats the call as possibly still in flight forever)
 * @param outcome what the client learnt
 */
public record Operation(
    int clientId,
    Kind kind,
    String key,
    Optional<String> value,
    ReadConsistency consistency,
    Optional<String> node,
    long invokeNanos,
    long completeNanos,
    Outcome outcome) {

  /** The client call. */
  public enum Kind {
    GET,
    SET,
    DELETE
  }

  /** What the client learnt about whether the call took effect. */
  public enum Outcome {
    /** Acknowledged: a write took effect, a read returned {@code value}. */
    OK,
    /**
     * Definitely never took effect: rejected (e.g. {@code INVALID_ARGUMENT}) or known not to have
     * been sent.
     */
    FAILED,
    /**
     * May or may not have taken effect, possibly after the client gave up (e.g. {@code
     * DEADLINE_EXCEEDED}).
     */
    UNKNOWN
  }

  /** Checks the fields agree with each other; see the parameter descriptions. */
  public Operation {
    requireNonNull(kind, "kind");
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    requireNonNull(consistency, "consistency");
    requireNonNull(node, "node");
    requireNonNull(outcome, "outcome");
    if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException(
          "completed (" + completeNanos + ") before invoked (" + invokeNanos + ")");
    }
    switch (kind) {
      case SET -> require(value.isPresent(), "a SET needs the value written");
      case DELETE -> require(value.isEmpty(), "a DELETE has no value");
      case GET ->
          require(
              outcome == Outcome.OK || value.isEmpty(), "only a GET that completed OK has a value");
    }
    require(
        kind == Kind.GET || consistency == ReadConsistency.LINEARIZABLE,
        "writes are recorded as LINEARIZABLE");
    require(
        node.isPresent() == (consistency == ReadConsistency.STALE),
        "a STALE GET, and only it, names the node that served it");
  }

  /** A {@code SET key=value}. */
  public static Operation set(
      int clientId, String key, String value, long invokeNanos, long completeNanos, Outcome o) {
    return new Operation(
        clientId,
        Kind.SET,
        key,
        Optional.of(value),
        ReadConsistency.LINEARIZABLE,
        Optional.empty(),
        invokeNanos,
        completeNanos,
        o);
  }

  /** A {@code DELETE key}. */
  public static Operation delete(
      int clientId, String key, long invokeNanos, long completeNanos, Outcome o) {
    return new Operation(
        clientId,
        Kind.DELETE,
        key,
        Optional.empty(),
        ReadConsistency.LINEARIZABLE,
        Optional.empty(),
        invokeNanos,
        completeNanos,
        o);
  }

  /** A linearizable {@code GET key} that read {@code read} (empty: missing, or not {@code OK}). */
  public static Operation get(
      int clientId,
      String key,
      Optional<String> read,
      long invokeNanos,
      long completeNanos,
      Outcome o) {
    return new Operation(
        clientId,
        Kind.GET,
        key,
        read,
        ReadConsistency.LINEARIZABLE,
        Optional.empty(),
        invokeNanos,
        completeNanos,
        o);
  }

  /** A {@code STALE} {@code GET key} served by {@code node} that read {@code read}. */
  public static Operation staleGet(
      int clientId,
      String key,
      String node,
      Optional<String> read,
      long invokeNanos,
      long completeNanos,
      Outcome o) {
    return new Operation(
        clientId,
        Kind.GET,
        key,
        read,
        ReadConsistency.STALE,
        Optional.of(node),
        invokeNanos,
        completeNanos,
        o);
  }

  /** Whether this call may change the key. */
  public boolean isWrite() {
    return kind != Kind.GET;
  }

  /** Whether this is a {@code GET} asking for {@code STALE} consistency. */
  public boolean isStaleRead() {
    return consistency == ReadConsistency.STALE;
  }

  /** A copy of this operation with another read value; for tests that corrupt a history. */
  public Operation withValue(Optional<String> newValue) {
    return new Operation(
        clientId, kind, key, newValue, consistency, node, invokeNanos, completeNanos, outcome);
  }

  /**
   * A one-line description for reports, without times: {@code c3 GET(STALE@n2) k1 -> "v7" OK},
   * {@code c1 SET k1="v8" UNKNOWN}; a missing key reads as {@code absent}.
   */
  public String describe() {
    StringBuilder s = new StringBuilder().append('c').append(clientId).append(' ').append(kind);
    if (isStaleRead()) {
      s.append("(STALE@").append(node.orElseThrow()).append(')');
    }
    s.append(' ').append(key);
    switch (kind) {
      case SET -> s.append('=').append(quote(value));
      case GET -> {
        if (outcome == Outcome.OK) {
          s.append(" -> ").append(quote(value));
        }
      }
      case DELETE -> {}
    }
    return s.append(' ').append(outcome).toString();
  }

  /** Quotes a present value and spells a missing one {@code absent}, as reports show them. */
  public static String quote(Optional<String> value) {
    return value.map(v -> '"' + v + '"').orElse("absent");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
