package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.server.membership.LocalRaftGroup;
import dev.mokv.server.membership.LocalRaftGroup.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ClusterAdmin.transferLeadership} without a target, as a stopping leader calls it, against
 * a real Raft group ({@link LocalRaftGroup}). Proves that it hands leadership to a voter that can
 * take it, even when another voter is down.
 */
class ClusterAdminTransferTest {

  @TempDir Path dir;

  private LocalRaftGroup group;

  @AfterEach
  void closeGroup() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_aFollowerIsDown_then_transferWithoutTargetPicksALiveOne() throws IOException {
    group =
        new LocalRaftGroup(dir, Duration.ZERO, Clock.systemUTC(), Duration.ofHours(1))
            .form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    List<Node> followers = group.followersOf(leader);
    // Raft lists voters in initial-cluster order, so this is the follower it names first.
    Node down = followers.stream().min(Comparator.comparing(n -> n.name)).orElseThrow();
    Node live = followers.stream().filter(n -> n != down).findFirst().orElseThrow();

    // inject: the follower Raft lists first goes down; the others commit a write without it
    group.crash(down.name);
    assertThat(leader.write("without", down.name)).isPositive();

    // assert: leadership goes to the live follower
    long started = System.nanoTime();
    String to =
        leader.consensus.admin().transferLeadership(Optional.empty(), Duration.ofSeconds(2));
    System.out.printf(
        "[timing] transfer without target took %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(to).isEqualTo(live.name);

    // converge: the live follower leads, and the old leader follows it
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(live.isLeader()).isTrue();
              assertThat(leader.consensus.leaderId()).contains(live.name);
            });
  }
}
