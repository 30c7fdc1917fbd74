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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that meets a committed Raft entry it cannot decode stops there: it never applies past
 * it (which would make it diverge silently from the others) and the node reports why.
 */
@Timeout(180)
class UndecodableEntryIT {

  private static final int BEFORE = 5;
  private static final int AFTER = 5;

  @TempDir Path root;

  @Test
  void when_aCommittedEntryCannotBeDecoded_then_theReplicaStopsThereInsteadOfSkippingIt()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root)) {
      String leader = cluster.awaitLeader();
      String follower = cluster.followers().get(0);
      // One entry per write: each set waits for the previous one's commit.
      List<String> keys = keys();
      keys.forEach(key -> set(cluster, leader, key));
      await("the follower applied every write")
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.node(follower).inspect().keyCount() == keys.size());
      cluster.crash(follower);

      // Ratis snapshots a replica as it stops; without that snapshot the restart replays the log.
      RaftLogSurgery.deleteSnapshots(root.resolve(follower));
      long index = RaftLogSurgery.garbleEntrySetting(root.resolve(follower), "bad");
      System.out.printf("UndecodableEntryIT: garbled log index %d on %s%n", index, follower);

      // Restarted, the follower replays its log up to the commit index it hears from the leader,
      // and must stop at the damaged entry: nothing from it on is applied, then or later.
      MokvNode node = cluster.startNode(follower);
      await("the follower replays up to the damaged entry")
          .atMost(Duration.ofSeconds(60))
          .until(() -> node.inspect().keyCount() >= BEFORE);
      await("the follower never applies past the damaged entry")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.inspect().keyCount() == BEFORE);
      // ... and says why, naming the entry; it no longer reports itself ready.
      String reason = node.halted().get(30, TimeUnit.SECONDS);
      assertThat(reason).contains("log index " + index).contains("cannot be decoded");
      await("NOT_SERVING").atMost(Duration.ofSeconds(5)).until(() -> !node.readiness().ready());
      // The others are unharmed and still take writes.
      set(cluster, leader, "later");
      assertThat(cluster.node(leader).inspect().keyCount()).isEqualTo(keys.size() + 1);
      node.crash();
    }
  }

  /** before-0..4, then "bad" (the entry that will be garbled), then after-0..4. */
  private static List<String> keys() {
    List<String> keys = new java.util.ArrayList<>();
    IntStream.range(0, BEFORE).forEach(i -> keys.add("before-" + i));
    keys.add("bad");
    IntStream.range(0, AFTER).forEach(i -> keys.add("after-" + i));
    return keys;
  }

  private static void set(TestCluster cluster, String node, String key) {
    cluster
        .stub(node)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .set(
            SetRequest.newBuilder()
                .setKey(key)
                .setValue(ByteString.copyFromUtf8("value of " + key))
                .build());
  }
}
