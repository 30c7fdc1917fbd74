package dev.mokv.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.ApiErrors;
import dev.mokv.api.DeleteRequest;
import dev.mokv.api.DeleteResponse;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.Server;
import dev.mokv.api.SetRequest;
import dev.mokv.api.SetResponse;
import dev.mokv.server.membership.Member;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.Consensus;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code api.KV} service: validates, delegates to {@link Consensus}, and translates results and
 * errors. Handlers never block a gRPC thread: they answer when the Raft future completes.
 */
final class KvService extends KVGrpc.KVImplBase {

  private final Consensus consensus;
  private final Membership membership;
  private final RequestValidator validator;
  private final Duration requestTimeout;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  KvService(
      Consensus consensus,
      Membership membership,
      int maxValueBytes,
      Duration requestTimeout,
      int maxInFlight) {
    this.consensus = consensus;
    this.membership = membership;
    this.validator = new RequestValidator(maxValueBytes);
    this.requestTimeout = requestTimeout;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> response) {
    handle(
        response,
        () -> {
          validator.checkKey(request.getKey());
          ReadConsistency consistency =
              validator.checkConsistency(request.getConsistency(), request.getConsistencyValue());
          return consensus.get(request.getKey(), consistency, timeout());
        },
        found ->
            found
                .map(
                    v ->
                        GetResponse.newBuilder()
                            .setKey(request.getKey())
                            .setValue(ByteString.copyFrom(v.value()))
                            .setRevision(v.revision())
                            .build())
                .orElseThrow(() -> ServerErrors.notFound(request.getKey())));
  }

  @Override
  public void set(SetRequest request, StreamObserver<SetResponse> response) {
    handle(
        response,
        () -> {
          validator.checkKey(request.getKey());
          validator.checkValue(request.getValue().size());
          return consensus.set(request.getKey(), request.getValue(), timeout());
        },
        result -> SetResponse.newBuilder().setOk(true).setRevision(result.revision()).build());
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
    handle(
        response,
        () -> {
          validator.checkKey(request.getKey());
          return consensus.delete(request.getKey(), timeout());
        },
        result -> DeleteResponse.newBuilder().setOk(true).setRevision(result.revision()).build());
  }

  @Override
  public void list(Empty request, StreamObserver<GetResponse> response) {
    ListStream stream = ListStream.attach(consensus.store(), response);
    Deadline deadline = Context.current().getDeadline();
    if (!admit(response)) {
      return;
    }
    consensus
        .barrier(timeout())
        .whenComplete(
            (revision, error) -> {
              inFlight.decrementAndGet();
              if (error != null) {
                stream.fail(failure(error, deadline));
              } else {
                stream.begin();
              }
            });
  }

  @Override
  public void getServers(Empty request, StreamObserver<GetServersResponse> response) {
    GetServersResponse.Builder servers =
        GetServersResponse.newBuilder().setClusterId(consensus.clusterId());
    Set<String> alive =
        membership.members().stream()
            .filter(m -> m.status() == Member.Status.ALIVE)
            .map(Member::nodeName)
            .collect(Collectors.toSet());
    for (Consensus.ServerView view : consensus.servers()) {
      servers.addServers(
          Server.newBuilder()
              .setId(view.id())
              .setRpcAddr(view.rpcAddress().orElse(""))
              .setIsLeader(view.leader())
              .setRaftAddr(view.raftAddress())
              .setIsVoter(view.voter())
              .setIsAlive(alive.contains(view.id())));
    }
    response.onNext(servers.build());
    response.onCompleted();
  }

  private <T, R> void handle(
      StreamObserver<R> response, Supplier<CompletableFuture<T>> call, Function<T, R> toResponse) {
    if (!admit(response)) {
      return;
    }
    Deadline deadline = Context.current().getDeadline();
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      response.onError(failure(e, deadline));
      return;
    }
    future.whenComplete(
        (result, error) -> {
          inFlight.decrementAndGet();
          if (error != null) {
            response.onError(failure(error, deadline));
            return;
          }
          R message;
          try {
            message = toResponse.apply(result);
          } catch (RuntimeException e) {
            response.onError(failure(e, deadline));
            return;
          }
          response.onNext(message);
          response.onCompleted();
        });
  }

  private boolean admit(StreamObserver<?> response) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      response.onError(ServerErrors.tooManyRequests(maxInFlight));
      return false;
    }
    return true;
  }

  private RuntimeException failure(Throwable error, Deadline deadline) {
    boolean expired = deadline != null && deadline.isExpired();
    return ServerErrors.fromFailure(error, expired, leaderHint());
  }

  private Optional<String> leaderHint() {
    return consensus
        .leaderId()
        .flatMap(id -> consensus.rpcAddressOf(id).map(rpc -> ApiErrors.leaderHint(id, rpc)));
  }

  /** The time this request may take: the caller's deadline, capped by request-timeout. */
  private Duration timeout() {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return requestTimeout;
    }
    long remaining = Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
    return Duration.ofMillis(Math.min(remaining, requestTimeout.toMillis()));
  }
}
