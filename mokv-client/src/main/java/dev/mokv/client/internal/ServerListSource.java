package dev.mokv.client.internal;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one server for the cluster's server list ({@code GetServers}). The seam between {@link
 * ServerListResolver} and the network, so the resolver can be tested without servers.
 */
interface ServerListSource extends AutoCloseable {

  /**
   * The servers {@code endpoint} reports, with its cluster id. Completes exceptionally (with a gRPC
   * status exception) if it does not answer in time. Must not block.
   */
  CompletableFuture<ServerList> fetch(Endpoint endpoint);

  /** Lets go of any resources kept for endpoints not in {@code endpoints}. */
  default void retainOnly(Collection<Endpoint> endpoints) {}

  @Override
  void close();
}
