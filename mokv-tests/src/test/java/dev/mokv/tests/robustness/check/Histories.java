package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import dev.mokv.tests.robustness.history.Operation.Outcome;
import java.util.Optional;

/**
 * Short constructors for hand-built histories on key {@code "k"}; times are plain numbers. A {@code
 * null} read value means the key was missing.
 */
final class Histories {

  static final String KEY = "k";

  private Histories() {}

  static Operation set(int client, String value, long invoke, long complete) {
    return Operation.set(client, KEY, value, invoke, complete, Outcome.OK);
  }

  static Operation setUnknown(int client, String value, long invoke, long complete) {
    return Operation.set(client, KEY, value, invoke, complete, Outcome.UNKNOWN);
  }

  static Operation setFailed(int client, String value, long invoke, long complete) {
    return Operation.set(client, KEY, value, invoke, complete, Outcome.FAILED);
  }

  static Operation delete(int client, long invoke, long complete) {
    return Operation.delete(client, KEY, invoke, complete, Outcome.OK);
  }

  static Operation deleteUnknown(int client, long invoke, long complete) {
    return Operation.delete(client, KEY, invoke, complete, Outcome.UNKNOWN);
  }

  static Operation get(int client, String read, long invoke, long complete) {
    return Operation.get(client, KEY, Optional.ofNullable(read), invoke, complete, Outcome.OK);
  }

  static Operation getUnknown(int client, long invoke, long complete) {
    return Operation.get(client, KEY, Optional.empty(), invoke, complete, Outcome.UNKNOWN);
  }

  static Operation staleGet(int client, String node, String read, long invoke, long complete) {
    return Operation.staleGet(
        client, KEY, node, Optional.ofNullable(read), invoke, complete, Outcome.OK);
  }
}
