package dev.mokv.server.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.SizeInBytes;

/**
 * Finds which Raft log segment file is damaged. Ratis refuses to start on a corrupt entry (good)
 * but does not say which file holds it; an operator needs the name. Only run after a failed start.
 */
final class LogSegmentCheck {

  /** Larger than any entry mökv writes (a value is at most 64 MiB plus framing). */
  private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf("128MB");

  /** Ratis's segment names: {@code log_<start>-<end>} (closed), {@code log_inprogress_<start>}. */
  private static final Pattern SEGMENT_NAME =
      Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");

  private LogSegmentCheck() {}

  /** The first segment under {@code dataDir} that does not read back cleanly, with the reason. */
  static Optional<String> findCorruptSegment(Path dataDir) {
    for (Path segment : segments(dataDir)) {
      LogSegmentPath path = LogSegmentPath.matchLogSegment(segment);
      if (path == null) {
        continue;
      }
      try {
        LogSegment.readSegmentFile(
            segment.toFile(),
            path.getStartEnd(),
            MAX_ENTRY,
            RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
            null,
            entry -> {});
      } catch (IOException | RuntimeException e) {
        return Optional.of("log segment " + segment + " is corrupt: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The lowest log index still on disk under {@code currentDir}, if any segment exists. */
  static Optional<Long> firstIndex(Path currentDir) {
    return segments(currentDir).stream()
        .map(p -> SEGMENT_NAME.matcher(p.getFileName().toString()))
        .filter(Matcher::matches)
        .map(m -> Long.parseLong(m.group(1)))
        .min(Long::compare);
  }

  private static List<Path> segments(Path dataDir) {
    List<Path> segments = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dataDir, 3)) {
      walk.filter(
              p ->
                  p.getParent() != null && p.getParent().getFileName().toString().equals("current"))
          .filter(p -> p.getFileName().toString().startsWith("log_"))
          .sorted()
          .forEach(segments::add);
    } catch (IOException e) {
      return List.of();
    }
    return segments;
  }
}
