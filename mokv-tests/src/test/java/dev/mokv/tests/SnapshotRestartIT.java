package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.SetRequest;
import dev.mokv.server.raft.RaftStatus;
import dev.mokv.tests.harness.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node restarted after snapshots and log purge recovers from its snapshot plus the log tail. */
@Timeout(180)
class SnapshotRestartIT {

  @TempDir Path root;

  @Test
  void when_nodeRestartsAfterSnapshotAndPurge_then_itRecoversFromTheSnapshot() throws Exception {
    try (TestCluster cluster =
        TestCluster.start(3, root, b -> b.snapshotThreshold(100).logSegmentSize(16 * 1024))) {
      String leader = cluster.awaitLeader();
      String follower = cluster.followers().get(0);
      int keys = 600;
      for (int i = 0; i < keys; i++) {
        cluster
            .stub(leader)
            .set(
                SetRequest.newBuilder()
                    .setKey("k" + i)
                    .setValue(ByteString.copyFromUtf8("value-" + i + "-" + "x".repeat(64)))
                    .build());
      }
      await("snapshot taken and log purged on " + follower)
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                RaftStatus status = cluster.node(follower).inspect().raftStatus();
                assertThat(status.snapshotIndex()).isPositive();
                assertThat(status.logStartIndex()).isPositive();
              });
      long revisionBefore = cluster.node(follower).inspect().revision();

      cluster.crash(follower);
      cluster.startNode(follower);

      RaftStatus restarted = cluster.node(follower).inspect().raftStatus();
      assertThat(restarted.loadedFromSnapshot()).as("loaded from snapshot").isTrue();
      assertThat(restarted.snapshotIndex()).isPositive();
      await("restarted follower serves every key")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(cluster.node(follower).inspect().keyCount()).isEqualTo(keys);
                assertThat(cluster.node(follower).inspect().revision())
                    .isGreaterThanOrEqualTo(revisionBefore);
              });
      for (int i = 0; i < keys; i += 37) {
        assertThat(
                cluster
                    .stub(follower)
                    .get(
                        GetRequest.newBuilder()
                            .setKey("k" + i)
                            .setConsistency(ReadConsistency.STALE)
                            .build())
                    .getValue()
                    .toStringUtf8())
            .startsWith("value-" + i + "-");
      }
    }
  }
}
