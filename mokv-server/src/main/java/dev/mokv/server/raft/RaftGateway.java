package dev.mokv.server.raft;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;

/**
 * The node's way into Raft: routes each request to the server that must run it. Writes go to this
 * node's own Raft server while it leads, else to the leader; ReadIndex rounds run on this node.
 *
 * <p>Requests for the own server are handed to it in-process, instead of through a Ratis client and
 * a loopback gRPC connection to itself: two serializations and two transport passes fewer per
 * batch, and no client sliding window for a request to wait in behind a request that is stuck.
 *
 * <p>Writes take the in-process path only while the node leads; on a follower they go through the
 * {@link RenewingRaftClient}, which forwards them to the leader. A write the local server turns
 * down as "leader not ready" (a leader elected a moment ago) was not appended, so it goes through
 * the client, which retries until the leader is ready. Any other failure is final: a "not leader"
 * reply can also mean the entry was appended before the node stepped down, and resending it could
 * apply it twice.
 *
 * <p>Linearizable reads always take this path first: the local server runs ReadIndex itself, with
 * the leader when it is a follower.
 *
 * <p>Replies are completed on a small executor of their own rather than on Ratis's apply thread,
 * which must not spend its time answering hundreds of callers.
 */
final class RaftGateway implements Closeable {

  private final RaftReplica replica;
  private final RenewingRaftClient client;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final ExecutorService replies;

  RaftGateway(RaftReplica replica, RenewingRaftClient client) {
    this.replica = replica;
    this.client = client;
    RaftPeerId selfId = replica.selfId();
    AtomicInteger threads = new AtomicInteger();
    this.replies =
        Executors.newFixedThreadPool(
            2,
            r -> {
              String name = "mokv-raft-replies-" + selfId + "-" + threads.incrementAndGet();
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** A write: in-process while this node leads, else through the client to the leader. */
  CompletableFuture<RaftClientReply> write(Message message) {
    if (!replica.isLeader()) {
      return client.send(message);
    }
    return submit(message, RaftClientRequest.writeRequestType())
        .thenCompose(
            reply ->
                reply.getException() instanceof LeaderNotReadyException
                    ? client.send(message)
                    : CompletableFuture.completedFuture(reply));
  }

  /**
   * One ReadIndex round on this node's own Raft server (leader or follower): completes once this
   * node has applied every write committed before the round began, fails if the round failed.
   */
  CompletableFuture<RaftClientReply> readIndex() {
    return readOnly(Commands.barrier()).thenApply(RaftReplies::requireSuccess);
  }

  /**
   * A linearizable read-only query (ReadIndex, then the state machine's query) on this node. A read
   * changes nothing, so one the local server cannot serve now (no leader yet, an election) is
   * safely sent again through the client, which retries it for the request timeout.
   */
  private CompletableFuture<RaftClientReply> readOnly(Message message) {
    return submit(message, RaftClientRequest.readRequestType())
        .handle(
            (reply, error) ->
                error == null && reply.isSuccess()
                    ? CompletableFuture.completedFuture(reply)
                    : client.readOnly(message, replica.selfId()))
        .thenCompose(f -> f);
  }

  private CompletableFuture<RaftClientReply> submit(Message message, RaftClientRequest.Type type) {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(replica.selfId())
            .setGroupId(replica.groupId())
            .setCallId(callIds.incrementAndGet())
            .setMessage(message)
            .setType(type)
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = replica.server().submitClientRequestAsync(request);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // Only a change of thread: whatever waits on the reply runs on the reply executor.
    return reply.whenCompleteAsync((r, e) -> {}, replies);
  }

  @Override
  public void close() {
    replies.shutdownNow();
  }
}
