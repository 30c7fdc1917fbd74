package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.client.ReadConsistency;
import dev.mokv.client.ServerInfo;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code mokv} processes from {@code initial-cluster} configs: kill -9 the leader,
 * writes go on, restart it, its data is intact; SIGTERM exits 0.
 */
@Timeout(300)
class ProcessClusterIT {

  @TempDir Path root;

  @Test
  void when_leaderProcessIsKilled_then_writesGoOn_andItRestartsWithItsData() throws Exception {
    Map<String, int[]> ports = new LinkedHashMap<>();
    for (String name : List.of("p1", "p2", "p3")) {
      ports.put(name, new int[] {Ports.free(), Ports.free(), Ports.free(), Ports.free()});
    }
    StringBuilder initialCluster = new StringBuilder();
    ports.forEach(
        (name, p) ->
            initialCluster
                .append(initialCluster.length() > 0 ? "," : "")
                .append(name)
                .append("=127.0.0.1:")
                .append(p[1]));
    Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    List<String> endpoints = new ArrayList<>();
    for (Map.Entry<String, int[]> e : ports.entrySet()) {
      int[] p = e.getValue();
      Path config = root.resolve(e.getKey() + ".yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "data-dir: " + root.resolve(e.getKey() + "-data"),
              "node-name: " + e.getKey(),
              "bind-addr: 127.0.0.1:" + p[3],
              "rpc-port: " + p[0],
              "raft-port: " + p[1],
              "metrics-port: " + p[2],
              "initial-cluster: " + initialCluster,
              ""),
          StandardCharsets.UTF_8);
      nodes.put(e.getKey(), new NodeProcess(e.getKey(), config, root.resolve(e.getKey() + ".log")));
      endpoints.add("127.0.0.1:" + p[0]);
    }
    try {
      for (NodeProcess node : nodes.values()) {
        node.start();
      }
      Map<String, String> acked = new LinkedHashMap<>();
      try (MokvClient client =
          MokvClient.connect(ClientOptions.builder().endpoints(endpoints).build())) {
        String leader = awaitLeader(client);
        for (int i = 0; i < 30; i++) {
          set(client, "before-" + i, acked);
        }

        nodes.get(leader).kill();
        List<String> survivors = new ArrayList<>(endpoints);
        survivors.remove("127.0.0.1:" + ports.get(leader)[0]);
        try (MokvClient survivorClient =
            MokvClient.connect(ClientOptions.builder().endpoints(survivors).build())) {
          for (int i = 0; i < 30; i++) {
            String key = "after-" + i;
            await("write " + key + " after the leader was killed")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(MokvException.class)
                .until(() -> set(survivorClient, key, acked));
          }
        }

        nodes.get(leader).start();
        String restartedEndpoint = "127.0.0.1:" + ports.get(leader)[0];
        try (MokvClient restarted = MokvClient.connect(ClientOptions.of(restartedEndpoint))) {
          await("restarted " + leader + " has every acknowledged write")
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptionsInstanceOf(MokvException.class)
              .untilAsserted(
                  () -> {
                    for (Map.Entry<String, String> e : acked.entrySet()) {
                      assertThat(
                              restarted
                                  .get(e.getKey(), ReadConsistency.STALE)
                                  .map(kv -> kv.valueAsString()))
                          .as(e.getKey())
                          .contains(e.getValue());
                    }
                  });
        }
      }
      for (NodeProcess node : nodes.values()) {
        assertThat(node.terminate()).as("exit code of %s after SIGTERM", node.name()).isZero();
      }
    } finally {
      for (NodeProcess node : nodes.values()) {
        node.close();
      }
    }
  }

  private static String awaitLeader(MokvClient client) {
    return await("a leader")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(MokvException.class)
        .until(
            () ->
                client.servers().stream()
                    .filter(ServerInfo::leader)
                    .map(ServerInfo::id)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static boolean set(MokvClient client, String key, Map<String, String> acked) {
    String value = "v-" + key;
    client.set(key, value.getBytes(StandardCharsets.UTF_8));
    acked.put(key, value);
    return true;
  }
}
