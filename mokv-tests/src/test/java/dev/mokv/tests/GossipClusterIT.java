package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.GetRequest;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.LeaveRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.Server;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.ProcessCluster;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go README's start-up with real {@code bin/mokv} processes and the {@code example/} configs:
 * node1 bootstraps, the others join through gossip and become voters with no operator step; a
 * Cluster.Leave removes a node, a crash does not, and a restart catches up.
 */
@Timeout(300)
class GossipClusterIT {

  /** Small snapshots and log segments, so that a node down for a while needs a snapshot. */
  private static final String[] SMALL_LOG = {
    "--snapshot-threshold", "50", "--log-segment-size", "8KiB"
  };

  @TempDir Path root;

  @Test
  void when_nodesJoinThroughGossip_then_theyBecomeVoters_andLeaveOrStayAsTheyShould()
      throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(root)) {
      // The bootstrap node, then two joiners, as example/start_nodes.sh does.
      cluster.start("node1", "config.yaml", SMALL_LOG);
      cluster.awaitVoters("node1", List.of("node1"), Duration.ofSeconds(30));
      cluster.start("node2", "config2.yaml", SMALL_LOG);
      cluster.start("node3", "config3.yaml", SMALL_LOG);
      long lastStart = System.nanoTime();
      cluster.awaitVoters("node1", List.of("node1", "node2", "node3"), Duration.ofSeconds(60));
      System.out.printf(
          "[timing] 3 voters %d ms after the last node started%n",
          (System.nanoTime() - lastStart) / 1_000_000);

      // A fourth node joins and becomes a voter.
      long fourth = System.nanoTime();
      cluster.start("node4", "config3.yaml", SMALL_LOG);
      cluster.awaitVoters(
          "node2", List.of("node1", "node2", "node3", "node4"), Duration.ofSeconds(60));
      System.out.printf(
          "[timing] node4 a voter %d ms after it started%n",
          (System.nanoTime() - fourth) / 1_000_000);
      await("every member's client address published")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(cluster.servers("node4"))
                      .allSatisfy(s -> assertThat(s.getRpcAddr()).isNotEmpty()));

      // Cluster.Leave on a follower removes it and stops its process; the cluster keeps serving.
      String leader = cluster.awaitLeader("node1");
      String follower = leader.equals("node4") ? "node3" : "node4";
      assertThat(
              ClusterGrpc.newBlockingStub(cluster.channel(follower))
                  .withDeadlineAfter(40, TimeUnit.SECONDS)
                  .leave(LeaveRequest.getDefaultInstance())
                  .getName())
          .isEqualTo(follower);
      assertThat(cluster.node(follower).process().awaitExit(60)).as("exit code").isZero();
      List<String> three =
          List.of("node1", "node2", "node3", "node4").stream()
              .filter(n -> !n.equals(follower))
              .toList();
      String observer = three.get(0);
      cluster.awaitVoters(observer, three, Duration.ofSeconds(30));
      set(cluster, observer, "after-leave", "1");

      // kill -9 of a follower: it stays a voter, the majority keeps writing, and its restart
      // catches up, by snapshot since the log was purged meanwhile.
      leader = cluster.awaitLeader(observer);
      String victim =
          three.stream()
              .filter(n -> !n.equals(cluster.awaitLeader(observer)))
              .findFirst()
              .orElseThrow();
      String survivor = three.stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
      cluster.node(victim).process().kill();
      for (int i = 0; i < 300; i++) {
        setWithRetry(cluster, survivor, "while-down-" + i, "v" + i);
      }
      assertThat(cluster.servers(survivor))
          .filteredOn(Server::getIsVoter)
          .extracting(Server::getId)
          .as("a crashed node stays a voter")
          .contains(victim);
      cluster.restart(victim, victim.equals("node1") ? "config.yaml" : "config2.yaml", SMALL_LOG);
      await("restarted " + victim + " has every write")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                for (int i = 0; i < 300; i += 29) {
                  assertThat(get(cluster, victim, "while-down-" + i)).isEqualTo("v" + i);
                }
                assertThat(get(cluster, victim, "while-down-299")).isEqualTo("v299");
              });
      // The leader purged its log past what the victim had, so only a snapshot can catch it up.
      assertThat(cluster.node(victim).process().output())
          .as("the restarted node caught up from the leader's snapshot")
          .contains("Reinitialized from the snapshot installed by the leader");

      // A graceful stop of the leader hands leadership over first: writes through the others
      // never stall for longer than about one election.
      leader = cluster.awaitLeader(survivor);
      String writerNode =
          three.stream()
              .filter(n -> !n.equals(cluster.awaitLeader(survivor)))
              .findFirst()
              .orElseThrow();
      WriteGapProbe probe = new WriteGapProbe(cluster, writerNode);
      Thread writer = new Thread(probe, "gap-probe");
      writer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.successes.get() > 20);
      assertThat(cluster.node(leader).process().terminate()).as("leader exit code").isZero();
      long afterStop = probe.successes.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> probe.successes.get() > afterStop + 20);
      probe.stop.set(true);
      writer.join(10_000);
      System.out.printf(
          "[timing] longest gap between successful writes across the leader's graceful stop: %d ms%n",
          probe.longestGapMillis());
      assertThat(probe.longestGapMillis()).as("longest write gap, ms").isLessThan(3_000);
    }
  }

  /** Writes sequentially through one node and records the longest time without a success. */
  private static final class WriteGapProbe implements Runnable {
    final ProcessCluster cluster;
    final String node;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong successes = new AtomicLong();
    volatile long longestGapNanos;

    WriteGapProbe(ProcessCluster cluster, String node) {
      this.cluster = cluster;
      this.node = node;
    }

    @Override
    public void run() {
      long lastSuccess = System.nanoTime();
      for (int i = 0; !stop.get(); i++) {
        try {
          set(cluster, node, "probe-" + i, "x");
          long now = System.nanoTime();
          longestGapNanos = Math.max(longestGapNanos, now - lastSuccess);
          lastSuccess = now;
          successes.incrementAndGet();
        } catch (StatusRuntimeException e) {
          // counted as part of the gap
        }
      }
    }

    long longestGapMillis() {
      return longestGapNanos / 1_000_000;
    }
  }

  private static void set(ProcessCluster cluster, String via, String key, String value) {
    KVGrpc.newBlockingStub(cluster.channel(via))
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
  }

  private static void setWithRetry(ProcessCluster cluster, String via, String key, String value) {
    await("write " + key)
        .atMost(Duration.ofSeconds(20))
        .ignoreException(StatusRuntimeException.class)
        .until(
            () -> {
              set(cluster, via, key, value);
              return true;
            });
  }

  private static String get(ProcessCluster cluster, String via, String key) {
    return KVGrpc.newBlockingStub(cluster.channel(via))
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .get(GetRequest.newBuilder().setKey(key).setConsistency(ReadConsistency.STALE).build())
        .getValue()
        .toStringUtf8();
  }
}
