package dev.mokv.server.membership;

import dev.mokv.server.raft.ClusterAdmin;
import java.util.Optional;

/**
 * Decides whether a gossip member speaks for the Raft voter of the same name.
 *
 * <p>Why it exists: gossip shows one member per node name, the newest process that claims it. A
 * second process started with a live voter's {@code node-name} at another address (a copied config
 * file) would otherwise be taken for a new incarnation of that voter, and its leave or failure
 * would remove the real voter. The rule: a member is the voter only if it advertises the client
 * address the voter published through the Raft log, or the voter's Raft address in the current
 * configuration. Both are needed: a voter added through gossip has published nothing yet right
 * after the add, and a voter of an {@code initial-cluster} may be named by a host in the
 * configuration that differs from the one it advertises.
 */
final class VoterIdentity {

  private VoterIdentity() {}

  /** Whether {@code member} is the voter {@code member.nodeName()} of {@code admin}'s cluster. */
  static boolean isTheVoter(Member member, ClusterAdmin admin) {
    String name = member.nodeName();
    Optional<String> published = admin.publishedRpcAddressOf(name);
    if (published.isPresent() && published.get().equals(member.rpcAddress())) {
      return true;
    }
    return admin.raftAddressOf(name).map(member.raftAddress()::equals).orElse(false);
  }
}
