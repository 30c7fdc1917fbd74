package dev.mokv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against three fake servers (one reported as leader): routing, retries, errors. The
 * fakes share one map, so a read on a follower sees a write on the leader at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MokvClientTest {

  private final long seed = System.nanoTime();
  private final FakeKvServer.Store store = new FakeKvServer.Store();
  private final List<FakeKvServer> fakes = new ArrayList<>();
  private final List<MokvClient> clients = new ArrayList<>();
  private FakeKvServer leader;
  private FakeKvServer follower1;
  private FakeKvServer follower2;

  @BeforeEach
  void startFakes() throws IOException {
    System.out.println("MokvClientTest seed (retry jitter): " + seed);
    leader = FakeKvServer.start("f1", store);
    follower1 = FakeKvServer.start("f2", store);
    follower2 = FakeKvServer.start("f3", store);
    fakes.addAll(List.of(leader, follower1, follower2));
    reportLeader(leader);
  }

  @AfterEach
  void stop() {
    clients.forEach(MokvClient::close);
    for (FakeKvServer f : fakes) {
      f.close();
    }
  }

  @Test
  void set_thenGet_returnsValueAndRevision() {
    MokvClient client = connect(builder());
    long revision = client.set("k", "v");
    assertThat(client.get("k"))
        .hasValueSatisfying(
            kv -> {
              assertThat(kv.valueAsString()).isEqualTo("v");
              assertThat(kv.revision()).isEqualTo(revision);
            });
    assertThat(client.get("k", ReadConsistency.STALE)).isPresent();
  }

  @Test
  void get_missingKey_returnsEmpty() {
    assertThat(connect(builder()).get("missing")).isEmpty();
  }

  @Test
  void delete_thenList_showsRemainingKeysInOrder() {
    MokvClient client = connect(builder());
    client.set("b", "2");
    client.set("a", "1");
    client.set("c", "3");
    assertThat(client.delete("b")).isGreaterThan(3);
    assertThat(client.list()).extracting(KeyValue::key).containsExactly("a", "c");
  }

  @Test
  void writes_goToLeader_readsRoundRobinOverFollowers() {
    MokvClient client = connect(builder());
    client.set("k", "v");
    awaitBothFollowersServeReads(client);
    long[] before = {leader.count("Get"), follower1.count("Get"), follower2.count("Get")};
    long setsBefore = leader.count("Set");
    for (int i = 0; i < 30; i++) {
      client.set("k" + i, "v");
    }
    for (int i = 0; i < 40; i++) {
      client.get("k" + i);
    }
    assertThat(leader.count("Set") - setsBefore).isEqualTo(30);
    assertThat(follower1.count("Set") + follower2.count("Set")).isZero();
    assertThat(leader.count("Get") - before[0]).isZero();
    assertThat(follower1.count("Get") - before[1]).isEqualTo(20);
    assertThat(follower2.count("Get") - before[2]).isEqualTo(20);
  }

  @Test
  void readRoutingLeader_sendsReadsToLeader() {
    MokvClient client = connect(builder().readRouting(ReadRouting.LEADER));
    for (int i = 0; i < 10; i++) {
      client.get("k" + i);
    }
    client.list();
    assertThat(leader.count("Get")).isEqualTo(10);
    assertThat(leader.count("List")).isEqualTo(1);
    assertThat(follower1.count("Get") + follower2.count("Get")).isZero();
  }

  @Test
  void write_afterServerUnavailable_isNotRetried_andOutcomeIsUnknown() {
    MokvClient client = connect(builder());
    client.set("warm", "up");
    long sets = leader.count("Set");
    leader.failNext(1, Status.UNAVAILABLE.withDescription("no leader or no quorum"));
    assertThatThrownBy(() -> client.set("k", "v"))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> {
              assertThat(e.isOutcomeUnknown()).isTrue();
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("no leader or no quorum")
                  .contains("may or may not have been applied");
            });
    assertThat(leader.count("Set") - sets).isEqualTo(1);
  }

  @Test
  void read_afterServerUnavailable_isRetried() {
    MokvClient client = connect(builder().readRouting(ReadRouting.LEADER));
    client.set("k", "v");
    leader.failNext(2, Status.UNAVAILABLE.withDescription("read could not reach the leader"));
    assertThat(client.get("k")).isPresent();
    assertThat(leader.count("Get")).isEqualTo(3);
  }

  @Test
  void write_afterFailedPreconditionNamingLeader_isRetried() {
    MokvClient client = connect(builder());
    client.set("warm", "up");
    long sets = leader.count("Set");
    leader.failNext(1, Status.FAILED_PRECONDITION.withDescription("not the leader"));
    client.set("k", "v");
    assertThat(leader.count("Set") - sets).isEqualTo(2);
  }

  @Test
  void write_overloaded_isRetriedBecauseNothingWasDone() {
    MokvClient client = connect(builder());
    client.set("warm", "up");
    long sets = leader.count("Set");
    leader.failNext(2, Status.RESOURCE_EXHAUSTED.withDescription("too many requests"));
    client.set("k", "v");
    assertThat(leader.count("Set") - sets).isEqualTo(3);
  }

  @Test
  void write_invalidArgument_failsAtOnceWithKnownOutcome() {
    MokvClient client = connect(builder());
    assertThatThrownBy(() -> client.set("", "v"))
        .isInstanceOfSatisfying(
            MokvException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.isOutcomeUnknown()).isFalse();
            });
    assertThat(leader.count("Set")).isEqualTo(1);
  }

  @Test
  void write_whileNoLeaderIsKnown_waitsUnsentUntilOneIs() throws Exception {
    reportLeader(null);
    // A budget far beyond the test's own waits: on a loaded machine the 5 s default ran out
    // before the leader was reported, which is not what this test is about.
    MokvClient client =
        connect(builder().refreshInterval(Duration.ofMillis(100)).timeout(Duration.ofSeconds(30)));
    CompletableFuture<Long> write = client.setAsync("k", "v");
    // The election this stands for: the whole time, the write is refused unsent and retried.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !write.isDone() && fakes.stream().mapToLong(f -> f.count("Set")).sum() == 0);
    reportLeader(follower2);
    assertThat(write.get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(follower2.count("Set")).isEqualTo(1);
  }

  @Test
  void write_whileNoLeaderUntilDeadline_failsUnavailableWithKnownOutcome() {
    reportLeader(null);
    MokvClient client = connect(builder().timeout(Duration.ofMillis(500)));
    assertThatThrownBy(() -> client.set("k", "v"))
        .isInstanceOfSatisfying(
            MokvException.class,
            e -> {
              assertThat(e.isOutcomeUnknown()).isFalse();
              assertThat(e.getMessage()).contains("no leader");
            });
  }

  @Test
  void unreachableEndpoint_failsUnavailableWithinTimeout() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    MokvClient client =
        connect(
            ClientOptions.builder()
                .endpoints("127.0.0.1:" + closedPort)
                .timeout(Duration.ofSeconds(1)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.get("k"))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    // The 1 s timeout, plus slack for a loaded machine.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void seedLost_clientKeepsWorkingThroughServersItLearned() throws Exception {
    MokvClient client =
        connect(builder().endpoints(follower2.endpoint()).refreshInterval(Duration.ofMillis(100)));
    client.set("before", "1");
    follower2.close();
    List<FakeKvServer> rest = List.of(leader, follower1);
    rest.forEach(
        f -> f.reportServers(() -> rest.stream().map(s -> s.describe(s == leader)).toList()));
    long asked = leader.count("GetServers") + follower1.count("GetServers");
    await("the resolver asks the servers it learned about")
        .atMost(Duration.ofSeconds(5))
        .until(() -> leader.count("GetServers") + follower1.count("GetServers") > asked + 2);
    for (int i = 0; i < 10; i++) {
      client.set("after" + i, "v");
      assertThat(client.get("after" + i)).isPresent();
    }
  }

  @Test
  void manyAsyncWrites_areAllAcknowledgedWithDistinctRevisions() {
    MokvClient client = connect(builder());
    List<CompletableFuture<Long>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      writes.add(client.setAsync("key-" + i, "v" + i));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    assertThat(writes.stream().map(CompletableFuture::join).distinct()).hasSize(200);
  }

  @Test
  void directExecutor_completesOnTheTransportThreads_andKeepsEveryOperationWorking() {
    MokvClient client = connect(builder().directExecutor(true));
    List<CompletableFuture<String>> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      threads.add(client.setAsync("direct-" + i, "v" + i).thenApply(r -> threadName()));
    }
    CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).join();
    assertThat(threads.stream().map(CompletableFuture::join))
        .as("no hand-off to gRPC's default executor")
        .noneMatch(name -> name.startsWith("grpc-default-executor"));
    assertThat(client.get("direct-7").map(KeyValue::valueAsString)).contains("v7");
    assertThat(client.list()).hasSize(50);
    assertThat(client.delete("direct-7")).isPositive();
    assertThat(client.get("direct-7")).isEmpty();

    MokvClient handingOff = connect(builder());
    assertThat(handingOff.setAsync("handed-off", "v").thenApply(r -> threadName()).join())
        .as("without the option, results are handed to gRPC's executor")
        .startsWith("grpc-default-executor");
  }

  private static String threadName() {
    return Thread.currentThread().getName();
  }

  @Test
  void twoClients_ofDifferentClusters_shareNoState() throws IOException {
    FakeKvServer other = FakeKvServer.start("other", new FakeKvServer.Store());
    fakes.add(other);
    MokvClient first = connect(builder());
    MokvClient second = connect(ClientOptions.builder().endpoints(other.endpoint()));
    first.set("k", "first");
    second.set("k", "second");
    assertThat(first.get("k").orElseThrow().valueAsString()).isEqualTo("first");
    assertThat(second.get("k").orElseThrow().valueAsString()).isEqualTo("second");
    assertThat(other.count("Set")).isEqualTo(1);
  }

  @Test
  void seedsOfTwoClusters_failEveryCallWithAClearMessage_andWriteNothing() throws IOException {
    FakeKvServer other = FakeKvServer.start("other", new FakeKvServer.Store());
    fakes.add(other);
    fakes.forEach(f -> f.reportClusterId(f == other ? "cluster-b" : "cluster-a"));
    MokvClient client =
        connect(
            ClientOptions.builder()
                .endpoints(leader.endpoint() + "," + other.endpoint())
                .timeout(Duration.ofSeconds(2)));

    assertThatThrownBy(() -> client.set("k", "v"))
        .isInstanceOf(MokvException.class)
        .hasMessageContaining("different mökv clusters")
        .hasMessageContaining("cluster-a")
        .hasMessageContaining("cluster-b");
    assertThatThrownBy(() -> client.get("k")).hasMessageContaining("different mökv clusters");
    assertThat(leader.count("Set") + other.count("Set")).isZero();
    assertThat(store.entries).isEmpty();
  }

  @Test
  void serverOfAnotherCluster_isNeverUsed_whenAServerOfTheClusterNamesIt() throws IOException {
    // A server of cluster a lists an address that now belongs to a node of cluster b.
    FakeKvServer other = FakeKvServer.start("other", new FakeKvServer.Store());
    fakes.add(other);
    fakes.forEach(f -> f.reportClusterId(f == other ? "cluster-b" : "cluster-a"));
    List<dev.mokv.api.Server> list =
        List.of(leader.describe(true), follower1.describe(false), other.describe(false));
    fakes.forEach(f -> f.reportServers(() -> list));
    other.reportServers(() -> List.of(other.describe(true)));
    MokvClient client =
        connect(
            ClientOptions.builder()
                .endpoints(leader.endpoint())
                .refreshInterval(Duration.ofMillis(100)));

    // The first list is believed before the server it names was asked; once its answer is in, it
    // is left out, and no request reaches it any more.
    client.set("first", "v"); // a channel resolves on its first call
    await().atMost(Duration.ofSeconds(10)).until(() -> other.count("GetServers") >= 1);
    // Rounds run one at a time, and the leader's answer can end a round before the foreign answer
    // arrives; then the next round still names it, asks it again and leaves it out. Every round
    // asks the leader: three more asks mean the round after the one seen asking it has ended.
    long asked = leader.count("GetServers");
    await().atMost(Duration.ofSeconds(10)).until(() -> leader.count("GetServers") >= asked + 3);
    long before = other.count("Set") + other.count("Get");
    for (int i = 0; i < 20; i++) {
      client.set("k" + i, "v");
      assertThat(client.get("k" + i)).isPresent();
    }
    assertThat(other.count("Set") + other.count("Get")).isEqualTo(before);
  }

  @Test
  void close_failsLaterCalls() {
    MokvClient client = connect(builder());
    client.set("k", "v");
    client.close();
    assertThatThrownBy(() -> client.get("k")).isInstanceOf(MokvException.class);
  }

  @Test
  void close_failsOperationsWaitingToRetry_atOnce() {
    reportLeader(null);
    MokvClient client = connect(builder().timeout(Duration.ofSeconds(30)));
    CompletableFuture<Long> write = client.setAsync("k", "v");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fakes.stream().allMatch(f -> f.count("GetServers") > 0));
    client.close();
    assertThat(write)
        .failsWithin(Duration.ofSeconds(2))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> {
              assertThat(e.isOutcomeUnknown()).isFalse();
              assertThat(e.getMessage()).contains("closed");
            });
  }

  private ClientOptions.Builder builder() {
    return ClientOptions.builder()
        .endpoints(leader.endpoint(), follower1.endpoint(), follower2.endpoint())
        .timeout(Duration.ofSeconds(5));
  }

  private MokvClient connect(ClientOptions.Builder options) {
    MokvClient client = MokvClient.connect(options.build(), new Random(seed));
    clients.add(client);
    return client;
  }

  /** Every fake reports all three servers, with {@code newLeader} (or none) leading. */
  private void reportLeader(FakeKvServer newLeader) {
    for (FakeKvServer f : fakes) {
      f.reportServers(() -> fakes.stream().map(s -> s.describe(s == newLeader)).toList());
    }
  }

  private void awaitBothFollowersServeReads(MokvClient client) {
    await("both followers connected")
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              client.get("k");
              return follower1.count("Get") > 0 && follower2.count("Get") > 0;
            });
  }
}
