package dev.mokv.tests.robustness;

import dev.mokv.api.GetRequest;
import dev.mokv.api.KVGrpc;
import dev.mokv.api.ReadConsistency;
import dev.mokv.client.KeyValue;
import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import dev.mokv.tests.fault.FaultyCluster;
import dev.mokv.tests.robustness.history.HistoryRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent clients doing Get (linearizable and stale), Set and Delete on a few keys through the
 * real {@link MokvClient}, every operation recorded with its invoke and complete times and its
 * outcome, for the linearizability checker. Stale reads go straight to a chosen node, so the
 * history knows which node served them.
 */
final class RegisterWorkload {

  static final int KEYS = 4;

  private final FaultyCluster cluster;
  private final String keyPrefix;
  private final MokvClient client;
  private final HistoryRecorder recorder;
  private final int clients;
  private final long seed;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param keyPrefix makes this run's keys its own: the checker assumes every key starts absent, so
   *     runs on one cluster (a soak) must not share keys
   */
  RegisterWorkload(
      FaultyCluster cluster,
      String keyPrefix,
      MokvClient client,
      HistoryRecorder recorder,
      int clients,
      long seed) {
    this.cluster = cluster;
    this.keyPrefix = keyPrefix;
    this.client = client;
    this.recorder = recorder;
    this.clients = clients;
    this.seed = seed;
  }

  void start() {
    for (int id = 0; id < clients; id++) {
      int clientId = id;
      Thread t =
          new Thread(() -> run(clientId, new Random(seed + clientId)), "register-client-" + id);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  private void run(int clientId, Random random) {
    int sequence = 0;
    while (!stop.get()) {
      String key = keyPrefix + "r" + random.nextInt(KEYS);
      int dice = random.nextInt(100);
      if (dice < 40) {
        set(clientId, key, "c" + clientId + "-" + sequence++);
      } else if (dice < 48) {
        delete(clientId, key);
      } else if (dice < 85) {
        get(clientId, key);
      } else {
        List<String> names = cluster.names();
        staleGet(clientId, key, names.get(random.nextInt(names.size())));
      }
    }
  }

  private void set(int clientId, String key, String value) {
    HistoryRecorder.Handle h = recorder.invokeSet(clientId, key, value);
    try {
      client.set(key, value);
      recorder.ok(h);
    } catch (MokvException e) {
      writeFailed(h, e);
    }
  }

  private void delete(int clientId, String key) {
    HistoryRecorder.Handle h = recorder.invokeDelete(clientId, key);
    try {
      client.delete(key);
      recorder.ok(h);
    } catch (MokvException e) {
      writeFailed(h, e);
    }
  }

  private void writeFailed(HistoryRecorder.Handle h, MokvException e) {
    // Only an error that proves the write was never applied may be recorded as FAILED.
    if (e.isOutcomeUnknown()) {
      recorder.unknown(h);
    } else {
      recorder.fail(h);
    }
  }

  private void get(int clientId, String key) {
    HistoryRecorder.Handle h = recorder.invokeGet(clientId, key);
    try {
      Optional<KeyValue> found = client.get(key, dev.mokv.client.ReadConsistency.LINEARIZABLE);
      recorder.ok(h, found.map(KeyValue::valueAsString));
    } catch (MokvException e) {
      recorder.unknown(h);
    }
  }

  private void staleGet(int clientId, String key, String node) {
    HistoryRecorder.Handle h = recorder.invokeStaleGet(clientId, key, cluster.incarnation(node));
    try {
      String value =
          KVGrpc.newBlockingStub(cluster.channel(node))
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .get(
                  GetRequest.newBuilder().setKey(key).setConsistency(ReadConsistency.STALE).build())
              .getValue()
              .toStringUtf8();
      recorder.ok(h, Optional.of(value));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        recorder.ok(h, Optional.empty());
      } else {
        recorder.unknown(h);
      }
    } catch (RuntimeException e) {
      recorder.unknown(h);
    }
  }
}
