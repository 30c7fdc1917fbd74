package dev.mokv.server.raft;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;

/**
 * Asks the other peers of a Raft group, one after the other over their Raft ports, for their group
 * info (role, leader, configuration, commit indices). Used rarely, so each round opens and closes
 * its own client; a peer that does not answer within two seconds is skipped.
 */
final class PeerGroupInfo {

  private static final Duration PER_PEER = Duration.ofSeconds(2);

  private PeerGroupInfo() {}

  /**
   * The first answer that {@code read} makes something of, asking every peer but {@code self} in
   * turn; empty if none does (unreachable peers are no evidence either way).
   */
  static <T> Optional<T> firstAnswer(
      RaftGroupId group,
      Collection<RaftPeer> peers,
      RaftPeerId self,
      BiFunction<RaftPeerId, GroupInfoReply, Optional<T>> read) {
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
        GroupInfoReply reply;
        try {
          reply = client.getGroupManagementApi(peer.getId()).info(group);
        } catch (IOException | RuntimeException e) {
          continue; // down, or not started yet
        }
        Optional<T> answer = read.apply(peer.getId(), reply);
        if (answer.isPresent()) {
          return answer;
        }
      }
    } catch (IOException e) {
      // closing the client failed; the answers are already in
    }
    return Optional.empty();
  }
}
