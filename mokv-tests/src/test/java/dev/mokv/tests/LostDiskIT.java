package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.GetRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.RemoveServerRequest;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A voter whose data-dir was lost, on in-process gossip and {@code initial-cluster} clusters. */
@Timeout(240)
class LostDiskIT {

  @TempDir Path root;

  @Test
  void when_aVotersDiskIsLost_then_itRefusesToStartBlank_untilRemoved_thenRejoinsWithTheData()
      throws Exception {
    try (TestCluster cluster = TestCluster.startJoined(3, root, b -> b)) {
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      String leader = cluster.awaitLeader();
      String victim = cluster.followers().get(0);
      writeK(cluster, leader);

      // inject: the victim crashes and its disk is replaced
      cluster.crash(victim);
      wipe(cluster.config(victim).dataDir());

      // assert: it refuses to start as the voter with a blank log, and says what to do
      assertThatThrownBy(() -> cluster.startNode(victim))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("its data was lost")
          .hasMessageContaining("mokv member remove " + victim);
      assertThat(cluster.node(leader).inspect().voters()).contains(victim);

      // heal: the operator removes the old server; the node starts again and joins as new
      // (RemoveServer refuses while gossip still shows the refused process alive.)
      removeOldServer(cluster, leader, victim);
      List<String> rest = cluster.names().stream().filter(n -> !n.equals(victim)).toList();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !cluster.node(cluster.awaitLeader()).inspect().voters().contains(victim));
      cluster.startNode(victim);
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      await("the rejoined node has the acknowledged write")
          .atMost(Duration.ofSeconds(30))
          .until(() -> staleValue(cluster, victim).equals("acknowledged"));
      assertThat(rest).hasSize(2);
    }
  }

  /**
   * A member of a fixed {@code initial-cluster} cannot tell a lost disk from its first start by
   * itself; its peers remember that it committed entries. Before the check it started as the old
   * voter with a blank log, and the leader, which still held its old match index, sent it the
   * entries after that index for ever: it never caught up ({@code SoakIT}'s {@code WIPE_DISK} round
   * did not converge).
   */
  @Test
  void when_anInitialClusterMembersDiskIsLost_then_itRefusesToStartBlank_untilRemoved()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root, b -> b)) {
      String leader = cluster.awaitLeader();
      String victim = cluster.followers().get(0);
      writeK(cluster, leader);
      await("the victim has applied the write")
          .atMost(Duration.ofSeconds(30))
          .until(() -> staleValue(cluster, victim).equals("acknowledged"));

      // inject: the victim crashes and its disk is replaced
      cluster.crash(victim);
      wipe(cluster.config(victim).dataDir());

      // assert: its peers remember it, so it refuses to start blank and says what to do
      assertThatThrownBy(() -> cluster.startNode(victim))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("this is not its first start")
          .hasMessageContaining("mokv member remove " + victim);

      // heal: once the old server is removed, the node is no longer refused
      removeOldServer(cluster, leader, victim);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !cluster.node(cluster.awaitLeader()).inspect().voters().contains(victim));
      cluster.startNode(victim);
      assertThat(cluster.node(victim)).isNotNull();
    }
  }

  private static void writeK(TestCluster cluster, String leader) {
    cluster
        .stub(leader)
        .set(
            SetRequest.newBuilder()
                .setKey("k")
                .setValue(ByteString.copyFromUtf8("acknowledged"))
                .build());
  }

  /** As the operator; RemoveServer refuses while gossip still shows the refused process alive. */
  private static void removeOldServer(TestCluster cluster, String leader, String victim) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreException(StatusRuntimeException.class)
        .until(
            () ->
                ClusterGrpc.newBlockingStub(cluster.channel(leader))
                    .removeServer(RemoveServerRequest.newBuilder().setName(victim).build())
                    .getRemoved());
  }

  private static String staleValue(TestCluster cluster, String name) {
    try {
      return cluster
          .stub(name)
          .get(GetRequest.newBuilder().setKey("k").setConsistency(ReadConsistency.STALE).build())
          .getValue()
          .toStringUtf8();
    } catch (StatusRuntimeException e) {
      return "";
    }
  }

  private static void wipe(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
