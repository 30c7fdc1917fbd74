package dev.mokv.server.raft;

import dev.mokv.server.kv.KvStore;
import dev.mokv.server.raft.proto.Command;
import dev.mokv.server.raft.proto.CommandBatch;
import dev.mokv.server.raft.proto.CommandResult;
import dev.mokv.server.raft.proto.CommandResults;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-command work on the write and read paths, without Raft or the network: encoding a batch
 * for the log, decoding and applying it (what the apply thread does per entry), and the store's get
 * and put.
 *
 * <p>Run: {@code ./mvnw -Pbench -pl mokv-bench -am package -DskipTests && java -jar
 * mokv-bench/target/benchmarks.jar HotPath}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {

  @Param({"1", "64"})
  int batchSize;

  private final Random random = new Random(42);
  private Command[] commands;
  private Message encoded;
  private KvStore store;
  private String[] keys;

  @Setup
  public void setUp() {
    keys = new String[10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = String.format("key-%08d", i);
    }
    byte[] value = new byte[256];
    random.nextBytes(value);
    commands = new Command[batchSize];
    for (int i = 0; i < batchSize; i++) {
      commands[i] = Commands.set(keys[random.nextInt(keys.length)], value);
    }
    encoded = encode();
    store = new KvStore();
    for (String key : keys) {
      store.set(key, value);
    }
  }

  /** Building the log entry of one batch (per batch; divide by batchSize for per command). */
  @Benchmark
  public Message encodeBatch() {
    return encode();
  }

  private Message encode() {
    CommandBatch.Builder batch = CommandBatch.newBuilder();
    for (Command c : commands) {
      batch.addCommands(c);
    }
    return Commands.toMessage(batch.build());
  }

  /** What the apply thread does with one entry: decode, apply every command, encode results. */
  @Benchmark
  public Message decodeAndApplyBatch() throws Exception {
    CommandBatch batch = Commands.parseBatch(encoded.getContent());
    CommandResults.Builder results = CommandResults.newBuilder();
    for (Command c : batch.getCommandsList()) {
      long revision = store.set(c.getSet().getKey(), c.getSet().getValue().toByteArray());
      results.addResults(CommandResult.newBuilder().setRevision(revision));
    }
    return Commands.toMessage(results.build());
  }

  /** A read served from the local store (a STALE read, or a LINEARIZABLE one after ReadIndex). */
  @Benchmark
  public void storeGet(Blackhole hole) {
    hole.consume(store.get(keys[random.nextInt(keys.length)]));
  }

  @Benchmark
  public long storePut() {
    return store.set(
        keys[random.nextInt(keys.length)], commands[0].getSet().getValue().toByteArray());
  }
}
