package dev.mokv.server.membership;

import dev.mokv.server.membership.MembershipEvent.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A membership whose view the test writes by hand: no gossip, no threads. {@link #happen} changes
 * the view as gossip would and tells the listeners; {@link #happenUnseen} changes the view only, as
 * if the event had been missed.
 */
final class ScriptedMembership implements Membership {

  private final Member self;
  private final Map<String, Member> members = new ConcurrentSkipListMap<>();
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

  ScriptedMembership(Member self) {
    this.self = self;
    members.put(self.nodeName(), self);
  }

  /** Changes the view as {@code type} implies and delivers the event to every listener. */
  void happen(Type type, Member member) {
    MembershipEvent event = happenUnseen(type, member);
    listeners.forEach(l -> l.onEvent(event));
  }

  /** Changes the view as {@code type} implies, but no listener hears of it. */
  MembershipEvent happenUnseen(Type type, Member member) {
    Member.Status status =
        switch (type) {
          case JOINED, UPDATED -> Member.Status.ALIVE;
          case LEAVING -> Member.Status.LEAVING;
          case LEFT -> Member.Status.LEFT;
          case FAILED -> Member.Status.FAILED;
        };
    Member changed = member.withStatus(status);
    if (status == Member.Status.ALIVE || status == Member.Status.LEAVING) {
      members.put(changed.nodeName(), changed);
    } else {
      members.remove(changed.nodeName());
    }
    return new MembershipEvent(type, changed);
  }

  @Override
  public void start() {}

  @Override
  public Member self() {
    return self;
  }

  @Override
  public List<Member> members() {
    return List.copyOf(members.values());
  }

  @Override
  public boolean hasPeers() {
    return members.size() > 1;
  }

  @Override
  public String gossipAddress() {
    return "127.0.0.1:1";
  }

  @Override
  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  @Override
  public void updateMetadata(MemberMetadata metadata) {
    throw new UnsupportedOperationException("the script sets members directly");
  }

  @Override
  public void leave() {}

  @Override
  public void close() {}
}
