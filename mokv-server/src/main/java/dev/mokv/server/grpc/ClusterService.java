package dev.mokv.server.grpc;

import com.google.protobuf.Empty;
import dev.mokv.api.ClusterGrpc;
import dev.mokv.api.LeaveRequest;
import dev.mokv.api.LeaveResponse;
import dev.mokv.api.Member;
import dev.mokv.api.MembersResponse;
import dev.mokv.api.RemoveServerRequest;
import dev.mokv.api.RemoveServerResponse;
import dev.mokv.api.TransferLeadershipRequest;
import dev.mokv.api.TransferLeadershipResponse;
import dev.mokv.server.membership.Membership;
import dev.mokv.server.raft.Consensus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The {@code api.Cluster} service: the operator's view and levers on membership. Changes block on
 * the Raft leader, so they run on {@code blocking}, never on a gRPC transport thread.
 */
final class ClusterService extends ClusterGrpc.ClusterImplBase {

  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(10);

  private final Consensus consensus;
  private final Membership membership;
  private final Executor blocking;
  private volatile LeaveAction leaveAction =
      () -> {
        throw new IllegalStateException("the node is still starting");
      };

  ClusterService(Consensus consensus, Membership membership, Executor blocking) {
    this.consensus = consensus;
    this.membership = membership;
    this.blocking = blocking;
  }

  @Override
  public void members(Empty request, StreamObserver<MembersResponse> response) {
    Map<String, Member.Builder> byName = new TreeMap<>();
    for (dev.mokv.server.membership.Member m : membership.members()) {
      byName
          .computeIfAbsent(m.nodeName(), n -> Member.newBuilder().setName(n).setRaftRole("NONE"))
          .setRpcAddr(m.rpcAddress())
          .setRaftAddr(m.raftAddress())
          .setGossipStatus(m.status().name());
    }
    for (Consensus.ServerView s : consensus.servers()) {
      Member.Builder b =
          byName.computeIfAbsent(
              s.id(), n -> Member.newBuilder().setName(n).setGossipStatus("ABSENT"));
      b.setRaftRole(s.voter() ? "VOTER" : "LEARNER").setIsLeader(s.leader());
      b.setRaftAddr(s.raftAddress());
      s.rpcAddress().ifPresent(b::setRpcAddr);
    }
    MembersResponse.Builder out = MembersResponse.newBuilder().setClusterId(consensus.clusterId());
    byName.values().forEach(out::addMembers);
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void removeServer(
      RemoveServerRequest request, StreamObserver<RemoveServerResponse> response) {
    String name = request.getName();
    if (name.isEmpty()) {
      response.onError(ServerErrors.invalidArgument("name must not be empty"));
      return;
    }
    boolean alive =
        membership.members().stream()
            .anyMatch(
                m ->
                    m.nodeName().equals(name)
                        && m.status() == dev.mokv.server.membership.Member.Status.ALIVE);
    if (alive) {
      // The leader would add it straight back: gossip says it is a live member.
      response.onError(
          Status.FAILED_PRECONDITION
              .withDescription(
                  name
                      + " is alive; ask it to leave instead (mokv leave --endpoints <its client"
                      + " address>), or stop it first")
              .asRuntimeException());
      return;
    }
    blocking.execute(
        () -> {
          try {
            boolean removed = consensus.admin().remove(name);
            response.onNext(RemoveServerResponse.newBuilder().setRemoved(removed).build());
            response.onCompleted();
          } catch (IOException e) {
            response.onError(
                Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
          }
        });
  }

  /** Sets what a {@code Leave} call does; until then it fails as the node is starting. */
  void onLeave(LeaveAction action) {
    this.leaveAction = action;
  }

  @Override
  public void leave(LeaveRequest request, StreamObserver<LeaveResponse> response) {
    blocking.execute(
        () -> {
          try {
            String name = leaveAction.leave();
            response.onNext(LeaveResponse.newBuilder().setName(name).build());
            response.onCompleted();
          } catch (IllegalStateException e) {
            response.onError(
                Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
          } catch (IOException e) {
            response.onError(
                Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
          }
        });
  }

  @Override
  public void transferLeadership(
      TransferLeadershipRequest request, StreamObserver<TransferLeadershipResponse> response) {
    Optional<String> target =
        request.getName().isEmpty() ? Optional.empty() : Optional.of(request.getName());
    if (target.isPresent() && !consensus.admin().voters().contains(target.get())) {
      response.onError(
          ServerErrors.invalidArgument(target.get() + " is not a voter of this cluster"));
      return;
    }
    blocking.execute(
        () -> {
          try {
            String leader = consensus.admin().transferLeadership(target, TRANSFER_TIMEOUT);
            response.onNext(TransferLeadershipResponse.newBuilder().setLeader(leader).build());
            response.onCompleted();
          } catch (IOException e) {
            response.onError(
                Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
          }
        });
  }
}
