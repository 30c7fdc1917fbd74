package dev.mokv.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import dev.mokv.tests.harness.ProcessCluster;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes both configured to bootstrap ({@code example/config.yaml}), each listing the other in
 * {@code start-join-addrs}, started at the same moment: they end in one cluster, not two.
 */
@Timeout(180)
class DoubleBootstrapIT {

  @TempDir Path root;

  @Test
  void when_twoBootstrapNodesStartTogether_then_theyFormOneCluster() throws Exception {
    int[] gossip = {Ports.free(), Ports.free()};
    int[] rpc = {Ports.free(), Ports.free()};
    String[] names = {"node1", "node2"};
    NodeProcess[] nodes = new NodeProcess[2];
    ManagedChannel[] channels = new ManagedChannel[2];
    try {
      for (int i = 0; i < 2; i++) {
        nodes[i] =
            new NodeProcess(
                names[i],
                ProcessCluster.exampleDir().resolve("config.yaml"),
                root.resolve(names[i] + ".log"));
        channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", rpc[i]).usePlaintext().build();
      }
      // Both processes are launched before either has had time to look at gossip.
      for (int i = 0; i < 2; i++) {
        nodes[i].start(
            "--node-name", names[i],
            "--data-dir", root.resolve(names[i] + "-data").toString(),
            "--rpc-port", String.valueOf(rpc[i]),
            "--raft-port", String.valueOf(Ports.free()),
            "--bind-addr", "127.0.0.1:" + gossip[i],
            "--metrics-port", String.valueOf(Ports.free()),
            "--start-join-addrs", "127.0.0.1:" + gossip[1 - i]);
      }
      for (int i = 0; i < 2; i++) {
        ManagedChannel channel = channels[i];
        NodeProcess node = nodes[i];
        await(names[i] + " reports both nodes as voters of one cluster")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  assertThat(node.isAlive()).as(node.name() + " is running").isTrue();
                  List<Server> servers =
                      KVGrpc.newBlockingStub(channel)
                          .withDeadlineAfter(3, TimeUnit.SECONDS)
                          .getServers(Empty.getDefaultInstance())
                          .getServersList();
                  assertThat(servers.stream().filter(Server::getIsVoter).map(Server::getId))
                      .containsExactlyInAnyOrder("node1", "node2");
                });
      }
      String created = clusterLine(nodes[0].output());
      String joined = clusterLine(nodes[1].output());
      assertThat(joined).as("one cluster id").isEqualTo(created);
      assertThat(
              List.of(nodes[0].output(), nodes[1].output()).stream()
                  .filter(out -> out.contains("Creating a new cluster"))
                  .count())
          .as("nodes that created a cluster")
          .isEqualTo(1);
    } finally {
      for (int i = 0; i < 2; i++) {
        if (channels[i] != null) {
          channels[i].shutdownNow();
        }
        if (nodes[i] != null) {
          nodes[i].close();
        }
      }
    }
  }

  private static String clusterLine(String output) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\(cluster ([0-9a-f-]{36}),").matcher(output);
    assertThat(m.find()).as("logged its cluster:\n" + SeedStyleCluster.tail(output)).isTrue();
    return m.group(1);
  }
}
