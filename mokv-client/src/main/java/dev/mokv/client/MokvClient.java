package dev.mokv.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.DeleteRequest;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.SetRequest;
import dev.mokv.client.internal.StaticEndpointsResolver;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client of a mökv cluster. Thread-safe; close it to release its connections.
 *
 * <p>Every node accepts every request (followers forward writes to the leader and serve
 * linearizable reads through ReadIndex), so the client may talk to any endpoint.
 *
 * <p>Errors are {@link MokvException}s; a missing key is {@link Optional#empty()}.
 */
public final class MokvClient implements AutoCloseable {

  private final ClientOptions options;
  private final ManagedChannel channel;
  private final KVGrpc.KVBlockingStub stub;

  private MokvClient(ClientOptions options, ManagedChannel channel) {
    this.options = options;
    this.channel = channel;
    this.stub = KVGrpc.newBlockingStub(channel);
  }

  /** Connects lazily to the endpoints of {@code options}, spreading requests over them. */
  public static MokvClient connect(ClientOptions options) {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(StaticEndpointsResolver.target(options.endpoints()))
            .nameResolverFactory(StaticEndpointsResolver.provider())
            .defaultLoadBalancingPolicy("round_robin")
            .usePlaintext()
            .build();
    return new MokvClient(options, channel);
  }

  /** Reads {@code key} at the default consistency. */
  public Optional<KeyValue> get(String key) {
    return get(key, options.readConsistency());
  }

  /** Reads {@code key} at {@code consistency}; empty if the key does not exist. */
  public Optional<KeyValue> get(String key, ReadConsistency consistency) {
    try {
      GetResponse r =
          stub().get(
                  GetRequest.newBuilder()
                      .setKey(key)
                      .setConsistency(dev.mokv.api.ReadConsistency.valueOf(consistency.name()))
                      .build());
      return Optional.of(new KeyValue(r.getKey(), r.getValue().toByteArray(), r.getRevision()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw translate(e);
    }
  }

  /** Sets {@code key}; returns the store's revision after the write. */
  public long set(String key, byte[] value) {
    try {
      return stub().set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)).build())
          .getRevision();
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** Deletes {@code key} (a missing key is not an error); returns the revision after the write. */
  public long delete(String key) {
    try {
      return stub().delete(DeleteRequest.newBuilder().setKey(key).build()).getRevision();
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** Every key and value, in key order. */
  public List<KeyValue> list() {
    try {
      List<KeyValue> all = new ArrayList<>();
      Iterator<GetResponse> it = stub().list(Empty.getDefaultInstance());
      while (it.hasNext()) {
        GetResponse r = it.next();
        all.add(new KeyValue(r.getKey(), r.getValue().toByteArray(), r.getRevision()));
      }
      return all;
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** The servers of the cluster, with the leader marked. */
  public List<ServerInfo> servers() {
    try {
      return stub().getServers(Empty.getDefaultInstance()).getServersList().stream()
          .map(s -> new ServerInfo(s.getId(), s.getRpcAddr(), s.getRaftAddr(), s.getIsLeader()))
          .toList();
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  private KVGrpc.KVBlockingStub stub() {
    return stub.withDeadlineAfter(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static MokvException translate(StatusRuntimeException e) {
    Status status = e.getStatus();
    String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
    if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
      message = "cannot reach the cluster: " + status.getCause().getMessage();
    }
    return new MokvException(status.getCode(), message, e);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
