package dev.mokv.server.kv;

import dev.mokv.server.kv.KvStore.Versioned;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes and reads point-in-time images of a {@link KvStore}, the state machine snapshots Raft
 * installs on lagging followers and restarts from.
 *
 * <p>File layout, all integers big-endian:
 *
 * <pre>
 * offset  size  field
 * 0       8     magic, the ASCII bytes "MOKVSNAP"
 * 8       4     format version, int, currently 1
 * 12      8     store revision, long, &gt;= 0
 * 20      4     entry count N, int, &gt;= 0
 * 24      4     metadata count M, int, &gt;= 0
 * 28      ...   M metadata pairs in ascending key order, each:
 *                 4  name length, int, then the name, UTF-8
 *                 4  value length, int, then the value, UTF-8
 * ...     ...   N entries in ascending key order (String.compareTo), each:
 *                 4  key length K, int, &gt;= 0
 *                 K  key, UTF-8
 *                 4  value length V, int, &gt;= 0
 *                 V  value bytes
 *                 8  entry revision, long, 1 &lt;= revision &lt;= store revision
 * end-8   4     entry count N again, int
 * end-4   4     CRC32C (Castagnoli) of every preceding byte, from offset 0 to end-4
 * </pre>
 *
 * <p>Metadata is state that replicas keep beside the key-value map (the member directory) and that
 * must travel with it. An empty store with no metadata is therefore a 36-byte file. The checksum
 * covers the header too, so a flipped revision or count is caught; the repeated count is a cheap
 * cross-check that the reader consumed exactly the entries the writer meant to write.
 *
 * <p>Reading validates the whole file before returning anything, so {@link #load} leaves the store
 * untouched when the file is bad.
 */
public final class SnapshotFormat {

  /** The first eight bytes of every snapshot file. */
  public static final byte[] MAGIC = "MOKVSNAP".getBytes(StandardCharsets.US_ASCII);

  /** The only format version this code writes and reads. */
  public static final int VERSION = 1;

  static final int HEADER_BYTES = 8 + 4 + 8 + 4 + 4;
  static final int TRAILER_BYTES = 4 + 4;
  // Key length, value length and revision of an entry with an empty key and value.
  private static final int MIN_ENTRY_BYTES = 4 + 4 + 8;

  /** The content of a snapshot file: entries in key order, the store revision, and metadata. */
  public record Snapshot(
      NavigableMap<String, Versioned> entries, long revision, Map<String, String> metadata) {
    public Snapshot {
      entries = Collections.unmodifiableNavigableMap(Objects.requireNonNull(entries, "entries"));
      metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }
  }

  private SnapshotFormat() {}

  /**
   * Writes an image of {@code store} to {@code target}, atomically: the bytes go to a temporary
   * file {@code <target name>.<random>.tmp} in the same directory, which is fsynced and then
   * renamed over {@code target}; the directory is fsynced last so the rename survives a crash. A
   * crash or failure at any point leaves either the old file or the new one under {@code target},
   * never a mix (a stray temporary file may remain after a crash).
   *
   * <p>Call it where no write runs concurrently (the Raft apply thread); a write observed during
   * the iteration fails with {@link IllegalStateException} rather than producing an image of no
   * single point in time.
   *
   * @throws IllegalArgumentException if a key is not valid UTF-16 (an unpaired surrogate), which
   *     UTF-8 cannot represent and would otherwise be silently replaced
   */
  public static void write(KvStore store, Path target) throws IOException {
    write(store, Map.of(), target);
  }

  /** Like {@link #write(KvStore, Path)}, with {@code metadata} stored beside the entries. */
  public static void write(KvStore store, Map<String, String> metadata, Path target)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temp = Files.createTempFile(directory, absolute.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeEntries(store, new TreeMap<>(metadata), new SnapshotOutput(channel));
        channel.force(true);
      }
      // On POSIX the rename atomically replaces an existing target.
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (Throwable t) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    syncDirectory(directory);
  }

  /**
   * Reads and fully validates {@code file}.
   *
   * @throws CorruptSnapshotException if anything in the file is wrong; the message names the file
   * @throws IOException if the file cannot be read at all (missing, unreadable)
   */
  public static Snapshot read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readEntries(file, new SnapshotInput(file, channel, channel.size()));
    }
  }

  /**
   * Reads and validates {@code file}, then replaces the content of {@code into} with it. The store
   * is modified only after the whole file has been validated.
   *
   * @return the store revision of the snapshot
   */
  public static long load(Path file, KvStore into) throws IOException {
    Snapshot snapshot = read(file);
    into.replaceAll(snapshot.entries(), snapshot.revision());
    return snapshot.revision();
  }

  private static void writeEntries(
      KvStore store, TreeMap<String, String> metadata, SnapshotOutput out) throws IOException {
    long revision = store.revision();
    int count = store.size();
    out.putBytes(MAGIC);
    out.putInt(VERSION);
    out.putLong(revision);
    out.putInt(count);
    out.putInt(metadata.size());
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      requireWellFormed(m.getKey());
      requireWellFormed(m.getValue());
      byte[] name = m.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = m.getValue().getBytes(StandardCharsets.UTF_8);
      out.putInt(name.length);
      out.putBytes(name);
      out.putInt(value.length);
      out.putBytes(value);
    }
    int written = 0;
    for (Iterator<Map.Entry<String, Versioned>> it = store.iterator(); it.hasNext(); ) {
      Map.Entry<String, Versioned> entry = it.next();
      String key = entry.getKey();
      long entryRevision = entry.getValue().revision();
      if (++written > count || entryRevision > revision) {
        throw new IllegalStateException("store changed while its snapshot was being written");
      }
      if (!validEntryRevision(entryRevision, revision)) {
        // Refused here because the reader would refuse it later, when it is too late to fix.
        throw new IllegalStateException(
            "entry " + (written - 1) + " has revision " + entryRevision + ", below 1");
      }
      requireWellFormed(key);
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      byte[] value = entry.getValue().value();
      out.putInt(keyBytes.length);
      out.putBytes(keyBytes);
      out.putInt(value.length);
      out.putBytes(value);
      out.putLong(entryRevision);
    }
    if (written != count || store.revision() != revision) {
      throw new IllegalStateException("store changed while its snapshot was being written");
    }
    out.putInt(count);
    out.putInt(out.checksum());
    out.flush();
  }

  private static Snapshot readEntries(Path file, SnapshotInput in) throws IOException {
    byte[] magic = in.readBytes(MAGIC.length, "magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptSnapshotException(file, "bad magic " + hex(magic) + ", not a mökv snapshot");
    }
    int version = in.readInt("format version");
    if (version != VERSION) {
      throw new CorruptSnapshotException(
          file, "unsupported format version " + version + " (this build reads " + VERSION + ")");
    }
    long revision = in.readLong("store revision");
    int count = in.readInt("entry count");
    int metadataCount = in.readInt("metadata count");
    if (metadataCount < 0 || (long) metadataCount * 8 > in.remaining() - TRAILER_BYTES) {
      throw new CorruptSnapshotException(
          file, "absurd metadata count " + metadataCount + " (truncated or corrupt)");
    }
    TreeMap<String, String> metadata = new TreeMap<>();
    for (int i = 0; i < metadataCount; i++) {
      String name =
          new String(
              readBlock(file, in, "metadata name", "metadata name length"), StandardCharsets.UTF_8);
      String value =
          new String(
              readBlock(file, in, "metadata value", "metadata value length"),
              StandardCharsets.UTF_8);
      metadata.put(name, value);
    }
    long room = in.remaining() - TRAILER_BYTES;
    if (count < 0 || (count > 0 && (long) count * MIN_ENTRY_BYTES > room)) {
      throw new CorruptSnapshotException(
          file,
          String.format(
              "header claims %d entries but only %d bytes of entries follow (truncated or corrupt)",
              count, Math.max(room, 0)));
    }
    // Semantic problems are only reported once the checksum has matched: on a damaged file the
    // checksum mismatch is the truer diagnosis, and parsing can continue past them.
    String problem = revision < 0 ? "negative store revision " + revision : null;
    TreeMap<String, Versioned> entries = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < count; i++) {
      long at = in.position();
      in.enterEntry(i);
      String key = new String(readBlock(file, in, "key", "key length"), StandardCharsets.UTF_8);
      byte[] value = readBlock(file, in, "value", "value length");
      long entryRevision = in.readLong("revision");
      if (problem == null && previous != null && previous.compareTo(key) >= 0) {
        problem = "entry " + i + " at byte " + at + " is out of key order";
      }
      if (problem == null && !validEntryRevision(entryRevision, revision)) {
        problem =
            String.format(
                "entry %d at byte %d has revision %d outside [1, %d]",
                i, at, entryRevision, revision);
      }
      entries.put(key, new Versioned(value, entryRevision));
      previous = key;
    }
    in.enterEntry(-1);
    int trailerCount = in.readInt("trailer entry count");
    int actual = in.checksum();
    int expected = in.readInt("checksum");
    if (expected != actual) {
      throw new CorruptSnapshotException(
          file, "checksum mismatch: expected " + hex(expected) + ", actual " + hex(actual));
    }
    if (in.remaining() != 0) {
      problem = in.remaining() + " unexpected bytes after the trailer at byte " + in.position();
    } else if (trailerCount != count) {
      problem = "entry count mismatch: header says " + count + ", trailer says " + trailerCount;
    }
    if (problem != null) {
      throw new CorruptSnapshotException(file, problem);
    }
    return new Snapshot(entries, revision, metadata);
  }

  private static byte[] readBlock(Path file, SnapshotInput in, String what, String lengthWhat)
      throws IOException {
    long at = in.position();
    int length = in.readInt(lengthWhat);
    // Bounding by the bytes left turns a corrupted length into an error instead of a huge array.
    long left = Math.max(in.remaining() - TRAILER_BYTES, 0);
    if (length < 0 || length > left) {
      throw new CorruptSnapshotException(
          file,
          String.format(
              "absurd %s length %d at byte %d (entry %d): only %d bytes left before the trailer"
                  + " (truncated or corrupt)",
              what, length, at, in.entry(), left));
    }
    return in.readBytes(length, what);
  }

  private static boolean validEntryRevision(long entryRevision, long storeRevision) {
    return entryRevision >= 1 && entryRevision <= storeRevision;
  }

  private static void requireWellFormed(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "key has an unpaired surrogate at index " + i + ", cannot be written as UTF-8");
      }
    }
  }

  private static void syncDirectory(Path directory) throws IOException {
    // Makes the rename durable. Windows cannot open a directory as a channel; skip it there.
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static String hex(int value) {
    return String.format("0x%08x", value);
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder("0x");
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
