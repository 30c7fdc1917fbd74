package dev.mokv.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire contract shared with the Go mökv: package {@code api}, service {@code KV}, the
 * message names and the field numbers and types of the Go original, plus the documented extensions.
 * A change here breaks existing clients; it must be deliberate.
 */
class WireCompatibilityTest {

  @Test
  void service_hasTheGoMethodsWithTheirFullNames() {
    ServiceDescriptor service = KvProto.getDescriptor().findServiceByName("KV");
    assertThat(service.getFullName()).isEqualTo("api.KV");
    Map<String, String> methods =
        service.getMethods().stream()
            .collect(
                Collectors.toMap(
                    m -> "/" + service.getFullName() + "/" + m.getName(),
                    WireCompatibilityTest::signature,
                    (a, b) -> a,
                    LinkedHashMap::new));
    assertThat(methods)
        .containsExactly(
            Map.entry("/api.KV/Get", "api.GetRequest -> api.GetResponse"),
            Map.entry("/api.KV/Set", "api.SetRequest -> api.SetResponse"),
            Map.entry("/api.KV/Delete", "api.DeleteRequest -> api.DeleteResponse"),
            Map.entry("/api.KV/List", "google.protobuf.Empty -> stream api.GetResponse"),
            Map.entry("/api.KV/GetServers", "google.protobuf.Empty -> api.GetServersResponse"));
    assertThat(KVGrpc.getGetMethod().getFullMethodName()).isEqualTo("api.KV/Get");
    assertThat(KVGrpc.getGetServersMethod().getFullMethodName()).isEqualTo("api.KV/GetServers");
  }

  @Test
  void messages_keepTheGoFieldNumbersAndTypes() {
    assertFields(GetRequest.getDescriptor(), "key:1:STRING", "consistency:2:ENUM");
    assertFields(GetResponse.getDescriptor(), "key:1:STRING", "value:2:BYTES", "revision:3:INT64");
    assertFields(SetRequest.getDescriptor(), "key:1:STRING", "value:2:BYTES");
    assertFields(SetResponse.getDescriptor(), "ok:1:BOOL", "revision:2:INT64");
    assertFields(DeleteRequest.getDescriptor(), "key:1:STRING");
    assertFields(DeleteResponse.getDescriptor(), "ok:1:BOOL", "revision:2:INT64");
    assertFields(
        Server.getDescriptor(),
        "id:1:STRING",
        "rpc_addr:2:STRING",
        "is_leader:3:BOOL",
        "raft_addr:4:STRING",
        "is_voter:5:BOOL",
        "is_alive:6:BOOL");
    assertFields(GetServersResponse.getDescriptor(), "servers:1:MESSAGE", "cluster_id:2:STRING");
    assertThat(GetServersResponse.getDescriptor().findFieldByNumber(1).isRepeated()).isTrue();
  }

  @Test
  void messages_liveInPackageApi() {
    assertThat(GetRequest.getDescriptor().getFullName()).isEqualTo("api.GetRequest");
    assertThat(Server.getDescriptor().getFullName()).isEqualTo("api.Server");
    assertThat(KvProto.getDescriptor().getPackage()).isEqualTo("api");
  }

  @Test
  void readConsistency_defaultsToLinearizable() {
    assertThat(ReadConsistency.forNumber(0)).isEqualTo(ReadConsistency.LINEARIZABLE);
    assertThat(ReadConsistency.forNumber(1)).isEqualTo(ReadConsistency.STALE);
    assertThat(GetRequest.getDefaultInstance().getConsistency())
        .isEqualTo(ReadConsistency.LINEARIZABLE);
  }

  private static void assertFields(Descriptor message, String... expected) {
    assertThat(message.getFields())
        .extracting(f -> f.getName() + ":" + f.getNumber() + ":" + typeOf(f))
        .as(message.getFullName())
        .containsExactly(expected);
  }

  private static String typeOf(FieldDescriptor f) {
    return f.getType() == Type.GROUP ? "GROUP" : f.getType().name();
  }

  private static String signature(MethodDescriptor m) {
    return m.getInputType().getFullName()
        + " -> "
        + (m.isServerStreaming() ? "stream " : "")
        + m.getOutputType().getFullName();
  }
}
