package dev.mokv.server.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MemberMetadataCodecTest {

  private static final MemberMetadata N1 =
      new MemberMetadata("n1", "10.0.0.1:8400", "10.0.0.1:8402", "6f1c9a52-group");

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** Writes a version-1 frame by hand, so tests can build what a real encoder never would. */
  private static ByteBuffer frame(int version, String... keysAndValues) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeByte(version);
    data.writeByte(keysAndValues.length / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      byte[] key = keysAndValues[i].getBytes(StandardCharsets.US_ASCII);
      byte[] value = keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
      data.writeByte(key.length);
      data.write(key);
      data.writeShort(value.length);
      data.write(value);
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Test
  void encode_thenDecode_returnsEqualMetadata() {
    assertThat(MemberMetadataCodec.decode(MemberMetadataCodec.encode(N1))).isEqualTo(N1);
  }

  @Test
  void encode_isCompact() {
    // 2 header bytes + 4 keys (3 bytes of lengths each) + key and value text.
    assertThat(MemberMetadataCodec.encode(N1).remaining()).isLessThan(80);
  }

  @Test
  void decode_leavesBufferPositionAlone() {
    ByteBuffer encoded = MemberMetadataCodec.encode(N1);
    int position = encoded.position();

    MemberMetadataCodec.decode(encoded);

    assertThat(encoded.position()).isEqualTo(position);
  }

  @Test
  void decode_unknownField_isSkipped() throws IOException {
    ByteBuffer newer =
        frame(1, "name", "n1", "zone", "eu-1", "rpc", "10.0.0.1:8400", "raft", "10.0.0.1:8402");

    assertThat(MemberMetadataCodec.decode(newer))
        .isEqualTo(new MemberMetadata("n1", "10.0.0.1:8400", "10.0.0.1:8402", ""));
  }

  @Test
  void decode_nullOrEmpty_isRejected() {
    assertThatThrownBy(() -> MemberMetadataCodec.decode(null))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessage("no metadata");
    assertThatThrownBy(() -> MemberMetadataCodec.decode(ByteBuffer.allocate(0)))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void decode_otherVersion_isRejectedNamingIt() throws IOException {
    assertThatThrownBy(() -> MemberMetadataCodec.decode(frame(2, "name", "n1")))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("unsupported metadata version 2");
  }

  @Test
  void decode_everyTruncation_isRejected() {
    byte[] full = bytes(MemberMetadataCodec.encode(N1));
    for (int length = 0; length < full.length; length++) {
      ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(full, length));
      assertThatThrownBy(() -> MemberMetadataCodec.decode(truncated))
          .as("first %d of %d bytes", length, full.length)
          .isInstanceOf(MalformedMetadataException.class);
    }
  }

  @Test
  void decode_trailingBytes_isRejected() {
    byte[] full = bytes(MemberMetadataCodec.encode(N1));
    ByteBuffer longer = ByteBuffer.wrap(Arrays.copyOf(full, full.length + 1));

    assertThatThrownBy(() -> MemberMetadataCodec.decode(longer))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void decode_duplicateOrMissingField_isRejected() throws IOException {
    ByteBuffer duplicate = frame(1, "name", "n1", "name", "n2", "rpc", "h:1", "raft", "h:2");
    ByteBuffer missing = frame(1, "name", "n1", "rpc", "h:1");

    assertThatThrownBy(() -> MemberMetadataCodec.decode(duplicate))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("duplicate metadata field 'name'");
    assertThatThrownBy(() -> MemberMetadataCodec.decode(missing))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("lacks field 'raft'");
  }

  @Test
  void decode_invalidValues_isRejected() throws IOException {
    ByteBuffer badAddress = frame(1, "name", "n1", "rpc", "no-port", "raft", "h:2");
    ByteBuffer badUtf8 = frame(1, "name", "n1", "rpc", "h:1", "raft", "h:2");
    badUtf8.put(9, (byte) 0xC3); // the "n" of "n1" becomes a lead byte with no continuation

    assertThatThrownBy(() -> MemberMetadataCodec.decode(badAddress))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("rpcAddress");
    assertThatThrownBy(() -> MemberMetadataCodec.decode(badUtf8))
        .isInstanceOf(MalformedMetadataException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void decode_randomGarbage_onlyEverThrowsMalformedMetadata() {
    long seed = new Random().nextLong();
    System.out.printf("decode_randomGarbage seed=%d%n", seed);
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      if (garbage.length > 0 && random.nextBoolean()) {
        garbage[0] = MemberMetadataCodec.VERSION; // get past the version check half the time
      }
      try {
        MemberMetadataCodec.decode(ByteBuffer.wrap(garbage));
      } catch (MalformedMetadataException expected) {
        // the only acceptable failure
      }
    }
  }

  @Test
  void serialize_otherType_isRejected() {
    assertThatThrownBy(() -> new MemberMetadataCodec().serialize("n1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
