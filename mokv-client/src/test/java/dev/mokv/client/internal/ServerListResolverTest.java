package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mokv.api.Server;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolver.ResolutionResult;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerListResolverTest {

  private static final Endpoint S1 = Endpoint.parse("127.0.0.1:7001");
  private static final Endpoint S2 = Endpoint.parse("127.0.0.1:7002");
  private static final Endpoint S3 = Endpoint.parse("127.0.0.1:7003");

  private final FakeServerListSource source = new FakeServerListSource();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SynchronizationContext syncContext =
      new SynchronizationContext((t, e) -> e.printStackTrace());
  private final List<ResolutionResult> results = new CopyOnWriteArrayList<>();
  private ServerListResolver resolver;

  @AfterEach
  void stop() {
    if (resolver != null) {
      syncContext.execute(resolver::shutdown);
    }
    scheduler.shutdownNow();
  }

  @Test
  void start_publishesEveryServerTaggedWithItsRole() {
    source.answer(S1, servers(S1, S1, S2, S3));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    Map<String, ServerRole> roles = awaitRoles(r -> r.size() == 3);
    assertThat(roles)
        .containsEntry("n7001", ServerRole.LEADER)
        .containsEntry("n7002", ServerRole.FOLLOWER)
        .containsEntry("n7003", ServerRole.FOLLOWER);
  }

  @Test
  void refresh_picksUpANewLeader() {
    source.answer(S1, servers(S1, S1, S2, S3));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    awaitRoles(r -> r.get("n7001") == ServerRole.LEADER);
    source.answer(S1, servers(S2, S1, S2, S3));
    resolver.requestRefresh();
    awaitRoles(r -> r.get("n7002") == ServerRole.LEADER);
  }

  @Test
  void everyInterval_resolvesAgain() {
    source.answer(S1, servers(S1, S1));
    start(List.of(S1), timing(Duration.ofMillis(100)));
    await().atMost(Duration.ofSeconds(5)).until(() -> results.size() >= 4);
  }

  @Test
  void seedLost_asksTheServersItLearnedAbout() {
    source.answer(S1, servers(S1, S1, S2, S3));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    awaitRoles(r -> r.size() == 3);
    // The seed crashes; the others elect s2 and drop s1 from their answers.
    source.down(S1);
    source.answer(S2, servers(S2, S2, S3));
    source.answer(S3, servers(S2, S2, S3));
    resolver.requestRefresh();
    Map<String, ServerRole> roles = awaitRoles(r -> r.get("n7002") == ServerRole.LEADER);
    assertThat(roles).doesNotContainKey("n7001");
    assertThat(source.asked()).contains(S2, S3);
    // Still resolvable from what it learned, though its only seed is gone.
    int before = results.size();
    resolver.requestRefresh();
    await().atMost(Duration.ofSeconds(5)).until(() -> results.size() > before);
    assertThat(last().getAddressesOrError().hasValue()).isTrue();
  }

  @Test
  void everyServerDown_publishesAnErrorNamingEach() {
    start(List.of(S1, S2), timing(Duration.ofSeconds(10)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !results.isEmpty());
    Status error = results.get(0).getAddressesOrError().getStatus();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription())
        .contains("127.0.0.1:7001 (Connection refused")
        .contains("127.0.0.1:7002 (Connection refused");
  }

  @Test
  void noLeaderKnown_resolvesAgainSoon() {
    source.answer(S1, servers(null, S1, S2));
    start(
        List.of(S1),
        new ServerListResolver.Timing(
            Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(10)));
    await().atMost(Duration.ofSeconds(5)).until(() -> results.size() >= 3);
    source.answer(S1, servers(S2, S1, S2));
    awaitRoles(r -> r.get("n7002") == ServerRole.LEADER);
  }

  @Test
  void refreshStorm_isCoalesced() {
    source.answer(S1, servers(S1, S1));
    start(
        List.of(S1),
        new ServerListResolver.Timing(
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(100)));
    await().atMost(Duration.ofSeconds(5)).until(() -> results.size() == 1);
    for (int i = 0; i < 200; i++) {
      resolver.requestRefresh();
    }
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> results.size() <= 3);
    assertThat(results.size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void learnedServersOnly_areKeptOpen() {
    source.answer(S1, servers(S2, S2, S3));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !results.isEmpty());
    assertThat(source.retained).containsExactlyInAnyOrder(S1, S2, S3);
  }

  @Test
  void shutdown_closesTheSource_andStopsResolving() {
    source.answer(S1, servers(S1, S1));
    start(List.of(S1), timing(Duration.ofMillis(50)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !results.isEmpty());
    // Runs on whichever thread drains the synchronization context, maybe the scheduler's.
    syncContext.execute(resolver::shutdown);
    await().atMost(Duration.ofSeconds(2)).until(() -> source.closed);
    int after = source.asked().size();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> source.asked().size() <= after + 1);
  }

  @Test
  void serverWithoutClientAddress_isLeftOut() {
    source.answer(
        S1, List.of(server(S1, true), Server.newBuilder().setId("joining").setRpcAddr("").build()));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    assertThat(awaitRoles(r -> !r.isEmpty())).containsOnlyKeys("n7001");
  }

  @Test
  void seedsOfDifferentClusters_publishAnErrorNamingBoth_andNoServer() {
    source.answer(S1, "cluster-a", servers(S1, S1));
    source.answer(S2, "cluster-b", servers(S2, S2));
    start(List.of(S1, S2), timing(Duration.ofSeconds(10)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !results.isEmpty());
    Status error = results.get(0).getAddressesOrError().getStatus();
    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getDescription())
        .contains("different mökv clusters")
        .contains("cluster cluster-a at [127.0.0.1:7001]")
        .contains("cluster cluster-b at [127.0.0.1:7002]");
    assertThat(results).noneMatch(r -> r.getAddressesOrError().hasValue());
  }

  @Test
  void serverOfAnotherCluster_isIgnoredOnceTheClusterIsPinned() {
    // The client starts on cluster a; later s3, a server it learned of, answers for cluster b (its
    // address was reused by a node of another cluster) and names another server list.
    source.answer(S1, "cluster-a", servers(S1, S1, S2, S3));
    start(List.of(S1), timing(Duration.ofSeconds(10)));
    awaitRoles(r -> r.size() == 3);
    source.answer(S3, "cluster-b", servers(S3, S3));
    source.down(S1);
    int before = results.size();
    resolver.requestRefresh();

    // With s1 and s2 down, only s3 answers: nothing of cluster b is published, the error says why
    await().atMost(Duration.ofSeconds(5)).until(() -> results.size() > before);
    Status error = last().getAddressesOrError().getStatus();
    assertThat(error.getDescription())
        .contains("127.0.0.1:7003 (belongs to cluster cluster-b, not to cluster cluster-a");

    // s2 of cluster a comes back: its list is used, s3's never is
    source.answer(S2, "cluster-a", servers(S2, S1, S2));
    resolver.requestRefresh();
    Map<String, ServerRole> roles = awaitRoles(r -> r.get("n7002") == ServerRole.LEADER);
    assertThat(roles).containsOnlyKeys("n7001", "n7002");
  }

  @Test
  void serversReportingNoClusterId_areAcceptedBesideAPinnedCluster() {
    source.answer(S1, "cluster-a", servers(S1, S1, S2));
    source.answer(S2, "", servers(S1, S1, S2));
    start(List.of(S1, S2), timing(Duration.ofSeconds(10)));
    assertThat(awaitRoles(r -> r.size() == 2)).containsOnlyKeys("n7001", "n7002");
  }

  private void start(List<Endpoint> seeds, ServerListResolver.Timing timing) {
    resolver =
        new ServerListResolver(seeds, source, syncContext, scheduler, timing, System::nanoTime);
    syncContext.execute(
        () ->
            resolver.start(
                new NameResolver.Listener2() {
                  @Override
                  public void onResult(ResolutionResult result) {
                    results.add(result);
                  }

                  @Override
                  public Status onResult2(ResolutionResult result) {
                    results.add(result);
                    return Status.OK;
                  }

                  @Override
                  public void onError(Status error) {
                    throw new AssertionError("errors go through onResult2: " + error);
                  }
                }));
  }

  private static ServerListResolver.Timing timing(Duration interval) {
    return new ServerListResolver.Timing(interval, Duration.ofMillis(50), Duration.ofMillis(10));
  }

  private Map<String, ServerRole> awaitRoles(
      java.util.function.Predicate<Map<String, ServerRole>> condition) {
    return await().atMost(Duration.ofSeconds(5)).until(this::lastRoles, condition);
  }

  private Map<String, ServerRole> lastRoles() {
    if (results.isEmpty() || !last().getAddressesOrError().hasValue()) {
      return Map.of();
    }
    return last().getAddressesOrError().getValue().stream()
        .collect(
            Collectors.toMap(
                g -> g.getAttributes().get(ServerRole.SERVER_ID),
                (EquivalentAddressGroup g) -> g.getAttributes().get(ServerRole.KEY)));
  }

  private ResolutionResult last() {
    return results.get(results.size() - 1);
  }

  /** The server list with {@code leader} (or none) leading. */
  static List<Server> servers(Endpoint leader, Endpoint... members) {
    return java.util.Arrays.stream(members).map(m -> server(m, m.equals(leader))).toList();
  }

  static Server server(Endpoint endpoint, boolean leader) {
    return Server.newBuilder()
        .setId("n" + endpoint.port())
        .setRpcAddr(endpoint.toString())
        .setIsLeader(leader)
        .build();
  }
}
