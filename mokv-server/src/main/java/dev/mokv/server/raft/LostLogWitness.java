package dev.mokv.server.raft;

import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Asks the other members of a fixed {@code initial-cluster}, over their Raft ports, whether they
 * have seen this node commit entries before. A member starting with an empty data-dir cannot tell
 * by itself whether this is its first start or its disk was lost; its peers can: each Raft server
 * keeps the highest commit index it has heard of every peer (a leader from the peer's replies, a
 * follower from the leader), and it only grows.
 *
 * <p>Why it matters beyond safety: a Ratis leader keeps the match index of a follower for as long
 * as it leads. A follower that comes back with a blank log answers every append with "inconsistent,
 * send from index 0", and the leader answers with the entries after the old match index again, for
 * ever: the blank follower never catches up and flaps between "leader known" and "leader unknown".
 */
public final class LostLogWitness {

  private LostLogWitness() {}

  /**
   * The first peer of {@code plan} that still counts {@code self} as a server of the cluster and
   * has seen it commit entries, with what it saw; empty if no peer answers so (a first start, or no
   * peer reachable).
   */
  public static Optional<String> ask(GroupPlan plan, String self) {
    RaftPeerId selfId = RaftPeerId.valueOf(self);
    return PeerGroupInfo.firstAnswer(
        plan.groupId(), plan.peers(), selfId, (peer, reply) -> sawCommit(peer, reply, selfId));
  }

  private static Optional<String> sawCommit(
      RaftPeerId peer, GroupInfoReply reply, RaftPeerId self) {
    if (reply.getGroup() == null || reply.getGroup().getPeer(self) == null) {
      return Optional.empty(); // removed from the configuration: it may come back as a new member
    }
    for (CommitInfoProto info : reply.getCommitInfos()) {
      if (info.getServer().getId().toStringUtf8().equals(self.toString())
          && info.getCommitIndex() > 0) {
        return Optional.of(
            peer + " has seen " + self + " commit up to index " + info.getCommitIndex());
      }
    }
    return Optional.empty();
  }
}
