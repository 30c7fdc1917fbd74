package dev.mokv.client.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Resolves a fixed list of {@code host:port} endpoints, each to its own address group, so that a
 * round-robin policy spreads calls over them and skips the ones that are down.
 */
public final class StaticEndpointsResolver extends NameResolver {

  /** The scheme of targets this resolver accepts: {@code mokv-static:///host:port,host:port}. */
  public static final String SCHEME = "mokv-static";

  private final List<String> endpoints;

  private StaticEndpointsResolver(List<String> endpoints) {
    this.endpoints = endpoints;
  }

  /** The target for {@code endpoints}, to pass with {@link #provider()}. */
  public static String target(List<String> endpoints) {
    return SCHEME + ":///" + String.join(",", endpoints);
  }

  /** A provider to register on one channel builder (not globally). */
  public static NameResolverProvider provider() {
    return new Provider();
  }

  @Override
  public String getServiceAuthority() {
    return "mokv";
  }

  @Override
  public void start(Listener2 listener) {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String endpoint : endpoints) {
      int colon = endpoint.lastIndexOf(':');
      if (colon <= 0) {
        listener.onError(Status.INVALID_ARGUMENT.withDescription("bad endpoint '" + endpoint + "', want host:port"));
        return;
      }
      String host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(endpoint.substring(colon + 1));
      } catch (NumberFormatException e) {
        listener.onError(Status.INVALID_ARGUMENT.withDescription("bad port in endpoint '" + endpoint + "'"));
        return;
      }
      SocketAddress address = new InetSocketAddress(host, port);
      groups.add(new EquivalentAddressGroup(Collections.singletonList(address)));
    }
    listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(io.grpc.StatusOr.fromValue(groups)).build());
  }

  @Override
  public void shutdown() {}

  private static final class Provider extends NameResolverProvider {
    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, Args args) {
      if (!SCHEME.equals(targetUri.getScheme())) {
        return null;
      }
      String path = targetUri.getPath();
      List<String> endpoints = List.of((path.startsWith("/") ? path.substring(1) : path).split(","));
      return new StaticEndpointsResolver(endpoints);
    }
  }
}
