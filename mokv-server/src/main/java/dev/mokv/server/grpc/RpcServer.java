package dev.mokv.server.grpc;

import dev.mokv.api.KVGrpc;
import dev.mokv.server.config.RpcOptions;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.Consensus;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The node's client-facing gRPC server: {@code api.KV}, {@code grpc.health.v1.Health} and server
 * reflection (so {@code grpcurl} works without the proto file).
 */
public final class RpcServer implements AutoCloseable {

  /** Requests one node admits at once before answering RESOURCE_EXHAUSTED. */
  static final int MAX_IN_FLIGHT = 10_000;

  private final Server server;
  private final HealthStatusManager healthManager;
  private final RpcMetrics metrics;
  private final ExecutorService admin;
  private final ClusterService cluster;

  /**
   * Builds the server, starts it on {@code host:port}, and reports NOT_SERVING until told.
   *
   * @param registry where the request metrics are registered
   * @param slowRequestThreshold requests slower than this are logged at WARN
   */
  public static RpcServer start(
      RpcOptions options, Consensus consensus, Membership membership, PrometheusRegistry registry)
      throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    RpcMetrics metrics = RpcMetrics.register(registry);
    RequestLog requestLog = new RequestLog(options.slowRequestThreshold());
    KvService kv =
        new KvService(
            consensus,
            membership,
            options.maxValueBytes(),
            options.requestTimeout(),
            MAX_IN_FLIGHT);
    ExecutorService admin =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-admin");
              t.setDaemon(true);
              return t;
            });
    ClusterService cluster = new ClusterService(consensus, membership, admin);
    // Room for the largest accepted value plus key and framing; larger messages are refused by
    // the transport before they are buffered whole.
    int maxMessage = (int) Math.min(Integer.MAX_VALUE, 2L * options.maxValueBytes() + 64 * 1024);
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(options.address().host(), options.address().port()))
            // Handlers never block (they answer when a Raft future completes), so they run on the
            // transport threads: no hand-off to an executor per call.
            .directExecutor()
            .maxInboundMessageSize(maxMessage)
            .addService(
                ServerInterceptors.intercept(MalformedRequestGuard.guard(kv), metrics, requestLog))
            .addService(
                ServerInterceptors.intercept(
                    MalformedRequestGuard.guard(cluster), metrics, requestLog))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
    RpcServer rpc = new RpcServer(server, health, metrics, admin, cluster);
    server.start();
    rpc.setServing(false);
    return rpc;
  }

  private RpcServer(
      Server server,
      HealthStatusManager healthManager,
      RpcMetrics metrics,
      ExecutorService admin,
      ClusterService cluster) {
    this.server = server;
    this.healthManager = healthManager;
    this.metrics = metrics;
    this.admin = admin;
    this.cluster = cluster;
  }

  /** Sets what the {@code Cluster.Leave} RPC does; until then it answers FAILED_PRECONDITION. */
  public void onLeave(LeaveAction action) {
    cluster.onLeave(action);
  }

  /** Sets the health of the whole server and of {@code api.KV}. */
  public void setServing(boolean serving) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    healthManager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    healthManager.setStatus(KVGrpc.SERVICE_NAME, status);
  }

  /** Calls answered so far per full method name ({@code api.KV/Get}), for tests and operators. */
  public Map<String, Long> requestCounts() {
    return metrics.requestCounts();
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, lets in-flight calls finish for up to {@code grace}, then cancels the
   * rest (their clients see UNAVAILABLE).
   */
  public void shutdown(Duration grace) throws InterruptedException {
    healthManager.enterTerminalState();
    admin.shutdown();
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Stops at once, cancelling calls in flight. */
  @Override
  public void close() {
    admin.shutdownNow();
    server.shutdownNow();
  }
}
