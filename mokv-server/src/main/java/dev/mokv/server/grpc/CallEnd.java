package dev.mokv.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a hook exactly once when a server call ends, for interceptors that observe finished calls.
 *
 * <p>A call ends when the service closes it, or when the client cancels it (or its deadline passes)
 * first, in which case the service may never close it. Watching only {@code close} would leak
 * in-flight counts for those calls; watching only the listener would miss the status.
 */
final class CallEnd {

  private CallEnd() {}

  /**
   * Starts {@code call} on {@code next} and runs {@code onEnd} with the final status: the one the
   * service closed with, or CANCELLED if the client went away first.
   */
  static <Q, R> ServerCall.Listener<Q> watch(
      ServerCall<Q, R> call,
      Metadata headers,
      ServerCallHandler<Q, R> next,
      Consumer<Status> onEnd) {
    AtomicBoolean ended = new AtomicBoolean();
    Consumer<Status> once =
        status -> {
          if (ended.compareAndSet(false, true)) {
            onEnd.accept(status);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener =
          next.startCall(
              new SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                  once.accept(status);
                  super.close(status, trailers);
                }
              },
              headers);
    } catch (RuntimeException e) {
      once.accept(Status.fromThrowable(e));
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        once.accept(Status.CANCELLED);
        super.onCancel();
      }
    };
  }
}
