package dev.mokv.server.membership;

import static dev.mokv.server.membership.LocalGossipCluster.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.mokv.server.membership.Member.Status;
import dev.mokv.server.membership.MembershipEvent.Type;
import io.scalecube.cluster.transport.api.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Members joining, updating, leaving, failing and restarting: several ScaleCube members in this JVM
 * on 127.0.0.1, with {@link GossipTimings#local()}. Faults are in {@link
 * ScaleCubeMembershipFaultTest}.
 *
 * <p>Lines starting with {@code [timing]} report how long gossip took on this machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScaleCubeMembershipTest {

  private static final Duration EVENT_BOUND = Duration.ofSeconds(10);

  /** A removal needs the suspicion timeout, 3 × ceil(log2(n + 1)) × 500 ms, plus detection. */
  private static final Duration REMOVAL_BOUND = Duration.ofSeconds(25);

  private final LocalGossipCluster cluster = new LocalGossipCluster();

  @AfterEach
  void closeAll() {
    cluster.close();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static long millisUntil(
      long startNanos, RecordingListener listener, Type type, String n) {
    return TimeUnit.NANOSECONDS.toMillis(listener.firstNanos(type, n).getAsLong() - startNanos);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_threeMembersStart_then_eachSeesTheOthersWithTheirMetadata() {
    long started = System.nanoTime();
    cluster.start(GossipOptions.loopback(metadata("n1").withClusterId("group-1"), List.of()));
    cluster.join("n2", "n3");

    cluster.awaitConverged("n1", "n2", "n3");
    System.out.printf("[timing] 3 members started and converged in %d ms%n", millisSince(started));

    for (String observer : List.of("n1", "n2", "n3")) {
      assertThat(cluster.member(observer).hasPeers()).isTrue();
      assertThat(cluster.seenBy(observer, "n1"))
          .isEqualTo(Member.of(metadata("n1").withClusterId("group-1"), Status.ALIVE));
      for (String other : List.of("n2", "n3")) {
        assertThat(cluster.seenBy(observer, other))
            .isEqualTo(Member.of(metadata(other), Status.ALIVE));
      }
      for (String other : List.of("n1", "n2", "n3")) {
        if (!other.equals(observer)) {
          assertThat(cluster.listener(observer).eventsAbout(other))
              .extracting(MembershipEvent::type)
              .containsExactly(Type.JOINED);
        }
      }
    }
    assertThat(cluster.member("n2").self()).isEqualTo(Member.of(metadata("n2"), Status.ALIVE));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_metadataIsUpdated_then_peersSeeUpdatedWithTheNewClusterId() {
    cluster.join("n1", "n2", "n3");
    cluster.awaitConverged("n1", "n2", "n3");

    long updated = System.nanoTime();
    cluster.member("n3").updateMetadata(metadata("n3").withClusterId("group-7"));

    assertThat(cluster.member("n3").self().clusterId()).isEqualTo("group-7");
    await()
        .atMost(EVENT_BOUND)
        .untilAsserted(
            () -> {
              for (String observer : List.of("n1", "n2")) {
                assertThat(cluster.listener(observer).saw(Type.UPDATED, "n3")).isTrue();
                assertThat(cluster.seenBy(observer, "n3").clusterId()).isEqualTo("group-7");
              }
            });
    System.out.printf(
        "[timing] UPDATED seen by n1 after %d ms, by n2 after %d ms%n",
        millisUntil(updated, cluster.listener("n1"), Type.UPDATED, "n3"),
        millisUntil(updated, cluster.listener("n2"), Type.UPDATED, "n3"));
    assertThatThrownBy(() -> cluster.member("n3").updateMetadata(metadata("other")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_joinerAdoptsClusterIdFromAListener_then_everyoneSeesIt() {
    cluster.start(GossipOptions.loopback(metadata("n1").withClusterId("group-1"), List.of()));
    ScaleCubeMembership joiner =
        cluster.prepare(
            GossipOptions.loopback(metadata("n2"), List.of(cluster.member("n1").gossipAddress())));
    // What the node does when it learns the Raft group id: on the event thread, during start.
    joiner.addListener(
        event -> {
          String learned = event.member().clusterId();
          if (!learned.isEmpty() && joiner.self().clusterId().isEmpty()) {
            joiner.updateMetadata(joiner.self().metadata().withClusterId(learned));
          }
        });

    joiner.start();

    await()
        .atMost(EVENT_BOUND)
        .untilAsserted(
            () -> {
              assertThat(joiner.self().clusterId()).isEqualTo("group-1");
              assertThat(cluster.seenBy("n1", "n2").clusterId()).isEqualTo("group-1");
            });
    assertThat(cluster.listener("n1").eventsAbout("n2"))
        .extracting(MembershipEvent::type)
        .containsExactly(Type.JOINED, Type.UPDATED);
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_memberLeaves_then_peersSeeLeavingPromptlyAndLeftLater() {
    cluster.join("n1", "n2", "n3");
    cluster.awaitConverged("n1", "n2", "n3");

    long leaving = System.nanoTime();
    cluster.member("n3").leave();
    long leaveMillis = millisSince(leaving);

    assertThat(cluster.member("n3").self().status()).isEqualTo(Status.LEAVING);
    assertThat(leaveMillis).isLessThan(GossipTimings.local().leaveTimeout().toMillis() + 1000);
    await()
        .atMost(EVENT_BOUND)
        .until(
            () ->
                cluster.listener("n1").saw(Type.LEAVING, "n3")
                    && cluster.listener("n2").saw(Type.LEAVING, "n3"));
    System.out.printf(
        "[timing] leave() returned in %d ms; LEAVING seen by n1 after %d ms, by n2 after %d ms%n",
        leaveMillis,
        millisUntil(leaving, cluster.listener("n1"), Type.LEAVING, "n3"),
        millisUntil(leaving, cluster.listener("n2"), Type.LEAVING, "n3"));

    await()
        .atMost(REMOVAL_BOUND)
        .untilAsserted(
            () -> {
              for (String observer : List.of("n1", "n2")) {
                assertThat(cluster.listener(observer).saw(Type.LEFT, "n3")).isTrue();
                assertThat(cluster.seenBy(observer, "n3")).isNull();
              }
            });
    System.out.printf(
        "[timing] LEFT (removed after leaving) seen by n1 after %d ms%n",
        millisUntil(leaving, cluster.listener("n1"), Type.LEFT, "n3"));
    assertThat(cluster.listener("n1").eventsAbout("n3"))
        .extracting(MembershipEvent::type)
        .containsExactly(Type.JOINED, Type.LEAVING, Type.LEFT);
    cluster.awaitConverged("n1", "n2");
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_memberClosesWithoutLeaving_then_peersSeeItFailed() {
    cluster.join("n1", "n2", "n3");
    cluster.awaitConverged("n1", "n2", "n3");

    long closed = System.nanoTime();
    cluster.member("n3").close();
    long closeMillis = millisSince(closed);

    await()
        .atMost(REMOVAL_BOUND)
        .until(
            () ->
                cluster.listener("n1").saw(Type.FAILED, "n3")
                    && cluster.listener("n2").saw(Type.FAILED, "n3"));
    System.out.printf(
        "[timing] close() returned in %d ms; FAILED seen by n1 after %d ms, by n2 after %d ms%n",
        closeMillis,
        millisUntil(closed, cluster.listener("n1"), Type.FAILED, "n3"),
        millisUntil(closed, cluster.listener("n2"), Type.FAILED, "n3"));
    for (String observer : List.of("n1", "n2")) {
      assertThat(cluster.listener(observer).eventsAbout("n3"))
          .extracting(MembershipEvent::type)
          .containsExactly(Type.JOINED, Type.FAILED);
      assertThat(cluster.listener(observer).eventsAbout("n3").get(1).member().status())
          .isEqualTo(Status.FAILED);
    }
    cluster.awaitConverged("n1", "n2");
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_memberRestartsOnItsPort_then_itIsAliveAgainAndListedOnce() {
    cluster.join("n1", "n2", "n3");
    cluster.awaitConverged("n1", "n2", "n3");
    int port = Transport.parsePort(cluster.member("n3").gossipAddress());
    GossipOptions sameNode =
        GossipOptions.loopback(metadata("n3"), List.of(cluster.member("n1").gossipAddress()))
            .withBindPort(port);

    try (LogCapture table = new LogCapture(MemberTable.class, Level.DEBUG)) {
      cluster.member("n3").close();
      long restarted = System.nanoTime();
      cluster.start(sameNode);

      await()
          .atMost(EVENT_BOUND)
          .until(
              () ->
                  cluster.listener("n1").eventsAbout("n3").size() == 2
                      && cluster.listener("n2").eventsAbout("n3").size() == 2);
      System.out.printf(
          "[timing] restarted n3 seen as a new incarnation after %d ms%n", millisSince(restarted));
      cluster.awaitConverged("n1", "n2", "n3");

      // The failure detector removes the old incarnation; that must neither surface as a failure
      // of n3 nor hide the new incarnation.
      await()
          .atMost(REMOVAL_BOUND)
          .until(
              () ->
                  table.logged("[n1] forgot superseded incarnation")
                      && table.logged("[n2] forgot superseded incarnation"));
      System.out.printf(
          "[timing] old incarnation of n3 removed by n1 and n2 within %d ms%n",
          millisSince(restarted));
    }
    for (String observer : List.of("n1", "n2")) {
      assertThat(cluster.member(observer).members())
          .filteredOn(m -> m.nodeName().equals("n3"))
          .containsExactly(Member.of(metadata("n3"), Status.ALIVE));
      assertThat(cluster.listener(observer).eventsAbout("n3"))
          .extracting(MembershipEvent::type)
          .containsExactly(Type.JOINED, Type.JOINED);
    }
  }
}
