package dev.mokv.server.membership;

import dev.mokv.server.membership.Member.Status;
import dev.mokv.server.membership.MembershipEvent.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other members, keyed by the gossip layer's per-process member id, shown one per node name.
 *
 * <p>Why it exists: the gossip layer identifies members by an id that changes with every process
 * start, while mökv identifies nodes by their stable node name. After a restart both incarnations
 * of a node are known for a while (the old one until the failure detector removes it), and the
 * order in which the gossip layer reports them is not guaranteed. This table keeps every
 * incarnation, shows only the one that joined last, and turns each change into at most one event
 * about what the visible view of that node name did. So a superseded incarnation's eventual removal
 * produces no FAILED event while a newer one is alive.
 *
 * <p>It also gives a consistent, thread-safe view: ScaleCube's own member list is a plain map
 * mutated on its event thread. Everything here is synchronized on the table; calls are short.
 */
final class MemberTable {

  private static final Logger log = LoggerFactory.getLogger(MemberTable.class);

  private final String selfName;
  private final Map<String, Incarnation> byGossipId = new HashMap<>();

  /** Other processes that claim this node's own name, by gossip id: old incarnations or clashes. */
  private final Map<String, Member> namesakes = new HashMap<>();

  private long joinSequence;

  /** One process lifetime of a node; {@code joined} orders incarnations of the same node. */
  private record Incarnation(String gossipId, long joined, Member member) {
    Incarnation with(Member newMember) {
      return new Incarnation(gossipId, joined, newMember);
    }
  }

  /**
   * @param selfName the local node's name; members claiming it are stale incarnations of us
   */
  MemberTable(String selfName) {
    this.selfName = Objects.requireNonNull(selfName, "selfName");
  }

  /** A member is alive with this metadata: it was added, or changed its metadata. */
  synchronized Optional<MembershipEvent> alive(String gossipId, MemberMetadata metadata) {
    String name = metadata.nodeName();
    if (name.equals(selfName)) {
      log.debug("[{}] ignoring {}: another process claiming this node's name", selfName, gossipId);
      namesakes.put(gossipId, Member.of(metadata, Status.ALIVE));
      return Optional.empty();
    }
    Incarnation current = byGossipId.get(gossipId);
    if (current == null) {
      return change(name, () -> byGossipId.put(gossipId, incarnation(gossipId, metadata)));
    }
    if (!current.member().nodeName().equals(name)) {
      log.warn(
          "[{}] ignoring rename of member {} from {} to {}: node names are permanent",
          selfName,
          gossipId,
          current.member().nodeName(),
          name);
      return Optional.empty();
    }
    Status status = current.member().status();
    return change(name, () -> byGossipId.put(gossipId, current.with(Member.of(metadata, status))));
  }

  /** A member announced a graceful leave. */
  synchronized Optional<MembershipEvent> leaving(String gossipId) {
    Incarnation current = byGossipId.get(gossipId);
    if (current == null) {
      return Optional.empty();
    }
    Member leaving = current.member().withStatus(Status.LEAVING);
    return change(leaving.nodeName(), () -> byGossipId.put(gossipId, current.with(leaving)));
  }

  /** The gossip layer removed a member, after a leave or a failure. */
  synchronized Optional<MembershipEvent> removed(String gossipId) {
    namesakes.remove(gossipId);
    Incarnation current = byGossipId.get(gossipId);
    if (current == null) {
      return Optional.empty();
    }
    Optional<MembershipEvent> event =
        change(current.member().nodeName(), () -> byGossipId.remove(gossipId));
    if (event.isEmpty()) {
      log.debug(
          "[{}] forgot superseded incarnation {} of {}", selfName, gossipId, current.member());
    }
    return event;
  }

  /** The visible member of every node name, sorted by node name. */
  synchronized List<Member> members() {
    Map<String, Incarnation> newest = new HashMap<>();
    for (Incarnation incarnation : byGossipId.values()) {
      newest.merge(
          incarnation.member().nodeName(), incarnation, (a, b) -> a.joined() > b.joined() ? a : b);
    }
    List<Member> members = new ArrayList<>();
    newest.values().forEach(incarnation -> members.add(incarnation.member()));
    members.sort(Comparator.comparing(Member::nodeName));
    return members;
  }

  /** Other live processes that advertise this node's own name (see {@link Membership}). */
  synchronized List<Member> namesakes() {
    return List.copyOf(namesakes.values());
  }

  /** Whether any other member is known. */
  synchronized boolean isEmpty() {
    return byGossipId.isEmpty();
  }

  private Incarnation incarnation(String gossipId, MemberMetadata metadata) {
    return new Incarnation(gossipId, joinSequence++, Member.of(metadata, Status.ALIVE));
  }

  private Optional<MembershipEvent> change(String name, Runnable mutation) {
    Incarnation before = visible(name);
    mutation.run();
    Incarnation after = visible(name);
    if (before != null && after != null && !before.gossipId().equals(after.gossipId())) {
      log.info(
          "[{}] node {} has a new incarnation {} (was {})",
          selfName,
          name,
          after.gossipId(),
          before.gossipId());
    }
    return difference(before, after);
  }

  private Incarnation visible(String name) {
    Incarnation newest = null;
    for (Incarnation incarnation : byGossipId.values()) {
      if (incarnation.member().nodeName().equals(name)
          && (newest == null || incarnation.joined() > newest.joined())) {
        newest = incarnation;
      }
    }
    return newest;
  }

  /** The event that takes a listener from the {@code before} view of a node to {@code after}. */
  private static Optional<MembershipEvent> difference(Incarnation before, Incarnation after) {
    if (after == null) {
      if (before == null) {
        return Optional.empty();
      }
      boolean left = before.member().status() == Status.LEAVING;
      return Optional.of(
          new MembershipEvent(
              left ? Type.LEFT : Type.FAILED,
              before.member().withStatus(left ? Status.LEFT : Status.FAILED)));
    }
    Member member = after.member();
    boolean sameIncarnation = before != null && before.gossipId().equals(after.gossipId());
    if (!sameIncarnation || before.member().status() != member.status()) {
      Type type = member.status() == Status.LEAVING ? Type.LEAVING : Type.JOINED;
      return Optional.of(new MembershipEvent(type, member));
    }
    if (!before.member().equals(member)) {
      return Optional.of(new MembershipEvent(Type.UPDATED, member));
    }
    return Optional.empty();
  }
}
