package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.mokv.api.DeleteRequest;
import dev.mokv.api.GetRequest;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get INVALID_ARGUMENT (or NOT_FOUND) and change nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BadInputIT {

  private static final int MAX_VALUE = 64 * 1024;

  private TestCluster cluster;
  private String node;

  @BeforeAll
  void startCluster(@TempDir Path root) throws Exception {
    cluster = TestCluster.start(1, root, b -> b.maxValueBytes(MAX_VALUE));
    node = cluster.awaitLeader();
    cluster
        .stub(node)
        .set(
            SetRequest.newBuilder()
                .setKey("present")
                .setValue(ByteString.copyFromUtf8("x"))
                .build());
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  @Test
  void set_emptyKey_isInvalidArgument_andChangesNothing() {
    assertRejected(
        () -> cluster.stub(node).set(SetRequest.newBuilder().setKey("").build()), "empty");
  }

  @Test
  void set_keyOver8KiB_isInvalidArgument_andChangesNothing() {
    String key = "k".repeat(8 * 1024 + 1);
    assertRejected(
        () -> cluster.stub(node).set(SetRequest.newBuilder().setKey(key).build()), "8192");
  }

  @Test
  void set_multibyteKeyOver8KiBInUtf8_isInvalidArgument() {
    String key = "é".repeat(4097); // 8194 bytes in UTF-8, 4097 chars
    assertRejected(
        () -> cluster.stub(node).set(SetRequest.newBuilder().setKey(key).build()), "8194");
  }

  @Test
  void set_valueOverMaxValueBytes_isInvalidArgument_andChangesNothing() {
    ByteString value = ByteString.copyFrom(new byte[MAX_VALUE + 1]);
    assertRejected(
        () -> cluster.stub(node).set(SetRequest.newBuilder().setKey("big").setValue(value).build()),
        "max-value-bytes");
  }

  @Test
  void set_valueOfExactlyMaxValueBytes_isAccepted() {
    ByteString value = ByteString.copyFrom(new byte[MAX_VALUE]);
    assertThat(
            cluster
                .stub(node)
                .set(SetRequest.newBuilder().setKey("max").setValue(value).build())
                .getOk())
        .isTrue();
  }

  @Test
  void get_unknownConsistencyValue_isInvalidArgument() {
    assertRejected(
        () ->
            cluster
                .stub(node)
                .get(GetRequest.newBuilder().setKey("present").setConsistencyValue(7).build()),
        "consistency");
  }

  @Test
  void get_emptyKey_isInvalidArgument() {
    assertRejected(
        () -> cluster.stub(node).get(GetRequest.newBuilder().setKey("").build()), "empty");
  }

  @Test
  void delete_emptyKey_isInvalidArgument() {
    assertRejected(
        () -> cluster.stub(node).delete(DeleteRequest.newBuilder().setKey("").build()), "empty");
  }

  @Test
  void get_missingKey_isNotFound() {
    assertThatThrownBy(
            () -> cluster.stub(node).get(GetRequest.newBuilder().setKey("absent").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private void assertRejected(Runnable call, String messagePart) {
    long revision = cluster.node(node).inspect().revision();
    int keys = cluster.node(node).inspect().keyCount();
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(messagePart);
            });
    assertThat(cluster.node(node).inspect().revision())
        .as("revision unchanged")
        .isEqualTo(revision);
    assertThat(cluster.node(node).inspect().keyCount()).as("keys unchanged").isEqualTo(keys);
  }
}
