package dev.mokv.tests.harness;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code mokv} processes started from the {@code example/} configs, with ports and data-dirs
 * overridden by flags so that they run beside a live cluster on the default ports.
 */
public final class ProcessCluster implements Cluster {

  /** One node: its process and the ports it was given. */
  public record Node(String name, NodeProcess process, int rpcPort, int raftPort, int gossipPort) {
    public String rpcEndpoint() {
      return "127.0.0.1:" + rpcPort;
    }
  }

  private final Path root;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private final Map<String, List<String>> launches = new LinkedHashMap<>();
  private String seed;

  public ProcessCluster(Path root) {
    this.root = root;
  }

  /** The {@code example/} directory of the source tree. */
  public static Path exampleDir() {
    return Path.of(System.getProperty("mokv.examples", "../example"));
  }

  /**
   * Starts {@code size} processes the way {@code example/start_nodes.sh} does: node1 from {@code
   * config.yaml} bootstraps, node2..nodeN from {@code config2.yaml} join it through gossip. Waits
   * until every node is a voter. {@code extraArgs} go to every node, at every start.
   */
  public static ProcessCluster startJoined(int size, Path root, String... extraArgs)
      throws IOException {
    ProcessCluster cluster = new ProcessCluster(root);
    try {
      cluster.start("node1", "config.yaml", extraArgs);
      // As start_nodes.sh: the joiners find the cluster through node1 once it serves.
      cluster.awaitVoters(List.of("node1"));
      for (int i = 2; i <= size; i++) {
        cluster.start("node" + i, "config2.yaml", extraArgs);
      }
      cluster.awaitVoters(cluster.names());
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * Starts {@code name} from {@code exampleConfig} (e.g. {@code config2.yaml}); the first node
   * started is the seed the later ones join through. {@code extraArgs} are appended.
   */
  public Node start(String name, String exampleConfig, String... extraArgs) throws IOException {
    int rpc = Ports.free();
    int raft = Ports.free();
    int gossip = Ports.free();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--node-name", name,
            "--data-dir", root.resolve(name).toString(),
            "--rpc-port", String.valueOf(rpc),
            "--raft-port", String.valueOf(raft),
            "--bind-addr", "127.0.0.1:" + gossip,
            "--metrics-port", String.valueOf(Ports.free())));
    if (seed != null) {
      args.addAll(List.of("--start-join-addrs", seed));
    }
    args.addAll(List.of(extraArgs));
    NodeProcess process =
        new NodeProcess(name, exampleDir().resolve(exampleConfig), root.resolve(name + ".log"))
            .start(args.toArray(String[]::new));
    Node node = new Node(name, process, rpc, raft, gossip);
    nodes.put(name, node);
    List<String> launch = new ArrayList<>(List.of(exampleConfig));
    launch.addAll(List.of(extraArgs));
    launches.put(name, launch);
    if (seed == null) {
      seed = "127.0.0.1:" + gossip;
    }
    return node;
  }

  /** Restarts a stopped node with the same ports and data-dir. */
  public void restart(String name, String exampleConfig, String... extraArgs) throws IOException {
    Node node = nodes.get(name);
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--node-name", name,
            "--data-dir", root.resolve(name).toString(),
            "--rpc-port", String.valueOf(node.rpcPort()),
            "--raft-port", String.valueOf(node.raftPort()),
            "--bind-addr", "127.0.0.1:" + node.gossipPort(),
            "--metrics-port", String.valueOf(Ports.free()),
            "--start-join-addrs", seed));
    args.addAll(List.of(extraArgs));
    node.process().start(args.toArray(String[]::new));
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  @Override
  public List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  /** {@inheritDoc} Its {@link ClusterNode#start()} repeats the node's first start's arguments. */
  @Override
  public ClusterNode member(String name) {
    if (!nodes.containsKey(name)) {
      throw new IllegalArgumentException("no node " + name + " in " + names());
    }
    Node node = nodes.get(name);
    List<String> launch = launches.get(name);
    return new ProcessNode(
        node.process(),
        node.rpcEndpoint(),
        root.resolve(name),
        () -> channel(name),
        () ->
            restart(name, launch.get(0), launch.subList(1, launch.size()).toArray(String[]::new)));
  }

  /** {@inheritDoc} Asks every running process for its servers. */
  @Override
  public String awaitLeader() {
    return ServerReports.awaitLeader(runningChannels(), Duration.ofSeconds(30));
  }

  /** {@inheritDoc} Asks every running process for its servers. */
  @Override
  public void awaitVoters(List<String> voters) {
    ServerReports.awaitVoters(runningChannels(), voters, Duration.ofSeconds(60));
  }

  private Map<String, ManagedChannel> runningChannels() {
    return ServerReports.runningChannels(
        nodes.keySet(), name -> nodes.get(name).process().isAlive(), this::channel);
  }

  /** The servers as {@code via} reports them. */
  public List<Server> servers(String via) {
    GetServersResponse response =
        KVGrpc.newBlockingStub(channel(via))
            .withDeadlineAfter(3, TimeUnit.SECONDS)
            .getServers(Empty.getDefaultInstance());
    return response.getServersList();
  }

  /** Waits until {@code via} reports exactly {@code voters} as voters and one of them leading. */
  public void awaitVoters(String via, List<String> voters, Duration atMost) {
    await(via + " reports voters " + voters)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              List<Server> servers = servers(via);
              List<String> ids =
                  servers.stream().filter(Server::getIsVoter).map(Server::getId).sorted().toList();
              return ids.equals(voters.stream().sorted().toList())
                  && servers.stream().anyMatch(Server::getIsLeader);
            });
  }

  /** The leader's name as {@code via} reports it, waiting for one. */
  public String awaitLeader(String via) {
    return await("a leader seen by " + via)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> servers(via).stream().filter(Server::getIsLeader).map(Server::getId).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  public ManagedChannel channel(String name) {
    return channels.computeIfAbsent(
        name,
        n ->
            NettyChannelBuilder.forAddress("127.0.0.1", nodes.get(n).rpcPort())
                .usePlaintext()
                .build());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (Node node : nodes.values()) {
      try {
        node.process().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
