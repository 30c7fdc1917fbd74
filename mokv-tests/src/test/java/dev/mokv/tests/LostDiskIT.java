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

/** A voter whose data-dir was lost, on an in-process gossip cluster. */
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
      cluster
          .stub(leader)
          .set(
              SetRequest.newBuilder()
                  .setKey("k")
                  .setValue(ByteString.copyFromUtf8("acknowledged"))
                  .build());

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
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreException(StatusRuntimeException.class)
          .until(
              () ->
                  ClusterGrpc.newBlockingStub(cluster.channel(leader))
                      .removeServer(RemoveServerRequest.newBuilder().setName(victim).build())
                      .getRemoved());
      List<String> rest = cluster.names().stream().filter(n -> !n.equals(victim)).toList();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !cluster.node(cluster.awaitLeader()).inspect().voters().contains(victim));
      cluster.startNode(victim);
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      await("the rejoined node has the acknowledged write")
          .atMost(Duration.ofSeconds(30))
          .ignoreException(StatusRuntimeException.class)
          .until(
              () ->
                  cluster
                      .stub(victim)
                      .get(
                          GetRequest.newBuilder()
                              .setKey("k")
                              .setConsistency(ReadConsistency.STALE)
                              .build())
                      .getValue()
                      .toStringUtf8()
                      .equals("acknowledged"));
      assertThat(rest).hasSize(2);
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
