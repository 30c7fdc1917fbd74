package dev.mokv.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.health.ReadinessRule.Role;
import dev.mokv.server.health.ReadinessRule.View;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReadinessRuleTest {

  /** Election timeout 500 ms: contact counts as recent up to 1500 ms. */
  private final ReadinessRule rule = new ReadinessRule(Duration.ofMillis(500));

  private static View follower(String leader, long contactMillis, long commit, long applied) {
    return new View(true, Role.FOLLOWER, leader, contactMillis, List.of(), 3, commit, applied);
  }

  private static View leader(List<Long> voterContact, int voters) {
    return new View(true, Role.LEADER, "n1", Long.MAX_VALUE, voterContact, voters, 10, 10);
  }

  @Test
  void evaluate_followerWithRecentLeader_isReady() {
    assertThat(rule.evaluate(follower("n1", 200, 10, 10))).isEqualTo(Readiness.ok());
  }

  @Test
  void evaluate_followerAtTheContactBound_isReady() {
    assertThat(rule.evaluate(follower("n1", 1500, 10, 10)).ready()).isTrue();
  }

  @Test
  void evaluate_followerSilentLeader_isNotReadyAndSaysSo() {
    Readiness r = rule.evaluate(follower("n1", 1501, 10, 10));

    assertThat(r.ready()).isFalse();
    assertThat(r.reason()).isEqualTo("no contact from leader n1 for 1501 ms");
  }

  @Test
  void evaluate_noLeader_isNotReady() {
    assertThat(rule.evaluate(follower(null, 0, 10, 10)))
        .isEqualTo(Readiness.notReady("no known leader"));
  }

  @Test
  void evaluate_candidate_isNotReady() {
    View candidate = new View(true, Role.CANDIDATE, "n1", 0, List.of(), 3, 10, 10);

    assertThat(rule.evaluate(candidate).reason())
        .isEqualTo("no leader: an election is in progress");
  }

  @Test
  void evaluate_notRunning_isNotReady() {
    View stopped = new View(false, Role.FOLLOWER, "n1", 0, List.of(), 3, 10, 10);

    assertThat(rule.evaluate(stopped)).isEqualTo(Readiness.notReady("Raft is not running"));
  }

  @Test
  void evaluate_applyLagAtTheBound_isReady_andPastIt_isNot() {
    long commit = 5000;

    assertThat(
            rule.evaluate(follower("n1", 0, commit, commit - ReadinessRule.MAX_APPLY_LAG)).ready())
        .isTrue();
    assertThat(
            rule.evaluate(follower("n1", 0, commit, commit - ReadinessRule.MAX_APPLY_LAG - 1))
                .reason())
        .isEqualTo("applied index 3999 is 1001 entries behind the commit index");
  }

  @Test
  void evaluate_leaderWithOneOfTwoFollowersRecent_hasAMajority() {
    assertThat(rule.evaluate(leader(List.of(100L, 60_000L), 3)).ready()).isTrue();
  }

  @Test
  void evaluate_leaderWithNoRecentFollower_isNotReady() {
    Readiness r = rule.evaluate(leader(List.of(2000L, 60_000L), 3));

    assertThat(r.ready()).isFalse();
    assertThat(r.reason())
        .isEqualTo("leader without a majority: 1 of 3 voters heard from within 1500 ms");
  }

  @Test
  void evaluate_leaderOfFiveWithOneRecentFollower_isNotReady() {
    assertThat(rule.evaluate(leader(List.of(10L, 5000L, 5000L, 5000L), 5)).ready()).isFalse();
    assertThat(rule.evaluate(leader(List.of(10L, 20L, 5000L, 5000L), 5)).ready()).isTrue();
  }

  @Test
  void evaluate_singleNodeLeader_isReady() {
    assertThat(rule.evaluate(leader(List.of(), 1)).ready()).isTrue();
  }
}
