package dev.mokv.client.internal;

import dev.mokv.api.Server;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code GetServers} from lists the test sets per endpoint; an endpoint without a list is
 * down (connection refused). Records every endpoint asked.
 */
final class FakeServerListSource implements ServerListSource {

  private final Map<Endpoint, ServerList> answers = new ConcurrentHashMap<>();
  private final List<Endpoint> asked = new ArrayList<>();
  volatile Set<Endpoint> retained = Set.of();
  volatile boolean closed;

  /** {@code endpoint} answers {@code servers} from now on, with no cluster id (an old server). */
  void answer(Endpoint endpoint, List<Server> servers) {
    answer(endpoint, "", servers);
  }

  /** {@code endpoint} answers {@code servers} of cluster {@code clusterId} from now on. */
  void answer(Endpoint endpoint, String clusterId, List<Server> servers) {
    answers.put(endpoint, new ServerList(clusterId, servers));
  }

  /** {@code endpoint} refuses connections from now on. */
  void down(Endpoint endpoint) {
    answers.remove(endpoint);
  }

  synchronized List<Endpoint> asked() {
    return List.copyOf(asked);
  }

  @Override
  public CompletableFuture<ServerList> fetch(Endpoint endpoint) {
    synchronized (this) {
      asked.add(endpoint);
    }
    ServerList servers = answers.get(endpoint);
    if (servers == null) {
      return CompletableFuture.failedFuture(
          Status.UNAVAILABLE
              .withDescription("io exception")
              .withCause(new ConnectException("Connection refused: /" + endpoint))
              .asRuntimeException());
    }
    return CompletableFuture.completedFuture(servers);
  }

  @Override
  public void retainOnly(Collection<Endpoint> endpoints) {
    retained = Set.copyOf(endpoints);
  }

  @Override
  public void close() {
    closed = true;
  }
}
