package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.SetRequest;
import dev.mokv.server.MokvNode;
import dev.mokv.server.config.NodeConfig;
import dev.mokv.tests.harness.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second node started with a live member's node-name, on an in-process gossip cluster. */
@Timeout(180)
class NameClashIT {

  @TempDir Path root;

  @Test
  void when_aNodeStartsWithALiveMembersName_then_itRefuses_andTheVotersStay() throws Exception {
    try (TestCluster cluster = TestCluster.startJoined(3, root, b -> b)) {
      cluster.awaitVoters(List.of("n1", "n2", "n3"));
      String victim = cluster.followers().get(0);
      // Another process with the victim's name, at its own ports and data-dir (a copied config).
      NodeConfig joiner = cluster.addJoiner("clash", root);
      NodeConfig impostor =
          NodeConfig.builder()
              .nodeName(victim)
              .dataDir(root.resolve("impostor"))
              .bindAddr(joiner.bindAddr())
              .rpcPort(joiner.rpcPort())
              .raftPort(joiner.raftPort())
              .metricsPort(joiner.metricsPort())
              .electionTimeout(Duration.ofMillis(500))
              .startJoinAddrs(joiner.startJoinAddrs())
              .build();

      assertThatThrownBy(() -> MokvNode.start(impostor).close())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("node-name " + victim + " is already used by a live member")
          .hasMessageContaining(cluster.config(victim).rpcAddress().toString());

      // Nothing changed: the real voter stays, and the impostor left no Raft data behind.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> cluster.node(cluster.awaitLeader()).inspect().voters().contains(victim));
      assertThat(cluster.node(cluster.awaitLeader()).inspect().voters())
          .containsExactly("n1", "n2", "n3");
      assertThat(
              !Files.exists(impostor.dataDir())
                  || Files.list(impostor.dataDir()).findAny().isEmpty())
          .isTrue();
      String leader = cluster.awaitLeader();
      assertThat(
              cluster
                  .stub(leader)
                  .set(
                      SetRequest.newBuilder()
                          .setKey("after")
                          .setValue(ByteString.copyFromUtf8("clash"))
                          .build())
                  .getOk())
          .isTrue();
    }
  }
}
