package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.SetRequest;
import dev.mokv.api.SetResponse;
import dev.mokv.tests.harness.TestCluster;
import dev.mokv.tests.support.Scrape;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write reported failed before it was handed to Raft is never applied. A follower cut off from
 * every other node queues the writes it is sent behind its batches in flight; writes whose deadline
 * passes in that queue fail, and must not be sent (and applied) once the cluster is back.
 */
@Timeout(300)
class QueuedWriteDeadlineIT {

  /** More than the batches a node keeps in flight, so that the rest wait in its queue. */
  private static final int BLOCKERS = 64;

  private static final int VICTIMS = 20;

  /** Long, so the blockers hold their places in flight well past the victims' deadline. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path root;

  @Test
  void when_writesExpireInACutOffFollowersQueue_then_theyNeverAppearAfterTheClusterIsBack()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(3, root, b -> b.requestTimeout(REQUEST_TIMEOUT))) {
      String leader = cluster.awaitLeader();
      String follower = cluster.followers().get(0);
      set(cluster.stub(follower), "warm-up", 10);
      // The leader goes last: crashed first, it would leave the follower and the other node a
      // majority, the follower could win the election, and the writes below would reach a log.
      List<String> others =
          cluster.names().stream()
              .filter(n -> !n.equals(follower))
              .sorted(Comparator.comparing(leader::equals))
              .toList();
      for (String node : others) {
        cluster.crash(node);
      }
      System.out.printf("QueuedWriteDeadlineIT: %s cut off (leader was %s)%n", follower, leader);

      // Blockers take every place in flight towards Raft, and then some wait in the queue.
      KVGrpc.KVStub async = KVGrpc.newStub(cluster.channel(follower));
      List<CompletableFuture<Status>> blockers = new ArrayList<>();
      for (int i = 0; i < BLOCKERS; i++) {
        blockers.add(send(async, "blocker-" + i, 60));
      }
      await("writes queued on " + follower)
          .atMost(Duration.ofSeconds(20))
          .until(() -> metric(cluster, follower, "mokv_raft_write_queue_commands") > 0);

      // Victims queue behind them and their deadline passes there: they fail.
      List<CompletableFuture<Status>> victims = new ArrayList<>();
      for (int i = 0; i < VICTIMS; i++) {
        victims.add(send(async, "victim-" + i, 1));
      }
      for (CompletableFuture<Status> victim : victims) {
        assertThat(victim.get(30, TimeUnit.SECONDS).getCode())
            .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      }

      // The cluster comes back while the blockers are still being retried.
      for (String node : others) {
        cluster.startNode(node);
      }
      cluster.awaitLeader();
      // A marker sent after the victims, through the same node: once it is applied everywhere, so
      // would be anything queued before it.
      set(cluster.stub(follower), "marker", 60);
      for (String node : cluster.names()) {
        await("marker on " + node)
            .atMost(Duration.ofSeconds(60))
            .until(() -> staleGet(cluster, node, "marker"));
        for (int i = 0; i < VICTIMS; i++) {
          assertThat(staleGet(cluster, node, "victim-" + i))
              .as("victim-%d, failed before it was sent, on %s", i, node)
              .isFalse();
        }
      }
      assertThat(metric(cluster, follower, "mokv_raft_writes_dropped_total", "reason", "deadline"))
          .isGreaterThanOrEqualTo(VICTIMS);
    }
  }

  private static CompletableFuture<Status> send(KVGrpc.KVStub stub, String key, int seconds) {
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    stub.withDeadlineAfter(seconds, TimeUnit.SECONDS)
        .set(
            SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(key)).build(),
            new StreamObserver<SetResponse>() {
              @Override
              public void onNext(SetResponse value) {}

              @Override
              public void onError(Throwable t) {
                outcome.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                outcome.complete(Status.OK);
              }
            });
    return outcome;
  }

  private static void set(KVGrpc.KVBlockingStub stub, String key, int seconds) {
    stub.withDeadlineAfter(seconds, TimeUnit.SECONDS)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(key)).build());
  }

  private static boolean staleGet(TestCluster cluster, String node, String key) {
    try {
      cluster
          .stub(node)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .get(GetRequest.newBuilder().setKey(key).setConsistency(ReadConsistency.STALE).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private static double metric(TestCluster cluster, String node, String name, String... labels) {
    return Scrape.of(cluster.config(node).metricsPort()).value(name, labels).orElse(-1.0);
  }
}
