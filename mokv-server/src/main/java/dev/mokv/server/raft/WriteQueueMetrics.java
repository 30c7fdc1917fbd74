package dev.mokv.server.raft;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The node's queue of writes waiting for room in flight towards Raft ({@link WriteBatcher}): how
 * much it holds, and the writes it dropped at their deadline or refused when full. A queue that
 * stays full, or drops, means the node cannot reach a leader or writes outrun commits.
 */
final class WriteQueueMetrics implements MultiCollector {

  private final WriteBatcher writes;

  private WriteQueueMetrics(WriteBatcher writes) {
    this.writes = writes;
  }

  static void register(PrometheusRegistry registry, WriteBatcher writes) {
    registry.register(new WriteQueueMetrics(writes));
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of(
        gauge(
            "mokv_raft_write_queue_commands",
            "Write commands queued on this node behind its batches in flight to Raft.",
            writes.queued()),
        gauge(
            "mokv_raft_write_queue_bytes",
            "Bytes of the write commands queued on this node.",
            writes.queuedBytes()),
        CounterSnapshot.builder()
            .name("mokv_raft_writes_dropped")
            .help(
                "Writes this node failed without sending them to Raft: their deadline passed in"
                    + " the queue (deadline) or the queue was full (queue_full).")
            .dataPoint(dropped("deadline", writes.expired()))
            .dataPoint(dropped("queue_full", writes.refused()))
            .build());
  }

  private static CounterDataPointSnapshot dropped(String reason, long value) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of("reason", reason))
        .value(value)
        .build();
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
