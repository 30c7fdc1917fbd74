package dev.mokv.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart (an upgrade): each node in turn is stopped with SIGTERM and started again on
 * its data while clients keep writing. No acknowledged write is lost, the cluster keeps its three
 * voters, and a restarted node catches up from its own log plus the leader's new entries, never
 * from a snapshot of the leader's (the snapshot threshold is far above the writes made).
 */
@Timeout(300)
class RollingRestartIT {

  @TempDir Path root;

  @Test
  void when_nodesRestartOneByOneUnderWrites_then_noAcknowledgedWriteIsLost_andNoSnapshotIsSent()
      throws Exception {
    try (SeedStyleCluster cluster = new SeedStyleCluster(root, "--snapshot-threshold", "1000000")) {
      cluster.startInOrder(SeedStyleCluster.NAMES);
      cluster.awaitThreeVoters("node1", Duration.ofSeconds(60));
      AcknowledgedWrites writes = new AcknowledgedWrites("rolling");
      Writer writer = new Writer(cluster, writes);
      Thread thread = new Thread(writer, "rolling-writer");
      thread.start();
      try {
        for (String name : SeedStyleCluster.NAMES) {
          long before = writer.successes.get();
          await("writes before stopping " + name)
              .atMost(Duration.ofSeconds(30))
              .until(() -> writer.successes.get() >= before + 20);
          long stop = System.nanoTime();
          assertThat(cluster.process(name).terminate()).as(name + " exit code").isZero();
          cluster.start(name);
          cluster.awaitAnswering(name);
          assertThat(cluster.startLine(name).how())
              .as(name + " restarted on its data")
              .startsWith("recovered from");
          cluster.awaitThreeVoters(name, Duration.ofSeconds(30));
          long afterRestart = writer.successes.get();
          await("writes after restarting " + name)
              .atMost(Duration.ofSeconds(30))
              .until(() -> writer.successes.get() >= afterRestart + 20);
          System.out.printf(
              "[timing] %s restarted and the cluster writing again in %d ms%n",
              name, (System.nanoTime() - stop) / 1_000_000);
        }
      } finally {
        writer.stop.set(true);
        thread.join(10_000);
      }
      System.out.printf(
          "[result] %d writes acknowledged, %d failed or unknown during the rolling restart%n",
          writes.size(), writer.failures.get());
      assertThat(writes.size()).as("acknowledged writes").isGreaterThan(100);
      for (String name : SeedStyleCluster.NAMES) {
        writes.awaitAllReadable(name, cluster.channel(name), Duration.ofSeconds(30));
        assertThat(cluster.process(name).output())
            .as(name + " caught up without a snapshot from the leader")
            .doesNotContain("Reinitialized from the snapshot installed by the leader");
      }
    }
  }

  /**
   * Writes unique keys one after the other, through the nodes in turn; records acknowledged ones.
   */
  private static final class Writer implements Runnable {
    final SeedStyleCluster cluster;
    final AcknowledgedWrites writes;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    Writer(SeedStyleCluster cluster, AcknowledgedWrites writes) {
      this.cluster = cluster;
      this.writes = writes;
    }

    @Override
    public void run() {
      for (int i = 0; !stop.get(); i++) {
        String via = SeedStyleCluster.NAMES.get(i % SeedStyleCluster.NAMES.size());
        try {
          writes.writeOnce(cluster.channel(via));
          successes.incrementAndGet();
        } catch (StatusRuntimeException e) {
          failures.incrementAndGet(); // down, or not ready: the next write goes to another node
        }
      }
    }
  }
}
