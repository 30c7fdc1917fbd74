package dev.mokv.server.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each finished client request: method, status code, duration and peer. DEBUG for every
 * request; WARN for one slower than the threshold or failed with INTERNAL or UNKNOWN, which mean a
 * bug or a broken node rather than a caller's mistake.
 */
final class RequestLog implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

  private final long slowNanos;

  /**
   * @param slowThreshold requests slower than this are logged at WARN
   */
  RequestLog(Duration slowThreshold) {
    this.slowNanos = slowThreshold.toNanos();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    return CallEnd.watch(call, headers, next, status -> finished(call, status, start));
  }

  private void finished(ServerCall<?, ?> call, Status status, long start) {
    long nanos = System.nanoTime() - start;
    boolean broken =
        status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN;
    if (broken || nanos > slowNanos) {
      log.warn(
          "{} {} in {} ms from {}{}{}",
          call.getMethodDescriptor().getFullMethodName(),
          status.getCode(),
          millis(nanos),
          peer(call),
          broken ? "" : " (slow)",
          status.getDescription() == null ? "" : ": " + status.getDescription());
    } else if (log.isDebugEnabled()) {
      log.debug(
          "{} {} in {} ms from {}",
          call.getMethodDescriptor().getFullMethodName(),
          status.getCode(),
          millis(nanos),
          peer(call));
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static String peer(ServerCall<?, ?> call) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return remote == null ? "unknown" : remote.toString();
  }
}
