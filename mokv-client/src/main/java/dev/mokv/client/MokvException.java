package dev.mokv.client;

import io.grpc.Status;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the cluster failed. The one unchecked exception family of this library: every
 * failure of a {@link MokvClient} method is a {@code MokvException} or a subclass ({@link
 * UnavailableException}), never a raw gRPC exception.
 *
 * <p>Two questions decide what a caller can do next:
 *
 * <ul>
 *   <li>{@link #isOutcomeUnknown()}: true only for a write that may or may not have been applied
 *       (the request reached a server, and then the deadline passed or the connection or the leader
 *       was lost). Reading the key back tells which.
 *   <li>{@link #isRetryable()}: sending the same request again may succeed and cannot do harm,
 *       because the failure is transient and the request certainly did not take effect (or it is a
 *       read). The client has already retried such failures until its deadline; this is for callers
 *       that want to try again later.
 * </ul>
 */
public class MokvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final boolean retryable;
  private final boolean outcomeUnknown;
  private final String leaderHint;

  /**
   * @param code the gRPC status code the server or the transport answered with
   * @param message one line saying what failed, for humans
   * @param retryable see {@link #isRetryable()}
   * @param outcomeUnknown see {@link #isOutcomeUnknown()}
   * @param leaderHint {@code id@host:port} of the leader as the server named it, or null
   * @param cause the underlying gRPC exception, or null
   */
  public MokvException(
      Status.Code code,
      String message,
      boolean retryable,
      boolean outcomeUnknown,
      String leaderHint,
      Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.retryable = retryable;
    this.outcomeUnknown = outcomeUnknown;
    this.leaderHint = leaderHint;
  }

  /**
   * The gRPC status code: {@code INVALID_ARGUMENT} (bad key or value; nothing written), {@code
   * UNAVAILABLE} (no leader, no quorum, or no server reachable), {@code DEADLINE_EXCEEDED}, {@code
   * RESOURCE_EXHAUSTED} (the server is overloaded), {@code FAILED_PRECONDITION}, {@code INTERNAL},
   * {@code CANCELLED}.
   */
  public Status.Code code() {
    return code;
  }

  /**
   * Whether sending the same request again later may succeed and is safe: the failure is transient
   * ({@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED}, {@code ABORTED}, {@code DEADLINE_EXCEEDED},
   * {@code CANCELLED} by the server, or a {@code FAILED_PRECONDITION} naming the leader) and the
   * request is a read or a write that certainly was not applied. Always false when {@link
   * #isOutcomeUnknown()} is true.
   */
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * Whether this is a write that may have been applied: it reached a server and then failed in a
   * way that does not say whether Raft committed it ({@code DEADLINE_EXCEEDED}, {@code
   * UNAVAILABLE}, {@code CANCELLED}, {@code INTERNAL}, {@code UNKNOWN}). Sending it again may apply
   * it twice: a second {@code set} writes the same value under a new revision; a second {@code
   * delete} changes nothing but the revision. Always false for reads.
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }

  /**
   * The leader as the answering server named it ({@code id@host:port}), if it did. The client has
   * already refreshed its view of the cluster with it.
   */
  public Optional<String> leaderHint() {
    return Optional.ofNullable(leaderHint);
  }
}
