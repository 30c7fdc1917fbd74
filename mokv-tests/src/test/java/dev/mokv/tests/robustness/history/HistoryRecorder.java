package dev.mokv.tests.robustness.history;

import static java.util.Objects.requireNonNull;

import dev.mokv.tests.robustness.history.Operation.Kind;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Records what concurrent clients do, for a linearizability check.
 *
 * <p>A client calls {@code invoke…} right before it sends a request and exactly one of {@link #ok},
 * {@link #fail} or {@link #unknown} right after it learns the outcome. The recorder reads the clock
 * inside those calls, so the recorded interval always contains the real one: that is what makes the
 * check sound. Choose the outcome with care: {@link #fail} claims the request never took effect,
 * and a wrong claim makes the checker report violations that did not happen; when in doubt, use
 * {@link #unknown}.
 *
 * <p>Thread-safe. Operations are kept in invocation order.
 */
public final class HistoryRecorder {

  /** An operation in flight; pass it back to exactly one completion method. */
  public static final class Handle {
    private final Operation invoked;
    private Operation completed; // guarded by the recorder

    private Handle(Operation invoked) {
      this.invoked = invoked;
    }
  }

  private final LongSupplier nanoClock;
  private final List<Handle> handles = new ArrayList<>(); // guarded by this

  /** A recorder reading {@link System#nanoTime()}. */
  public HistoryRecorder() {
    this(System::nanoTime);
  }

  /** A recorder reading {@code nanoClock}, which must never go backwards. */
  public HistoryRecorder(LongSupplier nanoClock) {
    this.nanoClock = requireNonNull(nanoClock);
  }

  /** Records that {@code clientId} is about to send {@code SET key=value}. */
  public Handle invokeSet(int clientId, String key, String value) {
    return invoke(t -> Operation.set(clientId, key, value, t, t, Outcome.UNKNOWN));
  }

  /** Records that {@code clientId} is about to send {@code DELETE key}. */
  public Handle invokeDelete(int clientId, String key) {
    return invoke(t -> Operation.delete(clientId, key, t, t, Outcome.UNKNOWN));
  }

  /** Records that {@code clientId} is about to send a linearizable {@code GET key}. */
  public Handle invokeGet(int clientId, String key) {
    return invoke(t -> Operation.get(clientId, key, Optional.empty(), t, t, Outcome.UNKNOWN));
  }

  /**
   * Records that {@code clientId} is about to send a {@code STALE} {@code GET key} to {@code node}.
   */
  public Handle invokeStaleGet(int clientId, String key, String node) {
    return invoke(
        t -> Operation.staleGet(clientId, key, node, Optional.empty(), t, t, Outcome.UNKNOWN));
  }

  /** Records that a write was acknowledged. */
  public void ok(Handle handle) {
    requireKind(handle, true);
    complete(handle, Outcome.OK, Optional.empty());
  }

  /** Records that a read returned {@code read}: the value, or empty if the key was missing. */
  public void ok(Handle handle, Optional<String> read) {
    requireNonNull(read, "read");
    requireKind(handle, false);
    complete(handle, Outcome.OK, read);
  }

  /** Records that the request definitely did not take effect. */
  public void fail(Handle handle) {
    complete(handle, Outcome.FAILED, Optional.empty());
  }

  /** Records that the request may or may not have taken effect. */
  public void unknown(Handle handle) {
    complete(handle, Outcome.UNKNOWN, Optional.empty());
  }

  /**
   * The operations so far, in invocation order. One still in flight is reported as {@code UNKNOWN},
   * completing now: whatever it does later, the checker lets it take effect at any time after its
   * invocation, or never.
   */
  public synchronized History history() {
    long now = nanoClock.getAsLong();
    List<Operation> ops = new ArrayList<>(handles.size());
    for (Handle h : handles) {
      ops.add(
          h.completed != null
              ? h.completed
              : at(h.invoked, now, Outcome.UNKNOWN, Optional.empty()));
    }
    return new History(ops);
  }

  /** {@code invocation} builds the operation from its invocation time. */
  private synchronized Handle invoke(LongFunction<Operation> invocation) {
    Handle handle = new Handle(invocation.apply(nanoClock.getAsLong()));
    handles.add(handle);
    return handle;
  }

  private synchronized void complete(Handle handle, Outcome outcome, Optional<String> read) {
    if (handle.completed != null) {
      throw new IllegalStateException("already completed: " + handle.completed.describe());
    }
    long now = nanoClock.getAsLong();
    handle.completed = at(handle.invoked, now, outcome, read);
  }

  /** {@code op} completing at {@code now}; {@code read} is what a GET read, empty unless OK. */
  private static Operation at(Operation op, long now, Outcome outcome, Optional<String> read) {
    return new Operation(
        op.clientId(),
        op.kind(),
        op.key(),
        op.kind() == Kind.GET ? read : op.value(),
        op.consistency(),
        op.node(),
        op.invokeNanos(),
        now,
        outcome);
  }

  private static void requireKind(Handle handle, boolean write) {
    if (handle.invoked.isWrite() != write) {
      throw new IllegalArgumentException(
          (write ? "a read needs the value it read: " : "a write returns no value: ")
              + handle.invoked.describe());
    }
  }
}
