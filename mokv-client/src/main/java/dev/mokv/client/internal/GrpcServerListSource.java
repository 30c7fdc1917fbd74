package dev.mokv.client.internal;

import com.google.protobuf.Empty;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code GetServers} over small channels of its own, one per server asked, separate from the
 * client's main channel: the main channel's routing depends on the answer, so it cannot be used to
 * get it.
 */
final class GrpcServerListSource implements ServerListSource {

  private final Duration timeout;
  private final Map<Endpoint, ManagedChannel> channels = new ConcurrentHashMap<>();

  /**
   * @param timeout how long to wait for one server's answer
   */
  GrpcServerListSource(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<ServerList> fetch(Endpoint endpoint) {
    ManagedChannel channel = channels.computeIfAbsent(endpoint, GrpcServerListSource::open);
    // A server that was down may be back; do not let a reconnect backoff hide it.
    channel.resetConnectBackoff();
    CompletableFuture<ServerList> answer = new CompletableFuture<>();
    KVGrpc.newStub(channel)
        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .getServers(
            Empty.getDefaultInstance(),
            new StreamObserver<>() {
              @Override
              public void onNext(GetServersResponse response) {
                answer.complete(new ServerList(response.getClusterId(), response.getServersList()));
              }

              @Override
              public void onError(Throwable t) {
                answer.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                answer.complete(new ServerList("", List.of()));
              }
            });
    return answer;
  }

  private static ManagedChannel open(Endpoint endpoint) {
    return NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port()).usePlaintext().build();
  }

  @Override
  public void retainOnly(Collection<Endpoint> endpoints) {
    for (Endpoint endpoint : List.copyOf(channels.keySet())) {
      if (!endpoints.contains(endpoint)) {
        ManagedChannel channel = channels.remove(endpoint);
        if (channel != null) {
          channel.shutdownNow();
        }
      }
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
