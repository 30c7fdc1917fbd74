package dev.mokv.client.internal;

import io.grpc.Attributes;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer.CreateSubchannelArgs;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelStateListener;
import io.grpc.Status;
import java.util.List;

/** A subchannel whose connection state the test sets; counts connection requests. */
final class FakeSubchannel extends Subchannel {

  private final List<EquivalentAddressGroup> addresses;
  private final String name;
  private SubchannelStateListener listener;
  int connectionRequests;
  boolean shutdown;

  FakeSubchannel(CreateSubchannelArgs args) {
    this.addresses = args.getAddresses();
    this.name = null;
  }

  FakeSubchannel(String name) {
    this.addresses = List.of();
    this.name = name;
  }

  /** Reports {@code state} to the balancer, as the channel would. */
  void enter(ConnectivityState state) {
    listener.onSubchannelState(
        state == ConnectivityState.TRANSIENT_FAILURE
            ? ConnectivityStateInfo.forTransientFailure(
                Status.UNAVAILABLE.withDescription("io exception"))
            : ConnectivityStateInfo.forNonError(state));
  }

  @Override
  public void start(SubchannelStateListener listener) {
    this.listener = listener;
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public void requestConnection() {
    connectionRequests++;
  }

  @Override
  public List<EquivalentAddressGroup> getAllAddresses() {
    return addresses;
  }

  @Override
  public Attributes getAttributes() {
    return Attributes.EMPTY;
  }

  @Override
  public String toString() {
    return name != null ? name : addresses.toString();
  }
}
