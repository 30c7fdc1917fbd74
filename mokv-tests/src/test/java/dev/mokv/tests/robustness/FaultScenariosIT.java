package dev.mokv.tests.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mokv.tests.fault.Fault;
import dev.mokv.tests.fault.FaultyCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default fault of the catalogue ({@link Fault#defaults()}) under traffic, on a fresh 3-node
 * cluster of real processes: the history must be linearizable, no acknowledged write may be lost,
 * and the nodes must converge. {@code -Dmokv.faults=PAUSE_LONG,WIPE_DISK} runs just those faults
 * (any of the catalogue).
 */
@Timeout(240)
class FaultScenariosIT {

  @TempDir Path root;

  static Stream<Fault> faults() {
    String only = System.getProperty("mokv.faults", "").trim();
    if (only.isEmpty()) {
      return Fault.defaults().stream();
    }
    return Arrays.stream(only.split(",")).map(String::trim).map(Fault::valueOf);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void scenario(Fault fault) throws Exception {
    long seed = Long.getLong("mokv.seed", System.nanoTime());
    System.out.println("[seed] " + fault + " -Dmokv.seed=" + seed);
    try (FaultyCluster cluster = FaultyCluster.start(3, root, seed)) {
      ScenarioReport report =
          new Scenario(fault.name(), seed, Scenario.Timing.standard()).run(cluster, List.of(fault));
      assertThat(report.lostWrites()).as("acknowledged writes lost").isZero();
      assertThat(report.converged()).as("nodes converged").isTrue();
      assertThat(report.verdict()).as("history verdict").isEqualTo("PASS");
    }
  }
}
