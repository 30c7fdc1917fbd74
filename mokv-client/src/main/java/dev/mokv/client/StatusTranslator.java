package dev.mokv.client;

import dev.mokv.api.ApiErrors;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place where a failed gRPC call becomes a {@link MokvException}: its code, a one-line
 * message, the leader hint trailer, and the two answers a caller needs, whether the outcome of a
 * write is unknown and whether a retry is safe.
 *
 * <p>A write's outcome is known only if the request never left the client (the picker refused it,
 * or the connection failed before the request was written), or if the server answered with a code
 * that means "rejected, nothing done" ({@link #REJECTED}). Any other failure after the request was
 * written may come after Raft committed it.
 */
final class StatusTranslator {

  /** Codes with which a server refuses a request before doing anything. */
  static final Set<Status.Code> REJECTED =
      EnumSet.of(
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.ALREADY_EXISTS,
          Status.Code.PERMISSION_DENIED,
          Status.Code.UNAUTHENTICATED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.OUT_OF_RANGE,
          Status.Code.UNIMPLEMENTED);

  private StatusTranslator() {}

  /**
   * Translates the failure of a call.
   *
   * @param failure what the call failed with (a gRPC status exception, usually)
   * @param write whether the call was a write (anything but Get, List, GetServers)
   * @param requestSent whether the request message was handed to a transport, so a server may have
   *     received it
   * @param attempts how many attempts were made, for the message
   */
  static MokvException translate(
      Throwable failure, boolean write, boolean requestSent, int attempts) {
    Status status = Status.fromThrowable(failure);
    Metadata trailers = Status.trailersFromThrowable(failure);
    String hint = trailers == null ? null : trailers.get(ApiErrors.LEADER_HINT);
    Status.Code code = status.getCode();
    boolean outcomeUnknown = write && requestSent && !REJECTED.contains(code);
    boolean retryable = !outcomeUnknown && isTransient(code, hint != null);
    String message = message(status, outcomeUnknown, attempts);
    if (code == Status.Code.UNAVAILABLE) {
      return new UnavailableException(message, retryable, outcomeUnknown, hint, failure);
    }
    return new MokvException(code, message, retryable, outcomeUnknown, hint, failure);
  }

  private static boolean isTransient(Status.Code code, boolean leaderHinted) {
    return switch (code) {
      // CANCELLED reaches here only from the server side (a node shutting down resets its
      // streams): a call the caller cancels completes its future before it is translated.
      case UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, DEADLINE_EXCEEDED, CANCELLED -> true;
      case FAILED_PRECONDITION -> leaderHinted;
      default -> false;
    };
  }

  private static String message(Status status, boolean outcomeUnknown, int attempts) {
    StringBuilder m = new StringBuilder(describe(status));
    if (outcomeUnknown) {
      m.append("; the write may or may not have been applied");
    }
    if (attempts > 1) {
      m.append(" (gave up after ").append(attempts).append(" attempts)");
    }
    return m.toString().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String describe(Status status) {
    String description = status.getDescription();
    if (description == null || description.isBlank()) {
      description = status.getCode().name().toLowerCase().replace('_', ' ');
    } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      // grpc appends diagnostics ("Name resolution delay ...", "[closed=[], open=[...]]").
      int end = description.indexOf(". ");
      description = end > 0 ? description.substring(0, end) : description;
    }
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null && !description.contains(cause.getMessage())) {
      description += ": " + cause.getMessage();
    }
    return description;
  }
}
