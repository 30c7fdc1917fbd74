package dev.mokv.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.DeleteRequest;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.SetRequest;
import dev.mokv.client.internal.Backoff;
import dev.mokv.client.internal.ClusterChannel;
import dev.mokv.client.internal.Endpoint;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A client of a mökv cluster. Thread-safe; share one per cluster and close it when done.
 *
 * <p><b>Routing.</b> The client learns the cluster's servers from the seed endpoints ({@code
 * GetServers}) and keeps the list fresh. Writes ({@code set}, {@code delete}) go to the leader.
 * Reads ({@code get}, {@code list}, {@code servers}) go round-robin to the followers, or to the
 * leader when no follower is reachable or {@link ClientOptions#readRouting()} says so. Any node
 * could serve any request (followers forward writes and serve linearizable reads through Raft's
 * ReadIndex); routing saves the extra hop and spreads the read load.
 *
 * <p><b>Deadlines and retries.</b> Each operation must finish within {@link
 * ClientOptions#timeout()}, retries included. Within it, the client retries, with exponential
 * backoff and jitter:
 *
 * <ul>
 *   <li>reads, after any {@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED}, {@code ABORTED}, or
 *       {@code CANCELLED} by the server (a node shutting down);
 *   <li>writes, only when they certainly were not applied: the request never left the client (no
 *       leader was known or reachable, or the connection failed before the request was written),
 *       the server refused it as overloaded ({@code RESOURCE_EXHAUSTED}), or the server answered
 *       {@code FAILED_PRECONDITION} naming the leader.
 * </ul>
 *
 * <p>A write is <em>not</em> retried after {@code DEADLINE_EXCEEDED}, or after an {@code
 * UNAVAILABLE} once the request may have reached a server (the connection broke mid-call, or the
 * server found no leader or quorum in time). Raft may have committed it anyway, and sending it
 * again is a new Raft entry: a second {@code set} writes the same value under a new revision, a
 * second {@code delete} bumps the revision. Such failures reach the caller with {@link
 * MokvException#isOutcomeUnknown()} true; read the key to learn what happened.
 *
 * <p><b>Errors.</b> Every method fails only with {@link MokvException} (unchecked) or its subclass
 * {@link UnavailableException}, or with {@link NullPointerException} for a null argument. Bad keys
 * and values are checked by the server ({@code INVALID_ARGUMENT}, nothing written). A missing key
 * is {@link Optional#empty()}, not an error. The {@code ...Async} methods complete their future
 * exceptionally with the same exceptions instead of throwing them.
 *
 * <p><b>Threads.</b> Async results complete on gRPC or client threads: callbacks must not block.
 */
public final class MokvClient implements AutoCloseable {

  /** How long to wait for one server's answer to the resolver's {@code GetServers}. */
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofSeconds(2);

  private final ClientOptions options;
  private final ClusterChannel cluster;
  private final ScheduledExecutorService retries;
  private final RetryingCaller calls;

  private MokvClient(ClientOptions options, Random jitter) {
    this.options = options;
    List<Endpoint> seeds = options.endpoints().stream().map(Endpoint::parse).toList();
    Duration queryTimeout =
        options.timeout().compareTo(MAX_QUERY_TIMEOUT) < 0 ? options.timeout() : MAX_QUERY_TIMEOUT;
    this.cluster =
        ClusterChannel.open(
            seeds, options.refreshInterval(), queryTimeout, options.directExecutor());
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-client-retry");
              t.setDaemon(true);
              return t;
            });
    this.calls =
        new RetryingCaller(
            cluster.channel(),
            retries,
            Backoff.withDefaults(jitter),
            cluster::refreshServers,
            options.timeout(),
            options.readRouting() == ReadRouting.LEADER);
  }

  /**
   * Creates a client for the cluster of {@code options}' endpoints. Connects in the background and
   * never fails for an unreachable cluster: the first requests wait for it, within their timeout.
   */
  public static MokvClient connect(ClientOptions options) {
    return connect(options, new Random());
  }

  /** {@link #connect(ClientOptions)} with the source of the retry jitter; for tests. */
  static MokvClient connect(ClientOptions options, Random jitter) {
    return new MokvClient(Objects.requireNonNull(options, "options"), jitter);
  }

  /** The options this client was created with. */
  public ClientOptions options() {
    return options;
  }

  /**
   * Reads {@code key} at the default {@link ClientOptions#readConsistency()}.
   *
   * @return the key's value and revision, or empty if the key does not exist
   * @throws UnavailableException if no server could answer within the timeout (retried until then)
   * @throws MokvException {@code INVALID_ARGUMENT} for an empty or too long key, {@code
   *     DEADLINE_EXCEEDED} when the timeout passed
   */
  public Optional<KeyValue> get(String key) {
    return await(getAsync(key), false);
  }

  /** Like {@link #get(String)}, at {@code consistency}. */
  public Optional<KeyValue> get(String key, ReadConsistency consistency) {
    return await(getAsync(key, consistency), false);
  }

  /** {@link #get(String)} without blocking. */
  public CompletableFuture<Optional<KeyValue>> getAsync(String key) {
    return getAsync(key, options.readConsistency());
  }

  /** {@link #get(String, ReadConsistency)} without blocking. */
  public CompletableFuture<Optional<KeyValue>> getAsync(String key, ReadConsistency consistency) {
    GetRequest request =
        GetRequest.newBuilder()
            .setKey(Objects.requireNonNull(key, "key"))
            .setConsistency(dev.mokv.api.ReadConsistency.valueOf(consistency.name()))
            .build();
    return calls
        .unary(KVGrpc.getGetMethod(), request)
        .thenApply(r -> Optional.of(toKeyValue(r)))
        .exceptionallyCompose(
            e ->
                unwrap(e) instanceof MokvException m && m.code() == Status.Code.NOT_FOUND
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : CompletableFuture.failedFuture(unwrap(e)));
  }

  /**
   * Sets {@code key} to {@code value}, once a majority has committed it.
   *
   * @return the store's revision after this write
   * @throws UnavailableException if no leader answered within the timeout; {@link
   *     MokvException#isOutcomeUnknown()} says whether the write may still have been applied
   * @throws MokvException {@code INVALID_ARGUMENT} for an empty or too long key or too large a
   *     value (nothing written), {@code DEADLINE_EXCEEDED} (outcome unknown)
   */
  public long set(String key, byte[] value) {
    return await(setAsync(key, value), true);
  }

  /** Like {@link #set(String, byte[])}, with the value encoded as UTF-8. */
  public long set(String key, String value) {
    return await(setAsync(key, value), true);
  }

  /** {@link #set(String, byte[])} without blocking. */
  public CompletableFuture<Long> setAsync(String key, byte[] value) {
    SetRequest request =
        SetRequest.newBuilder()
            .setKey(Objects.requireNonNull(key, "key"))
            .setValue(ByteString.copyFrom(Objects.requireNonNull(value, "value")))
            .build();
    return calls.unary(KVGrpc.getSetMethod(), request).thenApply(r -> r.getRevision());
  }

  /** {@link #set(String, String)} without blocking. */
  public CompletableFuture<Long> setAsync(String key, String value) {
    return setAsync(key, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Deletes {@code key}; deleting a missing key succeeds.
   *
   * @return the store's revision after this write
   * @throws UnavailableException as {@link #set(String, byte[])}
   * @throws MokvException as {@link #set(String, byte[])}
   */
  public long delete(String key) {
    return await(deleteAsync(key), true);
  }

  /** {@link #delete(String)} without blocking. */
  public CompletableFuture<Long> deleteAsync(String key) {
    DeleteRequest request =
        DeleteRequest.newBuilder().setKey(Objects.requireNonNull(key, "key")).build();
    return calls.unary(KVGrpc.getDeleteMethod(), request).thenApply(r -> r.getRevision());
  }

  /**
   * Every key and value in key order, as of one linearizable point (held in memory at once).
   *
   * @throws UnavailableException if no server could answer within the timeout (retried until then)
   * @throws MokvException {@code DEADLINE_EXCEEDED} when the timeout passed
   */
  public List<KeyValue> list() {
    return await(listAsync(), false);
  }

  /** {@link #list()} without blocking. */
  public CompletableFuture<List<KeyValue>> listAsync() {
    return calls
        .streaming(KVGrpc.getListMethod(), Empty.getDefaultInstance())
        .thenApply(all -> all.stream().map(MokvClient::toKeyValue).toList());
  }

  /**
   * The servers of the cluster's Raft configuration, with the leader marked, as one server sees
   * them.
   *
   * @throws UnavailableException if no server could answer within the timeout (retried until then)
   */
  public List<ServerInfo> servers() {
    return await(serversAsync(), false);
  }

  /** {@link #servers()} without blocking. */
  public CompletableFuture<List<ServerInfo>> serversAsync() {
    return calls
        .unary(KVGrpc.getGetServersMethod(), Empty.getDefaultInstance())
        .thenApply(
            r ->
                r.getServersList().stream()
                    .map(
                        s ->
                            new ServerInfo(
                                s.getId(), s.getRpcAddr(), s.getRaftAddr(), s.getIsLeader()))
                    .toList());
  }

  /**
   * Closes the connections. Operations in flight fail with {@code UNAVAILABLE} (a write among them
   * with an unknown outcome); later calls fail the same way.
   */
  @Override
  public void close() {
    calls.close();
    cluster.close();
    retries.shutdownNow();
  }

  private static KeyValue toKeyValue(GetResponse r) {
    return new KeyValue(r.getKey(), r.getValue().toByteArray(), r.getRevision());
  }

  private static <T> T await(CompletableFuture<T> future, boolean write) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw asMokvException(e.getCause());
    } catch (CancellationException e) {
      throw new MokvException(Status.Code.CANCELLED, "cancelled", false, false, null, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MokvException(
          Status.Code.CANCELLED, "interrupted while waiting", false, write, null, e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static RuntimeException asMokvException(Throwable e) {
    Throwable cause = unwrap(e);
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new MokvException(Status.Code.UNKNOWN, String.valueOf(cause), false, false, null, cause);
  }
}
