package dev.mokv.server.membership;

import dev.mokv.server.membership.MembershipEvent.Type;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event it receives, with the time it arrived. */
final class RecordingListener implements MembershipListener {

  /** An event and when it arrived, from {@link System#nanoTime()}. */
  record Received(MembershipEvent event, long nanos) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(MembershipEvent event) {
    received.add(new Received(event, System.nanoTime()));
  }

  List<MembershipEvent> events() {
    return received.stream().map(Received::event).toList();
  }

  List<MembershipEvent> eventsAbout(String nodeName) {
    return events().stream().filter(e -> e.nodeName().equals(nodeName)).toList();
  }

  boolean saw(Type type, String nodeName) {
    return firstNanos(type, nodeName).isPresent();
  }

  OptionalLong firstNanos(Type type, String nodeName) {
    return received.stream()
        .filter(r -> r.event().type() == type && r.event().nodeName().equals(nodeName))
        .mapToLong(Received::nanos)
        .findFirst();
  }
}
