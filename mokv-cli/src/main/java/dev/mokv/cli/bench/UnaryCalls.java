package dev.mokv.cli.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the raw-gRPC request sources (ping, etcd) share: one unary call as a future, and close. */
final class UnaryCalls {

  private UnaryCalls() {}

  /**
   * A unary call as a future of its outcome. A failure of the call, or a runtime exception thrown
   * by {@code outcome} (a response that is not a success), completes it exceptionally.
   */
  static <R> CompletableFuture<Outcome> call(
      Function<R, Outcome> outcome, Consumer<StreamObserver<R>> send) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    send.accept(
        new StreamObserver<>() {
          @Override
          public void onNext(R response) {
            try {
              result.complete(outcome.apply(response));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            // onNext has completed the result; a unary call without a response fails instead.
          }
        });
    return result;
  }

  /** Shuts every channel down and waits up to 5 s for each. */
  static void shutdown(List<ManagedChannel> channels) {
    channels.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
