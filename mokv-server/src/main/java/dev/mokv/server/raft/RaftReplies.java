package dev.mokv.server.raft;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.RaftClientReply;

/** The one check of a Ratis reply: a reply that is not a success is a failure with its cause. */
final class RaftReplies {

  private RaftReplies() {}

  /**
   * Returns {@code reply} if it succeeded; otherwise throws a {@link CompletionException} carrying
   * the reply's exception, or an {@link IOException} naming the reply when Ratis gave none.
   */
  static RaftClientReply requireSuccess(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      Exception e = reply.getException();
      throw new CompletionException(
          e != null ? e : new IOException("Raft request failed: " + reply));
    }
    return reply;
  }
}
