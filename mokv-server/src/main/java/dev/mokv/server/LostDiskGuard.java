package dev.mokv.server;

import com.google.protobuf.Empty;
import dev.mokv.api.GetServersResponse;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.Server;
import dev.mokv.server.config.NodeConfig;
import dev.mokv.server.membership.Member;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.GroupPlan;
import dev.mokv.server.raft.LostLogWitness;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to join with an empty data-dir under the name of a server that is still in the cluster's
 * Raft configuration: its disk was lost (replaced, wiped), and it would otherwise serve as that
 * voter with a blank log, granting votes and counting towards commits with none of the entries it
 * once acknowledged.
 *
 * <p>A joiner asks the members gossip shows for the Raft configuration; a member of a fixed {@code
 * initial-cluster} asks its initial peers whether they have seen it commit entries ({@link
 * LostLogWitness}), since it cannot tell a lost disk from its first start by itself.
 *
 * <p>The operator removes the old server first ({@code mokv member remove NAME}, over {@code
 * Cluster.RemoveServer}); the node then joins as a new member and receives the data. It does not
 * remove itself: removing a voter shrinks the majority, and whether that is safe (are enough of the
 * other voters up to date?) is for the operator to judge, not for a process that knows nothing.
 */
final class LostDiskGuard {

  private static final Logger log = LoggerFactory.getLogger(LostDiskGuard.class);

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

  private LostDiskGuard() {}

  /**
   * Asks the live members of cluster {@code clusterId} for the Raft configuration.
   *
   * @throws IOException if one lists this node's name
   */
  static void requireNotAVoter(NodeConfig config, Membership membership, String clusterId)
      throws IOException {
    for (Member member : membership.members()) {
      if (member.nodeName().equals(config.nodeName()) || !member.clusterId().equals(clusterId)) {
        continue;
      }
      GetServersResponse answer;
      try {
        answer = ask(member.rpcAddress());
      } catch (StatusRuntimeException | IllegalArgumentException e) {
        log.debug("{} did not answer GetServers: {}", member.nodeName(), e.getMessage());
        continue;
      }
      for (Server server : answer.getServersList()) {
        if (server.getId().equals(config.nodeName())) {
          throw new IOException(
              "data-dir "
                  + config.dataDir()
                  + " is empty, but "
                  + config.nodeName()
                  + " is still a server of cluster "
                  + clusterId
                  + " (as "
                  + member.nodeName()
                  + " reports): its data was lost. Refusing to start as that server with a blank"
                  + " log. Remove the old server first, then start this node again to join as a new"
                  + " member: mokv member remove "
                  + config.nodeName()
                  + " --endpoints "
                  + member.rpcAddress());
        }
      }
      return; // one answer is the configuration as that member knows it
    }
  }

  /**
   * For a member of a fixed {@code initial-cluster} that starts with an empty data-dir: asks the
   * other initial members whether they have seen this node commit entries before (then this is not
   * its first start, its disk was lost).
   *
   * @throws IOException if one has
   */
  static void requireFirstStart(NodeConfig config, Membership membership, GroupPlan plan)
      throws IOException {
    Optional<String> witness = LostLogWitness.ask(plan, config.nodeName());
    if (witness.isEmpty()) {
      return;
    }
    String endpoint =
        membership.members().stream()
            .filter(m -> !m.nodeName().equals(config.nodeName()))
            .map(Member::rpcAddress)
            .findFirst()
            .orElse("HOST:RPC-PORT-OF-A-LIVE-MEMBER");
    throw new IOException(
        "data-dir "
            + config.dataDir()
            + " is empty, but "
            + witness.get()
            + ": this is not its first start, its data was lost. Refusing to start as that server"
            + " with a blank log. Remove the old server first, then start this node again to join"
            + " as a new member: mokv member remove "
            + config.nodeName()
            + " --endpoints "
            + endpoint);
  }

  private static GetServersResponse ask(String rpcAddress) {
    int colon = rpcAddress.lastIndexOf(':');
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                rpcAddress.substring(0, colon), Integer.parseInt(rpcAddress.substring(colon + 1)))
            .usePlaintext()
            .build();
    try {
      return KVGrpc.newBlockingStub(channel)
          .withDeadlineAfter(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .getServers(Empty.getDefaultInstance());
    } finally {
      channel.shutdownNow();
    }
  }
}
