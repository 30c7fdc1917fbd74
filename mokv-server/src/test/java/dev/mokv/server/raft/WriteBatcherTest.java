package dev.mokv.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mokv.server.kv.KvStore;
import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Batching keeps per-command semantics: each caller gets its own result, in the order the commands
 * were applied; a failed batch fails each of its commands; nothing is stranded.
 */
@Timeout(60)
class WriteBatcherTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService raft = Executors.newSingleThreadExecutor();
  private final KvStore store = new KvStore();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    raft.shutdownNow();
  }

  /** Plays the leader: applies each batch in arrival order on one thread, like the apply thread. */
  private CompletableFuture<RaftClientReply> apply(Message message) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            CommandBatch batch = Commands.parseBatch(message.getContent());
            batchSizes.add(batch.getCommandsCount());
            CommandResults.Builder results = CommandResults.newBuilder();
            for (Command c : batch.getCommandsList()) {
              long revision =
                  c.hasSet()
                      ? store.set(c.getSet().getKey(), c.getSet().getValue().toByteArray())
                      : store.delete(c.getDelete().getKey()).revision();
              results.addResults(CommandResult.newBuilder().setRevision(revision));
            }
            return reply(Commands.toMessage(results.build()));
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        },
        CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS, raft));
  }

  @Test
  void concurrentCommands_eachGetTheirOwnResult_inApplyOrder_andAreBatched() throws Exception {
    WriteBatcher batcher = new WriteBatcher(this::apply, 2, 64, 1 << 20, TIMEOUT);
    int threads = 8;
    int perThread = 500;
    Map<Integer, List<Long>> revisionsByThread = new ConcurrentHashMap<>();
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      callers.execute(
          () -> {
            List<Long> mine = new CopyOnWriteArrayList<>();
            revisionsByThread.put(thread, mine);
            for (int i = 0; i < perThread; i++) {
              String key = "t" + thread + "-" + i;
              CompletableFuture<CommandResult> f =
                  batcher.submit(Commands.set(key, new byte[] {(byte) i}));
              all.add(f.thenAccept(r -> mine.add(r.getRevision())));
              // Every caller sees the revision its own command got in the store.
              all.add(
                  f.thenAccept(
                      r ->
                          assertThat(store.get(key).orElseThrow().revision())
                              .isLessThanOrEqualTo(r.getRevision())));
            }
          });
    }
    callers.shutdown();
    assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    List<Long> every = new ArrayList<>();
    revisionsByThread.values().forEach(every::addAll);
    assertThat(every).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(Collections.max(every)).isEqualTo((long) threads * perThread);
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      // One caller's commands are applied in the order it submitted them.
      List<Long> inSubmitOrder = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        inSubmitOrder.add(store.get(prefix + i).orElseThrow().revision());
      }
      assertThat(inSubmitOrder).isSorted();
    }
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0))
        .as("concurrent commands were coalesced")
        .isGreaterThan(1);
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0))
        .isLessThanOrEqualTo(64);
  }

  @Test
  void aLoneCommand_leavesAtOnce_inABatchOfOne() throws Exception {
    WriteBatcher batcher = new WriteBatcher(this::apply, 2, 64, 1 << 20, TIMEOUT);
    CommandResult result =
        batcher.submit(Commands.set("k", new byte[] {1})).get(5, TimeUnit.SECONDS);
    assertThat(result.getRevision()).isEqualTo(1);
    assertThat(batchSizes).containsExactly(1);
  }

  @Test
  void aFailedBatch_failsEachOfItsCommands_andLaterBatchesStillGo() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    WriteBatcher batcher =
        new WriteBatcher(
            m ->
                calls.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new java.io.IOException("no leader"))
                    : apply(m),
            1,
            64,
            1 << 20,
            TIMEOUT);
    CompletableFuture<CommandResult> first = batcher.submit(Commands.set("a", new byte[] {1}));
    assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no leader");
    assertThat(
            batcher
                .submit(Commands.set("b", new byte[] {1}))
                .get(5, TimeUnit.SECONDS)
                .getRevision())
        .isEqualTo(1);
  }

  @Test
  void aResultCountMismatch_failsTheBatch_insteadOfMisattributingResults() {
    WriteBatcher batcher =
        new WriteBatcher(
            m ->
                CompletableFuture.completedFuture(
                    reply(Commands.toMessage(CommandResults.getDefaultInstance()))),
            1,
            64,
            1 << 20,
            TIMEOUT);
    assertThatThrownBy(
            () -> batcher.submit(Commands.set("a", new byte[] {1})).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("got 0 results");
  }

  @Test
  void batchesRespectTheByteBound_butALargeCommandStillGoesAlone() throws Exception {
    WriteBatcher batcher = new WriteBatcher(this::apply, 1, 512, 1024, TIMEOUT);
    Random random = new Random(42);
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(batcher.submit(Commands.set("k" + i, new byte[300 + random.nextInt(100)])));
    }
    futures.add(batcher.submit(Commands.set("big", new byte[4096])));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(batchSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
    assertThat(store.size()).isEqualTo(51);
  }

  private static RaftClientReply reply(Message message) {
    return RaftClientReply.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftGroupMemberId.valueOf(RaftPeerId.valueOf("n1"), RaftGroupId.randomId()))
        .setCallId(1)
        .setSuccess(true)
        .setMessage(message)
        .build();
  }

  @Test
  void aBatchThatIsNeverAnswered_timesOut_andFreesItsPlaceForLaterBatches() throws Exception {
    // Regression: a batch stuck in Ratis (retrying against a leader that is gone) used to keep its
    // place in flight for good, so every later write on the node waited behind it.
    AtomicInteger calls = new AtomicInteger();
    WriteBatcher batcher =
        new WriteBatcher(
            m -> calls.incrementAndGet() == 1 ? new CompletableFuture<>() : apply(m),
            1,
            64,
            1 << 20,
            Duration.ofMillis(200));
    CompletableFuture<CommandResult> stuck = batcher.submit(Commands.set("a", new byte[] {1}));
    // Its caller waits longer than the batch timeout: the place frees up before its deadline.
    CompletableFuture<CommandResult> later =
        batcher.submit(Commands.set("b", new byte[] {1}), TIMEOUT);
    assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(later.get(5, TimeUnit.SECONDS).getRevision()).isEqualTo(1);
  }

  @Test
  void aCommandWhoseDeadlinePassesInTheQueue_failsAsNotSent_andIsNeverHandedToRaft()
      throws Exception {
    List<String> sentKeys = new CopyOnWriteArrayList<>();
    CompletableFuture<RaftClientReply> stuck = new CompletableFuture<>();
    WriteBatcher batcher =
        new WriteBatcher(
            m -> {
              sentKeys.addAll(keysOf(m));
              return sentKeys.size() == 1 ? stuck : apply(m);
            },
            1,
            64,
            1 << 20,
            TIMEOUT);
    CompletableFuture<CommandResult> first = batcher.submit(Commands.set("first", new byte[] {1}));
    CompletableFuture<CommandResult> late =
        batcher.submit(Commands.set("late", new byte[] {1}), Duration.ofMillis(100));
    assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(QueuedWriteExpiredException.class)
        .hasMessageContaining("will not be applied");
    assertThat(batcher.queued()).isZero();
    assertThat(batcher.queuedBytes()).isZero();
    assertThat(batcher.expired()).isEqualTo(1);

    // The place in flight frees up: the expired command must not leave with the next batch.
    stuck.complete(reply(Commands.toMessage(results(1))));
    assertThat(first.get(5, TimeUnit.SECONDS).getRevision()).isEqualTo(1);
    CompletableFuture<CommandResult> next = batcher.submit(Commands.set("next", new byte[] {1}));
    assertThat(next.get(5, TimeUnit.SECONDS).getRevision()).isEqualTo(1);
    assertThat(sentKeys).containsExactly("first", "next");
    assertThat(store.get("late")).isEmpty();
  }

  @Test
  void aCommandWhoseDeadlinePassesAfterItWasSent_failsWithItsOutcomeUnknown() {
    WriteBatcher batcher =
        new WriteBatcher(m -> new CompletableFuture<>(), 1, 64, 1 << 20, TIMEOUT);
    CompletableFuture<CommandResult> sent =
        batcher.submit(Commands.set("a", new byte[] {1}), Duration.ofMillis(100));
    assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseExactlyInstanceOf(TimeoutException.class)
        .hasMessageContaining("outcome unknown");
    assertThat(batcher.expired()).isZero();
  }

  @Test
  void theQueueIsBoundedInBytes_refusingWhatWouldPassTheBound_butALargeCommandFitsAnEmptyQueue()
      throws Exception {
    WriteBatcher batcher =
        new WriteBatcher(m -> new CompletableFuture<>(), 1, 64, 1 << 20, 1000, TIMEOUT);
    batcher.submit(Commands.set("in-flight", new byte[600]));
    CompletableFuture<CommandResult> queued =
        batcher.submit(Commands.set("queued", new byte[600]), Duration.ofMillis(300));
    long bytes = batcher.queuedBytes();
    assertThat(bytes).isGreaterThan(600);

    CompletableFuture<CommandResult> refused =
        batcher.submit(Commands.set("refused", new byte[600]));
    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join)
        .hasCauseInstanceOf(WriteQueueFullException.class)
        .hasMessageContaining("write queue is full")
        .hasMessageContaining("limit 1000");
    assertThat(batcher.queuedBytes()).isEqualTo(bytes);
    assertThat(batcher.refused()).isEqualTo(1);

    // Once the queued command has expired the queue is empty, and one command over the bound fits.
    assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(QueuedWriteExpiredException.class);
    CompletableFuture<CommandResult> large = batcher.submit(Commands.set("large", new byte[5000]));
    assertThat(large).isNotDone();
    assertThat(batcher.queuedBytes()).isGreaterThan(5000);
  }

  private static List<String> keysOf(Message message) {
    try {
      return Commands.parseBatch(message.getContent()).getCommandsList().stream()
          .map(c -> c.getSet().getKey())
          .toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CommandResults results(long revision) {
    return CommandResults.newBuilder()
        .addResults(CommandResult.newBuilder().setRevision(revision))
        .build();
  }
}
