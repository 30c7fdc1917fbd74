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
 * stays full, or drops, means the node cannot reach a leader or writes outrun commits. And how full
 * its batches leave: commands per Raft entry, the measure of write batching.
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
            .build(),
        counter(
            "mokv_raft_write_batches",
            "Write batches this node handed to Raft, one log entry each.",
            writes.batchesSent()),
        counter(
            "mokv_raft_write_batch_commands",
            "Write commands in those batches: over mokv_raft_write_batches, the commands per Raft"
                + " entry that batching achieved.",
            writes.commandsSent()));
  }

  private static CounterDataPointSnapshot dropped(String reason, long value) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of("reason", reason))
        .value(value)
        .build();
  }

  private static CounterSnapshot counter(String name, String help, double value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
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
