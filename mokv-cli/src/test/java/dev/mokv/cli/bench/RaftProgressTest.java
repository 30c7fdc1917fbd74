package dev.mokv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading a node's Raft progress from its Prometheus text scrape. */
@Timeout(30)
class RaftProgressTest {

  private static final String SCRAPE =
      """
      # HELP mokv_raft_is_leader 1 if this node leads.
      # TYPE mokv_raft_is_leader gauge
      mokv_raft_is_leader 1.0
      # TYPE mokv_raft_applied_index gauge
      mokv_raft_applied_index 1234.0
      # TYPE mokv_store_revision gauge
      mokv_store_revision 56789.0
      mokv_store_revision_other 3.0
      """;

  @Test
  void when_aScrapeHasTheGauges_then_leadershipRevisionAndAppliedIndexAreRead() {
    assertThat(RaftProgress.parse(SCRAPE)).isEqualTo(new RaftProgress(true, 56789, 1234));
    assertThat(RaftProgress.parse(SCRAPE.replace("is_leader 1.0", "is_leader 0.0")).leader())
        .isFalse();
  }

  @Test
  void when_aGaugeIsMissingOrNotANumber_then_theErrorNamesIt() {
    assertThatThrownBy(() -> RaftProgress.parse(SCRAPE.replace("mokv_store_revision 5", "x 5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no sample of mokv_store_revision");
    assertThatThrownBy(() -> RaftProgress.parse(SCRAPE.replace("1234.0", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mokv_raft_applied_index has the value 'lots'");
  }

  @Test
  void when_costIsComputed_then_commandsPerEntryAndCpuPerThousandOpsFollowTheDeltas() {
    ServerCost cost = new ServerCost(3, 1.5, 50_000L, 200L, java.util.List.of());

    assertThat(cost.commandsPerEntry()).isEqualTo(250.0);
    assertThat(cost.cpuMsPer1kOps(30_000)).isEqualTo(50.0);
    assertThat(cost.cpuMsPer1kOps(0)).isNull();
    assertThat(new ServerCost(0, null, 10L, 0L, java.util.List.of()).commandsPerEntry()).isNull();
  }
}
