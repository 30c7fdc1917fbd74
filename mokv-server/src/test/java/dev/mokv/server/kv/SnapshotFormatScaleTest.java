package dev.mokv.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.kv.SnapshotFormat.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million entries of 100-byte values, the size the format is meant to handle in a few seconds.
 * The timeout is generous on purpose (shared CI machines); the printed times are what to watch.
 */
class SnapshotFormatScaleTest {

  private static final int ENTRIES = 1_000_000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void millionEntriesRoundTrip() throws IOException {
    KvStore store = new KvStore();
    for (int i = 0; i < ENTRIES; i++) {
      byte[] value = new byte[100];
      value[0] = (byte) i;
      value[99] = (byte) (i >>> 8);
      store.set(String.format("key-%08d", i), value);
    }
    Path file = dir.resolve("big.snap");

    long start = System.nanoTime();
    SnapshotFormat.write(store, file);
    long written = System.nanoTime();
    Snapshot snapshot = SnapshotFormat.read(file);
    long read = System.nanoTime();
    System.out.printf(
        "snapshot of %d entries, %d bytes: write %d ms, read %d ms%n",
        ENTRIES, Files.size(file), (written - start) / 1_000_000, (read - written) / 1_000_000);

    assertThat(snapshot.revision()).isEqualTo(ENTRIES);
    assertThat(snapshot.entries()).hasSize(ENTRIES);
    assertThat(snapshot.entries().firstKey()).isEqualTo("key-00000000");
    KvStore.Versioned last = snapshot.entries().get(String.format("key-%08d", ENTRIES - 1));
    assertThat(last.revision()).isEqualTo(ENTRIES);
    assertThat(last.value()[0]).isEqualTo((byte) (ENTRIES - 1));
    assertThat(last.value()[99]).isEqualTo((byte) ((ENTRIES - 1) >>> 8));
  }
}
