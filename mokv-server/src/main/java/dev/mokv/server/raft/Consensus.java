package dev.mokv.server.raft;

import dev.mokv.server.NodeConfig;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.kv.KvStore.Versioned;
import dev.mokv.server.kv.StoreMetrics;
import dev.mokv.server.raft.proto.Command;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's view of Raft: write, read at a consistency, who leads, which servers exist.
 *
 * <p>Writes on the leader go to its Raft server in-process; on a follower through a Ratis client
 * that follows the leader, so any node accepts them. They complete after the entry is committed on
 * a majority and applied. LINEARIZABLE reads run ReadIndex on this node (leader or follower); STALE
 * reads never touch Raft.
 *
 * <p>Internal to the server; not API.
 */
public final class Consensus implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(Consensus.class);

  private final NodeConfig config;
  private final KvStore store;
  private final MemberDirectory members;
  private final KvStateMachine stateMachine;
  private final RaftServer server;
  private final RenewingRaftClient client;
  private final LocalRaft local;
  private final WriteBatcher writes;
  private final ReadBarrier reads;
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final ScheduledExecutorService background;
  private final ClusterAdmin admin;
  private final List<Runnable> raftChangeListeners = new CopyOnWriteArrayList<>();
  private final ReplicaHalt halt = new ReplicaHalt();

  /**
   * The outcome of a write: the store's revision after it, and (Delete) whether the key existed.
   */
  public record WriteResult(long revision, boolean existed) {}

  /** One server of the Raft configuration. */
  public record ServerView(
      String id, String raftAddress, Optional<String> rpcAddress, boolean leader, boolean voter) {}

  private Consensus(NodeConfig config, GroupPlan plan, KvStore store, StoreMetrics storeMetrics)
      throws IOException {
    this.config = config;
    this.store = store;
    this.members = new MemberDirectory();
    this.stateMachine = new KvStateMachine(store, members, this::raftChanged, storeMetrics, halt);
    this.selfId = RaftPeerId.valueOf(config.nodeName());
    this.group = plan.group();
    this.server =
        RaftServer.newBuilder()
            .setServerId(selfId)
            .setGroup(group)
            .setProperties(RaftSettings.server(config))
            .setStateMachine(stateMachine)
            // FORMAT (the default) refuses an existing dir; RECOVER loads it or formats a new one.
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    this.client =
        new RenewingRaftClient(
            () ->
                newClient(
                    config, plan, RaftSettings.client(config), RaftSettings.retryPolicy(config)));
    this.local = new LocalRaft(server, group.getGroupId(), selfId, this::isLeader, client);
    this.writes =
        new WriteBatcher(
            local::write,
            RaftSettings.WRITE_BATCHES_IN_FLIGHT,
            RaftSettings.WRITE_BATCH_COMMANDS,
            RaftSettings.WRITE_BATCH_BYTES,
            RaftSettings.WRITE_QUEUE_BYTES,
            config.requestTimeout());
    this.reads =
        new ReadBarrier(
            this::readIndexRound, RaftSettings.READ_ROUNDS_IN_FLIGHT, config.requestTimeout());
    this.admin =
        new ClusterAdmin(
            newClient(config, plan, RaftSettings.adminClient(), RaftSettings.adminRetryPolicy()),
            this::division,
            selfId);
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mokv-consensus-" + config.nodeName());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the Raft server on the group of {@code plan}, its metrics registered nowhere. */
  public static Consensus start(NodeConfig config, GroupPlan plan, KvStore store)
      throws IOException {
    return start(config, plan, store, new PrometheusRegistry());
  }

  /**
   * Starts the Raft server on the group of {@code plan} and registers the Raft and store metrics
   * (Ratis's own included) into {@code registry}.
   */
  public static Consensus start(
      NodeConfig config, GroupPlan plan, KvStore store, PrometheusRegistry registry)
      throws IOException {
    requirePortFree(config.advertisedHost(), config.raftPort());
    Consensus consensus =
        new Consensus(config, plan, store, StoreMetrics.register(registry, store));
    try {
      consensus.server.start();
    } catch (IOException | RuntimeException e) {
      consensus.closeQuietly();
      // Ratis wraps the cause (a corrupt snapshot or log segment, a port in use) in layers of
      // CompletionException and IllegalStateException; the operator needs the innermost story.
      String reason =
          LogSegmentCheck.findCorruptSegment(config.dataDir()).orElseGet(() -> causeChain(e));
      throw new IOException("cannot start Raft on data-dir " + config.dataDir() + ": " + reason, e);
    }
    consensus.background.execute(consensus::publishSelf);
    RaftMetrics.register(registry, consensus);
    WriteQueueMetrics.register(registry, consensus.writes);
    return consensus;
  }

  private RaftClient newClient(
      NodeConfig config, GroupPlan plan, RaftProperties properties, RetryPolicy retryPolicy) {
    // The client must know this node even when it joins a group with no initial peers, so that
    // reads can be addressed to the local server.
    List<RaftPeer> peers = new ArrayList<>(plan.peers());
    if (peers.stream().noneMatch(p -> p.getId().equals(selfId))) {
      peers.add(GroupPlan.peer(config.nodeName(), config.raftAddress().toString()));
    }
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setRaftGroup(RaftGroup.valueOf(plan.groupId(), peers))
        .setRetryPolicy(retryPolicy)
        .build();
  }

  public KvStore store() {
    return store;
  }

  /** Sets {@code key}; completes after commit and apply, or fails (see ServerErrors). */
  public CompletableFuture<WriteResult> set(String key, byte[] value, Duration timeout) {
    return write(Commands.set(key, value), timeout);
  }

  /** Deletes {@code key}; completes after commit and apply. */
  public CompletableFuture<WriteResult> delete(String key, Duration timeout) {
    return write(Commands.delete(key), timeout);
  }

  private CompletableFuture<WriteResult> write(Command command, Duration timeout) {
    // The batcher owns the deadline: it alone knows whether the command was handed to Raft yet.
    return writes
        .submit(command, timeout)
        .thenApply(result -> new WriteResult(result.getRevision(), result.getExisted()));
  }

  /**
   * Reads {@code key}. Linearizable: after a ReadIndex round (shared with the reads that arrived at
   * the same time) this node has applied every write committed before the read began, and the local
   * store answers. Stale: the local copy, at once.
   */
  public CompletableFuture<Optional<Versioned>> get(
      String key, boolean linearizable, Duration timeout) {
    if (!linearizable) {
      return CompletableFuture.completedFuture(store.get(key));
    }
    return reads
        .await()
        .thenApply(ignored -> store.get(key))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Completes once this node has applied every write committed before the call: after it, the local
   * store may be read as of a linearizable point.
   */
  public CompletableFuture<Long> barrier(Duration timeout) {
    return reads
        .await()
        .thenApply(ignored -> store.revision())
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One ReadIndex round on this node's own Raft server (leader or follower). */
  private CompletableFuture<?> readIndexRound() {
    return local.readOnly(Commands.barrier()).thenApply(Consensus::checkReply);
  }

  private static RaftClientReply checkReply(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      Exception e = reply.getException();
      throw new CompletionException(
          e != null ? e : new IOException("Raft request failed: " + reply));
    }
    return reply;
  }

  private interface ProtoParse<T> {
    T parse() throws IOException;
  }

  private static <T> T parse(ProtoParse<T> parse) {
    try {
      return parse.parse();
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  /** The servers of the current Raft configuration, voters first, sorted by id. */
  public List<ServerView> servers() {
    RaftServer.Division division = division();
    Optional<String> leader = leaderId();
    List<ServerView> views = new ArrayList<>();
    Set<RaftPeerId> seen = new HashSet<>();
    addViews(
        views, seen, division.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER), leader, true);
    addViews(
        views, seen, division.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER), leader, false);
    views.sort((a, b) -> a.voter() != b.voter() ? (a.voter() ? -1 : 1) : a.id().compareTo(b.id()));
    return views;
  }

  private void addViews(
      List<ServerView> views,
      Set<RaftPeerId> seen,
      Collection<RaftPeer> peers,
      Optional<String> leader,
      boolean voter) {
    for (RaftPeer peer : peers) {
      if (seen.add(peer.getId())) {
        String id = peer.getId().toString();
        views.add(
            new ServerView(
                id,
                peer.getAddress(),
                members.rpcAddress(id),
                leader.map(id::equals).orElse(false),
                voter));
      }
    }
  }

  /** The current leader's id, if this node knows one. */
  public Optional<String> leaderId() {
    RaftPeerId leader = division().getInfo().getLeaderId();
    return Optional.ofNullable(leader).map(RaftPeerId::toString);
  }

  /** The client (gRPC) address a member published, if any. */
  public Optional<String> rpcAddressOf(String nodeName) {
    return members.rpcAddress(nodeName);
  }

  public boolean isLeader() {
    return division().getInfo().isLeader();
  }

  /** A point-in-time view of this node's Raft state, for health, metrics and tests. */
  public RaftStatus status() {
    RaftServer.Division division = division();
    return new RaftStatus(
        division.getInfo().getCurrentRole().name(),
        division.getInfo().getCurrentTerm(),
        leaderId(),
        division.getRaftLog().getLastCommittedIndex(),
        division.getInfo().getLastAppliedIndex(),
        division.getRaftLog().getStartIndex(),
        stateMachine.snapshotIndex(),
        stateMachine.loadedFromSnapshot());
  }

  KvStateMachine stateMachine() {
    return stateMachine;
  }

  RaftServer.Division division() {
    try {
      return server.getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new IllegalStateException("Raft group " + group.getGroupId() + " is not running", e);
    }
  }

  /**
   * If this node leads, hands leadership to another voter so the cluster does not wait out an
   * election timeout when it stops. Best effort: failures are logged.
   */
  public void transferLeadershipIfLeader(Duration timeout) {
    if (!isLeader() || admin.voters().size() < 2) {
      return;
    }
    try {
      String to = admin.transferLeadership(Optional.empty(), timeout);
      log.info("Transferred leadership to {}", to);
    } catch (IOException e) {
      log.warn("Leadership transfer failed: {}", e.getMessage());
    }
  }

  /** Membership changes of the Raft configuration. */
  public ClusterAdmin admin() {
    return admin;
  }

  /** The Raft group id, which is also the cluster id. */
  public String clusterId() {
    return group.getGroupId().getUuid().toString();
  }

  /**
   * Registers {@code listener} to run (on a Ratis thread; it must not block) whenever the leader or
   * the configuration changes.
   */
  public void onRaftChange(Runnable listener) {
    raftChangeListeners.add(listener);
  }

  private void raftChanged() {
    for (Runnable listener : raftChangeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("Raft change listener failed", e);
      }
    }
  }

  /** Whether, and why, this replica stopped applying the log (then its Raft division is closed). */
  public ReplicaHalt halt() {
    return halt;
  }

  /** Configuration entries applied since this process started (including replayed ones). */
  public long configurationChanges() {
    return stateMachine.configurationChanges();
  }

  /** Publishes this node's client address through the log, retrying until it is committed. */
  private void publishSelf() {
    String rpc = config.rpcAddress().toString();
    if (members.rpcAddress(config.nodeName()).filter(rpc::equals).isPresent()) {
      return;
    }
    writes
        .submit(Commands.publishMember(config.nodeName(), rpc), config.requestTimeout())
        .whenComplete(
            (result, error) -> {
              if (error != null && !background.isShutdown()) {
                log.debug("Publishing rpc address failed, retrying: {}", error.toString());
                background.schedule(this::publishSelf, 300, TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void close() throws IOException {
    background.shutdownNow();
    try {
      admin.close();
      local.close();
      client.close();
    } finally {
      server.close();
    }
  }

  /**
   * Ratis terminates the JVM when it cannot bind its port, so a taken port is reported here, with
   * the key to change, before Ratis tries.
   */
  private static void requirePortFree(String host, int port) throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IOException(
          "raft-port " + port + " on " + host + " is not free: " + e.getMessage(), e);
    }
  }

  /** The distinct messages of {@code e} and its causes, outermost first. */
  static String causeChain(Throwable e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message == null || chain.indexOf(message) >= 0) {
        continue;
      }
      if (t instanceof java.util.concurrent.CompletionException
          && t.getCause() != null
          && message.equals(t.getCause().toString())) {
        continue;
      }
      chain.append(chain.length() > 0 ? ": " : "").append(message);
    }
    return chain.toString();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      log.debug("Error while closing after a failed start", e);
    }
  }
}
