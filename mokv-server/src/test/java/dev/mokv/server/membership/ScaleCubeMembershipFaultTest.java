package dev.mokv.server.membership;

import static dev.mokv.server.membership.LocalGossipCluster.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.mokv.server.config.HostPort;
import dev.mokv.server.membership.MembershipEvent.Type;
import io.scalecube.cluster.transport.api.Transport;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a member does when the network misbehaves: dead seeds, a taken port, and bytes on the gossip
 * port that no member sent. Members run in this JVM on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScaleCubeMembershipFaultTest {

  private static final Duration EVENT_BOUND = Duration.ofSeconds(10);

  private final LocalGossipCluster cluster = new LocalGossipCluster();

  @AfterEach
  void closeAll() {
    cluster.close();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_seedIsUnreachable_then_startReturnsAloneAndWarnsClearly() throws IOException {
    String deadSeed = "127.0.0.1:" + closedPort();
    try (LogCapture log = new LogCapture(SeedWarnings.class)) {
      long starting = System.nanoTime();
      ScaleCubeMembership lonely = cluster.start("n1", List.of(deadSeed));
      long startMillis = millisSince(starting);
      System.out.printf("[timing] start() with an unreachable seed took %d ms%n", startMillis);

      assertThat(startMillis).isLessThan(5000);
      assertThat(lonely.hasPeers()).isFalse();
      assertThat(lonely.members()).extracting(Member::nodeName).containsExactly("n1");
      await()
          .atMost(EVENT_BOUND)
          .untilAsserted(
              () ->
                  assertThat(log.warnings())
                      .extracting(ILoggingEvent::getFormattedMessage)
                      .contains(
                          "[n1] cannot reach seed "
                              + deadSeed
                              + " (connection refused); retrying every 2 s"));
      assertThat(log.warnings()).allSatisfy(w -> assertThat(w.getThrowableProxy()).isNull());

      // A dead seed in the list does not stop a member from joining through a live one.
      cluster.start("n2", List.of(deadSeed, lonely.gossipAddress()));
      cluster.awaitConverged("n1", "n2");
    }
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void when_gossipPortReceivesGarbage_then_clusterKeepsWorking() throws IOException {
    cluster.join("n1", "n2", "n3");
    cluster.awaitConverged("n1", "n2", "n3");
    long seed = Long.getLong("mokv.seed", new Random().nextLong());
    System.out.printf("garbage seed=%d (rerun with -Dmokv.seed=%d)%n", seed, seed);
    Random random = new Random(seed);
    HostPort target = HostPort.parse(cluster.member("n2").gossipAddress(), "gossip address");
    int trippedBefore = Tripwire.TRIPPED.get();

    try (LogCapture transportLog = new LogCapture(Transport.class)) {
      // Random bytes: the first four are taken as a frame length, the rest as whatever follows.
      byte[] junk = new byte[64 * 1024];
      random.nextBytes(junk);
      send(target, out -> out.write(junk));
      // Well-framed but malformed: random payload, a Java stream carrying a class outside the
      // allow-list, and a frame claiming more than the 2 MiB limit.
      byte[] payload = new byte[100];
      random.nextBytes(payload);
      byte[] gadget = SerialFilterTest.messageCarrying(new Tripwire());
      send(
          target,
          out -> {
            out.writeInt(payload.length);
            out.write(payload);
            out.writeInt(gadget.length);
            out.write(gadget);
            out.writeInt(Integer.MAX_VALUE);
            out.write(payload);
          });
      send(
          target,
          out -> {
            out.writeInt(-5);
            out.write(payload);
          });

      await()
          .atMost(EVENT_BOUND)
          .until(() -> transportLog.warnings().stream().anyMatch(w -> mentions(w, "REJECTED")));
    }
    assertThat(Tripwire.TRIPPED.get()).isEqualTo(trippedBefore);

    // Nobody was suspected out of the cluster, and gossip still carries updates.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(EVENT_BOUND)
        .untilAsserted(
            () -> {
              for (String observer : List.of("n1", "n2", "n3")) {
                assertThat(cluster.member(observer).members()).hasSize(3);
              }
            });
    cluster.member("n2").updateMetadata(metadata("n2").withClusterId("after-garbage"));
    await()
        .atMost(EVENT_BOUND)
        .untilAsserted(
            () -> {
              for (String observer : List.of("n1", "n3")) {
                assertThat(cluster.seenBy(observer, "n2").clusterId()).isEqualTo("after-garbage");
              }
            });
    List<MembershipEvent> all = new ArrayList<>();
    for (String observer : List.of("n1", "n2", "n3")) {
      all.addAll(cluster.listener(observer).events());
    }
    assertThat(all).extracting(MembershipEvent::type).doesNotContain(Type.FAILED, Type.LEAVING);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void start_portInUse_throwsNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      GossipOptions options = GossipOptions.loopback(metadata("n1"), List.of()).withBindPort(port);

      assertThatThrownBy(() -> cluster.start(options))
          .isInstanceOf(MembershipException.class)
          .hasMessageContaining("cannot start gossip on 127.0.0.1:" + port);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void start_listensOnTheBindHostOnly() throws IOException {
    Path tcp = Path.of("/proc/net/tcp");
    Path tcp6 = Path.of("/proc/net/tcp6");
    Assumptions.assumeTrue(Files.isReadable(tcp), "needs Linux /proc/net/tcp");
    ScaleCubeMembership member = cluster.start("n1", List.of());
    String port =
        String.format(":%04X", Transport.parsePort(member.gossipAddress()))
            .toUpperCase(Locale.ROOT);

    List<String> listening = new ArrayList<>();
    for (Path table : List.of(tcp, tcp6)) {
      if (Files.isReadable(table)) {
        for (String line : Files.readAllLines(table)) {
          String[] columns = line.trim().split("\\s+");
          // columns: sl local_address rem_address st ...; st 0A is LISTEN
          if (columns.length > 3 && columns[1].endsWith(port) && columns[3].equals("0A")) {
            listening.add(columns[1]);
          }
        }
      }
    }

    assertThat(listening)
        .isNotEmpty()
        .allSatisfy(
            address -> assertThat(address).matches("(0000000000000000FFFF0000)?0100007F:.*"));
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static void send(HostPort target, Writer writer) throws IOException {
    try (Socket socket = new Socket(target.host(), target.port());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      writer.write(out);
      out.flush();
    }
  }

  private static boolean mentions(ILoggingEvent event, String text) {
    if (event.getFormattedMessage().contains(text)) {
      return true;
    }
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
