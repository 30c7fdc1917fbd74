package dev.mokv.server.raft;

import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Group commit at the state-machine level: concurrent write commands are coalesced into one Raft
 * log entry (a {@link CommandBatch}), because each entry costs about the same CPU whatever it
 * carries.
 *
 * <p>No delay is added: a command is sent at once when fewer than {@code maxInFlight} batches are
 * in flight; otherwise it waits in the queue and leaves with the next batch, as soon as one
 * completes. Batches are bounded in commands and bytes. The state machine applies a batch's
 * commands in order, each with its own result, so every caller gets its own revision; a batch that
 * fails fails each of its commands with the same error.
 *
 * <p>Liveness: a batch not answered within {@code batchTimeout} fails its commands with a {@link
 * java.util.concurrent.TimeoutException} (their outcome is unknown: the entry may still commit) and
 * frees its place in flight. Ratis may keep retrying a request against a leader that is gone for
 * minutes; without the bound a few such batches would stall every later write.
 */
final class WriteBatcher {

  /** One queued command and the caller waiting for its result. */
  private record Pending(Command command, int bytes, CompletableFuture<CommandResult> result) {}

  private final Function<Message, CompletableFuture<RaftClientReply>> sender;
  private final int maxInFlight;
  private final int maxCommands;
  private final int maxBytes;
  private final Duration batchTimeout;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object dispatchLock = new Object();

  WriteBatcher(
      Function<Message, CompletableFuture<RaftClientReply>> sender,
      int maxInFlight,
      int maxCommands,
      int maxBytes,
      Duration batchTimeout) {
    this.sender = sender;
    this.maxInFlight = maxInFlight;
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
    this.batchTimeout = batchTimeout;
  }

  /** Queues {@code command}; completes with its result once its batch is committed and applied. */
  CompletableFuture<CommandResult> submit(Command command) {
    Pending pending = new Pending(command, command.getSerializedSize(), new CompletableFuture<>());
    queue.add(pending);
    drain();
    return pending.result();
  }

  /**
   * Sends batches while there is room in flight. Called after every submit and after every
   * completed batch, so a queued command is never stranded.
   */
  private void drain() {
    while (!queue.isEmpty()) {
      int current = inFlight.get();
      if (current >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(current, current + 1)) {
        continue;
      }
      List<Pending> batch;
      CompletableFuture<RaftClientReply> reply;
      // Taking a batch and handing it to Raft happen together, so batches enter the log in the
      // order their commands were queued: one caller's pipelined writes apply in its order.
      synchronized (dispatchLock) {
        batch = take();
        reply = batch.isEmpty() ? null : dispatch(batch);
      }
      if (reply == null) {
        inFlight.decrementAndGet();
        continue;
      }
      awaitReply(batch, reply);
    }
  }

  /** The next batch from the head of the queue. Only called under {@code dispatchLock}. */
  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    Pending next;
    while (batch.size() < maxCommands && (next = queue.peek()) != null) {
      if (!batch.isEmpty() && bytes + next.bytes() > maxBytes) {
        break;
      }
      queue.poll(); // the one taker: the head is still next
      batch.add(next);
      bytes += next.bytes();
    }
    return batch;
  }

  private CompletableFuture<RaftClientReply> dispatch(List<Pending> batch) {
    CommandBatch.Builder entry = CommandBatch.newBuilder();
    batch.forEach(p -> entry.addCommands(p.command()));
    try {
      // A copy, so the timeout does not complete a future that belongs to Ratis.
      return sender.apply(Commands.toMessage(entry.build())).copy();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void awaitReply(List<Pending> batch, CompletableFuture<RaftClientReply> reply) {
    reply
        .orTimeout(batchTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, error) -> {
              try {
                complete(batch, r, error);
              } finally {
                inFlight.decrementAndGet();
                drain();
              }
            });
  }

  private static void complete(List<Pending> batch, RaftClientReply reply, Throwable error) {
    if (error == null) {
      try {
        RaftReplies.requireSuccess(reply);
      } catch (CompletionException e) {
        error = e;
      }
    }
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException ? error : new CompletionException(error);
      batch.forEach(p -> p.result().completeExceptionally(cause));
      return;
    }
    CommandResults results;
    try {
      results = Commands.parseResults(reply.getMessage());
    } catch (IOException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    if (results.getResultsCount() != batch.size()) {
      IllegalStateException e =
          new IllegalStateException(
              "batch of "
                  + batch.size()
                  + " commands got "
                  + results.getResultsCount()
                  + " results");
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.getResults(i));
    }
  }

  /** Commands waiting for room in flight (for metrics and tests). */
  int queued() {
    return queue.size();
  }
}
