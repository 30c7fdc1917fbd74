package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.KVGrpc;
import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.client.ServerInfo;
import dev.mokv.tests.harness.NodeProcess;
import dev.mokv.tests.harness.Ports;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A node frozen (SIGSTOP) past a JVM-pause close threshold, then resumed: it must serve again
 * (answer a linearizable read of a key written while it was frozen) within 15 s of SIGCONT, and
 * {@code /readyz} must never say "Raft is not running" for longer than 15 s while the process is
 * up. The test acts as the node's supervisor: a process that exits is started again on the same
 * ports and data-dir, as systemd or Kubernetes would.
 */
@Timeout(360)
class LongPauseIT {

  /** Longer than Ratis's default close threshold of 60 s. */
  private static final Duration PAUSE = Duration.ofSeconds(90);

  /** A close threshold the JVM-pause monitor of every node is given in the lowered case. */
  private static final int LOWERED_CLOSE_THRESHOLD_SECONDS = 3;

  private static final Duration SHORT_PAUSE = Duration.ofSeconds(10);
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(5);
  private static final Duration SERVE_AGAIN_WITHIN = Duration.ofSeconds(15);
  private static final Duration OBSERVE_AFTER_RESUME = Duration.ofSeconds(25);
  private static final String NOT_RUNNING = "Raft is not running";

  enum Role {
    FOLLOWER,
    LEADER
  }

  @TempDir Path root;

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** One process and the fixed ports a restart reuses. */
  private record Node(String name, NodeProcess process, int rpc, int metrics) {
    String endpoint() {
      return "127.0.0.1:" + rpc;
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Role.class)
  void when_nodeIsPausedPastRatisDefaultCloseThreshold_then_itServesAgainSoonAfterResuming(
      Role role) throws Exception {
    Observation seen = pauseAndObserve(role, PAUSE);
    // Nothing made Ratis close the server: the node carried on without a restart.
    assertThat(seen.exitCode).as("exit code, if the process exited").isNull();
  }

  /**
   * The lowered-threshold case shares its code path with both roles; one role per build, drawn from
   * a printed seed ({@code -Dmokv.seed=N}), keeps the suite short while every build covers one.
   */
  static Stream<Role> oneRole() {
    long seed = Long.getLong("mokv.seed", ThreadLocalRandom.current().nextLong());
    Role role = Role.values()[new SplittableRandom(seed).nextInt(Role.values().length)];
    System.out.printf("[seed] LongPauseIT lowered threshold -Dmokv.seed=%d: %s%n", seed, role);
    return Stream.of(role);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneRole")
  void when_raftServerIsClosedAfterAPause_then_theProcessExitsPromptly_andServesOnceRestarted(
      Role role) throws Exception {
    Observation seen =
        pauseAndObserve(
            role,
            SHORT_PAUSE,
            "-Dmokv.raft.pause-close-threshold-seconds=" + LOWERED_CLOSE_THRESHOLD_SECONDS);
    assertThat(seen.exitCode).as("exit code after Ratis closed the server").isNotNull();
    assertThat(seen.exitedAfter).as("time from SIGCONT to exit").isLessThanOrEqualTo(EXIT_WITHIN);
  }

  /**
   * Freezes the leader or a follower for {@code pause} under writes, resumes it, and checks that it
   * serves again within {@link #SERVE_AGAIN_WITHIN}; returns what was seen after SIGCONT.
   */
  private Observation pauseAndObserve(Role role, Duration pause, String... jvmArgs)
      throws Exception {
    startCluster(jvmArgs);
    try (MokvClient client = MokvClient.connect(ClientOptions.builder().endpoints(all()).build())) {
      String leader = awaitLeader(client);
      String target =
          role == Role.LEADER
              ? leader
              : nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
      client.set("before", "b".getBytes(StandardCharsets.UTF_8));
      System.out.println("[pause] " + role + ": freezing " + target + " for " + pause);

      // Freeze the target; the other two keep a majority and take writes meanwhile.
      nodes.get(target).process().pause();
      long pausedAt = System.nanoTime();
      String written = writeThroughOthers(target);
      Duration left = pause.minusNanos(System.nanoTime() - pausedAt);
      if (!left.isNegative() && !left.isZero()) {
        // The pause itself, not a synchronization point.
        await().pollDelay(left).atMost(left.plusSeconds(10)).until(() -> true);
      }
      nodes.get(target).process().resume();

      Observation seen = observeAfterResume(nodes.get(target), written);
      System.out.println("[pause] " + role + " " + target + ": " + seen);
      assertThat(seen.servedAfter)
          .as(
              "%s answered a linearizable read within %s of SIGCONT (%s); its log ends with:%n%s",
              target, SERVE_AGAIN_WITHIN, seen, tail(nodes.get(target)))
          .isPresent();
      assertThat(seen.servedAfter.get()).isLessThanOrEqualTo(SERVE_AGAIN_WITHIN);
      assertThat(seen.longestNotRunning)
          .as("longest time /readyz of %s said '%s'", target, NOT_RUNNING)
          .isLessThanOrEqualTo(SERVE_AGAIN_WITHIN);
      if (seen.exitCode != null) {
        assertThat(seen.exitCode)
            .as("exit code of %s after its Raft server stopped", target)
            .isNotZero();
        assertThat(nodes.get(target).process().output())
            .as("the one line that says why %s exited", target)
            .contains("exiting so that a supervisor restarts it");
      }
      return seen;
    } finally {
      for (Node node : nodes.values()) {
        node.process().close();
      }
    }
  }

  /** What the supervisor saw after SIGCONT. */
  private static final class Observation {
    Optional<Duration> servedAfter = Optional.empty();
    Duration longestNotRunning = Duration.ZERO;
    Integer exitCode;
    Duration exitedAfter;
    String lastReadyz = "";

    @Override
    public String toString() {
      return "served after "
          + servedAfter.map(Duration::toMillis).map(ms -> ms + " ms").orElse("never")
          + ", longest '"
          + NOT_RUNNING
          + "' "
          + longestNotRunning.toMillis()
          + " ms, "
          + (exitCode == null
              ? "did not exit"
              : "exited " + exitCode + " after " + exitedAfter.toMillis() + " ms")
          + ", last /readyz: "
          + lastReadyz;
    }
  }

  /**
   * For {@link #OBSERVE_AFTER_RESUME}: restarts the process if it exits (the supervisor), reads
   * {@code /readyz}, and tries a linearizable read of {@code key} on the node itself.
   */
  private Observation observeAfterResume(Node node, String key) {
    Observation seen = new Observation();
    long resumedAt = System.nanoTime();
    long[] notRunningSince = {0};
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", node.rpc()).usePlaintext().build();
    try {
      await("observing " + node.name() + " after SIGCONT")
          .atMost(OBSERVE_AFTER_RESUME.plusSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                Duration since = Duration.ofNanos(System.nanoTime() - resumedAt);
                if (!node.process().isAlive() && seen.exitCode == null) {
                  seen.exitCode = node.process().awaitExit(1);
                  seen.exitedAfter = since;
                  notRunningSince[0] = 0;
                  node.process().start(); // the supervisor's restart: same config, ports, data
                }
                String readyz = readyz(node);
                seen.lastReadyz = readyz;
                if (readyz.contains(NOT_RUNNING)) {
                  if (notRunningSince[0] == 0) {
                    notRunningSince[0] = System.nanoTime();
                  }
                  Duration streak = Duration.ofNanos(System.nanoTime() - notRunningSince[0]);
                  if (streak.compareTo(seen.longestNotRunning) > 0) {
                    seen.longestNotRunning = streak;
                  }
                } else {
                  notRunningSince[0] = 0;
                }
                if (seen.servedAfter.isEmpty() && linearizableRead(channel, key)) {
                  seen.servedAfter = Optional.of(since);
                }
                return since.compareTo(OBSERVE_AFTER_RESUME) >= 0;
              });
    } finally {
      channel.shutdownNow();
    }
    return seen;
  }

  private static boolean linearizableRead(ManagedChannel channel, String key) {
    try {
      return KVGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .get(GetRequest.newBuilder().setKey(key).build())
          .getValue()
          .equals(ByteString.copyFromUtf8("during"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private String readyz(Node node) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metrics() + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body().trim();
    } catch (Exception e) {
      return "no answer: " + e.getClass().getSimpleName();
    }
  }

  /** Writes keys through the two nodes that are not paused; returns the last key written. */
  private String writeThroughOthers(String paused) {
    List<String> others = new ArrayList<>();
    nodes.forEach((name, node) -> others.add(name.equals(paused) ? null : node.endpoint()));
    others.removeIf(e -> e == null);
    try (MokvClient client =
        MokvClient.connect(
            ClientOptions.builder().endpoints(others).timeout(Duration.ofSeconds(5)).build())) {
      for (int i = 0; i < 20; i++) {
        String key = "during-" + i;
        await("write " + key + " while " + paused + " is frozen")
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptionsInstanceOf(MokvException.class)
            .until(
                () -> {
                  client.set(key, "during".getBytes(StandardCharsets.UTF_8));
                  return true;
                });
      }
    }
    return "during-19";
  }

  private void startCluster(String... jvmArgs) throws Exception {
    StringBuilder initialCluster = new StringBuilder();
    Map<String, int[]> ports = new LinkedHashMap<>();
    for (String name : List.of("p1", "p2", "p3")) {
      int[] p = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
      ports.put(name, p);
      initialCluster
          .append(initialCluster.length() > 0 ? "," : "")
          .append(name)
          .append("=127.0.0.1:")
          .append(p[1]);
    }
    for (Map.Entry<String, int[]> e : ports.entrySet()) {
      int[] p = e.getValue();
      Path config = root.resolve(e.getKey() + ".yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "data-dir: " + root.resolve(e.getKey() + "-data"),
              "node-name: " + e.getKey(),
              "rpc-port: " + p[0],
              "raft-port: " + p[1],
              "metrics-port: " + p[2],
              "bind-addr: 127.0.0.1:" + p[3],
              "initial-cluster: " + initialCluster,
              // A restart by the supervisor must not shrink the cluster.
              "leave-on-terminate: false",
              ""),
          StandardCharsets.UTF_8);
      NodeProcess process =
          new NodeProcess(e.getKey(), config, root.resolve(e.getKey() + ".log"))
              .withJvmArgs(jvmArgs)
              .start();
      nodes.put(e.getKey(), new Node(e.getKey(), process, p[0], p[2]));
    }
  }

  private List<String> all() {
    return nodes.values().stream().map(Node::endpoint).toList();
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

  private static String tail(Node node) {
    try {
      List<String> lines = node.process().output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
