package dev.mokv.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.api.KVGrpc;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LeaderFollowerPickerTest {

  private final Subchannel leader = new FakeSubchannel("leader");
  private final Subchannel follower1 = new FakeSubchannel("follower1");
  private final Subchannel follower2 = new FakeSubchannel("follower2");
  private final AtomicInteger cursor = new AtomicInteger();

  @Test
  void set_andDelete_goToTheLeader() {
    LeaderFollowerPicker picker = picker(ready(), List.of(follower1, follower2));
    assertThat(pick(picker, KVGrpc.getSetMethod()).getSubchannel()).isSameAs(leader);
    assertThat(pick(picker, KVGrpc.getDeleteMethod()).getSubchannel()).isSameAs(leader);
  }

  @Test
  void reads_goRoundRobinOverReadyFollowers() {
    LeaderFollowerPicker picker = picker(ready(), List.of(follower1, follower2));
    List<Subchannel> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      MethodDescriptor<?, ?> read = i % 2 == 0 ? KVGrpc.getGetMethod() : KVGrpc.getListMethod();
      picked.add(pick(picker, read).getSubchannel());
    }
    assertThat(picked)
        .containsExactly(follower1, follower2, follower1, follower2, follower1, follower2);
  }

  @Test
  void roundRobin_continuesAcrossPickers() {
    LeaderFollowerPicker first = picker(ready(), List.of(follower1, follower2));
    assertThat(pick(first, KVGrpc.getGetMethod()).getSubchannel()).isSameAs(follower1);
    LeaderFollowerPicker second = picker(ready(), List.of(follower1, follower2));
    assertThat(pick(second, KVGrpc.getGetMethod()).getSubchannel()).isSameAs(follower2);
  }

  @Test
  void read_withNoReadyFollower_fallsBackToTheLeader() {
    LeaderFollowerPicker picker = picker(ready(), List.of());
    assertThat(pick(picker, KVGrpc.getGetMethod()).getSubchannel()).isSameAs(leader);
    assertThat(pick(picker, KVGrpc.getGetServersMethod()).getSubchannel()).isSameAs(leader);
  }

  @Test
  void read_pinnedToLeader_goesToTheLeader() {
    LeaderFollowerPicker picker = picker(ready(), List.of(follower1, follower2));
    CallOptions pinned = CallOptions.DEFAULT.withOption(KvMethods.READ_FROM_LEADER, true);
    for (int i = 0; i < 4; i++) {
      PickResult result = picker.pickSubchannel(new FakePickArgs(KVGrpc.getGetMethod(), pinned));
      assertThat(result.getSubchannel()).isSameAs(leader);
    }
  }

  @Test
  void methodNotKnownToBeARead_isTreatedAsAWrite() {
    MethodDescriptor<?, ?> watch =
        KVGrpc.getGetMethod().toBuilder().setFullMethodName("api.KV/Watch").build();
    LeaderFollowerPicker picker = picker(ready(), List.of(follower1, follower2));
    assertThat(pick(picker, watch).getSubchannel()).isSameAs(leader);
  }

  @Test
  void write_withNoLeaderKnown_failsUnavailableWithoutSending() {
    LeaderFollowerPicker picker =
        new LeaderFollowerPicker(
            null, Status.UNAVAILABLE.withDescription("no leader"), List.of(follower1), cursor);
    PickResult result = pick(picker, KVGrpc.getSetMethod());
    assertThat(result.getSubchannel()).isNull();
    assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(result.getStatus().getDescription()).isEqualTo("no leader");
    assertThat(pick(picker, KVGrpc.getGetMethod()).getSubchannel()).isSameAs(follower1);
  }

  @Test
  void write_whileLeaderConnects_waitsForIt() {
    LeaderFollowerPicker picker =
        picker(ConnectivityStateInfo.forNonError(ConnectivityState.CONNECTING), List.of());
    PickResult result = pick(picker, KVGrpc.getSetMethod());
    assertThat(result.hasResult()).isFalse();
    assertThat(result.getStatus().isOk()).isTrue();
  }

  @Test
  void write_whenLeaderIsUnreachable_failsNamingTheLeader() {
    LeaderFollowerPicker picker =
        picker(
            ConnectivityStateInfo.forTransientFailure(
                Status.UNAVAILABLE.withCause(new java.net.ConnectException("Connection refused"))),
            List.of(follower1));
    PickResult result = pick(picker, KVGrpc.getSetMethod());
    assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(result.getStatus().getDescription()).contains("n1 at 127.0.0.1:1");
    assertThat(result.getStatus().getCause()).hasMessage("Connection refused");
  }

  private LeaderFollowerPicker picker(ConnectivityStateInfo leaderState, List<Subchannel> ready) {
    return new LeaderFollowerPicker(
        new LeaderFollowerPicker.Leader(leader, "n1 at 127.0.0.1:1", leaderState),
        Status.UNAVAILABLE.withDescription("no leader"),
        ready,
        cursor);
  }

  private static ConnectivityStateInfo ready() {
    return ConnectivityStateInfo.forNonError(ConnectivityState.READY);
  }

  private static PickResult pick(LeaderFollowerPicker picker, MethodDescriptor<?, ?> method) {
    return picker.pickSubchannel(new FakePickArgs(method));
  }
}
