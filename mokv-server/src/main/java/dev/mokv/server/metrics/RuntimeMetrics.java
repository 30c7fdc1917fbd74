package dev.mokv.server.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Process and JVM metrics ({@code process_*}, {@code jvm_*}) for one node's registry.
 *
 * <p>Not {@code JvmMetrics.builder().register(registry)}: that remembers every registry it saw in a
 * static set, for the life of the JVM, which leaks the registry of each node a test JVM starts and
 * stops. Two collectors are left out for their global side effects: {@code
 * JvmMemoryPoolAllocationMetrics} adds a GC listener to the platform MBeans that is never removed,
 * and {@code JvmNativeMemoryMetrics} runs a diagnostic command on every scrape.
 */
public final class RuntimeMetrics {

  private RuntimeMetrics() {}

  /** Registers the process and JVM collectors into {@code registry}; call once per registry. */
  public static void register(PrometheusRegistry registry) {
    ProcessMetrics.builder().register(registry);
    JvmRuntimeInfoMetric.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmThreadsMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
  }
}
