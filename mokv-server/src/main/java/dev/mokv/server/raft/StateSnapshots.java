package dev.mokv.server.raft;

import dev.mokv.server.kv.CorruptSnapshotException;
import dev.mokv.server.kv.KvStore;
import dev.mokv.server.kv.SnapshotFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Finds, verifies, writes and loads the state machine's snapshot files ({@code snapshot.T_I} in the
 * group's {@code sm/} directory, Ratis's naming).
 *
 * <p>Unlike Ratis's own scan, which swallows I/O errors and reports "no snapshot", every problem
 * here is an exception naming the file: a node must never start empty on a damaged data-dir.
 */
final class StateSnapshots {

  private StateSnapshots() {}

  /** The newest snapshot in {@code dir}, verified against its MD5 file if there is one. */
  static SingleFileSnapshotInfo findLatest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    Path latest = null;
    long latestTerm = -1;
    long latestIndex = -1;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher m = SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(file.getFileName().toString());
        if (m.matches()) {
          long index = Long.parseLong(m.group(2));
          if (index > latestIndex) {
            latest = file;
            latestTerm = Long.parseLong(m.group(1));
            latestIndex = index;
          }
        }
      }
    }
    if (latest == null) {
      return null;
    }
    MD5Hash md5 = null;
    if (Files.exists(MD5FileUtil.getDigestFileForFile(latest.toFile()).toPath())) {
      md5 = MD5FileUtil.readStoredMd5ForFile(latest.toFile());
      MD5Hash actual = MD5FileUtil.computeMd5ForFile(latest.toFile());
      if (!md5.equals(actual)) {
        throw new CorruptSnapshotException(
            latest, "MD5 mismatch: expected " + md5 + ", computed " + actual);
      }
    }
    return new SingleFileSnapshotInfo(new FileInfo(latest, md5), latestTerm, latestIndex);
  }

  static void write(KvStore store, PublishedAddresses members, Path file) throws IOException {
    SnapshotFormat.write(store, members.copy(), file);
  }

  /** Loads {@code file} into the store and directory; validates it whole before changing either. */
  static void load(Path file, KvStore store, PublishedAddresses members) throws IOException {
    SnapshotFormat.Snapshot snapshot = SnapshotFormat.read(file);
    Map<String, String> metadata = snapshot.metadata();
    store.replaceAll(snapshot.entries(), snapshot.revision());
    members.replaceAll(metadata);
  }
}
