package dev.mokv.tests.support;

import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;

/**
 * Damages a stopped node's Raft log the way a software bug would, not the way a bad disk does: one
 * entry's command bytes are replaced by bytes that do not decode, and the segment is written again
 * with valid checksums, so Ratis loads it without complaint and only the state machine can notice.
 */
public final class RaftLogSurgery {

  private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf("128MB");

  private RaftLogSurgery() {}

  /**
   * Replaces the command bytes of the log entry under {@code dataDir} that sets {@code key} with as
   * many 0xFF bytes (a protobuf tag that never ends); returns the entry's log index.
   */
  public static long garbleEntrySetting(Path dataDir, String key) throws IOException {
    for (Path segment : segments(dataDir)) {
      List<LogEntryProto> entries = readEntries(segment);
      for (int i = 0; i < entries.size(); i++) {
        LogEntryProto entry = entries.get(i);
        if (entry.hasStateMachineLogEntry() && sets(entry, key)) {
          entries.set(i, garbled(entry));
          rewrite(segment, entries);
          return entry.getIndex();
        }
      }
    }
    throw new IllegalStateException("no log entry under " + dataDir + " sets " + key);
  }

  /** Drops the last {@code count} entries of the open log segment under {@code dataDir}. */
  private static long dropLastEntries(Path dataDir, int count) throws IOException {
    Path open = openSegment(dataDir);
    List<LogEntryProto> entries = readEntries(open);
    if (entries.size() <= count) {
      throw new IllegalStateException(
          "the open segment "
              + open
              + " holds "
              + entries.size()
              + " entries, not more than "
              + count);
    }
    List<LogEntryProto> kept = entries.subList(0, entries.size() - count);
    rewrite(open, kept);
    return kept.get(kept.size() - 1).getIndex();
  }

  /**
   * Rolls a stopped node's disk back to its older snapshot, as a disk that lost the writes it had
   * confirmed since then would: the log entries after that snapshot's index and the newer snapshots
   * go. Returns the older snapshot's index, which is then the last index the node holds.
   */
  public static long loseWritesAfterOlderSnapshot(Path dataDir) throws IOException {
    List<Long> indices = new ArrayList<>();
    for (Path file : snapshotFiles(dataDir)) {
      Matcher m = SNAPSHOT.matcher(file.getFileName().toString());
      if (m.matches() && m.group(2) == null) {
        indices.add(Long.parseLong(m.group(1)));
      }
    }
    indices.sort(null);
    if (indices.size() < 2) {
      throw new IllegalStateException("fewer than two snapshots under " + dataDir + ": " + indices);
    }
    long older = indices.get(indices.size() - 2);
    long last = lastEntryIndex(dataDir);
    dropLastEntries(dataDir, Math.toIntExact(last - older));
    for (Path file : snapshotFiles(dataDir)) {
      Matcher m = SNAPSHOT.matcher(file.getFileName().toString());
      if (m.matches() && Long.parseLong(m.group(1)) > older) {
        Files.delete(file);
      }
    }
    return older;
  }

  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.\\d+_(\\d+)(\\.md5)?");

  private static List<Path> snapshotFiles(Path dataDir) throws IOException {
    try (Stream<Path> walk = Files.walk(dataDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches())
          .toList();
    }
  }

  private static long lastEntryIndex(Path dataDir) throws IOException {
    List<LogEntryProto> entries = readEntries(openSegment(dataDir));
    return entries.get(entries.size() - 1).getIndex();
  }

  private static List<LogEntryProto> readEntries(Path segment) throws IOException {
    List<LogEntryProto> entries = new ArrayList<>();
    LogSegment.readSegmentFile(
        segment.toFile(),
        LogSegmentPath.matchLogSegment(segment).getStartEnd(),
        MAX_ENTRY,
        RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
        null,
        entries::add);
    return entries;
  }

  private static Path openSegment(Path dataDir) throws IOException {
    return segments(dataDir).stream()
        .filter(p -> p.getFileName().toString().startsWith("log_inprogress_"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no open log segment under " + dataDir));
  }

  /** Deletes the state machine's snapshots (and their MD5 files) under {@code dataDir}. */
  public static void deleteSnapshots(Path dataDir) throws IOException {
    try (Stream<Path> walk = Files.walk(dataDir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().matches("snapshot\\.\\d+_\\d+(\\.md5)?")) {
          Files.delete(file);
        }
      }
    }
  }

  private static boolean sets(LogEntryProto entry, String key) throws IOException {
    byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
    return CommandBatch.parseFrom(data).getCommandsList().stream()
        .filter(Command::hasSet)
        .anyMatch(c -> c.getSet().getKey().equals(key));
  }

  private static LogEntryProto garbled(LogEntryProto entry) {
    byte[] garbage = new byte[entry.getStateMachineLogEntry().getLogData().size()];
    Arrays.fill(garbage, (byte) 0xFF);
    return entry.toBuilder()
        .setStateMachineLogEntry(
            entry.getStateMachineLogEntry().toBuilder().setLogData(ByteString.copyFrom(garbage)))
        .build();
  }

  private static void rewrite(Path segment, List<LogEntryProto> entries) throws IOException {
    Path temp = segment.resolveSibling(segment.getFileName() + ".rewrite");
    try (SegmentedRaftLogOutputStream out =
        new SegmentedRaftLogOutputStream(
            temp.toFile(), false, Long.MAX_VALUE, 0, ByteBuffer.allocateDirect(1024 * 1024))) {
      for (LogEntryProto entry : entries) {
        out.write(entry);
      }
    }
    Files.move(temp, segment, StandardCopyOption.REPLACE_EXISTING);
  }

  private static List<Path> segments(Path dataDir) throws IOException {
    try (Stream<Path> walk = Files.walk(dataDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getParent().getFileName().toString().equals("current"))
          .filter(p -> LogSegmentPath.matchLogSegment(p) != null)
          .sorted()
          .toList();
    }
  }
}
