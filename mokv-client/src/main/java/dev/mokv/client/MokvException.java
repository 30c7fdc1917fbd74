package dev.mokv.client;

import io.grpc.Status;

/**
 * A request failed. Carries the gRPC status code and whether retrying may succeed.
 *
 * <p>Retryable: UNAVAILABLE (no leader or no quorum yet), RESOURCE_EXHAUSTED (overload). Not
 * retryable: INVALID_ARGUMENT, and DEADLINE_EXCEEDED for writes, whose outcome is unknown.
 */
public class MokvException extends RuntimeException {

  private final Status.Code code;

  public MokvException(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The gRPC status code the server (or the transport) answered with. */
  public Status.Code code() {
    return code;
  }

  /** Whether the same request may succeed if sent again later. */
  public boolean isRetryable() {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED;
  }
}
