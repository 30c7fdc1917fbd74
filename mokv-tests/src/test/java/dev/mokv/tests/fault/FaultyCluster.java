package dev.mokv.tests.fault;

import com.google.protobuf.Empty;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.tests.harness.Cluster;
import dev.mokv.tests.harness.ClusterNode;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import dev.mokv.tests.harness.ProcessNode;
import dev.mokv.tests.harness.ServerReports;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real {@code mokv} processes whose Raft links run through {@link FaultProxy}s, one per directed
 * pair of nodes, so that a test can partition, cut one way, delay or disturb any link.
 *
 * <p>How links are told apart on one machine: every node gets its own hosts file ({@code
 * -Djdk.net.hosts.file}) in which peer {@code B}'s Raft host name {@code raft-B} resolves to {@code
 * 127.0.A.B} — a loopback address unique to the link A→B — where B's proxy for A listens and
 * forwards to B's real Raft port. The cluster is formed through {@code initial-cluster} with those
 * host names. Client and gossip traffic are not proxied.
 */
public final class FaultyCluster implements Cluster {

  /** One node: its process and ports. */
  public record Node(
      int index, String name, NodeProcess process, int rpcPort, int raftPort, int gossipPort) {
    public String rpcEndpoint() {
      return "127.0.0.1:" + rpcPort;
    }

    /** The gossip address, {@code host:port}, as {@code start-join-addrs} names it. */
    public String gossipAddress() {
      return "127.0.0.1:" + gossipPort;
    }
  }

  private final Path root;
  private final long seed;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, FaultProxy> links = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private final List<String> extraArgs;
  private final Map<String, Integer> incarnations = new java.util.concurrent.ConcurrentHashMap<>();

  private FaultyCluster(Path root, long seed, List<String> extraArgs) {
    this.root = root;
    this.seed = seed;
    this.extraArgs = extraArgs;
  }

  /** Starts {@code size} nodes {@code f1..fN}; {@code extraArgs} go to every node. */
  public static FaultyCluster start(int size, Path root, long seed, String... extraArgs)
      throws IOException {
    FaultyCluster cluster = new FaultyCluster(root, seed, List.of(extraArgs));
    try {
      cluster.create(size);
      for (Node node : cluster.nodes.values()) {
        cluster.launch(node);
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void create(int size) throws IOException {
    StringBuilder initialCluster = new StringBuilder();
    List<Node> created = new ArrayList<>();
    String seedGossip = null;
    for (int i = 1; i <= size; i++) {
      String name = "f" + i;
      Node node = new Node(i, name, null, Ports.free(), Ports.free(), Ports.free());
      created.add(node);
      initialCluster
          .append(i > 1 ? "," : "")
          .append(name)
          .append("=raft-")
          .append(name)
          .append(':')
          .append(node.raftPort());
      if (seedGossip == null) {
        seedGossip = node.gossipAddress();
      }
    }
    for (Node node : created) {
      Path hosts = root.resolve(node.name() + ".hosts");
      // The file replaces name resolution in that JVM: it must also know this machine's names.
      StringBuilder lines =
          new StringBuilder("127.0.0.1 localhost ").append(localHostName()).append('\n');
      for (Node peer : created) {
        String ip = peer == node ? "127.0.0.1" : linkAddress(node, peer);
        lines.append(ip).append(" raft-").append(peer.name()).append('\n');
      }
      Files.writeString(hosts, lines, StandardCharsets.UTF_8);
      Path config = root.resolve(node.name() + ".yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "node-name: " + node.name(),
              "data-dir: " + root.resolve(node.name()),
              "bind-addr: 127.0.0.1:" + node.gossipPort(),
              "rpc-port: " + node.rpcPort(),
              "raft-port: " + node.raftPort(),
              "metrics-port: " + Ports.free(),
              "initial-cluster: " + initialCluster,
              node.index() == 1 ? "start-join-addrs: []" : "start-join-addrs: [" + seedGossip + "]",
              // A restart in a fault scenario must not shrink the cluster.
              "leave-on-terminate: false",
              ""),
          StandardCharsets.UTF_8);
      NodeProcess process =
          new NodeProcess(node.name(), config, root.resolve(node.name() + ".log"))
              .withJvmArgs("-Djdk.net.hosts.file=" + hosts);
      nodes.put(
          node.name(),
          new Node(
              node.index(),
              node.name(),
              process,
              node.rpcPort(),
              node.raftPort(),
              node.gossipPort()));
    }
    for (Node from : created) {
      for (Node to : created) {
        if (from != to) {
          links.put(
              linkName(from.name(), to.name()),
              new FaultProxy(
                  linkName(from.name(), to.name()),
                  linkAddress(from, to),
                  to.raftPort(),
                  new InetSocketAddress("127.0.0.1", to.raftPort()),
                  seed * 31 + from.index() * 7L + to.index()));
        }
      }
    }
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static String linkAddress(Node from, Node to) {
    return "127.0." + from.index() + "." + to.index();
  }

  private static String linkName(String from, String to) {
    return from + "->" + to;
  }

  /**
   * Starts the node's process with the cluster's arguments, then {@code more} (this start only).
   */
  private void launch(Node node, String... more) throws IOException {
    incarnations.merge(node.name(), 1, Integer::sum);
    List<String> args = new ArrayList<>(extraArgs);
    args.addAll(List.of(more));
    node.process().start(args.toArray(String[]::new));
  }

  /**
   * {@code name#n} for the n-th start of the node: a restarted node replays its log before it
   * catches up, so stale reads are only monotonic within one incarnation.
   */
  public String incarnation(String name) {
    return name + "#" + incarnations.getOrDefault(name, 0);
  }

  public Collection<Node> nodes() {
    return nodes.values();
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  @Override
  public List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  /** {@inheritDoc} Its {@link ClusterNode#start()} is {@link #restart}. */
  @Override
  public ClusterNode member(String name) {
    Node node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no node " + name + " in " + names());
    }
    return new ProcessNode(
        node.process(),
        node.rpcEndpoint(),
        root.resolve(name),
        () -> channel(name),
        () -> restart(name));
  }

  /** {@inheritDoc} Asks every running process for its servers; a cut-off node never agrees. */
  @Override
  public String awaitLeader() {
    return ServerReports.awaitLeader(runningChannels(), Duration.ofSeconds(60));
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

  public List<String> endpoints() {
    return nodes.values().stream().map(Node::rpcEndpoint).toList();
  }

  /** The link carrying connections that {@code from} opens to {@code to}. */
  public FaultProxy link(String from, String to) {
    return links.get(linkName(from, to));
  }

  /** Blocks every link between the two sides, both ways. */
  public void partition(Set<String> side) {
    for (String a : side) {
      for (String b : nodes.keySet()) {
        if (!side.contains(b)) {
          link(a, b).block();
          link(b, a).block();
        }
      }
    }
  }

  /** Restores every link to normal. */
  public void healNetwork() {
    links.values().forEach(FaultProxy::heal);
  }

  /** Applies {@code action} to every link. */
  public void allLinks(java.util.function.Consumer<FaultProxy> action) {
    links.values().forEach(action);
  }

  /**
   * Starts an extra node that joins through gossip (the leader adds it as a voter), with
   * leave-on-terminate, so that {@link #stopJoiner} makes it leave again. Its Raft links are not
   * proxied.
   */
  public Node startJoiner(String name) throws IOException {
    Node first = nodes.values().iterator().next();
    Node joiner = new Node(nodes.size() + 1, name, null, Ports.free(), Ports.free(), Ports.free());
    Path config = root.resolve(name + ".yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "node-name: " + name,
            "data-dir: " + root.resolve(name),
            "bind-addr: 127.0.0.1:" + joiner.gossipPort(),
            "rpc-port: " + joiner.rpcPort(),
            "raft-port: " + joiner.raftPort(),
            "metrics-port: " + Ports.free(),
            "start-join-addrs: [127.0.0.1:" + first.gossipPort() + "]",
            "leave-on-terminate: true",
            ""),
        StandardCharsets.UTF_8);
    NodeProcess process = new NodeProcess(name, config, root.resolve(name + ".log"));
    Node node =
        new Node(
            joiner.index(),
            name,
            process,
            joiner.rpcPort(),
            joiner.raftPort(),
            joiner.gossipPort());
    nodes.put(name, node);
    launch(node);
    return node;
  }

  /** SIGTERM to a node started by {@link #startJoiner}: it leaves the cluster; then forgets it. */
  public int stopJoiner(String name) throws InterruptedException {
    Node node = nodes.remove(name);
    ManagedChannel channel = channels.remove(name);
    if (channel != null) {
      channel.shutdownNow();
    }
    return node.process().terminate();
  }

  /** SIGKILL. */
  public void kill(String name) throws InterruptedException {
    nodes.get(name).process().kill();
  }

  /** Starts a stopped node again on its data-dir; {@code more} arguments go to this start only. */
  public void restart(String name, String... more) throws IOException {
    launch(nodes.get(name), more);
  }

  /** The leader, as the given node reports it, if it knows one. */
  public Optional<String> leaderSeenBy(String name) {
    try {
      return KVGrpc.newBlockingStub(channel(name))
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getServers(Empty.getDefaultInstance())
          .getServersList()
          .stream()
          .filter(Server::getIsLeader)
          .map(Server::getId)
          .findFirst();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The leader that every reachable running node agrees on, if any. */
  public Optional<String> agreedLeader(Collection<String> among) {
    Set<Optional<String>> seen = among.stream().map(this::leaderSeenBy).collect(Collectors.toSet());
    if (seen.size() == 1) {
      Optional<String> only = seen.iterator().next();
      if (only.isPresent() && among.contains(only.get())) {
        return only;
      }
    }
    return Optional.empty();
  }

  public ManagedChannel channel(String name) {
    return channels.computeIfAbsent(
        name,
        n ->
            NettyChannelBuilder.forAddress("127.0.0.1", nodes.get(n).rpcPort())
                .usePlaintext()
                .build());
  }

  /** The last {@code lines} lines of every node's output, for a failure report. */
  public String tailLogs(int lines) {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes.values()) {
      try {
        List<String> all = node.process().output().lines().toList();
        out.append("---- ").append(node.name()).append(" ----\n");
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append("(no log: ").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }

  public long seed() {
    return seed;
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (Node node : nodes.values()) {
      try {
        if (node.process() != null) {
          node.process().close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    links.values().forEach(FaultProxy::close);
  }
}
