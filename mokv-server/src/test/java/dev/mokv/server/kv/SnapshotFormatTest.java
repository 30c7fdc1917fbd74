package dev.mokv.server.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.server.kv.SnapshotFormat.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFormatTest {

  @TempDir Path dir;

  @Test
  void emptyStoreIsAHeaderAndATrailer() throws IOException {
    Path file = dir.resolve("snap");
    SnapshotFormat.write(new KvStore(), file);

    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).hasSize(SnapshotFormat.HEADER_BYTES + SnapshotFormat.TRAILER_BYTES);
    assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("MOKVSNAP".getBytes(UTF_8));
    Snapshot snapshot = SnapshotFormat.read(file);
    assertThat(snapshot.entries()).isEmpty();
    assertThat(snapshot.revision()).isZero();
  }

  @Test
  void layoutMatchesTheDocumentedFormat() throws IOException {
    KvStore store = new KvStore();
    store.set("k", new byte[] {7, 8});
    store.delete("nothing");
    Path file = dir.resolve("snap");
    SnapshotFormat.write(store, file);

    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    b.position(8);
    assertThat(b.getInt()).as("version").isEqualTo(1);
    assertThat(b.getLong()).as("store revision").isEqualTo(2);
    assertThat(b.getInt()).as("count").isEqualTo(1);
    assertThat(b.getInt()).as("metadata count").isZero();
    assertThat(b.getInt()).as("key length").isEqualTo(1);
    assertThat(b.get()).as("key").isEqualTo((byte) 'k');
    assertThat(b.getInt()).as("value length").isEqualTo(2);
    assertThat(new byte[] {b.get(), b.get()}).isEqualTo(new byte[] {7, 8});
    assertThat(b.getLong()).as("entry revision").isEqualTo(1);
    assertThat(b.getInt()).as("trailer count").isEqualTo(1);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    assertThat(b.getInt()).as("crc").isEqualTo((int) crc.getValue());
    assertThat(b.hasRemaining()).isFalse();
  }

  @Test
  void roundTripsUnicodeKeysEmptyValuesAndValuesLargerThanTheBuffer() throws IOException {
    KvStore store = new KvStore();
    store.set("", new byte[0]);
    store.set("ключ-🔑-鍵", "ünïcödé".getBytes(UTF_8));
    byte[] big = new byte[3 * SnapshotOutput.BUFFER_BYTES + 17];
    Arrays.fill(big, (byte) 0x5a);
    big[big.length - 1] = 1;
    store.set("big", big);
    store.set("after-big", new byte[] {1});
    Path file = dir.resolve("snap");

    SnapshotFormat.write(store, file);
    KvStore loaded = new KvStore();
    long revision = SnapshotFormat.load(file, loaded);

    assertThat(revision).isEqualTo(4);
    assertThat(SnapshotTesting.contents(loaded)).isEqualTo(SnapshotTesting.contents(store));
    assertThat(loaded.dataBytes()).isEqualTo(store.dataBytes());
  }

  @Test
  void overwritesAnExistingSnapshotAndLeavesNoTemporaryFiles() throws IOException {
    KvStore store = new KvStore();
    store.set("a", new byte[] {1});
    Path file = dir.resolve("snap");
    SnapshotFormat.write(store, file);
    store.set("b", new byte[] {2});

    SnapshotFormat.write(store, file);

    assertThat(SnapshotFormat.read(file).entries()).containsOnlyKeys("a", "b");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void failedWriteKeepsTheOldSnapshotAndRemovesItsTemporaryFile() throws IOException {
    KvStore good = new KvStore();
    good.set("a", new byte[] {1});
    Path file = dir.resolve("snap");
    SnapshotFormat.write(good, file);
    byte[] before = Files.readAllBytes(file);
    KvStore bad = new KvStore();
    bad.set("a", new byte[] {1});
    bad.set("lone \ud800 surrogate", new byte[] {2});

    assertThatThrownBy(() -> SnapshotFormat.write(bad, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void refusesToWriteAnEntryRevisionTheReaderWouldReject() {
    KvStore store = new KvStore();
    store.replaceAll(Map.of("a", new KvStore.Versioned(new byte[0], 0)), 5);

    assertThatThrownBy(() -> SnapshotFormat.write(store, dir.resolve("snap")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("revision 0, below 1");
  }

  @Test
  void unknownVersionIsNamed() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(8, 2);
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unsupported format version 2");
  }

  @Test
  void badMagicIsNamed() throws IOException {
    Path file = dir.resolve("not-a-snapshot");
    Files.write(file, "hello, this is some other kind of file".getBytes(UTF_8));

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bad magic");
  }

  @Test
  void emptyFileIsTruncated() throws IOException {
    Path file = Files.createFile(dir.resolve("empty"));

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated at byte 0");
  }

  @Test
  void metadataRoundTripsBesideTheEntries() throws IOException {
    KvStore store = new KvStore();
    store.set("k", new byte[] {1});
    Path file = dir.resolve("snap");
    SnapshotFormat.write(store, Map.of("node2", "127.0.0.1:8410", "node1", "127.0.0.1:8400"), file);

    SnapshotFormat.Snapshot read = SnapshotFormat.read(file);
    assertThat(read.metadata())
        .containsExactly(
            Map.entry("node1", "127.0.0.1:8400"), Map.entry("node2", "127.0.0.1:8410"));
    assertThat(read.entries()).containsOnlyKeys("k");
    assertThat(read.revision()).isEqualTo(1);
  }

  @Test
  void metadataIsCoveredByTheChecksum() throws IOException {
    Path file = dir.resolve("snap");
    SnapshotFormat.write(new KvStore(), Map.of("node1", "127.0.0.1:8400"), file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[SnapshotFormat.HEADER_BYTES + 4] ^= 0x20; // first byte of the name "node1"
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void checksumMismatchShowsBothValues() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    byte[] bytes = Files.readAllBytes(file);
    // Entry 0 is key "a" (length at 28, key at 32), then the value length at 33 and value at 37.
    bytes[37] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageMatching(".*checksum mismatch: expected 0x[0-9a-f]{8}, actual 0x[0-9a-f]{8}");
  }

  @Test
  void absurdLengthIsRejectedWithoutAllocatingIt() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(SnapshotFormat.HEADER_BYTES, Integer.MAX_VALUE - 8);
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("absurd key length " + (Integer.MAX_VALUE - 8));
  }

  @Test
  void entryCountMismatchIsReportedWhenTheChecksumStillMatches() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.putInt(bytes.length - 8, 99);
    SnapshotTesting.resealChecksum(bytes);
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("entry count mismatch: header says 3, trailer says 99");
  }

  @Test
  void keysOutOfOrderAreRejectedEvenWithAValidChecksum() throws IOException {
    KvStore store = new KvStore();
    store.set("a", new byte[0]);
    store.set("b", new byte[0]);
    Path file = dir.resolve("snap");
    SnapshotFormat.write(store, file);
    byte[] bytes = Files.readAllBytes(file);
    // Both keys are one byte long; swap them.
    int first = SnapshotFormat.HEADER_BYTES + 4;
    int second = first + 1 + 4 + 8 + 4;
    bytes[first] = 'b';
    bytes[second] = 'a';
    SnapshotTesting.resealChecksum(bytes);
    Files.write(file, bytes);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("entry 1 at byte " + (second - 4) + " is out of key order");
  }

  @Test
  void trailingGarbageIsRejected() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> SnapshotFormat.read(file))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void everySingleBitFlipIsDetectedAndLeavesTheStoreUnchanged() throws IOException {
    Path file = SnapshotTesting.writeSample(dir);
    byte[] original = Files.readAllBytes(file);
    KvStore target = new KvStore();
    target.set("survivor", new byte[] {42});
    Map<String, String> before = SnapshotTesting.contents(target);

    for (int position = 0; position < original.length; position++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bytes = original.clone();
        bytes[position] ^= (byte) (1 << bit);
        Files.write(file, bytes);
        assertThatThrownBy(() -> SnapshotFormat.load(file, target))
            .as("flip of bit %d at byte %d", bit, position)
            .isInstanceOf(CorruptSnapshotException.class)
            .hasMessageContaining(file.toString());
      }
    }
    assertThat(SnapshotTesting.contents(target)).isEqualTo(before);
    assertThat(target.revision()).isEqualTo(1);
  }

  @Test
  void missingFileIsAPlainNoSuchFileException() {
    Path file = dir.resolve("absent");

    assertThatThrownBy(() -> SnapshotFormat.read(file)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void snapshotEntriesAreReadOnly() throws IOException {
    Snapshot snapshot = SnapshotFormat.read(SnapshotTesting.writeSample(dir));

    assertThat(snapshot.entries().keySet()).isEqualTo(Set.of("a", "b", "c"));
    assertThatThrownBy(() -> snapshot.entries().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(snapshot.entries().keySet())).containsExactly("a", "b", "c");
  }
}
