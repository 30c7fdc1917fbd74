package dev.mokv.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, when a node starts, what earlier runs left behind in its data-dir and nothing will ever
 * read again, with one log line per removal:
 *
 * <ul>
 *   <li>every {@code <cluster-id>.left-<millis>} directory (the Raft data of a cluster the node
 *       left) but the newest one, which is kept for inspection;
 *   <li>every temp file of an interrupted snapshot write ({@code snapshot.<term>_<index>.*.tmp} in
 *       a group's {@code sm} directory): a complete snapshot is renamed into place, so a temp file
 *       is never a snapshot.
 * </ul>
 *
 * A removal that fails is logged and the start goes on: leftovers cost space, not correctness.
 */
final class DataDirCleanup {

  private static final Logger log = LoggerFactory.getLogger(DataDirCleanup.class);

  private static final Pattern LEFT_DIR = Pattern.compile(".+\\.left-(\\d+)");
  private static final Pattern SNAPSHOT_TEMP = Pattern.compile("snapshot\\.\\d+_\\d+\\..*\\.tmp");

  private DataDirCleanup() {}

  /** Cleans {@code dataDir}; returns the paths removed. */
  static List<Path> clean(Path dataDir) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dataDir)) {
      return removed;
    }
    List<Path> left = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try (Stream<Path> children = Files.list(dataDir)) {
      for (Path child : children.toList()) {
        if (Files.isDirectory(child)
            && LEFT_DIR.matcher(child.getFileName().toString()).matches()) {
          left.add(child);
        } else if (Files.isDirectory(child.resolve("sm"))) {
          try (Stream<Path> sm = Files.list(child.resolve("sm"))) {
            sm.filter(p -> SNAPSHOT_TEMP.matcher(p.getFileName().toString()).matches())
                .forEach(temps::add);
          }
        }
      }
    } catch (IOException e) {
      log.warn("Could not look for leftovers in {}: {}", dataDir, e.getMessage());
      return removed;
    }
    left.sort(Comparator.comparingLong(DataDirCleanup::leftAt).reversed());
    for (Path old : left.subList(Math.min(1, left.size()), left.size())) {
      if (delete(old)) {
        log.info(
            "Removed {}: the data of a cluster this node left, older than {}", old, left.get(0));
        removed.add(old);
      }
    }
    for (Path temp : temps) {
      if (delete(temp)) {
        log.info("Removed {}: the temp file of an interrupted snapshot write", temp);
        removed.add(temp);
      }
    }
    return removed;
  }

  private static long leftAt(Path dir) {
    Matcher m = LEFT_DIR.matcher(dir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  private static boolean delete(Path path) {
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
      return true;
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", path, e.getMessage());
      return false;
    }
  }
}
