package dev.mokv.server.raft;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Ratis client, replaced when Ratis closes it.
 *
 * <p>Ratis closes a client whose request ran out of retries (no leader for a whole retry policy, as
 * a joiner sees before it is added), and every later request through it fails. A new client takes
 * its place, so the node serves again once a leader appears.
 */
final class RenewingRaftClient implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(RenewingRaftClient.class);

  private final Supplier<RaftClient> factory;
  private volatile RaftClient client;
  private boolean closed;

  RenewingRaftClient(Supplier<RaftClient> factory) {
    this.factory = factory;
    this.client = factory.get();
  }

  /** A write, routed to the leader by Ratis. */
  CompletableFuture<RaftClientReply> send(Message message) {
    RaftClient used = client;
    return renewIfClosed(used, used.async().send(message));
  }

  /** A read-only request served by {@code server} (ReadIndex, then the state machine's query). */
  CompletableFuture<RaftClientReply> readOnly(Message message, RaftPeerId server) {
    RaftClient used = client;
    return renewIfClosed(used, used.async().sendReadOnlyUnordered(message, server));
  }

  private <T> CompletableFuture<T> renewIfClosed(RaftClient used, CompletableFuture<T> request) {
    return request.whenComplete(
        (result, error) -> {
          if (error != null && isClientClosed(error)) {
            renew(used);
          }
        });
  }

  private static boolean isClientClosed(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof AlreadyClosedException;
  }

  private synchronized void renew(RaftClient broken) {
    if (closed || client != broken) {
      return;
    }
    client = factory.get();
    try {
      broken.close();
    } catch (IOException e) {
      log.debug("Closing the replaced Raft client failed", e);
    }
    log.info("Replaced the Raft client after Ratis closed it");
  }

  @Override
  public void close() throws IOException {
    RaftClient last;
    synchronized (this) {
      closed = true;
      last = client;
    }
    last.close();
  }
}
