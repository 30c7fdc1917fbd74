package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.api.GetRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.tests.harness.Cluster;
import dev.mokv.tests.harness.ClusterNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster stories written once against {@link Cluster}, run by one subclass per harness: the same
 * guarantees hold whether the nodes run in this JVM or as {@code mokv.jar} processes.
 */
@Timeout(180)
abstract class ClusterScenarios {

  @TempDir Path root;

  /**
   * Starts three nodes that are all voters, with {@code leave-on-terminate} off so that a graceful
   * stop keeps the node a voter.
   */
  abstract Cluster startCluster(Path root) throws IOException;

  @Test
  void when_leaderIsKilled_then_aNewLeaderTakesWrites_andTheOldLeaderCatchesUpOnRestart()
      throws Exception {
    try (Cluster cluster = startCluster(root);
        MokvClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      Map<String, String> acked = new LinkedHashMap<>();
      write(client, "before-", acked);
      assertEveryRunningNodeHas(cluster, acked);

      // kill -9 of the leader: the two others elect one of themselves and go on taking writes.
      ClusterNode oldLeader = cluster.member(leader);
      oldLeader.kill();
      assertThat(oldLeader.isRunning()).as("%s after kill", leader).isFalse();
      String newLeader = cluster.awaitLeader();
      assertThat(newLeader).as("leader after killing %s", leader).isNotEqualTo(leader);
      write(client, "after-", acked);
      assertEveryRunningNodeHas(cluster, acked);

      // The old leader restarts on its data-dir as a voter and gets what it missed.
      oldLeader.start();
      cluster.awaitVoters(cluster.names());
      assertEveryRunningNodeHas(cluster, acked);
    }
  }

  @Test
  void when_followerStopsGracefullyAndRestarts_then_itKeepsItsDataAndItsVote() throws Exception {
    try (Cluster cluster = startCluster(root);
        MokvClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      String name = cluster.names().stream().filter(n -> !n.equals(leader)).findFirst().get();
      ClusterNode follower = cluster.member(name);
      Map<String, String> acked = new LinkedHashMap<>();
      write(client, "before-", acked);
      assertEveryRunningNodeHas(cluster, acked);

      // SIGTERM (or close) with leave-on-terminate off: the node stays a voter, its data stays.
      follower.stop();
      assertThat(follower.isRunning()).as("%s after stop", name).isFalse();
      assertThat(filesIn(follower.dataDir())).as("files in %s", follower.dataDir()).isPositive();
      cluster.awaitVoters(cluster.names());
      write(client, "while-down-", acked);

      // Restarted on the same data-dir it is the same member again: not moved aside, not re-added.
      follower.start();
      cluster.awaitVoters(cluster.names());
      assertEveryRunningNodeHas(cluster, acked);
      try (Stream<Path> entries = Files.list(follower.dataDir())) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .as("%s's data-dir", name)
            .noneMatch(f -> f.contains(".left-"));
      }
    }
  }

  /** Writes 20 keys through the client, each retried (bounded) until acknowledged. */
  private static void write(MokvClient client, String prefix, Map<String, String> acked) {
    for (int i = 0; i < 20; i++) {
      String key = prefix + i;
      String value = "v-" + key;
      await("write " + key)
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(MokvException.class)
          .until(() -> client.set(key, value) > 0);
      acked.put(key, value);
    }
  }

  /**
   * Every running node has every acknowledged write in its own copy (stale reads to that node,
   * eventually), and a linearizable read through any node sees the last of them at once.
   */
  private static void assertEveryRunningNodeHas(Cluster cluster, Map<String, String> acked) {
    List<ClusterNode> running = cluster.runningMembers();
    for (ClusterNode node : running) {
      await(node.name() + " has every acknowledged write")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  acked.forEach(
                      (key, value) -> assertThat(read(node, key, true)).isEqualTo(value)));
    }
    String lastKey = List.copyOf(acked.keySet()).get(acked.size() - 1);
    // A node that just caught up may still be finding its leader again (an election timeout on a
    // loaded machine): its linearizable read answers UNAVAILABLE until then, and clients retry.
    for (ClusterNode node : running) {
      await("linearizable " + lastKey + " on " + node)
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(read(node, lastKey, false)).isEqualTo(acked.get(lastKey)));
    }
  }

  private static String read(ClusterNode node, String key, boolean stale) {
    return node.stub()
        .get(
            GetRequest.newBuilder()
                .setKey(key)
                .setConsistency(stale ? ReadConsistency.STALE : ReadConsistency.LINEARIZABLE)
                .build())
        .getValue()
        .toStringUtf8();
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
