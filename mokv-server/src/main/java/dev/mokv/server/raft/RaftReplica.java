package dev.mokv.server.raft;

import dev.mokv.server.config.RaftOptions;
import java.io.Closeable;
import java.io.IOException;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;

/**
 * This node's replica of the Raft group: the Ratis {@link RaftServer} running the {@link
 * KvStateMachine}, from start to close.
 */
final class RaftReplica implements Closeable {

  private final RaftOptions config;
  private final RaftServer server;
  private final RaftGroup group;
  private final RaftPeerId selfId;

  RaftReplica(RaftOptions config, RaftGroup group, KvStateMachine stateMachine) throws IOException {
    this.config = config;
    this.group = group;
    this.selfId = RaftPeerId.valueOf(config.nodeName());
    this.server =
        RaftServer.newBuilder()
            .setServerId(selfId)
            .setGroup(group)
            .setProperties(RaftSettings.server(config))
            .setStateMachine(stateMachine)
            // FORMAT (the default) refuses an existing dir; RECOVER loads it or formats a new one.
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
  }

  /**
   * Starts the server; a failure names the corrupt file or the innermost cause. The caller closes
   * this replica when it fails.
   */
  void start() throws IOException {
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      throw StartupDiagnostics.startFailure(config.dataDir(), e);
    }
  }

  RaftServer server() {
    return server;
  }

  RaftGroupId groupId() {
    return group.getGroupId();
  }

  RaftPeerId selfId() {
    return selfId;
  }

  RaftServer.Division division() {
    try {
      return server.getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new IllegalStateException("Raft group " + group.getGroupId() + " is not running", e);
    }
  }

  boolean isLeader() {
    return division().getInfo().isLeader();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
