package dev.mokv.client.internal;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channel of one client: target {@code mokv://seeds}, resolved by a {@link
 * ServerListResolver} registered in a registry of this channel only, and balanced by {@link
 * LeaderFollowerBalancer}.
 */
public final class ClusterChannel implements AutoCloseable {

  private final ManagedChannel channel;
  private final ServerListResolverProvider resolvers;

  private ClusterChannel(ManagedChannel channel, ServerListResolverProvider resolvers) {
    this.channel = channel;
    this.resolvers = resolvers;
  }

  /**
   * Opens a channel to the cluster that {@code seeds} belong to; connects in the background.
   *
   * @param refreshInterval how often to refresh the server list while nothing fails
   * @param queryTimeout how long to wait for one server's {@code GetServers} answer
   * @param directExecutor whether calls complete on the transport threads
   */
  public static ClusterChannel open(
      List<Endpoint> seeds,
      Duration refreshInterval,
      Duration queryTimeout,
      boolean directExecutor) {
    ServerListResolverProvider resolvers =
        new ServerListResolverProvider(refreshInterval, queryTimeout);
    NameResolverRegistry registry = new NameResolverRegistry();
    registry.register(resolvers);
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(
                ServerListResolverProvider.target(seeds),
                InsecureChannelCredentials.create(),
                registry)
            .defaultLoadBalancingPolicy(LeaderFollowerBalancerProvider.register());
    if (directExecutor) {
      builder.directExecutor();
    }
    ManagedChannel channel = builder.build();
    return new ClusterChannel(channel, resolvers);
  }

  /** The channel; calls on it are routed by {@link LeaderFollowerPicker}. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Asks for a fresh server list soon; from any thread. */
  public void refreshServers() {
    resolvers.refresh();
  }

  /** Closes every connection, failing the calls in flight; waits up to {@code grace}. */
  public void close(Duration grace) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
