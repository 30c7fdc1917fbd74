package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.Server;
import dev.mokv.api.SetRequest;
import dev.mokv.api.SetResponse;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Writes through any node, reads at both consistencies on every node of a 3-node cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReplicationIT {

  private TestCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path root) throws Exception {
    cluster = TestCluster.start(3, root);
    cluster.awaitLeader();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void when_setOnFollower_then_linearizableGetOnEveryNodeSeesItAtOnce() {
    String follower = cluster.followers().get(0);
    for (int i = 0; i < 20; i++) {
      String key = "follower-write-" + i;
      SetResponse set =
          cluster
              .stub(follower)
              .set(SetRequest.newBuilder().setKey(key).setValue(value(i)).build());
      assertThat(set.getOk()).isTrue();
      // Right after Set returns, with no waiting: every node must answer with the new value.
      for (String node : cluster.names()) {
        GetResponse got = cluster.stub(node).get(GetRequest.newBuilder().setKey(key).build());
        assertThat(got.getValue()).as("node %s, key %s", node, key).isEqualTo(value(i));
        assertThat(got.getRevision()).isEqualTo(set.getRevision());
      }
    }
  }

  @Test
  void when_staleGetOnFollower_then_converges() {
    String leader = cluster.awaitLeader();
    cluster.stub(leader).set(SetRequest.newBuilder().setKey("stale").setValue(value(7)).build());
    for (String follower : cluster.followers()) {
      await("stale read on " + follower)
          .atMost(Duration.ofSeconds(10))
          // NOT_FOUND until the follower has learned that the write committed and applied it.
          .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
          .untilAsserted(
              () ->
                  assertThat(
                          cluster
                              .stub(follower)
                              .get(
                                  GetRequest.newBuilder()
                                      .setKey("stale")
                                      .setConsistency(ReadConsistency.STALE)
                                      .build())
                              .getValue())
                      .isEqualTo(value(7)));
    }
  }

  @Test
  void revisions_increaseByOnePerWrite_andAgreeAcrossNodes() {
    String leader = cluster.awaitLeader();
    long first =
        cluster
            .stub(leader)
            .set(SetRequest.newBuilder().setKey("rev").setValue(value(1)).build())
            .getRevision();
    long second =
        cluster
            .stub(leader)
            .set(SetRequest.newBuilder().setKey("rev").setValue(value(2)).build())
            .getRevision();
    assertThat(second).isEqualTo(first + 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.names())
                    .allSatisfy(
                        n ->
                            assertThat(cluster.node(n).inspect().revision())
                                .isGreaterThanOrEqualTo(second)));
  }

  @Test
  void list_streamsKeysAndValuesInKeyOrder() {
    String follower = cluster.followers().get(1);
    for (String key : List.of("list/c", "list/a", "list/b")) {
      cluster
          .stub(follower)
          .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(key)).build());
    }
    List<String> keys = new ArrayList<>();
    cluster
        .stub(follower)
        .list(Empty.getDefaultInstance())
        .forEachRemaining(
            r -> {
              if (r.getKey().startsWith("list/")) {
                assertThat(r.getValue().toStringUtf8()).isEqualTo(r.getKey());
                keys.add(r.getKey());
              }
            });
    assertThat(keys).containsExactly("list/a", "list/b", "list/c");
  }

  @Test
  void getServers_listsEveryMemberWithOneLeaderAndItsAddresses() {
    String leader = cluster.awaitLeader();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              GetServersResponse servers =
                  cluster.stub(cluster.followers().get(0)).getServers(Empty.getDefaultInstance());
              assertThat(servers.getServersList())
                  .extracting(Server::getId)
                  .containsExactlyInAnyOrder("n1", "n2", "n3");
              assertThat(servers.getServersList())
                  .filteredOn(Server::getIsLeader)
                  .extracting(Server::getId)
                  .containsExactly(leader);
              for (Server s : servers.getServersList()) {
                assertThat(s.getRpcAddr())
                    .isEqualTo("127.0.0.1:" + cluster.config(s.getId()).rpcPort());
                assertThat(s.getRaftAddr())
                    .isEqualTo("127.0.0.1:" + cluster.config(s.getId()).raftPort());
              }
            });
  }

  private static ByteString value(int i) {
    return ByteString.copyFromUtf8("value-" + i);
  }
}
