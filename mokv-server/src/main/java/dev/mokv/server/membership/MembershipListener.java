package dev.mokv.server.membership;

/**
 * Receives membership events.
 *
 * <p>Threading: called on the gossip layer's single event thread, one event at a time, in order.
 * Implementations must return quickly and must not block (no I/O, no waiting on locks held by slow
 * code, no Raft calls): hand real work to an executor. While a listener runs, this node processes
 * no gossip, and a long stall makes peers suspect it. An exception thrown by a listener is logged
 * and otherwise ignored.
 */
@FunctionalInterface
public interface MembershipListener {

  /** Called once per event; see the class comment for the threading contract. */
  void onEvent(MembershipEvent event);
}
