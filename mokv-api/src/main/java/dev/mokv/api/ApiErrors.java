package dev.mokv.api;

import io.grpc.Metadata;

/**
 * The error vocabulary that servers and clients agree on: which gRPC status code means what, and
 * the metadata keys that carry hints.
 *
 * <table>
 *   <caption>Status codes</caption>
 *   <tr><th>code</th><th>meaning</th><th>retry?</th></tr>
 *   <tr><td>INVALID_ARGUMENT</td><td>bad key, value or enum; nothing written</td><td>no</td></tr>
 *   <tr><td>NOT_FOUND</td><td>Get of a missing key</td><td>no</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>no leader or no quorum within the deadline</td><td>yes</td></tr>
 *   <tr><td>FAILED_PRECONDITION</td><td>needs the leader and cannot forward; see {@link
 *       #LEADER_HINT}</td><td>yes, at the hinted leader</td></tr>
 *   <tr><td>RESOURCE_EXHAUSTED</td><td>too many requests in flight</td><td>yes, after backoff</td></tr>
 *   <tr><td>DEADLINE_EXCEEDED</td><td>deadline passed; the outcome of a write is unknown</td><td>only
 *       if the write is idempotent</td></tr>
 * </table>
 */
public final class ApiErrors {

  /** Trailer naming the current leader as {@code <id>@<rpc_addr>}, when the server knows it. */
  public static final Metadata.Key<String> LEADER_HINT =
      Metadata.Key.of("mokv-leader", Metadata.ASCII_STRING_MARSHALLER);

  /** The longest key accepted, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 8 * 1024;

  private ApiErrors() {}

  /** Formats a leader hint value. */
  public static String leaderHint(String id, String rpcAddress) {
    return id + "@" + rpcAddress;
  }
}
