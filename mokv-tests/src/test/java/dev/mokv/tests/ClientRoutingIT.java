package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.ReadConsistency;
import dev.mokv.client.ReadRouting;
import dev.mokv.tests.harness.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing verified on the servers, not assumed: after writes and reads through one client, the
 * per-node counts of answered calls show every Set on the leader and the Gets spread evenly over
 * the followers. GetServers calls (the client's resolver) are left out of the counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class ClientRoutingIT {

  private static final String GET = "api.KV/Get";
  private static final String SET = "api.KV/Set";
  private static final int WRITES = 300;
  private static final int READS = 600;

  private TestCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path root) throws Exception {
    cluster = TestCluster.start(3, root);
    cluster.awaitLeader();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void when_writingAndReadingThroughOneClient_then_setsHitTheLeader_andGetsSpreadOverFollowers() {
    String leader = cluster.awaitLeader();
    List<String> followers = cluster.followers();
    try (MokvClient client = MokvClient.connect(options().build())) {
      awaitConnectedToFollowers(client, followers);

      Map<String, Map<String, Long>> before = counts();
      for (int i = 0; i < WRITES; i++) {
        client.set("routing/" + i, "v" + i);
      }
      for (int i = 0; i < READS; i++) {
        assertThat(client.get("routing/" + (i % WRITES))).isPresent();
      }
      Map<String, Map<String, Long>> delta = delta(before, counts());
      print("followers (default)", delta);

      assertThat(cluster.awaitLeader())
          .as("the leader did not change during the test")
          .isEqualTo(leader);
      assertThat(delta.get(leader).get(SET)).isEqualTo(WRITES);
      for (String follower : followers) {
        assertThat(delta.get(follower).get(SET)).as("Sets on follower %s", follower).isZero();
        assertThat(delta.get(follower).get(GET))
            .as("Gets on follower %s, within 20%% of an even share", follower)
            .isBetween((long) (READS / 2 * 0.8), (long) (READS / 2 * 1.2));
      }
      assertThat(delta.get(leader).get(GET))
          .as("Gets on the leader")
          .isLessThanOrEqualTo(READS / 100);
    }
  }

  @Test
  void when_readsArePinnedToTheLeader_then_everyGetHitsTheLeader() {
    String leader = cluster.awaitLeader();
    try (MokvClient client =
        MokvClient.connect(options().readRouting(ReadRouting.LEADER).build())) {
      client.set("pinned", "v");
      Map<String, Map<String, Long>> before = counts();
      for (int i = 0; i < 100; i++) {
        assertThat(
                client.get(
                    "pinned", i % 2 == 0 ? ReadConsistency.STALE : ReadConsistency.LINEARIZABLE))
            .isPresent();
      }
      Map<String, Map<String, Long>> delta = delta(before, counts());
      print("pinned to the leader", delta);
      assertThat(cluster.awaitLeader()).isEqualTo(leader);
      assertThat(delta.get(leader).get(GET)).isEqualTo(100);
      cluster.followers().forEach(f -> assertThat(delta.get(f).get(GET)).isZero());
    }
  }

  private ClientOptions.Builder options() {
    return ClientOptions.builder()
        .endpoints(
            cluster.names().stream().map(n -> "127.0.0.1:" + cluster.config(n).rpcPort()).toList())
        .timeout(Duration.ofSeconds(10));
  }

  /** Reads until each follower has answered one: the client is connected to both. */
  private void awaitConnectedToFollowers(MokvClient client, List<String> followers) {
    client.set("routing/warmup", "x");
    Map<String, Map<String, Long>> start = counts();
    await("reads reach both followers")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              client.get("routing/warmup");
              Map<String, Map<String, Long>> d = delta(start, counts());
              return followers.stream().allMatch(f -> d.get(f).get(GET) > 0);
            });
  }

  private Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (String name : cluster.runningNames()) {
      counts.put(name, cluster.node(name).inspect().requestCounts());
    }
    return counts;
  }

  private static Map<String, Map<String, Long>> delta(
      Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
    Map<String, Map<String, Long>> delta = new LinkedHashMap<>();
    after.forEach(
        (node, counts) -> {
          Map<String, Long> d = new LinkedHashMap<>();
          for (String method : List.of(GET, SET)) {
            d.put(
                method,
                counts.getOrDefault(method, 0L)
                    - before.getOrDefault(node, Map.of()).getOrDefault(method, 0L));
          }
          delta.put(node, d);
        });
    return delta;
  }

  private void print(String routing, Map<String, Map<String, Long>> delta) {
    String leader = cluster.awaitLeader();
    StringBuilder table = new StringBuilder("ClientRoutingIT, reads to " + routing + ":\n");
    delta.forEach(
        (node, d) ->
            table.append(
                String.format(
                    "  %-3s %-8s Set=%4d Get=%4d%n",
                    node, node.equals(leader) ? "leader" : "follower", d.get(SET), d.get(GET))));
    System.out.print(table);
  }
}
