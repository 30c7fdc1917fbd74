package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecube.cluster.transport.api.JdkMessageCodec;
import io.scalecube.cluster.transport.api.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SerialFilterTest {

  private final GuardedMessageCodec codec = new GuardedMessageCodec();

  /** The bytes of a ScaleCube message whose data is {@code data}, as a peer would send them. */
  static byte[] messageCarrying(Object data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeInt(0); // no headers
      out.writeObject(data);
    }
    return bytes.toByteArray();
  }

  @Test
  void deserialize_scaleCubeMessage_roundTrips() throws Exception {
    Message message =
        Message.builder().qualifier("sc/test").correlationId("cid-1").data("payload").build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    codec.serialize(message, bytes);
    Message decoded = codec.deserialize(new ByteArrayInputStream(bytes.toByteArray()));

    assertThat(decoded.qualifier()).isEqualTo("sc/test");
    assertThat(decoded.correlationId()).isEqualTo("cid-1");
    assertThat((String) decoded.data()).isEqualTo("payload");
  }

  @Test
  void deserialize_foreignClass_isRejectedBeforeItRuns() throws Exception {
    byte[] gadget = messageCarrying(new Tripwire());
    int before = Tripwire.TRIPPED.get();

    assertThatThrownBy(() -> codec.deserialize(new ByteArrayInputStream(gadget)))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("REJECTED");
    assertThat(Tripwire.TRIPPED.get()).isEqualTo(before);

    // Control: ScaleCube's stock codec runs the gadget, so the assertion above means something.
    new JdkMessageCodec().deserialize(new ByteArrayInputStream(gadget));
    assertThat(Tripwire.TRIPPED.get()).isEqualTo(before + 1);
  }

  @Test
  void deserialize_javaCollections_areRejected() throws Exception {
    // ScaleCube writes its collections element by element, so none ever arrive as objects.
    byte[] list = messageCarrying(new ArrayList<>(List.of("a")));

    assertThatThrownBy(() -> codec.deserialize(new ByteArrayInputStream(list)))
        .isInstanceOf(InvalidClassException.class);
  }
}
