package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.tests.harness.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster idling for two minutes on a 2-core machine: gossip must not flap (no FAILED,
 * LEAVING or new JOINED events) and the Raft configuration must not change.
 */
@Timeout(300)
class IdleMembershipIT {

  private static final Duration IDLE = Duration.ofMinutes(2);

  @TempDir Path root;

  @Test
  void when_clusterIdles_then_thereAreNoSpuriousMembershipChanges() throws Exception {
    try (TestCluster cluster = TestCluster.startJoined(3, root, b -> b)) {
      cluster.awaitLeader();
      // Let formation settle (the last joiner's events), then take the baseline.
      await().atMost(Duration.ofSeconds(30)).until(() -> everyoneSeesEveryone(cluster));
      Map<String, Snapshot> baseline = snapshot(cluster);

      await("no membership change while idle for " + IDLE)
          .during(IDLE)
          .atMost(IDLE.plusSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> snapshot(cluster).equals(baseline));

      Map<String, Snapshot> after = snapshot(cluster);
      System.out.printf("[idle] membership over %s: before %s, after %s%n", IDLE, baseline, after);
      assertThat(after).isEqualTo(baseline);
    }
  }

  private static boolean everyoneSeesEveryone(TestCluster cluster) {
    return cluster.runningNames().stream()
        .allMatch(
            n -> cluster.node(n).inspect().gossipEventCounts().getOrDefault("JOINED", 0L) >= 2);
  }

  /** What must not move: gossip events by type, the voters, and configuration entries applied. */
  private record Snapshot(Map<String, Long> gossipEvents, List<String> voters, long confChanges) {}

  private static Map<String, Snapshot> snapshot(TestCluster cluster) {
    Map<String, Snapshot> all = new LinkedHashMap<>();
    for (String name : cluster.runningNames()) {
      var node = cluster.node(name).inspect();
      all.put(
          name,
          new Snapshot(
              node.gossipEventCounts(),
              node.voters().stream().sorted().toList(),
              node.configurationChanges()));
    }
    return all;
  }
}
