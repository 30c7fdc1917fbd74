package dev.mokv.cli.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ping workload: {@code grpc.health.v1.Health/Check} of the whole server, round-robin over
 * {@code connections} plain channels to each endpoint. No routing, no Raft, no store: the ceiling
 * of what the servers answer on this machine in the same run.
 *
 * <p>The channels complete calls on the transport threads ({@code directExecutor}), as the load
 * generator of the etcd anchors did; the next request is sent from there.
 */
final class PingRequests implements RequestSource, AutoCloseable {

  private static final HealthCheckRequest WHOLE_SERVER = HealthCheckRequest.getDefaultInstance();

  private final List<ManagedChannel> channels;
  private final List<HealthGrpc.HealthStub> stubs;
  private final Duration timeout;
  private final AtomicLong next = new AtomicLong();

  private PingRequests(List<ManagedChannel> channels, Duration timeout) {
    this.channels = channels;
    this.stubs = channels.stream().map(HealthGrpc::newStub).toList();
    this.timeout = timeout;
  }

  /** Opens {@code connections} channels to each endpoint; they connect on the first call. */
  static PingRequests open(List<String> endpoints, int connections, Duration timeout) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      for (String endpoint : endpoints) {
        channels.add(
            Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create())
                .directExecutor()
                .build());
      }
    }
    return new PingRequests(channels, timeout);
  }

  @Override
  public CompletableFuture<Outcome> send(Slot slot) {
    HealthGrpc.HealthStub stub = stubs.get((int) (next.getAndIncrement() % stubs.size()));
    return UnaryCalls.<HealthCheckResponse>call(
        response -> {
          if (response.getStatus() != ServingStatus.SERVING) {
            throw new NotServingException(response.getStatus().name());
          }
          return Outcome.OK;
        },
        observer ->
            stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .check(WHOLE_SERVER, observer));
  }

  @Override
  public void close() {
    UnaryCalls.shutdown(channels);
  }
}
