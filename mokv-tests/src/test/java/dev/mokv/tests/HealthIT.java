package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.tests.harness.TestCluster;
import dev.mokv.tests.support.Scrape;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health is honest: a node cut off from its majority reports NOT_SERVING (gRPC health and {@code
 * /readyz} alike) within a few election timeouts, whether it was the leader or a follower, and
 * SERVING again once the majority is back; {@code /healthz} (liveness) stays 200 throughout.
 */
@Timeout(180)
class HealthIT {

  /**
   * The bound on noticing lost contact: three election timeouts of the harness (500 ms) by the
   * readiness rule, one more for an election to give up, plus slack for a loaded machine.
   */
  private static final Duration NOTICE = Duration.ofSeconds(15);

  @TempDir Path root;

  @Test
  void when_leaderLosesItsMajority_then_notServingUntilItIsBack() throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root)) {
      String leader = cluster.awaitLeader();
      awaitHealth(cluster, cluster.names(), ServingStatus.SERVING, Duration.ofSeconds(30));

      List<String> others = cluster.followers();
      for (String follower : others) {
        cluster.crash(follower);
      }
      Duration noticed = awaitHealth(cluster, List.of(leader), ServingStatus.NOT_SERVING, NOTICE);
      System.out.printf("HealthIT: isolated leader NOT_SERVING after %d ms%n", noticed.toMillis());
      assertThat(readyz(cluster, leader).body()).startsWith("not ready: ");

      for (String follower : others) {
        cluster.startNode(follower);
      }
      awaitHealth(cluster, cluster.names(), ServingStatus.SERVING, Duration.ofSeconds(60));
    }
  }

  @Test
  void when_followerLosesItsMajority_then_notServingUntilItIsBack() throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root)) {
      cluster.awaitLeader();
      String survivor = cluster.followers().get(0);
      awaitHealth(cluster, cluster.names(), ServingStatus.SERVING, Duration.ofSeconds(30));

      List<String> crashed = cluster.names().stream().filter(n -> !n.equals(survivor)).toList();
      for (String node : crashed) {
        cluster.crash(node);
      }
      Duration noticed = awaitHealth(cluster, List.of(survivor), ServingStatus.NOT_SERVING, NOTICE);
      System.out.printf(
          "HealthIT: isolated follower NOT_SERVING after %d ms%n", noticed.toMillis());
      assertThat(readyz(cluster, survivor).body()).startsWith("not ready: ");

      for (String node : crashed) {
        cluster.startNode(node);
      }
      awaitHealth(cluster, cluster.names(), ServingStatus.SERVING, Duration.ofSeconds(60));
    }
  }

  /**
   * Waits until each of {@code nodes} reports {@code expected} over gRPC health and {@code /readyz}
   * alike, checking {@code /healthz} stays 200 on every poll; returns the time it took.
   */
  private static Duration awaitHealth(
      TestCluster cluster, List<String> nodes, ServingStatus expected, Duration atMost) {
    long start = System.nanoTime();
    await(nodes + " " + expected)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              for (String node : nodes) {
                assertThat(healthz(cluster, node)).as("%s /healthz", node).isEqualTo(200);
                assertThat(grpcHealth(cluster, node))
                    .as("%s gRPC health", node)
                    .isEqualTo(expected);
                assertThat(readyz(cluster, node).statusCode())
                    .as("%s /readyz", node)
                    .isEqualTo(expected == ServingStatus.SERVING ? 200 : 503);
              }
            });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static ServingStatus grpcHealth(TestCluster cluster, String node) {
    try {
      return HealthGrpc.newBlockingStub(cluster.channel(node))
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("api.KV").build())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return ServingStatus.UNKNOWN;
    }
  }

  private static HttpResponse<String> readyz(TestCluster cluster, String node) {
    return Scrape.get(cluster.config(node).metricsPort(), "/readyz", "text/plain");
  }

  private static int healthz(TestCluster cluster, String node) {
    return Scrape.get(cluster.config(node).metricsPort(), "/healthz", "text/plain").statusCode();
  }
}
