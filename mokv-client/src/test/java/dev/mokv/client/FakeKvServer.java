package dev.mokv.client;

import com.google.protobuf.Empty;
import dev.mokv.api.ApiErrors;
import dev.mokv.api.DeleteRequest;
import dev.mokv.api.DeleteResponse;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.api.SetRequest;
import dev.mokv.api.SetResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A mökv server double on a loopback ephemeral port: a map shared with the other fakes of the same
 * {@link Store}, a server list set by the test, per-method counts of the calls it answered, and
 * failures queued by the test. No Raft: every fake serves every request at once.
 */
final class FakeKvServer implements AutoCloseable {

  /** The data the fakes of one fake cluster share. */
  static final class Store {
    final Map<String, GetResponse> entries = new TreeMap<>();
    final AtomicLong revision = new AtomicLong();
  }

  final String id;
  private final Store store;
  private final io.grpc.Server server;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Queue<Status> failures = new ConcurrentLinkedQueue<>();
  private volatile Supplier<List<Server>> servers;
  private volatile String clusterId = "";

  private FakeKvServer(String id, Store store) throws IOException {
    this.id = id;
    this.store = store;
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
    this.servers = () -> List.of(describe(true));
  }

  /** A fake that reports only itself, as leader. */
  static FakeKvServer start(String id, Store store) throws IOException {
    return new FakeKvServer(id, store);
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** This fake as an entry of a server list. */
  Server describe(boolean leader) {
    return Server.newBuilder().setId(id).setRpcAddr(endpoint()).setIsLeader(leader).build();
  }

  /** What GetServers answers from now on. */
  void reportServers(Supplier<List<Server>> servers) {
    this.servers = servers;
  }

  /** The cluster id GetServers reports from now on (none by default, as an old server). */
  void reportClusterId(String clusterId) {
    this.clusterId = clusterId;
  }

  /** The next {@code n} calls to Get, Set, Delete or List fail with {@code status}. */
  void failNext(int n, Status status) {
    for (int i = 0; i < n; i++) {
      failures.add(status);
    }
  }

  long count(String method) {
    AtomicLong c = counts.get("api.KV/" + method);
    return c == null ? 0 : c.get();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Service extends KVGrpc.KVImplBase {

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
      if (admit("Get", response)) {
        GetResponse found;
        synchronized (store) {
          found = store.entries.get(request.getKey());
        }
        if (found == null) {
          response.onError(Status.NOT_FOUND.withDescription("key not found").asRuntimeException());
        } else {
          answer(response, found);
        }
      }
    }

    @Override
    public void set(SetRequest request, StreamObserver<SetResponse> response) {
      if (admit("Set", response)) {
        if (request.getKey().isEmpty()) {
          response.onError(
              Status.INVALID_ARGUMENT
                  .withDescription("key must not be empty")
                  .asRuntimeException());
          return;
        }
        long revision;
        synchronized (store) {
          revision = store.revision.incrementAndGet();
          store.entries.put(
              request.getKey(),
              GetResponse.newBuilder()
                  .setKey(request.getKey())
                  .setValue(request.getValue())
                  .setRevision(revision)
                  .build());
        }
        answer(response, SetResponse.newBuilder().setOk(true).setRevision(revision).build());
      }
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
      if (admit("Delete", response)) {
        long revision;
        synchronized (store) {
          revision = store.revision.incrementAndGet();
          store.entries.remove(request.getKey());
        }
        answer(response, DeleteResponse.newBuilder().setOk(true).setRevision(revision).build());
      }
    }

    @Override
    public void list(Empty request, StreamObserver<GetResponse> response) {
      if (admit("List", response)) {
        List<GetResponse> all;
        synchronized (store) {
          all = new ArrayList<>(store.entries.values());
        }
        all.forEach(response::onNext);
        response.onCompleted();
      }
    }

    @Override
    public void getServers(Empty request, StreamObserver<GetServersResponse> response) {
      count("GetServers");
      answer(
          response,
          GetServersResponse.newBuilder()
              .setClusterId(clusterId)
              .addAllServers(servers.get())
              .build());
    }

    private boolean admit(String method, StreamObserver<?> response) {
      count(method);
      Status failure = failures.poll();
      if (failure == null) {
        return true;
      }
      Metadata trailers = new Metadata();
      if (failure.getCode() == Status.Code.FAILED_PRECONDITION) {
        trailers.put(ApiErrors.LEADER_HINT, ApiErrors.leaderHint("leader", "127.0.0.1:1"));
      }
      response.onError(failure.asRuntimeException(trailers));
      return false;
    }

    private void count(String method) {
      counts.computeIfAbsent("api.KV/" + method, m -> new AtomicLong()).incrementAndGet();
    }

    private <T> void answer(StreamObserver<T> response, T message) {
      response.onNext(message);
      response.onCompleted();
    }
  }
}
