package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.mokv.api.ClusterGrpc;
import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.tests.harness.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cluster id in GetServers and Cluster.Members, and a client never mixing two clusters. */
@Timeout(180)
class ClusterIdIT {

  @TempDir Path root;

  @Test
  void when_seedsBelongToTwoClusters_then_theClientRefusesThem_andEachClusterServesItsOwn()
      throws Exception {
    try (TestCluster a = TestCluster.start(3, root.resolve("a"));
        TestCluster b = TestCluster.start(1, root.resolve("b"))) {
      a.awaitLeader();
      b.awaitLeader();

      // Every node of a reports a's id in both RPCs; b's node reports another one.
      String idA = a.stub("n1").getServers(Empty.getDefaultInstance()).getClusterId();
      assertThat(idA).isNotEmpty();
      for (String name : a.names()) {
        assertThat(a.stub(name).getServers(Empty.getDefaultInstance()).getClusterId())
            .isEqualTo(idA);
        assertThat(
                ClusterGrpc.newBlockingStub(a.channel(name))
                    .members(Empty.getDefaultInstance())
                    .getClusterId())
            .isEqualTo(idA);
      }
      String idB = b.stub("n1").getServers(Empty.getDefaultInstance()).getClusterId();
      assertThat(idB).isNotEmpty().isNotEqualTo(idA);

      String seedA = a.config("n1").rpcAddress().toString();
      String seedB = b.config("n1").rpcAddress().toString();
      try (MokvClient mixed =
          MokvClient.connect(
              ClientOptions.builder()
                  .endpoints(seedA + "," + seedB)
                  .timeout(Duration.ofSeconds(3))
                  .build())) {
        assertThatThrownBy(() -> mixed.set("k", "mixed"))
            .isInstanceOf(MokvException.class)
            .hasMessageContaining("different mökv clusters")
            .hasMessageContaining(idA)
            .hasMessageContaining(idB);
      }
      try (MokvClient clientA =
              MokvClient.connect(ClientOptions.builder().endpoints(seedA).build());
          MokvClient clientB =
              MokvClient.connect(ClientOptions.builder().endpoints(seedB).build())) {
        clientA.set("k", "a");
        clientB.set("k", "b");
        assertThat(clientA.get("k").orElseThrow().valueAsString()).isEqualTo("a");
        assertThat(clientB.get("k").orElseThrow().valueAsString()).isEqualTo("b");
      }
      // The refused client wrote nothing anywhere: a's and b's only writes are their own clients'.
      // (n1 of a may be a follower that applies the write a moment later: wait, then hold.)
      await()
          .atMost(Duration.ofSeconds(10))
          .during(Duration.ofSeconds(1))
          .until(
              () ->
                  a.node("n1").inspect().revision() == 1 && b.node("n1").inspect().revision() == 1);
    }
  }
}
