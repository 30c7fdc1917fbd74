package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.raft.WatchdogRule.Look;
import dev.mokv.server.raft.WatchdogRule.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WatchdogRuleTest {

  /** Election timeout 100 ms: a member may be leaderless for 3 s before its peers are asked. */
  private final WatchdogRule rule = new WatchdogRule(Duration.ofMillis(100));

  private static final Look SERVING = new Look(true, true, true);
  private static final Look STOPPED = new Look(false, false, false);
  private static final Look LEADERLESS = new Look(true, true, false);
  private static final Look JOINING = new Look(true, false, false);

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void observe_servingMember_isHealthy() {
    assertThat(rule.observe(SERVING, ms(0))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(SERVING, ms(60_000))).isEqualTo(State.HEALTHY);
  }

  @Test
  void observe_stoppedServer_isStoppedOnlyAfterTheLimit() {
    assertThat(rule.observe(STOPPED, ms(1_000))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(STOPPED, ms(1_999))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(STOPPED, ms(2_000))).isEqualTo(State.STOPPED);
  }

  @Test
  void observe_stoppedServerThatRunsAgain_startsTheLimitAfresh() {
    rule.observe(STOPPED, ms(0));
    rule.observe(SERVING, ms(900));

    assertThat(rule.observe(STOPPED, ms(1_000))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(STOPPED, ms(1_900))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(STOPPED, ms(2_000))).isEqualTo(State.STOPPED);
  }

  @Test
  void observe_memberOutOfTouch_isLeaderlessAfterThirtyElectionTimeouts() {
    assertThat(rule.observe(LEADERLESS, ms(10_000))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(LEADERLESS, ms(12_999))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(LEADERLESS, ms(13_000))).isEqualTo(State.LEADERLESS);
    assertThat(rule.leaderlessFor(ms(14_000))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void observe_contactWithALeaderInBetween_startsTheLeaderlessTimeAfresh() {
    rule.observe(LEADERLESS, ms(0));
    rule.observe(SERVING, ms(2_900));

    assertThat(rule.observe(LEADERLESS, ms(3_000))).isEqualTo(State.HEALTHY);
    assertThat(rule.observe(LEADERLESS, ms(5_999))).isEqualTo(State.HEALTHY);
    assertThat(rule.leaderlessFor(ms(5_999))).isEqualTo(Duration.ofMillis(2_999));
  }

  @Test
  void observe_nodeNotYetInTheConfiguration_isNeverLeaderless() {
    // A joiner waits, leaderless, until the leader adds it; restarting it would not help.
    rule.observe(JOINING, ms(0));

    assertThat(rule.observe(JOINING, ms(600_000))).isEqualTo(State.HEALTHY);
    assertThat(rule.leaderlessFor(ms(600_000))).isEqualTo(Duration.ZERO);
  }
}
