package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.SetRequest;
import dev.mokv.server.MokvNode;
import dev.mokv.tests.harness.TestCluster;
import dev.mokv.tests.support.RaftLogSurgery;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower whose log ends below what its leader believes it holds is freed, not left behind.
 *
 * <p>A Ratis leader never lowers a follower's match index while it leads. A follower that comes
 * back with fewer entries than it acknowledged (a disk that lost confirmed writes; a Ratis follower
 * that acknowledged entries it had not written) is found by the leader's next append when that
 * append starts right after the match index; but on an idle cluster only heartbeats reach it, and
 * Ratis probes it above its log's end for as long as that leader leads: it never catches up,
 * flapping between "leader known" and "Leader is unknown". The leader's watchdog notices a follower
 * that answers and never succeeds ({@code StuckFollowerRule}) and hands leadership to another
 * voter, whose probing starts afresh.
 */
@Timeout(180)
class StuckFollowerIT {

  private static final int WRITES = 20;

  @TempDir Path root;

  @Test
  void when_aFollowerComesBackWithLessThanItAcknowledged_then_itCatchesUpAnyway() throws Exception {
    // Snapshots every 10 entries: the follower's disk can go back to an older one.
    try (TestCluster cluster = TestCluster.start(3, root, b -> b.snapshotThreshold(10))) {
      String leader = cluster.awaitLeader();
      String follower = cluster.followers().get(0);
      // One entry per write: each set waits for the previous one's commit.
      for (int i = 0; i < WRITES; i++) {
        cluster
            .stub(leader)
            .set(
                SetRequest.newBuilder()
                    .setKey("k" + i)
                    .setValue(ByteString.copyFromUtf8("v" + i))
                    .build());
      }
      await("the follower applied every write")
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.node(follower).inspect().keyCount() == WRITES);
      cluster.crash(follower);

      // Its disk goes back to its older snapshot: the entries after it and the newer snapshot are
      // lost. The older snapshot already holds the follower's own address, so the restarted node
      // writes nothing and, the cluster being idle, the leader has nothing to append: only
      // heartbeats reach it.
      long kept = RaftLogSurgery.loseWritesAfterOlderSnapshot(root.resolve(follower));
      System.out.printf(
          "StuckFollowerIT: %s restarts holding up to log index %d, less than it acknowledged%n",
          follower, kept);

      MokvNode node = cluster.startNode(follower);
      await("the follower has every acknowledged write again")
          .atMost(Duration.ofSeconds(90))
          .until(() -> node.inspect().keyCount() == WRITES);
      String after = cluster.awaitLeader();
      System.out.printf("StuckFollowerIT: caught up; leader %s, then %s%n", leader, after);
      assertThat(after)
          .as("the leader that probed above the follower's log handed leadership on")
          .isNotEqualTo(leader)
          .isNotEqualTo(follower);
    }
  }
}
