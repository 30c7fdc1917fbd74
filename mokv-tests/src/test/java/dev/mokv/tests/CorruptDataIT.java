package dev.mokv.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.mokv.api.SetRequest;
import dev.mokv.tests.harness.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node whose data-dir is damaged refuses to start, naming the file; it never starts empty. */
@Timeout(120)
class CorruptDataIT {

  @TempDir Path root;

  @Test
  void when_snapshotHasAFlippedByte_then_nodeRefusesToStart_namingTheFile() throws Exception {
    try (TestCluster cluster = TestCluster.start(1, root, b -> b.snapshotThreshold(20))) {
      String node = writeKeys(cluster, 60);
      await("a snapshot")
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster.node(node).inspect().raftStatus().snapshotIndex() > 0);
      cluster.crash(node);

      Path snapshot = newest(files(root.resolve(node), "snapshot\\.\\d+_\\d+"));
      flipByte(snapshot, Files.size(snapshot) / 2);

      assertThatThrownBy(() -> cluster.startNode(node))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(snapshot.getFileName().toString());
    }
  }

  @Test
  void when_snapshotIsDeletedAfterLogPurge_then_nodeRefusesToStartInsteadOfStartingEmpty()
      throws Exception {
    try (TestCluster cluster =
        TestCluster.start(1, root, b -> b.snapshotThreshold(20).logSegmentSize(4 * 1024))) {
      String node = writeKeys(cluster, 200);
      await("log purged")
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster.node(node).inspect().raftStatus().logStartIndex() > 0);
      cluster.crash(node);

      for (Path snapshot : files(root.resolve(node), "snapshot\\.\\d+_\\d+(\\.md5)?")) {
        Files.delete(snapshot);
      }

      assertThatThrownBy(() -> cluster.startNode(node))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no snapshot");
    }
  }

  @Test
  void when_logSegmentHasAFlippedByte_then_nodeRefusesToStart_namingTheFile() throws Exception {
    try (TestCluster cluster = TestCluster.start(1, root)) {
      String node = writeKeys(cluster, 60);
      cluster.crash(node);

      Path segment = newest(files(root.resolve(node), "log_(inprogress_)?\\d+(-\\d+)?"));
      flipByte(segment, Files.size(segment) / 2);

      assertThatThrownBy(() -> cluster.startNode(node))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(segment.getFileName().toString());
    }
  }

  private static String writeKeys(TestCluster cluster, int count) {
    String node = cluster.awaitLeader();
    for (int i = 0; i < count; i++) {
      cluster
          .stub(node)
          .set(
              SetRequest.newBuilder()
                  .setKey("k" + i)
                  .setValue(ByteString.copyFromUtf8("value-" + i))
                  .build());
    }
    return node;
  }

  private static List<Path> files(Path dir, String nameRegex) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> found =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().matches(nameRegex))
              .toList();
      assertThat(found).as("files matching %s under %s", nameRegex, dir).isNotEmpty();
      return found;
    }
  }

  private static Path newest(List<Path> files) {
    return files.stream()
        .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
        .orElseThrow();
  }

  private static void flipByte(Path file, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) position] ^= 0x5a;
    Files.write(file, bytes);
  }
}
