package dev.mokv.client.internal;

import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer.CreateSubchannelArgs;
import io.grpc.LoadBalancer.Helper;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelPicker;
import io.grpc.ManagedChannel;
import io.grpc.SynchronizationContext;
import java.util.ArrayList;
import java.util.List;

/** A balancer's view of the channel: records subchannels, pickers and refresh requests. */
final class FakeHelper extends Helper {

  final List<FakeSubchannel> subchannels = new ArrayList<>();
  ConnectivityState state;
  SubchannelPicker picker;
  int refreshes;

  @Override
  public Subchannel createSubchannel(CreateSubchannelArgs args) {
    FakeSubchannel subchannel = new FakeSubchannel(args);
    subchannels.add(subchannel);
    return subchannel;
  }

  @Override
  public void updateBalancingState(ConnectivityState state, SubchannelPicker picker) {
    this.state = state;
    this.picker = picker;
  }

  @Override
  public void refreshNameResolution() {
    refreshes++;
  }

  @Override
  public SynchronizationContext getSynchronizationContext() {
    return new SynchronizationContext(
        (t, e) -> {
          throw new AssertionError(e);
        });
  }

  @Override
  public ManagedChannel createOobChannel(EquivalentAddressGroup eag, String authority) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String getAuthority() {
    return "fake";
  }
}
