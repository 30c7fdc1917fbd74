package dev.mokv.server.health;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The node's readiness as last judged, shared by gRPC health, {@code /readyz} and the {@code
 * mokv_ready} gauge so that all three always agree. Starts not ready ("starting").
 */
public final class NodeReadiness {

  private volatile Readiness current = Readiness.notReady("starting");

  private NodeReadiness() {}

  /** Creates the holder and registers {@code mokv_ready} into {@code registry}. */
  public static NodeReadiness register(PrometheusRegistry registry) {
    NodeReadiness readiness = new NodeReadiness();
    GaugeWithCallback.builder()
        .name("mokv_ready")
        .help("1 while the node reports SERVING (gRPC health, /readyz), else 0.")
        .callback(callback -> callback.call(readiness.current.ready() ? 1 : 0))
        .register(registry);
    return readiness;
  }

  public Readiness get() {
    return current;
  }

  /** Records a new judgement; returns whether readiness flipped. */
  public boolean set(Readiness readiness) {
    boolean flipped = readiness.ready() != current.ready();
    current = readiness;
    return flipped;
  }
}
