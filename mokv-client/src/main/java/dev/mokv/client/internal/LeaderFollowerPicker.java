package dev.mokv.client.internal;

import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.PickSubchannelArgs;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelPicker;
import io.grpc.Status;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes one call, by its method: reads ({@code Get}, {@code List}, {@code GetServers}) round-robin
 * over the READY followers, or to the leader when none is ready or the call asks for it with {@link
 * #KvMethods.READ_FROM_LEADER}; every other method to the leader.
 *
 * <p>When the leader cannot take the call, the pick fails with UNAVAILABLE at once, so the request
 * provably never left the client and the caller may retry it even if it is a write. The one
 * exception is a leader that is connecting right now: the call waits for it (within its deadline),
 * which is as safe and saves a retry.
 *
 * <p>Immutable apart from the shared round-robin cursor; called on any thread.
 */
final class LeaderFollowerPicker extends SubchannelPicker {

  /**
   * The leader as the balancer sees it.
   *
   * @param name the server id and address, for messages
   */
  record Leader(Subchannel subchannel, String name, ConnectivityStateInfo state) {}

  private final Leader leader;
  private final Status noLeader;
  private final List<Subchannel> readyFollowers;
  private final AtomicInteger cursor;

  /**
   * @param leader the leader, or null if none is known
   * @param noLeader the error of a pick that needs the leader when none is known
   * @param readyFollowers the followers whose subchannel is READY
   * @param cursor round-robin position, shared with the pickers that replace this one
   */
  LeaderFollowerPicker(
      Leader leader, Status noLeader, List<Subchannel> readyFollowers, AtomicInteger cursor) {
    this.leader = leader;
    this.noLeader = Objects.requireNonNull(noLeader, "noLeader");
    this.readyFollowers = List.copyOf(readyFollowers);
    this.cursor = cursor;
  }

  @Override
  public PickResult pickSubchannel(PickSubchannelArgs args) {
    boolean read =
        KvMethods.isRead(args.getMethodDescriptor())
            && !args.getCallOptions().getOption(KvMethods.READ_FROM_LEADER);
    if (read && !readyFollowers.isEmpty()) {
      int next = Math.floorMod(cursor.getAndIncrement(), readyFollowers.size());
      return PickResult.withSubchannel(readyFollowers.get(next));
    }
    return pickLeader();
  }

  private PickResult pickLeader() {
    if (leader == null) {
      return PickResult.withError(noLeader);
    }
    ConnectivityState state = leader.state().getState();
    switch (state) {
      case READY:
        return PickResult.withSubchannel(leader.subchannel());
      case IDLE:
      case CONNECTING:
        return PickResult.withNoResult();
      default:
        Status cause = leader.state().getStatus();
        return PickResult.withError(
            Status.UNAVAILABLE
                .withDescription("the leader " + leader.name() + " is unreachable")
                .withCause(cause.getCause() != null ? cause.getCause() : cause.asException()));
    }
  }

  @Override
  public String toString() {
    return "LeaderFollowerPicker{leader="
        + (leader == null ? "none" : leader.name() + " " + leader.state().getState())
        + ", readyFollowers="
        + readyFollowers.size()
        + "}";
  }
}
