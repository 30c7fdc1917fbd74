package dev.mokv.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import dev.mokv.tests.harness.ProcessCluster;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Three real {@code mokv} processes configured as the {@code example/} files are: node1 ({@code
 * config.yaml}) bootstraps and lists no one to join; node2 and node3 ({@code config2.yaml}, {@code
 * config3.yaml}) join through node1's gossip address only. Every start, first or not, uses the same
 * configuration, as an operator's restart does; ports and data-dirs stay fixed across restarts.
 * Each start writes its own log file, so that what a start printed can be told from earlier ones.
 */
final class SeedStyleCluster implements AutoCloseable {

  static final List<String> NAMES = List.of("node1", "node2", "node3");

  private static final Pattern CLUSTER_LINE =
      Pattern.compile("serving clients on .*\\(cluster ([0-9a-f-]{36}), ([^)]*)\\)");

  /** One node's fixed ports and its current process. */
  private static final class Node {
    final String name;
    final String config;
    final int rpc = Ports.free();
    final int raft = Ports.free();
    final int gossip = Ports.free();
    final int metrics = Ports.free();
    NodeProcess process;
    int starts;

    Node(String name, String config) {
      this.name = name;
      this.config = config;
    }
  }

  private final Path root;
  private final String[] extraArgs;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  /** {@code extraArgs} are appended to every node's command line. */
  SeedStyleCluster(Path root, String... extraArgs) {
    this.root = root;
    this.extraArgs = extraArgs;
    nodes.put("node1", new Node("node1", "config.yaml"));
    nodes.put("node2", new Node("node2", "config2.yaml"));
    nodes.put("node3", new Node("node3", "config3.yaml"));
  }

  /** Starts {@code name}'s process with its configuration and {@code more} flags. */
  void start(String name, String... more) throws IOException {
    Node node = nodes.get(name);
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--node-name", name,
            "--data-dir", dataDir(name).toString(),
            "--rpc-port", String.valueOf(node.rpc),
            "--raft-port", String.valueOf(node.raft),
            "--bind-addr", "127.0.0.1:" + node.gossip,
            "--metrics-port", String.valueOf(node.metrics)));
    if (!name.equals("node1")) {
      // As config2.yaml and config3.yaml: join through node1 only.
      args.addAll(List.of("--start-join-addrs", "127.0.0.1:" + nodes.get("node1").gossip));
    }
    args.addAll(List.of(extraArgs));
    args.addAll(List.of(more));
    node.starts++;
    Path log = root.resolve(name + "-" + node.starts + ".log");
    node.process =
        new NodeProcess(name, ProcessCluster.exampleDir().resolve(node.config), log)
            .start(args.toArray(String[]::new));
  }

  /**
   * Starts the nodes one after the other in {@code order}, each once it answers on its client port
   * (it has chosen its cluster), as an operator bringing a cluster back would.
   */
  void startInOrder(List<String> order) throws IOException {
    for (String name : order) {
      start(name);
      awaitAnswering(name);
    }
  }

  /** Waits until {@code name} answers GetServers; fails at once if its process exits. */
  void awaitAnswering(String name) {
    await(name + " answers on its client port")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreException(StatusRuntimeException.class)
        .until(
            () -> {
              NodeProcess p = nodes.get(name).process;
              if (!p.isAlive()) {
                throw new AssertionError(
                    name + " exited with " + p.awaitExit(1) + ":\n" + tail(p.output()));
              }
              servers(name);
              return true;
            });
  }

  NodeProcess process(String name) {
    return nodes.get(name).process;
  }

  int metricsPort(String name) {
    return nodes.get(name).metrics;
  }

  Path dataDir(String name) {
    return root.resolve(name + "-data");
  }

  /** SIGTERM to every node at once, then waits for all of them; returns the exit codes. */
  Map<String, Integer> terminateAllAtOnce() throws InterruptedException {
    for (Node node : nodes.values()) {
      ProcessHandle.of(node.process.pid()).ifPresent(ProcessHandle::destroy);
    }
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (Node node : nodes.values()) {
      codes.put(node.name, node.process.terminate());
    }
    return codes;
  }

  /** SIGKILL to every node at once. */
  void killAllAtOnce() throws InterruptedException {
    killAtOnce(NAMES);
  }

  /** SIGKILL to the nodes {@code names} at once. */
  void killAtOnce(List<String> names) throws InterruptedException {
    for (String name : names) {
      ProcessHandle.of(nodes.get(name).process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (String name : names) {
      nodes.get(name).process.kill();
    }
  }

  /**
   * Deletes {@code name}'s data-dir and everything in it, as a lost disk; the node must be down.
   */
  void wipeDataDir(String name) throws IOException {
    if (process(name).isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    try (Stream<Path> paths = Files.walk(dataDir(name))) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The cluster id {@code name}'s latest start logged, and how it started. */
  StartLine startLine(String name) throws IOException {
    String output = nodes.get(name).process.output();
    Matcher m = CLUSTER_LINE.matcher(output);
    assertThat(m.find()).as(name + " logged the cluster it serves:\n" + tail(output)).isTrue();
    return new StartLine(m.group(1), m.group(2));
  }

  /** The cluster a start chose, and how ("recovered from ...", "new member"). */
  record StartLine(String clusterId, String how) {}

  /** The servers as {@code via} reports them. */
  List<Server> servers(String via) {
    return KVGrpc.newBlockingStub(channel(via))
        .withDeadlineAfter(3, TimeUnit.SECONDS)
        .getServers(Empty.getDefaultInstance())
        .getServersList();
  }

  /** Waits until {@code via} reports exactly the three nodes as voters, one of them leading. */
  void awaitThreeVoters(String via, Duration atMost) {
    await(via + " reports voters " + NAMES)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              List<Server> servers = servers(via);
              List<String> voters =
                  servers.stream().filter(Server::getIsVoter).map(Server::getId).sorted().toList();
              return voters.equals(NAMES) && servers.stream().anyMatch(Server::getIsLeader);
            });
  }

  ManagedChannel channel(String name) {
    return channels.computeIfAbsent(
        name,
        n -> NettyChannelBuilder.forAddress("127.0.0.1", nodes.get(n).rpc).usePlaintext().build());
  }

  static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
  }

  @Override
  public void close() throws InterruptedException {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (Node node : nodes.values()) {
      if (node.process != null) {
        node.process.close();
      }
    }
  }
}
