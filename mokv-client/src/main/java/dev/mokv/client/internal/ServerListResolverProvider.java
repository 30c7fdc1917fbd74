package dev.mokv.client.internal;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates the {@link ServerListResolver} of one client's channel, for targets {@code
 * mokv:///host:port[,host:port...]}. Each client registers its own provider in a registry of its
 * own channel, never in the global one, so clients share no resolver state. The provider also lets
 * the client ask its resolver for a refresh.
 */
public final class ServerListResolverProvider extends NameResolverProvider {

  /** The target scheme. */
  public static final String SCHEME = "mokv";

  private final ServerListResolver.Timing timing;
  private final Function<Duration, ServerListSource> sources;
  private final Duration queryTimeout;
  private volatile ServerListResolver current;

  /**
   * @param refreshInterval how often to resolve while nothing fails
   * @param queryTimeout how long to wait for one server's {@code GetServers} answer
   */
  public ServerListResolverProvider(Duration refreshInterval, Duration queryTimeout) {
    this(ServerListResolver.Timing.of(refreshInterval), queryTimeout, GrpcServerListSource::new);
  }

  ServerListResolverProvider(
      ServerListResolver.Timing timing,
      Duration queryTimeout,
      Function<Duration, ServerListSource> sources) {
    this.timing = timing;
    this.queryTimeout = queryTimeout;
    this.sources = sources;
  }

  /**
   * The target naming {@code endpoints}: {@code mokv:///host:port,host:port}. grpc-java parses
   * targets as RFC 3986 URIs, where a comma-separated list of {@code host:port} is valid in the
   * path but not in the authority; IPv6 brackets are percent-encoded, as a path cannot hold them.
   */
  public static String target(List<Endpoint> endpoints) {
    return SCHEME
        + ":///"
        + endpoints.stream()
            .map(e -> e.toString().replace("[", "%5B").replace("]", "%5D"))
            .collect(Collectors.joining(","));
  }

  /**
   * A resolver for {@code target}, or null if its scheme is not {@value #SCHEME}. Accepts {@code
   * mokv:///host:port[,host:port...]} and, where the URI parser allows it, {@code
   * mokv://host:port[,host:port...]}.
   *
   * @throws IllegalArgumentException if the target names no endpoint or a bad one
   */
  @Override
  public NameResolver newNameResolver(URI target, NameResolver.Args args) {
    if (!SCHEME.equals(target.getScheme())) {
      return null;
    }
    String authority = target.getAuthority() == null ? "" : target.getAuthority();
    String path = target.getPath() == null ? "" : target.getPath();
    String endpoints = authority.isEmpty() ? path.replaceFirst("^/", "") : authority;
    if (!authority.isEmpty() && !path.isEmpty()) {
      endpoints = "";
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "bad target '" + target + "', want " + SCHEME + ":///host:port[,host:port...]");
    }
    ServerListResolver resolver =
        new ServerListResolver(
            Endpoint.parseList(endpoints),
            sources.apply(queryTimeout),
            args.getSynchronizationContext(),
            args.getScheduledExecutorService(),
            timing,
            System::nanoTime);
    // A channel runs one resolver at a time; it makes a new one only after shutting down the old
    // (when it leaves idle mode), so the newest is the one to refresh.
    current = resolver;
    return resolver;
  }

  /** Asks the channel's resolver to resolve again soon; from any thread. */
  public void refresh() {
    ServerListResolver resolver = current;
    if (resolver != null) {
      resolver.requestRefresh();
    }
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }
}
