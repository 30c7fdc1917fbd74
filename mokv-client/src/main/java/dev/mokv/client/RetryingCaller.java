package dev.mokv.client;

import dev.mokv.client.internal.Backoff;
import dev.mokv.client.internal.KvMethods;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one client operation within its deadline, retrying with {@link Backoff} the failures that
 * {@link StatusTranslator} calls {@linkplain MokvException#isRetryable() retryable}: any transient
 * failure of a read, and of a write only when it certainly was not applied (it never left the
 * client, or the server rejected it before doing anything). Every retryable failure, and every
 * leader hint, also asks the resolver for a fresh server list.
 *
 * <p>Results and failures complete on gRPC threads or on the retry scheduler; nothing blocks.
 */
final class RetryingCaller {

  private final Channel channel;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final Runnable refreshServers;
  private final Duration timeout;
  private final boolean readsFromLeader;
  private final Set<Operation<?, ?, ?>> backingOff = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param channel the cluster channel
   * @param scheduler runs the retries after their backoff
   * @param refreshServers asks the resolver for a fresh server list
   * @param timeout the deadline of each operation, retries included
   * @param readsFromLeader whether reads go to the leader rather than to followers
   */
  RetryingCaller(
      Channel channel,
      ScheduledExecutorService scheduler,
      Backoff backoff,
      Runnable refreshServers,
      Duration timeout,
      boolean readsFromLeader) {
    this.channel = channel;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.refreshServers = refreshServers;
    this.timeout = timeout;
    this.readsFromLeader = readsFromLeader;
  }

  /**
   * Fails every later attempt with {@code UNAVAILABLE} ("the client is closed"), and at once the
   * operations waiting in backoff for their next attempt.
   */
  void close() {
    closed = true;
    backingOff.forEach(Operation::attempt);
  }

  /** Calls a unary method. Fails with a {@link MokvException}. */
  <Q, R> CompletableFuture<R> unary(MethodDescriptor<Q, R> method, Q request) {
    return new Operation<Q, R, R>(method, request, Function.identity()).start();
  }

  /** Calls a server-streaming method (a read) and collects every response. */
  <Q, R> CompletableFuture<List<R>> streaming(MethodDescriptor<Q, R> method, Q request) {
    return new Operation<Q, R, List<R>>(method, request, null).start();
  }

  /** One operation: its attempts, one at a time, until success, a final failure or the deadline. */
  private final class Operation<Q, R, T> {
    private final MethodDescriptor<Q, R> method;
    private final Q request;
    private final Function<R, T> unaryResult;
    private final boolean write;
    private final Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile ClientCall<Q, R> current;
    private volatile MokvException lastFailure;
    private int attempts;

    /**
     * @param unaryResult maps the response of a unary call; null for a streaming call
     */
    Operation(MethodDescriptor<Q, R> method, Q request, Function<R, T> unaryResult) {
      this.method = method;
      this.request = request;
      this.unaryResult = unaryResult;
      this.write = !KvMethods.isRead(method);
      // Cancelling the future cancels the call in flight.
      result.whenComplete(
          (r, e) -> {
            ClientCall<Q, R> call = current;
            if (result.isCancelled() && call != null) {
              call.cancel("cancelled by the caller", null);
            }
          });
    }

    CompletableFuture<T> start() {
      attempt();
      return result;
    }

    @SuppressWarnings("unchecked")
    private void attempt() {
      backingOff.remove(this);
      if (result.isDone()) {
        return;
      }
      if (closed) {
        // Only ever reached before the first attempt or after a failure that was safe to retry,
        // so nothing of this operation is in flight and a write was not applied.
        result.completeExceptionally(
            new UnavailableException("the client is closed", false, false, null, null));
        return;
      }
      MokvException previous = lastFailure;
      if (previous != null && deadline.isExpired()) {
        // The retry came due later than planned (a busy scheduler): an attempt now could only fail
        // with DEADLINE_EXCEEDED and hide why the operation failed. The last failure says why.
        result.completeExceptionally(previous);
        return;
      }
      attempts++;
      SendTracker tracker = new SendTracker();
      CallOptions options =
          CallOptions.DEFAULT
              .withDeadline(deadline)
              .withStreamTracerFactory(tracker)
              .withOption(KvMethods.READ_FROM_LEADER, readsFromLeader);
      ClientCall<Q, R> call = channel.newCall(method, options);
      current = call;
      if (unaryResult != null) {
        ClientCalls.asyncUnaryCall(
            call,
            request,
            observer(responses -> result.complete(unaryResult.apply(responses.get(0))), tracker));
      } else {
        ClientCalls.asyncServerStreamingCall(
            call, request, observer(responses -> result.complete((T) responses), tracker));
      }
    }

    private StreamObserver<R> observer(Consumer<List<R>> onSuccess, SendTracker tracker) {
      return new StreamObserver<>() {
        private final List<R> responses = new ArrayList<>();

        @Override
        public void onNext(R response) {
          responses.add(response);
        }

        @Override
        public void onError(Throwable t) {
          failed(t, tracker.requestSent());
        }

        @Override
        public void onCompleted() {
          if (unaryResult != null && responses.isEmpty()) {
            failed(Status.INTERNAL.withDescription("no response").asRuntimeException(), true);
            return;
          }
          onSuccess.accept(responses);
        }
      };
    }

    private void failed(Throwable t, boolean requestSent) {
      MokvException error = StatusTranslator.translate(t, write, requestSent, attempts);
      if (error.isRetryable() || error.leaderHint().isPresent()) {
        refreshServers.run();
      }
      long delay = backoff.delayNanos(attempts);
      if (!error.isRetryable() || deadline.timeRemaining(TimeUnit.NANOSECONDS) <= delay) {
        result.completeExceptionally(error);
        return;
      }
      lastFailure = error;
      backingOff.add(this);
      try {
        scheduler.schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shutDown) {
        backingOff.remove(this);
        result.completeExceptionally(error);
      }
    }
  }
}
