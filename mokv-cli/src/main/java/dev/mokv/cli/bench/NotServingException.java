package dev.mokv.cli.bench;

/**
 * A health check answered, but not SERVING (the node knows no leader, or is stopping). The call
 * itself succeeded, so it has no gRPC status code; it is counted as {@code NOT_SERVING}.
 */
final class NotServingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  NotServingException(String status) {
    super("health check answered " + status, null, false, false);
  }
}
