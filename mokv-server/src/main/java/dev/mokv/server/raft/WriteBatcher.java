package dev.mokv.server.raft;

import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Bounded queue: the commands waiting for room in flight are bounded in bytes ({@code
 * maxQueuedBytes}); beyond it a command is refused at once with a {@link WriteQueueFullException}
 * (a single command larger than the bound is still taken when the queue is empty).
 *
 * <p>Deadlines: every command carries its caller's deadline. A command still queued when its
 * deadline passes is dropped and fails with a {@link QueuedWriteExpiredException}: it is never
 * handed to Raft afterwards, so a write reported failed this way is never applied. A command
 * already handed to Raft fails at its deadline with a {@link TimeoutException} (its outcome is
 * unknown: the entry may still commit). Which of the two happens is decided once, by whichever of
 * the dispatcher and the deadline claims the command first.
 *
 * <p>Liveness: a batch not answered within {@code batchTimeout} fails its commands with a {@link
 * TimeoutException} and frees its place in flight. Ratis may keep retrying a request against a
 * leader that is gone; without the bound a few such batches would stall every later write.
 */
final class WriteBatcher {

  private static final int QUEUED = 0;
  private static final int SENT = 1;
  private static final int EXPIRED = 2;

  /**
   * How often deadlines are checked while commands are queued or in flight: a command fails at most
   * this much after its deadline. One check for all commands, not a timer each: a timer per write
   * cost a scheduling, a cancellation and a wake-up of the timer thread for every write.
   */
  static final Duration DEADLINE_CHECK = Duration.ofMillis(20);

  /**
   * A batch handed to Raft, watched for deadlines until its reply. Equal only to itself: a list
   * would be hashed, command by command, when it enters and leaves the set of sent batches.
   */
  private static final class SentBatch {
    private final List<Pending> commands;

    SentBatch(List<Pending> commands) {
      this.commands = commands;
    }
  }

  /** One queued command and the caller waiting for its result. */
  private static final class Pending {
    private final int bytes;
    private final Duration timeout;
    private final long deadlineNanos;
    private final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    /** Cleared when the command expires, so a dropped command holds no memory while queued. */
    private volatile Command command;

    Pending(Command command, Duration timeout) {
      this.command = command;
      this.bytes = command.getSerializedSize();
      this.timeout = timeout;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    boolean overdue(long now) {
      return now - deadlineNanos >= 0;
    }
  }

  private final Function<Message, CompletableFuture<RaftClientReply>> sender;
  private final int maxInFlight;
  private final int maxCommands;
  private final int maxBytes;
  private final long maxQueuedBytes;
  private final Duration batchTimeout;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger queuedCommands = new AtomicInteger();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong batchesSent = new AtomicLong();
  private final AtomicLong commandsSent = new AtomicLong();
  private final Object dispatchLock = new Object();
  private final Set<SentBatch> sent = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean checkArmed = new AtomicBoolean();
  private final Executor checkTimer =
      CompletableFuture.delayedExecutor(DEADLINE_CHECK.toNanos(), TimeUnit.NANOSECONDS);

  /** A batcher whose queue is bounded in count only by its callers. */
  WriteBatcher(
      Function<Message, CompletableFuture<RaftClientReply>> sender,
      int maxInFlight,
      int maxCommands,
      int maxBytes,
      Duration batchTimeout) {
    this(sender, maxInFlight, maxCommands, maxBytes, Long.MAX_VALUE, batchTimeout);
  }

  WriteBatcher(
      Function<Message, CompletableFuture<RaftClientReply>> sender,
      int maxInFlight,
      int maxCommands,
      int maxBytes,
      long maxQueuedBytes,
      Duration batchTimeout) {
    this.sender = sender;
    this.maxInFlight = maxInFlight;
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
    this.maxQueuedBytes = maxQueuedBytes;
    this.batchTimeout = batchTimeout;
  }

  /** {@link #submit(Command, Duration)} with the batch timeout as the deadline. */
  CompletableFuture<CommandResult> submit(Command command) {
    return submit(command, batchTimeout);
  }

  /**
   * Queues {@code command}; completes with its result once its batch is committed and applied, or
   * fails: {@link WriteQueueFullException} at once (nothing queued), {@link
   * QueuedWriteExpiredException} when {@code timeout} passes before it is sent (it will never be
   * applied), {@link TimeoutException} when it passes after (outcome unknown), or the batch's
   * error.
   */
  CompletableFuture<CommandResult> submit(Command command, Duration timeout) {
    Pending pending = new Pending(command, timeout);
    if (!reserve(pending.bytes)) {
      refused.incrementAndGet();
      return CompletableFuture.failedFuture(
          new WriteQueueFullException(queuedBytes.get(), maxQueuedBytes));
    }
    queuedCommands.incrementAndGet();
    queue.add(pending);
    drain();
    armDeadlineCheck();
    return pending.result;
  }

  /** Counts {@code bytes} into the queue unless that would pass the bound of a non-empty queue. */
  private boolean reserve(int bytes) {
    while (true) {
      long current = queuedBytes.get();
      if (current > 0 && current + bytes > maxQueuedBytes) {
        return false;
      }
      if (queuedBytes.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  private void leaveQueue(Pending pending) {
    queuedBytes.addAndGet(-pending.bytes);
    queuedCommands.decrementAndGet();
  }

  /** Schedules a deadline check unless one is scheduled already. */
  private void armDeadlineCheck() {
    if (checkArmed.compareAndSet(false, true)) {
      checkTimer.execute(this::checkDeadlines);
    }
  }

  /**
   * Fails the commands whose deadline has passed: one still queued is dropped (known not written),
   * one already sent fails with its outcome unknown. Runs again while any command waits.
   */
  private void checkDeadlines() {
    checkArmed.set(false);
    long now = System.nanoTime();
    for (Pending pending : queue) {
      if (pending.overdue(now)) {
        onDeadline(pending);
      }
    }
    for (SentBatch batch : sent) {
      for (Pending pending : batch.commands) {
        if (!pending.result.isDone() && pending.overdue(now)) {
          onDeadline(pending);
        }
      }
    }
    if (!queue.isEmpty() || !sent.isEmpty()) {
      armDeadlineCheck();
    }
  }

  private void onDeadline(Pending pending) {
    if (pending.state.compareAndSet(QUEUED, EXPIRED)) {
      pending.command = null;
      leaveQueue(pending);
      expired.incrementAndGet();
      pending.result.completeExceptionally(new QueuedWriteExpiredException(pending.timeout));
    } else if (pending.state.get() == SENT) {
      pending.result.completeExceptionally(
          new TimeoutException(
              "no answer from Raft within " + pending.timeout.toMillis() + " ms; outcome unknown"));
    }
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
      batchesSent.incrementAndGet();
      commandsSent.addAndGet(batch.size());
      SentBatch watched = new SentBatch(batch);
      sent.add(watched);
      armDeadlineCheck(); // a check that just found nothing to watch may not have re-armed
      awaitReply(watched, reply);
    }
  }

  /**
   * The next batch from the head of the queue; expired commands are skipped. Only called under
   * {@code dispatchLock}, and what it returns is handed to Raft under the same hold.
   */
  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    Pending next;
    while (batch.size() < maxCommands && (next = queue.peek()) != null) {
      if (next.state.get() != QUEUED) {
        queue.poll(); // expired; the deadline already failed it and released its bytes
        continue;
      }
      if (!batch.isEmpty() && bytes + next.bytes > maxBytes) {
        break;
      }
      queue.poll(); // the one taker: the head is still next
      if (!next.state.compareAndSet(QUEUED, SENT)) {
        continue; // expired just now
      }
      leaveQueue(next);
      batch.add(next);
      bytes += next.bytes;
    }
    return batch;
  }

  private CompletableFuture<RaftClientReply> dispatch(List<Pending> batch) {
    CommandBatch.Builder entry = CommandBatch.newBuilder();
    batch.forEach(p -> entry.addCommands(p.command));
    try {
      // A copy, so the timeout does not complete a future that belongs to Ratis.
      return sender.apply(Commands.toMessage(entry.build())).copy();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void awaitReply(SentBatch batch, CompletableFuture<RaftClientReply> reply) {
    reply
        .orTimeout(batchTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, error) -> {
              try {
                complete(batch.commands, r, error);
              } finally {
                sent.remove(batch);
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
      batch.forEach(p -> p.result.completeExceptionally(cause));
      return;
    }
    CommandResults results;
    try {
      results = Commands.parseResults(reply.getMessage());
    } catch (IOException e) {
      batch.forEach(p -> p.result.completeExceptionally(e));
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
      batch.forEach(p -> p.result.completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result.complete(results.getResults(i));
    }
  }

  /** Commands waiting for room in flight (for metrics and tests). */
  int queued() {
    return queuedCommands.get();
  }

  /** Bytes of the commands waiting for room in flight. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Commands dropped from the queue because their deadline passed before they were sent. */
  long expired() {
    return expired.get();
  }

  /** Batches handed to Raft: each is one log entry. */
  long batchesSent() {
    return batchesSent.get();
  }

  /** Commands handed to Raft, in {@link #batchesSent()} batches: their ratio is commands/entry. */
  long commandsSent() {
    return commandsSent.get();
  }

  /** Commands refused because the queue was full. */
  long refused() {
    return refused.get();
  }
}
