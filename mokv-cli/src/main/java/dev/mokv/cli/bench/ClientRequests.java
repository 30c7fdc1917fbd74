package dev.mokv.cli.bench;

import dev.mokv.client.ClientOptions;
import dev.mokv.client.MokvClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The put, get and mixed workloads, sent through {@code --connections} {@link MokvClient}s, so that
 * they are routed as an application's requests are: writes to the leader, reads to the followers.
 * Slot {@code i} uses client {@code i % connections}.
 */
final class ClientRequests implements AutoCloseable {

  private final BenchSpec spec;
  private final List<MokvClient> clients;
  private final byte[] value;

  private ClientRequests(BenchSpec spec, List<MokvClient> clients) {
    this.spec = spec;
    this.clients = clients;
    this.value = value(spec.valueSize(), spec.seed());
  }

  /** Creates the clients; they connect in the background. */
  static ClientRequests connect(BenchSpec spec) {
    ClientOptions options =
        ClientOptions.builder()
            .endpoints(spec.endpoints())
            .timeout(spec.timeout())
            .readConsistency(spec.consistency())
            // As the ping channels do: the load generator's callbacks never block, and the
            // ratio to ping then compares the server work, not two client threading models.
            .directExecutor(true)
            .build();
    List<MokvClient> clients = new ArrayList<>();
    for (int i = 0; i < spec.connections(); i++) {
      clients.add(MokvClient.connect(options));
    }
    return new ClientRequests(spec, clients);
  }

  /** The run's workload: keys in order or drawn uniformly, reads at the run's consistency. */
  RequestSource workload() {
    AtomicLong next = new AtomicLong();
    return switch (spec.workload()) {
      case PUT -> slot -> put(slot, keyIndex(slot, next));
      case GET -> slot -> get(slot, keyIndex(slot, next));
      case MIXED ->
          slot ->
              slot.random().nextDouble() < spec.readRatio()
                  ? get(slot, keyIndex(slot, next))
                  : put(slot, keyIndex(slot, next));
      case PING -> throw new IllegalArgumentException("ping does not use the client");
    };
  }

  /** Sets every key of the key space once, in order: run it with a total of the key count. */
  RequestSource preload() {
    AtomicLong next = new AtomicLong();
    return slot -> put(slot, next.getAndIncrement());
  }

  private long keyIndex(Slot slot, AtomicLong next) {
    return spec.keys().sequential() ? next.getAndIncrement() : spec.keys().uniform(slot.random());
  }

  private CompletableFuture<Outcome> put(Slot slot, long index) {
    return client(slot).setAsync(spec.keys().key(index), value).thenApply(revision -> Outcome.OK);
  }

  private CompletableFuture<Outcome> get(Slot slot, long index) {
    return client(slot)
        .getAsync(spec.keys().key(index), spec.consistency())
        .thenApply(found -> found.isPresent() ? Outcome.OK : Outcome.NOT_FOUND);
  }

  private MokvClient client(Slot slot) {
    return clients.get(slot.index() % clients.size());
  }

  /** Printable bytes from the seed, so that a bench value reads sensibly in {@code mokv get}. */
  static byte[] value(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(26));
    }
    return bytes;
  }

  @Override
  public void close() {
    clients.forEach(MokvClient::close);
  }
}
