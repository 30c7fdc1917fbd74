package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.raft.StuckFollowerRule.Follower;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StuckFollowerRuleTest {

  /** Election timeout 100 ms: a follower may answer without a success for 2 s. */
  private final StuckFollowerRule rule = new StuckFollowerRule(Duration.ofMillis(100));

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  private Optional<String> look(long atMillis, Follower... followers) {
    return rule.observe(List.of(followers), ms(atMillis));
  }

  /** A follower that has answered {@code inconsistent} times "inconsistent" and 40 successes. */
  private static Follower answering(String name, long inconsistent) {
    return new Follower(name, 40, inconsistent, 10);
  }

  @Test
  void followerAnsweringOnlyInconsistent_isStuckOnlyAfterTheBound() {
    Follower healthy = new Follower("n2", 500, 0, 10);
    assertThat(look(0, healthy, answering("n3", 1))).isEmpty();
    assertThat(look(1_999, new Follower("n2", 520, 0, 10), answering("n3", 30))).isEmpty();
    assertThat(look(2_000, new Follower("n2", 521, 0, 10), answering("n3", 31))).contains("n3");
  }

  @Test
  void followerWithSuccessesInBetween_isNeverStuck() {
    for (int i = 0; i <= 100; i++) {
      Follower catchingUp = new Follower("n3", i / 10, i, 10); // a success every tenth look
      assertThat(look(i * 100L, catchingUp)).as("look %d", i).isEmpty();
    }
  }

  @Test
  void idleHealthyFollower_isNeverStuck() {
    for (int i = 0; i <= 100; i++) {
      assertThat(look(i * 100L, new Follower("n3", i, 0, 10))).as("look %d", i).isEmpty();
    }
  }

  @Test
  void followerThatNeitherSucceedsNorIsTurnedAway_isNotStuck() {
    // Answers that are neither (a snapshot being installed, not-leader answers) prove nothing.
    for (int i = 0; i <= 100; i++) {
      assertThat(look(i * 100L, answering("n3", 7))).as("look %d", i).isEmpty();
    }
  }

  @Test
  void followerThatDoesNotAnswer_isNeverStuck() {
    for (int i = 0; i <= 100; i++) {
      assertThat(look(i * 100L, new Follower("n3", 40, i, 50_000))).as("look %d", i).isEmpty();
    }
  }

  @Test
  void followerThatStopsAnswering_startsTheBoundAfresh() {
    assertThat(look(0, answering("n3", 1))).isEmpty();
    assertThat(look(1_500, new Follower("n3", 40, 2, 50_000))).isEmpty();
    assertThat(look(2_000, answering("n3", 3))).isEmpty();
    assertThat(look(3_999, answering("n3", 4))).isEmpty();
    assertThat(look(4_000, answering("n3", 5))).contains("n3");
  }

  @Test
  void reportedFollower_isNotReportedAgainForTheQuietPeriod() {
    long quiet = StuckFollowerRule.QUIET_AFTER_ACTION.toMillis();
    look(0, answering("n3", 1));
    assertThat(look(2_000, answering("n3", 2))).contains("n3");

    long inconsistent = 3;
    for (long t = 2_100; t < 2_000 + quiet; t += 10_000) {
      assertThat(look(t, answering("n3", inconsistent++))).as("at %d ms", t).isEmpty();
    }
    assertThat(look(2_000 + quiet, answering("n3", inconsistent))).contains("n3");
  }

  @Test
  void reset_forgetsWhatItSaw() {
    look(0, answering("n3", 1));
    rule.reset();
    assertThat(look(2_000, answering("n3", 2))).isEmpty();
    assertThat(look(4_000, answering("n3", 3))).contains("n3");
  }

  @Test
  void twoStuckFollowers_areReportedOneLookAtATime() {
    look(0, answering("n2", 1), answering("n3", 1));
    assertThat(look(2_000, answering("n2", 2), answering("n3", 2))).contains("n2");
    assertThat(look(2_100, answering("n2", 3), answering("n3", 3))).contains("n3");
  }
}
