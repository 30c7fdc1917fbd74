package dev.mokv.server.grpc;

import dev.mokv.api.ApiErrors;
import dev.mokv.server.raft.QueuedWriteExpiredException;
import dev.mokv.server.raft.WriteQueueFullException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates what went wrong inside the node into the gRPC status of {@link ApiErrors}: the one
 * place where server exceptions become wire errors. Descriptions are for humans; they never carry
 * class names or stack traces.
 */
final class ServerErrors {

  private static final Logger log = LoggerFactory.getLogger(ServerErrors.class);

  private ServerErrors() {}

  static StatusRuntimeException invalidArgument(String description) {
    return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
  }

  static StatusRuntimeException notFound(String key) {
    return Status.NOT_FOUND
        .withDescription("key not found: " + abbreviate(key))
        .asRuntimeException();
  }

  static StatusRuntimeException tooManyRequests(int limit) {
    return Status.RESOURCE_EXHAUSTED
        .withDescription("too many requests in flight on this node (limit " + limit + ")")
        .asRuntimeException();
  }

  /**
   * Maps a failure of a Raft operation.
   *
   * @param deadlineExpired whether the caller's own deadline has passed, which makes a timeout a
   *     DEADLINE_EXCEEDED (outcome unknown) rather than UNAVAILABLE
   * @param leaderHint {@code id@rpc_addr} of the known leader, sent as a trailer on retryable
   *     errors
   */
  static StatusRuntimeException fromFailure(
      Throwable failure, boolean deadlineExpired, Optional<String> leaderHint) {
    Throwable cause = unwrap(failure);
    Status status = statusOf(cause, deadlineExpired);
    if (status.getCode() == Status.Code.INTERNAL) {
      log.error("Request failed unexpectedly", cause);
    }
    Metadata trailers = new Metadata();
    if (status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.FAILED_PRECONDITION) {
      leaderHint.ifPresent(hint -> trailers.put(ApiErrors.LEADER_HINT, hint));
    }
    return status.asRuntimeException(trailers);
  }

  private static Status statusOf(Throwable cause, boolean deadlineExpired) {
    if (cause instanceof StatusRuntimeException sre) {
      return sre.getStatus();
    }
    if (cause instanceof WriteQueueFullException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage());
    }
    if (cause instanceof QueuedWriteExpiredException) {
      return deadlineExpired
          ? Status.DEADLINE_EXCEEDED.withDescription(
              "deadline exceeded before the write left this node's queue; it was not written")
          : Status.UNAVAILABLE.withDescription(
              "no leader or no quorum within the request timeout; the write was not written");
    }
    if (cause instanceof TimeoutException) {
      return deadlineExpired
          ? Status.DEADLINE_EXCEEDED.withDescription(
              "deadline exceeded; the outcome of a write is unknown")
          : Status.UNAVAILABLE.withDescription("no leader or no quorum within the request timeout");
    }
    if (cause instanceof ResourceUnavailableException) {
      return Status.RESOURCE_EXHAUSTED.withDescription("the leader is overloaded; retry later");
    }
    if (cause instanceof NotLeaderException
        || cause instanceof LeaderNotReadyException
        || cause instanceof LeaderSteppingDownException
        || cause instanceof ReadIndexException
        || cause instanceof ServerNotReadyException
        || cause instanceof RaftRetryFailureException) {
      return Status.UNAVAILABLE.withDescription("no leader or no quorum: " + cause.getMessage());
    }
    if (cause instanceof ReadException) {
      return Status.UNAVAILABLE.withDescription("read could not reach the leader in time");
    }
    if (cause instanceof AlreadyClosedException) {
      return Status.UNAVAILABLE.withDescription("this node is shutting down");
    }
    if (cause instanceof StateMachineException) {
      return Status.INTERNAL.withDescription("the state machine rejected the request");
    }
    return Status.INTERNAL.withDescription("internal error");
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String abbreviate(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "...";
  }
}
