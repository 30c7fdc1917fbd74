package dev.mokv.server.health;

import dev.mokv.server.raft.Consensus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Judges whether this node is ready to serve, from Ratis's view of it: see {@link ReadinessRule}.
 * Cheap enough to run several times a second.
 */
public final class RaftHealth {

  private final Consensus consensus;
  private final ReadinessRule rule;

  /**
   * @param electionTimeout the node's (minimum) election timeout, the unit of "recent contact"
   */
  public RaftHealth(Consensus consensus, Duration electionTimeout) {
    this.consensus = consensus;
    this.rule = new ReadinessRule(electionTimeout);
  }

  /** This node's readiness now. */
  public Readiness check() {
    RaftServer.Division division;
    try {
      division = consensus.division();
    } catch (IllegalStateException e) {
      return Readiness.notReady("Raft is not running");
    }
    return rule.evaluate(view(division));
  }

  private static ReadinessRule.View view(RaftServer.Division division) {
    DivisionInfo info = division.getInfo();
    RoleInfoProto role = info.getRoleInfoProto();
    Set<RaftPeerId> voters =
        division.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
            .map(RaftPeer::getId)
            .collect(Collectors.toSet());
    List<Long> voterContact = new ArrayList<>();
    long leaderContact = Long.MAX_VALUE;
    if (role.hasLeaderInfo()) {
      for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
        if (voters.contains(RaftPeerId.valueOf(follower.getId().getId()))) {
          voterContact.add(follower.getLastRpcElapsedTimeMs());
        }
      }
    } else if (role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()) {
      leaderContact = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
    }
    return new ReadinessRule.View(
        info.isAlive(),
        role(info.getCurrentRole()),
        info.getLeaderId() == null ? null : info.getLeaderId().toString(),
        leaderContact,
        voterContact,
        voters.size(),
        division.getRaftLog().getLastCommittedIndex(),
        info.getLastAppliedIndex());
  }

  private static ReadinessRule.Role role(RaftPeerRole role) {
    switch (role) {
      case LEADER:
        return ReadinessRule.Role.LEADER;
      case CANDIDATE:
        return ReadinessRule.Role.CANDIDATE;
      case LISTENER:
        return ReadinessRule.Role.LISTENER;
      default:
        return ReadinessRule.Role.FOLLOWER;
    }
  }
}
