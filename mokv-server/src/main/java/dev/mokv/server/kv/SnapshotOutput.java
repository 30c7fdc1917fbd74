package dev.mokv.server.kv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Big-endian buffered writer over a file channel that keeps a CRC32C of every byte it writes.
 *
 * <p>Hand-rolled rather than {@code DataOutputStream} over {@code CheckedOutputStream}: one heap
 * buffer, no per-call locking, and the checksum is fed whole buffers, which keeps a million-entry
 * snapshot cheap to write.
 */
final class SnapshotOutput {

  static final int BUFFER_BYTES = 1 << 17;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();

  SnapshotOutput(FileChannel channel) {
    this.channel = channel;
  }

  void putInt(int value) throws IOException {
    ensure(Integer.BYTES);
    buffer.putInt(value);
  }

  void putLong(long value) throws IOException {
    ensure(Long.BYTES);
    buffer.putLong(value);
  }

  void putBytes(byte[] bytes) throws IOException {
    if (bytes.length <= buffer.remaining()) {
      buffer.put(bytes);
      return;
    }
    flush();
    if (bytes.length <= buffer.remaining()) {
      buffer.put(bytes);
    } else {
      // Larger than the buffer: skip the copy and hand the array to the channel directly.
      crc.update(bytes, 0, bytes.length);
      writeFully(ByteBuffer.wrap(bytes));
    }
  }

  /** CRC32C of everything written so far; flushes, so later writes are not covered. */
  int checksum() throws IOException {
    flush();
    return (int) crc.getValue();
  }

  /** Writes out whatever is buffered. */
  void flush() throws IOException {
    buffer.flip();
    crc.update(buffer.array(), buffer.arrayOffset(), buffer.limit());
    writeFully(buffer);
    buffer.clear();
  }

  private void ensure(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void writeFully(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      channel.write(source);
    }
  }
}
