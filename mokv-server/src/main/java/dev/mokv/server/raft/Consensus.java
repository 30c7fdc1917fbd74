package dev.mokv.server.raft;

import dev.mokv.api.ReadConsistency;
import dev.mokv.server.config.RaftOptions;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.kv.KvStore.Versioned;
import dev.mokv.server.kv.StoreMetrics;
import dev.mokv.server.raft.proto.Command;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.server.RaftServer;
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

  private final KvStore store;
  private final PublishedAddresses addresses;
  private final KvStateMachine stateMachine;
  private final RaftReplica replica;
  private final RenewingRaftClient client;
  private final RaftGateway gateway;
  private final WriteBatcher writes;
  private final ReadBarrier reads;
  private final ServerViews views;
  private final AddressPublisher publisher;
  private final ClusterAdmin admin;
  private final RaftChangeListeners raftChanges = new RaftChangeListeners();
  private final ReplicaHalt halt = new ReplicaHalt();
  private final LogWriteFailure logFailure = new LogWriteFailure();

  /**
   * The outcome of a write: the store's revision after it, and (Delete) whether the key existed.
   */
  public record WriteResult(long revision, boolean existed) {}

  /** One server of the Raft configuration. */
  public record ServerView(
      String id, String raftAddress, Optional<String> rpcAddress, boolean leader, boolean voter) {}

  private Consensus(RaftOptions config, GroupPlan plan, KvStore store, StoreMetrics storeMetrics)
      throws IOException {
    this.store = store;
    this.addresses = new PublishedAddresses();
    this.stateMachine =
        new KvStateMachine(store, addresses, raftChanges, storeMetrics, halt, logFailure);
    this.replica = new RaftReplica(config, plan.group(), stateMachine);
    this.client =
        new RenewingRaftClient(
            () ->
                RaftClients.create(
                    config, plan, RaftSettings.client(config), RaftSettings.retryPolicy(config)));
    this.gateway = new RaftGateway(replica, client);
    this.writes =
        new WriteBatcher(
            gateway::write,
            RaftSettings.WRITE_BATCHES_IN_FLIGHT,
            RaftSettings.WRITE_BATCH_COMMANDS,
            RaftSettings.WRITE_BATCH_BYTES,
            RaftSettings.WRITE_QUEUE_BYTES,
            config.requestTimeout());
    this.reads =
        new ReadBarrier(
            gateway::readIndex, RaftSettings.READ_ROUNDS_IN_FLIGHT, config.requestTimeout());
    this.views = new ServerViews(replica, addresses, stateMachine);
    this.publisher =
        new AddressPublisher(
            config.nodeName(),
            config.rpcAddress().toString(),
            addresses,
            command -> writes.submit(command, config.requestTimeout()));
    this.admin =
        new ClusterAdmin(
            RaftClients.create(
                config, plan, RaftSettings.adminClient(), RaftSettings.adminRetryPolicy()),
            replica::division,
            replica.selfId(),
            addresses::rpcAddress);
  }

  /** Starts the Raft server on the group of {@code plan}, its metrics registered nowhere. */
  public static Consensus start(RaftOptions config, GroupPlan plan, KvStore store)
      throws IOException {
    return start(config, plan, store, new PrometheusRegistry());
  }

  /**
   * Starts the Raft server on the group of {@code plan} and registers the Raft and store metrics
   * (Ratis's own included) into {@code registry}.
   */
  public static Consensus start(
      RaftOptions config, GroupPlan plan, KvStore store, PrometheusRegistry registry)
      throws IOException {
    StartupDiagnostics.requirePortFree(config.raftAddress().host(), config.raftAddress().port());
    Consensus consensus =
        new Consensus(config, plan, store, StoreMetrics.register(registry, store));
    try {
      consensus.replica.start();
    } catch (IOException e) {
      consensus.closeQuietly();
      throw e;
    }
    consensus.publisher.start();
    RaftMetrics.register(registry, consensus);
    WriteQueueMetrics.register(registry, consensus.writes);
    return consensus;
  }

  public KvStore store() {
    return store;
  }

  /** Sets {@code key}; completes after commit and apply, or fails (see ServerErrors). */
  public CompletableFuture<WriteResult> set(
      String key, com.google.protobuf.ByteString value, Duration timeout) {
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
   * Reads {@code key} at {@code consistency}. LINEARIZABLE: after a ReadIndex round (shared with
   * the reads that arrived at the same time) this node has applied every write committed before the
   * read began, and the local store answers. STALE: the local copy, at once.
   *
   * @throws IllegalArgumentException for a consistency this version does not know
   */
  public CompletableFuture<Optional<Versioned>> get(
      String key, ReadConsistency consistency, Duration timeout) {
    return switch (consistency) {
      case STALE -> CompletableFuture.completedFuture(store.get(key));
      case LINEARIZABLE ->
          reads
              .await()
              .thenApply(ignored -> store.get(key))
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      default -> throw new IllegalArgumentException("unknown read consistency " + consistency);
    };
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

  /** The servers of the current Raft configuration, voters first, sorted by id. */
  public List<ServerView> servers() {
    return views.servers();
  }

  /** The current leader's id, if this node knows one. */
  public Optional<String> leaderId() {
    return views.leaderId();
  }

  /** The client (gRPC) address a member published, if any. */
  public Optional<String> rpcAddressOf(String nodeName) {
    return addresses.rpcAddress(nodeName);
  }

  /** Whether this node leads the group now. */
  public boolean isLeader() {
    return replica.isLeader();
  }

  /** A point-in-time view of this node's Raft state, for health, metrics and tests. */
  public RaftStatus status() {
    return views.status();
  }

  KvStateMachine stateMachine() {
    return stateMachine;
  }

  /**
   * Ratis's live view of this replica (role, leader contact, log indexes), for health checks that
   * judge it; read it, never drive it.
   *
   * @throws IllegalStateException when the Raft group is not running
   */
  public RaftServer.Division division() {
    return replica.division();
  }

  /** Membership changes of the Raft configuration. */
  public ClusterAdmin admin() {
    return admin;
  }

  /** The Raft group id, which is also the cluster id. */
  public String clusterId() {
    return replica.groupId().getUuid().toString();
  }

  /**
   * Registers {@code listener} to run (on a Ratis thread; it must not block) whenever the leader or
   * the configuration changes.
   */
  public void onRaftChange(Runnable listener) {
    raftChanges.add(listener);
  }

  /** Whether, and why, this replica stopped applying the log (then its Raft division is closed). */
  public ReplicaHalt halt() {
    return halt;
  }

  /** Where a failure to write the Raft log is recorded; the node stops on it (RaftWatchdog). */
  public LogWriteFailure logFailure() {
    return logFailure;
  }

  /** Configuration entries applied since this process started (including replayed ones). */
  public long configurationChanges() {
    return stateMachine.configurationChanges();
  }

  @Override
  public void close() throws IOException {
    publisher.close();
    try {
      admin.close();
      gateway.close();
      client.close();
    } finally {
      replica.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      log.debug("Error while closing after a failed start", e);
    }
  }
}
