package dev.mokv.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.GetRequest;
import dev.mokv.api.GetResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.ReadConsistency;
import dev.mokv.api.SetRequest;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unique keys whose writes a node acknowledged: only an OK answer records a key, so every key
 * here must survive whatever happens to the cluster afterwards.
 */
final class AcknowledgedWrites {

  private final String prefix;
  private final AtomicLong next = new AtomicLong();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  AcknowledgedWrites(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Writes one new unique key through {@code channel}; records it if acknowledged.
   *
   * @throws StatusRuntimeException if the write failed or its outcome is unknown (not recorded)
   */
  String writeOnce(Channel channel) {
    return writeOnce(channel, 0);
  }

  /** As {@link #writeOnce(Channel)}, with {@code padding} more bytes in the value. */
  String writeOnce(Channel channel, int padding) {
    String key = prefix + "-" + next.getAndIncrement();
    String value = "v-" + key + "x".repeat(padding);
    KVGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .set(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
    acknowledged.put(key, value);
    return key;
  }

  /** Writes {@code count} new unique keys through {@code channel}, retrying failures (bounded). */
  void write(Channel channel, int count) {
    write(channel, count, 0);
  }

  /** As {@link #write(Channel, int)}, with {@code padding} more bytes in each value. */
  void write(Channel channel, int count, int padding) {
    for (int i = 0; i < count; i++) {
      await("an acknowledged write")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreException(StatusRuntimeException.class)
          .until(
              () -> {
                writeOnce(channel, padding);
                return true;
              });
    }
  }

  int size() {
    return acknowledged.size();
  }

  /** The acknowledged keys. */
  Set<String> keys() {
    return Set.copyOf(acknowledged.keySet());
  }

  /** Waits until every acknowledged key reads back LINEARIZABLE through {@code channel}. */
  void awaitAllReadable(String node, Channel channel, Duration atMost) {
    await(node + " reads all " + acknowledged.size() + " acknowledged writes")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(300))
        .ignoreException(StatusRuntimeException.class)
        .untilAsserted(
            () -> {
              KVGrpc.KVBlockingStub stub = KVGrpc.newBlockingStub(channel);
              for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                GetResponse r =
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .get(
                            GetRequest.newBuilder()
                                .setKey(e.getKey())
                                .setConsistency(ReadConsistency.LINEARIZABLE)
                                .build());
                assertThat(r.getValue().toStringUtf8()).as(e.getKey()).isEqualTo(e.getValue());
              }
            });
  }
}
