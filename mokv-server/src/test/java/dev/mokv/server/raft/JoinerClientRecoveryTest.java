package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mokv.server.membership.LocalRaftGroup;
import dev.mokv.server.membership.MembershipEvent.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a joiner whose first writes ran out of retries before it was added (no leader
 * reachable for a whole retry policy) had its Raft client closed by Ratis, and every later write
 * through it failed with "already closed", even after it became a voter. The node now replaces the
 * closed client.
 */
class JoinerClientRecoveryTest {

  @TempDir Path root;

  @Test
  @Timeout(120)
  void when_joinerWritesFailBeforeItIsAdded_then_itsWritesWorkOnceItIsAVoter() throws Exception {
    try (LocalRaftGroup group =
        new LocalRaftGroup(root, Duration.ZERO, Clock.systemUTC(), Duration.ofHours(1))) {
      group.form("n1");
      LocalRaftGroup.Node joiner = group.startJoiner("n2");

      // Not added yet: the write cannot find a leader and runs out of retries.
      assertThatThrownBy(() -> joiner.write("early", "x")).isInstanceOf(CompletionException.class);

      // The leader learns of it and adds it.
      group.gossip(Type.JOINED, joiner.member());
      await("n2 is a voter")
          .atMost(Duration.ofSeconds(30))
          .until(() -> group.node("n1").voters().contains("n2"));

      await("a write through n2 commits")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(joiner.write("late", "y")).isPositive());
    }
  }
}
