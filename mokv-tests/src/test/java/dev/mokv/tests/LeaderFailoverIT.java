package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Killing the leader: a new one is elected, writes go on, and the old one recovers every write. */
@Timeout(180)
class LeaderFailoverIT {

  @TempDir Path root;

  @Test
  void when_leaderKilled_then_newLeaderServesWrites_andRestartedNodeHasEveryAckedWrite()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root)) {
      String oldLeader = cluster.awaitLeader();
      Map<String, String> acked = new LinkedHashMap<>();
      for (int i = 0; i < 50; i++) {
        write(cluster, oldLeader, "before-" + i, acked);
      }

      cluster.crash(oldLeader);
      String newLeader = cluster.awaitLeader();
      assertThat(newLeader).isNotEqualTo(oldLeader);

      String survivor = cluster.runningNames().get(0);
      for (int i = 0; i < 50; i++) {
        // Retry only on UNAVAILABLE while the new leader settles; the bound is Awaitility's.
        String key = "after-" + i;
        await("write " + key)
            .atMost(Duration.ofSeconds(20))
            .ignoreException(StatusRuntimeException.class)
            .until(() -> write(cluster, survivor, key, acked));
      }

      cluster.startNode(oldLeader);
      cluster.awaitLeader();
      await("restarted " + oldLeader + " catches up")
          .atMost(Duration.ofSeconds(30))
          .ignoreException(StatusRuntimeException.class)
          .untilAsserted(
              () -> {
                for (Map.Entry<String, String> e : acked.entrySet()) {
                  assertThat(
                          cluster
                              .stub(oldLeader)
                              .get(
                                  GetRequest.newBuilder()
                                      .setKey(e.getKey())
                                      .setConsistency(ReadConsistency.STALE)
                                      .build())
                              .getValue()
                              .toStringUtf8())
                      .isEqualTo(e.getValue());
                }
              });
      assertThat(cluster.node(oldLeader).inspect().keyCount()).isEqualTo(acked.size());
    }
  }

  private static boolean write(
      TestCluster cluster, String node, String key, Map<String, String> acked) {
    String value = "v-" + key;
    cluster
        .stub(node)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
    acked.put(key, value);
    return true;
  }
}
