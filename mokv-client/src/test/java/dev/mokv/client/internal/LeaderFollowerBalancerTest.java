package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.api.KVGrpc;
import io.grpc.Attributes;
import io.grpc.ConnectivityState;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.ResolvedAddresses;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LeaderFollowerBalancerTest {

  private final FakeHelper helper = new FakeHelper();
  private final LeaderFollowerBalancer balancer = new LeaderFollowerBalancer(helper);

  @Test
  void resolvedServers_getOneSubchannelEach_connectingAtOnce() {
    assertThat(accept(1, 1, 2, 3).isOk()).isTrue();
    assertThat(helper.subchannels).hasSize(3);
    assertThat(helper.subchannels).allSatisfy(s -> assertThat(s.connectionRequests).isEqualTo(1));
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
  }

  @Test
  void readyServers_routeWritesToLeader_readsToFollowers() {
    accept(1, 1, 2, 3);
    readyAll();
    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(pick(KVGrpc.getSetMethod()).getSubchannel()).isSameAs(sub(1));
    assertThat(
            List.of(
                pick(KVGrpc.getGetMethod()).getSubchannel(),
                pick(KVGrpc.getGetMethod()).getSubchannel()))
        .containsExactlyInAnyOrder(sub(2), sub(3));
  }

  @Test
  void newLeader_keepsTheConnections_andTakesTheWrites() {
    accept(1, 1, 2, 3);
    readyAll();
    accept(2, 1, 2, 3);
    assertThat(helper.subchannels).hasSize(3);
    assertThat(helper.subchannels).noneSatisfy(s -> assertThat(s.shutdown).isTrue());
    assertThat(pick(KVGrpc.getSetMethod()).getSubchannel()).isSameAs(sub(2));
  }

  @Test
  void removedServer_isShutDown() {
    accept(1, 1, 2, 3);
    accept(1, 1, 2);
    assertThat(sub(3).shutdown).isTrue();
    assertThat(sub(1).shutdown).isFalse();
  }

  @Test
  void leaderConnectionLost_asksForAFreshServerList_andRefusesWrites() {
    accept(1, 1, 2, 3);
    readyAll();
    sub(1).enter(ConnectivityState.IDLE);
    assertThat(helper.refreshes).isEqualTo(1);
    assertThat(sub(1).connectionRequests).isEqualTo(2);
    assertThat(pick(KVGrpc.getSetMethod()).hasResult()).isFalse();
    sub(1).enter(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.refreshes).isEqualTo(2);
    PickResult write = pick(KVGrpc.getSetMethod());
    assertThat(write.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(write.getStatus().getDescription()).contains("leader s1 at");
    assertThat(pick(KVGrpc.getGetMethod()).getSubchannel()).isIn(sub(2), sub(3));
  }

  @Test
  void followerConnectionLost_doesNotRefresh_andReadsUseTheOther() {
    accept(1, 1, 2, 3);
    readyAll();
    sub(2).enter(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.refreshes).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(pick(KVGrpc.getGetMethod()).getSubchannel()).isSameAs(sub(3));
    }
  }

  @Test
  void noLeaderInTheList_failsWritesUnsent_butServesReads() {
    accept(0, 1, 2);
    readyAll();
    PickResult write = pick(KVGrpc.getSetMethod());
    assertThat(write.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(write.getStatus().getDescription()).contains("no leader");
    assertThat(pick(KVGrpc.getGetMethod()).getSubchannel()).isNotNull();
  }

  @Test
  void emptyServerList_isRejected() {
    Status status =
        balancer.acceptResolvedAddresses(
            ResolvedAddresses.newBuilder().setAddresses(List.of()).build());
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void resolutionError_beforeAnyServer_failsPicksWithItsReason() {
    balancer.handleNameResolutionError(
        Status.UNAVAILABLE.withDescription("no mökv server answered: 127.0.0.1:1"));
    PickResult result = pick(KVGrpc.getGetMethod());
    assertThat(result.getStatus().getDescription()).contains("127.0.0.1:1");
  }

  @Test
  void resolutionError_afterServers_keepsUsingThem() {
    accept(1, 1, 2);
    readyAll();
    balancer.handleNameResolutionError(Status.UNAVAILABLE.withDescription("seed gone"));
    assertThat(pick(KVGrpc.getSetMethod()).getSubchannel()).isSameAs(sub(1));
  }

  @Test
  void shutdown_shutsDownEverySubchannel() {
    accept(1, 1, 2);
    balancer.shutdown();
    assertThat(helper.subchannels).allSatisfy(s -> assertThat(s.shutdown).isTrue());
  }

  /** Resolves servers s{n} at 127.0.0.1:{n}, with s{leader} leading (0: none). */
  private Status accept(int leader, int... servers) {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (int n : servers) {
      Attributes attrs =
          Attributes.newBuilder()
              .set(ServerRole.KEY, n == leader ? ServerRole.LEADER : ServerRole.FOLLOWER)
              .set(ServerRole.SERVER_ID, "s" + n)
              .build();
      groups.add(new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", n), attrs));
    }
    return balancer.acceptResolvedAddresses(
        ResolvedAddresses.newBuilder().setAddresses(groups).build());
  }

  private void readyAll() {
    helper.subchannels.forEach(s -> s.enter(ConnectivityState.READY));
  }

  /** The subchannel of server s{n}. */
  private FakeSubchannel sub(int n) {
    return helper.subchannels.stream()
        .filter(
            s ->
                ((InetSocketAddress) s.getAllAddresses().get(0).getAddresses().get(0)).getPort()
                    == n)
        .findFirst()
        .orElseThrow();
  }

  private PickResult pick(MethodDescriptor<?, ?> method) {
    return helper.picker.pickSubchannel(new FakePickArgs(method));
  }
}
