package dev.mokv.server.raft;

import dev.mokv.server.config.RaftOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Turns {@link RaftOptions} into Ratis properties. The one place Ratis knobs are chosen. */
final class RaftSettings {

  /** Pause between attempts when there is no leader: short, so a new leader is found quickly. */
  static final Duration RETRY_SLEEP = Duration.ofMillis(100);

  private static final long PREALLOCATED_MAX = 4L * 1024 * 1024;

  /**
   * Write batches a node keeps in flight towards the leader. Each Raft entry costs about the same
   * CPU whatever it carries, so under load commands queue behind these few batches and leave
   * together; when idle a command leaves at once. Two keep the log busy (one entry syncs while the
   * next fills); eight left entries thin: put at 64 and 256 in flight went 1.49x and 1.39x faster
   * from eight to two in one A/B run, with p50 and p99 lower and put at 1 unchanged
   * (docs/performance.md).
   */
  static final int WRITE_BATCHES_IN_FLIGHT = 2;

  /** Commands in one Raft entry at most. */
  static final int WRITE_BATCH_COMMANDS = 512;

  /** Bytes of commands in one Raft entry at most (a single larger command still goes alone). */
  static final int WRITE_BATCH_BYTES = 4 * 1024 * 1024;

  /**
   * Bytes of write commands a node queues behind its batches in flight, at most; beyond it writes
   * are refused with RESOURCE_EXHAUSTED. The count is already bounded by the requests a node admits
   * at once, but not the memory: 10,000 requests of 1 MiB values would be 10 GB. 64 MiB is sixteen
   * full batches, far more than a healthy leader needs to stay busy.
   */
  static final long WRITE_QUEUE_BYTES = 64L * 1024 * 1024;

  /** ReadIndex rounds a node keeps in flight; concurrent reads share them. */
  static final int READ_ROUNDS_IN_FLIGHT = 2;

  private RaftSettings() {}

  static RaftProperties server(RaftOptions config) {
    RaftProperties props = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(props, List.of(config.dataDir().toFile()));
    GrpcConfigKeys.Server.setHost(props, config.raftAddress().host());
    GrpcConfigKeys.Server.setPort(props, config.raftAddress().port());

    // Elections: 2-core machines stall for hundreds of milliseconds under load (GC, JIT), so the
    // timeout is configurable and defaults to seconds rather than Ratis's 150-300 ms.
    TimeDuration min = millis(config.electionTimeout());
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(props, min.multiply(2));

    // JVM pauses (a stalled VM, SIGSTOP, a long GC): after one longer than close.threshold (60 s by
    // default) Ratis closes the whole Raft server for good while the process keeps serving gRPC,
    // gossip and /metrics, a half-alive node. Raft itself is safe across any pause here (no leader
    // lease), and a leader still steps down after a pause longer than the step-down wait time, so a
    // resumed node just carries on as a follower. See docs/architecture.md, "No half-alive node".
    RaftServerConfigKeys.setCloseThreshold(props, PauseThreshold.closeThreshold());

    // Reads: ReadIndex on leader and followers; STALE reads bypass Ratis entirely. No leader lease:
    // it rests on clocks, and measured it did not raise linearizable read throughput here (the
    // client and gRPC CPU cost dominate, see docs/performance.md).
    RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);

    // No commit-index metadata entry after every commit. Ratis appends one by default: a second
    // entry per batch to write, sync and replicate, which the next batch then queues behind on
    // each follower (put p50 at 1 in flight 2.8-3.1 ms with it, 1.3 ms without, one run). The cost:
    // an idle follower learns that an entry committed with the next heartbeat (half the election
    // timeout), so its STALE reads may lag that much; under load the next append carries it at
    // once, and a linearizable read's ReadIndex round carries it too. A restarted node applies its
    // log beyond the snapshot once it hears the commit index from a leader.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(props, false);

    // No "compose" append path on followers (Ratis 3.3.0 turns it on). When a leader resends
    // entries from the same first index with more behind them (its stream broke; slow or lossy
    // links) while the first append is still being written, that path acknowledges the resent
    // request once the first append is done and never writes the entries only the resent one
    // carried. The leader then counts them as replicated, so a write can commit on fewer nodes than
    // a majority, and it probes the follower above its log's end for ever: the follower never
    // catches up. The plain path appends each request's entries, skipping those already there.
    // FollowerAppendTest shows both.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(props, false);

    // Snapshots every snapshot-threshold applied entries, and the log purged up to the snapshot
    // (otherwise a down follower pins the log forever and nobody is ever sent a snapshot).
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(1024, config.snapshotThreshold()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(config.logSegmentSize()));
    RaftServerConfigKeys.Log.setPreallocatedSize(
        props, SizeInBytes.valueOf(Math.min(PREALLOCATED_MAX, config.logSegmentSize())));
    return props;
  }

  static RaftProperties client(RaftOptions config) {
    RaftProperties props = new RaftProperties();
    Duration perAttempt =
        config.requestTimeout().compareTo(Duration.ofSeconds(3)) < 0
            ? config.requestTimeout()
            : Duration.ofSeconds(3);
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, millis(perAttempt));
    // The default of 100 caps how many requests one node can have in flight towards the leader.
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(props, 4096);
    return props;
  }

  /** Membership changes wait for a new peer to catch up (staging), so they get longer. */
  static RaftProperties adminClient() {
    RaftProperties props = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, millis(Duration.ofSeconds(15)));
    return props;
  }

  /**
   * Few retries: a membership change is retried by its caller's next round anyway, and the default
   * policy would keep adding a peer that is down for minutes.
   */
  static RetryPolicy adminRetryPolicy() {
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(3, millis(Duration.ofMillis(300)));
  }

  /**
   * Retries (no leader, leader not ready, elections) every {@link #RETRY_SLEEP} until the request
   * is {@code request-timeout} old, then gives up. Bounded by time, not attempts: an attempt that
   * waits out its per-attempt timeout (a leader that does not answer) takes seconds, one that is
   * refused at once takes none, so a count of attempts bounded a request anywhere between seconds
   * and minutes. A request may still run one attempt (at most 3 s) past the bound. Its caller has
   * its own deadline too; this keeps the request from reaching the leader long after the caller
   * gave up.
   */
  static RetryPolicy retryPolicy(RaftOptions config) {
    RetryPolicy sleep = RetryPolicies.retryForeverWithSleep(millis(RETRY_SLEEP));
    TimeDuration timeout = millis(config.requestTimeout());
    RequestTypeDependentRetryPolicy.Builder policy = RequestTypeDependentRetryPolicy.newBuilder();
    for (TypeCase type : TypeCase.values()) {
      policy.setRetryPolicy(type, sleep).setTimeout(type, timeout);
    }
    return policy.build();
  }

  static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
