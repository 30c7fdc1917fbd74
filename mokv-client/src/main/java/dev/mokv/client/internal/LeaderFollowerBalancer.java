package dev.mokv.client.internal;

import io.grpc.Attributes;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one subchannel per server the resolver reports, remembers which one leads, and installs a
 * new {@link LeaderFollowerPicker} on every change of the server list or of a connection's state.
 *
 * <p>When the leader's connection is lost, it asks the resolver for a fresh server list at once:
 * the cluster is probably electing a new leader, and writes cannot go anywhere until the client
 * learns which.
 *
 * <p>Every method runs in the channel's synchronization context, so there is no locking.
 */
final class LeaderFollowerBalancer extends LoadBalancer {

  private static final Status NO_LEADER_YET =
      Status.UNAVAILABLE.withDescription("no leader is known yet (an election may be running)");

  /** One server: its subchannel, its role and its connection state. */
  private static final class Backend {
    final List<SocketAddress> key;
    final Subchannel subchannel;
    String name;
    boolean leader;
    ConnectivityStateInfo state = ConnectivityStateInfo.forNonError(ConnectivityState.IDLE);

    Backend(List<SocketAddress> key, Subchannel subchannel) {
      this.key = key;
      this.subchannel = subchannel;
    }
  }

  private final Helper helper;
  private final Map<List<SocketAddress>, Backend> backends = new LinkedHashMap<>();
  private final AtomicInteger cursor = new AtomicInteger();
  private Status resolutionError;

  LeaderFollowerBalancer(Helper helper) {
    this.helper = helper;
  }

  @Override
  public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
    List<EquivalentAddressGroup> groups = resolved.getAddresses();
    if (groups.isEmpty()) {
      Status empty = Status.UNAVAILABLE.withDescription("the cluster reported no servers");
      handleNameResolutionError(empty);
      return empty;
    }
    Set<List<SocketAddress>> current = new HashSet<>();
    for (EquivalentAddressGroup group : groups) {
      List<SocketAddress> key = group.getAddresses();
      current.add(key);
      Backend backend = backends.get(key);
      if (backend == null) {
        backend = connect(group);
        backends.put(key, backend);
      }
      Attributes attrs = group.getAttributes();
      backend.leader = attrs.get(ServerRole.KEY) == ServerRole.LEADER;
      String id = attrs.get(ServerRole.SERVER_ID);
      backend.name = (id != null ? id + " at " : "") + key.get(0);
    }
    List<List<SocketAddress>> gone = new ArrayList<>(backends.keySet());
    gone.removeAll(current);
    for (List<SocketAddress> key : gone) {
      backends.remove(key).subchannel.shutdown();
    }
    resolutionError = null;
    updatePicker();
    return Status.OK;
  }

  private Backend connect(EquivalentAddressGroup group) {
    // The role lives in the Backend, not in the subchannel's addresses, so a leader change keeps
    // the connection.
    EquivalentAddressGroup plain = new EquivalentAddressGroup(group.getAddresses());
    Subchannel subchannel =
        helper.createSubchannel(CreateSubchannelArgs.newBuilder().setAddresses(plain).build());
    Backend backend = new Backend(group.getAddresses(), subchannel);
    subchannel.start(state -> onStateChange(backend, state));
    subchannel.requestConnection();
    return backend;
  }

  private void onStateChange(Backend backend, ConnectivityStateInfo state) {
    if (backends.get(backend.key) != backend || state.getState() == ConnectivityState.SHUTDOWN) {
      return; // removed from the server list
    }
    ConnectivityState previous = backend.state.getState();
    backend.state = state;
    if (state.getState() == ConnectivityState.IDLE) {
      backend.subchannel.requestConnection();
    }
    boolean lost =
        previous == ConnectivityState.READY && state.getState() != ConnectivityState.READY;
    if (backend.leader && (lost || state.getState() == ConnectivityState.TRANSIENT_FAILURE)) {
      helper.refreshNameResolution();
    }
    updatePicker();
  }

  @Override
  public void handleNameResolutionError(Status error) {
    if (backends.isEmpty()) {
      // Nothing to fall back on: fail calls with the resolver's reason rather than leave them
      // waiting for their deadline.
      resolutionError =
          Status.UNAVAILABLE.withDescription(error.getDescription()).withCause(error.getCause());
      updatePicker();
    }
    // Otherwise keep using the servers known so far; the resolver keeps trying.
  }

  private void updatePicker() {
    LeaderFollowerPicker.Leader leader = null;
    List<Subchannel> readyFollowers = new ArrayList<>();
    boolean anyReady = false;
    boolean anyConnecting = false;
    for (Backend b : backends.values()) {
      ConnectivityState s = b.state.getState();
      anyReady |= s == ConnectivityState.READY;
      anyConnecting |= s == ConnectivityState.CONNECTING || s == ConnectivityState.IDLE;
      if (b.leader && leader == null) {
        leader = new LeaderFollowerPicker.Leader(b.subchannel, b.name, b.state);
      } else if (!b.leader && s == ConnectivityState.READY) {
        readyFollowers.add(b.subchannel);
      }
    }
    ConnectivityState overall =
        anyReady
            ? ConnectivityState.READY
            : anyConnecting ? ConnectivityState.CONNECTING : ConnectivityState.TRANSIENT_FAILURE;
    Status noLeader = resolutionError != null ? resolutionError : NO_LEADER_YET;
    helper.updateBalancingState(
        overall, new LeaderFollowerPicker(leader, noLeader, readyFollowers, cursor));
  }

  @Override
  public void shutdown() {
    for (Backend b : backends.values()) {
      b.subchannel.shutdown();
    }
    backends.clear();
  }
}
