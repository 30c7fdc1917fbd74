package dev.mokv.client;

import java.util.List;

/** Builds gRPC targets from {@code host:port} endpoints. */
final class Endpoints {

  private Endpoints() {}

  /**
   * One endpoint is a plain target; several become a static list that round-robins (the
   * leader-aware resolver replaces this).
   */
  static String target(List<String> endpoints) {
    if (endpoints.size() == 1) {
      return "dns:///" + endpoints.get(0);
    }
    // grpc-java's built-in "static" list: ipv4:host:port,host:port
    return "ipv4:" + String.join(",", endpoints);
  }
}
