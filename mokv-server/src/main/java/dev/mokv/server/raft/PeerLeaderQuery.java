package dev.mokv.server.raft;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;

/**
 * Asks the other members of the Raft configuration, over their Raft ports, whether they are in
 * touch with a leader. Evidence that the cluster serves while this node is out of touch; used
 * rarely, so each query opens and closes its own client.
 */
final class PeerLeaderQuery {

  private static final Duration PER_PEER = Duration.ofSeconds(2);

  /** A peer's answer: it leads, or follows a leader it heard from recently. */
  record Sighting(String peer, String leader, long leaderContactMillis) {
    @Override
    public String toString() {
      return peer.equals(leader)
          ? peer + " leads"
          : peer + " follows leader " + leader + " (heard " + leaderContactMillis + " ms ago)";
    }
  }

  private PeerLeaderQuery() {}

  /**
   * The first peer that is in touch with a leader other than {@code self}, heard from within {@code
   * recent}; empty if none answers so.
   */
  static Optional<Sighting> ask(
      RaftGroupId group, Collection<RaftPeer> peers, RaftPeerId self, Duration recent) {
    List<RaftPeer> others = peers.stream().filter(p -> !p.getId().equals(self)).toList();
    if (others.isEmpty()) {
      return Optional.empty();
    }
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, RaftSettings.millis(PER_PEER));
    try (RaftClient client =
        RaftClient.newBuilder()
            .setProperties(properties)
            .setRaftGroup(RaftGroup.valueOf(group, others))
            .setRetryPolicy(RetryPolicies.noRetry())
            .build()) {
      for (RaftPeer peer : others) {
        Optional<Sighting> sighting = ask(client, group, peer.getId(), self, recent);
        if (sighting.isPresent()) {
          return sighting;
        }
      }
    } catch (IOException e) {
      // closing the client failed; the answers are already in
    }
    return Optional.empty();
  }

  private static Optional<Sighting> ask(
      RaftClient client, RaftGroupId group, RaftPeerId peer, RaftPeerId self, Duration recent) {
    GroupInfoReply reply;
    try {
      reply = client.getGroupManagementApi(peer).info(group);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreachable peers are no evidence either way
    }
    RoleInfoProto role = reply.getRoleInfoProto();
    if (role == null) {
      return Optional.empty();
    }
    String name = peer.toString();
    if (role.hasLeaderInfo()) {
      return Optional.of(new Sighting(name, name, 0));
    }
    if (role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()) {
      String leader = role.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8();
      long contact = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
      if (!leader.isEmpty() && !leader.equals(self.toString()) && contact <= recent.toMillis()) {
        return Optional.of(new Sighting(name, leader, contact));
      }
    }
    return Optional.empty();
  }
}
