package dev.mokv.server.membership;

import static org.awaitility.Awaitility.await;

import dev.mokv.server.config.HostPort;
import dev.mokv.server.config.InitialMember;
import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.membership.MembershipEvent.Type;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.GroupPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.util.ExitUtils;

/**
 * A real Raft group in this JVM, one {@link Consensus} per node on free loopback ports, each node
 * with its own {@link ScriptedMembership} view and its own {@link VoterReconciler}, wired as {@code
 * MokvNode} wires them. Only Raft listens; the gRPC, metrics and gossip ports are picked but
 * unused.
 *
 * <p>A node's Raft port stays bound by a placeholder from the moment it is picked until just before
 * its Raft server binds it: otherwise an outgoing connection of an earlier node (they use the same
 * ephemeral range) may take it in between. Should a bind fail anyway, the test fails instead of
 * Ratis exiting the JVM.
 *
 * <p>It serves the reconciler's tests here; the parts {@code raft}'s tests use are public.
 */
public final class LocalRaftGroup implements AutoCloseable {

  static {
    ExitUtils.disableSystemExit();
  }

  static final Duration ELECTION_TIMEOUT = Duration.ofMillis(500);
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration SETTLE = Duration.ofSeconds(20);

  /** One node: its config, its gossip view, its reconciler and, once started, its Raft. */
  public static final class Node {
    public final String name;
    final NodeConfig config;
    final ScriptedMembership membership;
    final VoterReconciler reconciler;
    private final List<List<String>> voterHistory = new CopyOnWriteArrayList<>();
    private final ServerSocket raftPortHold;
    public volatile Consensus consensus;
    volatile boolean stopped;

    private Node(
        String name, NodeConfig config, ServerSocket raftPortHold, String clusterId, Clock clock) {
      this.name = name;
      this.config = config;
      this.raftPortHold = raftPortHold;
      this.membership = new ScriptedMembership(member(config, clusterId));
      this.reconciler = new VoterReconciler(membership, name, config.deadServerCleanup(), clock);
      membership.addListener(reconciler);
    }

    /** Unbinds the placeholder on this node's Raft port: from now on nothing listens there. */
    void freeRaftPort() throws IOException {
      raftPortHold.close();
    }

    /** This node as gossip would advertise it once it knows the cluster id. */
    public Member member() {
      return membership.self();
    }

    /** Voters in this node's view of the Raft configuration. */
    public List<String> voters() {
      return consensus.admin().voters();
    }

    public boolean isLeader() {
      return consensus.isLeader();
    }

    /**
     * The voter sets this node's configuration went through since its Raft started, each listed
     * once per change: one entry per configuration change, whatever the number of rounds.
     */
    List<List<String>> voterHistory() {
      return List.copyOf(voterHistory);
    }

    private synchronized void recordVoters() {
      List<String> voters = consensus.admin().voters();
      if (voterHistory.isEmpty() || !voterHistory.get(voterHistory.size() - 1).equals(voters)) {
        voterHistory.add(voters);
      }
    }

    /** Writes through this node's Raft client and waits for the commit. */
    public long write(String key, String value) {
      return consensus
          .set(key, com.google.protobuf.ByteString.copyFromUtf8(value), WRITE_TIMEOUT)
          .join()
          .revision();
    }

    static Member member(NodeConfig config, String clusterId) {
      return new Member(
          config.nodeName(),
          config.rpcAddress().toString(),
          config.raftAddress().toString(),
          clusterId,
          Member.Status.ALIVE);
    }
  }

  private final Path root;
  private final Duration deadServerCleanup;
  private final Clock clock;
  private final Duration reconcileInterval;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private GroupPlan formedPlan;

  /**
   * @param reconcileInterval how often each reconciler runs a round on its own, besides on events
   */
  public LocalRaftGroup(
      Path root, Duration deadServerCleanup, Clock clock, Duration reconcileInterval) {
    this.root = root;
    this.deadServerCleanup = deadServerCleanup;
    this.clock = clock;
    this.reconcileInterval = reconcileInterval;
  }

  /**
   * Starts the named nodes as one group through {@code initial-cluster}; every node's gossip view
   * lists all of them. Returns once a leader is elected.
   */
  public LocalRaftGroup form(String... names) throws IOException {
    Map<String, Ports> ports = new LinkedHashMap<>();
    List<InitialMember> initial = new ArrayList<>();
    for (String name : names) {
      Ports p = Ports.pick();
      ports.put(name, p);
      initial.add(new InitialMember(name, new HostPort("127.0.0.1", p.raft())));
    }
    List<Node> formed = new ArrayList<>();
    for (String name : names) {
      Ports p = ports.get(name);
      NodeConfig config = config(name, p).initialCluster(initial).build();
      if (formedPlan == null) {
        formedPlan = GroupPlan.of(config);
      }
      Node node = new Node(name, config, p.raftHold(), clusterId(), clock);
      nodes.put(name, node);
      formed.add(node);
    }
    for (Node node : formed) {
      for (Node other : formed) {
        if (other != node) {
          node.membership.happenUnseen(Type.JOINED, other.member());
        }
      }
    }
    for (Node node : formed) {
      start(node, GroupPlan.of(node.config));
    }
    awaitLeader();
    return this;
  }

  /**
   * Creates a node that will join the group, with ports reserved and a view of the formed nodes,
   * but no Raft yet: start it with {@link #startJoiner}. No one's gossip view lists it yet.
   */
  Node prepareJoiner(String name) throws IOException {
    Ports ports = Ports.pick();
    Node node = new Node(name, config(name, ports).build(), ports.raftHold(), clusterId(), clock);
    for (Node other : nodes.values()) {
      node.membership.happenUnseen(Type.JOINED, other.member());
    }
    nodes.put(name, node);
    return node;
  }

  /** Starts the Raft server of a joiner: it knows the group id only and waits to be added. */
  Node startJoiner(Node node) throws IOException {
    start(node, GroupPlan.join(formedPlan.groupId()));
    return node;
  }

  /** Prepares and starts a joiner. */
  public Node startJoiner(String name) throws IOException {
    return startJoiner(prepareJoiner(name));
  }

  private void start(Node node, GroupPlan plan) throws IOException {
    node.freeRaftPort();
    Consensus consensus = Consensus.start(node.config.raft(), plan, new KvStore());
    node.consensus = consensus;
    node.recordVoters();
    consensus.onRaftChange(node::recordVoters);
    consensus.onRaftChange(node.reconciler::trigger);
    node.reconciler.start(consensus.admin(), consensus.clusterId(), reconcileInterval);
  }

  /** Delivers {@code type} about {@code member} to the view of every running node but its own. */
  public void gossip(Type type, Member member) {
    for (Node node : running()) {
      if (!node.name.equals(member.nodeName())) {
        node.membership.happen(type, member);
      }
    }
  }

  /** Changes every running node's view like {@link #gossip}, but no reconciler hears of it. */
  void gossipUnseen(Type type, Member member) {
    for (Node node : running()) {
      if (!node.name.equals(member.nodeName())) {
        node.membership.happenUnseen(type, member);
      }
    }
  }

  /** Stops a node as a crash would: its reconciler and Raft server go away at once. */
  public void crash(String name) throws IOException {
    Node node = node(name);
    node.stopped = true;
    node.reconciler.close();
    node.consensus.close();
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  /** Every node ever created here, running or not. */
  List<Node> all() {
    return List.copyOf(nodes.values());
  }

  /** Nodes whose Raft server is running. */
  List<Node> running() {
    return nodes.values().stream().filter(n -> n.consensus != null && !n.stopped).toList();
  }

  String clusterId() {
    return formedPlan.groupId().getUuid().toString();
  }

  RaftGroupId groupId() {
    return formedPlan.groupId();
  }

  /** Waits until exactly one running node leads and every running voter agrees on it. */
  public Node awaitLeader() {
    return await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(50))
        .until(this::agreedLeader, Optional::isPresent)
        .get();
  }

  private Optional<Node> agreedLeader() {
    List<Node> leaders = running().stream().filter(Node::isLeader).toList();
    if (leaders.size() != 1) {
      return Optional.empty();
    }
    Node leader = leaders.get(0);
    for (Node node : running()) {
      if (node.voters().contains(node.name)
          && !node.consensus.leaderId().equals(Optional.of(leader.name))) {
        return Optional.empty();
      }
    }
    return Optional.of(leader);
  }

  /** The running nodes that are not {@code leader}. */
  public List<Node> followersOf(Node leader) {
    return running().stream().filter(n -> n != leader).toList();
  }

  /** Each running node's view of the voters, by node name, as sets. */
  Map<String, Set<String>> votersByNode() {
    Map<String, Set<String>> views = new LinkedHashMap<>();
    for (Node node : running()) {
      views.put(node.name, new TreeSet<>(node.voters()));
    }
    return views;
  }

  private NodeConfig.Builder config(String name, Ports ports) {
    return NodeConfig.builder()
        .dataDir(root.resolve(name))
        .nodeName(name)
        .bindAddr(new HostPort("127.0.0.1", ports.gossip()))
        .rpcPort(ports.rpc())
        .raftPort(ports.raft())
        .metricsPort(ports.metrics())
        .electionTimeout(ELECTION_TIMEOUT)
        .deadServerCleanup(deadServerCleanup);
  }

  /** A node's four distinct ports; the Raft one still bound by {@code raftHold}. */
  private record Ports(int gossip, int rpc, int raft, int metrics, ServerSocket raftHold) {

    static Ports pick() throws IOException {
      ServerSocket raftHold = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      int[] others = new int[3];
      List<ServerSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < others.length; i++) {
          ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          sockets.add(socket);
          others[i] = socket.getLocalPort();
        }
      } finally {
        for (ServerSocket socket : sockets) {
          socket.close();
        }
      }
      return new Ports(others[0], others[1], raftHold.getLocalPort(), others[2], raftHold);
    }
  }

  @Override
  public void close() {
    List<Exception> failures = new ArrayList<>();
    for (Node node : nodes.values()) {
      node.reconciler.close();
      try {
        node.freeRaftPort();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    for (Node node : nodes.values()) {
      if (node.consensus != null && !node.stopped) {
        try {
          node.stopped = true;
          node.consensus.close();
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      UncheckedIOException error =
          new UncheckedIOException(new IOException("closing the group failed"));
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }
}
