package dev.mokv.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a callback, so the node stops gracefully and the process exits 0 (a
 * JVM killed through its shutdown hooks would exit 143 or 130).
 */
final class Signals {

  private Signals() {}

  static void onTermination(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> action.run());
    }
  }
}
