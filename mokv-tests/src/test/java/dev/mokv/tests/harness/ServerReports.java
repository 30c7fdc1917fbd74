package dev.mokv.tests.harness;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The leader and voters that nodes report through {@code GetServers}: how the process harnesses,
 * which cannot look inside their nodes, wait for a leader or a configuration.
 */
public final class ServerReports {

  /** How long one node may take to answer {@code GetServers}. */
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

  private ServerReports() {}

  /** A channel to each of {@code names} whose process is running, by name, in their order. */
  public static Map<String, ManagedChannel> runningChannels(
      Iterable<String> names, Predicate<String> running, Function<String, ManagedChannel> channel) {
    Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    for (String name : names) {
      if (running.test(name)) {
        channels.put(name, channel.apply(name));
      }
    }
    return channels;
  }

  /** The servers as the node behind {@code channel} reports them. */
  public static List<Server> servers(ManagedChannel channel) {
    return KVGrpc.newBlockingStub(channel)
        .withDeadlineAfter(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .getServers(Empty.getDefaultInstance())
        .getServersList();
  }

  /**
   * The leader every node of {@code nodes} (name to channel) reports, if they all report the same
   * one and it is one of them; empty if any node does not answer or knows no leader.
   */
  public static Optional<String> agreedLeader(Map<String, ManagedChannel> nodes) {
    String agreed = null;
    for (ManagedChannel channel : nodes.values()) {
      Optional<String> leader =
          servers(channel).stream().filter(Server::getIsLeader).map(Server::getId).findFirst();
      if (leader.isEmpty() || (agreed != null && !agreed.equals(leader.get()))) {
        return Optional.empty();
      }
      agreed = leader.get();
    }
    return agreed != null && nodes.containsKey(agreed) ? Optional.of(agreed) : Optional.empty();
  }

  /** Waits (bounded by {@code atMost}) for {@link #agreedLeader} and returns it. */
  public static String awaitLeader(Map<String, ManagedChannel> nodes, Duration atMost) {
    return await("a leader agreed by " + nodes.keySet())
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> agreedLeader(nodes), Optional::isPresent)
        .orElseThrow();
  }

  /** Waits (bounded by {@code atMost}) until every node of {@code nodes} reports {@code voters}. */
  public static void awaitVoters(
      Map<String, ManagedChannel> nodes, List<String> voters, Duration atMost) {
    List<String> expected = voters.stream().sorted().toList();
    await("voters " + expected + " reported by " + nodes.keySet())
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                nodes.values().stream()
                    .allMatch(
                        channel ->
                            servers(channel).stream()
                                .filter(Server::getIsVoter)
                                .map(Server::getId)
                                .sorted()
                                .toList()
                                .equals(expected)));
  }
}
