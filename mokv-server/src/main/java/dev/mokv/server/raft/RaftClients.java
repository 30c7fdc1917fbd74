package dev.mokv.server.raft;

import dev.mokv.server.config.RaftOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicy;

/** Builds the Ratis clients a node uses to reach the group (the leader, or its own server). */
final class RaftClients {

  private RaftClients() {}

  static RaftClient create(
      RaftOptions config, GroupPlan plan, RaftProperties properties, RetryPolicy retryPolicy) {
    // The client must know this node even when it joins a group with no initial peers, so that
    // reads can be addressed to the local server.
    RaftPeerId selfId = RaftPeerId.valueOf(config.nodeName());
    List<RaftPeer> peers = new ArrayList<>(plan.peers());
    if (peers.stream().noneMatch(p -> p.getId().equals(selfId))) {
      peers.add(GroupPlan.peer(config.nodeName(), config.raftAddress().toString()));
    }
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setRaftGroup(RaftGroup.valueOf(plan.groupId(), peers))
        .setRetryPolicy(retryPolicy)
        .build();
  }
}
