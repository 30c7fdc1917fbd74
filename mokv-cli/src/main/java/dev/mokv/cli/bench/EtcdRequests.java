package dev.mokv.cli.bench;

import com.google.protobuf.ByteString;
import dev.mokv.cli.etcdpb.KVGrpc;
import dev.mokv.cli.etcdpb.PutRequest;
import dev.mokv.cli.etcdpb.PutResponse;
import dev.mokv.cli.etcdpb.RangeRequest;
import dev.mokv.cli.etcdpb.RangeResponse;
import dev.mokv.client.ReadConsistency;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The put, get and mixed workloads against etcd's v3 gRPC API, with the same key space, values and
 * draws as {@link ClientRequests}: {@code put} is {@code KV.Put}, {@code get} is {@code KV.Range}
 * of one key, {@code serializable} for STALE and linearizable otherwise.
 *
 * <p>Reads go round-robin over {@code connections} plain channels to each endpoint. Puts go to the
 * leader's channels when {@link EtcdStatus} found one, as mökv's client sends writes to its leader
 * (an etcd follower would forward a put to the leader itself, at the price of an extra hop); else
 * round-robin as the reads. The channels complete calls on the transport threads ({@code
 * directExecutor}), as mökv's client does in the bench.
 */
final class EtcdRequests implements AutoCloseable {

  private final BenchSpec spec;
  private final List<ManagedChannel> channels;
  private final List<KVGrpc.KVStub> readStubs;
  private final List<KVGrpc.KVStub> writeStubs;
  private final ByteString value;
  private final AtomicLong nextRead = new AtomicLong();
  private final AtomicLong nextWrite = new AtomicLong();

  private EtcdRequests(
      BenchSpec spec,
      List<ManagedChannel> channels,
      List<KVGrpc.KVStub> readStubs,
      List<KVGrpc.KVStub> writeStubs) {
    this.spec = spec;
    this.channels = channels;
    this.readStubs = readStubs;
    this.writeStubs = writeStubs;
    this.value = ByteString.copyFrom(ClientRequests.value(spec.valueSize(), spec.seed()));
  }

  /**
   * Opens the channels.
   *
   * @param leader the endpoint puts go to, or null to send them round-robin
   */
  static EtcdRequests open(BenchSpec spec, String leader) {
    List<ManagedChannel> channels = new ArrayList<>();
    List<KVGrpc.KVStub> reads = new ArrayList<>();
    List<KVGrpc.KVStub> writes = new ArrayList<>();
    for (int i = 0; i < spec.connections(); i++) {
      for (String endpoint : spec.endpoints()) {
        ManagedChannel channel =
            Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create())
                .directExecutor()
                .build();
        channels.add(channel);
        KVGrpc.KVStub stub = KVGrpc.newStub(channel);
        reads.add(stub);
        if (leader == null || leader.equals(endpoint)) {
          writes.add(stub);
        }
      }
    }
    return new EtcdRequests(spec, channels, reads, writes);
  }

  /** The run's workload: keys in order or drawn uniformly, reads at the run's consistency. */
  RequestSource workload() {
    AtomicLong next = new AtomicLong();
    return switch (spec.workload()) {
      case PUT -> slot -> put(keyIndex(slot, next));
      case GET -> slot -> get(keyIndex(slot, next));
      case MIXED ->
          slot ->
              slot.random().nextDouble() < spec.readRatio()
                  ? get(keyIndex(slot, next))
                  : put(keyIndex(slot, next));
      case PING -> throw new IllegalArgumentException("ping does not use the etcd KV service");
    };
  }

  /** Puts every key of the key space once, in order: run it with a total of the key count. */
  RequestSource preload() {
    AtomicLong next = new AtomicLong();
    return slot -> put(next.getAndIncrement());
  }

  /** The Put of key {@code index}; what the bench sends for a {@code put}. */
  PutRequest putRequest(long index) {
    return PutRequest.newBuilder().setKey(key(index)).setValue(value).build();
  }

  /** The Range of key {@code index} at the run's consistency; what the bench sends for a get. */
  RangeRequest rangeRequest(long index) {
    return RangeRequest.newBuilder()
        .setKey(key(index))
        .setSerializable(spec.consistency() == ReadConsistency.STALE)
        .build();
  }

  private CompletableFuture<Outcome> put(long index) {
    KVGrpc.KVStub stub = pick(writeStubs, nextWrite);
    return UnaryCalls.call(
        (PutResponse r) -> Outcome.OK, observer -> deadline(stub).put(putRequest(index), observer));
  }

  private CompletableFuture<Outcome> get(long index) {
    KVGrpc.KVStub stub = pick(readStubs, nextRead);
    Function<RangeResponse, Outcome> outcome =
        r -> r.getKvsCount() > 0 ? Outcome.OK : Outcome.NOT_FOUND;
    return UnaryCalls.call(
        outcome, observer -> deadline(stub).range(rangeRequest(index), observer));
  }

  private KVGrpc.KVStub deadline(KVGrpc.KVStub stub) {
    return stub.withDeadlineAfter(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private ByteString key(long index) {
    return ByteString.copyFrom(spec.keys().key(index), StandardCharsets.UTF_8);
  }

  private long keyIndex(Slot slot, AtomicLong next) {
    return spec.keys().sequential() ? next.getAndIncrement() : spec.keys().uniform(slot.random());
  }

  private static <T> T pick(List<T> stubs, AtomicLong next) {
    return stubs.get((int) Math.floorMod(next.getAndIncrement(), (long) stubs.size()));
  }

  @Override
  public void close() {
    UnaryCalls.shutdown(channels);
  }
}
