package dev.mokv.server.raft;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who to tell when the leader or the Raft configuration changes. Run by the state machine on a
 * Ratis thread: listeners must not block, and one that throws does not keep the others from
 * hearing.
 */
final class RaftChangeListeners implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(RaftChangeListeners.class);

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  void add(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public void run() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("Raft change listener failed", e);
      }
    }
  }
}
