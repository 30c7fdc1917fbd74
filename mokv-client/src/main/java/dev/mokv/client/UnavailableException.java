package dev.mokv.client;

import io.grpc.Status;

/**
 * The cluster could not serve the request: no server was reachable, no leader was known, or the
 * cluster had no leader or no quorum within the deadline. Code {@code UNAVAILABLE}.
 *
 * <p>A read or a write that never left the client is {@link #isRetryable() retryable}, and the
 * client already retried it with backoff until its deadline. A write that reached a server before
 * the failure has an {@link #isOutcomeUnknown() unknown outcome} and was not retried.
 */
public class UnavailableException extends MokvException {

  private static final long serialVersionUID = 1L;

  /** See {@link MokvException#MokvException} (the code is {@code UNAVAILABLE}). */
  public UnavailableException(
      String message,
      boolean retryable,
      boolean outcomeUnknown,
      String leaderHint,
      Throwable cause) {
    super(Status.Code.UNAVAILABLE, message, retryable, outcomeUnknown, leaderHint, cause);
  }
}
