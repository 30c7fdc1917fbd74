package dev.mokv.server.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.kv.KvStore.DeleteResult;
import dev.mokv.server.kv.StoreMetrics;
import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import dev.mokv.server.raft.proto.QueryResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine over a {@link KvStore}: applies committed command batches, answers
 * queries after ReadIndex, and writes and loads snapshots.
 *
 * <p>Apply runs on Ratis's single state-machine updater thread, which also takes snapshots, so a
 * snapshot is a consistent point in time. Lifecycle: {@link #pause()} and {@link #reinitialize()}
 * are implemented because a follower that installs a snapshot from the leader pauses the state
 * machine and reloads it; without them the division would close for good.
 */
final class KvStateMachine extends BaseStateMachine {

  private static final Logger log = LoggerFactory.getLogger(KvStateMachine.class);

  private final KvStore store;
  private final PublishedAddresses members;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private volatile Path snapshotDir;
  private volatile long snapshotIndex = -1;
  private volatile boolean loadedFromSnapshot;
  private final AtomicLong configurationChanges = new AtomicLong();
  private final AtomicLong leaderChanges = new AtomicLong();
  private final Runnable onRaftChange;
  private final StoreMetrics metrics;
  private final ReplicaHalt halt;
  private final LogWriteFailure logFailure;

  /**
   * @param onRaftChange called (on a Ratis thread; must not block) when the leader or the
   *     configuration changes
   * @param metrics where apply and snapshot times are recorded
   * @param halt where a committed entry that cannot be applied is reported
   * @param logFailure where a failure to write the Raft log is reported
   */
  KvStateMachine(
      KvStore store,
      PublishedAddresses members,
      Runnable onRaftChange,
      StoreMetrics metrics,
      ReplicaHalt halt,
      LogWriteFailure logFailure) {
    this.store = store;
    this.members = members;
    this.onRaftChange = onRaftChange;
    this.metrics = metrics;
    this.halt = halt;
    this.logFailure = logFailure;
  }

  /** Ratis failed to write an entry (or a whole segment, {@code failedEntry} null) of the log. */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    String what =
        failedEntry == null
            ? "a log segment"
            : "the entry at log index "
                + failedEntry.getIndex()
                + " (term "
                + failedEntry.getTerm()
                + ")";
    String reason = "its Raft log could not be written (" + what + "): " + cause;
    if (logFailure.record(reason)) {
      log.error("Raft log write failed: {}", reason, cause);
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    leaderChanges.incrementAndGet();
    onRaftChange.run();
  }

  /** Leader changes this node has seen since the process started (a lost leader included). */
  long leaderChanges() {
    return leaderChanges.get();
  }

  @Override
  public void notifyConfigurationChanged(
      long term, long index, RaftConfigurationProto newRaftConfiguration) {
    configurationChanges.incrementAndGet();
    onRaftChange.run();
  }

  /** Configuration entries applied since this process started (including replayed ones). */
  long configurationChanges() {
    return configurationChanges.get();
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    getLifeCycle()
        .startAndTransition(
            () -> {
              super.initialize(server, groupId, raftStorage);
              storage.init(raftStorage);
              snapshotDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
              loadLatestSnapshot();
              checkLogIsContiguous(raftStorage.getStorageDir().getCurrentDir().toPath());
            });
  }

  @Override
  public void pause() {
    // Ratis asserts PAUSED before it reloads the state machine from an installed snapshot.
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    // The leader has just written a newer snapshot into our directory: re-scan, don't trust caches.
    loadLatestSnapshot();
    log.info("Reinitialized from the snapshot installed by the leader, at index {}", snapshotIndex);
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  private void loadLatestSnapshot() throws IOException {
    SingleFileSnapshotInfo latest = StateSnapshots.findLatest(snapshotDir);
    if (latest == null) {
      return;
    }
    File file = latest.getFile().getPath().toFile();
    StateSnapshots.load(file.toPath(), store, members);
    setLastAppliedTermIndex(latest.getTermIndex());
    storage.updateLatestSnapshot(latest);
    snapshotIndex = latest.getIndex();
    loadedFromSnapshot = true;
    log.info(
        "Loaded snapshot {} at index {}: {} keys, revision {}",
        file,
        latest.getIndex(),
        store.size(),
        store.revision());
  }

  /**
   * Refuses to start when the log was purged past what the snapshot covers: the entries between are
   * gone, and replaying from the log start would silently build a store missing them (what a
   * deleted snapshot file looks like).
   */
  private void checkLogIsContiguous(Path logDir) throws IOException {
    long applied = loadedFromSnapshot ? snapshotIndex : -1;
    Optional<Long> first = LogSegmentCheck.firstIndex(logDir);
    if (first.isPresent() && first.get() > applied + 1) {
      throw new IOException(
          "the Raft log in "
              + logDir
              + " starts at index "
              + first.get()
              + " but no snapshot in "
              + snapshotDir
              + " covers the entries before it"
              + (loadedFromSnapshot ? " (newest snapshot ends at " + snapshotIndex + ")" : "")
              + "; was a snapshot file deleted?");
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    long started = System.nanoTime();
    StateSnapshots.write(store, members, file.toPath());
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    snapshotIndex = last.getIndex();
    metrics.snapshotWritten(System.nanoTime() - started, Files.size(file.toPath()));
    log.info(
        "Wrote snapshot {} at index {} ({} keys) in {} ms",
        file.getName(),
        last.getIndex(),
        store.size(),
        (System.nanoTime() - started) / 1_000_000);
    return last.getIndex();
  }

  /**
   * Rejects, on the leader and before it enters the log, a command that would not decode. The
   * decoded batch rides along in the transaction, so that the leader does not decode it again when
   * it applies it (Ratis hands the leader's apply the same transaction).
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    CommandBatch batch;
    try {
      batch = Commands.parseBatch(request.getMessage().getContent());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("malformed command: " + e.getMessage(), e);
    }
    return super.startTransaction(request).setStateMachineContext(batch);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    long started = System.nanoTime();
    LogEntryProto entry = trx.getLogEntry();
    CommandBatch batch;
    try {
      batch =
          trx.getStateMachineContext() instanceof CommandBatch decoded
              ? decoded
              : Commands.parseBatch(entry.getStateMachineLogEntry().getLogData());
    } catch (InvalidProtocolBufferException e) {
      // startTransaction validated it on the leader: a committed entry that does not decode means
      // the log is damaged. Applying past it would diverge from the other replicas, and a failed
      // future would do exactly that (Ratis logs it and applies the next entry). Throwing stops
      // Ratis's apply loop before this index and closes the division.
      throw undecodable(entry, e);
    }
    CommandResults.Builder results = CommandResults.newBuilder();
    for (Command command : batch.getCommandsList()) {
      results.addResults(apply(command));
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    metrics.applied(System.nanoTime() - started);
    return CompletableFuture.completedFuture(Commands.toMessage(results.build()));
  }

  private IllegalStateException undecodable(LogEntryProto entry, Exception e) {
    String reason =
        "the committed Raft entry at log index "
            + entry.getIndex()
            + " (term "
            + entry.getTerm()
            + ") cannot be decoded: "
            + e.getMessage();
    if (halt.halt(reason)) {
      log.error("Stopping this replica: {}; nothing from that index on is applied", reason);
    }
    return new IllegalStateException(reason, e);
  }

  private CommandResult apply(Command command) {
    switch (command.getOpCase()) {
      case SET:
        long revision =
            store.set(command.getSet().getKey(), command.getSet().getValue().toByteArray());
        return CommandResult.newBuilder().setRevision(revision).build();
      case DELETE:
        DeleteResult deleted = store.delete(command.getDelete().getKey());
        return CommandResult.newBuilder()
            .setRevision(deleted.revision())
            .setExisted(deleted.existed())
            .build();
      case PUBLISH_MEMBER:
        members.publish(
            command.getPublishMember().getNodeName(), command.getPublishMember().getRpcAddress());
        return CommandResult.newBuilder().setRevision(store.revision()).build();
      default:
        // A command from a newer version: applying nothing keeps all replicas of this version
        // identical; the revision is untouched.
        log.warn("Ignoring unknown command {}", command.getOpCase());
        return CommandResult.newBuilder().setRevision(store.revision()).build();
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      // The only query is the barrier of a ReadIndex round; parsing still rejects garbage.
      Commands.parseQuery(request);
      QueryResult result = QueryResult.newBuilder().setRevision(store.revision()).build();
      return CompletableFuture.completedFuture(Commands.toMessage(result));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The index of the newest snapshot written or loaded, or -1. */
  long snapshotIndex() {
    return snapshotIndex;
  }

  /** Whether this process loaded its state from a snapshot at start or on install. */
  boolean loadedFromSnapshot() {
    return loadedFromSnapshot;
  }
}
