package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.server.membership.LocalRaftGroup.Node;
import dev.mokv.server.membership.MembershipEvent.Type;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voter reconciler on its own, against real Raft groups in this JVM ({@link LocalRaftGroup})
 * and gossip played by hand ({@link ScriptedMembership}; every node has its own view and its own
 * reconciler).
 *
 * <p>Proves that the Raft configuration follows gossip on the leader, and only there: a member
 * whose event was missed is still added, a member of another (or no) cluster never is, an
 * unreachable joiner does not hold up the others, duplicate events make one change, a join survives
 * the leader changing before or in the middle of it, a flapping member is never removed, a leaving
 * member is removed, and a failed one only after {@code dead-server-cleanup}, whether or not its
 * FAILED event was heard.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VoterReconcilerTest {

  /** No periodic rounds to speak of: only events and Raft changes start a round. */
  private static final Duration QUIET = Duration.ofHours(1);

  /** Periodic rounds often, as in production but faster. */
  private static final Duration BRISK = Duration.ofMillis(300);

  private static final Duration CONVERGE = Duration.ofSeconds(20);

  /** How long "nothing changes" is watched for. */
  private static final Duration HOLD = Duration.ofSeconds(1);

  @TempDir Path dir;

  private LocalRaftGroup group;

  @AfterEach
  void closeGroup() {
    if (group != null) {
      group.close();
    }
  }

  private LocalRaftGroup newGroup(Duration deadServerCleanup, Clock clock, Duration interval) {
    group = new LocalRaftGroup(dir, deadServerCleanup, clock, interval);
    return group;
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_joinedEventWasMissed_then_periodicRoundAddsTheMember() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), BRISK).form("n1", "n2");
    Node n3 = group.startJoiner("n3");

    // inject: n3 is in every node's gossip view, but no reconciler ever heard an event about it
    group.gossipUnseen(Type.JOINED, n3.member());

    // converge: a periodic round on the leader adds it, and every node sees it as a voter
    awaitVotersEverywhere("n1", "n2", "n3");

    // assert: n3 takes part in commits: a write sent through it commits and is applied on it
    long revision = n3.write("missed", "event");
    assertThat(revision).isPositive();
    awaitApplied(n3, "missed");
    awaitTotal(VoterReconciler::added, 1);
    assertThat(total(VoterReconciler::removed)).isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_memberAdvertisesAnotherOrNoClusterId_then_itIsNeverAdded() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), QUIET).form("n1", "n2");
    Node learning = group.startJoiner("n3");
    Node foreign = group.prepareJoiner("n4");
    Member noClusterYet =
        Member.of(learning.member().metadata().withClusterId(""), Member.Status.ALIVE);
    Member otherCluster =
        Member.of(
            foreign.member().metadata().withClusterId(UUID.randomUUID().toString()),
            Member.Status.ALIVE);

    // inject: n3 has not learned the cluster id yet; n4 belongs to another cluster
    group.gossip(Type.JOINED, noClusterYet);
    group.gossip(Type.JOINED, otherCluster);
    group.gossip(Type.UPDATED, otherCluster);

    // assert: no round adds either, now or for a while (an attempt on n4, which runs no Raft,
    // would also show up as a failed round)
    for (Node node : group.running()) {
      assertThat(node.reconciler.reconcileOnce()).as("round on %s", node.name).isNull();
    }
    assertVotersHold(Set.of("n1", "n2"));
    assertThat(total(VoterReconciler::added)).isZero();
    assertThat(total(VoterReconciler::failedRounds)).isZero();

    // heal: n3 learns the cluster id and advertises it
    group.gossip(Type.UPDATED, learning.member());

    // converge: n3 is added on that event; n4 still is not
    awaitVotersEverywhere("n1", "n2", "n3");
    awaitTotal(VoterReconciler::added, 1);
    for (Node node : group.running()) {
      assertThat(node.reconciler.reconcileOnce()).as("round on %s", node.name).isNull();
    }
    assertThat(total(VoterReconciler::added)).isEqualTo(1);
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_oneJoinerIsUnreachable_then_anotherJoinerIsStillAdded() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), BRISK).form("n1", "n2");
    Node unreachable = group.prepareJoiner("n3");
    unreachable.freeRaftPort();
    Node n4 = group.startJoiner("n4");

    // inject: both joiners are in every view; nothing listens on n3's Raft port (its Raft server is
    // down or it advertises a wrong address), so every attempt to add it fails
    group.gossip(Type.JOINED, unreachable.member());
    group.gossip(Type.JOINED, n4.member());

    // converge: n4 is added all the same; n3 is not
    awaitVotersEverywhere("n1", "n2", "n4");
    awaitTotal(VoterReconciler::added, 1);
    assertThat(total(VoterReconciler::failedRounds)).isPositive();
    assertThat(group.awaitLeader().write("despite", "n3")).isPositive();
    awaitApplied(n4, "despite");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_joinedEventArrivesManyTimes_then_configurationChangesOnce() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), QUIET).form("n1", "n2");
    Node n3 = group.startJoiner("n3");

    // inject: every view hears n3 join five times, with UPDATED in between
    for (int i = 0; i < 5; i++) {
      group.gossip(Type.JOINED, n3.member());
      group.gossip(Type.UPDATED, n3.member());
    }

    // converge: n3 is a voter
    awaitVotersEverywhere("n1", "n2", "n3");
    awaitTotal(VoterReconciler::added, 1);

    // inject: the duplicates keep coming after the join
    for (int i = 0; i < 3; i++) {
      group.gossip(Type.JOINED, n3.member());
    }

    // assert: further rounds do nothing, the configuration changed once and has three voters
    for (int i = 0; i < 3; i++) {
      for (Node node : group.running()) {
        assertThat(node.reconciler.reconcileOnce()).as("round on %s", node.name).isNull();
      }
    }
    assertVotersHold(Set.of("n1", "n2", "n3"));
    assertThat(total(VoterReconciler::added)).isEqualTo(1);
    assertThat(total(VoterReconciler::removed)).isZero();
    Node adder = onlyNodeThatAdded();
    assertThat(adder.voterHistory())
        .containsExactly(List.of("n1", "n2"), List.of("n1", "n2", "n3"));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_leadershipMovesBeforeTheAdd_then_newLeaderAddsWithoutAnotherEvent() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), QUIET).form("n1", "n2");
    Node oldLeader = group.awaitLeader();
    Node successor = group.followersOf(oldLeader).get(0);
    Node n3 = group.startJoiner("n3");

    // inject: gossip about n3 reached the follower only; the follower cannot act on it
    successor.membership.happen(Type.JOINED, n3.member());
    assertThat(successor.reconciler.reconcileOnce()).isNull();
    assertThat(oldLeader.reconciler.reconcileOnce()).isNull();
    assertThat(oldLeader.voters()).containsExactly("n1", "n2");

    // inject: leadership moves to that follower before anyone added n3
    oldLeader.consensus.admin().transferLeadership(Optional.of(successor.name), CONVERGE);

    // converge: the new leader acts on what it heard as a follower, on becoming leader, with no
    // new event and no periodic round
    awaitVotersEverywhere("n1", "n2", "n3");
    awaitTotal(VoterReconciler::added, 1);
    assertThat(successor.reconciler.added()).isEqualTo(1);
    assertThat(oldLeader.reconciler.added()).isZero();
    assertThat(successor.write("after", "transfer")).isPositive();
    awaitApplied(n3, "after");
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_leaderCrashesInTheMiddleOfAJoin_then_newLeaderCompletesItOnce() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), BRISK).form("n1", "n2", "n3");
    Node oldLeader = group.awaitLeader();
    Node n4 = group.prepareJoiner("n4");
    n4.freeRaftPort();

    try (SilentPort n4Raft = SilentPort.bind(n4.config.raftPort())) {
      // inject: n4 is in every view; its process is up but its Raft server does not answer yet,
      // so the leader starts the join (Ratis stages n4 and connects to it) and cannot finish it
      group.gossip(Type.JOINED, n4.member());
      n4Raft.awaitConnection(CONVERGE);
      assertThat(oldLeader.reconciler.added()).isZero();
      assertThat(group.votersByNode())
          .allSatisfy((n, voters) -> assertThat(voters).doesNotContain("n4"));
    }

    // inject: the leader crashes in the middle of the join, and n4's Raft server comes up
    group.crash(oldLeader.name);
    group.startJoiner(n4);
    Node newLeader = group.awaitLeader();

    // converge: the new leader completes the join on its own; n4 is a voter once, everywhere
    awaitVotersEverywhere("n1", "n2", "n3", "n4");
    assertThat(newLeader.voters()).containsOnlyOnce("n4");
    awaitTotal(VoterReconciler::added, 1);
    assertThat(oldLeader.reconciler.added()).isZero();
    assertThat(onlyNodeThatAdded().voterHistory())
        .endsWith(List.of("n1", "n2", "n3"), List.of("n1", "n2", "n3", "n4"));

    // assert: with the old leader down, the three others form the majority: a write commits
    assertThat(newLeader.write("after", "crash")).isPositive();
    awaitApplied(n4, "after");
  }

  @Test
  @Timeout(value = 45, unit = TimeUnit.SECONDS)
  void when_memberFlapsBetweenFailedAndJoined_then_voterSetNeverChanges() throws IOException {
    long seed = Long.getLong("mokv.test.seed", System.nanoTime());
    System.out.printf(
        "[seed] %s flapping: -Dmokv.test.seed=%d%n", getClass().getSimpleName(), seed);
    Random random = new Random(seed);
    ManualClock clock = new ManualClock();
    newGroup(Duration.ZERO, clock, QUIET).form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    Node flapper = group.followersOf(leader).get(0);
    Set<String> everyone = Set.of("n1", "n2", "n3");

    for (int flip = 0; flip < 40; flip++) {
      // inject: the flapper fails or comes back, in the other views in a random order, sometimes
      // twice, sometimes unheard; hours pass (with cleanup off, time must not matter)
      Type type = flip % 2 == 0 ? Type.FAILED : Type.JOINED;
      List<Node> observers = new ArrayList<>(group.followersOf(flapper));
      Collections.shuffle(observers, random);
      for (Node observer : observers) {
        int deliveries = random.nextInt(4) == 0 ? 2 : 1;
        for (int d = 0; d < deliveries; d++) {
          if (random.nextInt(5) == 0) {
            observer.membership.happenUnseen(type, flapper.member());
          } else {
            observer.membership.happen(type, flapper.member());
          }
        }
      }
      clock.advance(Duration.ofMinutes(1 + random.nextInt(600)));

      // assert: no round anywhere changes anything, and every view still holds all three voters
      for (Node node : group.running()) {
        assertThat(node.reconciler.reconcileOnce())
            .as("round on %s after flip %d (%s), seed %d", node.name, flip, type, seed)
            .isNull();
      }
      assertThat(group.votersByNode())
          .as("voters after flip %d (%s), seed %d", flip, type, seed)
          .allSatisfy((n, voters) -> assertThat(voters).isEqualTo(everyone));
    }

    // converge: the rounds the events started have run; still nothing changed
    assertVotersHold(everyone);
    assertThat(total(VoterReconciler::added)).isZero();
    assertThat(total(VoterReconciler::removed)).isZero();
    assertThat(leader.voterHistory()).containsExactly(List.of("n1", "n2", "n3"));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_memberAnnouncesLeaving_then_itIsRemovedAndTheRestCommit() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), QUIET).form("n1", "n2");
    Node leader = group.awaitLeader();
    Node leaver = group.followersOf(leader).get(0);

    // inject: the follower announces a graceful leave
    group.gossip(Type.LEAVING, leaver.member());

    // converge: the leader removes it
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(leader.voters()).containsExactly(leader.name));
    awaitTotal(VoterReconciler::removed, 1);
    assertThat(leader.reconciler.removed()).isEqualTo(1);

    // heal: the leaver stops, and gossip reports it gone
    group.crash(leaver.name);
    group.gossip(Type.LEFT, leaver.member());

    // assert: the leader alone is the majority now (it would not be, had the leaver stayed a
    // voter): a write commits; and later rounds change nothing
    assertThat(leader.write("after", "leave")).isPositive();
    assertThat(leader.reconciler.reconcileOnce()).isNull();
    assertThat(leader.reconciler.removed()).isEqualTo(1);
    assertThat(leader.voterHistory()).containsExactly(List.of("n1", "n2"), List.of(leader.name));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_anImpostorOfAVoterLeaves_then_theRealVoterStays() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), QUIET).form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    Node real = group.followersOf(leader).get(0);
    // Another process claims the voter's name from another address (a copied config file).
    Member impostor =
        new Member(
            real.name,
            "127.0.0.1:1",
            "127.0.0.1:2",
            real.member().clusterId(),
            Member.Status.ALIVE);

    // inject: gossip shows the impostor as the newest incarnation of the name, then it announces
    // a leave (as gossip would until the impostor is gone and the real incarnation shows again)
    group.gossip(Type.JOINED, impostor);
    group.gossip(Type.LEAVING, impostor);

    // assert: rounds run, and the real voter is never removed for the impostor's leave
    for (int i = 0; i < 3; i++) {
      assertThat(leader.reconciler.reconcileOnce()).isNull();
    }
    assertVotersHold(Set.of("n1", "n2", "n3"));
    assertThat(leader.reconciler.removed()).isZero();

    // heal: the impostor is gone; gossip shows the real incarnation again
    group.gossip(Type.JOINED, real.member());
    assertVotersHold(Set.of("n1", "n2", "n3"));

    // and the real voter announcing its own leave is still acted on
    group.gossip(Type.LEAVING, real.member());
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(leader.voters()).doesNotContain(real.name));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_voterStaysFailedPastDeadServerCleanup_then_itIsRemovedThenAndNotBefore()
      throws IOException {
    ManualClock clock = new ManualClock();
    Duration cleanup = Duration.ofSeconds(30);
    newGroup(cleanup, clock, QUIET).form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    Node dead = group.followersOf(leader).get(0);
    List<String> survivors = group.followersOf(dead).stream().map(n -> n.name).sorted().toList();

    // inject: a follower's Raft stops and gossip declares it failed
    group.crash(dead.name);
    group.gossip(Type.FAILED, dead.member());

    // assert: one second short of the cleanup duration it still is a voter
    clock.advance(cleanup.minusSeconds(1));
    assertThat(leader.reconciler.reconcileOnce()).isNull();
    assertThat(group.votersByNode())
        .allSatisfy((n, voters) -> assertThat(voters).contains(dead.name).hasSize(3));

    // converge: once it has been failed that long, the next round removes it
    clock.advance(Duration.ofSeconds(1));
    leader.reconciler.trigger();
    awaitVotersEverywhere(survivors.toArray(String[]::new));
    awaitTotal(VoterReconciler::removed, 1);
    assertThat(leader.write("after", "cleanup")).isPositive();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_failedEventWasMissed_then_deadServerCleanupStillRemovesTheVoterInTime()
      throws IOException {
    ManualClock clock = new ManualClock();
    Duration cleanup = Duration.ofSeconds(30);
    newGroup(cleanup, clock, QUIET).form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    Node dead = group.followersOf(leader).get(0);
    List<String> survivors = group.followersOf(dead).stream().map(n -> n.name).sorted().toList();

    // inject: a follower's Raft stops and gossip drops it, but no reconciler heard it fail (as
    // for a leader whose process started after the failure)
    group.crash(dead.name);
    group.gossipUnseen(Type.FAILED, dead.member());

    // assert: the leader notices it is gone, and one second short of the cleanup duration after
    // that it still is a voter
    assertThat(leader.reconciler.reconcileOnce()).isNull();
    clock.advance(cleanup.minusSeconds(1));
    assertThat(leader.reconciler.reconcileOnce()).isNull();
    assertThat(group.votersByNode())
        .allSatisfy((n, voters) -> assertThat(voters).contains(dead.name).hasSize(3));

    // converge: once it has been gone that long, the next round removes it
    clock.advance(Duration.ofSeconds(1));
    leader.reconciler.trigger();
    awaitVotersEverywhere(survivors.toArray(String[]::new));
    awaitTotal(VoterReconciler::removed, 1);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_deadServerCleanupIsOff_then_failedVoterIsNeverRemoved() throws IOException {
    ManualClock clock = new ManualClock();
    newGroup(Duration.ZERO, clock, QUIET).form("n1", "n2", "n3");
    Node leader = group.awaitLeader();
    Node dead = group.followersOf(leader).get(0);

    // inject: a follower's Raft stops and gossip declares it failed; ten years pass
    group.crash(dead.name);
    group.gossip(Type.FAILED, dead.member());
    clock.advance(Duration.ofDays(3650));

    // assert: it stays a voter; the two others still commit
    assertThat(leader.reconciler.reconcileOnce()).isNull();
    leader.reconciler.trigger();
    assertVotersHold(Set.of("n1", "n2", "n3"));
    assertThat(leader.reconciler.removed()).isZero();
    assertThat(leader.write("still", "three")).isPositive();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void when_followerSeesWorkToDo_then_itNeverChangesTheConfiguration() throws IOException {
    newGroup(Duration.ZERO, Clock.systemUTC(), BRISK).form("n1", "n2");
    Node leader = group.awaitLeader();
    Node follower = group.followersOf(leader).get(0);
    Node n3 = group.startJoiner("n3");

    // inject: only the follower's view shows a joiner to add and the leader leaving
    follower.membership.happen(Type.JOINED, n3.member());
    follower.membership.happen(Type.LEAVING, leader.member());

    // assert: its rounds, direct, periodic and event-driven, change nothing
    for (int i = 0; i < 3; i++) {
      assertThat(follower.reconciler.reconcileOnce()).isNull();
    }
    assertVotersHold(Set.of("n1", "n2"));
    assertThat(follower.reconciler.added()).isZero();
    assertThat(follower.reconciler.removed()).isZero();

    // converge: the same news reaching the leader does change it (so the follower's view was
    // actionable, and the follower held back only because it does not lead)
    leader.membership.happen(Type.JOINED, n3.member());
    awaitVotersEverywhere("n1", "n2", "n3");
    awaitTotal(VoterReconciler::added, 1);
    assertThat(leader.reconciler.added()).isEqualTo(1);
    assertThat(follower.reconciler.added()).isZero();
    assertThat(follower.reconciler.removed()).isZero();
  }

  /** Waits until {@code node} has applied a write of {@code key}. */
  private static void awaitApplied(Node node, String key) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(node.consensus.store().get(key)).as(key).isPresent());
  }

  /** The sum of {@code counter} over every reconciler of the group, stopped ones included. */
  private long total(ToLongFunction<VoterReconciler> counter) {
    return group.all().stream().mapToLong(n -> counter.applyAsLong(n.reconciler)).sum();
  }

  private Node onlyNodeThatAdded() {
    List<Node> adders = group.all().stream().filter(n -> n.reconciler.added() > 0).toList();
    assertThat(adders).hasSize(1);
    return adders.get(0);
  }

  /** Waits until the view of the voters of every running node named is exactly {@code names}. */
  private void awaitVotersEverywhere(String... names) {
    Set<String> expected = Set.of(names);
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(viewsOf(expected))
                    .allSatisfy((node, voters) -> assertThat(voters).as(node).isEqualTo(expected)));
  }

  /**
   * Checks that the view of the voters of every running node in {@code expected} stays {@code
   * expected} for a while.
   */
  private void assertVotersHold(Set<String> expected) {
    await()
        .during(HOLD)
        .atMost(HOLD.multipliedBy(3))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> viewsOf(expected).values().stream().allMatch(expected::equals));
  }

  /** The views of the voters of the running nodes named in {@code names}. */
  private Map<String, Set<String>> viewsOf(Set<String> names) {
    Map<String, Set<String>> views = new TreeMap<>(group.votersByNode());
    views.keySet().retainAll(names);
    assertThat(views).as("running nodes among %s", names).isNotEmpty();
    return views;
  }

  /**
   * Waits until the sum of {@code counter} over all reconcilers is {@code expected}: a reconciler
   * counts a change once Raft has answered, a moment after the configuration changed.
   */
  private void awaitTotal(ToLongFunction<VoterReconciler> counter, long expected) {
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(total(counter)).isEqualTo(expected));
  }

  /**
   * A Raft port that accepts connections and never answers, like a process whose Raft server is
   * still starting. Closing it frees the port for the real server.
   */
  private static final class SilentPort implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final List<SocketChannel> accepted = new ArrayList<>();

    private SilentPort(ServerSocketChannel channel) {
      this.channel = channel;
    }

    static SilentPort bind(int port) throws IOException {
      ServerSocketChannel channel = ServerSocketChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      channel.configureBlocking(false);
      return new SilentPort(channel);
    }

    /** Waits until someone connected. */
    void awaitConnection(Duration bound) {
      await()
          .atMost(bound)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                SocketChannel socket = channel.accept();
                if (socket != null) {
                  accepted.add(socket);
                }
                return !accepted.isEmpty();
              });
    }

    @Override
    public void close() throws IOException {
      for (SocketChannel socket : accepted) {
        socket.close();
      }
      channel.close();
    }
  }
}
