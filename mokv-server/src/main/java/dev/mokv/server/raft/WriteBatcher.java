package dev.mokv.server.raft;

import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * commands in order, each with its own result, so every caller gets its own revision; a batch
 * that fails fails each of its commands with the same error.
 */
final class WriteBatcher {

  /** One queued command and the caller waiting for its result. */
  private record Pending(Command command, int bytes, CompletableFuture<CommandResult> result) {}

  private final Function<Message, CompletableFuture<RaftClientReply>> sender;
  private final int maxInFlight;
  private final int maxCommands;
  private final int maxBytes;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  WriteBatcher(
      Function<Message, CompletableFuture<RaftClientReply>> sender,
      int maxInFlight,
      int maxCommands,
      int maxBytes) {
    this.sender = sender;
    this.maxInFlight = maxInFlight;
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
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
      List<Pending> batch = take();
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      send(batch);
    }
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    Pending next;
    while (batch.size() < maxCommands && (next = queue.peek()) != null) {
      if (!batch.isEmpty() && bytes + next.bytes() > maxBytes) {
        break;
      }
      if (queue.remove(next)) {
        batch.add(next);
        bytes += next.bytes();
      }
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    CommandBatch.Builder entry = CommandBatch.newBuilder();
    batch.forEach(p -> entry.addCommands(p.command()));
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = sender.apply(Commands.toMessage(entry.build()));
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
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
    if (error == null && !reply.isSuccess()) {
      error = reply.getException() != null ? reply.getException() : new IOException("Raft request failed");
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error : new CompletionException(error);
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
              "batch of " + batch.size() + " commands got " + results.getResultsCount() + " results");
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
