package dev.mokv.server.raft;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;

/**
 * This node's Raft state as {@code mokv_raft_*} metrics, read from the Ratis division on each
 * scrape: role, term, leader, the log's indices, elections, and on the leader each follower's lag.
 *
 * <p>Registered with the bridge of Ratis's own metrics ({@code ratis_*}), from which it also takes
 * the election count, follower match indices and log latencies.
 */
final class RaftMetrics implements MultiCollector {

  private static final double NANOS_PER_SECOND = 1e9;

  private final Consensus consensus;
  private final RatisMetricsBridge ratis;

  private RaftMetrics(Consensus consensus, RatisMetricsBridge ratis) {
    this.consensus = consensus;
    this.ratis = ratis;
  }

  /** Registers this node's Raft metrics and its bridged Ratis metrics into {@code registry}. */
  static void register(PrometheusRegistry registry, Consensus consensus) {
    RatisMetricsBridge ratis = new RatisMetricsBridge(consensus.division().getMemberId());
    registry.register(ratis);
    registry.register(new RaftMetrics(consensus, ratis));
  }

  @Override
  public MetricSnapshots collect() {
    try {
      return collect(consensus.division());
    } catch (RuntimeException e) {
      // Stopped or stopping: Raft state is gone; report none rather than fail the whole scrape.
      return MetricSnapshots.of();
    }
  }

  private MetricSnapshots collect(RaftServer.Division division) {
    DivisionInfo info = division.getInfo();
    RaftLog log = division.getRaftLog();
    long lastIndex = lastIndex(log);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    out.metricSnapshot(roles(info.getCurrentRole()));
    out.metricSnapshot(
        gauge("mokv_raft_term", "This node's current Raft term.", info.getCurrentTerm()));
    Optional<String> leader = Optional.ofNullable(info.getLeaderId()).map(Object::toString);
    GaugeSnapshot.Builder leaderGauge =
        GaugeSnapshot.builder()
            .name("mokv_raft_leader")
            .help("1 for the leader this node knows of, labelled with its id; absent if none.");
    leader.ifPresent(id -> leaderGauge.dataPoint(point(Labels.of("id", id), 1)));
    out.metricSnapshot(leaderGauge.build());
    out.metricSnapshot(
        gauge(
            "mokv_raft_is_leader",
            "1 if this node is the Raft leader, else 0.",
            info.isLeader() ? 1 : 0));
    out.metricSnapshot(
        gauge(
            "mokv_raft_commit_index",
            "Highest log index this node knows to be committed.",
            log.getLastCommittedIndex()));
    out.metricSnapshot(
        gauge(
            "mokv_raft_applied_index",
            "Highest log index applied to this node's store.",
            info.getLastAppliedIndex()));
    out.metricSnapshot(
        gauge(
            "mokv_raft_last_log_index", "Index of the last entry in this node's log.", lastIndex));
    out.metricSnapshot(
        gauge(
            "mokv_raft_snapshot_index",
            "Log index of the newest snapshot written or loaded, or -1.",
            consensus.stateMachine().snapshotIndex()));
    out.metricSnapshot(
        gauge(
            "mokv_raft_log_start_index",
            "First index still in the log; earlier entries were compacted into a snapshot.",
            log.getStartIndex()));
    out.metricSnapshot(
        counter(
            "mokv_raft_elections",
            "Leader elections this node ran as a candidate (counted when each ends).",
            ratisCount("leader_election", "electionCount")));
    out.metricSnapshot(
        counter(
            "mokv_raft_election_timeouts",
            "Times this node timed out waiting for a leader and started an election.",
            ratisCount("leader_election", "timeoutCount")));
    out.metricSnapshot(
        counter(
            "mokv_raft_leader_changes",
            "Leader changes this node has seen since it started (losing the leader counts).",
            consensus.stateMachine().leaderChanges()));
    out.metricSnapshot(followerLag(info.isLeader(), lastIndex));
    out.metricSnapshot(
        latency(
            "mokv_raft_log_append_duration_seconds",
            "Time to append one entry to this node's log (Ratis appendEntryLatency).",
            "appendEntryLatency"));
    out.metricSnapshot(
        latency(
            "mokv_raft_log_sync_duration_seconds",
            "Time of one fsync of this node's log (Ratis syncTime).",
            "syncTime"));
    return out.build();
  }

  private static long lastIndex(RaftLog log) {
    TermIndex last = log.getLastEntryTermIndex();
    return last == null ? RaftLog.INVALID_LOG_INDEX : last.getIndex();
  }

  private static GaugeSnapshot roles(RaftPeerRole current) {
    GaugeSnapshot.Builder roles =
        GaugeSnapshot.builder()
            .name("mokv_raft_role")
            .help("1 for this node's current Raft role, 0 for the others.");
    for (RaftPeerRole role :
        new RaftPeerRole[] {
          RaftPeerRole.LEADER, RaftPeerRole.FOLLOWER, RaftPeerRole.CANDIDATE, RaftPeerRole.LISTENER
        }) {
      String name = role.name().toLowerCase(Locale.ROOT);
      roles.dataPoint(point(Labels.of("role", name), role == current ? 1 : 0));
    }
    return roles.build();
  }

  /** On the leader, how many entries each follower's log is behind the leader's last entry. */
  private GaugeSnapshot followerLag(boolean leader, long lastIndex) {
    GaugeSnapshot.Builder lag =
        GaugeSnapshot.builder()
            .name("mokv_raft_follower_lag_entries")
            .help("On the leader: entries each follower's log lacks (last index - match index).");
    if (leader) {
      for (Map.Entry<String, Metric> e : ratis.metrics("log_appender").entrySet()) {
        Optional<String> peer = RatisMetricsBridge.matchIndexPeer(e.getKey());
        if (peer.isPresent()
            && e.getValue() instanceof Gauge<?> gauge
            && gauge.getValue() instanceof Number match) {
          lag.dataPoint(
              point(Labels.of("peer", peer.get()), Math.max(0, lastIndex - match.longValue())));
        }
      }
    }
    return lag.build();
  }

  private long ratisCount(String component, String name) {
    return ratis
        .find(component, name)
        .filter(Counter.class::isInstance)
        .map(m -> ((Counter) m).getCount())
        .orElse(0L);
  }

  private SummarySnapshot latency(String name, String help, String ratisTimer) {
    SummarySnapshot.Builder summary =
        SummarySnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
    ratis
        .find("log_worker", ratisTimer)
        .filter(Timer.class::isInstance)
        .map(Timer.class::cast)
        .ifPresent(
            t ->
                summary.dataPoint(
                    RatisMetricsBridge.summary(Labels.EMPTY, t.getCount(), t, NANOS_PER_SECOND)));
    return summary.build();
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(point(Labels.EMPTY, value))
        .build();
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
