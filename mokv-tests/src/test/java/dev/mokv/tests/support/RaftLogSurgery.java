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
      LogSegmentPath path = LogSegmentPath.matchLogSegment(segment);
      List<LogEntryProto> entries = new ArrayList<>();
      LogSegment.readSegmentFile(
          segment.toFile(),
          path.getStartEnd(),
          MAX_ENTRY,
          RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
          null,
          entries::add);
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
