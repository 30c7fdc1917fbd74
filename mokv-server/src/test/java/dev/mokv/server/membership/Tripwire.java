package dev.mokv.server.membership;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for a deserialization gadget: a class on the classpath whose {@code readObject} has a side
 * effect. Counts how often an instance was deserialized; the gossip port must never do it.
 */
final class Tripwire implements Serializable {

  static final AtomicInteger TRIPPED = new AtomicInteger();

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    TRIPPED.incrementAndGet();
  }
}
