package dev.mokv.server;

import dev.mokv.server.grpc.RpcServer;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.membership.VoterReconciler;
import dev.mokv.server.raft.Consensus;
import dev.mokv.server.raft.RaftStatus;
import java.util.List;
import java.util.Map;

/**
 * A read-only look inside a running node, for tests and diagnostics: what it has applied, its Raft
 * state, and what its gossip, reconciler and client port have seen. Every call reads the live
 * value; nothing here changes the node.
 *
 * <p>Kept apart from {@link MokvNode} so that the node's own API stays its lifecycle (start, leave,
 * stop) and the questions only tests ask live in one place.
 */
public final class NodeInspection {

  private final Consensus consensus;
  private final RpcServer rpc;
  private final Membership membership;
  private final VoterReconciler reconciler;
  private final GossipEventCounter gossipEvents;

  NodeInspection(
      Consensus consensus,
      RpcServer rpc,
      Membership membership,
      VoterReconciler reconciler,
      GossipEventCounter gossipEvents) {
    this.consensus = consensus;
    this.rpc = rpc;
    this.membership = membership;
    this.reconciler = reconciler;
    this.gossipEvents = gossipEvents;
  }

  /** This node's Raft state. */
  public RaftStatus raftStatus() {
    return consensus.status();
  }

  /** The store's revision as applied on this node. */
  public long revision() {
    return consensus.store().revision();
  }

  /** The number of keys as applied on this node. */
  public int keyCount() {
    return consensus.store().size();
  }

  /** Names of the voters in this node's view of the Raft configuration. */
  public List<String> voters() {
    return consensus.admin().voters();
  }

  /** Raft configuration entries applied since this process started (replayed ones included). */
  public long configurationChanges() {
    return consensus.configurationChanges();
  }

  /** Client calls this node answered, per full method name ({@code api.KV/Get}). */
  public Map<String, Long> requestCounts() {
    return rpc.requestCounts();
  }

  /** Gossip events this node has seen since it started, by type (JOINED, FAILED, ...). */
  public Map<String, Long> gossipEventCounts() {
    return gossipEvents.snapshot();
  }

  /** Servers this node's reconciler added to and removed from the Raft configuration. */
  public long reconcilerChanges() {
    return reconciler.added() + reconciler.removed();
  }

  /** The gossip address other members reach this node at. */
  public String gossipAddress() {
    return membership.gossipAddress();
  }
}
