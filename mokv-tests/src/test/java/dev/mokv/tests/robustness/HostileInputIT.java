package dev.mokv.tests.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers and malformed input against a live 3-node cluster: garbage on every port, malformed
 * protobuf, oversized messages, and clients that open streams and never read. Every case: a clear
 * error (where there is a caller to tell), no crash of the healthy nodes, nothing acknowledged
 * lost, writes keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HostileInputIT {

  private TestCluster cluster;
  private long seed;

  @BeforeAll
  void startCluster(@TempDir Path root) throws Exception {
    seed = Long.getLong("mokv.seed", System.nanoTime());
    System.out.println("[seed] HostileInputIT -Dmokv.seed=" + seed);
    cluster = TestCluster.startJoined(3, root, b -> b);
    cluster.awaitLeader();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void randomBytes_onRpcRaftAndGossipPorts_areDropped_andTheClusterKeepsServing() throws Exception {
    Random random = new Random(seed);
    set("before-garbage", "1");
    for (String node : cluster.names()) {
      var config = cluster.config(node);
      for (int port : new int[] {config.rpcPort(), config.raftPort(), config.bindAddr().port()}) {
        sendGarbage(port, random, 64 * 1024);
        sendGarbage(port, random, 7);
      }
    }
    assertClusterServes("after-garbage");
    assertThat(get(cluster.awaitLeader(), "before-garbage")).isEqualTo("1");
  }

  @Test
  void malformedProtobuf_isRejectedWithAStatus_andChangesNothing() {
    String node = cluster.followers().get(0);
    long revision = cluster.node(node).inspect().revision();
    MethodDescriptor<byte[], byte[]> rawSet =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(KVGrpc.getSetMethod().getFullMethodName())
            .setRequestMarshaller(new RawBytes())
            .setResponseMarshaller(new RawBytes())
            .build();
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};

    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    cluster.channel(node),
                    rawSet,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                    garbage))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .as("status %s", e.getStatus())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(cluster.node(node).inspect().revision()).isEqualTo(revision);
    assertClusterServes("after-malformed");
  }

  @Test
  void oversizedMessage_isRefusedByTheTransport_andTheNodeStaysUp() {
    String node = cluster.followers().get(0);
    ByteString huge = ByteString.copyFrom(new byte[8 * 1024 * 1024]);

    assertThatThrownBy(
            () ->
                cluster
                    .stub(node)
                    .set(SetRequest.newBuilder().setKey("huge").setValue(huge).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INVALID_ARGUMENT));
    assertClusterServes("after-oversized");
  }

  @Test
  void manyListStreamsThatNeverRead_doNotStopTheNode() {
    String node = cluster.followers().get(0);
    String leader = cluster.awaitLeader();
    // About 2 MiB in the store: far more than one stream's flow-control window.
    ByteString value = ByteString.copyFrom(new byte[8 * 1024]);
    for (int i = 0; i < 256; i++) {
      cluster.stub(leader).set(SetRequest.newBuilder().setKey("bulk-" + i).setValue(value).build());
    }
    List<ClientCall<Empty, GetResponse>> stalled = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ClientCall<Empty, GetResponse> call =
          cluster.channel(node).newCall(KVGrpc.getListMethod(), CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {}, new Metadata());
      // request(0): the client never asks for a message, so flow control stops the server.
      call.sendMessage(Empty.getDefaultInstance());
      call.halfClose();
      stalled.add(call);
    }
    assertClusterServes("while-streams-stall");
    stalled.forEach(c -> c.cancel("test done", null));
    assertClusterServes("after-streams-cancelled");
  }

  private void assertClusterServes(String key) {
    for (String node : cluster.names()) {
      await("write through " + node)
          .atMost(Duration.ofSeconds(20))
          .ignoreException(StatusRuntimeException.class)
          .untilAsserted(
              () -> {
                setOn(node, key + "-" + node);
                assertThat(get(node, key + "-" + node)).isEqualTo("v");
              });
    }
  }

  private void set(String key, String value) {
    cluster
        .stub(cluster.awaitLeader())
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
  }

  private void setOn(String node, String key) {
    cluster
        .stub(node)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v")).build());
  }

  private String get(String node, String key) {
    return cluster
        .stub(node)
        .get(GetRequest.newBuilder().setKey(key).build())
        .getValue()
        .toStringUtf8();
  }

  private static void sendGarbage(int port, Random random, int size) throws Exception {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(300);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      // Drain whatever the server answers (an HTTP/2 GOAWAY, nothing) until it closes.
      byte[] sink = new byte[4096];
      try {
        while (in.read(sink) >= 0) {
          // discard
        }
      } catch (java.net.SocketTimeoutException e) {
        // the server kept the connection open; that is fine too
      }
    } catch (java.net.SocketException e) {
      // reset by the server: it refused the garbage, as it should
    }
  }

  /** Sends and receives raw bytes, to put malformed protobuf on the wire. */
  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
