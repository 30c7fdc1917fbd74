package dev.mokv.tests.robustness.check;

import dev.mokv.tests.robustness.history.Operation;
import java.util.List;
import java.util.Optional;

/**
 * Why one key's history is not linearizable.
 *
 * @param key the key
 * @param operations a witness: operations of the key that, as recorded, admit no valid order, by
 *     invocation. Every other operation of the key was set aside by moves that cannot turn a
 *     linearizable history into a non-linearizable one (see {@code ViolationShrinker})
 * @param minimal whether no single operation can be set aside from {@code operations}; false when
 *     shrinking stopped at its budget
 * @param stuckAt the operation the search could not place: in the longest valid order it found, it
 *     had to take effect before it completed and could not
 * @param registerValue the register's value in that longest order at that point
 * @param statesExplored configurations the search of the whole key visited to find the violation
 * @param explanation all of the above as text
 */
public record Violation(
    String key,
    List<Operation> operations,
    boolean minimal,
    Operation stuckAt,
    Optional<String> registerValue,
    long statesExplored,
    String explanation) {

  public Violation {
    operations = List.copyOf(operations);
  }
}
