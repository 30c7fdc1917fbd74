package dev.mokv.server.kv;

import dev.mokv.server.kv.KvStore.Versioned;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/** Helpers shared by the snapshot tests. */
final class SnapshotTesting {

  private SnapshotTesting() {}

  /**
   * The store's entries as comparable text ({@code Versioned} holds an array, whose equals is
   * identity), in key order: key to "revision:hex value".
   */
  static Map<String, String> contents(KvStore store) {
    Map<String, String> contents = new TreeMap<>();
    store.iterator().forEachRemaining(e -> contents.put(e.getKey(), describe(e.getValue())));
    return contents;
  }

  static Map<String, String> contents(Map<String, Versioned> entries) {
    Map<String, String> contents = new TreeMap<>();
    entries.forEach((k, v) -> contents.put(k, describe(v)));
    return contents;
  }

  /** Writes a three-entry snapshot ("a", "b", "c") into {@code dir} and returns its path. */
  static Path writeSample(Path dir) throws IOException {
    KvStore store = new KvStore();
    store.set("c", new byte[] {3, 3, 3});
    store.set("a", new byte[] {1});
    store.set("b", new byte[0]);
    store.set("a", new byte[] {1, 1});
    Path file = dir.resolve("sample.snap");
    SnapshotFormat.write(store, file);
    return file;
  }

  /** Recomputes the trailing CRC32C, to build files that are wrong but correctly checksummed. */
  static void resealChecksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
  }

  private static String describe(Versioned v) {
    return v.revision() + ":" + HexFormat.of().formatHex(v.value());
  }
}
