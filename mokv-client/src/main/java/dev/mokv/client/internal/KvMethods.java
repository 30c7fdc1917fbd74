package dev.mokv.client.internal;

import dev.mokv.api.KVGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import java.util.Set;

/**
 * Which {@code api.KV} methods only read. Everything else counts as a write, so a method added to
 * the service later goes to the leader and is never retried blindly until it is listed here.
 */
public final class KvMethods {

  private static final Set<String> READS =
      Set.of(
          KVGrpc.getGetMethod().getFullMethodName(),
          KVGrpc.getListMethod().getFullMethodName(),
          KVGrpc.getGetServersMethod().getFullMethodName());

  /** A call option that sends a read to the leader, as writes are. */
  public static final CallOptions.Key<Boolean> READ_FROM_LEADER =
      CallOptions.Key.createWithDefault("mokv.read-from-leader", false);

  private KvMethods() {}

  public static boolean isRead(MethodDescriptor<?, ?> method) {
    return READS.contains(method.getFullMethodName());
  }
}
