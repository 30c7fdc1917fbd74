package dev.mokv.cli.bench;

import dev.mokv.client.MokvException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** The label a failed request is counted under: its gRPC status code name. */
final class ErrorLabels {

  /** A health check that answered, but not SERVING. */
  static final String NOT_SERVING = "NOT_SERVING";

  private ErrorLabels() {}

  /**
   * {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, ... for a client or gRPC failure, {@link
   * #NOT_SERVING} for an unhealthy answer, {@code UNKNOWN} for anything else.
   */
  static String of(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof MokvException m) {
      return m.code().name();
    }
    if (e instanceof NotServingException) {
      return NOT_SERVING;
    }
    return Status.fromThrowable(e).getCode().name();
  }
}
