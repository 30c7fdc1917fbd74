package dev.mokv.cli;

import com.google.protobuf.Empty;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.api.SetRequest;
import dev.mokv.api.SetResponse;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-node mökv double on a loopback port for bench tests: a map instead of Raft, the standard
 * health service, calls counted per method, and every n-th set failed with INTERNAL if asked.
 */
final class FakeBenchServer implements AutoCloseable {

  private final io.grpc.Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final Map<String, GetResponse> store = new ConcurrentHashMap<>();
  private final AtomicLong revision = new AtomicLong();
  private final AtomicLong sets = new AtomicLong();
  private final AtomicLong gets = new AtomicLong();
  private volatile int failEverySet;

  FakeBenchServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Kv())
            .addService(health.getHealthService())
            .build()
            .start();
    serving(true);
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  void serving(boolean serving) {
    health.setStatus(
        HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
        serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  /** From now on every {@code n}-th set fails with INTERNAL (0: none). */
  void failEverySet(int n) {
    failEverySet = n;
  }

  long sets() {
    return sets.get();
  }

  long gets() {
    return gets.get();
  }

  int keys() {
    return store.size();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Kv extends KVGrpc.KVImplBase {

    @Override
    public void set(SetRequest request, StreamObserver<SetResponse> response) {
      long n = sets.incrementAndGet();
      int every = failEverySet;
      if (every > 0 && n % every == 0) {
        response.onError(Status.INTERNAL.withDescription("injected").asRuntimeException());
        return;
      }
      long rev = revision.incrementAndGet();
      store.put(
          request.getKey(),
          GetResponse.newBuilder()
              .setKey(request.getKey())
              .setValue(request.getValue())
              .setRevision(rev)
              .build());
      response.onNext(SetResponse.newBuilder().setOk(true).setRevision(rev).build());
      response.onCompleted();
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
      gets.incrementAndGet();
      GetResponse found = store.get(request.getKey());
      if (found == null) {
        response.onError(Status.NOT_FOUND.withDescription("key not found").asRuntimeException());
        return;
      }
      response.onNext(found);
      response.onCompleted();
    }

    @Override
    public void getServers(Empty request, StreamObserver<GetServersResponse> response) {
      Server self =
          Server.newBuilder()
              .setId("fake")
              .setRpcAddr(endpoint())
              .setIsLeader(true)
              .setIsVoter(true)
              .setIsAlive(true)
              .build();
      response.onNext(GetServersResponse.newBuilder().addServers(self).build());
      response.onCompleted();
    }
  }
}
