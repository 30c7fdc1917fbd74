package dev.mokv.server.kv;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The store's metrics: its size, read from the {@link KvStore} on each scrape, and the time spent
 * applying commands and writing snapshots, reported by the state machine that does that work.
 *
 * <p>Internal to the server; not API. Thread-safe.
 */
public final class StoreMetrics {

  /** Apply buckets in seconds: a batch applies in microseconds; a millisecond is already slow. */
  private static final double[] APPLY_BUCKETS = {
    0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.1, 1
  };

  /** Snapshot buckets in seconds: from a near-empty store to a few GiB written and fsynced. */
  private static final double[] SNAPSHOT_BUCKETS = {
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300
  };

  private final Histogram apply;
  private final Histogram snapshot;
  private final Gauge snapshotBytes;

  private StoreMetrics(Histogram apply, Histogram snapshot, Gauge snapshotBytes) {
    this.apply = apply;
    this.snapshot = snapshot;
    this.snapshotBytes = snapshotBytes;
  }

  /** Creates the collectors for {@code store} and registers them into {@code registry}. */
  public static StoreMetrics register(PrometheusRegistry registry, KvStore store) {
    GaugeWithCallback.builder()
        .name("mokv_store_keys")
        .help("Keys in the store as applied on this node.")
        .callback(callback -> callback.call(store.size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mokv_store_data_bytes")
        .help("Bytes of keys (one per UTF-16 char) and values in the store, without overhead.")
        .unit(Unit.BYTES)
        .callback(callback -> callback.call(store.dataBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mokv_store_revision")
        .help("The store's revision: writes applied since the cluster began.")
        .callback(callback -> callback.call(store.revision()))
        .register(registry);
    Histogram apply =
        Histogram.builder()
            .name("mokv_store_apply_duration_seconds")
            .help("Time to apply one committed Raft entry (a batch of commands) to the store.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(APPLY_BUCKETS)
            .withoutExemplars()
            .register(registry);
    Histogram snapshot =
        Histogram.builder()
            .name("mokv_store_snapshot_duration_seconds")
            .help("Time to write, fsync and checksum one snapshot of the store.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(SNAPSHOT_BUCKETS)
            .withoutExemplars()
            .register(registry);
    Gauge snapshotBytes =
        Gauge.builder()
            .name("mokv_store_snapshot_size_bytes")
            .help("Size of the newest snapshot file this node wrote.")
            .unit(Unit.BYTES)
            .withoutExemplars()
            .register(registry);
    return new StoreMetrics(apply, snapshot, snapshotBytes);
  }

  /** Records one applied log entry that took {@code nanos}. Called on the apply thread. */
  public void applied(long nanos) {
    apply.observe(nanos / 1e9);
  }

  /** Records one snapshot written in {@code nanos}, {@code bytes} long. */
  public void snapshotWritten(long nanos, long bytes) {
    snapshot.observe(nanos / 1e9);
    snapshotBytes.set(bytes);
  }
}
