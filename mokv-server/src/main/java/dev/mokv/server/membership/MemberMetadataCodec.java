package dev.mokv.server.membership;

import io.scalecube.cluster.metadata.MetadataCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes {@link MemberMetadata} for ScaleCube, replacing its default Java-serialization codec.
 *
 * <p>Format, version 1: one version byte ({@code 1}), one byte with the number of fields, then each
 * field as a key (one length byte, ASCII) and a value (two length bytes, big-endian, UTF-8). Keys
 * are {@code name}, {@code rpc}, {@code raft}, {@code cluster} and, only on a node bootstrapping a
 * cluster, {@code bootstrap} ({@code CANDIDATE} or {@code CREATING}). Decoders skip keys they do
 * not know, so a newer node can add fields without breaking older ones; a change that older nodes
 * must not misread bumps the version byte instead.
 *
 * <p>Decoding is strict: a wrong version, truncated or trailing bytes, bad UTF-8, a duplicate or
 * missing field, or an invalid value raise {@link MalformedMetadataException}.
 */
final class MemberMetadataCodec implements MetadataCodec {

  static final byte VERSION = 1;

  /** Upper bound on an encoded value: 5 fields of at most 1024 chars, 3 UTF-8 bytes per char. */
  static final int MAX_ENCODED_BYTES = 2 + 5 * (1 + 16 + 2 + 3 * MemberMetadata.MAX_FIELD_LENGTH);

  private static final String NAME = "name";
  private static final String RPC = "rpc";
  private static final String RAFT = "raft";
  private static final String CLUSTER = "cluster";
  private static final String BOOTSTRAP = "bootstrap";

  /**
   * Encodes {@code metadata}. The result wraps an array of exactly the encoded length: ScaleCube
   * sends a metadata buffer's whole backing array, not just its remaining bytes.
   */
  static ByteBuffer encode(MemberMetadata metadata) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(NAME, metadata.nodeName());
    fields.put(RPC, metadata.rpcAddress());
    fields.put(RAFT, metadata.raftAddress());
    fields.put(CLUSTER, metadata.clusterId());
    if (metadata.bootstrap() != BootstrapState.NONE) {
      // Only while bootstrapping, so the encoding of every other node stays as it was.
      fields.put(BOOTSTRAP, metadata.bootstrap().name());
    }

    ByteBuffer out = ByteBuffer.allocate(MAX_ENCODED_BYTES);
    out.put(VERSION);
    out.put((byte) fields.size());
    fields.forEach(
        (key, value) -> {
          byte[] k = key.getBytes(StandardCharsets.US_ASCII);
          byte[] v = value.getBytes(StandardCharsets.UTF_8);
          out.put((byte) k.length).put(k);
          out.putShort((short) v.length).put(v);
        });
    return ByteBuffer.wrap(Arrays.copyOf(out.array(), out.position()));
  }

  /**
   * Decodes what {@link #encode} wrote. Reads a view of {@code bytes}; the buffer's position is
   * left unchanged.
   *
   * @throws MalformedMetadataException if {@code bytes} is null, empty or not valid metadata
   */
  static MemberMetadata decode(ByteBuffer bytes) {
    if (bytes == null || !bytes.hasRemaining()) {
      throw new MalformedMetadataException("no metadata");
    }
    ByteBuffer in = bytes.duplicate();
    try {
      int version = in.get();
      if (version != VERSION) {
        throw new MalformedMetadataException(
            "unsupported metadata version " + version + " (this node understands " + VERSION + ")");
      }
      Map<String, String> fields = readFields(in);
      if (in.hasRemaining()) {
        throw new MalformedMetadataException(in.remaining() + " trailing bytes after metadata");
      }
      return new MemberMetadata(
          required(fields, NAME),
          required(fields, RPC),
          required(fields, RAFT),
          fields.getOrDefault(CLUSTER, ""),
          bootstrapState(fields.get(BOOTSTRAP)));
    } catch (BufferUnderflowException e) {
      throw new MalformedMetadataException("metadata is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid metadata: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> readFields(ByteBuffer in) {
    int count = Byte.toUnsignedInt(in.get());
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String key = readString(in, Byte.toUnsignedInt(in.get()));
      String value = readString(in, Short.toUnsignedInt(in.getShort()));
      if (fields.put(key, value) != null) {
        throw new MalformedMetadataException("duplicate metadata field '" + key + "'");
      }
    }
    return fields;
  }

  private static String readString(ByteBuffer in, int length) {
    if (length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    ByteBuffer slice = in.slice().limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMetadataException("metadata is not valid UTF-8", e);
    }
  }

  private static BootstrapState bootstrapState(String value) {
    if (value == null) {
      return BootstrapState.NONE;
    }
    try {
      return BootstrapState.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("unknown bootstrap state '" + value + "'", e);
    }
  }

  private static String required(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new MalformedMetadataException("metadata lacks field '" + key + "'");
    }
    return value;
  }

  @Override
  public ByteBuffer serialize(Object metadata) {
    if (metadata instanceof MemberMetadata member) {
      return encode(member);
    }
    throw new IllegalArgumentException("expected MemberMetadata, got " + metadata);
  }

  @Override
  public Object deserialize(ByteBuffer buffer) {
    return decode(buffer);
  }
}
