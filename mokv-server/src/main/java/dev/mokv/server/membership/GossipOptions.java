package dev.mokv.server.membership;

import dev.mokv.server.config.HostPort;
import dev.mokv.server.config.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link ScaleCubeMembership} needs to bind, join and advertise.
 *
 * <p>Security: the gossip port has no authentication and ScaleCube speaks Java serialization on it
 * (guarded by {@link SerialFilter}). Bind it to a private interface that only cluster members can
 * reach, never to a public one.
 *
 * @param bindHost the interface to listen on, e.g. {@code 127.0.0.1} or a private address; {@code
 *     0.0.0.0} listens on all interfaces and then requires {@code externalHost}
 * @param bindPort the gossip port; 0 picks a free one (read it back with {@link
 *     Membership#gossipAddress()})
 * @param externalHost the host other members dial to reach this one (behind NAT or when binding all
 *     interfaces); null means {@code bindHost}
 * @param seeds {@code host:port} gossip addresses of existing members to join; empty for the first
 *     node. Unreachable seeds are retried every {@link GossipTimings#syncInterval()}.
 * @param metadata what this node advertises
 * @param timings probe, gossip and timeout settings; {@link GossipTimings#lan()} or {@link
 *     GossipTimings#local()}
 */
public record GossipOptions(
    String bindHost,
    int bindPort,
    String externalHost,
    List<String> seeds,
    MemberMetadata metadata,
    GossipTimings timings) {

  /**
   * Validates the options and copies the seed list.
   *
   * @throws IllegalArgumentException if a port or seed is malformed, or the wildcard address is
   *     bound without an {@code externalHost}
   */
  public GossipOptions {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(timings, "timings");
    HostPort.checkHost(bindHost);
    if (bindPort < 0 || bindPort > 65535) {
      throw new IllegalArgumentException("bindPort must be 0..65535, was " + bindPort);
    }
    seeds = List.copyOf(seeds);
    for (String seed : seeds) {
      HostPort.parse(seed, "seed");
    }
    if (externalHost == null && isWildcard(bindHost)) {
      throw new IllegalArgumentException(
          "externalHost is required when binding " + bindHost + ": peers cannot dial it");
    }
  }

  /**
   * The options of a mökv node: it binds {@code bind-addr}, joins {@code start-join-addrs} and
   * advertises its name and its client and Raft addresses (its cluster id once it has one).
   */
  public static GossipOptions forNode(NodeConfig config) {
    MemberMetadata metadata =
        new MemberMetadata(
            config.nodeName(), config.rpcAddress().toString(), config.raftAddress().toString(), "");
    List<String> seeds = config.startJoinAddrs().stream().map(HostPort::toString).toList();
    // On loopback every member shares one machine: the shorter LOCAL timings detect a stopped
    // member in seconds without risking false suspicion over a real network.
    GossipTimings timings =
        isLoopback(config.advertisedHost()) ? GossipTimings.local() : GossipTimings.lan();
    return new GossipOptions(
        config.bindAddr().host(), config.bindAddr().port(), null, seeds, metadata, timings);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** Options for a member on 127.0.0.1 with a free port and {@link GossipTimings#local()}. */
  public static GossipOptions loopback(MemberMetadata metadata, List<String> seeds) {
    return new GossipOptions("127.0.0.1", 0, null, seeds, metadata, GossipTimings.local());
  }

  /** The host other members dial. */
  public String advertisedHost() {
    return externalHost != null ? externalHost : bindHost;
  }

  /** Returns a copy with {@code bindPort} replaced, e.g. to restart a member on its old port. */
  public GossipOptions withBindPort(int port) {
    return new GossipOptions(bindHost, port, externalHost, seeds, metadata, timings);
  }

  /** Returns a copy with {@code seeds} replaced. */
  public GossipOptions withSeeds(List<String> newSeeds) {
    return new GossipOptions(bindHost, bindPort, externalHost, newSeeds, metadata, timings);
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
