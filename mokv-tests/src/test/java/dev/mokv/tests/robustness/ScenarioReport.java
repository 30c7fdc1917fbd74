package dev.mokv.tests.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What one scenario did and found, written to {@code target/robustness/}.
 *
 * @param healToServiceMillis from healing the fault until every node had a leader and accepted a
 *     write
 */
record ScenarioReport(
    String name,
    String fault,
    String standsFor,
    long seed,
    int operations,
    int operationsOk,
    int operationsUnknown,
    int acknowledgedWrites,
    int lostWrites,
    boolean converged,
    String verdict,
    long statesExplored,
    long healToServiceMillis,
    long durationMillis) {

  static final Path DIR = Path.of("target", "robustness");

  boolean passed() {
    return lostWrites == 0 && converged && verdict.equals("PASS");
  }

  /** One row of the scenario table. */
  String row() {
    return String.format(
        "| %-26s | %6d (%d ok, %d unknown) | %5d | %d | %-12s | %6d ms | %s |",
        name,
        operations,
        operationsOk,
        operationsUnknown,
        acknowledgedWrites,
        lostWrites,
        verdict,
        healToServiceMillis,
        converged ? "converged" : "DIVERGED");
  }

  void write() {
    try {
      Files.createDirectories(DIR);
      String text =
          String.join(
              "\n",
              "scenario: " + name,
              "fault: " + fault + " — " + standsFor,
              "seed: " + seed + " (rerun with -Dmokv.seed=" + seed + ")",
              "operations checked: "
                  + operations
                  + " ("
                  + operationsOk
                  + " ok, "
                  + operationsUnknown
                  + " unknown outcome)",
              "acknowledged unique writes: " + acknowledgedWrites + ", lost: " + lostWrites,
              "nodes converged to one state: " + converged,
              "verdict: " + verdict + " (" + statesExplored + " states explored)",
              "heal to full service: " + healToServiceMillis + " ms",
              "duration: " + durationMillis + " ms",
              "");
      Files.writeString(DIR.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
      Files.writeString(
          DIR.resolve("table.md"),
          row() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
