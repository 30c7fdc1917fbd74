package dev.mokv.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DataDirCleanupTest {

  @TempDir Path dataDir;

  @Test
  void clean_keepsTheNewestLeftDir_andTheLiveData_removesOlderLeftDirsAndSnapshotTempFiles()
      throws Exception {
    Path oldest = Files.createDirectories(dataDir.resolve("c1.left-1000/current"));
    Path older = Files.createDirectories(dataDir.resolve("c2.left-2000"));
    Path newest = Files.createDirectories(dataDir.resolve("c2.left-3000"));
    Files.writeString(oldest.resolve("log_0-9"), "x");
    Path sm = Files.createDirectories(dataDir.resolve("c2/sm"));
    Path snapshot = Files.writeString(sm.resolve("snapshot.1_20"), "s");
    Path temp = Files.writeString(sm.resolve("snapshot.1_40.8812345.tmp"), "partial");
    Path other = Files.writeString(sm.resolve("notes.tmp"), "not ours");

    assertThat(DataDirCleanup.clean(dataDir))
        .containsExactlyInAnyOrder(dataDir.resolve("c1.left-1000"), older, temp);

    assertThat(dataDir.resolve("c1.left-1000")).doesNotExist();
    assertThat(older).doesNotExist();
    assertThat(temp).doesNotExist();
    assertThat(newest).isDirectory();
    assertThat(snapshot).exists();
    assertThat(other).exists();
    assertThat(DataDirCleanup.clean(dataDir)).isEmpty();
  }

  @Test
  void clean_ofAMissingDataDir_removesNothing() {
    assertThat(DataDirCleanup.clean(dataDir.resolve("absent"))).isEmpty();
  }
}
