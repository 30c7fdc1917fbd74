package dev.mokv.client.internal;

import dev.mokv.api.KVGrpc;
import io.grpc.MethodDescriptor;
import java.util.Set;

/**
 * Which {@code api.KV} methods only read. Everything else counts as a write, so a method added to
 * the service later goes to the leader and is never retried blindly until it is listed here.
 */
final class KvMethods {

  private static final Set<String> READS =
      Set.of(
          KVGrpc.getGetMethod().getFullMethodName(),
          KVGrpc.getListMethod().getFullMethodName(),
          KVGrpc.getGetServersMethod().getFullMethodName());

  private KvMethods() {}

  static boolean isRead(MethodDescriptor<?, ?> method) {
    return READS.contains(method.getFullMethodName());
  }
}
