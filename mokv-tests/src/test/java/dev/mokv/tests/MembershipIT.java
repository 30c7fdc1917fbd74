package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.SetRequest;
import dev.mokv.server.MokvNode;
import dev.mokv.server.config.HostPort;
import dev.mokv.server.config.NodeConfig;
import dev.mokv.tests.harness.Ports;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, leaves, foreign data-dirs and unreachable seeds, on in-process gossip clusters. */
@Timeout(180)
class MembershipIT {

  @TempDir Path root;

  @Test
  void when_nodeRestartsOnItsDataDir_then_itRejoinsAsItself_withoutChurn() throws Exception {
    try (TestCluster cluster = TestCluster.startJoined(3, root, b -> b)) {
      String leader = cluster.awaitLeader();
      String victim = cluster.followers().get(0);
      long changesBefore = cluster.node(leader).inspect().reconcilerChanges();

      cluster.crash(victim);
      String via =
          cluster.followers().stream().filter(n -> !n.equals(victim)).findFirst().orElse(leader);
      for (int i = 0; i < 20; i++) {
        set(cluster, via, "k" + i, "v" + i);
      }
      cluster.startNode(victim);

      await("restarted node has the writes made while it was down")
          .atMost(Duration.ofSeconds(30))
          .ignoreException(StatusRuntimeException.class)
          .untilAsserted(() -> assertThat(get(cluster, victim, "k19")).isEqualTo("v19"));
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      String nowLeader = cluster.awaitLeader();
      assertThat(cluster.node(nowLeader).inspect().voters())
          .containsExactlyInAnyOrder("n1", "n2", "n3");
      if (nowLeader.equals(leader)) {
        assertThat(cluster.node(leader).inspect().reconcilerChanges())
            .as("no re-add churn for a node that came back as itself")
            .isEqualTo(changesBefore);
      }
    }
  }

  @Test
  void when_nodeLeftAndComesBackWithNoData_then_itIsAddedFresh() throws Exception {
    try (TestCluster cluster = TestCluster.startJoined(3, root, b -> b.leaveOnTerminate(true))) {
      // A joiner: n1, the bootstrap node, would refuse to start again with its data moved aside.
      String leaving =
          cluster.followers().stream().filter(n -> !n.equals("n1")).findFirst().orElseThrow();
      set(cluster, cluster.awaitLeader(), "before", "1");

      cluster.stopGracefully(leaving);
      List<String> rest = Stream.of("n1", "n2", "n3").filter(n -> !n.equals(leaving)).toList();
      cluster.awaitVoters(rest);
      try (Stream<Path> dirs = Files.list(root.resolve(leaving))) {
        // What stays beside it is the record of the cluster the data-dir belonged to.
        assertThat(dirs.map(p -> p.getFileName().toString()))
            .as("the data of the cluster it left is moved aside")
            .allMatch(name -> name.contains(".left-") || name.equals("mokv-node.json"))
            .anyMatch(name -> name.contains(".left-"));
      }

      cluster.startNode(leaving);
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      await("the fresh node received the data")
          .atMost(Duration.ofSeconds(30))
          .ignoreException(StatusRuntimeException.class)
          .untilAsserted(() -> assertThat(get(cluster, leaving, "before")).isEqualTo("1"));
    }
  }

  @Test
  void when_dataDirBelongsToAnotherCluster_then_nodeRefusesToStart_sayingSo() throws Exception {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    try (TestCluster first = TestCluster.startJoined(1, a, x -> x);
        TestCluster second = TestCluster.startJoined(1, b, "other", x -> x)) {
      NodeConfig fromFirst = first.config("n1");
      first.crash("n1");
      NodeConfig misplaced =
          fromFirst.toBuilder()
              .bootstrap(false)
              .startJoinAddrs(List.of(second.config("other1").bindAddr()))
              .build();

      assertThatThrownBy(() -> MokvNode.start(misplaced).crash())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("belongs to cluster")
          .hasMessageContaining(fromFirst.dataDir().toString());
    }
  }

  @Test
  void when_seedIsUnreachable_then_startFailsWithAClearMessage_withinTheJoinTimeout() {
    NodeConfig config =
        NodeConfig.builder()
            .nodeName("lonely")
            .dataDir(root.resolve("lonely"))
            .bindAddr(HostPort.parse("127.0.0.1:" + Ports.free()))
            .rpcPort(Ports.free())
            .raftPort(Ports.free())
            .metricsPort(Ports.free())
            .startJoinAddrs(List.of(HostPort.parse("127.0.0.1:" + Ports.free())))
            .joinTimeout(Duration.ofSeconds(3))
            .build();
    long started = System.nanoTime();

    assertThatThrownBy(() -> MokvNode.start(config).crash())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("could not join a cluster through start-join-addrs")
        .hasMessageContaining("no member answered");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  private static void set(TestCluster cluster, String node, String key, String value) {
    cluster
        .stub(node)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
  }

  private static String get(TestCluster cluster, String node, String key) {
    return cluster
        .stub(node)
        .get(GetRequest.newBuilder().setKey(key).setConsistency(ReadConsistency.STALE).build())
        .getValue()
        .toStringUtf8();
  }
}
