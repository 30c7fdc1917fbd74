package dev.mokv.server.grpc;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers a request that does not parse with INVALID_ARGUMENT instead of grpc-java's UNKNOWN
 * "Application error processing RPC".
 *
 * <p>grpc-java parses a request on the application thread before any interceptor sees it, and turns
 * the parser's error into UNKNOWN. Serving the methods with raw input streams moves the parse into
 * the listener, where this guard can catch it and close the call with a clear status.
 */
final class MalformedRequestGuard implements ServerInterceptor {

  private MalformedRequestGuard() {}

  /** {@code service} with malformed requests answered INVALID_ARGUMENT. */
  static ServerServiceDefinition guard(BindableService service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useInputStreamMessages(service.bindService()),
        new MalformedRequestGuard());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean rejected;

      @Override
      public void onMessage(Q message) {
        if (rejected) {
          return;
        }
        try {
          super.onMessage(message);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.INTERNAL) {
            throw e;
          }
          rejected = true;
          call.close(
              Status.INVALID_ARGUMENT.withDescription(
                  "malformed request: " + e.getStatus().getDescription()),
              new Metadata());
        }
      }

      @Override
      public void onHalfClose() {
        if (!rejected) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        if (!rejected) {
          super.onReady();
        }
      }
    };
  }
}
