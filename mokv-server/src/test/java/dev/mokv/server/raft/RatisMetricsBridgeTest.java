package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RatisMetricsBridgeTest {

  @Test
  void snake_camelCase_becomesSnakeCase() {
    assertThat(RatisMetricsBridge.snake("appendEntryLatency")).isEqualTo("append_entry_latency");
    assertThat(RatisMetricsBridge.snake("log_appender")).isEqualTo("log_appender");
    assertThat(RatisMetricsBridge.snake("numWatchALLRequestInQueue"))
        .isEqualTo("num_watch_allrequest_in_queue");
  }

  @Test
  void matchIndexPeer_followerMatchIndex_namesThePeer() {
    assertThat(RatisMetricsBridge.matchIndexPeer("follower_n2_match_index")).hasValue("n2");
    assertThat(RatisMetricsBridge.matchIndexPeer("follower_node-2.dc_1_match_index"))
        .hasValue("node-2.dc_1");
  }

  @Test
  void matchIndexPeer_otherMetrics_areNotMatchIndices() {
    assertThat(RatisMetricsBridge.matchIndexPeer("follower_n2_next_index")).isEmpty();
    assertThat(RatisMetricsBridge.matchIndexPeer("appendEntryLatency")).isEmpty();
  }
}
