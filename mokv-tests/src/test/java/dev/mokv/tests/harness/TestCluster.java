package dev.mokv.tests.harness;

import static org.awaitility.Awaitility.await;

import dev.mokv.api.KVGrpc;
import dev.mokv.server.MokvNode;
import dev.mokv.server.config.InitialMember;
import dev.mokv.server.config.NodeConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * N in-process mökv nodes forming a fixed cluster through {@code initial-cluster}, on ephemeral
 * loopback ports and temporary data-dirs, so tests run beside a live cluster on default ports.
 *
 * <p>A node can be crashed (no leadership transfer, no draining) and restarted on its data-dir.
 */
public final class TestCluster implements Cluster {

  private final Map<String, NodeConfig> configs = new LinkedHashMap<>();
  private final Map<String, MokvNode> running = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  private TestCluster() {}

  /** Starts {@code size} nodes named n1..nN; {@code tune} may change each node's config. */
  public static TestCluster start(int size, Path root, UnaryOperator<NodeConfig.Builder> tune)
      throws IOException {
    TestCluster cluster = new TestCluster();
    List<InitialMember> members = new ArrayList<>();
    Map<String, int[]> ports = new LinkedHashMap<>();
    for (int i = 1; i <= size; i++) {
      String name = "n" + i;
      int[] p = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
      ports.put(name, p);
      members.add(
          new InitialMember(name, dev.mokv.server.config.HostPort.parse("127.0.0.1:" + p[1])));
    }
    for (Map.Entry<String, int[]> e : ports.entrySet()) {
      int[] p = e.getValue();
      NodeConfig.Builder builder =
          NodeConfig.builder()
              .nodeName(e.getKey())
              .dataDir(root.resolve(e.getKey()))
              .bindAddr(dev.mokv.server.config.HostPort.parse("127.0.0.1:" + p[3]))
              .rpcPort(p[0])
              .raftPort(p[1])
              .metricsPort(p[2])
              .initialCluster(members)
              .electionTimeout(Duration.ofMillis(500));
      cluster.configs.put(e.getKey(), tune.apply(builder).build());
    }
    try {
      for (String name : cluster.configs.keySet()) {
        cluster.startNode(name);
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * Starts {@code size} nodes the way the Go README does: n1 bootstraps, the others join it through
   * gossip ({@code start-join-addrs}) and are made voters by the leader. Waits until every node is
   * a voter.
   */
  public static TestCluster startJoined(int size, Path root, UnaryOperator<NodeConfig.Builder> tune)
      throws IOException {
    return startJoined(size, root, "n", tune);
  }

  /** Like {@link #startJoined(int, Path, UnaryOperator)}, naming nodes {@code prefix1..N}. */
  public static TestCluster startJoined(
      int size, Path root, String prefix, UnaryOperator<NodeConfig.Builder> tune)
      throws IOException {
    TestCluster cluster = new TestCluster();
    String seed = null;
    for (int i = 1; i <= size; i++) {
      String name = prefix + i;
      NodeConfig.Builder builder =
          NodeConfig.builder()
              .nodeName(name)
              .dataDir(root.resolve(name))
              .bindAddr(dev.mokv.server.config.HostPort.parse("127.0.0.1:" + Ports.free()))
              .rpcPort(Ports.free())
              .raftPort(Ports.free())
              .metricsPort(Ports.free())
              .electionTimeout(Duration.ofMillis(500));
      if (seed == null) {
        builder.bootstrap(true);
        seed = "127.0.0.1:" + builder.build().bindAddr().port();
      } else {
        builder.startJoinAddrs(List.of(dev.mokv.server.config.HostPort.parse(seed)));
      }
      cluster.configs.put(name, tune.apply(builder).build());
    }
    try {
      for (String name : cluster.configs.keySet()) {
        cluster.startNode(name);
      }
      cluster.awaitVoters(List.copyOf(cluster.configs.keySet()));
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Adds a node that will join through n1's gossip address when started. */
  public NodeConfig addJoiner(String name, Path root) {
    NodeConfig seed = configs.values().iterator().next();
    NodeConfig config =
        NodeConfig.builder()
            .nodeName(name)
            .dataDir(root.resolve(name))
            .bindAddr(dev.mokv.server.config.HostPort.parse("127.0.0.1:" + Ports.free()))
            .rpcPort(Ports.free())
            .raftPort(Ports.free())
            .metricsPort(Ports.free())
            .electionTimeout(Duration.ofMillis(500))
            .startJoinAddrs(List.of(seed.bindAddr()))
            .build();
    configs.put(name, config);
    return config;
  }

  /** Waits until every running node reports exactly {@code voters} as the voters. */
  public void awaitVoters(List<String> voters) {
    List<String> expected = voters.stream().sorted().toList();
    await("voters " + expected)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                live().values().stream()
                    .allMatch(
                        n -> n.inspect().voters().stream().sorted().toList().equals(expected)));
  }

  /** Stops {@code name} gracefully: it leaves the cluster only with {@code leave-on-terminate}. */
  public void stopGracefully(String name) throws IOException {
    MokvNode node = running.remove(name);
    if (node != null) {
      node.close();
    }
  }

  public static TestCluster start(int size, Path root) throws IOException {
    return start(size, root, UnaryOperator.identity());
  }

  /** Starts (or restarts, on its data-dir) the node {@code name}. */
  public MokvNode startNode(String name) throws IOException {
    MokvNode node = MokvNode.start(configs.get(name));
    running.put(name, node);
    return node;
  }

  /** Stops {@code name} as a crash would: no leadership transfer, no draining. */
  public void crash(String name) throws IOException {
    MokvNode node = running.remove(name);
    if (node != null) {
      node.crash();
    }
  }

  public List<String> names() {
    return List.copyOf(configs.keySet());
  }

  /** Nodes started and not stopped, by the test or by themselves (a node whose Raft is lost). */
  public List<String> runningNames() {
    return live().keySet().stream().toList();
  }

  /**
   * The running nodes, less any that stopped itself (its Raft server lost, its log unwritable): a
   * process would have exited, so nothing should wait for it to agree on a leader.
   */
  private Map<String, MokvNode> live() {
    Map<String, MokvNode> live = new LinkedHashMap<>();
    running.forEach(
        (name, node) -> {
          if (!node.stopped().isDone()) {
            live.put(name, node);
          }
        });
    return live;
  }

  public MokvNode node(String name) {
    MokvNode node = running.get(name);
    if (node == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return node;
  }

  public NodeConfig config(String name) {
    return configs.get(name);
  }

  /** The leader all running nodes agree on, waiting for one (bounded). */
  public String awaitLeader() {
    return await("a leader agreed by every running node")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(this::agreedLeader, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<String> agreedLeader() {
    Optional<String> agreed = Optional.empty();
    Map<String, MokvNode> live = live();
    for (Map.Entry<String, MokvNode> e : live.entrySet()) {
      var status = e.getValue().inspect().raftStatus();
      if (status.leaderId().isEmpty()) {
        return Optional.empty();
      }
      if (agreed.isPresent() && !agreed.equals(status.leaderId())) {
        return Optional.empty();
      }
      agreed = status.leaderId();
    }
    if (agreed.isPresent()
        && live.containsKey(agreed.get())
        && live.get(agreed.get()).inspect().raftStatus().role().equals("LEADER")) {
      return agreed;
    }
    return Optional.empty();
  }

  /** {@inheritDoc} A handle that calls this cluster's node methods by name. */
  @Override
  public ClusterNode member(String name) {
    if (!configs.containsKey(name)) {
      throw new IllegalArgumentException("no node " + name + " in " + names());
    }
    return new InProcessNode(this, name);
  }

  /** Running nodes other than the leader. */
  public List<String> followers() {
    String leader = awaitLeader();
    return live().keySet().stream().filter(n -> !n.equals(leader)).toList();
  }

  /** A blocking stub to {@code name}'s client port. */
  public KVGrpc.KVBlockingStub stub(String name) {
    return KVGrpc.newBlockingStub(channel(name)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public ManagedChannel channel(String name) {
    return channels.computeIfAbsent(
        name,
        n ->
            NettyChannelBuilder.forAddress("127.0.0.1", configs.get(n).rpcPort())
                .usePlaintext()
                .build());
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels.values()) {
      channel.shutdownNow();
    }
    for (String name : List.copyOf(running.keySet())) {
      try {
        running.remove(name).crash();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
