package dev.mokv.tests.robustness;

import dev.mokv.client.MokvClient;
import dev.mokv.client.MokvException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes keys that are never written again, one after the other, and remembers which were
 * acknowledged: after the scenario every one of them must be on every node ("nothing lost").
 */
final class UniqueWritesWorkload {

  private final String prefix;
  private final MokvClient client;
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private Thread thread;

  /**
   * @param prefix makes this run's keys its own, so that they are never written again
   */
  UniqueWritesWorkload(String prefix, MokvClient client) {
    this.prefix = prefix + "u-";
    this.client = client;
  }

  void start() {
    thread =
        new Thread(
            () -> {
              for (long i = 0; !stop.get(); i++) {
                String key = prefix + i;
                try {
                  client.set(key, "w" + i);
                  acknowledged.add(key);
                } catch (MokvException e) {
                  failed.incrementAndGet();
                }
              }
            },
            "unique-writes");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    stop.set(true);
    thread.join(30_000);
  }

  List<String> acknowledged() {
    return List.copyOf(acknowledged);
  }

  long failed() {
    return failed.get();
  }
}
