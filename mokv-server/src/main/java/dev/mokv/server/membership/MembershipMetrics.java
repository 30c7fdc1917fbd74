package dev.mokv.server.membership;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gossip and voter-reconciliation metrics: members by status, gossip events by type, and the
 * reconciler's changes to the Raft configuration.
 *
 * <p>It is a {@link MembershipListener}: register it before the membership starts, so that no event
 * goes uncounted. Counting is one increment, fine for the gossip thread.
 */
public final class MembershipMetrics implements MembershipListener {

  private final Counter events;

  private MembershipMetrics(Counter events) {
    this.events = events;
  }

  /** Creates the collectors and registers them into {@code registry}. */
  public static MembershipMetrics register(
      PrometheusRegistry registry, Membership membership, VoterReconciler reconciler) {
    GaugeWithCallback.builder()
        .name("mokv_gossip_members")
        .help("Members this node's gossip layer lists, by status (failed members are dropped).")
        .labelNames("status")
        .callback(
            callback -> {
              Map<Member.Status, Integer> counts = new EnumMap<>(Member.Status.class);
              for (Member.Status status : Member.Status.values()) {
                counts.put(status, 0);
              }
              membership.members().forEach(m -> counts.merge(m.status(), 1, Integer::sum));
              counts.forEach((status, n) -> callback.call(n, label(status)));
            })
        .register(registry);
    Counter events =
        Counter.builder()
            .name("mokv_gossip_events_total")
            .help("Gossip membership events this node has seen, by type.")
            .labelNames("type")
            .withoutExemplars()
            .register(registry);
    for (MembershipEvent.Type type : MembershipEvent.Type.values()) {
      events.labelValues(label(type)).inc(0); // Every type is listed from the start, at 0.
    }
    CounterWithCallback.builder()
        .name("mokv_membership_reconcile_actions_total")
        .help("Changes this node, as leader, made to the Raft voters to follow gossip.")
        .labelNames("action")
        .callback(
            callback -> {
              callback.call(reconciler.added(), "added");
              callback.call(reconciler.removed(), "removed");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("mokv_membership_reconcile_failures_total")
        .help("Reconcile rounds that failed and will be retried.")
        .callback(callback -> callback.call(reconciler.failedRounds()))
        .register(registry);
    return new MembershipMetrics(events);
  }

  @Override
  public void onEvent(MembershipEvent event) {
    events.labelValues(label(event.type())).inc();
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
