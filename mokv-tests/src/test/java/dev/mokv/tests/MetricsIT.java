package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import dev.mokv.tests.support.PrometheusText.Sample;
import dev.mokv.tests.support.Scrape;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each node's {@code /metrics}, scraped over HTTP and parsed strictly, tells the truth: exactly the
 * requests that node answered, one leader, the same applied index and key count everywhere.
 *
 * <p>Requests go straight to one node's gRPC port with blocking stubs, so it is known which node
 * answered which; no other test in this class sends requests.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

  private static final String SET = "api.KV/Set";
  private static final String GET = "api.KV/Get";

  /** Writes and reads sent to each node; all different, so a mix-up shows. */
  private static final Map<String, int[]> TRAFFIC =
      Map.of("n1", new int[] {5, 4}, "n2", new int[] {7, 2}, "n3", new int[] {3, 6});

  private TestCluster cluster;
  private final Map<String, String> written = new LinkedHashMap<>();

  @BeforeAll
  void startClusterAndSendTraffic(@TempDir Path root) throws Exception {
    cluster = TestCluster.start(3, root);
    cluster.awaitLeader();
    for (String node : cluster.names()) {
      int sets = TRAFFIC.get(node)[0];
      int gets = TRAFFIC.get(node)[1];
      for (int i = 0; i < sets; i++) {
        String key = node + "-key-" + i;
        String value = "value-" + i;
        cluster
            .stub(node)
            .set(
                SetRequest.newBuilder()
                    .setKey(key)
                    .setValue(ByteString.copyFromUtf8(value))
                    .build());
        written.put(key, value);
      }
      for (int i = 0; i < gets; i++) {
        cluster.stub(node).get(GetRequest.newBuilder().setKey(node + "-key-0").build());
      }
      try {
        cluster.stub(node).get(GetRequest.newBuilder().setKey("missing").build());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      }
    }
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Scrape scrape(String node) {
    return Scrape.of(cluster.config(node).metricsPort());
  }

  @Test
  void requestCounters_equalWhatEachNodeWasSent() {
    for (String node : cluster.names()) {
      Scrape metrics = scrape(node);
      int sets = TRAFFIC.get(node)[0];
      int gets = TRAFFIC.get(node)[1];

      assertThat(metrics.require("mokv_rpc_requests_total", "method", SET, "code", "OK"))
          .as("%s Set OK", node)
          .isEqualTo(sets);
      assertThat(metrics.require("mokv_rpc_requests_total", "method", GET, "code", "OK"))
          .as("%s Get OK", node)
          .isEqualTo(gets);
      assertThat(metrics.require("mokv_rpc_requests_total", "method", GET, "code", "NOT_FOUND"))
          .as("%s Get NOT_FOUND", node)
          .isEqualTo(1);
      assertThat(metrics.samples("mokv_rpc_requests_total"))
          .as("%s counts nothing else", node)
          .hasSize(3);
      assertThat(metrics.require("mokv_rpc_request_duration_seconds_count", "method", SET))
          .isEqualTo(sets);
      assertThat(metrics.require("mokv_rpc_request_duration_seconds_count", "method", GET))
          .isEqualTo(gets + 1);
      assertThat(
              metrics.require(
                  "mokv_rpc_request_duration_seconds_bucket", "method", SET, "le", "10.0"))
          .isEqualTo(sets);
      assertThat(metrics.require("mokv_rpc_requests_in_flight")).isZero();
      assertThat(cluster.node(node).inspect().requestCounts()).containsEntry(SET, (long) sets);
    }
  }

  @Test
  void afterQuiescence_oneLeaderAndEveryNodeAppliedTheSameWrites() {
    await("one leader, equal applied index and key count on every node")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Set<Double> applied = new HashSet<>();
              Set<String> leaderIds = new HashSet<>();
              int leaders = 0;
              for (String node : cluster.names()) {
                Scrape metrics = scrape(node);
                leaders += (int) metrics.require("mokv_raft_role", "role", "leader");
                applied.add(metrics.require("mokv_raft_applied_index"));
                assertThat(metrics.require("mokv_raft_applied_index"))
                    .isEqualTo(metrics.require("mokv_raft_commit_index"));
                metrics
                    .samples("mokv_raft_leader")
                    .forEach(s -> leaderIds.add(s.labels().get("id")));
                assertThat(metrics.require("mokv_store_keys")).isEqualTo(written.size());
                assertThat(metrics.require("mokv_store_data_bytes")).isEqualTo(dataBytes());
                assertThat(metrics.require("mokv_ready")).isEqualTo(1);
              }
              assertThat(leaders).as("nodes reporting role leader").isEqualTo(1);
              assertThat(leaderIds).as("leader ids reported").hasSize(1);
              assertThat(applied).as("applied indices").hasSize(1);
            });
  }

  @Test
  void followerLag_isReportedByTheLeaderOnly_andRatisMetricsAreThisNodes() {
    String leader = cluster.awaitLeader();
    await("followers caught up, as the leader sees it")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<Sample> lag = scrape(leader).samples("mokv_raft_follower_lag_entries");
              assertThat(lag).extracting(s -> s.labels().get("peer")).hasSize(2);
              assertThat(lag).allSatisfy(s -> assertThat(s.value()).isZero());
            });
    for (String node : cluster.names()) {
      Scrape metrics = scrape(node);
      boolean isLeader = node.equals(leader);
      // The log appender registries exist only on the leader; every node's scrape would show
      // them if the JVM-wide Ratis registries were not filtered to the node's own member.
      assertThat(metrics.samples("ratis_log_appender_follower_match_index"))
          .as("%s follower match indices", node)
          .hasSize(isLeader ? 2 : 0);
      if (!isLeader) {
        assertThat(metrics.samples("mokv_raft_follower_lag_entries")).isEmpty();
      }
      assertThat(metrics.families().keySet())
          .as("%s bridged Ratis and JVM metrics", node)
          .anyMatch(name -> name.startsWith("ratis_leader_election_"))
          .anyMatch(name -> name.startsWith("ratis_log_worker_"))
          .contains("jvm_threads_current", "process_cpu_seconds_total");
      assertThat(metrics.require("mokv_raft_elections_total")).isGreaterThanOrEqualTo(0);
      assertThat(metrics.require("mokv_raft_term")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void openMetrics_isServedWhenAskedFor_andTextOtherwise() {
    int port = cluster.config("n1").metricsPort();

    HttpResponse<String> open =
        Scrape.get(port, "/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    HttpResponse<String> text = Scrape.get(port, "/metrics", "text/plain");

    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(open.body()).endsWith("# EOF\n").contains("# TYPE mokv_rpc_requests counter\n");
    assertThat(text.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(text.body()).doesNotContain("# EOF");
  }

  private long dataBytes() {
    return written.entrySet().stream()
        .mapToLong(e -> e.getKey().length() + e.getValue().length())
        .sum();
  }
}
