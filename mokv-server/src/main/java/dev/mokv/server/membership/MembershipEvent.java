package dev.mokv.server.membership;

import java.util.Objects;

/**
 * A change in the set of members, as delivered to a {@link MembershipListener}.
 *
 * <p>Events are never emitted for the local node itself. For one node name they arrive in a
 * sensible order: JOINED, then any number of UPDATED, then LEAVING and LEFT, or FAILED. A node that
 * restarts produces a new JOINED; the superseded incarnation produces no further events.
 *
 * @param type what happened
 * @param member the member it happened to, with the status that follows from {@code type}
 */
public record MembershipEvent(Type type, Member member) {

  /** What happened to a member. */
  public enum Type {
    /** A node (or a new incarnation of a restarted node) became a member; status ALIVE. */
    JOINED,
    /** A member changed its advertised metadata, e.g. learned the cluster id; status ALIVE. */
    UPDATED,
    /** A member announced a graceful leave; status LEAVING. Act on this, not on LEFT. */
    LEAVING,
    /** A member that had announced a leave was removed; status LEFT. */
    LEFT,
    /** A member was removed without announcing a leave; status FAILED. */
    FAILED
  }

  public MembershipEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(member, "member");
  }

  /** Shorthand for the member's node name. */
  public String nodeName() {
    return member.nodeName();
  }
}
