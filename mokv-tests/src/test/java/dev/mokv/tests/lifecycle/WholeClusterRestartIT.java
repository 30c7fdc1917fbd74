package dev.mokv.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a whole cluster of real processes, configured as the {@code example/} files are (node1
 * bootstraps, node2 and node3 join through node1), and bringing it back in any order: the same
 * cluster returns, with every acknowledged write, on three voters. Stopping is not leaving: a
 * SIGTERM keeps the node a voter with its data, like etcd and Consul servers.
 *
 * <p>Each test stops the cluster one way and restarts it three times, in the orders (1,2,3),
 * (3,2,1) and (2,3,1), checking after each restart and writing more before the next stop.
 */
// Three restarts of three processes each: on a loaded 2-core machine one cycle took 50-130 s
// (slow JVM starts and elections), so 300 s was not enough for three cycles.
@Timeout(480)
class WholeClusterRestartIT {

  private static final List<List<String>> ORDERS =
      List.of(
          List.of("node1", "node2", "node3"),
          List.of("node3", "node2", "node1"),
          List.of("node2", "node3", "node1"));

  private static final Duration CONVERGE = Duration.ofSeconds(30);

  @TempDir Path root;

  /** How a test stops the whole cluster. */
  private interface Stop {
    void apply(SeedStyleCluster cluster) throws Exception;
  }

  @Test
  void when_allNodesAreTerminatedAtOnce_then_anyRestartOrderBringsBackTheSameCluster()
      throws Exception {
    stopAndRestartInEveryOrder(
        cluster -> {
          Map<String, Integer> codes = cluster.terminateAllAtOnce();
          assertThat(codes).as("exit codes").containsOnlyKeys(SeedStyleCluster.NAMES);
          assertThat(codes.values()).as("exit codes").containsOnly(0);
        });
  }

  @Test
  void when_nodesAreTerminatedOneByOneInNaturalOrder_then_anyRestartOrderBringsBackTheSameCluster()
      throws Exception {
    stopAndRestartInEveryOrder(
        cluster -> {
          for (String name : SeedStyleCluster.NAMES) {
            assertThat(cluster.process(name).terminate()).as(name + " exit code").isZero();
          }
        });
  }

  @Test
  void when_allNodesAreKilledAtOnce_then_anyRestartOrderBringsBackTheSameCluster()
      throws Exception {
    stopAndRestartInEveryOrder(SeedStyleCluster::killAllAtOnce);
  }

  private void stopAndRestartInEveryOrder(Stop stop) throws Exception {
    try (SeedStyleCluster cluster = new SeedStyleCluster(root)) {
      long started = System.nanoTime();
      cluster.startInOrder(SeedStyleCluster.NAMES);
      cluster.awaitThreeVoters("node1", Duration.ofSeconds(60));
      String clusterId = cluster.startLine("node1").clusterId();
      AcknowledgedWrites writes = new AcknowledgedWrites("ack");
      writes.write(cluster.channel("node2"), 20);
      System.out.printf(
          "[timing] cluster %s formed and written in %d ms%n", clusterId, millisSince(started));

      for (List<String> order : ORDERS) {
        long cycle = System.nanoTime();
        stop.apply(cluster);
        cluster.startInOrder(order);
        for (String name : SeedStyleCluster.NAMES) {
          SeedStyleCluster.StartLine line = cluster.startLine(name);
          assertThat(line.clusterId()).as(name + " serves the same cluster").isEqualTo(clusterId);
          assertThat(line.how()).as(name + " restarted on its data").startsWith("recovered from");
        }
        for (String name : SeedStyleCluster.NAMES) {
          cluster.awaitThreeVoters(name, CONVERGE);
          writes.awaitAllReadable(name, cluster.channel(name), CONVERGE);
        }
        writes.write(cluster.channel(order.get(0)), 10);
        System.out.printf(
            "[timing] restart in order %s: %d acknowledged writes readable everywhere, %d ms%n",
            order, writes.size(), millisSince(cycle));
      }
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
