package dev.mokv.server;

import dev.mokv.server.membership.MembershipEvent;
import dev.mokv.server.membership.MembershipListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts gossip events by type; cheap enough for the gossip thread. */
final class GossipEventCounter implements MembershipListener {

  private final Map<MembershipEvent.Type, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void onEvent(MembershipEvent event) {
    counts.computeIfAbsent(event.type(), t -> new LongAdder()).increment();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((type, count) -> copy.put(type.name(), count.sum()));
    return copy;
  }
}
