package dev.mokv.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The note a data-dir keeps of the cluster it belongs to: {@code <data-dir>/mokv-node.json}, with
 * the cluster id and the node name. It is written when a node first serves a cluster and stays when
 * the Raft data is moved aside after a leave, so that a {@code bootstrap} node can tell a data-dir
 * that never belonged to a cluster (it may create one) from one whose cluster data is gone (it must
 * not: that would silently start a second, empty cluster beside the real one).
 *
 * @param clusterId the Raft group id of the cluster
 * @param nodeName the node's name in it
 */
record ClusterMarker(String clusterId, String nodeName) {

  /** The marker's file name inside the data-dir. */
  static final String FILE_NAME = "mokv-node.json";

  private static final Pattern FORMAT =
      Pattern.compile(
          "\\s*\\{\\s*\"cluster-id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"\\s*,"
              + "\\s*\"node-name\"\\s*:\\s*\"([A-Za-z0-9._-]{1,63})\"\\s*}\\s*");

  ClusterMarker {
    UUID.fromString(clusterId); // a Raft group id; throws IllegalArgumentException if not
  }

  /**
   * Reads the marker of {@code dataDir}, if it has one.
   *
   * @throws IOException if the file exists but cannot be read or is not a marker; the node must not
   *     guess whether its data-dir belonged to a cluster
   */
  static Optional<ClusterMarker> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Matcher m = FORMAT.matcher(text);
    try {
      if (m.matches()) {
        return Optional.of(new ClusterMarker(m.group(1).toLowerCase(), m.group(2)));
      }
    } catch (IllegalArgumentException e) {
      // an impossible UUID: reported below as a damaged file
    }
    throw new IOException(
        file
            + " is damaged: expected {\"cluster-id\": \"<uuid>\", \"node-name\": \"<name>\"};"
            + " it records which cluster this data-dir belongs to, so the node refuses to start"
            + " without it (restore it, or write it back with the cluster id in the Raft data's"
            + " directory name)");
  }

  /**
   * Writes the marker into {@code dataDir} durably: a temporary file, fsynced, renamed over the old
   * one, so a crash leaves the old marker or the new one, never half a file.
   */
  void write(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    Path temp = dataDir.resolve(FILE_NAME + ".tmp");
    String json = "{\"cluster-id\": \"" + clusterId + "\", \"node-name\": \"" + nodeName + "\"}\n";
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
