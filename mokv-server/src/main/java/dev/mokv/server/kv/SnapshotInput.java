package dev.mokv.server.kv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Big-endian buffered reader over a file channel that keeps a CRC32C of every byte consumed, and
 * turns every short read into a {@link CorruptSnapshotException} naming the byte offset.
 *
 * <p>The checksum covers exactly the bytes handed to the caller (not the read-ahead), so the reader
 * can compare it with the stored checksum that follows them.
 */
final class SnapshotInput {

  private static final int BUFFER_BYTES = 1 << 17;

  private final Path file;
  private final FileChannel channel;
  private final long size;
  // Read mode: [0, position) consumed but not yet checksummed, [position, limit) read ahead.
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).limit(0);
  private final CRC32C crc = new CRC32C();
  private long bufferStart;
  private int entry = -1;

  SnapshotInput(Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Notes which entry is being read, for error messages; -1 outside the entries. Kept here rather
   * than in a per-read description so the hot path builds no strings.
   */
  void enterEntry(int index) {
    entry = index;
  }

  int entry() {
    return entry;
  }

  /** File offset of the next byte to be consumed. */
  long position() {
    return bufferStart + buffer.position();
  }

  /** Bytes between the current position and the end of the file. */
  long remaining() {
    return size - position();
  }

  int readInt(String what) throws IOException {
    require(Integer.BYTES, what);
    return buffer.getInt();
  }

  long readLong(String what) throws IOException {
    require(Long.BYTES, what);
    return buffer.getLong();
  }

  /** Reads {@code length} bytes; the caller has already bounded length by {@link #remaining()}. */
  byte[] readBytes(int length, String what) throws IOException {
    if (length > remaining()) {
      throw truncated(length, what);
    }
    byte[] bytes = new byte[length];
    int buffered = Math.min(length, buffer.remaining());
    buffer.get(bytes, 0, buffered);
    if (buffered == length) {
      return bytes;
    }
    if (length - buffered <= buffer.capacity()) {
      require(length - buffered, what);
      buffer.get(bytes, buffered, length - buffered);
      return bytes;
    }
    // A value bigger than the buffer: read it straight into the array.
    consume();
    buffer.flip();
    ByteBuffer target = ByteBuffer.wrap(bytes, buffered, length - buffered);
    while (target.hasRemaining()) {
      if (channel.read(target) < 0) {
        throw shrank(bufferStart + target.position() - buffered, what);
      }
    }
    crc.update(bytes, buffered, length - buffered);
    bufferStart += length - buffered;
    return bytes;
  }

  /** CRC32C of every byte consumed so far. */
  int checksum() {
    consume();
    buffer.flip();
    return (int) crc.getValue();
  }

  private void require(int bytes, String what) throws IOException {
    if (buffer.remaining() >= bytes) {
      return;
    }
    if (remaining() < bytes) {
      throw truncated(bytes, what);
    }
    consume();
    while (buffer.position() < bytes) {
      if (channel.read(buffer) < 0) {
        buffer.flip();
        throw shrank(bufferStart + buffer.limit(), what);
      }
    }
    buffer.flip();
  }

  /**
   * Folds the consumed bytes into the checksum and drops them, leaving the buffer in write mode
   * with the read-ahead at its start.
   */
  private void consume() {
    int consumed = buffer.position();
    crc.update(buffer.array(), buffer.arrayOffset(), consumed);
    bufferStart += consumed;
    buffer.compact();
  }

  private String describe(String what) {
    return entry < 0 ? what : what + " of entry " + entry;
  }

  private CorruptSnapshotException truncated(long needed, String what) {
    return new CorruptSnapshotException(
        file,
        String.format(
            "truncated at byte %d: %s at byte %d needs %d bytes but only %d remain",
            size, describe(what), position(), needed, remaining()));
  }

  private CorruptSnapshotException shrank(long end, String what) {
    return new CorruptSnapshotException(
        file,
        String.format(
            "truncated at byte %d while reading %s (the file shrank while being read)",
            end, describe(what)));
  }
}
