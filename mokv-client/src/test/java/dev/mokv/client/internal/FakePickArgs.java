package dev.mokv.client.internal;

import io.grpc.CallOptions;
import io.grpc.LoadBalancer.PickSubchannelArgs;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** The arguments of one pick: a method and call options. */
final class FakePickArgs extends PickSubchannelArgs {

  private final MethodDescriptor<?, ?> method;
  private final CallOptions options;

  FakePickArgs(MethodDescriptor<?, ?> method, CallOptions options) {
    this.method = method;
    this.options = options;
  }

  FakePickArgs(MethodDescriptor<?, ?> method) {
    this(method, CallOptions.DEFAULT);
  }

  @Override
  public CallOptions getCallOptions() {
    return options;
  }

  @Override
  public Metadata getHeaders() {
    return new Metadata();
  }

  @Override
  public MethodDescriptor<?, ?> getMethodDescriptor() {
    return method;
  }
}
