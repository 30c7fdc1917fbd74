package dev.mokv.server.raft;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Asks the other members of the Raft configuration, over their Raft ports, whether they are in
 * touch with a leader. Evidence that the cluster serves while this node is out of touch; used
 * rarely, so each query opens and closes its own client.
 */
final class PeerLeaderQuery {

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
    return PeerGroupInfo.firstAnswer(
        group, peers, self, (peer, reply) -> sighting(peer, reply, self, recent));
  }

  private static Optional<Sighting> sighting(
      RaftPeerId peer, GroupInfoReply reply, RaftPeerId self, Duration recent) {
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
