package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.server.config.HostPort;
import dev.mokv.server.config.RaftOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto.AppendResult;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.proto.RaftProtos.TermIndexProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower with mökv's Raft settings acknowledges only entries it has written.
 *
 * <p>The leader's half is played by the test, so the follower sees exactly what a leader whose
 * stream broke sends: entries, then the same entries again from the same first index with more
 * behind them, while the first append may still be being written. Ratis's "compose" append path
 * answered the second request when the first append finished, without writing the entries only the
 * second carried, and acknowledged them. The leader then counted them as replicated (a write could
 * commit on fewer nodes than it appeared to), and, its match index for the follower now past the
 * follower's log, probed it above its end for ever: the follower never caught up (the soak's
 * "Leader is unknown" follower, docs/architecture.md).
 */
@Timeout(60)
class FollowerAppendTest {

  private static final long TERM = 1;
  private static final int FIRST_SENT = 5;
  private static final int RESENT = 40;
  private static final int ROUNDS = 20;

  @TempDir Path dataDir;

  @Test
  void entriesResentWithMoreBehindThem_areWrittenBeforeTheyAreAcknowledged() throws Exception {
    RaftPeer leader = peer("leader");
    RaftPeer follower = peer("follower");
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), leader, follower);
    RaftOptions options =
        new RaftOptions(
            "follower",
            dataDir,
            HostPort.parse(follower.getAddress()),
            new HostPort("127.0.0.1", freePort()),
            Duration.ofSeconds(30), // no election while the test plays the leader
            Duration.ofSeconds(5),
            1_000_000,
            8L * 1024 * 1024);
    try (RaftServer server =
        RaftServer.newBuilder()
            .setServerId(follower.getId())
            .setGroup(group)
            .setStateMachine(new BaseStateMachine())
            .setProperties(RaftSettings.server(options))
            .setOption(RaftStorage.StartupOption.FORMAT)
            .build()) {
      server.start();
      long next = 0;
      long callId = 0;
      for (int round = 0; round < ROUNDS; round++) {
        AppendEntriesRequestProto first =
            append(group, leader, follower, ++callId, next, FIRST_SENT);
        AppendEntriesRequestProto resent = append(group, leader, follower, ++callId, next, RESENT);
        CompletableFuture<AppendEntriesReplyProto> firstReply = server.appendEntriesAsync(first);
        AppendEntriesReplyProto reply = server.appendEntriesAsync(resent).get(30, TimeUnit.SECONDS);
        firstReply.get(30, TimeUnit.SECONDS);

        long lastSent = next + RESENT - 1;
        assertThat(reply.getResult()).as("round %d", round).isEqualTo(AppendResult.SUCCESS);
        assertThat(reply.getMatchIndex()).as("round %d", round).isEqualTo(lastSent);
        long written =
            server.getDivision(group.getGroupId()).getRaftLog().getLastEntryTermIndex().getIndex();
        assertThat(written)
            .as(
                "round %d: last entry in the follower's log after it acknowledged %d",
                round, lastSent)
            .isEqualTo(lastSent);
        next = lastSent + 1;
      }
    }
  }

  /** An append of {@code count} entries from index {@code from}, as the leader would send it. */
  private static AppendEntriesRequestProto append(
      RaftGroup group, RaftPeer leader, RaftPeer follower, long callId, long from, int count) {
    AppendEntriesRequestProto.Builder request =
        AppendEntriesRequestProto.newBuilder()
            .setServerRequest(
                RaftRpcRequestProto.newBuilder()
                    .setRequestorId(leader.getId().toByteString())
                    .setReplyId(follower.getId().toByteString())
                    .setRaftGroupId(
                        RaftGroupIdProto.newBuilder().setId(group.getGroupId().toByteString()))
                    .setCallId(callId))
            .setLeaderTerm(TERM)
            .setLeaderCommit(-1);
    if (from > 0) {
      request.setPreviousLog(TermIndexProto.newBuilder().setTerm(TERM).setIndex(from - 1));
    }
    List<LogEntryProto> entries = new ArrayList<>();
    for (long index = from; index < from + count; index++) {
      entries.add(
          LogEntryProto.newBuilder()
              .setTerm(TERM)
              .setIndex(index)
              .setStateMachineLogEntry(
                  StateMachineLogEntryProto.newBuilder()
                      .setClientId(ClientId.randomId().toByteString())
                      .setCallId(index)
                      .setLogData(ByteString.copyFromUtf8("entry " + index)))
              .build());
    }
    return request.addAllEntries(entries).build();
  }

  private static RaftPeer peer(String name) throws IOException {
    return RaftPeer.newBuilder()
        .setId(RaftPeerId.valueOf(name))
        .setAddress("127.0.0.1:" + freePort())
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
