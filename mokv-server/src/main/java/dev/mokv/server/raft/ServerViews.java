package dev.mokv.server.raft;

import dev.mokv.server.raft.Consensus.ServerView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * What this replica knows of the group and itself: the current configuration, the leader, the
 * client address each member published, and its own Raft status.
 */
final class ServerViews {

  private final RaftReplica replica;
  private final PublishedAddresses addresses;
  private final KvStateMachine stateMachine;

  ServerViews(RaftReplica replica, PublishedAddresses addresses, KvStateMachine stateMachine) {
    this.replica = replica;
    this.addresses = addresses;
    this.stateMachine = stateMachine;
  }

  /** The servers of the current Raft configuration, voters first, sorted by id. */
  List<ServerView> servers() {
    RaftServer.Division division = replica.division();
    Optional<String> leader = leaderId();
    List<ServerView> views = new ArrayList<>();
    Set<RaftPeerId> seen = new HashSet<>();
    addViews(
        views, seen, division.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER), leader, true);
    addViews(
        views, seen, division.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER), leader, false);
    views.sort((a, b) -> a.voter() != b.voter() ? (a.voter() ? -1 : 1) : a.id().compareTo(b.id()));
    return views;
  }

  private void addViews(
      List<ServerView> views,
      Set<RaftPeerId> seen,
      Collection<RaftPeer> peers,
      Optional<String> leader,
      boolean voter) {
    for (RaftPeer peer : peers) {
      if (seen.add(peer.getId())) {
        String id = peer.getId().toString();
        views.add(
            new ServerView(
                id,
                peer.getAddress(),
                addresses.rpcAddress(id),
                leader.map(id::equals).orElse(false),
                voter));
      }
    }
  }

  /** The current leader's id, if this node knows one. */
  Optional<String> leaderId() {
    RaftPeerId leader = replica.division().getInfo().getLeaderId();
    return Optional.ofNullable(leader).map(RaftPeerId::toString);
  }

  /** A point-in-time view of this replica's Raft state. */
  RaftStatus status() {
    RaftServer.Division division = replica.division();
    return new RaftStatus(
        division.getInfo().getCurrentRole().name(),
        division.getInfo().getCurrentTerm(),
        leaderId(),
        division.getRaftLog().getLastCommittedIndex(),
        division.getInfo().getLastAppliedIndex(),
        division.getRaftLog().getStartIndex(),
        stateMachine.snapshotIndex(),
        stateMachine.loadedFromSnapshot());
  }
}
